//! JSON in, JSON out: the API's error type, its mapping from core errors to HTTP statuses, and
//! small request helpers. Every error leaves as `{"error": {"code", "message"}}`.

use serde::Serialize;
use serde_json::{json, Value};
use tessera_core::Error as CoreError;
use worker::{Headers, Request, Response};

/// The largest request body accepted; a confirm with its JWE is a few kilobytes.
pub const MAX_BODY: usize = 64 * 1024;

/// An answer that is not a success.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Stable snake_case code.
    pub code: &'static str,
    /// For a person; never contains secrets or card data.
    pub message: String,
    /// Extra members of the error object (a decline code, a payment id).
    pub extra: Option<Value>,
    /// Extra response headers.
    pub headers: Vec<(&'static str, String)>,
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with a status, code and message.
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), extra: None, headers: Vec::new() }
    }

    /// Adds members to the error object.
    pub fn with_extra(mut self, extra: Value) -> Self {
        self.extra = Some(extra);
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 404 for an id this merchant cannot see, whether or not it exists elsewhere.
    pub fn not_found(what: &str) -> Self {
        Self::new(404, "resource_missing", format!("No such {what}."))
    }

    /// A DPoP failure: 401 with the challenge RFC 9449 §7.1 describes.
    pub fn dpop(error: CoreError) -> Self {
        let status = if error == CoreError::ReplayCheckUnavailable { 503 } else { 401 };
        Self::new(status, error.code(), error.message())
            .with_header("WWW-Authenticate", format!(r#"DPoP error="invalid_dpop_proof", algs="ES256", error_description="{}""#, error.code()))
    }

    /// An internal failure: logged by code, answered without detail.
    pub fn internal(context: &str, detail: &str) -> Self {
        worker::console_error!("internal error in {context}: {detail}");
        Self::new(500, "internal_error", "Something went wrong on our side. Please retry.")
    }

    /// The JSON response.
    pub fn into_response(self) -> worker::Result<Response> {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let (Some(Value::Object(extra)), Some(obj)) = (self.extra, error.as_object_mut()) {
            obj.extend(extra);
        }
        let response = Response::from_json(&json!({ "error": error }))?.with_status(self.status);
        for (name, value) in &self.headers {
            response.headers().set(name, value)?;
        }
        Ok(response)
    }
}

/// The HTTP status for a core error: card problems are 422, configuration and platform failures
/// 500, everything else the client sent is 400. DPoP errors are mapped by [`ApiError::dpop`].
fn status_of(error: CoreError) -> u16 {
    use CoreError::*;
    match error {
        InvalidCardNumber | UnsupportedCardBrand | InvalidExpiry | CardExpired | InvalidCvc => 422,
        InvalidKeyConfig | RandomUnavailable | CryptoProvider => 500,
        ReplayCheckUnavailable => 503,
        _ => 400,
    }
}

impl From<CoreError> for ApiError {
    fn from(error: CoreError) -> Self {
        if status_of(error) == 500 {
            return Self::internal("core", error.code());
        }
        Self::new(status_of(error), error.code(), error.message())
    }
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

/// Reads the body, refusing more than [`MAX_BODY`] bytes.
pub async fn body(req: &mut Request) -> ApiResult<Vec<u8>> {
    let declared = req.headers().get("Content-Length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(ApiError::new(413, "request_too_large", "The request body is too large."));
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY {
        return Err(ApiError::new(413, "request_too_large", "The request body is too large."));
    }
    Ok(bytes)
}

/// POSTs `body` to another service and returns the HTTP status (webhooks, message providers).
pub async fn post_out(url: &str, headers: Headers, body: &str) -> worker::Result<u16> {
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post).with_headers(headers).with_body(Some(wasm_bindgen::JsValue::from_str(body)));
    let response = worker::Fetch::Request(Request::new_with_init(url, &init)?).send().await?;
    Ok(response.status_code())
}

/// The value of `Authorization: Bearer <token>`, if any.
pub fn bearer(headers: &Headers) -> ApiResult<Option<String>> {
    Ok(headers.get("Authorization")?.and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_owned())))
}
