//! The edge's JWE decryption keys and their rotation states, as kept in a secret.
//!
//! ```json
//! {"keys": [{"state": "active", "jwk": {…private JWK with kid…}}, …]}
//! ```
//!
//! Keys are listed newest first. `active` keys are published in the JWKS (newest first, which is
//! the one widgets encrypt to) and decrypt; `retired` keys do neither and are kept only so the
//! record of which kids existed stays in one place. Rotating is: add a new key at the top, wait
//! for widgets to pick it up, mark the old one `retired`.

use crate::prelude::*;
use core::str::FromStr;

use serde::Deserialize;
use serde_json::Value;

use crate::jwk::{Jwks, PrivateJwk};
use crate::{Error, Result};

/// Whether a key still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyState {
    /// Published and used for decryption.
    Active,
    /// Neither published nor used.
    Retired,
}

/// One configured key.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    /// Its state.
    pub state: KeyState,
    /// The private key; its `kid` is required.
    pub jwk: PrivateJwk,
}

/// The configured keys, newest first.
#[derive(Debug, Clone)]
pub struct EncryptionKeys {
    entries: Vec<KeyEntry>,
}

impl FromStr for EncryptionKeys {
    type Err = Error;

    fn from_str(json: &str) -> Result<Self> {
        #[derive(Deserialize)]
        struct RawEntry {
            state: KeyState,
            jwk: Value,
        }
        #[derive(Deserialize)]
        struct Raw {
            keys: Vec<RawEntry>,
        }
        let raw: Raw = serde_json::from_str(json).map_err(|_| Error::InvalidKeyConfig)?;
        let mut entries = Vec::with_capacity(raw.keys.len());
        for entry in raw.keys {
            let jwk: PrivateJwk = entry.jwk.to_string().parse().map_err(|_| Error::InvalidKeyConfig)?;
            let kid = jwk.public().kid().ok_or(Error::InvalidKeyConfig)?;
            if entries.iter().any(|e: &KeyEntry| e.jwk.public().kid() == Some(kid)) {
                return Err(Error::InvalidKeyConfig);
            }
            entries.push(KeyEntry { state: entry.state, jwk });
        }
        if !entries.iter().any(|e| e.state == KeyState::Active) {
            return Err(Error::InvalidKeyConfig);
        }
        Ok(Self { entries })
    }
}

impl EncryptionKeys {
    /// Keys that decrypt, newest first.
    pub fn active(&self) -> impl Iterator<Item = &PrivateJwk> {
        self.entries.iter().filter(|e| e.state == KeyState::Active).map(|e| &e.jwk)
    }

    /// The public key set to publish at `/.well-known/jwks.json`.
    pub fn public_jwks(&self) -> Jwks {
        let keys = self
            .active()
            .map(|k| {
                let kid = k.public().kid().unwrap_or_default();
                k.public().bare().with_metadata(kid, "enc", "ECDH-ES")
            })
            .collect();
        Jwks { keys }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;

    fn entry(kid: &str, state: &str) -> String {
        let key = RustCrypto.generate_private_jwk().unwrap().with_metadata(kid, "enc", "ECDH-ES");
        format!(r#"{{"state":"{state}","jwk":{}}}"#, &*key.to_json_secret())
    }

    #[test]
    fn publishes_active_keys_newest_first() {
        let json = format!(r#"{{"keys":[{},{},{}]}}"#, entry("k3", "active"), entry("k2", "active"), entry("k1", "retired"));
        let keys: EncryptionKeys = json.parse().unwrap();
        let kids: Vec<_> = keys.public_jwks().keys.iter().map(|k| k.kid().unwrap().to_owned()).collect();
        assert_eq!(kids, ["k3", "k2"]);
        assert!(!keys.public_jwks().to_json().contains("\"d\""));
        assert_eq!(keys.active().count(), 2);
    }

    #[test]
    fn refuses_bad_configs() {
        for json in [
            "{}".to_string(),
            format!(r#"{{"keys":[{}]}}"#, entry("k1", "retired")),
            format!(r#"{{"keys":[{},{}]}}"#, entry("k1", "active"), entry("k1", "active")),
            r#"{"keys":[{"state":"active","jwk":{"kty":"EC"}}]}"#.to_string(),
            format!(r#"{{"keys":[{}]}}"#, entry("k1", "paused")),
        ] {
            assert_eq!(json.parse::<EncryptionKeys>().err(), Some(Error::InvalidKeyConfig), "{json}");
        }
    }
}
