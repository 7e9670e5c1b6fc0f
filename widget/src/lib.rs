//! `tessera-widget`: the card widget, compiled to WebAssembly and run inside the card frame the
//! edge serves. It formats and checks the card fields, keeps the device key, encrypts the card
//! to the edge and confirms the payment; the host page only ever receives events.
//!
//! A thin shell over `tessera-core`: the card rules, JOSE and DPoP live there, and cryptography
//! goes through the browser's WebCrypto, so the private device key never leaves the platform.

mod api;
mod browser;
mod device;
mod dom;
mod fingerprint;
mod form;
mod frame;
mod host;
mod i18n;
mod passkey;
mod pay;

pub use form::{FieldName, Form};

use wasm_bindgen::prelude::*;

/// The device fingerprint this browser gives now, as JSON (component hashes only). The frame
/// sends it with each payment; tests read it to check it is stable and changes when it should.
#[wasm_bindgen(js_name = collectFingerprint)]
pub fn collect_fingerprint() -> String {
    serde_json::to_string(&fingerprint::collect()).unwrap_or_default()
}

/// Starts the card frame: called once by the frame page's module script.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    frame::start()
}
