//! A dashboard request's sign-in: the cookie's token found, alive (12 hours at most, 30 minutes
//! idle), its user, and the membership it works under. A member removed from the business is no
//! longer let in, even with a session that began before the removal.

use serde_json::{json, Value};
use tessera_core::account::dashboard::{self, Standing};
use tessera_core::api::ErrorCode;

use super::model::{DashboardSession, Member, User};
use super::ports::{AccountPorts, Accounts, DashboardSessions, Members, UserPasskeys, Users};
use crate::checkout::secret_hash;
use crate::error::{ApiError, ApiResult};

/// A request's live sign-in.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The cookie's token (to derive its CSRF token).
    pub token: String,
    /// The session.
    pub session: DashboardSession,
    /// Who.
    pub user: User,
    /// Their active membership of the session's business, if it has one.
    pub member: Option<Member>,
}

/// The sign-in of `token`, or `not_signed_in`.
pub async fn authenticate(p: &impl AccountPorts, token: &str) -> ApiResult<Signed> {
    let gone = || ApiError::from(ErrorCode::NotSignedIn);
    let hash = secret_hash(token);
    let session = p.dashboard_sessions().get(&hash).await?.ok_or_else(gone)?;
    let now = p.now();
    let touch = match dashboard::standing(session.created_at, session.last_seen_at, session.ended_at.is_some(), now, p.account_settings().idle_seconds) {
        Standing::Ended => return Err(gone()),
        Standing::Live { touch } => touch,
    };
    let user = p.users().get(&session.user_id).await?.ok_or_else(gone)?;
    let member = match &session.merchant_id {
        None => None,
        Some(merchant) => {
            let found = p.members().of_user(&user.id).await?.into_iter().find(|m| &m.merchant_id == merchant);
            // Removed while signed in: the session ends here too, not only when the removal ran.
            if found.is_none() {
                p.dashboard_sessions().end(&hash, now).await?;
                return Err(gone());
            }
            found
        }
    };
    if touch {
        p.dashboard_sessions().touch(&hash, now).await?;
    }
    let session = DashboardSession { last_seen_at: if touch { now } else { session.last_seen_at }, ..session };
    Ok(Signed { token: token.to_owned(), session, user, member })
}

/// The session as the dashboard reads it, with its CSRF token.
pub async fn view(p: &impl AccountPorts, signed: &Signed) -> ApiResult<Value> {
    let settings = p.account_settings();
    let mut memberships = Vec::new();
    for m in p.members().of_user(&signed.user.id).await? {
        let name = p.accounts().get(&m.merchant_id).await?.map(|a| a.display_name).unwrap_or_default();
        memberships.push(json!({ "merchant": m.merchant_id, "name": name, "role": m.role }));
    }
    let (merchant, next) = match &signed.member {
        None => (Value::Null, Some("business_details")),
        Some(member) => {
            let account = p.accounts().get(&member.merchant_id).await?.ok_or_else(|| ApiError::internal("accounts", "a member's business is missing"))?;
            let live = account.verification.live_mode_enabled();
            let merchant = json!({ "id": account.merchant_id, "name": account.display_name, "live_mode_enabled": live, "timezone": account.timezone, "locale": account.locale });
            (merchant, (!live).then_some("verification"))
        }
    };
    let s = &signed.session;
    let (expires_at, idle_expires_at) = dashboard::ends_at(s.created_at, s.last_seen_at, settings.idle_seconds);
    let passkeys = p.user_passkeys().of_user(&signed.user.id).await?.len();
    Ok(json!({
        "object": "dashboard_session",
        "user": { "id": signed.user.id, "email": signed.user.email, "passkeys": passkeys },
        "merchant": merchant,
        "role": signed.member.as_ref().map(|m| m.role),
        "memberships": memberships,
        "csrf_token": dashboard::csrf_token(&settings.csrf_key, &signed.token),
        "auth_method": s.auth_method.as_str(),
        "expires_at": expires_at,
        "idle_expires_at": idle_expires_at,
        "next": next,
    }))
}

/// Works on another business the user is a member of.
pub async fn switch(p: &impl AccountPorts, signed: Signed, merchant_id: &str) -> ApiResult<Signed> {
    let member = p.members().of_user(&signed.user.id).await?.into_iter().find(|m| m.merchant_id == merchant_id).ok_or_else(|| ApiError::not_found("merchant"))?;
    p.dashboard_sessions().set_merchant(&signed.session.token_hash, merchant_id).await?;
    let session = DashboardSession { merchant_id: Some(merchant_id.to_owned()), ..signed.session };
    Ok(Signed { session, member: Some(member), ..signed })
}

/// Ends the sign-in.
pub async fn sign_out(p: &impl AccountPorts, signed: &Signed) -> ApiResult<()> {
    p.dashboard_sessions().end(&signed.session.token_hash, p.now()).await
}
