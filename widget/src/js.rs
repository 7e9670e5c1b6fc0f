//! JSON as the browser's own objects: the browser parses and prints JSON (`Response.text`,
//! `JSON.parse`, `JSON.stringify`), so the widget carries no JSON parser or tree of its own.
//! Outgoing structures defined in `tessera-core` are written with serde and handed over as text.

use crate::prelude::*;
use js_sys::{Object, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A core error as JS sees it: its stable code.
pub fn error(e: tessera_core::Error) -> JsValue {
    JsValue::from_str(e.code())
}

/// `value[key]`, or `undefined`.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `value[a][b]…`, or `undefined` as soon as a step is missing.
pub fn at(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| if v.is_object() { get(&v, key) } else { JsValue::UNDEFINED })
}

/// `value[key]` when it is a string; empty otherwise.
pub fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// `{ key: value, … }`.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (key, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(key), value);
    }
    o.into()
}

/// A serde value as a JS value (through JSON text, which both sides agree on).
pub fn from_serde<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value).ok().and_then(|text| JSON::parse(&text).ok()).unwrap_or(JsValue::NULL)
}

/// The value JSON text stands for, or `null` when it is not JSON.
pub fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// The JSON text of a JS value.
pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.mark(name)`: the start's steps in the browser's own timeline, where the bench
    /// (and a shopper's DevTools) read what ready waited for.
    #[wasm_bindgen(js_namespace = performance)]
    pub fn mark(name: &str);
}
