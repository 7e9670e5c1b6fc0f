//! Talking to the page that embeds the frame: `postMessage` to exactly its origin, and only
//! messages from exactly that origin and that window are heard. Card data is never sent.

use crate::prelude::*;
use wasm_bindgen::JsValue;

use crate::{dom, js};

/// The embedding page.
#[derive(Clone)]
pub struct Host {
    origin: String,
}

impl Host {
    /// The page at `origin` (checked by the edge against the merchant's allowed origins, and by
    /// the browser through the frame's CSP `frame-ancestors`).
    pub fn new(origin: String) -> Self {
        Self { origin }
    }

    /// Sends `{ type: "tessera:<kind>", detail }` to the host.
    pub fn post(&self, kind: &str, detail: &[(&str, JsValue)]) {
        let message = js::object(&[("type", ["tessera:", kind].concat().into()), ("detail", js::object(detail))]);
        if let Ok(Some(parent)) = dom::window().parent() {
            let _ = parent.post_message(&message, &self.origin);
        }
    }
}
