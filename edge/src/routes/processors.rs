//! A merchant's own processor (`POST /v1/processors`, `GET /v1/processors`: Adyen, for the
//! key's mode, its credentials sealed and never shown again) and the notifications processors
//! send: the sandbox's (`/v1/processors/sandbox/notifications`, signed with a key only this edge
//! knows) and Adyen's (`/v1/processors/{id}/notifications`, each item's HMAC checked with the
//! merchant's key; answered `[accepted]`).

use tessera_core::account::role::Action;
use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::vault::Purpose;
use tessera_core::{b64, kdf};
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::notifications::{apply_notice, Notice};
use crate::config::Environment;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::processor::adyen::{self, NotificationItem};
use crate::processor::sandbox::{notification_key, SIGNATURE_HEADER};
use crate::processor::Outcome;
use crate::store::processors::{self, Notification};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Configure {
    #[serde(rename = "type")]
    kind: String,
    merchant_account: String,
    api_key: String,
    hmac_key: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    return_url: Option<String>,
}

/// Adyen's test endpoint, where a processor points unless told otherwise.
const ADYEN_TEST: &str = "https://checkout-test.adyen.com/v71";

fn url_ok(url: &str, environment: Environment) -> bool {
    let local = ["http://127.0.0.1", "http://localhost"].iter().any(|p| url.starts_with(p));
    url.starts_with("https://") || (local && environment == Environment::Development)
}

pub async fn configure(app: &App, mut req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    if !caller.livemode {
        return Err(ErrorCode::LiveModeRequired.into());
    }
    let input: Configure = http::parse(&http::body(&mut req).await?, "Send type (adyen), merchant_account, api_key, hmac_key and base_url.")?;
    let invalid = || ApiError::from(ErrorCode::InvalidProcessorConfig);
    let printable = |s: &str, max: usize| !s.is_empty() && s.len() <= max && !s.chars().any(char::is_control);
    let base_url = input.base_url.unwrap_or_else(|| ADYEN_TEST.into());
    let return_url = input.return_url.unwrap_or_else(|| "https://checkout.tessera.invalid/return".into());
    let hex_key = input.hmac_key.len().is_multiple_of(2) && input.hmac_key.len() >= 32 && input.hmac_key.bytes().all(|b| b.is_ascii_hexdigit());
    if input.kind != "adyen" || !printable(&input.merchant_account, 80) || !printable(&input.api_key, 512) || !hex_key || !url_ok(&base_url, app.config.environment) || !url_ok(&return_url, Environment::Production) {
        return Err(invalid());
    }
    let id = match processors::get(&app.db, &caller.merchant.id, caller.livemode).await? {
        Some(existing) => existing.id,
        None => Id::generate(&RustCrypto, Kind::Processor)?.as_str().to_owned(),
    };
    let settings = adyen::Settings { merchant_account: input.merchant_account, base_url, return_url };
    let credentials = adyen::Credentials { api_key: input.api_key, hmac_key: input.hmac_key };
    let plain = serde_json::to_vec(&credentials).map_err(|e| ApiError::internal("processors", &e.to_string()))?;
    let sealed = app.config.checkout.data_keys.seal(&RustCrypto, Purpose::ProcessorCredentials, id.as_bytes(), &plain).await?;
    let settings_json = serde_json::to_string(&settings).map_err(|e| ApiError::internal("processors", &e.to_string()))?;
    processors::put(&app.db, &id, &caller.merchant.id, caller.livemode, "adyen", &settings_json, &sealed, app.now).await?;
    http::json(201, &view(&id, caller.livemode, &settings, &req)?)
}

fn view(id: &str, livemode: bool, settings: &adyen::Settings, req: &Request) -> ApiResult<Value> {
    let origin = req.url()?.origin().ascii_serialization();
    Ok(json!({
        "id": id,
        "object": "processor",
        "type": "adyen",
        "livemode": livemode,
        "merchant_account": settings.merchant_account,
        "base_url": settings.base_url,
        // Where to point the Adyen webhook for this merchant account.
        "notification_url": format!("{origin}/v1/processors/{id}/notifications"),
    }))
}

pub async fn get(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let Some(row) = processors::get(&app.db, &caller.merchant.id, caller.livemode).await? else {
        return http::json(200, &json!({ "object": "list", "data": [], "has_more": false }));
    };
    let settings: adyen::Settings = serde_json::from_str(&row.settings).map_err(|_| ApiError::internal("processors", "stored settings do not parse"))?;
    http::json(200, &json!({ "object": "list", "data": [view(&row.id, caller.livemode, &settings, &req)?], "has_more": false }))
}

/// The sandbox's notice, in its own signed format.
#[derive(Deserialize)]
struct SandboxNotice {
    #[serde(rename = "type")]
    kind: String,
    payment: String,
    #[serde(default)]
    amount: Option<u64>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    won: Option<bool>,
}

