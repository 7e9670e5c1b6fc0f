//! The WebCrypto provider: the platform's SubtleCrypto, in browsers and in workerd.
//!
//! Keys stay inside the platform as `CryptoKey`s, so a device key made here can be
//! non-extractable: script in the page can use it to sign but never read it. Importing an EC key
//! makes the platform check the point is on the curve, which is the invalid-curve check.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair, SubtleCrypto};
use zeroize::Zeroizing;

use super::{Crypto, RawSignature, SharedSecret};
use crate::jwk::{PrivateJwk, PublicJwk};
use crate::{b64, Error, Result};

/// SubtleCrypto and `getRandomValues` from the global `crypto` object.
#[derive(Clone)]
pub struct WebCrypto {
    crypto: web_sys::Crypto,
    subtle: SubtleCrypto,
}

impl core::fmt::Debug for WebCrypto {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("WebCrypto")
    }
}

/// Builds `{ key: value, … }`.
fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|u| JsValue::from_str(u)).collect::<Array>().into()
}

fn ec(name: &str) -> Object {
    object(&[("name", name.into()), ("namedCurve", "P-256".into())])
}

async fn call(promise: core::result::Result<Promise, JsValue>, error: Error) -> Result<JsValue> {
    JsFuture::from(promise.map_err(|_| error)?).await.map_err(|_| error)
}

fn bytes(value: &JsValue) -> Vec<u8> {
    Uint8Array::new(value).to_vec()
}

fn jwk_object(jwk: &PublicJwk, d: Option<&[u8; 32]>) -> Object {
    let mut entries = vec![
        ("kty", JsValue::from_str("EC")),
        ("crv", "P-256".into()),
        ("x", b64::encode(jwk.x()).into()),
        ("y", b64::encode(jwk.y()).into()),
    ];
    if let Some(d) = d {
        entries.push(("d", b64::encode(d).into()));
    }
    object(&entries)
}

fn text(o: &JsValue, key: &str) -> Result<String> {
    Reflect::get(o, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).ok_or(Error::CryptoProvider)
}

