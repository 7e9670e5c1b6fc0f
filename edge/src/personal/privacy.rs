//! What a shopper controls: their devices (listed, revoked), their data (downloaded whole) and
//! the account itself (deleted). Deleting removes everything that is only the person's; the
//! payments merchants must keep stay with the merchants, without a link back to the account.

use serde_json::{json, Value};
use tessera_core::account::personal::ActivityType;
use tessera_core::api::ErrorCode;

use super::ports::{AccountCards, AccountDevices, AccountSessions, ActivityLog, PersonalPorts, ShopperAccounts, ShopperPasskeys};
use super::sessions::{log, view, Signed};
use crate::error::{ApiError, ApiResult};

/// The account's devices, newest first, with the one asking marked.
pub async fn devices(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<Value> {
    let mut list = p.account_devices().list(&signed.account.shopper_key()).await?;
    list.sort_by_key(|d| std::cmp::Reverse(d.last_seen));
    let data: Vec<Value> = list.iter().map(|d| d.to_json(d.id == signed.session.device)).collect();
    Ok(json!({ "object": "list", "data": data, "has_more": false }))
}

/// Revokes a device: its sign-ins end, and neither it nor its card frame key is let in again.
pub async fn revoke_device(p: &impl PersonalPorts, signed: &Signed, device: &str) -> ApiResult<()> {
    if device == signed.session.device {
        return Err(ErrorCode::DeviceInUse.into());
    }
    if !p.account_devices().revoke(&signed.account.shopper_key(), device).await? {
        return Err(ApiError::not_found("device"));
    }
    p.account_sessions().end_device(&signed.account.id, device, p.now()).await?;
    log(p, &signed.account.id, ActivityType::DeviceRevoked, json!({ "device": device })).await
}

/// The activity log, newest first.
pub async fn activity(p: &impl PersonalPorts, signed: &Signed, limit: u32) -> ApiResult<Value> {
    let data: Vec<Value> = p.activity().of(&signed.account.id, limit.clamp(1, 100)).await?.iter().map(|a| a.to_json()).collect();
    Ok(json!({ "object": "list", "data": data, "has_more": false }))
}

/// Everything Tessera holds about the person, as one JSON document.
pub async fn export(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<Value> {
    log(p, &signed.account.id, ActivityType::Exported, json!({})).await?;
    let mut account = view(p, signed).await?;
    // The session's CSRF token is not data about the person.
    if let Some(session) = account.get_mut("session").and_then(Value::as_object_mut) {
        session.remove("csrf_token");
    }
    let passkeys: Vec<Value> = p.shopper_passkeys().of(&signed.account.id).await?.iter().map(|k| k.to_json()).collect();
    let devices = devices(p, signed).await?["data"].clone();
    let cards: Vec<Value> = p.account_cards().of(&signed.account.id).await?.iter().map(|c| c.to_json()).collect();
    let activity: Vec<Value> = p.activity().of(&signed.account.id, 10_000).await?.iter().map(|a| a.to_json()).collect();
    Ok(json!({
        "object": "shopper_account_export",
        "exported_at": p.now(),
        "account": account,
        "passkeys": passkeys,
        "devices": devices,
        "saved_cards": cards,
        "activity": activity,
        "kept_by_merchants": "Payments you made stay with the merchants you paid, who must keep them by law; they hold only what each payment needed.",
    }))
}

/// Deletes the account: profile, passkeys, devices, saved cards, sessions and activity go.
pub async fn delete(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<()> {
    p.shopper_accounts().delete(&signed.account).await
}
