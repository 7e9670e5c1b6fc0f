//! What personal accounts need from the world, as narrow traits. Counting (strikes and sends) and
//! sending messages are the checkout's ports, reused, so a limit on a phone number holds across
//! step-ups and account codes alike.
#![allow(async_fn_in_trait)]

use tessera_core::account::identity::IdentityClaim;
use tessera_core::account::verification::Outcome;
use tessera_core::checkout::Limits;

use super::model::{AccountCode, AccountDevice, AccountPasskey, AccountSession, Activity, SavedCard, ShopperAccount};
use crate::checkout::model::CardSummary;
use tessera_core::vault::Sealed;
use crate::checkout::ports::{Counters, Messenger};
use crate::error::ApiResult;

/// The accounts.
pub trait ShopperAccounts {
    /// The account of a (lower-cased) address.
    async fn by_email(&self, email: &str) -> ApiResult<Option<ShopperAccount>>;
    /// The account `id`.
    async fn get(&self, id: &str) -> ApiResult<Option<ShopperAccount>>;
    /// The account whose identity check the verifier calls `reference`.
    async fn by_identity_reference(&self, reference: &str) -> ApiResult<Option<ShopperAccount>>;
    /// Adds `account` unless one with its address exists; either way, the account of that address.
    async fn insert(&self, account: &ShopperAccount) -> ApiResult<ShopperAccount>;
    /// Writes the account's profile (phone, address, identity, lock) as it is now.
    async fn save(&self, account: &ShopperAccount, at: u64) -> ApiResult<()>;
    /// Deletes the account and everything that is only the person's: sessions, codes, passkeys,
    /// devices, saved cards, activity, lock links.
    async fn delete(&self, account: &ShopperAccount) -> ApiResult<()>;
}

/// Codes sent for accounts.
pub trait AccountCodes {
    /// Records a code sent.
    async fn insert(&self, code: &AccountCode) -> ApiResult<()>;
    /// The code `id`.
    async fn get(&self, id: &str) -> ApiResult<Option<AccountCode>>;
    /// A new code on `id`, if it still has `sends` sends (a concurrent resend makes this false).
    async fn resend(&self, id: &str, sends: u32, code_hash: &str, at: u64, expires_at: u64) -> ApiResult<bool>;
    /// Counts a try on `id` before it is weighed; the tries before this one.
    async fn attempt(&self, id: &str) -> ApiResult<u32>;
    /// Marks `id` used; false if it already was.
    async fn consume(&self, id: &str, at: u64) -> ApiResult<bool>;
}

/// Account sign-ins.
pub trait AccountSessions {
    /// Records a sign-in.
    async fn insert(&self, session: &AccountSession) -> ApiResult<()>;
    /// The sign-in of a token's hash.
    async fn get(&self, token_hash: &str) -> ApiResult<Option<AccountSession>>;
    /// Its last request was at `at`.
    async fn touch(&self, token_hash: &str, at: u64) -> ApiResult<()>;
    /// The current phone number was proved in it.
    async fn current_phone_proved(&self, token_hash: &str) -> ApiResult<()>;
    /// It ended at `at`.
    async fn end(&self, token_hash: &str, at: u64) -> ApiResult<()>;
    /// Every live sign-in of the account ends at `at`.
    async fn end_all(&self, account_id: &str, at: u64) -> ApiResult<()>;
    /// Live sign-ins from `device` end at `at` (a revoked device).
    async fn end_device(&self, account_id: &str, device: &str, at: u64) -> ApiResult<()>;
}

/// The activity log.
pub trait ActivityLog {
    /// Adds a line.
    async fn record(&self, entry: &Activity) -> ApiResult<()>;
    /// The newest `limit` lines, newest first.
    async fn of(&self, account_id: &str, limit: u32) -> ApiResult<Vec<Activity>>;
}

/// "This wasn't me" links.
pub trait LockLinks {
    /// Records a link's token hash.
    async fn insert(&self, token_hash: &str, account_id: &str, expires_at: u64) -> ApiResult<()>;
    /// Uses a link: its account, if the link is known, unused and unexpired.
    async fn consume(&self, token_hash: &str, at: u64) -> ApiResult<Option<String>>;
}

/// Accounts' passkeys and their ceremonies.
pub trait ShopperPasskeys {
    /// Records a single-use challenge for `purpose`, for `account_id` when registering.
    async fn challenge(&self, challenge: &str, purpose: &str, account_id: Option<&str>, expires_at: u64) -> ApiResult<()>;
    /// Uses a challenge; false if it was not issued for this purpose and account, expired or used.
    async fn consume(&self, challenge: &str, purpose: &str, account_id: Option<&str>, now: u64) -> ApiResult<bool>;
    /// An account's passkey of a credential id (a guest's passkey is nobody's account).
    async fn get(&self, credential_id: &str) -> ApiResult<Option<AccountPasskey>>;
    /// An account's passkeys.
    async fn of(&self, account_id: &str) -> ApiResult<Vec<AccountPasskey>>;
    /// Adds a passkey; false if the credential is already registered.
    async fn insert(&self, passkey: &AccountPasskey) -> ApiResult<bool>;
    /// The counter moved from `from` to `to` at `at`; false if it changed meanwhile.
    async fn used(&self, credential_id: &str, from: u32, to: u32, at: u64) -> ApiResult<bool>;
    /// Deletes an account's passkey.
    async fn delete(&self, account_id: &str, credential_id: &str) -> ApiResult<bool>;
}

