use std::cell::RefCell;
use std::collections::HashSet;

use pollster::block_on;

use super::*;
use serde_json::json;
use crate::crypto::RustCrypto;

/// RFC 9449 §4.1, Figure 2: a proof for `POST https://server.example.com/token`.
const RFC9449_PROOF: &str = concat!(
    "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19",
    ".",
    "eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ",
    ".",
    "2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg",
);
const RFC9449_IAT: u64 = 1_562_262_616;

#[derive(Default)]
struct Memory(RefCell<HashSet<String>>);

impl ReplayGuard for Memory {
    async fn first_use(&self, jkt: &Thumbprint, jti: &str, _expires_at: u64) -> Result<bool> {
        Ok(self.0.borrow_mut().insert(format!("{jkt}:{jti}")))
    }
}

const URL: &str = "https://edge.example/v1/checkout_sessions/cs_1/confirm";
const NOW: u64 = 1_800_000_000;

fn expected(method: &'static str, url: &'static str, now: u64) -> Expected<'static> {
    Expected { method, url, now, nonce: None, access_token: None }
}

struct Device {
    key: p256::ecdsa::SigningKey,
    jwk: PublicJwk,
}

fn device() -> Device {
    let (key, jwk) = block_on(RustCrypto.generate_signing_key()).unwrap();
    Device { key, jwk }
}

fn proof(device: &Device, request: Request<'_>) -> String {
    block_on(build(&RustCrypto, &device.key, &device.jwk, &request)).unwrap()
}

fn post(iat: u64) -> Request<'static> {
    Request { method: "POST", url: URL, iat, nonce: None, access_token: None }
}

fn check(proof: &str, expected: &Expected<'_>, replay: &Memory) -> Result<Verified> {
    block_on(verify(&RustCrypto, proof, expected, Window::default(), replay))
}

