//! What business accounts need from the world, as narrow traits. Counting (strikes and sends),
//! sending mail and recording events are the checkout's ports, reused.
#![allow(async_fn_in_trait)]

use tessera_core::account::role::Role;
use tessera_core::account::verification::Outcome;

use super::model::{Account, DashboardSession, EmailCode, Member, User, UserPasskey, VerificationChange};
use crate::checkout::ports::{Counters, Messenger, NewEvent, Notifier};
use crate::error::ApiResult;

/// People who sign in.
pub trait Users {
    /// The user signing in with `email` (lower-cased).
    async fn by_email(&self, email: &str) -> ApiResult<Option<User>>;
    /// The user `id`.
    async fn get(&self, id: &str) -> ApiResult<Option<User>>;
    /// Adds `user` unless one with its address exists; either way, the user with that address.
    async fn insert(&self, user: &User) -> ApiResult<User>;
}

/// Sign-in codes.
pub trait EmailCodes {
    /// Records a code sent.
    async fn insert(&self, code: &EmailCode) -> ApiResult<()>;
    /// The code `id`.
    async fn get(&self, id: &str) -> ApiResult<Option<EmailCode>>;
    /// A new code on `id`, if it still has `sends` sends (a concurrent resend makes this false).
    async fn resend(&self, id: &str, sends: u32, code_hash: &str, at: u64, expires_at: u64) -> ApiResult<bool>;
    /// Marks `id` used; false if it already was.
    async fn consume(&self, id: &str, at: u64) -> ApiResult<bool>;
}

/// Dashboard sign-ins.
pub trait DashboardSessions {
    /// Records a new sign-in.
    async fn insert(&self, session: &DashboardSession) -> ApiResult<()>;
    /// The sign-in of a token's hash.
    async fn get(&self, token_hash: &str) -> ApiResult<Option<DashboardSession>>;
    /// Its last request was at `at`.
    async fn touch(&self, token_hash: &str, at: u64) -> ApiResult<()>;
    /// It works on `merchant_id` now.
    async fn set_merchant(&self, token_hash: &str, merchant_id: &str) -> ApiResult<()>;
    /// It ended at `at`.
    async fn end(&self, token_hash: &str, at: u64) -> ApiResult<()>;
    /// Every live sign-in of `user_id` on `merchant_id` ends at `at` (a removed member).
    async fn end_for(&self, user_id: &str, merchant_id: &str, at: u64) -> ApiResult<()>;
}

/// Members of businesses.
pub trait Members {
    /// A user's active memberships.
    async fn of_user(&self, user_id: &str) -> ApiResult<Vec<Member>>;
    /// A business's invited and active members.
    async fn of_merchant(&self, merchant_id: &str) -> ApiResult<Vec<Member>>;
    /// The member `id`.
    async fn get(&self, id: &str) -> ApiResult<Option<Member>>;
    /// The invited member of an invitation token's hash.
    async fn by_invite(&self, invite_hash: &str) -> ApiResult<Option<Member>>;
    /// Adds an invited member; false if the address is already a member or invited.
    async fn invite(&self, member: &Member, invite_hash: &str) -> ApiResult<bool>;
    /// The invited member joins as `user_id`; false if the invitation was used or withdrawn.
    async fn join(&self, id: &str, user_id: &str, at: u64) -> ApiResult<bool>;
    /// A new role for an invited or active member.
    async fn set_role(&self, id: &str, role: Role, at: u64) -> ApiResult<bool>;
    /// Removes a member.
    async fn remove(&self, id: &str, at: u64) -> ApiResult<bool>;
    /// The operator's invitations of `email` (owners of merchants it made) join as `user_id`:
    /// the address was proved by the sign-in.
    async fn claim_operator_invites(&self, email: &str, user_id: &str, at: u64) -> ApiResult<()>;
}

/// A new business with its owner, written at once or not at all.
#[derive(Debug, Clone)]
pub struct NewBusiness {
    /// The business as it starts.
    pub account: Account,
    /// The test secret key's hash and its last characters.
    pub test_secret: (String, String),
    /// Its owner, already active.
    pub owner: Member,
    /// When.
    pub at: u64,
}

