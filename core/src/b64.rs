//! Unpadded base64url (RFC 7515 §2), strict.
//!
//! JOSE compares encoded strings (a thumbprint, a header used as AAD), so two spellings of the
//! same bytes must not both be accepted: padding, the standard alphabet and non-zero trailing bits
//! are refused rather than repaired.

use crate::prelude::*;
use base64ct::{Base64, Base64UrlUnpadded, Encoding};

use crate::{Error, Result};

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Encodes bytes as padded standard base64 (RFC 4648 §4), as HTTP Basic authentication wants.
pub fn encode_standard(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Decodes padded standard base64 (files sent as evidence, HMAC keys and signatures of
/// processors that use it).
pub fn decode_standard(text: &str) -> Result<Vec<u8>> {
    Base64::decode_vec(text).map_err(|_| Error::InvalidBase64)
}

/// Decodes canonical unpadded base64url.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(text).map_err(|_| Error::InvalidBase64)
}

/// Decodes canonical unpadded base64url that must be exactly `N` bytes long.
pub fn decode_array<const N: usize>(text: &str) -> Result<[u8; N]> {
    // An N-byte value has exactly this many characters; checking first bounds the work.
    if text.len() != (N * 4).div_ceil(3) {
        return Err(Error::InvalidBase64);
    }
    let mut out = [0u8; N];
    let decoded = Base64UrlUnpadded::decode(text, &mut out).map_err(|_| Error::InvalidBase64)?;
    if decoded.len() != N {
        return Err(Error::InvalidBase64);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_variants() {
        assert_eq!(encode(b"Alice"), "QWxpY2U");
        assert_eq!(encode_standard(b"Alice?>"), "QWxpY2U/Pg==");
        assert_eq!(decode("QWxpY2U").unwrap(), b"Alice");
        assert_eq!(decode("QWxpY2U="), Err(Error::InvalidBase64));
        assert_eq!(decode("QWxpY2V"), Err(Error::InvalidBase64), "non-zero trailing bits");
        assert_eq!(decode("a+b/"), Err(Error::InvalidBase64), "standard alphabet");
        assert_eq!(decode_array::<5>("QWxpY2U").unwrap(), *b"Alice");
        assert_eq!(decode_array::<4>("QWxpY2U"), Err(Error::InvalidBase64));
    }
}
