//! Object ids and tokens: a prefix that says what the id names, then random base32.
//!
//! Ids are random so they reveal nothing (a token says nothing about its PAN, a payment id says
//! nothing about volume) and cannot be guessed. 120 random bits for ids, 256 for secrets.

use crate::prelude::*;
use core::fmt;

use crate::crypto::Crypto;
use crate::{Error, Result};

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// What an id names, and so its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A vaulted card: `tok_`.
    Token,
    /// A checkout session: `cs_`.
    CheckoutSession,
    /// A payment: `pay_`.
    Payment,
    /// A merchant: `mer_`.
    Merchant,
    /// A webhook delivery: `evt_`.
    Event,
    /// A step-up authentication: `su_`.
    StepUp,
    /// A risk decision: `rd_`.
    RiskDecision,
    /// A message sent to a shopper: `msg_`.
    Message,
    /// A merchant's publishable key for test mode: `pk_test_`.
    PublishableTestKey,
    /// A merchant's publishable key for live mode: `pk_live_`.
    PublishableLiveKey,
    /// A merchant's secret API key for test mode: `sk_test_` (secret).
    SecretTestKey,
    /// A merchant's secret API key for live mode: `sk_live_` (secret).
    SecretLiveKey,
    /// A webhook signing secret: `whsec_` (secret).
    WebhookSecret,
    /// A refund: `re_`.
    Refund,
    /// A dispute: `dp_`.
    Dispute,
    /// A webhook endpoint: `we_`.
    WebhookEndpoint,
    /// One delivery of an event to an endpoint: `whd_`.
    Delivery,
    /// A merchant's processor configuration: `proc_`.
    Processor,
    /// A person who signs in to the dashboard: `usr_`.
    User,
    /// A person's place in a business: `mbr_`.
    Member,
    /// An email sign-in code sent: `ec_`.
    EmailCode,
    /// An invoice: `in_`.
    Invoice,
    /// A dashboard session's cookie token: `dss_` (secret).
    DashboardSession,
    /// An invitation's token: `inv_` (secret).
    Invite,
    /// A verification asked of a verifier: `kyb_`.
    Verification,
    /// A shopper's personal account: `sa_`.
    ShopperAccount,
    /// A personal account session's cookie token: `sas_` (secret).
    AccountSession,
    /// A code sent to a personal account's email or phone: `sac_`.
    AccountCode,
    /// An entry of a personal account's activity log: `act_`.
    Activity,
    /// The "this wasn't me" link of a notice: `lck_` (secret).
    LockToken,
    /// An identity check asked of a verifier: `idv_`.
    IdentityCheck,
    /// A card saved to a personal account: `sc_`.
    SavedCard,
    /// The card frame's offer to save a guest payment's card: `cso_` (secret).
    CardOffer,
    /// A fingerprinting choice: `con_`.
    Consent,
    /// An unauthorised-payment claim: `clm_`.
    Claim,
    /// A deletion request: `del_`.
    DeletionRequest,
    /// A run of the retention job: `ret_`.
    RetentionRun,
    /// A Content Security Policy violation reported from the card frame: `cspr_`.
    CspReport,
}

