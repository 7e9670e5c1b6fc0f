//! The widget's confirm cryptography, built once per crypto provider so `npm run bench` can weigh
//! them in the browser on the same footing: the size each adds to the wasm, and the time to
//! encrypt a card to the edge (ECDH-ES + A256GCM) and sign a DPoP proof with a device key.
//! Not shipped: the widget itself uses WebCrypto (see docs/BENCHMARKS.md for why).

#[cfg(all(feature = "webcrypto", feature = "rustcrypto"))]
compile_error!("build the probe with one provider feature");

use tessera_core::crypto::Crypto;
use tessera_core::jwk::PublicJwk;
use tessera_core::{dpop, jwe};
use wasm_bindgen::prelude::*;

#[cfg(feature = "rustcrypto")]
fn provider() -> Result<tessera_core::crypto::RustCrypto, JsValue> {
    Ok(tessera_core::crypto::RustCrypto)
}

#[cfg(feature = "webcrypto")]
fn provider() -> Result<tessera_core::crypto::WebCrypto, JsValue> {
    tessera_core::crypto::WebCrypto::new().map_err(|e| JsValue::from_str(e.code()))
}

fn error(e: tessera_core::Error) -> JsValue {
    JsValue::from_str(e.code())
}

/// Which provider this build carries.
#[wasm_bindgen]
pub fn provider_name() -> String {
    if cfg!(feature = "rustcrypto") { "rustcrypto".into() } else { "webcrypto".into() }
}

/// Makes a device key, then `n` times encrypts `card` to `recipient` (a public JWK with a
/// `kid`) and signs a DPoP proof for `url`; returns milliseconds per encrypt + sign.
#[wasm_bindgen]
pub async fn encrypt_and_sign(recipient: String, card: String, url: String, n: u32) -> Result<f64, JsValue> {
    let crypto = provider()?;
    let recipient: PublicJwk = recipient.parse().map_err(error)?;
    let (device, device_jwk) = crypto.generate_signing_key().await.map_err(error)?;
    let started = js_sys::Date::now();
    for _ in 0..n.max(1) {
        let sealed = jwe::encrypt(&crypto, &recipient, "cs_probe", card.as_bytes()).await.map_err(error)?;
        let request = dpop::Request { method: "POST", url: &url, iat: 1_800_000_000, nonce: None, access_token: None };
        let proof = dpop::build(&crypto, &device, &device_jwk, &request).await.map_err(error)?;
        if sealed.is_empty() || proof.is_empty() {
            return Err(JsValue::from_str("empty output"));
        }
    }
    Ok((js_sys::Date::now() - started) / f64::from(n.max(1)))
}
