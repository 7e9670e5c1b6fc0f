//! Project Wycheproof through the pure-Rust provider; the WebCrypto provider runs the same
//! suites in Chromium (`widget/tests/web.rs`). Counts are printed with `--nocapture`.

use pollster::block_on;
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::vectors::{self, Tally};

fn check(tally: Tally) {
    println!("{} [RustCrypto]", tally.summary());
    assert!(tally.total() > 0, "{}: no tests ran", tally.suite);
    assert!(tally.mismatches.is_empty(), "{}: {} mismatches:\n{}", tally.suite, tally.mismatches.len(), tally.mismatches.join("\n"));
}

#[test]
fn ecdsa_p256_sha256_p1363_through_the_jws_signature_check() {
    check(block_on(vectors::ecdsa_p1363(&RustCrypto)));
}

#[test]
fn ecdsa_p256_sha256_der_through_the_webauthn_signature_check() {
    check(block_on(vectors::ecdsa_der(&RustCrypto)));
}

#[test]
fn ecdh_p256_points_through_the_jwe_key_agreement() {
    check(block_on(vectors::ecdh(&RustCrypto, async |d: &[u8; 32]| {
        let private = RustCrypto.private_jwk_from_scalar(d).ok()?;
        RustCrypto.import_agreement_key(&private).await.ok()
    })));
}

#[test]
fn aes_gcm_through_the_provider_the_jwe_uses() {
    check(block_on(vectors::aes_gcm(&RustCrypto, &[128, 192, 256])));
}

#[test]
fn hkdf_sha256_through_the_vault_key_derivation() {
    check(vectors::hkdf_sha256());
}