pub async fn sandbox_notification(app: &App, mut req: Request) -> ApiResult<Response> {
    let signature = req.headers().get(SIGNATURE_HEADER)?.unwrap_or_default();
    let body = http::body(&mut req).await?;
    let expected = b64::encode(&kdf::hmac_sha256(&notification_key(&app.env)?, &body));
    if !kdf::constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        return Err(ErrorCode::InvalidNotificationSignature.into());
    }
    let notice: SandboxNotice = http::parse(&body, "A sandbox notification.")?;
    let notice = match notice.kind.as_str() {
        "dispute.opened" => Notice::DisputeOpened { payment_id: notice.payment, amount: notice.amount.unwrap_or(0), reason: notice.reason.unwrap_or_else(|| "general".into()) },
        "dispute.decided" => Notice::DisputeDecided { payment_id: notice.payment, won: notice.won.unwrap_or(false) },
        _ => return Err(ErrorCode::InvalidJson.into()),
    };
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    apply_notice(&ports, notice).await?;
    http::json(200, &json!({ "received": true }))
}

#[derive(Deserialize)]
struct AdyenNotifications {
    #[serde(rename = "notificationItems")]
    items: Vec<AdyenWrapper>,
}

#[derive(Deserialize)]
struct AdyenWrapper {
    #[serde(rename = "NotificationRequestItem")]
    item: NotificationItem,
}

/// Tessera's notice for an Adyen item, if it is one Tessera acts on.
fn notice_of(item: &NotificationItem) -> Option<Notice> {
    let ok = item.succeeded();
    let reference = item.merchant_reference.clone();
    Some(match item.event_code.as_str() {
        "AUTHORISATION" => Notice::Authorization {
            payment_id: reference,
            outcome: if ok {
                Outcome::Approved { reference: item.psp_reference.clone() }
            } else {
                let sync = adyen::sync_from(Some((false, item.psp_reference.clone(), item.reason.clone())));
                match sync {
                    crate::processor::Sync::Declined { code, reference } => Outcome::Declined { code, reference },
                    _ => return None,
                }
            },
        },
        "CAPTURE" => Notice::Capture { payment_id: reference, success: ok },
        "CAPTURE_FAILED" => Notice::Capture { payment_id: reference, success: false },
        "CANCELLATION" => Notice::Cancellation { payment_id: reference, success: ok },
        "REFUND" => Notice::Refund { refund_id: reference, success: ok, reference: Some(item.psp_reference.clone()), reason: item.reason.clone() },
        "REFUND_FAILED" => Notice::Refund { refund_id: reference, success: false, reference: Some(item.psp_reference.clone()), reason: item.reason.clone() },
        "NOTIFICATION_OF_CHARGEBACK" | "CHARGEBACK" => {
            Notice::DisputeOpened { payment_id: reference, amount: item.amount.value, reason: item.reason.clone().unwrap_or_else(|| "general".into()) }
        }
        "CHARGEBACK_REVERSED" | "PREARBITRATION_WON" => Notice::DisputeDecided { payment_id: reference, won: true },
        "PREARBITRATION_LOST" => Notice::DisputeDecided { payment_id: reference, won: false },
        _ => return None,
    })
}

pub async fn adyen_notification(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let body = http::body_within(&mut req, 256 * 1024).await?;
    let Some(row) = processors::by_id(&app.db, id).await? else { return Err(ApiError::not_found("processor")) };
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let Some(live) = ports.processors().live(&row.merchant_id).await?.filter(|l| l.0 == row.id) else { return Err(ApiError::not_found("processor")) };
    let notifications: AdyenNotifications = http::parse(&body, "Adyen's NotificationRequest.")?;
    for wrapper in &notifications.items {
        let item = &wrapper.item;
        // Every item must be signed with the merchant's key, and be for its merchant account.
        if !adyen::verify_notification(item, &live.1.credentials.hmac_key) || item.merchant_account_code != live.1.settings.merchant_account {
            return Err(ErrorCode::InvalidNotificationSignature.into());
        }
    }
    for wrapper in notifications.items {
        let item = wrapper.item;
        let notification = Notification {
            processor_id: &row.id,
            event_code: &item.event_code,
            psp_reference: &item.psp_reference,
            merchant_reference: &item.merchant_reference,
            success: item.succeeded(),
            amount: Some(item.amount.value),
            reason: item.reason.as_deref(),
            now: app.now,
        };
        // Applied, then recorded: one that failed half-way is applied again when Adyen resends
        // it (not [accepted]), and the machines make a repeat change nothing.
        if processors::known(&app.db, &notification).await? {
            continue;
        }
        if let Some(notice) = notice_of(&item) {
            apply_notice(&ports, notice).await?;
        }
        processors::record(&app.db, &notification).await?;
    }
    let response = Response::ok("[accepted]")?;
    response.headers().set("Content-Type", "text/plain")?;
    Ok(response)
}
