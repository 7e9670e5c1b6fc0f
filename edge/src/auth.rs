//! Who is calling: a merchant's server with one of its secret keys (which says the mode), a
//! person in the dashboard with a session cookie (whose role says what they may do, and whose
//! `Tessera-Mode` header says the mode), or the operator with the admin token.
//!
//! A dashboard request that changes something must come from the edge's own origin and carry
//! its session's CSRF token: a page elsewhere can make a browser send the cookie, but it cannot
//! read the token, and `SameSite=Strict` keeps the cookie off its requests in the first place.

use tessera_core::account::dashboard;
use tessera_core::account::role::{key_may, Action};
use tessera_core::api::ErrorCode;
use tessera_core::kdf;
use tessera_core::mode::{KeyKind, Mode};
use worker::{Method, Request};

use crate::accounts::ports::{AccountPorts, Accounts};
use crate::accounts::{sessions, Signed};
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::checkout::secret_hash;
use crate::http::{bearer, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::store::api_keys;
use crate::store::merchants::{self, Merchant};

/// How the caller proved who it is.
pub enum Actor {
    /// A secret key, by its hash (to roll it).
    Key(String),
    /// A person signed in to the dashboard.
    Member,
}

/// A merchant's caller, in one mode.
pub struct Caller {
    /// The merchant.
    pub merchant: Merchant,
    /// The mode: it sees only objects of this mode.
    pub livemode: bool,
    /// Who.
    pub actor: Actor,
}

impl Caller {
    /// The secret key's hash, when a key called.
    pub fn key_hash(&self) -> Option<&str> {
        match &self.actor {
            Actor::Key(hash) => Some(hash),
            Actor::Member => None,
        }
    }
}

/// The value of the dashboard's cookie, if the request has it.
pub fn session_cookie(req: &Request) -> ApiResult<Option<String>> {
    let header = req.headers().get("Cookie")?.unwrap_or_default();
    Ok(header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(name, _)| *name == dashboard::COOKIE).map(|(_, v)| v.to_owned()))
}

fn changes_something(req: &Request) -> bool {
    !matches!(req.method(), Method::Get | Method::Head | Method::Options)
}

/// Refuses a request from another origin. Sign-in requests carry no session to forge, but a page
/// elsewhere could still post them (to send codes, or to sign a browser into the attacker's
/// account): browsers always send `Origin` with a POST, and only the dashboard's own may.
pub fn same_origin(req: &Request) -> ApiResult<()> {
    let own = req.url()?.origin().ascii_serialization();
    if req.headers().get("Origin")?.as_deref() == Some(own.as_str()) { Ok(()) } else { Err(ErrorCode::OriginNotAllowed.into()) }
}

/// The dashboard sign-in of this request, checked: the cookie's session alive and, for a
/// request that changes something, the edge's own `Origin` and the session's CSRF token.
pub async fn dashboard(app: &App, req: &Request) -> ApiResult<Signed> {
    let token = session_cookie(req)?.ok_or_else(|| ApiError::from(ErrorCode::NotSignedIn))?;
    let url = req.url()?;
    if changes_something(req) {
        same_origin(req)?;
        let given = req.headers().get("X-CSRF-Token")?.unwrap_or_default();
        if !dashboard::csrf_matches(&app.config.dashboard_csrf_key, &token, &given) {
            return Err(ErrorCode::CsrfTokenInvalid.into());
        }
    }
    let ports = EdgePorts::new(app, RelyingParty::of(&url)?);
    sessions::authenticate(&ports, &token).await
}

/// The merchant calling, allowed to do `action`: with a secret key (`Authorization: Bearer sk_…`)
/// or from the dashboard with a member's role.
pub async fn merchant(app: &App, req: &Request, action: Action) -> ApiResult<Caller> {
    if req.headers().get("Authorization")?.is_some() || session_cookie(req)?.is_none() {
        let caller = by_key(app, req).await?;
        if !key_may(action) {
            return Err(ErrorCode::RoleNotAllowed.into());
        }
        // A live key works only while the business is verified: new details close live mode.
        if caller.livemode && !live_enabled(app, &caller.merchant.id).await? {
            return Err(ErrorCode::LiveModeNotEnabled.into());
        }
        return Ok(caller);
    }
    let signed = dashboard(app, req).await?;
    let member = signed.member.as_ref().ok_or_else(|| ApiError::from(ErrorCode::NoBusiness))?;
    if !member.role.may(action) {
        return Err(ErrorCode::RoleNotAllowed.into());
    }
    let livemode = match req.headers().get("Tessera-Mode")?.as_deref() {
        None | Some("test") => false,
        Some("live") => true,
        Some(_) => return Err(ErrorCode::InvalidMode.into()),
    };
    if livemode && !live_enabled(app, &member.merchant_id).await? {
        return Err(ErrorCode::LiveModeNotEnabled.into());
    }
    let merchant = merchants::by_id(&app.db, &member.merchant_id).await?.ok_or_else(|| ApiError::internal("auth", "a member's merchant is missing"))?;
    Ok(Caller { merchant, livemode, actor: Actor::Member })
}

/// Whether the merchant's business is verified (live mode open).
async fn live_enabled(app: &App, merchant_id: &str) -> ApiResult<bool> {
    let ports = EdgePorts::new(app, RelyingParty { id: String::new(), origin: String::new() });
    Ok(ports.accounts().get(merchant_id).await?.is_some_and(|a| a.verification.live_mode_enabled()))
}

async fn by_key(app: &App, req: &Request) -> ApiResult<Caller> {
    let Some(token) = bearer(req.headers())? else { return Err(ErrorCode::MissingApiKey.into()) };
    let mode = match Mode::of_key(&token) {
        Some((mode, KeyKind::Secret)) => mode,
        Some((_, KeyKind::Publishable)) => return Err(ErrorCode::PublishableKeyNotAllowed.into()),
        None if token.starts_with("pk_") => return Err(ErrorCode::PublishableKeyNotAllowed.into()),
        None => return Err(ErrorCode::InvalidApiKey.into()),
    };
    let key_hash = secret_hash(&token);
    let key = api_keys::find(&app.db, &key_hash, app.now).await?.filter(|k| (k.livemode == 1) == mode.livemode()).ok_or_else(|| ApiError::from(ErrorCode::InvalidApiKey))?;
    let merchant = merchants::by_id(&app.db, &key.merchant_id).await?.ok_or_else(|| ApiError::from(ErrorCode::InvalidApiKey))?;
    crate::rate_limit::take(app, tessera_core::api::rate_limit::Subject::MerchantKey, &key_hash).await?;
    Ok(Caller { merchant, livemode: mode.livemode(), actor: Actor::Key(key_hash) })
}

/// Checks the operator's admin token.
pub fn operator(app: &App, req: &Request) -> ApiResult<()> {
    let Some(expected) = app.config.admin_token.as_deref() else { return Err(ErrorCode::OperatorApiDisabled.into()) };
    let given = bearer(req.headers())?.unwrap_or_default();
    if kdf::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ErrorCode::InvalidAdminToken.into())
    }
}
