//! Stripe-style `Idempotency-Key` for every mutation a merchant makes: the first request with a
//! key runs and its answer is kept (sealed, for a day); a retry with the same request gets that
//! answer again; the same key with another request, another path or another mode is a 409.

use serde_json::Value;
use tessera_core::api::ErrorCode;
use worker::{Request, Response};

use crate::app::App;
use crate::auth::Caller;
use crate::checkout::secret_hash;
use crate::http::{self, ApiResult};
use crate::store::idempotency::{self, Earlier};

/// Longest accepted `Idempotency-Key`.
const MAX_KEY_LEN: usize = 255;

/// The request's `Idempotency-Key`, checked.
pub fn key(req: &Request) -> ApiResult<Option<String>> {
    let key = req.headers().get("Idempotency-Key")?;
    if key.as_deref().is_some_and(|k| k.is_empty() || k.len() > MAX_KEY_LEN) {
        return Err(ErrorCode::InvalidIdempotencyKey.into());
    }
    Ok(key)
}

/// The id an object made under `key` gets: the same for every retry of the request, and only
/// for this merchant in this mode.
pub fn derived_id(app: &App, caller: &Caller, kind: tessera_core::ids::Kind, key: &str) -> ApiResult<String> {
    let message = format!("{}\n{}\n{}\n{key}", kind.prefix(), caller.merchant.id, caller.livemode);
    let digest = tessera_core::kdf::hmac_sha256(&app.config.idempotent_id_key, message.as_bytes());
    Ok(tessera_core::ids::Id::derive(kind, &digest)?.as_str().to_owned())
}

/// Runs `work` once per key: `scope` names the route, `body` is the request's body.
pub async fn run<F, Fut>(app: &App, caller: &Caller, key: Option<String>, scope: &str, body: &[u8], work: F) -> ApiResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<(u16, Value)>>,
{
    let Some(key) = key else {
        let (status, answer) = work().await?;
        return http::json(status, &answer);
    };
    let keys = &app.config.checkout.data_keys;
    let merchant = &caller.merchant.id;
    let request_hash = secret_hash(&format!("{scope}\n{}\n{}", caller.livemode, String::from_utf8_lossy(body)));
    match idempotency::claim(&app.db, keys, merchant, &key, &request_hash, app.now, idempotency::Terms { ttl: app.config.idempotency_ttl, lease: app.config.idempotency_lease }).await? {
        Some(Earlier::InProgress { request_hash: earlier } | Earlier::Answered { request_hash: earlier, .. }) if earlier != request_hash => Err(ErrorCode::IdempotencyKeyReused.into()),
        Some(Earlier::InProgress { .. }) => Err(ErrorCode::IdempotencyKeyInUse.into()),
        Some(Earlier::Answered { status, body, .. }) => {
            let response = Response::ok(body)?.with_status(status);
            response.headers().set("Content-Type", "application/json")?;
            response.headers().set("Idempotent-Replayed", "true")?;
            Ok(response)
        }
        None => match work().await {
            Ok((status, answer)) => {
                idempotency::complete(&app.db, keys, merchant, &key, status, &answer.to_string()).await?;
                http::json(status, &answer)
            }
            Err(e) => {
                // A refusal is an answer too: the same request gets it again, and nothing changed.
                if e.status < 500 {
                    let body = serde_json::json!({ "error": { "code": e.code.as_str(), "message": e.message } });
                    idempotency::complete(&app.db, keys, merchant, &key, e.status, &body.to_string()).await?;
                } else {
                    idempotency::release(&app.db, merchant, &key).await?;
                }
                Err(e)
            }
        },
    }
}
