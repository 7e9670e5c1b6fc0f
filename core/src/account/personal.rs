//! Personal accounts: the levels a shopper reaches by verifying, what each level unlocks, and how
//! long a sign-in lasts.
//!
//! Levels are reached in order (email, phone, address, identity) because each proves more about
//! the same person: an identity check of someone whose phone is unproved tells us little. What a
//! level unlocks is decided here, once, so the edge and the account pages cannot disagree.
//! Account sessions are shorter than the dashboard's: five minutes idle, as PSD2 RTS Art. 4(3)(d)
//! requires of a payer's session, and twelve hours at most.

use crate::prelude::*;
use serde::Serialize;

use super::verification::VerificationStatus;
use crate::money::Currency;

/// Longest a personal sign-in lasts, in seconds.
pub const MAX_AGE_SECONDS: u64 = 12 * 3600;
/// Longest it may go without a request.
pub const IDLE_SECONDS: u64 = 5 * 60;
/// The cookie's name.
pub const COOKIE: &str = "__Host-tessera_account";
/// How recent a passkey sign-in must be to change an authenticator (the phone) without the old one.
pub const RECENT_AUTH_SECONDS: u64 = 5 * 60;
/// Cards one account may keep.
pub const MAX_SAVED_CARDS: usize = 10;

/// A verification level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The address was proved with a code.
    Email,
    /// The phone number was proved with a code.
    Phone,
    /// A home address that fits its country's format.
    Address,
    /// An identity document checked by the verifier.
    Identity,
}

impl Level {
    /// Every level, in the order they are reached.
    pub const ALL: [Level; 4] = [Level::Email, Level::Phone, Level::Address, Level::Identity];

    /// The name in the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Email => "email",
            Level::Phone => "phone",
            Level::Address => "address",
            Level::Identity => "identity",
        }
    }
}

/// What an account has proved so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proofs {
    /// Email proved.
    pub email: bool,
    /// Phone proved.
    pub phone: bool,
    /// Address given and valid.
    pub address: bool,
    /// Where the identity check stands.
    pub identity: VerificationStatus,
}

impl Proofs {
    /// Whether `level` is reached: a level counts only when every one before it is reached too.
    pub fn reached(&self, level: Level) -> bool {
        Level::ALL.iter().take_while(|l| **l <= level).all(|l| match l {
            Level::Email => self.email,
            Level::Phone => self.phone,
            Level::Address => self.address,
            Level::Identity => self.identity == VerificationStatus::Verified,
        })
    }

    /// The levels reached.
    pub fn levels(&self) -> Vec<Level> {
        Level::ALL.into_iter().filter(|l| self.reached(*l)).collect()
    }

    /// The next level to work on, if any.
    pub fn next(&self) -> Option<Level> {
        Level::ALL.into_iter().find(|l| !self.reached(*l))
    }

    /// Whether `level` may be worked on now: it is the next one, or it is already reached and
    /// may be redone (a new address, a new phone number).
    pub fn may_start(&self, level: Level) -> bool {
        level == Level::Email || self.reached(Level::ALL[level as usize - 1])
    }

    /// Whether the account may do `what`.
    pub fn may(&self, what: Capability) -> bool {
        self.reached(what.needs())
    }
}

/// What a level unlocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Keep cards in the account and pay with them at any merchant, up to the standard limit.
    SaveCards,
    /// Have goods sent to the account's address without typing it.
    ShareAddress,
    /// Pay with saved cards above the standard limit, up to the higher one.
    HigherLimits,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 3] = [Capability::SaveCards, Capability::ShareAddress, Capability::HigherLimits];

    /// The level it needs. Saving cards needs a second channel (the phone) so that a stolen mailbox
    /// alone cannot take them over; higher limits need a checked identity.
    pub const fn needs(self) -> Level {
        match self {
            Capability::SaveCards => Level::Phone,
            Capability::ShareAddress => Level::Address,
            Capability::HigherLimits => Level::Identity,
        }
    }

    /// The name in the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            Capability::SaveCards => "save_cards",
            Capability::ShareAddress => "share_address",
            Capability::HigherLimits => "higher_limits",
        }
    }
}

