//! Passkeys: verifying WebAuthn Level 3 registrations (§7.1) and assertions (§7.2) for ES256
//! credentials, with the crypto provider doing the ECDSA.
//!
//! WebAuthn ES256 signatures are ASN.1 DER, not JOSE's raw r‖s: [`der_to_raw`] converts them
//! strictly (minimal lengths, no padding, r and s positive) and the same range checks as JWS
//! apply, so Wycheproof's DER test set runs through exactly this path.

use crate::prelude::*;
use ciborium::Value;
use serde::Deserialize;

use crate::crypto::{Crypto, RawSignature};
use crate::jwk::PublicJwk;
use crate::{b64, jws, kdf, Error, Result};

/// User present.
const FLAG_UP: u8 = 0x01;
/// User verified.
const FLAG_UV: u8 = 0x04;
/// Attested credential data included.
const FLAG_AT: u8 = 0x40;

/// What the relying party expects of a response.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The RP ID (the edge's host name).
    pub rp_id: &'a str,
    /// The origin the ceremony ran in (the card frame's).
    pub origin: &'a str,
    /// The challenge issued for this ceremony, base64url.
    pub challenge: &'a str,
}

#[derive(Deserialize)]
struct ClientData {
    #[serde(rename = "type")]
    kind: String,
    challenge: String,
    origin: String,
}

/// Parsed authenticator data.
#[derive(Debug)]
pub struct AuthenticatorData {
    /// SHA-256 of the RP ID.
    pub rp_id_hash: [u8; 32],
    /// Flags byte.
    pub flags: u8,
    /// Signature counter.
    pub sign_count: u32,
    /// The new credential, in a registration.
    pub attested: Option<AttestedCredential>,
}

/// A credential as created by an authenticator.
#[derive(Debug, Clone)]
pub struct AttestedCredential {
    /// The credential id.
    pub credential_id: Vec<u8>,
    /// Its ES256 public key.
    pub public_key: PublicJwk,
}

/// Parses authenticator data (WebAuthn §6.1).
pub fn parse_authenticator_data(bytes: &[u8]) -> Result<AuthenticatorData> {
    let fixed = bytes.get(..37).ok_or(Error::WebauthnMalformed)?;
    let rp_id_hash: [u8; 32] = fixed[..32].try_into().map_err(|_| Error::WebauthnMalformed)?;
    let flags = fixed[32];
    let sign_count = u32::from_be_bytes(fixed[33..37].try_into().map_err(|_| Error::WebauthnMalformed)?);
    let attested = if flags & FLAG_AT != 0 {
        let rest = &bytes[37..];
        let id_len = usize::from(u16::from_be_bytes(rest.get(16..18).ok_or(Error::WebauthnMalformed)?.try_into().map_err(|_| Error::WebauthnMalformed)?));
        let credential_id = rest.get(18..18 + id_len).ok_or(Error::WebauthnMalformed)?.to_vec();
        let key: Value = ciborium::de::from_reader(rest.get(18 + id_len..).ok_or(Error::WebauthnMalformed)?).map_err(|_| Error::WebauthnMalformed)?;
        Some(AttestedCredential { credential_id, public_key: cose_es256(&key)? })
    } else {
        None
    };
    Ok(AuthenticatorData { rp_id_hash, flags, sign_count, attested })
}

fn map_get(map: &[(Value, Value)], key: i64) -> Option<&Value> {
    map.iter().find(|(k, _)| k.as_integer().is_some_and(|i| i128::from(i) == i128::from(key))).map(|(_, v)| v)
}

/// An ES256 COSE_Key (RFC 9053): kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
fn cose_es256(key: &Value) -> Result<PublicJwk> {
    let map = key.as_map().ok_or(Error::WebauthnMalformed)?;
    let int = |k: i64| map_get(map, k).and_then(Value::as_integer).map(i128::from);
    if int(1) != Some(2) || int(3) != Some(-7) || int(-1) != Some(1) {
        return Err(Error::WebauthnAttestation);
    }
    let coordinate = |k: i64| -> Result<[u8; 32]> { map_get(map, k).and_then(Value::as_bytes).and_then(|b| b.as_slice().try_into().ok()).ok_or(Error::WebauthnMalformed) };
    Ok(PublicJwk::from_coordinates(coordinate(-2)?, coordinate(-3)?))
}

fn check_client_data(json: &[u8], kind: &str, expected: &Expected<'_>) -> Result<()> {
    let data: ClientData = serde_json::from_slice(json).map_err(|_| Error::WebauthnMalformed)?;
    if data.kind != kind {
        return Err(Error::WebauthnType);
    }
    if !kdf::constant_time_eq(data.challenge.as_bytes(), expected.challenge.as_bytes()) {
        return Err(Error::WebauthnChallengeMismatch);
    }
    if data.origin != expected.origin {
        return Err(Error::WebauthnOriginMismatch);
    }
    Ok(())
}

fn check_flags_and_rp(auth: &AuthenticatorData, expected: &Expected<'_>) -> Result<()> {
    if auth.rp_id_hash != kdf::sha256(expected.rp_id.as_bytes()) {
        return Err(Error::WebauthnRpIdMismatch);
    }
    if auth.flags & FLAG_UP == 0 {
        return Err(Error::WebauthnUserNotPresent);
    }
    if auth.flags & FLAG_UV == 0 {
        return Err(Error::WebauthnUserNotVerified);
    }
    Ok(())
}