impl Kind {
    /// The prefix, including its trailing underscore.
    pub const fn prefix(self) -> &'static str {
        match self {
            Kind::Token => "tok_",
            Kind::CheckoutSession => "cs_",
            Kind::Payment => "pay_",
            Kind::Merchant => "mer_",
            Kind::Event => "evt_",
            Kind::StepUp => "su_",
            Kind::RiskDecision => "rd_",
            Kind::Message => "msg_",
            Kind::PublishableTestKey => "pk_test_",
            Kind::PublishableLiveKey => "pk_live_",
            Kind::SecretTestKey => "sk_test_",
            Kind::SecretLiveKey => "sk_live_",
            Kind::WebhookSecret => "whsec_",
            Kind::Refund => "re_",
            Kind::Dispute => "dp_",
            Kind::WebhookEndpoint => "we_",
            Kind::Delivery => "whd_",
            Kind::Processor => "proc_",
            Kind::User => "usr_",
            Kind::Member => "mbr_",
            Kind::EmailCode => "ec_",
            Kind::Invoice => "in_",
            Kind::DashboardSession => "dss_",
            Kind::Invite => "inv_",
            Kind::Verification => "kyb_",
            Kind::ShopperAccount => "sa_",
            Kind::AccountSession => "sas_",
            Kind::AccountCode => "sac_",
            Kind::Activity => "act_",
            Kind::LockToken => "lck_",
            Kind::IdentityCheck => "idv_",
            Kind::SavedCard => "sc_",
            Kind::CardOffer => "cso_",
            Kind::Consent => "con_",
            Kind::Claim => "clm_",
            Kind::DeletionRequest => "del_",
            Kind::RetentionRun => "ret_",
            Kind::CspReport => "cspr_",
        }
    }

    /// Random bytes behind the prefix: secrets get 256 bits, ids 120.
    const fn random_len(self) -> usize {
        match self {
            Kind::SecretTestKey | Kind::SecretLiveKey | Kind::WebhookSecret | Kind::DashboardSession | Kind::Invite | Kind::AccountSession | Kind::LockToken | Kind::CardOffer => 35,
            _ => 15,
        }
    }

    /// Length of the base32 part.
    const fn body_len(self) -> usize {
        self.random_len() * 8 / 5
    }
}

/// An id of a known kind.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Id {
    kind: Kind,
    text: String,
}

impl Id {
    /// A fresh random id.
    pub fn generate<C: Crypto>(crypto: &C, kind: Kind) -> Result<Self> {
        let mut text = String::from(kind.prefix());
        push_random(crypto, kind.random_len(), &mut text)?;
        Ok(Self { kind, text })
    }

    /// An id taken from a keyed digest rather than drawn at random: the same request retried
    /// (after a crash, under the same idempotency key) must name the object it made the first
    /// time, so the retry finds it instead of making a second. `digest` must hold at least as
    /// many bytes as the kind's random part; only the id's owner can compute it, as the key
    /// behind the digest is the edge's.
    pub fn derive(kind: Kind, digest: &[u8]) -> Result<Self> {
        let bytes = digest.get(..kind.random_len()).ok_or(Error::InvalidId)?;
        let mut text = String::from(kind.prefix());
        push_base32(bytes, &mut text);
        Ok(Self { kind, text })
    }

    /// Checks `text` is an id of `kind`.
    pub fn parse(kind: Kind, text: &str) -> Result<Self> {
        let body = text.strip_prefix(kind.prefix()).ok_or(Error::InvalidId)?;
        if body.len() != kind.body_len() || !body.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(Error::InvalidId);
        }
        Ok(Self { kind, text: text.into() })
    }

    /// What the id names.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The full text, prefix included.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Appends `len` random bytes (a multiple of 5) as base32: 5 bytes → 8 symbols, no padding.
fn push_random<C: Crypto>(crypto: &C, len: usize, text: &mut String) -> Result<()> {
    let mut bytes = vec![0u8; len];
    crypto.fill_random(&mut bytes)?;
    push_base32(&bytes, text);
    Ok(())
}

/// Base32 of `bytes` (whole groups of five), appended to `text`.
fn push_base32(bytes: &[u8], text: &mut String) {
    for chunk in bytes.chunks(5) {
        let v = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        for i in (0..8).rev() {
            text.push(ALPHABET[((v >> (i * 5)) & 31) as usize] as char);
        }
    }
}

/// A checkout session's client secret: `<session id>_secret_<256 random bits>`.
///
/// The browser gets only this value, so it names the session it unlocks: the card frame learns
/// which session to load from it, and nothing else has to travel in a URL.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret {
    text: String,
}

