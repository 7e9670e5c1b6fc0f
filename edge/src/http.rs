//! JSON in, JSON out: rendering the API's errors, reading bodies within limits, calling other
//! services. Every error leaves as `{"error": {"code", "message"}}`.

use serde::Serialize;
use serde_json::{json, Value};
use tessera_core::api::ErrorCode;
use worker::{Headers, Request, Response};

pub use crate::error::{ApiError, ApiResult};

/// The largest request body accepted; a confirm with its JWE is a few kilobytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The JSON response for an error.
pub fn error_response(error: ApiError) -> worker::Result<Response> {
    let mut body = json!({ "code": error.code.as_str(), "message": error.message });
    if let (Some(Value::Object(extra)), Some(obj)) = (error.extra, body.as_object_mut()) {
        obj.extend(extra);
    }
    let response = Response::from_json(&json!({ "error": body }))?.with_status(error.status);
    for (name, value) in &error.headers {
        response.headers().set(name, value)?;
    }
    Ok(response)
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        Self::internal("runtime", &error.to_string())
    }
}

/// A JSON success response.
pub fn json<T: Serialize>(status: u16, body: &T) -> ApiResult<Response> {
    Ok(Response::from_json(body)?.with_status(status))
}

/// Parses a JSON body into `T`, or `invalid_json` with a message saying what to send.
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8], expected: &str) -> ApiResult<T> {
    tessera_core::json::from_slice(body).map_err(|_| ApiError::from(ErrorCode::InvalidJson).with_message(expected))
}

/// Reads the body, refusing more than [`MAX_BODY`] bytes.
pub async fn body(req: &mut Request) -> ApiResult<Vec<u8>> {
    body_within(req, MAX_BODY).await
}

/// Reads the body, refusing more than `limit` bytes.
pub async fn body_within(req: &mut Request, limit: usize) -> ApiResult<Vec<u8>> {
    let declared = req.headers().get("Content-Length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ErrorCode::RequestTooLarge.into());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > limit {
        return Err(ErrorCode::RequestTooLarge.into());
    }
    Ok(bytes)
}

/// POSTs `body` to another service and returns the HTTP status (webhooks, message providers).
/// Redirects are not followed: a 3xx is the answer, so a body signed for one endpoint is never
/// sent on to another.
pub async fn post_out(url: &str, headers: Headers, body: &str) -> worker::Result<u16> {
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post)
        .with_headers(headers)
        .with_redirect(worker::RequestRedirect::Manual)
        .with_body(Some(wasm_bindgen::JsValue::from_str(body)));
    let response = worker::Fetch::Request(Request::new_with_init(url, &init)?).send().await?;
    Ok(response.status_code())
}

/// The value of `Authorization: Bearer <token>`, if any.
pub fn bearer(headers: &Headers) -> ApiResult<Option<String>> {
    Ok(headers.get("Authorization")?.and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_owned())))
}

/// Why a call to another service has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswered {
    /// Nothing came back within the time allowed (the request may have been acted on).
    Timeout,
    /// The call failed before an answer.
    Failed,
}

/// POSTs JSON to another service within `timeout_ms` (redirects not followed) and returns the
/// status and the body. The request is aborted when the time is up.
pub async fn exchange(url: &str, headers: Headers, body: &str, timeout_ms: u64) -> Result<(u16, String), Unanswered> {
    let controller = worker::AbortController::default();
    let signal = controller.signal();
    let call = async {
        let mut init = worker::RequestInit::new();
        init.with_method(worker::Method::Post)
            .with_headers(headers)
            .with_redirect(worker::RequestRedirect::Manual)
            .with_body(Some(wasm_bindgen::JsValue::from_str(body)));
        let mut response = worker::Fetch::Request(Request::new_with_init(url, &init)?).send_with_signal(&signal).await?;
        let status = response.status_code();
        Ok::<_, worker::Error>((status, response.text().await?))
    };
    let timer = worker::Delay::from(std::time::Duration::from_millis(timeout_ms));
    futures_util::pin_mut!(call);
    match futures_util::future::select(call, timer).await {
        futures_util::future::Either::Left((Ok(answer), _)) => Ok(answer),
        futures_util::future::Either::Left((Err(_), _)) => Err(Unanswered::Failed),
        futures_util::future::Either::Right(_) => {
            controller.abort();
            Err(Unanswered::Timeout)
        }
    }
}
