//! The device key: a P-256 key pair made by WebCrypto as non-extractable, kept in IndexedDB,
//! signing a fresh DPoP proof for every request. Its thumbprint is the device's identity.

use tessera_core::crypto::WebCrypto;
use tessera_core::jwk::PublicJwk;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CryptoKey;

use crate::js;

#[wasm_bindgen(module = "/js/device_store.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadKeyPair, catch)]
    async fn load_key_pair() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = saveKeyPair, catch)]
    async fn save_key_pair(pair: &JsValue) -> Result<JsValue, JsValue>;
}

/// The device's signing key and its public JWK.
#[derive(Clone)]
pub struct DeviceKey {
    /// Non-extractable: usable for signing, unreadable.
    pub private: CryptoKey,
    /// Embedded in each DPoP proof.
    pub public: PublicJwk,
}

fn key(pair: &JsValue, name: &str) -> Option<CryptoKey> {
    js::get(pair, name).dyn_into::<CryptoKey>().ok()
}

/// The stored device key, or a new one (stored for next time). Where storage is unavailable the
/// key lives for this page only, and the edge will see a new device next time.
pub async fn load_or_create(crypto: &WebCrypto) -> Result<DeviceKey, JsValue> {
    if let Ok(pair) = load_key_pair().await
        && let (Some(private), Some(public)) = (key(&pair, "privateKey"), key(&pair, "publicKey"))
        && let Ok(public) = crypto.export_public(&public).await
    {
        return Ok(DeviceKey { private, public });
    }
    let pair = crypto.generate_device_key().await.map_err(js::error)?;
    let public = crypto.export_public(&pair.get_public_key()).await.map_err(js::error)?;
    let _ = save_key_pair(&pair).await;
    Ok(DeviceKey { private: pair.get_private_key(), public })
}
