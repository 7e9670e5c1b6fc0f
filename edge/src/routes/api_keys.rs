//! `POST /v1/api_keys/roll`: a new secret key for the calling key's mode, shown once; the old
//! one keeps working for `expires_in` seconds (0 to 7 days), then stops.

use serde::Deserialize;
use serde_json::json;
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
    let caller = auth::merchant(app, &req).await?;
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
        api_keys::insert(&app.db, &secret_hash(secret.as_str()), &caller.merchant.id, caller.livemode, app.now).await?;
        let expires_at = app.now + expires_in;
        api_keys::expire(&app.db, &caller.key_hash, expires_at).await?;
        Ok((201, json!({ "object": "api_key", "livemode": caller.livemode, "secret_key": secret.as_str(), "previous_key_expires_at": expires_at })))
    })
    .await
}
