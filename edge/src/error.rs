//! The edge's error: a code from the API's table (`tessera_core::api::ErrorCode`) with what a
//! reply needs beside it. It knows nothing of the runtime, so the checkout's use cases return it
//! in native tests as they do in workerd; `http` renders it.

use serde_json::Value;
use tessera_core::api::ErrorCode;
use tessera_core::checkout::Refusal;
use tessera_core::Error as CoreError;

/// An answer that is not a success.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// HTTP status: the code's own, except for DPoP failures (always 401).
    pub status: u16,
    /// For a person; never contains secrets or card data.
    pub message: String,
    /// Extra members of the error object (a decline code, a payment, attempts left).
    pub extra: Option<Value>,
    /// Extra response headers.
    pub headers: Vec<(&'static str, String)>,
}

/// Result of a handler or a use case.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        if code == ErrorCode::InternalError || (code.status() >= 500 && code.status() != 502 && code.status() != 503) {
            return Self::internal("core", code.as_str());
        }
        Self { code, status: code.status(), message: code.message().to_owned(), extra: None, headers: Vec::new() }
    }
}

impl From<CoreError> for ApiError {
    fn from(error: CoreError) -> Self {
        error.api().into()
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        let mut error = ApiError::from(refusal.code);
        if let Some(left) = refusal.attempts_left {
            error = error.with_extra(serde_json::json!({ "attempts_left": left }));
        }
        if let Some(seconds) = refusal.retry_after {
            error = error.with_header("Retry-After", seconds.to_string());
        }
        error
    }
}

impl ApiError {
    /// Replaces the message (for a message that says more than the code's own).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Adds members to the error object.
    pub fn with_extra(mut self, extra: Value) -> Self {
        match (&mut self.extra, extra) {
            (Some(Value::Object(current)), Value::Object(more)) => current.extend(more),
            (slot, extra) => *slot = Some(extra),
        }
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 404 for an id the caller cannot see, whether or not it exists elsewhere.
    pub fn not_found(what: &str) -> Self {
        Self::from(ErrorCode::ResourceMissing).with_message(format!("No such {what}."))
    }

    /// A DPoP failure: 401 with the challenge RFC 9449 §7.1 describes, whatever the code.
    pub fn dpop(error: CoreError) -> Self {
        let code = error.api();
        let status = if code == ErrorCode::ReplayCheckUnavailable { 503 } else { 401 };
        Self { status, ..Self::from(code) }
            .with_header("WWW-Authenticate", format!(r#"DPoP error="invalid_dpop_proof", algs="ES256", error_description="{}""#, code.as_str()))
    }

    /// An internal failure: logged with its context, answered without detail.
    pub fn internal(context: &str, detail: &str) -> Self {
        crate::log::error(&format!("internal error in {context}: {detail}"));
        let code = ErrorCode::InternalError;
        Self { code, status: code.status(), message: code.message().to_owned(), extra: None, headers: Vec::new() }
    }

    /// The extra member `name`, if set.
    #[cfg(test)]
    pub fn extra(&self, name: &str) -> Option<&Value> {
        self.extra.as_ref().and_then(|e| e.get(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_its_attempts_and_wait() {
        let refusal = Refusal { code: ErrorCode::IncorrectCode, attempts_left: Some(3), retry_after: Some(30) };
        let error = ApiError::from(refusal);
        assert_eq!((error.status, error.code), (422, ErrorCode::IncorrectCode));
        assert_eq!(error.extra("attempts_left"), Some(&Value::from(3)));
        assert_eq!(error.headers, [("Retry-After", "30".to_owned())]);
    }

    #[test]
    fn dpop_failures_are_401_whatever_their_code() {
        assert_eq!(ApiError::dpop(CoreError::InvalidKey).status, 401);
        assert_eq!(ApiError::dpop(CoreError::ReplayCheckUnavailable).status, 503);
        assert_eq!(ApiError::from(CoreError::InvalidKey).status, 400);
    }

    #[test]
    fn server_failures_say_nothing_of_their_cause() {
        let error = ApiError::from(CoreError::InvalidKeyConfig);
        assert_eq!((error.status, error.code), (500, ErrorCode::InternalError));
    }
}