const SECRET_SEPARATOR: &str = "_secret_";

impl ClientSecret {
    /// A fresh secret for `session`.
    pub fn generate<C: Crypto>(crypto: &C, session: &Id) -> Result<Self> {
        if session.kind() != Kind::CheckoutSession {
            return Err(Error::InvalidId);
        }
        let mut text = format!("{session}{SECRET_SEPARATOR}");
        push_random(crypto, 35, &mut text)?;
        Ok(Self { text })
    }

    /// Checks the shape of a client secret.
    pub fn parse(text: &str) -> Result<Self> {
        let (session, secret) = text.split_once(SECRET_SEPARATOR).ok_or(Error::InvalidId)?;
        Id::parse(Kind::CheckoutSession, session)?;
        if secret.len() != 56 || !secret.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(Error::InvalidId);
        }
        Ok(Self { text: text.into() })
    }

    /// The session this secret unlocks.
    pub fn session_id(&self) -> &str {
        self.text.split_once(SECRET_SEPARATOR).map_or("", |(s, _)| s)
    }

    /// The full secret.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientSecret({}_secret_***)", self.session_id())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::SecretTestKey | Kind::SecretLiveKey | Kind::WebhookSecret => write!(f, "Id({}***)", self.kind.prefix()),
            _ => write!(f, "Id({})", self.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;

    #[test]
    fn a_derived_id_is_a_valid_id_and_the_same_for_the_same_digest() {
        let digest = crate::kdf::hmac_sha256(b"key", b"merchant\nkey-1");
        let a = Id::derive(Kind::Refund, &digest).unwrap();
        assert_eq!(Id::parse(Kind::Refund, a.as_str()).unwrap(), a);
        assert_eq!(Id::derive(Kind::Refund, &digest).unwrap(), a);
        assert_ne!(Id::derive(Kind::Refund, &crate::kdf::hmac_sha256(b"key", b"merchant\nkey-2")).unwrap(), a);
        assert_eq!(Id::derive(Kind::Refund, &digest[..10]), Err(Error::InvalidId), "too few bytes");
    }

    #[test]
    fn ids_round_trip_and_differ() {
        let a = Id::generate(&RustCrypto, Kind::Token).unwrap();
        let b = Id::generate(&RustCrypto, Kind::Token).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 4 + 24);
        assert_eq!(Id::parse(Kind::Token, a.as_str()).unwrap(), a);
        assert_eq!(Id::parse(Kind::Payment, a.as_str()), Err(Error::InvalidId));
        assert_eq!(Id::parse(Kind::Token, "tok_ABCDEFGHIJKLMNOPQRSTUVWX"), Err(Error::InvalidId));
        assert_eq!(Id::parse(Kind::Token, "tok_abc"), Err(Error::InvalidId));
    }

    #[test]
    fn client_secrets_name_their_session() {
        let session = Id::generate(&RustCrypto, Kind::CheckoutSession).unwrap();
        let secret = ClientSecret::generate(&RustCrypto, &session).unwrap();
        assert_eq!(secret.session_id(), session.as_str());
        assert_eq!(ClientSecret::parse(secret.as_str()).unwrap(), secret);
        assert!(!format!("{secret:?}").contains(&secret.as_str()[session.as_str().len() + 8..]));
        assert_eq!(ClientSecret::parse("cs_abc_secret_x").err(), Some(Error::InvalidId));
        let token = Id::generate(&RustCrypto, Kind::Token).unwrap();
        assert_eq!(ClientSecret::generate(&RustCrypto, &token).err(), Some(Error::InvalidId));
    }

    #[test]
    fn secrets_are_long_and_never_debug_printed() {
        let s = Id::generate(&RustCrypto, Kind::SecretLiveKey).unwrap();
        assert_eq!(s.as_str().len(), 8 + 56);
        assert_eq!(format!("{s:?}"), "Id(sk_live_***)");
    }
}
