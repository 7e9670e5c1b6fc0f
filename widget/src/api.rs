//! Calls to the edge that served this frame (same origin: no CORS, no credentials to leak).

use crate::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use tessera_core::api::ErrorCode;

use crate::{dom, js};

/// An answer from the edge.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The JSON body, parsed by the browser (`null` if there was none).
    pub body: JsValue,
    /// The server's clock, from the `Date` header, in seconds since the epoch.
    pub server_time: Option<f64>,
    /// The `Retry-After` header in seconds, if any.
    pub retry_after: Option<u32>,
}

impl Reply {
    /// The error code of an error answer, if it is one the API defines.
    pub fn error_code(&self) -> Option<ErrorCode> {
        js::at(&self.body, &["error", "code"]).as_string().and_then(|c| ErrorCode::parse(&c))
    }

    /// The error message of an error answer.
    pub fn error_message(&self) -> String {
        js::at(&self.body, &["error", "message"]).as_string().unwrap_or_default()
    }
}

/// Sends a request and reads the JSON answer. Network failures are errors; HTTP errors are not.
pub async fn send(method: &str, path: &str, body: Option<&JsValue>, headers: &[(&str, &str)]) -> Result<Reply, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    let header_map = web_sys::Headers::new()?;
    header_map.set("Accept", "application/json")?;
    if let Some(body) = body {
        header_map.set("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(&js::stringify(body)));
    }
    for (name, value) in headers {
        header_map.set(name, value)?;
    }
    init.set_headers(&header_map);
    let request = Request::new_with_str_and_init(path, &init)?;
    let response: Response = JsFuture::from(dom::window().fetch_with_request(&request)).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    let date = response.headers().get("Date")?.map(|d| js_sys::Date::parse(&d) / 1000.0).filter(|t| t.is_finite());
    let retry_after = response.headers().get("Retry-After")?.and_then(|v| v.parse().ok());
    Ok(Reply { status: response.status(), body: js::parse(&text), server_time: date, retry_after })
}
