//! The browser side of passkeys: turning the edge's JSON options into what
//! `navigator.credentials` takes (binary fields as buffers) and its answers back into JSON
//! (binary fields as base64url).

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde_json::{json, Value};
use tessera_core::b64;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::dom;

/// Whether this browser can use passkeys at all.
pub fn available() -> bool {
    Reflect::get(&dom::window(), &"PublicKeyCredential".into()).is_ok_and(|v| !v.is_undefined())
}

/// Whether a field is binary in WebAuthn's options: the challenge, the user handle and
/// credential ids (but not `rp.id`, which is a domain).
fn is_binary(parent: &str, key: &str) -> bool {
    key == "challenge" || (key == "id" && matches!(parent, "user" | "allowCredentials" | "excludeCredentials"))
}

/// JSON to a JS value, with binary fields (base64url text) turned into byte buffers.
fn to_js(value: &Value, parent: &str) -> JsValue {
    match value {
        Value::Object(map) => {
            let o = Object::new();
            for (k, v) in map {
                let converted = match v.as_str() {
                    Some(text) if is_binary(parent, k) => b64::decode(text).map(|b| Uint8Array::from(b.as_slice()).into()).unwrap_or(JsValue::NULL),
                    _ => to_js(v, k),
                };
                let _ = Reflect::set(&o, &JsValue::from_str(k), &converted);
            }
            o.into()
        }
        // Items of an array keep the array's name as their parent.
        Value::Array(items) => items.iter().map(|v| to_js(v, parent)).collect::<Array>().into(),
        other => js_sys::JSON::parse(&other.to_string()).unwrap_or(JsValue::NULL),
    }
}

fn buffer(target: &JsValue, key: &str) -> Result<String, JsValue> {
    let value = Reflect::get(target, &JsValue::from_str(key))?;
    Ok(b64::encode(&Uint8Array::new(&value).to_vec()))
}

async fn credentials(method: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let container = Reflect::get(&dom::window().navigator(), &"credentials".into())?;
    let call: Function = Reflect::get(&container, &method.into())?.dyn_into()?;
    let promise: Promise = call.call1(&container, &options)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Runs one ceremony and returns the credential as JSON, with the named response buffers.
async fn ceremony(method: &str, request: JsValue, fields: &[&str]) -> Result<Value, JsValue> {
    let credential = credentials(method, request).await?;
    let response = Reflect::get(&credential, &"response".into())?;
    let mut buffers = serde_json::Map::new();
    for field in fields {
        buffers.insert((*field).to_owned(), buffer(&response, field)?.into());
    }
    Ok(json!({
        "id": Reflect::get(&credential, &"id".into())?.as_string().unwrap_or_default(),
        "type": "public-key",
        "response": buffers,
    }))
}

/// Runs `navigator.credentials.get` with the edge's assertion options.
pub async fn get(options: &Value) -> Result<Value, JsValue> {
    let request = Object::new();
    Reflect::set(&request, &"publicKey".into(), &to_js(options, "publicKey"))?;
    ceremony("get", request.into(), &["clientDataJSON", "authenticatorData", "signature"]).await
}

/// Runs `navigator.credentials.create` with the edge's creation options.
pub async fn create(options: &Value) -> Result<Value, JsValue> {
    ceremony("create", to_js(options, ""), &["clientDataJSON", "attestationObject"]).await
}
