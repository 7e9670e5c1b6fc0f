//! What the protocol needs from cryptography, as a trait.
//!
//! The same JOSE code runs with two providers: [`RustCrypto`] (pure Rust, for native tests, test
//! vectors and any runtime without WebCrypto) and a WebCrypto provider for browsers and workerd,
//! where the platform's P-256 is an order of magnitude cheaper than P-256 compiled to wasm.
//! WebCrypto is asynchronous and binds each imported key to one algorithm, so key agreement and
//! signatures are `async` and every key kind has its own associated type.
//!
//! HMAC and HKDF are not here: they are cheap in pure Rust over the short inputs the protocol
//! hashes. SHA-256 is, with a pure-Rust default, only so the widget can use the browser's and
//! leave a hash implementation out of what shoppers download (feature `webcrypto-digest`).

use crate::prelude::*;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;
#[cfg(feature = "webcrypto")]
mod webcrypto;

#[cfg(feature = "rustcrypto")]
pub use rustcrypto::RustCrypto;
#[cfg(feature = "webcrypto")]
pub use webcrypto::WebCrypto;
use zeroize::Zeroizing;

use crate::jwk::{PrivateJwk, PublicJwk};
use crate::Result;

/// An ES256 signature: r ‖ s, 32 bytes each, big-endian (RFC 7518 §3.4).
pub type RawSignature = [u8; 64];

/// A P-256 ECDH shared secret: the x coordinate of the shared point.
pub type SharedSecret = Zeroizing<[u8; 32]>;

/// P-256 ECDH, ECDSA with SHA-256, AES-GCM and randomness.
///
/// Importing a public key must refuse points that are not on P-256 (or are the point at
/// infinity): that check is what stops invalid-curve attacks on ECDH.
#[allow(async_fn_in_trait)]
pub trait Crypto {
    /// A public key imported for ECDSA verification.
    type VerifyingKey;
    /// A private key usable only for ECDSA signing.
    type SigningKey;
    /// A private key usable only for ECDH.
    type AgreementKey;
    /// A public key imported as the peer of an ECDH agreement.
    type PeerKey;

    /// Fills `out` from the platform's cryptographically secure generator.
    fn fill_random(&self, out: &mut [u8]) -> Result<()>;

    /// Imports a public key for signature verification; refuses points off the curve.
    async fn import_verifying_key(&self, jwk: &PublicJwk) -> Result<Self::VerifyingKey>;
    /// Imports a public key as an ECDH peer; refuses points off the curve.
    async fn import_peer_key(&self, jwk: &PublicJwk) -> Result<Self::PeerKey>;
    /// Imports a private key for signing; refuses a scalar of 0 or ≥ n, or one that does not match
    /// the JWK's public point.
    async fn import_signing_key(&self, jwk: &PrivateJwk) -> Result<Self::SigningKey>;
    /// Imports a private key for ECDH, with the same checks as [`Crypto::import_signing_key`].
    async fn import_agreement_key(&self, jwk: &PrivateJwk) -> Result<Self::AgreementKey>;

    /// Makes a fresh signing key and returns it with its public JWK.
    async fn generate_signing_key(&self) -> Result<(Self::SigningKey, PublicJwk)>;
    /// Makes a fresh ECDH key (for example a JWE's ephemeral key) with its public JWK.
    async fn generate_agreement_key(&self) -> Result<(Self::AgreementKey, PublicJwk)>;

    /// ECDSA P-256 with SHA-256 over `message`.
    async fn sign_es256(&self, key: &Self::SigningKey, message: &[u8]) -> Result<RawSignature>;
    /// Whether `signature` is a valid ECDSA P-256 SHA-256 signature of `message` under `key`.
    async fn verify_es256(
        &self,
        key: &Self::VerifyingKey,
        message: &[u8],
        signature: &RawSignature,
    ) -> Result<bool>;
    /// The ECDH shared secret between `key` and `peer`.
    async fn ecdh(&self, key: &Self::AgreementKey, peer: &Self::PeerKey) -> Result<SharedSecret>;

    /// SHA-256. In pure Rust by default: cheap, and in wasm far cheaper than a promise; a
    /// provider may hand it to the platform instead to keep a hash out of its binary.
    async fn sha256(&self, data: &[u8]) -> Result<[u8; 32]> {
        Ok(crate::kdf::sha256(data))
    }

    /// [`Crypto::import_verifying_key`] then [`Crypto::verify_es256`]: one step where a provider
    /// can do both at once (each WebCrypto await is a trip through the event loop).
    async fn verify_es256_jwk(&self, jwk: &PublicJwk, message: &[u8], signature: &RawSignature) -> Result<bool> {
        let key = self.import_verifying_key(jwk).await?;
        self.verify_es256(&key, message, signature).await
    }
    /// [`Crypto::import_peer_key`] then [`Crypto::ecdh`], likewise in one step where possible.
    async fn ecdh_jwk(&self, key: &Self::AgreementKey, peer: &PublicJwk) -> Result<SharedSecret> {
        let peer = self.import_peer_key(peer).await?;
        self.ecdh(key, &peer).await
    }

    /// AES-GCM with a 96-bit IV; returns ciphertext ‖ 128-bit tag. Keys of 16, 24 or 32 bytes.
    async fn aes_gcm_seal(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>>;
    /// Opens ciphertext ‖ 128-bit tag; any change to key, IV, AAD or data gives
    /// [`crate::Error::DecryptionFailed`].
    async fn aes_gcm_open(
        &self,
        key: &[u8],
        iv: &[u8; 12],
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>>;
}

/// Random bytes from `crypto` as a fixed-size array.
pub fn random_array<C: Crypto + ?Sized, const N: usize>(crypto: &C) -> Result<[u8; N]> {
    let mut out = [0u8; N];
    crypto.fill_random(&mut out)?;
    Ok(out)
}
