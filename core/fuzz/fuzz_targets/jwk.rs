//! JWKs and key sets: a public key, a private key, a JWKS and the edge's encryption-key setting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::jwk::{Jwks, PrivateJwk, PublicJwk};
use tessera_core::keyset::EncryptionKeys;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text)
        && let Ok(jwk) = PublicJwk::from_value(value)
    {
        // A key that parsed is on the curve and survives a round trip with the same thumbprint.
        let again = PublicJwk::from_value(jwk.to_value()).expect("a parsed key parses again");
        assert_eq!(again.thumbprint().as_str(), jwk.thumbprint().as_str());
    }
    let _ = text.parse::<PrivateJwk>();
    if let Ok(set) = text.parse::<Jwks>() {
        let _ = set.to_json();
    }
    if let Ok(keys) = text.parse::<EncryptionKeys>() {
        let _ = keys.public_jwks().to_json();
    }
});
