//! The signed asset manifest (`/v1/manifest.json`): which files a payment page may load from
//! Tessera, at which immutable URL, with which Subresource Integrity hash — for the current
//! version and the ones before it. PCI DSS 6.4.3 asks merchants to know and authorise every
//! script on their payment page; this lets them check ours with a key they pinned, not with
//! whatever the server says today.
//!
//! The manifest is a JWS in the flattened JSON serialization (RFC 7515 §7.2.2), ES256 only,
//! `typ` `tessera-manifest+json`, its `kid` the RFC 7638 thumbprint of the signing key.

use crate::prelude::*;
use serde::Deserialize;
use sha2::{Digest, Sha384};

use crate::crypto::Crypto;
use crate::jwk::PublicJwk;
use crate::jws::UnverifiedJws;
use crate::{b64, Error, Result};

/// The media type in the protected header.
pub const TYP: &str = "tessera-manifest+json";
/// The largest manifest accepted: a few dozen versions of a handful of files.
pub const MAX_MANIFEST_LEN: usize = 256 * 1024;

/// The manifest as published: a flattened JWS.
#[derive(Deserialize)]
struct Flattened {
    protected: String,
    payload: String,
    signature: String,
}

/// What the manifest lists, once its signature holds.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// Always `tessera`.
    pub issuer: String,
    /// The version pages load today.
    pub current: String,
    /// When it was signed, in Unix seconds.
    pub issued_at: u64,
    /// The current version first, then the earlier ones.
    pub versions: Vec<Version>,
}

/// One published version.
#[derive(Debug, Clone, Deserialize)]
pub struct Version {
    /// Its number (`0.1.0`).
    pub version: String,
    /// Its files.
    pub assets: Vec<Asset>,
}

/// One file at its immutable URL.
#[derive(Debug, Clone, Deserialize)]
pub struct Asset {
    /// The path on the edge, `/v1/<version>/…`.
    pub url: String,
    /// `sha384-<base64>`, as a `<script integrity>` takes it.
    pub integrity: String,
    /// Its length in bytes.
    pub bytes: u64,
}

/// The SRI value of `bytes`: `sha384-` and the standard base64 of their SHA-384.
pub fn integrity(bytes: &[u8]) -> String {
    ["sha384-", &b64::encode_standard(&Sha384::digest(bytes))].concat()
}

/// Checks `json` (the published manifest) against the pinned public key `key` and returns what
/// it lists. Refused: another serialization, another `alg` or `typ`, a `kid` that is not the
/// key's, a bad signature, and a listing whose URLs or hashes are not well formed.
pub async fn verify<C: Crypto>(crypto: &C, key: &PublicJwk, json: &[u8]) -> Result<Manifest> {
    if json.len() > MAX_MANIFEST_LEN {
        return Err(Error::InputTooLarge);
    }
    let flat: Flattened = serde_json::from_slice(json).map_err(|_| Error::MalformedJws)?;
    let compact = [flat.protected.as_str(), ".", &flat.payload, ".", &flat.signature].concat();
    let jws = UnverifiedJws::parse_up_to(&compact, MAX_MANIFEST_LEN)?;
    let header = jws.header();
    if header.typ.as_deref() != Some(TYP) || header.kid.as_deref() != Some(key.thumbprint().to_string().as_str()) {
        return Err(Error::MalformedJws);
    }
    let payload = jws.verify_with_jwk(crypto, key).await?;
    let manifest: Manifest = serde_json::from_slice(&payload).map_err(|_| Error::InvalidJson)?;
    well_formed(&manifest)?;
    Ok(manifest)
}

