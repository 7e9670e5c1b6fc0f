use super::*;

/// RFC 9449 §4.1 (Figure 2) proof key and the `jkt` it publishes for it in §6.1.
const RFC9449_JWK: &str = r#"{"kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","crv":"P-256"}"#;
const RFC9449_JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

#[test]
fn thumbprint_matches_rfc9449() {
    let jwk: PublicJwk = RFC9449_JWK.parse().unwrap();
    assert_eq!(jwk.thumbprint().as_str(), RFC9449_JKT);
    // Metadata is not part of the thumbprint (RFC 7638 §3.2).
    let tagged = jwk.clone().with_metadata("k1", "enc", "ECDH-ES");
    assert_eq!(tagged.thumbprint(), jwk.thumbprint());
    // Hashed by a crypto provider (the widget's WebCrypto), it is the same.
    assert_eq!(pollster::block_on(jwk.thumbprint_with(&crate::crypto::RustCrypto)).unwrap().as_str(), RFC9449_JKT);
}

#[test]
fn refuses_other_key_types_and_sizes() {
    let cases = [
        r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#,
        r#"{"kty":"EC","crv":"P-384","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#,
        r#"{"kty":"EC","crv":"P-256","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBA","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#,
        r#"{"kty":"EC","crv":"P-256","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#,
        r#"{"kty":"EC","crv":"P-256","x":"l8tFrhx+34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#,
        r#"["not","an","object"]"#,
    ];
    for case in cases {
        assert_eq!(case.parse::<PublicJwk>(), Err(Error::InvalidJwk), "{case}");
    }
}

#[test]
fn a_public_key_with_d_is_refused() {
    let private = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
    assert_eq!(private.parse::<PublicJwk>(), Err(Error::PrivateKeyNotAllowed));
    let key: PrivateJwk = private.parse().unwrap();
    assert!(!format!("{key:?}").contains("jpsQ"), "Debug must not show d");
    let back: PrivateJwk = key.to_json_secret().parse().unwrap();
    assert_eq!(back.d(), key.d());
}

#[test]
fn key_sets_round_trip_and_skip_foreign_keys() {
    let jwk: PublicJwk = RFC9449_JWK.parse().unwrap();
    let set = Jwks { keys: vec![jwk.with_metadata("2026-11", "enc", "ECDH-ES")] };
    let json = set.to_json();
    let mixed = json.replace(r#""keys":["#, r#""keys":[{"kty":"oct","k":"AAAA"},"#);
    let parsed: Jwks = mixed.parse().unwrap();
    assert_eq!(parsed, set);
    assert_eq!(parsed.find("2026-11").unwrap().key_use(), Some("enc"));
    assert!(parsed.find("other").is_none());
}
