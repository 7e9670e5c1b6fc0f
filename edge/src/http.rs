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
    serde_json::from_slice(body).map_err(|_| ApiError::from(ErrorCode::InvalidJson).with_message(expected))
}

/// Reads the body, refusing more than [`MAX_BODY`] bytes.
pub async fn body(req: &mut Request) -> ApiResult<Vec<u8>> {
    let declared = req.headers().get("Content-Length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(ErrorCode::RequestTooLarge.into());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY {
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
