//! Key derivation and keyed hashes for secrets the edge keeps (HKDF-SHA256, RFC 5869;
//! HMAC-SHA256, RFC 2104).
//!
//! The edge holds one root secret per purpose and derives separate keys from it with distinct
//! `info` labels, so the key that encrypts a vault row can never be used to fingerprint a card.

use crate::prelude::*;
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// HKDF-SHA256 extract-and-expand into `len` bytes (at most 255 × 32).
pub fn hkdf_sha256(ikm: &[u8], salt: &[u8], info: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut okm = Zeroizing::new(vec![0u8; len]);
    Hkdf::<Sha256>::new(Some(salt), ikm).expand(info, &mut okm).map_err(|_| Error::InputTooLarge)?;
    Ok(okm)
}

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    Sha256::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2.
    #[test]
    fn hmac_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn hkdf_refuses_too_long_output() {
        assert!(hkdf_sha256(b"k", b"", b"", 255 * 32).is_ok());
        assert_eq!(hkdf_sha256(b"k", b"", b"", 255 * 32 + 1).err(), Some(Error::InputTooLarge));
    }

    #[test]
    fn constant_time_eq_works() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