fn well_formed(m: &Manifest) -> Result<()> {
    let version_ok = |v: &str| !v.is_empty() && v.len() <= 32 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let listed = m.issuer == "tessera" && m.versions.first().is_some_and(|v| v.version == m.current);
    let versions_ok = m.versions.iter().all(|v| {
        let prefix = ["/v1/", &v.version, "/"].concat();
        version_ok(&v.version)
            && !v.assets.is_empty()
            && v.assets.iter().all(|a| {
                let path = &a.url[prefix.len().min(a.url.len())..];
                a.url.starts_with(&prefix)
                    && !path.is_empty()
                    && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
                    && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
                    && a.integrity.strip_prefix("sha384-").and_then(|h| b64::decode_standard(h).ok()).is_some_and(|h| h.len() == 48)
            })
    });
    if listed && versions_ok { Ok(()) } else { Err(Error::InvalidJson) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;
    use crate::jwk::PrivateJwk;

    const KEY: &str = r#"{"kty":"EC","crv":"P-256","x":"RLJtvFMfM0CgorNpm68g5S6jKpLWQkV3q1gVvA7VCvM","y":"jSvfkvy_kWgQM2jF-jjAoQI_ATzuvnszGNadDNETgTI","d":"fgv1tuRHVc__IfsnZYzsW7--IxAp2BstRTgVHn6bT80"}"#;

    fn manifest(url: &str) -> String {
        let integrity = integrity(b"console.log(1)");
        serde_json::json!({
            "issuer": "tessera", "current": "1.2.0", "issued_at": 1_800_000_000u64,
            "versions": [{ "version": "1.2.0", "assets": [{ "url": url, "integrity": integrity, "bytes": 14 }] }]
        })
        .to_string()
    }

    async fn signed(payload: &str, typ: &str) -> (PublicJwk, Vec<u8>) {
        let private: PrivateJwk = KEY.parse().unwrap();
        let public = private.public().clone();
        let key = RustCrypto.import_signing_key(&private).await.unwrap();
        let mut header = serde_json::Map::new();
        header.insert("typ".into(), typ.into());
        header.insert("kid".into(), public.thumbprint().to_string().into());
        let compact = crate::jws::sign(&RustCrypto, &key, header, payload.as_bytes()).await.unwrap();
        let mut parts = compact.split('.');
        let flat = serde_json::json!({ "protected": parts.next(), "payload": parts.next(), "signature": parts.next() });
        (public, flat.to_string().into_bytes())
    }

    #[test]
    fn integrity_is_sri_sha384() {
        // The value `openssl dgst -sha384 -binary | base64` gives for an empty input.
        assert_eq!(integrity(b""), "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb");
    }

    #[test]
    fn a_signed_manifest_verifies_and_lists_its_assets() {
        pollster::block_on(async {
            let (key, json) = signed(&manifest("/v1/1.2.0/tessera.js"), TYP).await;
            let m = verify(&RustCrypto, &key, &json).await.unwrap();
            assert_eq!(m.current, "1.2.0");
            assert_eq!(m.versions[0].assets[0].integrity, integrity(b"console.log(1)"));
        });
    }

    #[test]
    fn anything_else_is_refused() {
        pollster::block_on(async {
            let (key, json) = signed(&manifest("/v1/1.2.0/tessera.js"), TYP).await;
            // One byte of the signed payload changed.
            let mut flat: serde_json::Value = serde_json::from_slice(&json).unwrap();
            let payload = flat["payload"].as_str().unwrap().to_owned();
            let tampered = b64::encode(&b64::decode(&payload).unwrap().iter().map(|b| if *b == b'2' { b'3' } else { *b }).collect::<Vec<_>>());
            flat["payload"] = tampered.into();
            assert_eq!(verify(&RustCrypto, &key, flat.to_string().as_bytes()).await.unwrap_err(), Error::InvalidSignature);
            // Another key pinned.
            let other = PublicJwk::from_value(serde_json::json!({"kty":"EC","crv":"P-256","x":"fM9GJ6TjdDaDbTd9opAtKS0teRpOSe1w-zDhL0VRU4k","y":"8Er5KoeosW6WjwHRjQn_mW3fKPsOWBXNjtO7KgM-qs4"})).unwrap();
            assert_eq!(verify(&RustCrypto, &other, &json).await.unwrap_err(), Error::MalformedJws, "the kid names another key");
            // Another media type.
            let (key2, json2) = signed(&manifest("/v1/1.2.0/tessera.js"), "JWT").await;
            assert_eq!(verify(&RustCrypto, &key2, &json2).await.unwrap_err(), Error::MalformedJws);
            // A listing that points outside its version, or climbs out of it.
            for url in ["/v1/1.1.0/tessera.js", "/v1/1.2.0/../tessera.js", "/v1/1.2.0/", "https://evil.example/v1/1.2.0/x.js"] {
                let (k, j) = signed(&manifest(url), TYP).await;
                assert_eq!(verify(&RustCrypto, &k, &j).await.unwrap_err(), Error::InvalidJson, "{url}");
            }
            // Compact serialization instead of the flattened one.
            assert_eq!(verify(&RustCrypto, &key, b"\"a.b.c\"").await.unwrap_err(), Error::MalformedJws);
        });
    }
}
