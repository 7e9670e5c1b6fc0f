//! A personal account's sign-ins: started by a code or a passkey, alive for five minutes without a
//! request and twelve hours at most, ended one by one or everywhere. A sign-in from a browser the
//! account has not seen sends a notice with a "this wasn't me" link, which locks the account.

use serde_json::{json, Value};
use tessera_core::account::dashboard::{self, Standing};
use tessera_core::account::personal::{self, ActivityType, Capability, SignInMethod, IDLE_SECONDS};
use tessera_core::api::{Channel, ErrorCode};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};

use super::model::{AccountSession, Activity, ShopperAccount};
use super::ports::{AccountDevices, AccountSessions, ActivityLog, LockLinks, PersonalPorts, ShopperAccounts, ShopperPasskeys};
use crate::checkout::model::Destination;
use crate::checkout::ports::{Message, Messenger};
use crate::checkout::secret_hash;
use crate::error::{ApiError, ApiResult};

/// How long a "this wasn't me" link works.
const LOCK_LINK_SECONDS: u64 = 30 * 24 * 3600;

/// The browser a request comes from, as the route saw it.
#[derive(Debug, Clone)]
pub struct Browser {
    /// `web_` and a hash of its device cookie.
    pub device: String,
    /// Its country (CF-IPCountry), or `XX`.
    pub country: String,
    /// Its browser family.
    pub family: &'static str,
}

/// A request's live sign-in.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The cookie's token (to derive its CSRF token).
    pub token: String,
    /// The session.
    pub session: AccountSession,
    /// Whose.
    pub account: ShopperAccount,
}

/// A new sign-in: the cookie's token, shown only here.
#[derive(Debug)]
pub struct SignedIn {
    /// `sas_…`
    pub token: String,
    /// The sign-in.
    pub signed: Signed,
}

/// Adds a line to the account's activity.
pub async fn log(p: &impl PersonalPorts, account_id: &str, kind: ActivityType, detail: Value) -> ApiResult<()> {
    let id = Id::generate(&RustCrypto, Kind::Activity)?.as_str().to_owned();
    p.activity().record(&Activity { id, account_id: account_id.to_owned(), kind, detail, at: p.now() }).await
}

/// Sends `body` to the account's email and, if it has one, its phone, with a "this wasn't me" link.
pub async fn notify(p: &impl PersonalPorts, account: &ShopperAccount, also_to: Option<&str>, subject: &str, body: &str) -> ApiResult<()> {
    let token = Id::generate(&RustCrypto, Kind::LockToken)?.as_str().to_owned();
    p.lock_links().insert(&secret_hash(&token), &account.id, p.now() + LOCK_LINK_SECONDS).await?;
    let link = format!("{}/account/lock/?token={token}", p.personal_settings().origin);
    let text = format!("{body}\n\nIf this wasn't you, lock your account at once: {link}");
    let email = Destination { channel: Channel::Email, to: account.email.clone(), masked: String::new() };
    p.messenger().send(&Message { destination: email, subject: subject.to_owned(), body: text.clone() }).await?;
    let mut phones: Vec<&str> = account.phone.as_deref().into_iter().collect();
    phones.extend(also_to.filter(|o| Some(*o) != account.phone.as_deref()));
    for phone in phones {
        let sms = Destination { channel: Channel::Sms, to: phone.to_owned(), masked: String::new() };
        // A notice that cannot go by SMS still went by email; the step is not undone for it.
        let _ = p.messenger().send(&Message { destination: sms, subject: subject.to_owned(), body: text.clone() }).await;
    }
    Ok(())
}

/// Starts a sign-in of `account` from `browser`.
pub async fn start(p: &impl PersonalPorts, account: ShopperAccount, method: SignInMethod, browser: &Browser, new_account: bool) -> ApiResult<SignedIn> {
    let now = p.now();
    let key = account.shopper_key();
    if p.account_devices().list(&key).await?.iter().any(|d| d.id == browser.device && d.revoked) {
        return Err(ErrorCode::DeviceRevoked.into());
    }
    let new_device = p.account_devices().seen(&key, &browser.device, &browser.country, browser.family, now).await?;
    let detail = json!({ "method": method, "device": browser.device, "country": browser.country, "browser": browser.family });
    if new_device && !new_account {
        log(p, &account.id, ActivityType::NewDevice, detail.clone()).await?;
        let body = format!("Your Tessera account was signed in to from a new device: {} in {}.", browser.family, browser.country);
        notify(p, &account, None, "New sign-in to your Tessera account", &body).await?;
    }
    log(p, &account.id, ActivityType::SignedIn, detail).await?;
    let token = Id::generate(&RustCrypto, Kind::AccountSession)?.as_str().to_owned();
    let session = AccountSession {
        token_hash: secret_hash(&token),
        account_id: account.id.clone(),
        method,
        device: browser.device.clone(),
        current_phone_proved: false,
        created_at: now,
        last_seen_at: now,
        ended_at: None,
    };
    p.account_sessions().insert(&session).await?;
    Ok(SignedIn { signed: Signed { token: token.clone(), session, account }, token })
}

