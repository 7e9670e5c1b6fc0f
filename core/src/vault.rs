//! Encryption at rest for the vault (PCI DSS 4.0.1 requirement 3.5: PAN unreadable wherever it
//! is stored) and for other secrets the edge must keep, such as webhook signing secrets.
//!
//! Data keys live in a secret as `{"current": "dk2", "keys": {"dk1": "…", "dk2": "…"}}` (32
//! bytes each, base64url). Each stored value records the id of the key that sealed it, so keys
//! rotate without re-encrypting everything at once. A data key is never used directly: HKDF
//! derives one key per purpose, and the row's id is the additional data, so a ciphertext moved to
//! another row or column fails to open.

use crate::prelude::*;
use core::str::FromStr;
use alloc::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::card::CardNumber;
use crate::crypto::{random_array, Crypto};
use crate::{b64, kdf, Error, Result};

/// What a sealed value is for; each purpose gets its own derived key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A card number in the vault.
    Pan,
    /// A merchant's webhook signing secret.
    WebhookSecret,
    /// The first answer to an idempotent request, kept for replays (it can hold a client secret).
    IdempotentResponse,
    /// A merchant's credentials for its own processor.
    ProcessorCredentials,
    /// The client secret of the checkout session an invoice's page pays through.
    InvoiceClientSecret,
}

impl Purpose {
    fn info(self) -> &'static [u8] {
        match self {
            Purpose::Pan => b"tessera/vault/pan/v1",
            Purpose::WebhookSecret => b"tessera/vault/webhook-secret/v1",
            Purpose::IdempotentResponse => b"tessera/vault/idempotent-response/v1",
            Purpose::ProcessorCredentials => b"tessera/vault/processor-credentials/v1",
            Purpose::InvoiceClientSecret => b"tessera/vault/invoice-client-secret/v1",
        }
    }
}

/// The data keys, by id.
pub struct DataKeys {
    current: String,
    keys: BTreeMap<String, Zeroizing<[u8; 32]>>,
}

impl FromStr for DataKeys {
    type Err = Error;

    fn from_str(json: &str) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Raw {
            current: String,
            keys: BTreeMap<String, String>,
        }
        let raw: Raw = serde_json::from_str(json).map_err(|_| Error::InvalidKeyConfig)?;
        let mut keys = BTreeMap::new();
        for (id, key) in raw.keys {
            let bytes = b64::decode_array::<32>(&key).map_err(|_| Error::InvalidKeyConfig)?;
            keys.insert(id, Zeroizing::new(bytes));
        }
        if !keys.contains_key(&raw.current) {
            return Err(Error::InvalidKeyConfig);
        }
        Ok(Self { current: raw.current, keys })
    }
}

impl core::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "DataKeys(current: {}, ids: {:?})", self.current, self.keys.keys().collect::<Vec<_>>())
    }
}

/// A value sealed with AES-256-GCM, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// Which data key sealed it.
    pub key_id: String,
    /// The 96-bit IV, base64url.
    pub iv: String,
    /// Ciphertext and tag, base64url.
    pub ciphertext: String,
}

impl DataKeys {
    /// The id new values are sealed under.
    pub fn current_id(&self) -> &str {
        &self.current
    }

    fn derived(&self, key_id: &str, purpose: Purpose) -> Result<Zeroizing<Vec<u8>>> {
        let key = self.keys.get(key_id).ok_or(Error::UnknownKeyId)?;
        kdf::hkdf_sha256(key.as_slice(), b"", purpose.info(), 32)
    }

    /// Seals `plaintext` under the current key; `aad` should name the row it is stored in.
    pub async fn seal<C: Crypto>(&self, crypto: &C, purpose: Purpose, aad: &[u8], plaintext: &[u8]) -> Result<Sealed> {
        let key = self.derived(&self.current, purpose)?;
        let iv: [u8; 12] = random_array(crypto)?;
        let ciphertext = crypto.aes_gcm_seal(&key, &iv, aad, plaintext).await?;
        Ok(Sealed { key_id: self.current.clone(), iv: b64::encode(&iv), ciphertext: b64::encode(&ciphertext) })
    }

