//! Members of a business: the owner and admins invite people by email with a role, change roles
//! and remove members. Nobody changes the owner, nobody hands out a role above their own, and a
//! removed member's sign-ins end at once.

use tessera_core::account::role::{Action, Role};
use tessera_core::api::{Channel, ErrorCode};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::shopper::Email;

use super::model::{Member, MemberStatus};
use super::ports::{AccountPorts, Accounts, DashboardSessions, Members};
use super::sessions::Signed;
use crate::checkout::model::Destination;
use crate::checkout::ports::{Message, Messenger};
use crate::checkout::secret_hash;
use crate::error::{ApiError, ApiResult};

/// Members a business may have, invited ones included.
const MAX_MEMBERS: usize = 50;

/// The caller's membership, if its role may do `action`.
pub fn acting(signed: &Signed, action: Action) -> ApiResult<&Member> {
    let member = signed.member.as_ref().ok_or_else(|| ApiError::from(ErrorCode::NoBusiness))?;
    if member.role.may(action) { Ok(member) } else { Err(ErrorCode::RoleNotAllowed.into()) }
}

/// A member of the caller's business, or `resource_missing` for anyone else's.
async fn of_same_business(p: &impl AccountPorts, actor: &Member, id: &str) -> ApiResult<Member> {
    match p.members().get(id).await? {
        Some(m) if m.merchant_id == actor.merchant_id && m.status != MemberStatus::Removed => Ok(m),
        _ => Err(ApiError::not_found("member")),
    }
}

/// `POST /v1/members`: invites `email` with `role`; the invitation's link goes by email.
pub async fn invite(p: &impl AccountPorts, signed: &Signed, email: &str, role: &str) -> ApiResult<Member> {
    let actor = acting(signed, Action::ManageMembers)?;
    let role = Role::assignable(role).ok_or_else(|| ApiError::from(ErrorCode::InvalidRole))?;
    if !actor.role.may_manage(role) {
        return Err(ErrorCode::MemberProtected.into());
    }
    let email = email.parse::<Email>()?.as_str().to_ascii_lowercase();
    if p.members().of_merchant(&actor.merchant_id).await?.len() >= MAX_MEMBERS {
        return Err(ErrorCode::MemberExists.into());
    }
    let token = Id::generate(&RustCrypto, Kind::Invite)?.as_str().to_owned();
    let member = Member {
        id: Id::generate(&RustCrypto, Kind::Member)?.as_str().to_owned(),
        merchant_id: actor.merchant_id.clone(),
        email: email.clone(),
        user_id: None,
        role,
        status: MemberStatus::Invited,
        created_at: p.now(),
    };
    if !p.members().invite(&member, &secret_hash(&token)).await? {
        return Err(ErrorCode::MemberExists.into());
    }
    let business = p.accounts().get(&actor.merchant_id).await?.map(|a| a.display_name).unwrap_or_default();
    let link = format!("{}/dashboard/invite/?token={token}", p.account_settings().origin);
    let body = format!(
        "{} invited you to {business} on Tessera as {}.\n\nJoin here: {link}\n\nSign in with this address ({email}) to accept. If you did not expect this, you can ignore this email.",
        signed.user.email,
        role.as_str()
    );
    let to = Destination { channel: Channel::Email, to: email, masked: String::new() };
    p.messenger().send(&Message { destination: to, subject: format!("Join {business} on Tessera"), body }).await?;
    Ok(member)
}

/// `POST /v1/dashboard/invites/accept`: the signed-in user joins with the invitation's role.
pub async fn accept(p: &impl AccountPorts, signed: Signed, token: &str) -> ApiResult<Signed> {
    let member = p.members().by_invite(&secret_hash(token)).await?.filter(|m| m.status == MemberStatus::Invited).ok_or_else(|| ApiError::from(ErrorCode::InviteInvalid))?;
    if member.email != signed.user.email {
        return Err(ErrorCode::InviteEmailMismatch.into());
    }
    if !p.members().join(&member.id, &signed.user.id, p.now()).await? {
        return Err(ErrorCode::InviteInvalid.into());
    }
    p.dashboard_sessions().set_merchant(&signed.session.token_hash, &member.merchant_id).await?;
    let joined = Member { user_id: Some(signed.user.id.clone()), status: MemberStatus::Active, ..member };
    let session = super::model::DashboardSession { merchant_id: Some(joined.merchant_id.clone()), ..signed.session };
    Ok(Signed { session, member: Some(joined), ..signed })
}

/// `POST /v1/members/{id}`: a new role.
pub async fn set_role(p: &impl AccountPorts, signed: &Signed, id: &str, role: &str) -> ApiResult<Member> {
    let actor = acting(signed, Action::ManageMembers)?;
    let role = Role::assignable(role).ok_or_else(|| ApiError::from(ErrorCode::InvalidRole))?;
    let target = of_same_business(p, actor, id).await?;
    if !actor.role.may_manage(target.role) || !actor.role.may_manage(role) {
        return Err(ErrorCode::MemberProtected.into());
    }
    if !p.members().set_role(&target.id, role, p.now()).await? {
        return Err(ApiError::not_found("member"));
    }
    Ok(Member { role, ..target })
}

/// `DELETE /v1/members/{id}`: removed, and signed out of this business everywhere.
pub async fn remove(p: &impl AccountPorts, signed: &Signed, id: &str) -> ApiResult<()> {
    let actor = acting(signed, Action::ManageMembers)?;
    let target = of_same_business(p, actor, id).await?;
    if !actor.role.may_manage(target.role) {
        return Err(ErrorCode::MemberProtected.into());
    }
    let now = p.now();
    if !p.members().remove(&target.id, now).await? {
        return Err(ApiError::not_found("member"));
    }
    if let Some(user) = &target.user_id {
        p.dashboard_sessions().end_for(user, &target.merchant_id, now).await?;
    }
    Ok(())
}
