//! Personal accounts as the use cases see them, built from store rows at the store's boundary.

use serde_json::{json, Value};
use tessera_core::account::personal::{ActivityType, Proofs, SignInMethod};
use tessera_core::account::verification::VerificationStatus;
use tessera_core::api::Channel;

/// A shopper's account.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopperAccount {
    /// `sa_…`
    pub id: String,
    /// Lower-cased and proved.
    pub email: String,
    /// E.164, proved.
    pub phone: Option<String>,
    /// The home address as validated for its country.
    pub address: Option<Value>,
    /// Where the identity check stands.
    pub identity: VerificationStatus,
    /// The verifier's reference for a later answer.
    pub identity_reference: Option<String>,
    /// What Tessera keeps of the document: type, country, last four, names.
    pub identity_summary: Option<Value>,
    /// Locked by its owner's "this wasn't me".
    pub locked_at: Option<u64>,
    /// When it was made.
    pub created_at: u64,
}

impl ShopperAccount {
    /// What it has proved.
    pub fn proofs(&self) -> Proofs {
        Proofs { email: true, phone: self.phone.is_some(), address: self.address.is_some(), identity: self.identity }
    }

    /// The key its devices, passkeys and wrong codes are kept under: one person at every merchant.
    pub fn shopper_key(&self) -> String {
        shopper_key(&self.id)
    }
}

/// The shopper key of account `id`.
pub fn shopper_key(id: &str) -> String {
    format!("acct:{id}")
}

/// What a code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    /// Signing in or up with the email address.
    SignIn,
    /// Proving a new phone number.
    Phone,
    /// Proving the current number before changing it.
    CurrentPhone,
    /// Unlocking: the email half.
    UnlockEmail,
    /// Unlocking: the phone half.
    UnlockPhone,
}

impl CodePurpose {
    /// Every purpose.
    pub const ALL: [CodePurpose; 5] = [Self::SignIn, Self::Phone, Self::CurrentPhone, Self::UnlockEmail, Self::UnlockPhone];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::Phone => "phone",
            Self::CurrentPhone => "current_phone",
            Self::UnlockEmail => "unlock_email",
            Self::UnlockPhone => "unlock_phone",
        }
    }

    /// The purpose of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// A code sent to an account's (or a would-be account's) address or number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCode {
    /// `sac_…`
    pub id: String,
    /// What it proves.
    pub purpose: CodePurpose,
    /// The account it is for; none while signing up.
    pub account_id: Option<String>,
    /// Email or SMS.
    pub channel: Channel,
    /// The address or number it went to.
    pub destination: String,
    /// HMAC of the code, bound to the id and destination.
    pub code_hash: String,
    /// Codes sent for this id.
    pub sends: u32,
    /// Wrong codes tried on this id.
    pub attempts: u32,
    /// When the last one went.
    pub last_sent_at: u64,
    /// When the last one stops working.
    pub expires_at: u64,
    /// When it was used.
    pub consumed_at: Option<u64>,
}

/// A sign-in to a personal account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSession {
    /// SHA-256 of the cookie's token.
    pub token_hash: String,
    /// Whose.
    pub account_id: String,
    /// How it began.
    pub method: SignInMethod,
    /// The browser it began in.
    pub device: String,
    /// Whether the current phone number was proved in it (to change the number).
    pub current_phone_proved: bool,
    /// When it began.
    pub created_at: u64,
    /// Its last request.
    pub last_seen_at: u64,
    /// When it was ended.
    pub ended_at: Option<u64>,
}

/// One line of an account's activity log.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// `act_…`
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// What happened.
    pub kind: ActivityType,
    /// Its particulars (never a secret, never a card number).
    pub detail: Value,
    /// When.
    pub at: u64,
}

impl Activity {
    /// The API's view.
    pub fn to_json(&self) -> Value {
        json!({ "id": self.id, "object": "activity", "type": self.kind, "detail": self.detail, "at": self.at })
    }
}

/// A passkey of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountPasskey {
    /// The credential id, base64url.
    pub credential_id: String,
    /// Whose.
    pub account_id: String,
    /// Its public key, a JWK.
    pub public_jwk: String,
    /// The authenticator's counter.
    pub sign_count: u32,
    /// What the shopper called it.
    pub name: String,
    /// When it was added.
    pub created_at: u64,
    /// When it last signed in or paid.
    pub last_used_at: Option<u64>,
}

impl AccountPasskey {
    /// The API's view: never the key itself.
    pub fn to_json(&self) -> Value {
        json!({ "id": self.credential_id, "object": "passkey", "name": self.name, "created_at": self.created_at, "last_used_at": self.last_used_at })
    }
}

/// A device of an account: a browser it signed in from, or a card frame's device key.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountDevice {
    /// `web_…` for a browser, else the device key's thumbprint.
    pub id: String,
    /// Whether it is revoked.
    pub revoked: bool,
    /// First seen.
    pub first_seen: u64,
    /// Last seen.
    pub last_seen: u64,
    /// Countries it was seen in.
    pub countries: Vec<String>,
    /// Browser family.
    pub browser: Option<String>,
}

impl AccountDevice {
    /// The API's view.
    pub fn to_json(&self, current: bool) -> Value {
        json!({
            "id": self.id,
            "object": "device",
            "kind": if self.id.starts_with("web_") { "browser" } else { "card_frame" },
            "status": if self.revoked { "revoked" } else { "active" },
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "countries": self.countries,
            "browser": self.browser,
            "current": current,
        })
    }
}

/// A card saved to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCard {
    /// `sc_…`
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// Keyed fingerprint of the number: one card is saved once.
    pub fingerprint: String,
    /// The network.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// Expiry month.
    pub exp_month: u8,
    /// Expiry year.
    pub exp_year: u16,
    /// When it was saved.
    pub created_at: u64,
}

impl SavedCard {
    /// The API's view: never the number.
    pub fn to_json(&self) -> Value {
        json!({ "id": self.id, "object": "saved_card", "brand": self.brand, "last4": self.last4, "exp_month": self.exp_month, "exp_year": self.exp_year, "created_at": self.created_at })
    }
}
