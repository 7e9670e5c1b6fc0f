//! `tessera-widget`: the card widget, compiled to WebAssembly and run inside the card frame the
//! edge serves. It formats and checks the card fields, keeps the device key, encrypts the card
//! to the edge and confirms the payment; the host page only ever receives events.
//!
//! A thin shell over `tessera-core`: the card rules, JOSE and DPoP live there, and cryptography
//! goes through the browser's WebCrypto, so the private device key never leaves the platform.
//!
//! The shipped build has no standard library (see `bare`): std's panic messages, formatting and
//! I/O errors would otherwise be a good part of what every shopper downloads.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod bare;

/// What the standard prelude would give, from `alloc`.
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::format;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

mod account;
mod api;
mod browser;
mod device;
mod dom;
mod fingerprint;
mod form;
mod frame;
mod host;
mod i18n;
mod js;
mod passkey;
mod pay;
mod text;

pub use form::{FieldName, Form};

use wasm_bindgen::prelude::*;

use crate::prelude::*;


/// The device fingerprint this browser gives now, as JSON (component hashes only). The frame
/// sends it with each payment; tests read it to check it is stable and changes when it should.
#[wasm_bindgen(js_name = collectFingerprint)]
pub async fn collect_fingerprint() -> Result<String, JsValue> {
    let crypto = tessera_core::crypto::WebCrypto::new().map_err(js::error)?;
    let fingerprint = fingerprint::collect(&crypto, true).await.map_err(js::error)?;
    serde_json::to_string(&fingerprint).map_err(|_| JsValue::from_str("invalid_json"))
}

/// Starts the card frame: called once by the frame page's module script.
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    frame::start()
}
