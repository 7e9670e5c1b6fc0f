//! DPoP proofs (RFC 9449): the widget proves each request comes from the holder of its device
//! key, and the edge learns the device's identity (the key's RFC 7638 thumbprint) from it.
//!
//! Verification follows §4.3 step by step. The replay check comes last, after the signature, so
//! nobody can fill the replay store with proofs they could not have made.

use crate::prelude::*;
pub mod htu;

use serde::{Deserialize, Serialize};

use crate::crypto::{random_array, Crypto};
use crate::jwk::{PublicJwk, Thumbprint};
use crate::jws::{self, UnverifiedJws};
use crate::{b64, kdf, Error, Result};

/// The JOSE `typ` of a DPoP proof.
pub const TYP: &str = "dpop+jwt";

/// Bounds on `jti`: 96 bits of base64url is 16 characters; nothing legitimate needs 256.
const JTI_LEN: core::ops::RangeInclusive<usize> = 16..=256;

/// How old or how far ahead a proof's `iat` may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Seconds a proof stays acceptable after `iat`.
    pub max_age: u64,
    /// Seconds a proof's `iat` may be ahead of the verifier's clock.
    pub max_skew: u64,
}

impl Default for Window {
    /// Five minutes back, one minute ahead: room for a slow network and a slightly wrong clock.
    fn default() -> Self {
        Self { max_age: 300, max_skew: 60 }
    }
}

/// What the verifier knows about the request the proof came with.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The request's HTTP method.
    pub method: &'a str,
    /// The request's absolute URL (query and fragment are ignored).
    pub url: &'a str,
    /// The verifier's clock, seconds since the Unix epoch.
    pub now: u64,
    /// The nonce the server last gave this client, when it uses nonces.
    pub nonce: Option<&'a str>,
    /// The access token sent with the proof, when there is one (`ath` must then hash it).
    pub access_token: Option<&'a str>,
}

/// Remembers which `jti` values were used. The edge backs it with a Durable Object.
#[allow(async_fn_in_trait)]
pub trait ReplayGuard {
    /// Records `jti` for the key `jkt` until `expires_at` and says whether it was unseen.
    async fn first_use(&self, jkt: &Thumbprint, jti: &str, expires_at: u64) -> Result<bool>;
}

/// A proof that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The device's identity: the thumbprint of the proof's key.
    pub jkt: Thumbprint,
    /// The proof's public key.
    pub jwk: PublicJwk,
    /// The proof's unique id.
    pub jti: String,
    /// When the proof was made.
    pub iat: u64,
}

#[derive(Deserialize)]
struct Claims {
    jti: String,
    htm: String,
    htu: String,
    iat: u64,
    ath: Option<String>,
    nonce: Option<String>,
}

/// Verifies a DPoP proof against the request it arrived with.
pub async fn verify<C: Crypto, R: ReplayGuard>(
    crypto: &C,
    proof: &str,
    expected: &Expected<'_>,
    window: Window,
    replay: &R,
) -> Result<Verified> {
    let jws = UnverifiedJws::parse(proof)?;
    if jws.header().typ.as_deref() != Some(TYP) {
        return Err(Error::DpopInvalidHeader);
    }
    let jwk = PublicJwk::from_value(jws.header().jwk.clone().ok_or(Error::DpopInvalidHeader)?)?.bare();
    let payload = jws.verify_with_jwk(crypto, &jwk).await?;
    let claims: Claims = serde_json::from_slice(&payload).map_err(|_| Error::DpopInvalidClaims)?;

    if !JTI_LEN.contains(&claims.jti.len()) {
        return Err(Error::DpopInvalidJti);
    }
    if claims.htm != expected.method {
        return Err(Error::DpopMethodMismatch);
    }
    let request_url = htu::normalize(expected.url)?;
    if htu::normalize(&claims.htu).ok().as_deref() != Some(request_url.as_str()) {
        return Err(Error::DpopUrlMismatch);
    }
    let oldest = expected.now.saturating_sub(window.max_age);
    if claims.iat < oldest || claims.iat > expected.now.saturating_add(window.max_skew) {
        return Err(Error::DpopStale);
    }
    if let Some(nonce) = expected.nonce
        && claims.nonce.as_deref() != Some(nonce)
    {
        return Err(Error::DpopNonceMismatch);
    }
    if let Some(token) = expected.access_token {
        let want = access_token_hash(crypto, token).await?;
        if !claims.ath.as_deref().is_some_and(|ath| kdf::constant_time_eq(ath.as_bytes(), want.as_bytes())) {
            return Err(Error::DpopAccessTokenMismatch);
        }
    }
    let jkt = jwk.thumbprint();
    let expires_at = claims.iat.saturating_add(window.max_age);
    if !replay.first_use(&jkt, &claims.jti, expires_at).await? {
        return Err(Error::DpopReplayed);
    }
    Ok(Verified { jkt, jwk, jti: claims.jti, iat: claims.iat })
}

/// The `ath` claim for an access token: base64url(SHA-256(token)), with the provider's hash.
pub async fn access_token_hash<C: Crypto>(crypto: &C, token: &str) -> Result<String> {
    Ok(b64::encode(&crypto.sha256(token.as_bytes()).await?))
}

/// What a proof is for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The target URL; query and fragment are left out of `htu`.
    pub url: &'a str,
    /// Seconds since the Unix epoch.
    pub iat: u64,
    /// The server's nonce, if it asked for one.
    pub nonce: Option<&'a str>,
    /// An access token to bind the proof to.
    pub access_token: Option<&'a str>,
}

/// Makes a DPoP proof signed by `key`, whose public half is `jwk`.
pub async fn build<C: Crypto>(crypto: &C, key: &C::SigningKey, jwk: &PublicJwk, request: &Request<'_>) -> Result<String> {
    let jti = b64::encode(&random_array::<_, 16>(crypto)?);
    let claims = ProofClaims {
        jti: &jti,
        htm: request.method,
        htu: request.url.split(['?', '#']).next().unwrap_or_default(),
        iat: request.iat,
        nonce: request.nonce,
        ath: match request.access_token {
            Some(token) => Some(access_token_hash(crypto, token).await?),
            None => None,
        },
    };
    let header = ProofHeader { typ: TYP, alg: jws::ALG, jwk: &jwk.bare() };
    let header = serde_json::to_vec(&header).map_err(|_| Error::InvalidJson)?;
    let payload = serde_json::to_vec(&claims).map_err(|_| Error::InvalidJson)?;
    jws::sign_encoded(crypto, key, &header, &payload).await
}

/// A proof's header as written: typed, so building one needs no JSON tree.
#[derive(Serialize)]
struct ProofHeader<'a> {
    typ: &'static str,
    alg: &'static str,
    jwk: &'a PublicJwk,
}

#[derive(Serialize)]
struct ProofClaims<'a> {
    jti: &'a str,
    htm: &'a str,
    htu: &'a str,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
}

#[cfg(test)]
#[path = "dpop_tests.rs"]
mod tests;
