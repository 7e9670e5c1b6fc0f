//! The WebCrypto provider: the platform's SubtleCrypto, in browsers and in workerd.
//!
//! Keys stay inside the platform as `CryptoKey`s, so a device key made here can be
//! non-extractable: script in the page can use it to sign but never read it. Importing an EC key
//! makes the platform check the point is on the curve, which is the invalid-curve check.
//!
//! The calls go through a small module (`js/webcrypto.js`) that does each step in one promise:
//! every await from wasm costs a trip through the microtask queue, and building algorithm
//! dictionaries property by property across the boundary costs more than the crypto they name.
//! With `rust-aead` (the edge) AES-GCM is RustCrypto's instead: over the few hundred bytes a
//! JWE or a sealed secret holds, an import, a decrypt and a promise cost more than the cipher.

use crate::prelude::*;
use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;
use zeroize::Zeroizing;

use super::{Crypto, RawSignature, SharedSecret};
use crate::jwk::{PrivateJwk, PublicJwk};
use crate::{b64, Error, Result};

#[wasm_bindgen(module = "/js/webcrypto.js")]
extern "C" {
    fn available() -> bool;
    #[wasm_bindgen(js_name = fillRandom, catch)]
    fn fill_random_js(out: &mut [u8]) -> core::result::Result<(), JsValue>;
    #[wasm_bindgen(js_name = importPublic)]
    fn import_public(name: &str, raw: &[u8]) -> Promise;
    #[wasm_bindgen(js_name = importPrivate)]
    fn import_private(name: &str, x: &str, y: &str, d: &str) -> Promise;
    fn generate(name: &str) -> Promise;
    fn sign(key: &CryptoKey, message: &[u8]) -> Promise;
    fn verify(key: &CryptoKey, signature: &[u8], message: &[u8]) -> Promise;
    #[wasm_bindgen(js_name = verifyWith)]
    fn verify_with(raw: &[u8], signature: &[u8], message: &[u8]) -> Promise;
    fn derive(key: &CryptoKey, peer: &CryptoKey) -> Promise;
    #[wasm_bindgen(js_name = deriveWith)]
    fn derive_with(key: &CryptoKey, raw: &[u8]) -> Promise;
    #[cfg(feature = "webcrypto-digest")]
    fn digest(data: &[u8]) -> Promise;
    #[cfg(not(feature = "rust-aead"))]
    #[wasm_bindgen(js_name = aesGcm)]
    fn aes_gcm(seal: bool, key: &[u8], iv: &[u8], aad: &[u8], data: &[u8]) -> Promise;
}

/// SubtleCrypto and `getRandomValues` from the global `crypto` object.
#[derive(Clone)]
pub struct WebCrypto(());

impl core::fmt::Debug for WebCrypto {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("WebCrypto")
    }
}

/// Awaits `promise`; a rejection with `invalid_key` (an import refused) is [`Error::InvalidKey`],
/// any other is `error`.
async fn call(promise: Promise, error: Error) -> Result<JsValue> {
    JsFuture::from(promise).await.map_err(|e| if e.as_string().as_deref() == Some("invalid_key") { Error::InvalidKey } else { error })
}

fn bytes(value: &JsValue) -> Vec<u8> {
    Uint8Array::new(value).to_vec()
}

/// The uncompressed SEC1 point (0x04 ‖ x ‖ y) WebCrypto's `raw` format takes.
fn point(jwk: &PublicJwk) -> [u8; 65] {
    let mut raw = [4u8; 65];
    raw[1..33].copy_from_slice(jwk.x());
    raw[33..].copy_from_slice(jwk.y());
    raw
}

fn from_point(raw: &[u8]) -> Result<PublicJwk> {
    match raw {
        [4, xy @ ..] if xy.len() == 64 => {
            let (x, y) = xy.split_at(32);
            Ok(PublicJwk::from_coordinates(x.try_into().map_err(|_| Error::CryptoProvider)?, y.try_into().map_err(|_| Error::CryptoProvider)?))
        }
        _ => Err(Error::CryptoProvider),
    }
}

#[cfg(not(feature = "rust-aead"))]
fn check_aes_key(key: &[u8]) -> Result<()> {
    if [16, 24, 32].contains(&key.len()) { Ok(()) } else { Err(Error::InvalidKey) }
}

impl WebCrypto {
    /// The provider over the global `crypto` (window, worker or workerd).
    pub fn new() -> Result<Self> {
        if available() { Ok(Self(())) } else { Err(Error::CryptoProvider) }
    }