/// The standard limit of one saved-card payment, in major units of its currency.
pub const STANDARD_LIMIT_MAJOR: u64 = 1_000;
/// The limit with a checked identity.
pub const HIGHER_LIMIT_MAJOR: u64 = 10_000;

/// The most one saved-card payment may be, in minor units of `currency`, for an account with
/// `proofs`; `None` if it may not pay with saved cards at all.
pub fn saved_card_limit(proofs: &Proofs, currency: Currency) -> Option<u64> {
    if !proofs.may(Capability::SaveCards) {
        return None;
    }
    let major = if proofs.may(Capability::HigherLimits) { HIGHER_LIMIT_MAJOR } else { STANDARD_LIMIT_MAJOR };
    Some(major * 10u64.pow(u32::from(currency.exponent())))
}

/// How an account session was signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// A passkey: the normal way in.
    Passkey,
    /// A code to the account's email: sign-up, or the fallback.
    EmailCode,
    /// A code to the account's phone: the fallback.
    SmsCode,
}

impl SignInMethod {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            SignInMethod::Passkey => "passkey",
            SignInMethod::EmailCode => "email_code",
            SignInMethod::SmsCode => "sms_code",
        }
    }

    /// The method of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Passkey, Self::EmailCode, Self::SmsCode].into_iter().find(|m| m.as_str() == name)
    }
}

/// Who may change the account's phone number, an authenticator: a passkey sign-in of the last
/// few minutes, or a code to the old number proved in this session. A code to the email alone
/// is not enough: whoever holds the mailbox would then hold both channels.
pub fn may_change_phone(has_phone: bool, method: SignInMethod, signed_in_at: u64, old_number_proved: bool, now: u64) -> bool {
    !has_phone || old_number_proved || (method == SignInMethod::Passkey && now < signed_in_at.saturating_add(RECENT_AUTH_SECONDS))
}

/// What an account's activity log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityType {
    /// The account was made.
    Created,
    /// A sign-in.
    SignedIn,
    /// A sign-in that failed (wrong code, refused passkey).
    SignInFailed,
    /// A device first seen.
    NewDevice,
    /// A device revoked.
    DeviceRevoked,
    /// A payment with a saved card.
    Payment,
    /// A level reached or redone.
    Verified,
    /// The phone number changed.
    PhoneChanged,
    /// The address changed.
    AddressChanged,
    /// A passkey added.
    PasskeyAdded,
    /// A passkey removed.
    PasskeyRemoved,
    /// A card saved.
    CardSaved,
    /// A card removed.
    CardRemoved,
    /// Every session ended.
    SignedOutEverywhere,
    /// Locked by the shopper's "this wasn't me".
    Locked,
    /// Unlocked after proving it again.
    Unlocked,
    /// The data was downloaded.
    Exported,
}

impl ActivityType {
    /// Every type.
    pub const ALL: [ActivityType; 17] = [
        Self::Created, Self::SignedIn, Self::SignInFailed, Self::NewDevice, Self::DeviceRevoked, Self::Payment, Self::Verified,
        Self::PhoneChanged, Self::AddressChanged, Self::PasskeyAdded, Self::PasskeyRemoved, Self::CardSaved, Self::CardRemoved,
        Self::SignedOutEverywhere, Self::Locked, Self::Unlocked, Self::Exported,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::SignedIn => "signed_in",
            Self::SignInFailed => "sign_in_failed",
            Self::NewDevice => "new_device",
            Self::DeviceRevoked => "device_revoked",
            Self::Payment => "payment",
            Self::Verified => "verified",
            Self::PhoneChanged => "phone_changed",
            Self::AddressChanged => "address_changed",
            Self::PasskeyAdded => "passkey_added",
            Self::PasskeyRemoved => "passkey_removed",
            Self::CardSaved => "card_saved",
            Self::CardRemoved => "card_removed",
            Self::SignedOutEverywhere => "signed_out_everywhere",
            Self::Locked => "locked",
            Self::Unlocked => "unlocked",
            Self::Exported => "exported",
        }
    }

    /// The type of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The browser family of a User-Agent, for the devices list: enough for a shopper to recognise a