    /// Opens a sealed value with the key it names.
    pub async fn open<C: Crypto>(&self, crypto: &C, purpose: Purpose, aad: &[u8], sealed: &Sealed) -> Result<Zeroizing<Vec<u8>>> {
        let key = self.derived(&sealed.key_id, purpose)?;
        let iv = b64::decode_array::<12>(&sealed.iv)?;
        let ciphertext = b64::decode(&sealed.ciphertext)?;
        crypto.aes_gcm_open(&key, &iv, aad, &ciphertext).await
    }

    /// Seals a card number for the vault row `token`.
    pub async fn seal_pan<C: Crypto>(&self, crypto: &C, token: &str, pan: &CardNumber) -> Result<Sealed> {
        self.seal(crypto, Purpose::Pan, token.as_bytes(), pan.reveal().as_bytes()).await
    }

    /// Opens the card number of the vault row `token`.
    pub async fn open_pan<C: Crypto>(&self, crypto: &C, token: &str, sealed: &Sealed) -> Result<CardNumber> {
        let digits = self.open(crypto, Purpose::Pan, token.as_bytes(), sealed).await?;
        core::str::from_utf8(&digits).map_err(|_| Error::DecryptionFailed)?.parse()
    }
}

/// A keyed card fingerprint: the same card gives the same value under the same secret, and the
/// value cannot be reversed or checked against guesses without the secret (a bare hash of a PAN
/// could be, by trying every number in a BIN range).
pub fn card_fingerprint(secret: &[u8], pan: &CardNumber) -> Result<String> {
    let key = kdf::hkdf_sha256(secret, b"", b"tessera/card-fingerprint/v1", 32)?;
    Ok(b64::encode(&kdf::hmac_sha256(&key, pan.reveal().as_bytes())))
}

#[cfg(test)]
mod tests {
    use pollster::block_on;

    use super::*;
    use crate::crypto::RustCrypto;

    fn keys(current: &str) -> DataKeys {
        format!(r#"{{"current":"{current}","keys":{{"dk1":"{}","dk2":"{}"}}}}"#, b64::encode(&[1; 32]), b64::encode(&[2; 32]))
            .parse()
            .unwrap()
    }

    #[test]
    fn pan_round_trips_and_never_appears_in_the_sealed_form() {
        let pan: CardNumber = "4242424242424242".parse().unwrap();
        let sealed = block_on(keys("dk2").seal_pan(&RustCrypto, "tok_a", &pan)).unwrap();
        assert_eq!(sealed.key_id, "dk2");
        assert!(!format!("{sealed:?}").contains("4242"));
        assert_eq!(block_on(keys("dk1").open_pan(&RustCrypto, "tok_a", &sealed)).unwrap().reveal(), pan.reveal(), "old rows open after rotation");
        assert_eq!(block_on(keys("dk2").open_pan(&RustCrypto, "tok_b", &sealed)).err(), Some(Error::DecryptionFailed), "bound to its row");
        let other_purpose = block_on(keys("dk2").open(&RustCrypto, Purpose::WebhookSecret, b"tok_a", &sealed));
        assert_eq!(other_purpose.err(), Some(Error::DecryptionFailed));
    }

    #[test]
    fn unknown_key_ids_and_bad_configs_are_refused() {
        let mut sealed = block_on(keys("dk1").seal(&RustCrypto, Purpose::WebhookSecret, b"m", b"s")).unwrap();
        sealed.key_id = "dk9".into();
        assert_eq!(block_on(keys("dk1").open(&RustCrypto, Purpose::WebhookSecret, b"m", &sealed)).err(), Some(Error::UnknownKeyId));
        assert_eq!(r#"{"current":"x","keys":{}}"#.parse::<DataKeys>().err(), Some(Error::InvalidKeyConfig));
        assert_eq!(r#"{"current":"a","keys":{"a":"short"}}"#.parse::<DataKeys>().err(), Some(Error::InvalidKeyConfig));
    }

    #[test]
    fn fingerprints_are_keyed() {
        let a: CardNumber = "4242424242424242".parse().unwrap();
        let b: CardNumber = "5555555555554444".parse().unwrap();
        assert_eq!(card_fingerprint(b"s1", &a).unwrap(), card_fingerprint(b"s1", &a).unwrap());
        assert_ne!(card_fingerprint(b"s1", &a).unwrap(), card_fingerprint(b"s1", &b).unwrap());
        assert_ne!(card_fingerprint(b"s1", &a).unwrap(), card_fingerprint(b"s2", &a).unwrap());
    }
}
