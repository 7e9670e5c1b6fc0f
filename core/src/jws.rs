//! JWS compact serialization with ES256 only (RFC 7515, RFC 7518 §3.4).
//!
//! A verifier that accepts more than it needs is how `alg: none` and HMAC-with-a-public-key
//! attacks happen, so the header must say exactly `ES256`, no `crit` extension is honoured and a
//! signature must be 64 bytes with r and s in 1..n-1 before any curve arithmetic runs.

use crate::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use crate::crypto::{Crypto, RawSignature};
use crate::jwk::PublicJwk;
use crate::{b64, Error, Result};

/// The one signature algorithm Tessera signs and accepts.
pub const ALG: &str = "ES256";

/// The largest compact JWS accepted: DPoP proofs are well under a kilobyte.
pub const MAX_JWS_LEN: usize = 8 * 1024;

/// The order n of the P-256 group, big-endian.
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// The protected header members Tessera reads. Unknown members are ignored, as RFC 7515 §4
/// requires; a member given twice makes the header invalid.
#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    /// Must be `ES256`.
    pub alg: String,
    /// The media type, `dpop+jwt` for DPoP proofs.
    pub typ: Option<String>,
    /// The signer's public key, for self-contained proofs such as DPoP.
    pub jwk: Option<Value>,
    /// A key id.
    pub kid: Option<String>,
    crit: Option<Value>,
}

/// A compact JWS whose structure and header have been checked but whose signature has not.
#[derive(Debug, Clone)]
pub struct UnverifiedJws<'a> {
    header: Header,
    signing_input: &'a str,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl<'a> UnverifiedJws<'a> {
    /// Parses `header.payload.signature`, refusing anything but an ES256 header without `crit`.
    pub fn parse(compact: &'a str) -> Result<Self> {
        Self::parse_up_to(compact, MAX_JWS_LEN)
    }

    /// [`UnverifiedJws::parse`] for formats larger than a proof (the asset manifest), up to `max` bytes.
    pub fn parse_up_to(compact: &'a str, max: usize) -> Result<Self> {
        if compact.len() > max {
            return Err(Error::InputTooLarge);
        }
        let mut parts = compact.split('.');
        let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(Error::MalformedJws);
        };
        let header_bytes = b64::decode(h).map_err(|_| Error::MalformedJws)?;
        let header: Header = serde_json::from_slice(&header_bytes).map_err(|_| Error::MalformedJws)?;
        if header.crit.is_some() {
            return Err(Error::UnsupportedCritical);
        }
        if header.alg != ALG {
            return Err(Error::UnsupportedAlgorithm);
        }
        Ok(Self {
            header,
            signing_input: &compact[..h.len() + 1 + p.len()],
            payload: b64::decode(p).map_err(|_| Error::MalformedJws)?,
            signature: b64::decode(s).map_err(|_| Error::InvalidSignature)?,
        })
    }

    /// The protected header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Checks the signature with `key` and returns the payload.
    pub async fn verify<C: Crypto>(self, crypto: &C, key: &C::VerifyingKey) -> Result<Vec<u8>> {
        verify_signature(crypto, key, self.signing_input.as_bytes(), &self.signature).await?;
        Ok(self.payload)
    }

    /// Checks the signature with the public key `jwk` (imported on the way, refusing points off
    /// the curve) and returns the payload.
    pub async fn verify_with_jwk<C: Crypto>(self, crypto: &C, jwk: &PublicJwk) -> Result<Vec<u8>> {
        verify_signature_jwk(crypto, jwk, self.signing_input.as_bytes(), &self.signature).await?;
        Ok(self.payload)
    }
}

/// The ES256 signature check every JWS goes through: exactly 64 bytes, r and s in 1..n-1, then
/// the provider's ECDSA verification.
pub async fn verify_signature<C: Crypto>(crypto: &C, key: &C::VerifyingKey, message: &[u8], signature: &[u8]) -> Result<()> {
    let raw = signature_shape(signature)?;
    accepted(crypto.verify_es256(key, message, raw).await?)
}

/// [`verify_signature`] under a public key not yet imported (DPoP proofs carry theirs).
pub async fn verify_signature_jwk<C: Crypto>(crypto: &C, jwk: &PublicJwk, message: &[u8], signature: &[u8]) -> Result<()> {
    let raw = signature_shape(signature)?;
    accepted(crypto.verify_es256_jwk(jwk, message, raw).await?)
}

/// Exactly 64 bytes, with r and s each in 1..n-1: what any ES256 signature must be before a
/// provider sees it.
fn signature_shape(signature: &[u8]) -> Result<&RawSignature> {
    let raw: &RawSignature = signature.try_into().map_err(|_| Error::InvalidSignature)?;
    let (r, s) = raw.split_at(32);
    if !scalar_in_range(r) || !scalar_in_range(s) {
        return Err(Error::InvalidSignature);
    }
    Ok(raw)
}

fn accepted(valid: bool) -> Result<()> {
    if valid { Ok(()) } else { Err(Error::InvalidSignature) }
}

/// Whether a 32-byte big-endian integer is in 1..n-1.
fn scalar_in_range(v: &[u8]) -> bool {
    v.iter().any(|&b| b != 0) && v < P256_ORDER.as_slice()
}

/// Signs `payload` under a protected header built from `header` (whose `alg` is set to ES256).
pub async fn sign<C: Crypto>(
    crypto: &C,
    key: &C::SigningKey,
    mut header: serde_json::Map<String, Value>,
    payload: &[u8],
) -> Result<String> {
    header.insert("alg".into(), ALG.into());
    let header_json = serde_json::to_vec(&header).map_err(|_| Error::InvalidJson)?;
    sign_encoded(crypto, key, &header_json, payload).await
}

/// Signs `payload` under `header_json`, the header's JSON as it will be encoded; the caller
/// has put `"alg": "ES256"` in it.
pub async fn sign_encoded<C: Crypto>(crypto: &C, key: &C::SigningKey, header_json: &[u8], payload: &[u8]) -> Result<String> {
    let mut compact = b64::encode(header_json);
    compact.push('.');
    compact.push_str(&b64::encode(payload));
    let signature = crypto.sign_es256(key, compact.as_bytes()).await?;
    compact.push('.');
    compact.push_str(&b64::encode(&signature));
    Ok(compact)
}

#[cfg(test)]
#[path = "jws_tests.rs"]
mod tests;
