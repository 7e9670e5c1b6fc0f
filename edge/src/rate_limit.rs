//! Rate limits, enforced: one counter per subject in the velocity Durable Object, which handles
//! one request at a time, so concurrent requests count exactly. Over the limit the answer is
//! `429 rate_limited` with `Retry-After`, and nothing else happens.

use tessera_core::api::rate_limit::Subject;
use tessera_core::api::ErrorCode;
use worker::Request;

use crate::app::App;
use crate::http::{ApiError, ApiResult};
use crate::velocity;

/// Counts one request of `subject` `key` against its configured limit.
pub async fn take(app: &App, subject: Subject, key: &str) -> ApiResult<()> {
    let limit = app.config.rate_limits.of(subject);
    match velocity::limit(&app.env, &subject.counter(key), limit.max, limit.window_seconds).await? {
        Ok(()) => Ok(()),
        Err(wait) => Err(refusal(wait)),
    }
}

fn refusal(wait: u64) -> ApiError {
    ApiError::from(ErrorCode::RateLimited).with_header("Retry-After", wait.to_string()).with_extra(serde_json::json!({ "retry_after": wait }))
}

/// The client address's limit, for every request that reaches a handler. The platform sets
/// `CF-Connecting-IP`; a request without one (the scheduled sweep's own calls) is not counted.
pub async fn client(app: &App, req: &Request) -> ApiResult<()> {
    let Some(key) = req.headers().get("CF-Connecting-IP")?.as_deref().and_then(tessera_core::net::client_key) else { return Ok(()) };
    take(app, Subject::Ip, &key).await
}

/// The sign-in identity's limit: an email address, counted under a keyed hash so the counter's
/// name says nothing about who it is.
pub async fn sign_in(app: &App, email: &str) -> ApiResult<()> {
    let tag = tessera_core::kdf::hmac_sha256(&app.config.dashboard_code_key, email.trim().to_ascii_lowercase().as_bytes());
    take(app, Subject::SignIn, &tessera_core::b64::encode(&tag)).await
}