/// The sign-in of `token`, or `account_not_signed_in`.
pub async fn authenticate(p: &impl PersonalPorts, token: &str) -> ApiResult<Signed> {
    let gone = || ApiError::from(ErrorCode::NotSignedInAccount);
    let hash = secret_hash(token);
    let session = p.account_sessions().get(&hash).await?.ok_or_else(gone)?;
    let now = p.now();
    let touch = match dashboard::standing(session.created_at, session.last_seen_at, session.ended_at.is_some(), now, IDLE_SECONDS) {
        Standing::Ended => return Err(gone()),
        Standing::Live { touch } => touch,
    };
    let account = p.shopper_accounts().get(&session.account_id).await?.ok_or_else(gone)?;
    if account.locked_at.is_some() {
        return Err(ErrorCode::AccountLocked.into());
    }
    if touch {
        p.account_sessions().touch(&hash, now).await?;
    }
    let session = AccountSession { last_seen_at: if touch { now } else { session.last_seen_at }, ..session };
    Ok(Signed { token: token.to_owned(), session, account })
}

/// The account as its owner reads it.
pub async fn view(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<Value> {
    let a = &signed.account;
    let proofs = a.proofs();
    let s = &signed.session;
    let (expires_at, idle_expires_at) = (s.created_at + personal::MAX_AGE_SECONDS, s.last_seen_at + IDLE_SECONDS);
    let capabilities: Vec<Value> = Capability::ALL.iter().map(|c| json!({ "name": c, "unlocked": proofs.may(*c), "needs": c.needs() })).collect();
    let passkeys = p.shopper_passkeys().of(&a.id).await?.len();
    Ok(json!({
        "id": a.id,
        "object": "shopper_account",
        "email": a.email,
        "phone": a.phone,
        "address": a.address,
        "identity": { "status": a.identity.as_str(), "document": a.identity_summary },
        "levels": proofs.levels(),
        "next_level": proofs.next(),
        "capabilities": capabilities,
        "limits": { "saved_card_payment_major": if proofs.may(Capability::HigherLimits) { personal::HIGHER_LIMIT_MAJOR } else { personal::STANDARD_LIMIT_MAJOR } },
        "passkeys": passkeys,
        "created_at": a.created_at,
        "session": {
            "method": s.method,
            "csrf_token": dashboard::csrf_token(&p.personal_settings().csrf_key, &signed.token),
            "expires_at": expires_at,
            "idle_expires_at": idle_expires_at,
            "current_phone_proved": s.current_phone_proved,
        },
    }))
}

/// Ends this sign-in.
pub async fn sign_out(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<()> {
    p.account_sessions().end(&signed.session.token_hash, p.now()).await
}

/// Ends every sign-in of the account.
pub async fn sign_out_everywhere(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<()> {
    p.account_sessions().end_all(&signed.account.id, p.now()).await?;
    log(p, &signed.account.id, ActivityType::SignedOutEverywhere, json!({})).await
}

/// The "this wasn't me" link: the account locks and every sign-in ends. Unlocking takes the
/// passkey, or a code to the email and then one to the phone.
pub async fn lock(p: &impl PersonalPorts, token: &str) -> ApiResult<()> {
    let now = p.now();
    let account_id = p.lock_links().consume(&secret_hash(token), now).await?.ok_or_else(|| ApiError::from(ErrorCode::LinkInvalid))?;
    let mut account = p.shopper_accounts().get(&account_id).await?.ok_or_else(|| ApiError::from(ErrorCode::LinkInvalid))?;
    if account.locked_at.is_none() {
        account.locked_at = Some(now);
        p.shopper_accounts().save(&account, now).await?;
    }
    p.account_sessions().end_all(&account.id, now).await?;
    log(p, &account.id, ActivityType::Locked, json!({})).await
}

/// Unlocks a locked account that its owner proved again.
pub async fn unlock(p: &impl PersonalPorts, mut account: ShopperAccount, how: &str) -> ApiResult<ShopperAccount> {
    if account.locked_at.take().is_some() {
        p.shopper_accounts().save(&account, p.now()).await?;
        log(p, &account.id, ActivityType::Unlocked, json!({ "with": how })).await?;
    }
    Ok(account)
}
