//! `POST /v1/api_keys/roll`: a new secret key for the caller's mode, shown once; the old one (the
//! calling key, or from the dashboard every key of the mode) keeps working for `expires_in`
//! seconds (0 to 7 days), then stops. `GET /v1/api_keys`: the keys that work, by their last
//! characters, never the keys themselves.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::account::role::Action;
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::Id;
use tessera_core::mode::{KeyKind, Mode};
use worker::{Request, Response};

use crate::app::App;
use crate::auth;
use crate::checkout::secret_hash;
use crate::http::{self, ApiResult};
use crate::routes::idempotent;
use crate::store::api_keys;

/// Longest an old key may keep working.
const MAX_OVERLAP: u64 = 7 * 24 * 3600;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Roll {
    #[serde(default)]
    expires_in: Option<u64>,
}

pub async fn roll(app: &App, mut req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let input: Roll = if body.is_empty() { Roll { expires_in: None } } else { http::parse(&body, "Send expires_in, 0 to 604800 seconds.")? };
    let expires_in = input.expires_in.unwrap_or(0);
    if expires_in > MAX_OVERLAP {
        return Err(ErrorCode::InvalidExpiration.into());
    }
    idempotent::run(app, &caller, key, "POST /v1/api_keys/roll", &body, || async {
        let mode = Mode::of(caller.livemode);
        let secret = Id::generate(&RustCrypto, mode.key(KeyKind::Secret))?;
        let hash = secret_hash(secret.as_str());
        let hint = &secret.as_str()[secret.as_str().len() - 4..];
        api_keys::insert(&app.db, &hash, &caller.merchant.id, caller.livemode, app.now, Some(hint)).await?;
        let expires_at = app.now + expires_in;
        match caller.key_hash() {
            Some(old) => api_keys::expire(&app.db, old, expires_at).await?,
            None => api_keys::expire_others(&app.db, &caller.merchant.id, caller.livemode, &hash, expires_at).await?,
        }
        Ok((201, json!({ "object": "api_key", "livemode": caller.livemode, "secret_key": secret.as_str(), "previous_key_expires_at": expires_at })))
    })
    .await
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let keys = api_keys::list(&app.db, &caller.merchant.id, caller.livemode, app.now).await?;
    let data: Vec<Value> = keys
        .into_iter()
        .map(|k| {
            json!({
                "id": format!("key_{}", &k.secret_hash[..16]),
                "object": "api_key",
                "livemode": caller.livemode,
                "hint": k.hint.map(|h| format!("…{h}")),
                "created_at": k.created_at,
                "expires_at": k.expires_at,
            })
        })
        .collect();
    let publishable_key = if caller.livemode { caller.merchant.live_publishable_key.clone() } else { Some(caller.merchant.publishable_key.clone()) };
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false, "publishable_key": publishable_key }))
}
