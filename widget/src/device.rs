//! The device key: a P-256 key pair made by WebCrypto as non-extractable, kept in IndexedDB,
//! signing a fresh DPoP proof for every request. Its thumbprint is the device's identity.

use tessera_core::jwk::PublicJwk;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CryptoKey;

use crate::js;

#[wasm_bindgen(module = "/js/device_store.js")]
extern "C" {
    #[wasm_bindgen(js_name = devicePair, catch)]
    async fn device_pair() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = replacePair, catch)]
    async fn replace_pair() -> Result<JsValue, JsValue>;
}

/// The device's signing key and its public JWK.
#[derive(Clone)]
pub struct DeviceKey {
    /// Non-extractable: usable for signing, unreadable.
    pub private: CryptoKey,
    /// Embedded in each DPoP proof.
    pub public: PublicJwk,
}

/// The pair as the store hands it over: the private key, and the public key's uncompressed
/// point (0x04 ‖ x ‖ y), exported by the store as soon as it had the key.
fn usable(pair: &JsValue) -> Option<DeviceKey> {
    let private = js::get(pair, "privateKey").dyn_into::<CryptoKey>().ok()?;
    let point = js_sys::Uint8Array::new(&js::get(pair, "point")).to_vec();
    let [4, xy @ ..] = point.as_slice() else { return None };
    let (x, y) = xy.split_at_checked(32)?;
    Some(DeviceKey { private, public: PublicJwk::from_coordinates(x.try_into().ok()?, y.try_into().ok()?) })
}

/// The stored device key, or a new one (stored for next time), from the lookup the widget's
/// glue started as it loaded. A stored pair that no longer works is replaced; where storage is
/// unavailable the key lives for this page only, and the edge will see a new device next time.
pub async fn load_or_create() -> Result<DeviceKey, JsValue> {
    if let Some(device) = device_pair().await.ok().as_ref().and_then(usable) {
        return Ok(device);
    }
    replace_pair().await.ok().as_ref().and_then(usable).ok_or_else(|| JsValue::from_str("device_key_unavailable"))
}