/// An account's devices, in the checkout's device registry.
pub trait AccountDevices {
    /// Every device of the shopper key.
    async fn list(&self, shopper_key: &str) -> ApiResult<Vec<AccountDevice>>;
    /// Records a browser seen at `at`; whether it was new.
    async fn seen(&self, shopper_key: &str, device: &str, country: &str, browser: &str, at: u64) -> ApiResult<bool>;
    /// Revokes a device; false if the shopper has no such device.
    async fn revoke(&self, shopper_key: &str, device: &str) -> ApiResult<bool>;
}

/// Cards saved to accounts, and the offers that save them.
pub trait AccountCards {
    /// Records the offer to save a vault card (its token's hash).
    async fn offer(&self, token_hash: &str, vault_token: &str, expires_at: u64) -> ApiResult<()>;
    /// Uses an offer: the vault card it saves, with its sealed number, if the offer is known,
    /// unused and unexpired.
    async fn take_offer(&self, token_hash: &str, at: u64) -> ApiResult<Option<(CardSummary, Sealed)>>;
    /// Saves a card; false if the account already has this card.
    async fn insert(&self, card: &SavedCard, pan: &Sealed) -> ApiResult<bool>;
    /// An account's cards, oldest first.
    async fn of(&self, account_id: &str) -> ApiResult<Vec<SavedCard>>;
    /// Removes an account's card and its sealed number.
    async fn delete(&self, account_id: &str, id: &str) -> ApiResult<bool>;
}

/// A personal account signed in inside a card frame.
pub trait FrameGrants {
    /// Records a single-use challenge for the frame's device on `session_id`, bound to `binding`.
    async fn challenge(&self, challenge: &str, session_id: &str, device: &str, binding: &str, expires_at: u64) -> ApiResult<()>;
    /// Uses such a challenge; false if it was not issued for this session, device and binding.
    async fn consume_challenge(&self, challenge: &str, session_id: &str, device: &str, binding: &str, now: u64) -> ApiResult<bool>;
    /// The device of `session_id` proved `account_id` for `binding`, until `expires_at`.
    async fn grant(&self, session_id: &str, device: &str, account_id: &str, binding: &str, expires_at: u64) -> ApiResult<()>;
    /// The account the device proved for this session and binding, if still valid.
    async fn granted(&self, session_id: &str, device: &str, binding: &str, now: u64) -> ApiResult<Option<String>>;
    /// A saved card of the account, with its sealed number.
    async fn card(&self, account_id: &str, card_id: &str) -> ApiResult<Option<(SavedCard, Sealed)>>;
}

/// An identity verifier.
pub trait IdentityVerifier {
    /// Asks about `claim`; the answer now (maybe pending) and the verifier's reference.
    async fn submit(&self, account: &ShopperAccount, claim: &IdentityClaim) -> ApiResult<(Outcome, Option<String>)>;
}

/// Keys and limits.
pub struct PersonalSettings {
    /// Key for code hashes.
    pub code_key: Vec<u8>,
    /// Key the CSRF tokens are derived with.
    pub csrf_key: Vec<u8>,
    /// The step-up's limits, which account codes share.
    pub limits: Limits,
    /// The relying party for passkeys: the edge's host.
    pub rp_id: String,
    /// The edge's origin (links in messages, WebAuthn's origin).
    pub origin: String,
    /// The language the request's browser asks for, which codes are sent in.
    pub language: &'static str,
}

/// Everything personal accounts reach, in one bundle.
pub trait PersonalPorts {
    /// Accounts.
    fn shopper_accounts(&self) -> &impl ShopperAccounts;
    /// Codes.
    fn account_codes(&self) -> &impl AccountCodes;
    /// Sign-ins.
    fn account_sessions(&self) -> &impl AccountSessions;
    /// Activity.
    fn activity(&self) -> &impl ActivityLog;
    /// Lock links.
    fn lock_links(&self) -> &impl LockLinks;
    /// Passkeys.
    fn shopper_passkeys(&self) -> &impl ShopperPasskeys;
    /// Devices.
    fn account_devices(&self) -> &impl AccountDevices;
    /// The identity verifier.
    fn identity_verifier(&self) -> &impl IdentityVerifier;
    /// Saved cards.
    fn account_cards(&self) -> &impl AccountCards;
    /// Accounts signed in inside card frames.
    fn frame_grants(&self) -> &impl FrameGrants;
    /// Strikes and send limits.
    fn counters(&self) -> &impl Counters;
    /// Email and SMS.
    fn messenger(&self) -> &impl Messenger;
    /// Seconds since the epoch.
    fn now(&self) -> u64;
    /// Keys and limits.
    fn personal_settings(&self) -> &PersonalSettings;
}