    async fn import_private_key(&self, jwk: &PrivateJwk, name: &str) -> Result<CryptoKey> {
        let public = jwk.public();
        let d = Zeroizing::new(b64::encode(jwk.d()));
        let promise = import_private(name, &b64::encode(public.x()), &b64::encode(public.y()), &d);
        Ok(call(promise, Error::InvalidKey).await?.unchecked_into())
    }

    async fn generate(&self, name: &str) -> Result<(CryptoKey, PublicJwk)> {
        let pair: Array = call(generate(name), Error::CryptoProvider).await?.unchecked_into();
        Ok((pair.get(0).unchecked_into(), from_point(&bytes(&pair.get(1)))?))
    }
}

impl Crypto for WebCrypto {
    type VerifyingKey = CryptoKey;
    type SigningKey = CryptoKey;
    type AgreementKey = CryptoKey;
    type PeerKey = CryptoKey;

    fn fill_random(&self, out: &mut [u8]) -> Result<()> {
        // getRandomValues fills at most 65536 bytes per call.
        for chunk in out.chunks_mut(65_536) {
            fill_random_js(chunk).map_err(|_| Error::RandomUnavailable)?;
        }
        Ok(())
    }

    async fn import_verifying_key(&self, jwk: &PublicJwk) -> Result<CryptoKey> {
        Ok(call(import_public("ECDSA", &point(jwk)), Error::InvalidKey).await?.unchecked_into())
    }

    async fn import_peer_key(&self, jwk: &PublicJwk) -> Result<CryptoKey> {
        Ok(call(import_public("ECDH", &point(jwk)), Error::InvalidKey).await?.unchecked_into())
    }

    async fn import_signing_key(&self, jwk: &PrivateJwk) -> Result<CryptoKey> {
        self.import_private_key(jwk, "ECDSA").await
    }

    async fn import_agreement_key(&self, jwk: &PrivateJwk) -> Result<CryptoKey> {
        self.import_private_key(jwk, "ECDH").await
    }

    async fn generate_signing_key(&self) -> Result<(CryptoKey, PublicJwk)> {
        self.generate("ECDSA").await
    }

    async fn generate_agreement_key(&self) -> Result<(CryptoKey, PublicJwk)> {
        self.generate("ECDH").await
    }

    async fn sign_es256(&self, key: &CryptoKey, message: &[u8]) -> Result<RawSignature> {
        bytes(&call(sign(key, message), Error::CryptoProvider).await?).try_into().map_err(|_| Error::CryptoProvider)
    }

    async fn verify_es256(&self, key: &CryptoKey, message: &[u8], signature: &RawSignature) -> Result<bool> {
        Ok(call(verify(key, signature, message), Error::CryptoProvider).await?.as_bool().unwrap_or(false))
    }

    #[cfg(feature = "webcrypto-digest")]
    async fn sha256(&self, data: &[u8]) -> Result<[u8; 32]> {
        bytes(&call(digest(data), Error::CryptoProvider).await?).try_into().map_err(|_| Error::CryptoProvider)
    }

    async fn verify_es256_jwk(&self, jwk: &PublicJwk, message: &[u8], signature: &RawSignature) -> Result<bool> {
        Ok(call(verify_with(&point(jwk), signature, message), Error::CryptoProvider).await?.as_bool().unwrap_or(false))
    }

    async fn ecdh(&self, key: &CryptoKey, peer: &CryptoKey) -> Result<SharedSecret> {
        shared_secret(call(derive(key, peer), Error::InvalidKey).await?)
    }

    async fn ecdh_jwk(&self, key: &CryptoKey, peer: &PublicJwk) -> Result<SharedSecret> {
        shared_secret(call(derive_with(key, &point(peer)), Error::InvalidKey).await?)
    }

    #[cfg(not(feature = "rust-aead"))]
    async fn aes_gcm_seal(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        check_aes_key(key)?;
        Ok(bytes(&call(aes_gcm(true, key, iv, aad, plaintext), Error::CryptoProvider).await?))
    }

    #[cfg(not(feature = "rust-aead"))]
    async fn aes_gcm_open(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        check_aes_key(key)?;
        Ok(Zeroizing::new(bytes(&call(aes_gcm(false, key, iv, aad, sealed), Error::DecryptionFailed).await?)))
    }

    #[cfg(feature = "rust-aead")]
    async fn aes_gcm_seal(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        super::RustCrypto.aes_gcm_seal(key, iv, aad, plaintext).await
    }

    #[cfg(feature = "rust-aead")]
    async fn aes_gcm_open(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        super::RustCrypto.aes_gcm_open(key, iv, aad, sealed).await
    }
}

fn shared_secret(bits: JsValue) -> Result<SharedSecret> {
    let z: [u8; 32] = bytes(&bits).try_into().map_err(|_| Error::CryptoProvider)?;
    Ok(Zeroizing::new(z))
}
