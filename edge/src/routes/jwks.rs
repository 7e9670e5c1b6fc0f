//! `GET /.well-known/jwks.json`: the keys widgets encrypt cards to, newest first.

use worker::Response;

use crate::app::App;
use crate::http::ApiResult;

pub fn get(app: &App) -> ApiResult<Response> {
    let response = Response::ok(app.config.encryption_keys.public_jwks().to_json())?;
    let headers = response.headers();
    headers.set("Content-Type", "application/jwk-set+json")?;
    // Short enough that a rotation reaches every widget well within a key's grace period.
    headers.set("Cache-Control", "public, max-age=300")?;
    headers.set("Access-Control-Allow-Origin", "*")?;
    Ok(response)
}
