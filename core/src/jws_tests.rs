use pollster::block_on;

use super::*;
use crate::crypto::RustCrypto;
use crate::jwk::{PrivateJwk, PublicJwk};

/// RFC 7515 Appendix A.3: the ES256 example key and the JWS it prints.
const A3_KEY: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const A3_JWS: &str = concat!(
    "eyJhbGciOiJFUzI1NiJ9",
    ".",
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
    ".",
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
);

fn a3_public() -> PublicJwk {
    A3_KEY.parse::<PrivateJwk>().unwrap().public().clone()
}

fn verify(compact: &str, jwk: &PublicJwk) -> Result<Vec<u8>> {
    block_on(async {
        let key = RustCrypto.import_verifying_key(jwk).await?;
        UnverifiedJws::parse(compact)?.verify(&RustCrypto, &key).await
    })
}

fn with_header(header: &str) -> String {
    let rest = A3_JWS.split_once('.').unwrap().1;
    format!("{}.{rest}", b64::encode(header.as_bytes()))
}

#[test]
fn rfc7515_a3_verifies() {
    let payload = verify(A3_JWS, &a3_public()).unwrap();
    assert_eq!(payload, b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
}

#[test]
fn rfc7515_a3_key_signs_what_it_verifies() {
    let private: PrivateJwk = A3_KEY.parse().unwrap();
    let compact = block_on(async {
        let key = RustCrypto.import_signing_key(&private).await.unwrap();
        sign(&RustCrypto, &key, Default::default(), b"hello").await.unwrap()
    });
    assert!(compact.starts_with("eyJhbGciOiJFUzI1NiJ9."));
    assert_eq!(verify(&compact, &a3_public()).unwrap(), b"hello");
}

#[test]
fn other_algorithms_and_crit_are_refused() {
    for alg in ["none", "HS256", "RS256", "ES384", "EdDSA", "es256"] {
        let jws = with_header(&format!(r#"{{"alg":"{alg}"}}"#));
        assert_eq!(verify(&jws, &a3_public()), Err(Error::UnsupportedAlgorithm), "{alg}");
    }
    let crit = with_header(r#"{"alg":"ES256","crit":["exp"],"exp":1}"#);
    assert_eq!(verify(&crit, &a3_public()), Err(Error::UnsupportedCritical));
    let twice = with_header(r#"{"alg":"ES256","alg":"ES256"}"#);
    assert_eq!(verify(&twice, &a3_public()), Err(Error::MalformedJws));
}

#[test]
fn malformed_structure_is_refused() {
    let (input, _) = A3_JWS.rsplit_once('.').unwrap();
    assert_eq!(verify(input, &a3_public()), Err(Error::MalformedJws));
    assert_eq!(verify(&format!("{A3_JWS}.x"), &a3_public()), Err(Error::MalformedJws));
    assert_eq!(verify(&"a".repeat(MAX_JWS_LEN + 1), &a3_public()), Err(Error::InputTooLarge));
}

#[test]
fn signature_length_and_range_are_checked() {
    let (input, sig) = A3_JWS.rsplit_once('.').unwrap();
    let sig = b64::decode(sig).unwrap();
    let with_sig = |s: &[u8]| format!("{input}.{}", b64::encode(s));

    assert_eq!(verify(&with_sig(&sig[..63]), &a3_public()), Err(Error::InvalidSignature));
    let mut long = sig.clone();
    long.push(0);
    assert_eq!(verify(&with_sig(&long), &a3_public()), Err(Error::InvalidSignature));

    let mut zero_r = sig.clone();
    zero_r[..32].fill(0);
    assert_eq!(verify(&with_sig(&zero_r), &a3_public()), Err(Error::InvalidSignature));
    let mut s_is_n = sig.clone();
    s_is_n[32..].copy_from_slice(&P256_ORDER);
    assert_eq!(verify(&with_sig(&s_is_n), &a3_public()), Err(Error::InvalidSignature));
    let mut r_max = sig;
    r_max[..32].fill(0xff);
    assert_eq!(verify(&with_sig(&r_max), &a3_public()), Err(Error::InvalidSignature));
}

#[test]
fn scalar_range_edges() {
    let mut n_minus_1 = P256_ORDER;
    n_minus_1[31] -= 1;
    assert!(scalar_in_range(&n_minus_1));
    assert!(!scalar_in_range(&P256_ORDER));
    assert!(!scalar_in_range(&[0; 32]));
    let mut one = [0; 32];
    one[31] = 1;
    assert!(scalar_in_range(&one));
}
