//! JWE compact serialization with `alg: ECDH-ES` (direct key agreement) and `enc: A256GCM`
//! (RFC 7516, RFC 7518 §4.6 and §5.3): how a card travels from the widget to the edge.
//!
//! The sender makes an ephemeral P-256 key, agrees a secret with the recipient's key named by
//! `kid`, derives the content key with the Concat KDF and seals the plaintext with the encoded
//! protected header as additional data, so no header member can change without the tag failing.
//! The checkout session id travels in the protected header as `sid`: a JWE captured from one
//! checkout cannot be replayed into another.

use crate::prelude::*;
pub mod concat_kdf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::crypto::{random_array, Crypto, SharedSecret};
use crate::jwk::PublicJwk;
use crate::{b64, Error, Result};

/// The largest compact JWE accepted. A card payload is a few hundred bytes.
pub const MAX_JWE_LEN: usize = 16 * 1024;

/// The protected header member that binds a JWE to a checkout session.
pub const SESSION_HEADER: &str = "sid";

#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    enc: String,
    kid: Option<String>,
    epk: Option<Value>,
    apu: Option<String>,
    apv: Option<String>,
    sid: Option<String>,
    zip: Option<Value>,
    crit: Option<Value>,
}

/// The protected header a sender writes (`sid` is [`SESSION_HEADER`]).
#[derive(Serialize)]
struct OutHeader<'a> {
    alg: &'static str,
    enc: &'static str,
    kid: &'a str,
    epk: &'a PublicJwk,
    sid: &'a str,
}

/// A checked JWE protected header.
#[derive(Debug, Clone)]
pub struct Header {
    /// The recipient key's id.
    pub kid: String,
    /// The sender's ephemeral public key.
    pub epk: PublicJwk,
    /// Agreement PartyUInfo (decoded), empty when absent.
    pub apu: Vec<u8>,
    /// Agreement PartyVInfo (decoded), empty when absent.
    pub apv: Vec<u8>,
    /// The checkout session the JWE is bound to, if any.
    pub session_id: Option<String>,
}

impl Header {
    fn parse(encoded: &str) -> Result<Self> {
        let bytes = b64::decode(encoded).map_err(|_| Error::MalformedJwe)?;
        let raw: RawHeader = serde_json::from_slice(&bytes).map_err(|_| Error::MalformedJwe)?;
        if raw.crit.is_some() {
            return Err(Error::UnsupportedCritical);
        }
        if raw.zip.is_some() {
            return Err(Error::UnsupportedCompression);
        }
        if raw.alg != "ECDH-ES" || raw.enc != "A256GCM" {
            return Err(Error::UnsupportedAlgorithm);
        }
        let party = |v: Option<String>| v.map_or(Ok(Vec::new()), |s| b64::decode(&s).map_err(|_| Error::MalformedJwe));
        Ok(Self {
            kid: raw.kid.ok_or(Error::MalformedJwe)?,
            epk: PublicJwk::from_value(raw.epk.ok_or(Error::MalformedJwe)?)?,
            apu: party(raw.apu)?,
            apv: party(raw.apv)?,
            session_id: raw.sid,
        })
    }
}

/// Private keys by `kid`, the current one and those still inside their rotation grace.
pub struct KeyRing<K> {
    keys: Vec<(String, K)>,
}

impl<K> KeyRing<K> {
    /// An empty ring.
    pub fn new() -> Self {
        Self { keys: Vec::new() }
    }

    /// Adds a key under `kid`.
    pub fn insert(&mut self, kid: impl Into<String>, key: K) {
        self.keys.push((kid.into(), key));
    }

    /// The key with this id.
    pub fn get(&self, kid: &str) -> Option<&K> {
        self.keys.iter().find(|(k, _)| k == kid).map(|(_, key)| key)
    }
}

impl<K> Default for KeyRing<K> {
    fn default() -> Self {
        Self::new()
    }
}

/// What a JWE decrypted to.
pub struct Decrypted {
    /// The checked protected header.
    pub header: Header,
    /// The plaintext, wiped from memory when dropped.
    pub plaintext: Zeroizing<Vec<u8>>,
}