/// Businesses.
pub trait Accounts {
    /// The business of `merchant_id`.
    async fn get(&self, merchant_id: &str) -> ApiResult<Option<Account>>;
    /// The business whose verification in progress the verifier calls `reference`.
    async fn by_verification(&self, reference: &str) -> ApiResult<Option<Account>>;
    /// Makes a business, its keys and its owner.
    async fn create(&self, new: &NewBusiness) -> ApiResult<()>;
    /// Writes `account` if it is still at `version`, with a history line and an event.
    async fn save(&self, account: &Account, version: u64, change: Option<&VerificationChange>, event: Option<&NewEvent>) -> ApiResult<bool>;
    /// The verification's history, oldest first.
    async fn history(&self, merchant_id: &str) -> ApiResult<Vec<VerificationChange>>;
}

/// Users' passkeys and their ceremonies.
pub trait UserPasskeys {
    /// Records a single-use challenge for `purpose`, for `user_id` when registering.
    async fn challenge(&self, challenge: &str, purpose: &str, user_id: Option<&str>, expires_at: u64) -> ApiResult<()>;
    /// Uses a challenge; false if it was not issued for this purpose and user, expired or used.
    async fn consume(&self, challenge: &str, purpose: &str, user_id: Option<&str>, now: u64) -> ApiResult<bool>;
    /// The passkey of a credential id.
    async fn get(&self, credential_id: &str) -> ApiResult<Option<UserPasskey>>;
    /// A user's passkeys.
    async fn of_user(&self, user_id: &str) -> ApiResult<Vec<UserPasskey>>;
    /// Adds a passkey; false if the credential is already registered.
    async fn insert(&self, passkey: &UserPasskey) -> ApiResult<bool>;
    /// The counter moved from `from` to `to` at `at`; false if it changed meanwhile.
    async fn used(&self, credential_id: &str, from: u32, to: u32, at: u64) -> ApiResult<bool>;
    /// Deletes a user's passkey.
    async fn delete(&self, user_id: &str, credential_id: &str) -> ApiResult<bool>;
}

/// A business verifier (KYB).
pub trait Verifier {
    /// Asks about `account` with its company number; the answer now (maybe pending) and the
    /// verifier's reference for a later answer.
    async fn submit(&self, account: &Account, company_number: &str) -> ApiResult<(Outcome, Option<String>)>;
}

/// Keys and limits the account use cases use.
pub struct AccountSettings {
    /// Key for sign-in code hashes.
    pub code_key: Vec<u8>,
    /// Key the CSRF tokens are derived with.
    pub csrf_key: Vec<u8>,
    /// Seconds a session may go without a request.
    pub idle_seconds: u64,
    /// The relying party for passkeys: the dashboard's host and origin.
    pub rp_id: String,
    /// The dashboard's origin (links in emails, WebAuthn's origin).
    pub origin: String,
}

/// Everything business accounts reach, in one bundle.
pub trait AccountPorts {
    /// Users.
    fn users(&self) -> &impl Users;
    /// Sign-in codes.
    fn codes(&self) -> &impl EmailCodes;
    /// Dashboard sign-ins.
    fn dashboard_sessions(&self) -> &impl DashboardSessions;
    /// Members.
    fn members(&self) -> &impl Members;
    /// Businesses.
    fn accounts(&self) -> &impl Accounts;
    /// Users' passkeys.
    fn user_passkeys(&self) -> &impl UserPasskeys;
    /// The verifier.
    fn verifier(&self) -> &impl Verifier;
    /// Strikes and send limits.
    fn counters(&self) -> &impl Counters;
    /// Mail.
    fn messenger(&self) -> &impl Messenger;
    /// Events.
    fn notifier(&self) -> &impl Notifier;
    /// Seconds since the epoch.
    fn now(&self) -> u64;
    /// Keys and limits.
    fn account_settings(&self) -> &AccountSettings;
}