/// Verifies a registration (`navigator.credentials.create`) with `none` attestation and returns
/// the new credential and its counter.
pub fn verify_registration(client_data_json: &[u8], attestation_object: &[u8], expected: &Expected<'_>) -> Result<(AttestedCredential, u32)> {
    check_client_data(client_data_json, "webauthn.create", expected)?;
    let object: Value = ciborium::de::from_reader(attestation_object).map_err(|_| Error::WebauthnMalformed)?;
    let map = object.as_map().ok_or(Error::WebauthnMalformed)?;
    let field = |name: &str| map.iter().find(|(k, _)| k.as_text() == Some(name)).map(|(_, v)| v);
    let empty_statement = field("attStmt").and_then(Value::as_map).is_some_and(|m| m.is_empty());
    if field("fmt").and_then(Value::as_text) != Some("none") || !empty_statement {
        return Err(Error::WebauthnAttestation);
    }
    let auth_bytes = field("authData").and_then(Value::as_bytes).ok_or(Error::WebauthnMalformed)?;
    let auth = parse_authenticator_data(auth_bytes)?;
    check_flags_and_rp(&auth, expected)?;
    let credential = auth.attested.ok_or(Error::WebauthnMalformed)?;
    Ok((credential, auth.sign_count))
}

/// Verifies an assertion (`navigator.credentials.get`) from a stored credential; returns the new
/// signature counter to store.
pub async fn verify_assertion<C: Crypto>(
    crypto: &C,
    key: &C::VerifyingKey,
    stored_sign_count: u32,
    client_data_json: &[u8],
    authenticator_data: &[u8],
    signature: &[u8],
    expected: &Expected<'_>,
) -> Result<u32> {
    check_client_data(client_data_json, "webauthn.get", expected)?;
    let auth = parse_authenticator_data(authenticator_data)?;
    check_flags_and_rp(&auth, expected)?;
    let mut message = authenticator_data.to_vec();
    message.extend_from_slice(&kdf::sha256(client_data_json));
    verify_signature(crypto, key, &message, signature).await?;
    // §7.2 step 21: a counter that does not grow means a cloned authenticator (both zero means
    // the authenticator keeps no counter).
    if (auth.sign_count != 0 || stored_sign_count != 0) && auth.sign_count <= stored_sign_count {
        return Err(Error::WebauthnSignCount);
    }
    Ok(auth.sign_count)
}

/// The ES256 check for a DER signature: strict DER to r‖s, then the JWS signature check.
pub async fn verify_signature<C: Crypto>(crypto: &C, key: &C::VerifyingKey, message: &[u8], der: &[u8]) -> Result<()> {
    jws::verify_signature(crypto, key, message, &der_to_raw(der)?).await
}

/// Reads one DER length (definite, minimal).
fn der_length(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let (&first, rest) = bytes.split_first()?;
    match first {
        0..=0x7f => Some((usize::from(first), rest)),
        0x81 => {
            let (&len, rest) = rest.split_first()?;
            (len >= 0x80).then_some((usize::from(len), rest))
        }
        _ => None,
    }
}

/// One DER INTEGER, positive and minimally encoded, as 32 big-endian bytes.
fn der_integer(bytes: &[u8]) -> Option<([u8; 32], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    if tag != 0x02 {
        return None;
    }
    let (len, rest) = der_length(rest)?;
    let (value, rest) = (rest.get(..len)?, rest.get(len..)?);
    let (&head, _) = value.split_first()?;
    if head & 0x80 != 0 {
        return None; // negative
    }
    if head == 0 && value.len() > 1 && value[1] & 0x80 == 0 {
        return None; // a leading zero that is not needed
    }
    let digits = if head == 0 && value.len() > 1 { &value[1..] } else { value };
    if digits.len() > 32 {
        return None;
    }
    let mut out = [0u8; 32];
    out[32 - digits.len()..].copy_from_slice(digits);
    Some((out, rest))
}

/// Converts an ASN.1 DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs) to raw r‖s.
pub fn der_to_raw(der: &[u8]) -> Result<RawSignature> {
    let parse = || -> Option<RawSignature> {
        let (&tag, rest) = der.split_first()?;
        if tag != 0x30 {
            return None;
        }
        let (len, body) = der_length(rest)?;
        if body.len() != len {
            return None;
        }
        let (r, body) = der_integer(body)?;
        let (s, body) = der_integer(body)?;
        if !body.is_empty() {
            return None;
        }
        let mut raw = [0u8; 64];
        raw[..32].copy_from_slice(&r);
        raw[32..].copy_from_slice(&s);
        Some(raw)
    };
    parse().ok_or(Error::InvalidSignature)
}

/// A fresh challenge: 32 random bytes, base64url.
pub fn challenge<C: Crypto>(crypto: &C) -> Result<String> {
    Ok(b64::encode(&crate::crypto::random_array::<_, 32>(crypto)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_is_strict() {
        let mut ok = vec![0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02];
        let raw = der_to_raw(&ok).unwrap();
        assert_eq!((raw[31], raw[63]), (1, 2));
        ok[1] = 0x07;
        assert!(der_to_raw(&ok).is_err(), "length mismatch");
        assert!(der_to_raw(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02]).is_err(), "unneeded leading zero");
        assert!(der_to_raw(&[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x02]).is_err(), "negative");
        assert!(der_to_raw(&[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02]).is_err(), "long form for a short length");
        assert!(der_to_raw(&[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x00]).is_err(), "trailing byte inside");
    }
}
