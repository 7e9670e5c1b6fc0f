//! EC P-256 JSON Web Keys (RFC 7517, RFC 7518 §6.2) and their thumbprints (RFC 7638).
//!
//! Only what Tessera uses can be represented: `kty: "EC"`, `crv: "P-256"`, 32-byte coordinates
//! and, for private keys, a 32-byte `d`. Whether the point is on the curve is checked when a
//! [`crate::crypto::Crypto`] provider imports the key, because that is where the arithmetic is.

use crate::prelude::*;
use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{b64, Error, Result};

/// A public EC P-256 JWK, with the optional members a key set publishes.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicJwk {
    x: [u8; 32],
    y: [u8; 32],
    kid: Option<String>,
    key_use: Option<String>,
    alg: Option<String>,
}

/// A private EC P-256 JWK. `Debug` shows the public part only.
#[derive(Clone)]
pub struct PrivateJwk {
    public: PublicJwk,
    d: Zeroizing<[u8; 32]>,
}

/// The JSON shape of a JWK, before validation. Unknown members are ignored (RFC 7517 §4).
#[derive(Deserialize)]
struct RawJwk {
    kty: String,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    d: Option<String>,
    kid: Option<String>,
    #[serde(rename = "use")]
    key_use: Option<String>,
    alg: Option<String>,
}

#[derive(Serialize)]
struct JwkOut<'a> {
    kty: &'static str,
    crv: &'static str,
    x: String,
    y: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    key_use: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alg: Option<&'a str>,
}

impl RawJwk {
    fn into_public(self) -> Result<(PublicJwk, Option<String>)> {
        let mut public = PublicJwk::from_members(&self.kty, self.crv.as_deref(), self.x.as_deref(), self.y.as_deref())?;
        public.kid = self.kid;
        public.key_use = self.key_use;
        public.alg = self.alg;
        Ok((public, self.d))
    }
}

impl PublicJwk {
    /// A JWK for the point (x, y), with no metadata.
    pub fn from_coordinates(x: [u8; 32], y: [u8; 32]) -> Self {
        Self { x, y, kid: None, key_use: None, alg: None }
    }

    /// A public key from its members as text, for callers whose JSON was parsed elsewhere (the
    /// widget uses the browser's parser): the same checks as parsing a JWK.
    pub fn from_members(kty: &str, crv: Option<&str>, x: Option<&str>, y: Option<&str>) -> Result<Self> {
        if kty != "EC" || crv != Some("P-256") {
            return Err(Error::InvalidJwk);
        }
        let coord = |c: Option<&str>| b64::decode_array::<32>(c.ok_or(Error::InvalidJwk)?).map_err(|_| Error::InvalidJwk);
        Ok(Self::from_coordinates(coord(x)?, coord(y)?))
    }

    /// Parses a public JWK from a JSON value, refusing any private member.
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        let raw: RawJwk = serde_json::from_value(value).map_err(|_| Error::InvalidJwk)?;
        match raw.into_public()? {
            (public, None) => Ok(public),
            (_, Some(_)) => Err(Error::PrivateKeyNotAllowed),
        }
    }

    /// The x coordinate, big-endian.
    pub fn x(&self) -> &[u8; 32] {
        &self.x
    }

    /// The y coordinate, big-endian.
    pub fn y(&self) -> &[u8; 32] {
        &self.y
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The intended use (`enc` or `sig`), if any.
    pub fn key_use(&self) -> Option<&str> {
        self.key_use.as_deref()
    }

    /// The intended algorithm, if any.
    pub fn alg(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// The same key with a key id, use and algorithm, as published in a key set.
    pub fn with_metadata(mut self, kid: &str, key_use: &str, alg: &str) -> Self {
        self.kid = Some(kid.into());
        self.key_use = Some(key_use.into());
        self.alg = Some(alg.into());
        self
    }

    /// The same point without metadata: the form embedded in a DPoP header or a JWE `epk`.
    pub fn bare(&self) -> Self {
        Self::from_coordinates(self.x, self.y)
    }

    /// The JWK as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self.out(None)).expect("a JWK always serializes")
    }

    fn out(&self, d: Option<String>) -> JwkOut<'_> {
        JwkOut {
            kty: "EC",
            crv: "P-256",
            x: b64::encode(&self.x),
            y: b64::encode(&self.y),
            d,
            kid: self.kid.as_deref(),
            key_use: self.key_use.as_deref(),
            alg: self.alg.as_deref(),
        }
    }

    /// The RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order.
    pub fn thumbprint(&self) -> Thumbprint {
        Thumbprint(b64::encode(&Sha256::digest(self.thumbprint_input().as_bytes())))
    }

    /// The same thumbprint, hashed by `crypto`: in the browser WebCrypto's digest, so the widget
    /// carries no SHA-256 of its own.
    pub async fn thumbprint_with<C: crate::crypto::Crypto>(&self, crypto: &C) -> Result<Thumbprint> {
        Ok(Thumbprint(b64::encode(&crypto.sha256(self.thumbprint_input().as_bytes()).await?)))
    }

    /// What RFC 7638 hashes: the required members, in lexicographic order, without whitespace.
    fn thumbprint_input(&self) -> String {
        [r#"{"crv":"P-256","kty":"EC","x":""#, &b64::encode(&self.x), r#"","y":""#, &b64::encode(&self.y), r#""}"#].concat()
    }
}

