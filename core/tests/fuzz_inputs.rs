//! Every fuzz seed and every input a fuzzer once crashed on (core/fuzz/regressions/<target>/),
//! replayed through the parsers the fuzz targets drive, on every `cargo test`: a crash found by
//! `scripts/fuzz.mjs` stays fixed without the fuzzer, on the stable toolchain.

use std::fs;
use std::path::Path;

use tessera_core::card::{Card, YearMonth};
use tessera_core::fingerprint::Fingerprint;
use tessera_core::jwk::{Jwks, PrivateJwk, PublicJwk};
use tessera_core::jws::UnverifiedJws;
use tessera_core::keyset::EncryptionKeys;
use tessera_core::policy::Policy;
use tessera_core::risk::Rules;
use tessera_core::threeds::BrowserInfo;
use tessera_core::webauthn::{self, Expected};

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    ["seeds", "regressions"]
        .iter()
        .flat_map(|kind| fs::read_dir(fuzz.join(kind).join(target)).into_iter().flatten())
        .map(|entry| fs::read(entry.expect("a readable entry").path()).expect("a readable input"))
        .collect()
}

/// Each target's inputs through its parsers, which must answer (`Ok` or `Err`), never panic.
fn replay(target: &str, parse: impl Fn(&[u8])) -> usize {
    let all = inputs(target);
    for input in &all {
        parse(input);
    }
    all.len()
}

fn json(bytes: &[u8]) -> Option<serde_json::Value> {
    serde_json::from_slice(bytes).ok()
}

#[test]
fn every_seed_and_regression_is_answered_without_a_panic() {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let counts = [
        replay("jws", |b| {
            let _ = UnverifiedJws::parse(&text(b));
        }),
        replay("dpop", |b| {
            let _ = UnverifiedJws::parse(&text(b.get(1..).unwrap_or_default()));
        }),
        replay("jwe", |b| {
            let _ = tessera_core::jwe::key_id(&text(b.get(1..).unwrap_or_default()));
        }),
        replay("jwk", |b| {
            let s = text(b);
            let _ = json(b).map(PublicJwk::from_value);
            let _ = s.parse::<PrivateJwk>();
            let _ = s.parse::<Jwks>();
            let _ = s.parse::<EncryptionKeys>();
        }),
        replay("card", |b| {
            let _ = Card::from_json(b, YearMonth { year: 2026, month: 12 });
        }),
        replay("threeds", |b| {
            let _ = json(b).map(BrowserInfo::from_value);
        }),
        replay("fingerprint", |b| {
            let _ = json(b).map(Fingerprint::from_value);
        }),
        replay("webauthn", |b| {
            let expected = Expected { rp_id: "localhost", origin: "http://localhost:8787", challenge: "Y2hhbGxlbmdl" };
            let _ = webauthn::parse_authenticator_data(b);
            let _ = webauthn::der_to_raw(b);
            let _ = webauthn::verify_registration(b, b, &expected);
        }),
        replay("risk_rules", |b| {
            let _ = Rules::from_json(b);
        }),
        replay("policy", |b| {
            let _ = Policy::from_json(b);
        }),
    ];
    assert!(counts.iter().all(|&n| n > 0), "every target has seeds: {counts:?}");
}

#[test]
fn the_seeds_that_are_valid_documents_parse() {
    // The seeds are the standards' examples and our own formats: the valid ones must stay valid,
    // or the fuzzer starts from rejections only.
    let seed = |target: &str, name: &str| fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target).join(name)).expect("seed exists");
    assert!(UnverifiedJws::parse(std::str::from_utf8(&seed("jws", "rfc9449")).unwrap()).is_ok());
    assert!(Policy::from_json(&seed("policy", "builtin")).is_ok());
    assert!(Rules::from_json(&seed("risk_rules", "all-conditions")).is_ok());
    assert!(Card::from_json(&seed("card", "full"), YearMonth { year: 2026, month: 12 }).is_ok());
    assert!(json(&seed("threeds", "chrome")).map(BrowserInfo::from_value).is_some_and(|r| r.is_ok()));
    assert!(json(&seed("fingerprint", "full")).map(Fingerprint::from_value).is_some_and(|r| r.is_ok()));
    assert!(json(&seed("jwk", "alice-public")).map(PublicJwk::from_value).is_some_and(|r| r.is_ok()));
    let registration = seed("webauthn", "registration");
    let split = registration.iter().position(|&b| b == 0xff).unwrap();
    let expected = Expected { rp_id: "localhost", origin: "http://localhost:8787", challenge: "Y2hhbGxlbmdl" };
    assert!(webauthn::verify_registration(&registration[..split], &registration[split + 1..], &expected).is_ok());
}
