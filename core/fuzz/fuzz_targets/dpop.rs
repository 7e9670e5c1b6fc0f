//! DPoP proofs (RFC 9449). The first byte picks the mode: a raw proof as the client sent it, or
//! fuzzed claims signed with a real key, so the claim checks behind the signature are reached.
#![no_main]

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pollster::block_on;
use tessera_core::b64;
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::dpop::{self, Expected, ReplayGuard, Window};
use tessera_core::jwk::{PrivateJwk, Thumbprint};

const KEY: &str = r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps","d":"0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"}"#;

#[derive(Default)]
struct Seen(RefCell<HashSet<String>>);

impl ReplayGuard for Seen {
    async fn first_use(&self, jkt: &Thumbprint, jti: &str, _expires_at: u64) -> tessera_core::Result<bool> {
        Ok(self.0.borrow_mut().insert(format!("{jkt}:{jti}")))
    }
}

fn key() -> &'static PrivateJwk {
    static KEY_JWK: OnceLock<PrivateJwk> = OnceLock::new();
    KEY_JWK.get_or_init(|| KEY.parse().expect("the fuzz key parses"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let expected = Expected {
        method: "POST",
        url: "https://edge.example/v1/checkout_sessions/cs_1/confirm",
        now: 1_562_262_620,
        nonce: if mode & 2 == 0 { None } else { Some("n-1") },
        access_token: if mode & 4 == 0 { None } else { Some("token") },
    };
    let proof = if mode & 1 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else { return };
        text.to_owned()
    } else {
        let private = key();
        let header = serde_json::json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": private.public().bare().to_value() });
        let input = format!("{}.{}", b64::encode(header.to_string().as_bytes()), b64::encode(rest));
        let signing = block_on(RustCrypto.import_signing_key(private)).expect("the fuzz key imports");
        let signature = block_on(RustCrypto.sign_es256(&signing, input.as_bytes())).expect("signing works");
        format!("{input}.{}", b64::encode(signature.as_ref()))
    };
    let seen = Seen::default();
    let first = block_on(dpop::verify(&RustCrypto, &proof, &expected, Window::default(), &seen));
    if first.is_ok() {
        // The same proof twice is a replay, whatever it says.
        let again = block_on(dpop::verify(&RustCrypto, &proof, &expected, Window::default(), &seen));
        assert!(again.is_err(), "a proof was accepted twice");
    }
    let _ = dpop::htu::normalize(std::str::from_utf8(rest).unwrap_or_default());
});
