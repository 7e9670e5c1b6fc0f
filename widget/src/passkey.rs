//! The browser side of passkeys: turning the edge's JSON options into what
//! `navigator.credentials` takes (binary fields as buffers) and its answers back into JSON
//! (binary fields as base64url).

use crate::prelude::*;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use tessera_core::b64;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::{dom, js};

/// Whether this browser can use passkeys at all.
pub fn available() -> bool {
    Reflect::get(&dom::window(), &"PublicKeyCredential".into()).is_ok_and(|v| !v.is_undefined())
}

/// Whether a field is binary in WebAuthn's options: the challenge, the user handle and
/// credential ids (but not `rp.id`, which is a domain).
fn is_binary(parent: &str, key: &str) -> bool {
    key == "challenge" || (key == "id" && matches!(parent, "user" | "allowCredentials" | "excludeCredentials"))
}

/// The options as parsed from JSON, with binary fields (base64url text) turned into byte
/// buffers; `parent` is the name of the member holding `value`.
fn to_js(value: &JsValue, parent: &str) -> JsValue {
    if Array::is_array(value) {
        // Items of an array keep the array's name as their parent.
        return Array::from(value).iter().map(|item| to_js(&item, parent)).collect::<Array>().into();
    }
    if !value.is_object() {
        return value.clone();
    }
    let out = Object::new();
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let member = js::get(value, &name);
        let converted = match member.as_string() {
            Some(text) if is_binary(parent, &name) => b64::decode(&text).map(|b| Uint8Array::from(b.as_slice()).into()).unwrap_or(JsValue::NULL),
            _ => to_js(&member, &name),
        };
        let _ = Reflect::set(&out, &key, &converted);
    }
    out.into()
}

fn buffer(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    let value = Reflect::get(target, &JsValue::from_str(key))?;
    Ok(b64::encode(&Uint8Array::new(&value).to_vec()).into())
}

async fn credentials(method: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let container = Reflect::get(&dom::window().navigator(), &"credentials".into())?;
    let call: Function = Reflect::get(&container, &method.into())?.dyn_into()?;
    let promise: Promise = call.call1(&container, &options)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Runs one ceremony and returns the credential as JSON, with the named response buffers.
async fn ceremony(method: &str, request: JsValue, fields: &[&str]) -> Result<JsValue, JsValue> {
    let credential = credentials(method, request).await?;
    let response = js::get(&credential, "response");
    let mut buffers = Vec::with_capacity(fields.len());
    for field in fields {
        buffers.push((*field, buffer(&response, field)?));
    }
    Ok(js::object(&[("id", js::get(&credential, "id")), ("type", "public-key".into()), ("response", js::object(&buffers))]))
}

/// Runs `navigator.credentials.get` with the edge's assertion options.
pub async fn get(options: &JsValue) -> Result<JsValue, JsValue> {
    ceremony("get", js::object(&[("publicKey", to_js(options, "publicKey"))]), &["clientDataJSON", "authenticatorData", "signature"]).await
}

/// Runs `navigator.credentials.create` with the edge's creation options.
pub async fn create(options: &JsValue) -> Result<JsValue, JsValue> {
    ceremony("create", to_js(options, ""), &["clientDataJSON", "attestationObject"]).await
}