impl Decrypted {
    /// Refuses a JWE that is not bound to `session_id`.
    pub fn expect_session(&self, session_id: &str) -> Result<()> {
        match self.header.session_id.as_deref() {
            Some(sid) if sid == session_id => Ok(()),
            _ => Err(Error::SessionMismatch),
        }
    }
}

/// The ECDH step of ECDH-ES: imports the sender's `epk` (refusing points off the curve) and
/// agrees a secret with `key`. Both decryption and the test vectors go through here.
pub async fn agree<C: Crypto>(crypto: &C, key: &C::AgreementKey, epk: &PublicJwk) -> Result<SharedSecret> {
    crypto.ecdh_jwk(key, epk).await
}

async fn content_key<C: Crypto>(crypto: &C, z: &[u8], header: &Header) -> Result<Zeroizing<Vec<u8>>> {
    concat_kdf::derive(crypto, z, "A256GCM", &header.apu, &header.apv, 256).await
}

/// The `kid` a compact JWE names, after checking its header, so a holder of many keys can load
/// only the one it needs.
pub fn key_id(compact: &str) -> Result<String> {
    if compact.len() > MAX_JWE_LEN {
        return Err(Error::InputTooLarge);
    }
    Ok(Header::parse(compact.split('.').next().unwrap_or_default())?.kid)
}

/// Decrypts a compact JWE with the key its `kid` names.
pub async fn decrypt<C: Crypto>(crypto: &C, keys: &KeyRing<C::AgreementKey>, compact: &str) -> Result<Decrypted> {
    if compact.len() > MAX_JWE_LEN {
        return Err(Error::InputTooLarge);
    }
    let parts: Vec<&str> = compact.split('.').collect();
    let [protected, encrypted_key, iv, ciphertext, tag] = parts[..] else {
        return Err(Error::MalformedJwe);
    };
    let header = Header::parse(protected)?;
    // Direct key agreement has no encrypted key (RFC 7518 §4.6).
    if !encrypted_key.is_empty() {
        return Err(Error::MalformedJwe);
    }
    let iv = b64::decode_array::<12>(iv).map_err(|_| Error::MalformedJwe)?;
    let tag = b64::decode_array::<16>(tag).map_err(|_| Error::MalformedJwe)?;
    let mut sealed = b64::decode(ciphertext).map_err(|_| Error::MalformedJwe)?;
    sealed.extend_from_slice(&tag);

    let key = keys.get(&header.kid).ok_or(Error::UnknownKeyId)?;
    let z = agree(crypto, key, &header.epk).await?;
    let cek = content_key(crypto, z.as_slice(), &header).await?;
    let plaintext = crypto.aes_gcm_open(&cek, &iv, protected.as_bytes(), &sealed).await?;
    Ok(Decrypted { header, plaintext })
}

/// Encrypts `plaintext` to `recipient` (which must carry a `kid`), bound to `session_id`.
pub async fn encrypt<C: Crypto>(
    crypto: &C,
    recipient: &PublicJwk,
    session_id: &str,
    plaintext: &[u8],
) -> Result<String> {
    let kid = recipient.kid().ok_or(Error::InvalidJwk)?;
    let (ephemeral, epk) = crypto.generate_agreement_key().await?;
    let z = crypto.ecdh_jwk(&ephemeral, recipient).await?;

    let header_json = OutHeader { alg: "ECDH-ES", enc: "A256GCM", kid, epk: &epk.bare(), sid: session_id };
    let protected = b64::encode(&serde_json::to_vec(&header_json).map_err(|_| Error::InvalidJson)?);
    let header = Header { kid: kid.into(), epk, apu: Vec::new(), apv: Vec::new(), session_id: None };
    let cek = content_key(crypto, z.as_slice(), &header).await?;
    let iv: [u8; 12] = random_array(crypto)?;
    let mut sealed = crypto.aes_gcm_seal(&cek, &iv, protected.as_bytes(), plaintext).await?;
    let tag = sealed.split_off(sealed.len() - 16);
    Ok([protected.as_str(), "..", &b64::encode(&iv), ".", &b64::encode(&sealed), ".", &b64::encode(&tag)].concat())
}

#[cfg(test)]
#[path = "jwe_tests.rs"]
mod tests;
