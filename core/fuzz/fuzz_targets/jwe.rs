//! Compact JWE (ECDH-ES + A256GCM). The first byte picks the mode: a raw JWE as a frame sent it,
//! or the rest encrypted to the key and decrypted again, which must give it back unchanged.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pollster::block_on;
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::jwe::{self, KeyRing};
use tessera_core::jwk::PrivateJwk;

const KEY: &str = r#"{"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck","d":"VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw","kid":"k1"}"#;

struct Keys {
    private: PrivateJwk,
    ring: KeyRing<p256::SecretKey>,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let private: PrivateJwk = KEY.parse().expect("the fuzz key parses");
        let mut ring = KeyRing::new();
        ring.insert("k1", block_on(RustCrypto.import_agreement_key(&private)).expect("the fuzz key imports"));
        Keys { private, ring }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let keys = keys();
    if mode & 1 == 0 {
        let Ok(compact) = std::str::from_utf8(rest) else { return };
        let _ = jwe::key_id(compact);
        if let Ok(decrypted) = block_on(jwe::decrypt(&RustCrypto, &keys.ring, compact)) {
            let _ = decrypted.expect_session("cs_1");
        }
    } else {
        let recipient = keys.private.public().clone().with_metadata("k1", "enc", "ECDH-ES");
        let compact = block_on(jwe::encrypt(&RustCrypto, &recipient, "cs_1", rest)).expect("encrypting works");
        let decrypted = block_on(jwe::decrypt(&RustCrypto, &keys.ring, &compact)).expect("our own JWE decrypts");
        assert_eq!(decrypted.plaintext.as_slice(), rest);
        decrypted.expect_session("cs_1").expect("the session binding survives");
    }
});
