//! The pure-Rust provider, on RustCrypto's `p256` and `aes-gcm`.

use crate::prelude::*;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Aes256Gcm, AesGcm, Nonce};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::{PublicKey, SecretKey};
use zeroize::Zeroizing;

use super::{Crypto, RawSignature, SharedSecret};
use crate::jwk::{PrivateJwk, PublicJwk};
use crate::{Error, Result};

type Aes192Gcm = AesGcm<aes_gcm::aes::Aes192, aes_gcm::aead::consts::U12>;

/// Pure-Rust P-256, ECDSA and AES-GCM; randomness from `getrandom`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

impl RustCrypto {
    /// A new private key as a JWK (for tools that must store a key, such as development key
    /// generation; device keys in browsers are made non-extractable by WebCrypto instead).
    pub fn generate_private_jwk(&self) -> Result<PrivateJwk> {
        let secret = self.random_secret()?;
        Ok(private_jwk(&secret))
    }

    /// The private JWK for a known scalar (big-endian), with its public point computed.
    pub fn private_jwk_from_scalar(&self, d: &[u8; 32]) -> Result<PrivateJwk> {
        let secret = SecretKey::from_slice(d).map_err(|_| Error::InvalidKey)?;
        Ok(private_jwk(&secret))
    }

    fn random_secret(&self) -> Result<SecretKey> {
        // Rejection sampling: a uniformly random 256-bit string is ≥ n with probability ~2^-32.
        loop {
            let bytes = Zeroizing::new(super::random_array::<_, 32>(self)?);
            if let Ok(secret) = SecretKey::from_slice(bytes.as_slice()) {
                return Ok(secret);
            }
        }
    }
}

fn public_key(jwk: &PublicJwk) -> Result<PublicKey> {
    let mut sec1 = [0u8; 65];
    sec1[0] = 0x04;
    sec1[1..33].copy_from_slice(jwk.x());
    sec1[33..].copy_from_slice(jwk.y());
    // Decoding an uncompressed point checks that it satisfies the curve equation and is not the
    // identity: the invalid-curve check.
    PublicKey::from_sec1_bytes(&sec1).map_err(|_| Error::InvalidKey)
}

fn secret_key(jwk: &PrivateJwk) -> Result<SecretKey> {
    let secret = SecretKey::from_slice(jwk.d()).map_err(|_| Error::InvalidKey)?;
    if public_jwk(&secret.public_key()) != jwk.public().bare() {
        return Err(Error::InvalidKey);
    }
    Ok(secret)
}

fn public_jwk(key: &PublicKey) -> PublicJwk {
    let point = key.as_affine();
    let encoded = p256::elliptic_curve::sec1::ToSec1Point::to_sec1_point(point, false);
    let (x, y) = (encoded.x().expect("not identity"), encoded.y().expect("uncompressed"));
    PublicJwk::from_coordinates(x.as_slice().try_into().expect("32"), y.as_slice().try_into().expect("32"))
}

fn private_jwk(secret: &SecretKey) -> PrivateJwk {
    let d: Zeroizing<[u8; 32]> = Zeroizing::new(secret.to_bytes().as_slice().try_into().expect("32"));
    PrivateJwk::new(public_jwk(&secret.public_key()), d)
}

impl Crypto for RustCrypto {
    type VerifyingKey = VerifyingKey;
    type SigningKey = SigningKey;
    type AgreementKey = SecretKey;
    type PeerKey = PublicKey;

    fn fill_random(&self, out: &mut [u8]) -> Result<()> {
        getrandom::fill(out).map_err(|_| Error::RandomUnavailable)
    }

    async fn import_verifying_key(&self, jwk: &PublicJwk) -> Result<VerifyingKey> {
        Ok(VerifyingKey::from(&public_key(jwk)?))
    }

    async fn import_peer_key(&self, jwk: &PublicJwk) -> Result<PublicKey> {
        public_key(jwk)
    }

    async fn import_signing_key(&self, jwk: &PrivateJwk) -> Result<SigningKey> {
        Ok(SigningKey::from(&secret_key(jwk)?))
    }

    async fn import_agreement_key(&self, jwk: &PrivateJwk) -> Result<SecretKey> {
        secret_key(jwk)
    }

    async fn generate_signing_key(&self) -> Result<(SigningKey, PublicJwk)> {
        let secret = self.random_secret()?;
        Ok((SigningKey::from(&secret), public_jwk(&secret.public_key())))
    }

    async fn generate_agreement_key(&self) -> Result<(SecretKey, PublicJwk)> {
        let secret = self.random_secret()?;
        let public = public_jwk(&secret.public_key());
        Ok((secret, public))
    }

    async fn sign_es256(&self, key: &SigningKey, message: &[u8]) -> Result<RawSignature> {
        let signature: Signature = key.sign(message);
        Ok(signature.to_bytes().as_slice().try_into().expect("64"))
    }

    async fn verify_es256(&self, key: &VerifyingKey, message: &[u8], signature: &RawSignature) -> Result<bool> {
        let Ok(signature) = Signature::from_slice(signature) else { return Ok(false) };
        Ok(key.verify(message, &signature).is_ok())
    }

    async fn ecdh(&self, key: &SecretKey, peer: &PublicKey) -> Result<SharedSecret> {
        let shared = p256::ecdh::diffie_hellman(key.to_nonzero_scalar(), peer.as_affine());
        Ok(Zeroizing::new(shared.raw_secret_bytes().as_slice().try_into().expect("32")))
    }

    async fn aes_gcm_seal(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let payload = Payload { msg: plaintext, aad };
        let sealed = match key.len() {
            16 => cipher::<Aes128Gcm>(key)?.encrypt(&Nonce::from(*iv), payload),
            24 => cipher::<Aes192Gcm>(key)?.encrypt(&Nonce::from(*iv), payload),
            32 => cipher::<Aes256Gcm>(key)?.encrypt(&Nonce::from(*iv), payload),
            _ => return Err(Error::InvalidKey),
        };
        sealed.map_err(|_| Error::CryptoProvider)
    }

    async fn aes_gcm_open(&self, key: &[u8], iv: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let payload = Payload { msg: sealed, aad };
        let opened = match key.len() {
            16 => cipher::<Aes128Gcm>(key)?.decrypt(&Nonce::from(*iv), payload),
            24 => cipher::<Aes192Gcm>(key)?.decrypt(&Nonce::from(*iv), payload),
            32 => cipher::<Aes256Gcm>(key)?.decrypt(&Nonce::from(*iv), payload),
            _ => return Err(Error::InvalidKey),
        };
        opened.map(Zeroizing::new).map_err(|_| Error::DecryptionFailed)
    }
}

fn cipher<A: KeyInit>(key: &[u8]) -> Result<A> {
    A::new_from_slice(key).map_err(|_| Error::InvalidKey)
}
