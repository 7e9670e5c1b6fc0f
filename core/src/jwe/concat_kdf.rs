//! The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as JWE's ECDH-ES uses it
//! (RFC 7518 §4.6.2).

use crate::prelude::*;
use zeroize::Zeroizing;

use crate::crypto::Crypto;
use crate::Result;

/// Derives `key_bits / 8` bytes from the shared secret `z`, with the provider's SHA-256 (the
/// widget's is the browser's, the edge's pure Rust).
///
/// OtherInfo is AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo, each of the first three a
/// 32-bit big-endian length followed by the data, SuppPubInfo the key length in bits. For
/// direct key agreement AlgorithmID is the `enc` value.
pub async fn derive<C: Crypto>(crypto: &C, z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], key_bits: u32) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    for counter in 1..=rounds(key_bits) {
        out.extend_from_slice(&crypto.sha256(&round_input(counter, z, algorithm_id, apu, apv, key_bits)).await?);
    }
    out.truncate((key_bits / 8) as usize);
    Ok(out)
}

fn rounds(key_bits: u32) -> u32 {
    (key_bits / 8).div_ceil(32)
}

/// counter ‖ Z ‖ OtherInfo, the input of one round.
fn round_input(counter: u32, z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], key_bits: u32) -> Zeroizing<Vec<u8>> {
    let mut input = Zeroizing::new(Vec::with_capacity(4 + z.len() + 12 + algorithm_id.len() + apu.len() + apv.len() + 4));
    input.extend_from_slice(&counter.to_be_bytes());
    input.extend_from_slice(z);
    for field in [algorithm_id.as_bytes(), apu, apv] {
        input.extend_from_slice(&(field.len() as u32).to_be_bytes());
        input.extend_from_slice(field);
    }
    input.extend_from_slice(&key_bits.to_be_bytes());
    input
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b64;
    use crate::crypto::RustCrypto;

    fn derive_now(z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], key_bits: u32) -> Zeroizing<Vec<u8>> {
        pollster::block_on(derive(&RustCrypto, z, algorithm_id, apu, apv, key_bits)).unwrap()
    }

    /// RFC 7518 Appendix C: Z and the derived A128GCM key.
    #[test]
    fn rfc7518_appendix_c() {
        let z = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218,
            128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = derive_now(&z, "A128GCM", b"Alice", b"Bob", 128);
        assert_eq!(b64::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
    }

    #[test]
    fn longer_keys_use_more_rounds() {
        let long = derive_now(&[7; 32], "X", b"", b"", 512);
        assert_eq!(long.len(), 64);
        assert_ne!(long[..32], long[32..]);
    }
}