/// device, not a fingerprint.
pub fn browser_family(user_agent: &str) -> &'static str {
    // Order matters: Edge and Opera say Chrome too, Chrome says Safari.
    const FAMILIES: [(&str, &str); 6] = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chrome"), ("Safari/", "Safari")];
    FAMILIES.iter().find(|(needle, _)| user_agent.contains(needle)).map_or("Other", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        "EUR".parse().unwrap()
    }

    const NONE: Proofs = Proofs { email: false, phone: false, address: false, identity: VerificationStatus::Unverified };

    #[test]
    fn levels_count_only_in_order() {
        let email = Proofs { email: true, ..NONE };
        assert_eq!(email.levels(), vec![Level::Email]);
        assert_eq!(email.next(), Some(Level::Phone));
        // An address without a proved phone is not the address level.
        let skipped = Proofs { email: true, address: true, ..NONE };
        assert!(!skipped.reached(Level::Address));
        assert!(!skipped.may_start(Level::Address));
        assert!(email.may_start(Level::Phone));
        let all = Proofs { email: true, phone: true, address: true, identity: VerificationStatus::Verified };
        assert_eq!(all.levels(), Level::ALL.to_vec());
        assert_eq!(all.next(), None);
        assert!(all.may_start(Level::Phone), "a reached level may be redone");
        let in_review = Proofs { identity: VerificationStatus::InReview, ..all };
        assert!(!in_review.reached(Level::Identity));
    }

    #[test]
    fn what_each_level_unlocks() {
        let email = Proofs { email: true, ..NONE };
        assert!(!email.may(Capability::SaveCards), "an email alone does not keep cards");
        let phone = Proofs { phone: true, ..email };
        assert!(phone.may(Capability::SaveCards));
        assert!(!phone.may(Capability::HigherLimits));
        assert_eq!(saved_card_limit(&email, eur()), None);
        assert_eq!(saved_card_limit(&phone, eur()), Some(100_000));
        assert_eq!(saved_card_limit(&phone, "JPY".parse().unwrap()), Some(1_000), "in the currency's own minor units");
        let identity = Proofs { address: true, identity: VerificationStatus::Verified, ..phone };
        assert_eq!(saved_card_limit(&identity, eur()), Some(1_000_000));
    }

    #[test]
    fn a_phone_change_needs_the_passkey_or_the_old_number() {
        let t = 1_000_000;
        assert!(may_change_phone(false, SignInMethod::EmailCode, t, false, t + 10), "the first number needs nothing more");
        assert!(!may_change_phone(true, SignInMethod::EmailCode, t, false, t + 10), "the mailbox alone is not enough");
        assert!(may_change_phone(true, SignInMethod::EmailCode, t, true, t + 10));
        assert!(may_change_phone(true, SignInMethod::Passkey, t, false, t + 60));
        assert!(!may_change_phone(true, SignInMethod::Passkey, t, false, t + RECENT_AUTH_SECONDS), "a passkey sign-in long ago is not recent");
    }

    #[test]
    fn browser_families() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(browser_family(chrome), "Chrome");
        assert_eq!(browser_family("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15"), "Safari");
        assert_eq!(browser_family("Mozilla/5.0 ... Chrome/131.0 Safari/537.36 Edg/131.0"), "Edge");
        assert_eq!(browser_family("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"), "Firefox");
        assert_eq!(browser_family("curl/8"), "Other");
        assert_eq!(ActivityType::parse("new_device"), Some(ActivityType::NewDevice));
    }
}
