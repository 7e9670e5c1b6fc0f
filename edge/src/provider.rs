//! Which cryptography the edge's hot path uses: the runtime's WebCrypto (BoringSSL in workerd,
//! about ten times cheaper than P-256 compiled to wasm) or the pure-Rust provider. Chosen by
//! `CRYPTO_PROVIDER` (`webcrypto`, the default, or `rustcrypto`) so both can be measured.

use std::cell::RefCell;
use std::collections::HashMap;

use tessera_core::card::{Card, YearMonth};
use tessera_core::crypto::{Crypto, RustCrypto, WebCrypto};
use tessera_core::dpop::{self, Expected, ReplayGuard, Verified, Window};
use tessera_core::jwe::{self, KeyRing};
use tessera_core::jwk::{PrivateJwk, PublicJwk};
use tessera_core::keyset::EncryptionKeys;
use tessera_core::{Error, Result};
use web_sys::CryptoKey;

thread_local! {
    /// Imported decryption keys, kept for the isolate's life: importing a private key makes the
    /// platform check it against its public point, a scalar multiplication per request otherwise.
    /// Keyed by kid, and used only while the public key matches, so a rotated key under a reused
    /// kid is imported afresh.
    static WEB_KEYS: RefCell<HashMap<String, (PublicJwk, CryptoKey)>> = RefCell::new(HashMap::new());
}

/// A crypto provider, picked at run time.
pub enum Provider {
    /// The platform's SubtleCrypto.
    Web(WebCrypto),
    /// RustCrypto's p256 and aes-gcm, compiled to wasm.
    Rust(RustCrypto),
}

impl Provider {
    /// The provider `name` names (`webcrypto` unless `rustcrypto`).
    pub fn named(name: Option<&str>) -> Result<Self> {
        match name {
            Some("rustcrypto") => Ok(Provider::Rust(RustCrypto)),
            _ => Ok(Provider::Web(WebCrypto::new()?)),
        }
    }

    /// The name for logs and benchmarks.
    #[cfg(feature = "dev")]
    pub fn name(&self) -> &'static str {
        match self {
            Provider::Web(_) => "webcrypto",
            Provider::Rust(_) => "rustcrypto",
        }
    }

    /// Verifies a DPoP proof (RFC 9449 §4.3).
    pub async fn verify_dpop<R: ReplayGuard>(&self, proof: &str, expected: &Expected<'_>, window: Window, replay: &R) -> Result<Verified> {
        match self {
            Provider::Web(c) => dpop::verify(c, proof, expected, window, replay).await,
            Provider::Rust(c) => dpop::verify(c, proof, expected, window, replay).await,
        }
    }

    /// Decrypts a card JWE bound to `session_id` and checks the card as of `today`.
    pub async fn decrypt_card(&self, keys: &EncryptionKeys, compact: &str, session_id: &str, today: YearMonth) -> Result<Card> {
        let kid = jwe::key_id(compact)?;
        let private = keys.active().find(|k| k.public().kid() == Some(kid.as_str())).ok_or(Error::UnknownKeyId)?;
        match self {
            Provider::Web(c) => {
                let key = web_key(c, &kid, private).await?;
                decrypt_with(c, kid, key, compact, session_id, today).await
            }
            Provider::Rust(c) => {
                let key = c.import_agreement_key(private).await?;
                decrypt_with(c, kid, key, compact, session_id, today).await
            }
        }
    }
}

/// The imported WebCrypto key for `private`, from the isolate's cache or imported now.
async fn web_key(crypto: &WebCrypto, kid: &str, private: &PrivateJwk) -> Result<CryptoKey> {
    let public = private.public();
    let cached = WEB_KEYS.with(|cache| cache.borrow().get(kid).filter(|(p, _)| p.x() == public.x() && p.y() == public.y()).map(|(_, key)| key.clone()));
    if let Some(key) = cached {
        return Ok(key);
    }
    let key = crypto.import_agreement_key(private).await?;
    WEB_KEYS.with(|cache| cache.borrow_mut().insert(kid.to_owned(), (public.clone(), key.clone())));
    Ok(key)
}

/// Decrypts with the key the JWE names and checks the card.
async fn decrypt_with<C: Crypto>(crypto: &C, kid: String, key: C::AgreementKey, compact: &str, session_id: &str, today: YearMonth) -> Result<Card> {
    let mut ring = KeyRing::new();
    ring.insert(kid, key);
    let decrypted = jwe::decrypt(crypto, &ring, compact).await?;
    decrypted.expect_session(session_id)?;
    Card::from_json(&decrypted.plaintext, today)
}
