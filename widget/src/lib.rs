//! `tessera-widget`: the card widget, compiled to WebAssembly and run inside the card frame.
//!
//! A thin shell over `tessera-core`: it exposes the few functions the frame page needs and keeps
//! card data inside the frame. The card fields, device key and confirm flow build on this.

use tessera_core::card::{Brand, CardNumber};
use wasm_bindgen::prelude::*;

/// The brand for the digits typed so far (`"visa"`, `"amex"`, …), or `undefined` when the
/// leading digits do not tell yet.
#[wasm_bindgen(js_name = cardBrand)]
pub fn card_brand(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    Brand::detect(&digits).map(|b| b.as_str().to_owned())
}

/// Checks a complete card number; returns `undefined` when valid, else the stable error code.
#[wasm_bindgen(js_name = cardNumberError)]
pub fn card_number_error(input: &str) -> Option<String> {
    input.parse::<CardNumber>().err().map(|e| e.code().to_owned())
}
