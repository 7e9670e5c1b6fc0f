//! The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as JWE's ECDH-ES uses it
//! (RFC 7518 §4.6.2).

use crate::prelude::*;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Derives `key_bits / 8` bytes from the shared secret `z`.
///
/// OtherInfo is AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo, each of the first three a
/// 32-bit big-endian length followed by the data, SuppPubInfo the key length in bits. For
/// direct key agreement AlgorithmID is the `enc` value.
pub fn derive(z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], key_bits: u32) -> Zeroizing<Vec<u8>> {
    let key_len = (key_bits / 8) as usize;
    let mut out = Zeroizing::new(Vec::with_capacity(key_len.next_multiple_of(32)));
    let mut counter: u32 = 1;
    while out.len() < key_len {
        let mut h = Sha256::new();
        h.update(counter.to_be_bytes());
        h.update(z);
        for field in [algorithm_id.as_bytes(), apu, apv] {
            h.update((field.len() as u32).to_be_bytes());
            h.update(field);
        }
        h.update(key_bits.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(key_len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b64;

    /// RFC 7518 Appendix C: Z and the derived A128GCM key.
    #[test]
    fn rfc7518_appendix_c() {
        let z = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218,
            128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = derive(&z, "A128GCM", b"Alice", b"Bob", 128);
        assert_eq!(b64::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
    }

    #[test]
    fn longer_keys_use_more_rounds() {
        let long = derive(&[7; 32], "X", b"", b"", 512);
        assert_eq!(long.len(), 64);
        assert_ne!(long[..32], long[32..]);
    }
}