#[test]
fn rfc9449_figure_2_verifies() {
    let expected = expected("POST", "https://server.example.com/token", RFC9449_IAT + 10);
    let verified = check(RFC9449_PROOF, &expected, &Memory::default()).unwrap();
    assert_eq!(verified.jkt.as_str(), "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
    assert_eq!(verified.jti, "-BwC3ESc6acc2lTc");
    assert_eq!(verified.iat, RFC9449_IAT);
}

#[test]
fn a_fresh_proof_verifies_once() {
    let d = device();
    let replay = Memory::default();
    let p = proof(&d, post(NOW));
    let v = check(&p, &expected("POST", URL, NOW), &replay).unwrap();
    assert_eq!(v.jkt, d.jwk.thumbprint());
    assert_eq!(check(&p, &expected("POST", URL, NOW), &replay).err(), Some(Error::DpopReplayed));
}

#[test]
fn method_url_and_time_must_match() {
    let d = device();
    let replay = Memory::default();
    let p = proof(&d, post(NOW));
    assert_eq!(check(&p, &expected("GET", URL, NOW), &replay).err(), Some(Error::DpopMethodMismatch));
    let other = "https://edge.example/v1/checkout_sessions/cs_2/confirm";
    assert_eq!(check(&p, &expected("POST", other, NOW), &replay).err(), Some(Error::DpopUrlMismatch));
    let with_query = "https://EDGE.example:443/v1/checkout_sessions/cs_1/confirm?lang=de";
    assert!(check(&proof(&d, post(NOW)), &expected("POST", with_query, NOW), &replay).is_ok());

    let stale = proof(&d, post(NOW - 301));
    assert_eq!(check(&stale, &expected("POST", URL, NOW), &replay).err(), Some(Error::DpopStale));
    let future = proof(&d, post(NOW + 61));
    assert_eq!(check(&future, &expected("POST", URL, NOW), &replay).err(), Some(Error::DpopStale));
    let edge = proof(&d, post(NOW - 300));
    assert!(check(&edge, &expected("POST", URL, NOW), &replay).is_ok());
}

#[test]
fn nonce_and_access_token_binding() {
    let d = device();
    let replay = Memory::default();
    let mut want = expected("POST", URL, NOW);
    want.nonce = Some("n-1");
    assert_eq!(check(&proof(&d, post(NOW)), &want, &replay).err(), Some(Error::DpopNonceMismatch));
    let with_nonce = Request { nonce: Some("n-1"), ..post(NOW) };
    assert!(check(&proof(&d, with_nonce), &want, &replay).is_ok());

    let mut want = expected("POST", URL, NOW);
    want.access_token = Some("token-a");
    let bound = Request { access_token: Some("token-b"), ..post(NOW) };
    assert_eq!(check(&proof(&d, bound), &want, &replay).err(), Some(Error::DpopAccessTokenMismatch));
    let bound = Request { access_token: Some("token-a"), ..post(NOW) };
    assert!(check(&proof(&d, bound), &want, &replay).is_ok());
}

/// Signs arbitrary header and claims with the device key, to build proofs `build` never would.
fn forged(d: &Device, header: serde_json::Value, claims: serde_json::Value) -> String {
    let header = header.as_object().unwrap().clone();
    block_on(jws::sign(&RustCrypto, &d.key, header, claims.to_string().as_bytes())).unwrap()
}

fn good_claims() -> serde_json::Value {
    json!({ "jti": "abcdefghijklmnopqrstuv", "htm": "POST", "htu": URL, "iat": NOW })
}

#[test]
fn header_must_be_a_dpop_header_with_a_public_key() {
    let d = device();
    let replay = Memory::default();
    let want = expected("POST", URL, NOW);
    let jwk = d.jwk.to_value();
    let cases = [
        (json!({ "typ": "JWT", "jwk": jwk }), Error::DpopInvalidHeader),
        (json!({ "jwk": jwk }), Error::DpopInvalidHeader),
        (json!({ "typ": TYP }), Error::DpopInvalidHeader),
    ];
    for (header, error) in cases {
        assert_eq!(check(&forged(&d, header.clone(), good_claims()), &want, &replay).err(), Some(error), "{header}");
    }
    let mut private = d.jwk.to_value();
    private["d"] = b64::encode(&[1; 32]).into();
    let p = forged(&d, json!({ "typ": TYP, "jwk": private }), good_claims());
    assert_eq!(check(&p, &want, &replay).err(), Some(Error::PrivateKeyNotAllowed));

    let other = device();
    let p = forged(&d, json!({ "typ": TYP, "jwk": other.jwk.to_value() }), good_claims());
    assert_eq!(check(&p, &want, &replay).err(), Some(Error::InvalidSignature), "signed by another key");
}

#[test]
fn claims_are_required_and_typed() {
    let d = device();
    let replay = Memory::default();
    let want = expected("POST", URL, NOW);
    let header = json!({ "typ": TYP, "jwk": d.jwk.to_value() });
    for missing in ["jti", "htm", "htu", "iat"] {
        let mut claims = good_claims();
        claims.as_object_mut().unwrap().remove(missing);
        let p = forged(&d, header.clone(), claims);
        assert_eq!(check(&p, &want, &replay).err(), Some(Error::DpopInvalidClaims), "without {missing}");
    }
    let mut float_iat = good_claims();
    float_iat["iat"] = json!(1.5e9);
    assert_eq!(check(&forged(&d, header.clone(), float_iat), &want, &replay).err(), Some(Error::DpopInvalidClaims));
    let mut short_jti = good_claims();
    short_jti["jti"] = json!("only-15-chars!!");
    assert_eq!(check(&forged(&d, header.clone(), short_jti), &want, &replay).err(), Some(Error::DpopInvalidJti));
    let mut bad_htu = good_claims();
    bad_htu["htu"] = json!("/relative");
    assert_eq!(check(&forged(&d, header, bad_htu), &want, &replay).err(), Some(Error::DpopUrlMismatch));
}

#[test]
fn failed_proofs_do_not_consume_their_jti() {
    let d = device();
    let replay = Memory::default();
    let p = proof(&d, post(NOW));
    assert!(check(&p, &expected("POST", URL, NOW + 10_000), &replay).is_err());
    assert!(replay.0.borrow().is_empty());
}