impl Serialize for PublicJwk {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> core::result::Result<S::Ok, S::Error> {
        self.out(None).serialize(serializer)
    }
}

impl FromStr for PublicJwk {
    type Err = Error;

    fn from_str(json: &str) -> Result<Self> {
        Self::from_value(serde_json::from_str(json).map_err(|_| Error::InvalidJwk)?)
    }
}

impl fmt::Display for PublicJwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(&self.out(None)).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for PublicJwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicJwk({self})")
    }
}

impl PrivateJwk {
    /// A private key from its public point and scalar.
    pub fn new(public: PublicJwk, d: Zeroizing<[u8; 32]>) -> Self {
        Self { public, d }
    }

    /// The public half.
    pub fn public(&self) -> &PublicJwk {
        &self.public
    }

    /// The private scalar, big-endian.
    pub fn d(&self) -> &[u8; 32] {
        &self.d
    }

    /// The same key with a key id, use and algorithm.
    pub fn with_metadata(mut self, kid: &str, key_use: &str, alg: &str) -> Self {
        self.public = self.public.with_metadata(kid, key_use, alg);
        self
    }

    /// The private JWK as JSON text (for storing a key; never log it).
    pub fn to_json_secret(&self) -> Zeroizing<String> {
        let out = self.public.out(Some(b64::encode(self.d.as_slice())));
        Zeroizing::new(serde_json::to_string(&out).expect("a JWK always serializes"))
    }
}

impl FromStr for PrivateJwk {
    type Err = Error;

    fn from_str(json: &str) -> Result<Self> {
        let raw: RawJwk = serde_json::from_str(json).map_err(|_| Error::InvalidJwk)?;
        let (public, d) = raw.into_public()?;
        let d = b64::decode_array::<32>(&d.ok_or(Error::InvalidJwk)?).map_err(|_| Error::InvalidJwk)?;
        Ok(Self { public, d: Zeroizing::new(d) })
    }
}

impl fmt::Debug for PrivateJwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateJwk({}, d: ***)", self.public)
    }
}

/// A JWK Set (RFC 7517 §5) of public keys, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jwks {
    /// The keys, in the order they are published.
    pub keys: Vec<PublicJwk>,
}

impl Jwks {
    /// The set as a JSON document.
    pub fn to_json(&self) -> String {
        let keys: Vec<_> = self.keys.iter().map(|k| k.out(None)).collect();
        serde_json::to_string(&serde_json::json!({ "keys": keys })).expect("a JWK set always serializes")
    }

    /// The first key with this id.
    pub fn find(&self, kid: &str) -> Option<&PublicJwk> {
        self.keys.iter().find(|k| k.kid() == Some(kid))
    }
}

impl FromStr for Jwks {
    type Err = Error;

    /// Parses a key set, keeping only EC P-256 keys: other key types may share a set (RFC 7517
    /// §5 asks readers to skip what they do not understand).
    fn from_str(json: &str) -> Result<Self> {
        #[derive(Deserialize)]
        struct Raw {
            keys: Vec<serde_json::Value>,
        }
        let raw: Raw = serde_json::from_str(json).map_err(|_| Error::InvalidJson)?;
        let keys = raw.keys.into_iter().filter_map(|k| PublicJwk::from_value(k).ok()).collect();
        Ok(Self { keys })
    }
}

/// An RFC 7638 JWK thumbprint (SHA-256, base64url): a device's stable identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Thumbprint(String);

impl Thumbprint {
    /// The base64url text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Thumbprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Thumbprint {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        b64::decode_array::<32>(text)?;
        Ok(Self(text.into()))
    }
}

#[cfg(test)]
#[path = "jwk_tests.rs"]
mod tests;