impl WebCrypto {
    /// The provider over the global `crypto` (window, worker or workerd).
    pub fn new() -> Result<Self> {
        let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| Error::CryptoProvider)?;
        if crypto.is_undefined() {
            return Err(Error::CryptoProvider);
        }
        let crypto: web_sys::Crypto = crypto.unchecked_into();
        let subtle = crypto.subtle();
        Ok(Self { crypto, subtle })
    }

    async fn import(&self, jwk: Object, algorithm: &str, extractable: bool, uses: &[&str]) -> Result<CryptoKey> {
        let key = call(self.subtle.import_key_with_object("jwk", &jwk, &ec(algorithm), extractable, &usages(uses)), Error::InvalidKey).await?;
        Ok(key.unchecked_into())
    }

    async fn generate(&self, algorithm: &str, uses: &[&str]) -> Result<(CryptoKey, PublicJwk)> {
        // Not extractable: the private key can be used but never read, even by this page.
        let pair: CryptoKeyPair = call(self.subtle.generate_key_with_object(&ec(algorithm), false, &usages(uses)), Error::CryptoProvider).await?.unchecked_into();
        let public = self.export_public(&pair.get_public_key()).await?;
        Ok((pair.get_private_key(), public))
    }

    /// The public JWK of a public `CryptoKey` (public keys are always exportable).
    pub async fn export_public(&self, key: &CryptoKey) -> Result<PublicJwk> {
        let jwk = call(self.subtle.export_key("jwk", key), Error::CryptoProvider).await?;
        let x = b64::decode_array::<32>(&text(&jwk, "x")?)?;
        let y = b64::decode_array::<32>(&text(&jwk, "y")?)?;
        Ok(PublicJwk::from_coordinates(x, y))
    }

    /// A new non-extractable ECDSA key pair, as stored for a device (the pair keeps the public
    /// key usable for export later).
    pub async fn generate_device_key(&self) -> Result<CryptoKeyPair> {
        let pair = call(self.subtle.generate_key_with_object(&ec("ECDSA"), false, &usages(&["sign", "verify"])), Error::CryptoProvider).await?;
        Ok(pair.unchecked_into())
    }

    async fn aes_key(&self, key: &[u8], usage: &str) -> Result<CryptoKey> {
        if ![16, 24, 32].contains(&key.len()) {
            return Err(Error::InvalidKey);
        }
        let raw = Uint8Array::from(key);
        let algorithm = object(&[("name", "AES-GCM".into())]);
        // importKey("raw", …) takes a BufferSource; a Uint8Array is one.
        let promise = self.subtle.import_key_with_object("raw", &raw, &algorithm, false, &usages(&[usage]));
        Ok(call(promise, Error::InvalidKey).await?.unchecked_into())
    }

    fn gcm(iv: &[u8; 12], aad: &[u8]) -> Object {
        object(&[
            ("name", "AES-GCM".into()),
            ("iv", Uint8Array::from(&iv[..]).into()),
            ("additionalData", Uint8Array::from(aad).into()),
            ("tagLength", 128.into()),
        ])
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
            self.crypto.get_random_values_with_u8_array(chunk).map_err(|_| Error::RandomUnavailable)?;
        }
        Ok(())
    }

    async fn import_verifying_key(&self, jwk: &PublicJwk) -> Result<CryptoKey> {
        self.import(jwk_object(jwk, None), "ECDSA", true, &["verify"]).await
    }

    async fn import_peer_key(&self, jwk: &PublicJwk) -> Result<CryptoKey> {
        self.import(jwk_object(jwk, None), "ECDH", true, &[]).await
    }

    async fn import_signing_key(&self, jwk: &PrivateJwk) -> Result<CryptoKey> {
        self.import(jwk_object(jwk.public(), Some(jwk.d())), "ECDSA", false, &["sign"]).await
    }

    async fn import_agreement_key(&self, jwk: &PrivateJwk) -> Result<CryptoKey> {
        self.import(jwk_object(jwk.public(), Some(jwk.d())), "ECDH", false, &["deriveBits"]).await
    }

    async fn generate_signing_key(&self) -> Result<(CryptoKey, PublicJwk)> {
        self.generate("ECDSA", &["sign", "verify"]).await
    }

    async fn generate_agreement_key(&self) -> Result<(CryptoKey, PublicJwk)> {
        self.generate("ECDH", &["deriveBits"]).await
    }

    async fn sign_es256(&self, key: &CryptoKey, message: &[u8]) -> Result<RawSignature> {
        let algorithm = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
        let signature = call(self.subtle.sign_with_object_and_js_u8_array(&algorithm, key, &Uint8Array::from(message)), Error::CryptoProvider).await?;
        bytes(&signature).try_into().map_err(|_| Error::CryptoProvider)
    }

    async fn verify_es256(&self, key: &CryptoKey, message: &[u8], signature: &RawSignature) -> Result<bool> {
        let algorithm = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
        let promise = self.subtle.verify_with_object_and_js_u8_array_and_js_u8_array(&algorithm, key, &Uint8Array::from(&signature[..]), &Uint8Array::from(message));
        Ok(call(promise, Error::CryptoProvider).await?.as_bool().unwrap_or(false))
    }

    async fn ecdh(&self, key: &CryptoKey, peer: &CryptoKey) -> Result<SharedSecret> {
        let algorithm = object(&[("name", "ECDH".into()), ("public", peer.into())]);
        let bits = call(self.subtle.derive_bits_with_object(&algorithm, key, 256), Error::InvalidKey).await?;
        let z: [u8; 32] = bytes(&bits).try_into().map_err(|_| Error::CryptoProvider)?;
        Ok(Zeroizing::new(z))
    }

    async fn aes_gcm_seal(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let key = self.aes_key(key, "encrypt").await?;
        let promise = self.subtle.encrypt_with_object_and_js_u8_array(&Self::gcm(iv, aad), &key, &Uint8Array::from(plaintext));
        Ok(bytes(&call(promise, Error::CryptoProvider).await?))
    }

    async fn aes_gcm_open(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let key = self.aes_key(key, "decrypt").await?;
        let promise = self.subtle.decrypt_with_object_and_js_u8_array(&Self::gcm(iv, aad), &key, &Uint8Array::from(sealed));
        Ok(Zeroizing::new(bytes(&call(promise, Error::DecryptionFailed).await?)))
    }
}
