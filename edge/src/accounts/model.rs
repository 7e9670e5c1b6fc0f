//! Rows of business accounts as the use cases see them, built from store rows at the store's
//! boundary.

use serde_json::{json, Value};
use tessera_core::account::business::BusinessDetails;
use tessera_core::account::role::Role;
use tessera_core::account::verification::VerificationStatus;

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// `usr_…`
    pub id: String,
    /// Lower-cased; the sign-in address.
    pub email: String,
    /// When they first signed in.
    pub created_at: u64,
}

/// A sign-in code sent to an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailCode {
    /// `ec_…`
    pub id: String,
    /// Where it went.
    pub email: String,
    /// HMAC of the code, bound to the id and the address.
    pub code_hash: String,
    /// Codes sent for this id: the first and the resends.
    pub sends: u32,
    /// When the last one went.
    pub last_sent_at: u64,
    /// When the last one stops working.
    pub expires_at: u64,
    /// When it was used to sign in.
    pub consumed_at: Option<u64>,
}

/// How a session was signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A code sent by email.
    EmailCode,
    /// A passkey.
    Passkey,
}

impl AuthMethod {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuthMethod::EmailCode => "email_code",
            AuthMethod::Passkey => "passkey",
        }
    }

    /// The method of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::EmailCode, Self::Passkey].into_iter().find(|m| m.as_str() == name)
    }
}

/// A dashboard sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardSession {
    /// SHA-256 of the cookie's token: the token itself is never stored.
    pub token_hash: String,
    /// Who.
    pub user_id: String,
    /// The business being worked on.
    pub merchant_id: Option<String>,
    /// How they signed in.
    pub auth_method: AuthMethod,
    /// When.
    pub created_at: u64,
    /// Their last request (written at most once a minute).
    pub last_seen_at: u64,
    /// When they signed out, or were removed.
    pub ended_at: Option<u64>,
}

/// A member's standing in a business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberStatus {
    /// Invited, not yet joined.
    Invited,
    /// Joined.
    Active,
    /// Removed.
    Removed,
}

impl MemberStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Invited => "invited",
            MemberStatus::Active => "active",
            MemberStatus::Removed => "removed",
        }
    }

    /// The status of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Invited, Self::Active, Self::Removed].into_iter().find(|s| s.as_str() == name)
    }
}

/// A person's place in a business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// `mbr_…`
    pub id: String,
    /// The business.
    pub merchant_id: String,
    /// The address invited (and signed in with).
    pub email: String,
    /// The user, once joined.
    pub user_id: Option<String>,
    /// What they may do.
    pub role: Role,
    /// Invited, active or removed.
    pub status: MemberStatus,
    /// When invited or made.
    pub created_at: u64,
}

impl Member {
    /// The API's view.
    pub fn to_json(&self) -> Value {
        json!({ "id": self.id, "object": "member", "email": self.email, "role": self.role, "status": self.status.as_str(), "created_at": self.created_at })
    }
}

/// How the business looks to shoppers.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Branding {
    /// The card frame's and the invoice page's primary colour, `#rrggbb`.
    #[serde(default)]
    pub color_primary: Option<String>,
    /// The invoice page's background colour.
    #[serde(default)]
    pub color_background: Option<String>,
    /// A PNG or JPEG data URL.
    #[serde(default)]
    pub logo: Option<String>,
}

/// One change of a verification, for its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationChange {
    /// Before.
    pub from: VerificationStatus,
    /// After.
    pub to: VerificationStatus,
    /// Why, in a verifier's or a person's words.
    pub reason: Option<String>,
    /// `verifier`, `operator`, or the user who caused it.
    pub actor: String,
    /// When.
    pub at: u64,
}

/// A business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `mer_…`: a business is a merchant.
    pub merchant_id: String,
    /// Shown to shoppers (the card frame, invoices, codes' messages).
    pub display_name: String,
    /// What it told us; none for a merchant the operator made.
    pub business: Option<BusinessDetails>,
    /// Its registration number, once submitted.
    pub company_number: Option<String>,
    /// IANA time zone its reports are dated in.
    pub timezone: String,
    /// `en` or `de`.
    pub locale: String,
    /// Where its verification stands.
    pub verification: VerificationStatus,
    /// The verifier's last word.
    pub verification_reason: Option<String>,
    /// The verifier's id for the verification in progress.
    pub verification_reference: Option<String>,
    /// Colours and logo.
    pub branding: Branding,
    /// Origins allowed to embed the card frame.
    pub allowed_origins: Vec<String>,
    /// Test publishable key.
    pub publishable_key: String,
    /// Live publishable key.
    pub live_publishable_key: Option<String>,
    /// Bumped by every write.
    pub version: u64,
}

impl Account {
    /// The API's view, with the verification's history.
    pub fn to_json(&self, history: &[VerificationChange]) -> Value {
        let history: Vec<Value> = history
            .iter()
            .map(|h| json!({ "at": h.at, "from": h.from.as_str(), "to": h.to.as_str(), "reason": h.reason, "by": h.actor }))
            .collect();
        json!({
            "id": self.merchant_id,
            "object": "account",
            "business": self.business.as_ref().map(|b| {
                let mut v = serde_json::to_value(b).unwrap_or(Value::Null);
                v["company_number"] = json!(self.company_number);
                v
            }),
            "timezone": self.timezone,
            "locale": self.locale,
            "verification": { "status": self.verification.as_str(), "reason": self.verification_reason, "history": history },
            "live_mode_enabled": self.verification.live_mode_enabled(),
            "branding": {
                "display_name": self.display_name,
                "color_primary": self.branding.color_primary,
                "color_background": self.branding.color_background,
                "logo": self.branding.logo,
            },
            "allowed_origins": self.allowed_origins,
            "publishable_keys": { "test": self.publishable_key, "live": self.live_publishable_key },
        })
    }
}

/// A user's passkey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPasskey {
    /// The credential id, base64url.
    pub credential_id: String,
    /// Whose.
    pub user_id: String,
    /// The public key as a JWK.
    pub public_jwk: String,
    /// The authenticator's counter.
    pub sign_count: u32,
    /// What the user calls it.
    pub name: String,
    /// When added.
    pub created_at: u64,
    /// When last used to sign in.
    pub last_used_at: Option<u64>,
}

impl UserPasskey {
    /// The API's view (never the key).
    pub fn to_json(&self) -> Value {
        json!({ "id": self.credential_id, "object": "passkey", "name": self.name, "created_at": self.created_at, "last_used_at": self.last_used_at })
    }
}
