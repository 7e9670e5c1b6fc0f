//! The widget's cryptography and form in a real browser (headless Chromium through
//! `wasm-bindgen-test-runner`): what WebCrypto makes, the pure-Rust provider reads, and the
//! standards' vectors pass through WebCrypto too.
#![cfg(target_arch = "wasm32")]

use tessera_core::card::{CardPayload, YearMonth};
use tessera_core::crypto::{Crypto, RustCrypto, WebCrypto};
use tessera_core::dpop::{self, Expected, ReplayGuard, Window};
use tessera_core::jwe::{self, KeyRing};
use tessera_core::jwk::{PrivateJwk, PublicJwk, Thumbprint};
use tessera_core::jws::UnverifiedJws;
use tessera_core::{Error, Result};
use tessera_widget::{FieldName, Form};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Fresh;

impl ReplayGuard for Fresh {
    async fn first_use(&self, _: &Thumbprint, _: &str, _: u64) -> Result<bool> {
        Ok(true)
    }
}

#[wasm_bindgen_test]
fn the_form_formats_and_validates_as_typed() {
    let mut form = Form::new(2026, 11);
    assert_eq!(form.set(FieldName::Number, "378282246310005"), "3782 822463 10005");
    assert_eq!(form.brand().as_deref(), Some("amex"));
    form.set(FieldName::Expiry, "1230");
    form.set(FieldName::Cvc, "123");
    form.set(FieldName::Name, "Ada Lovelace");
    assert!(!form.complete(), "Amex needs four digits");
    form.set(FieldName::Cvc, "1234");
    assert!(form.complete());
    let payload = form.payload().unwrap();
    assert_eq!(payload.number, "378282246310005");
}

#[wasm_bindgen_test]
async fn a_card_encrypted_with_webcrypto_decrypts_with_the_edges_provider() {
    let edge_key = RustCrypto.generate_private_jwk().unwrap().with_metadata("k1", "enc", "ECDH-ES");
    let web = WebCrypto::new().unwrap();
    let card = CardPayload { number: "4242424242424242".into(), exp_month: 12, exp_year: 2034, cvc: "123".into(), name: None };
    let plaintext = serde_json::to_vec(&card).unwrap();
    let compact = jwe::encrypt(&web, edge_key.public(), "cs_x", &plaintext).await.unwrap();

    let mut ring = KeyRing::new();
    ring.insert("k1", RustCrypto.import_agreement_key(&edge_key).await.unwrap());
    let out = jwe::decrypt(&RustCrypto, &ring, &compact).await.unwrap();
    out.expect_session("cs_x").unwrap();
    let card = tessera_core::card::Card::from_json(&out.plaintext, YearMonth { year: 2026, month: 11 }).unwrap();
    assert_eq!(card.number.last4(), "4242");

    // And the other way: WebCrypto decrypts what RustCrypto sealed.
    let back = jwe::encrypt(&RustCrypto, edge_key.public(), "cs_y", b"hello").await.unwrap();
    let mut web_ring = KeyRing::new();
    web_ring.insert("k1", web.import_agreement_key(&edge_key).await.unwrap());
    assert_eq!(jwe::decrypt(&web, &web_ring, &back).await.unwrap().plaintext.as_slice(), b"hello");
}

#[wasm_bindgen_test]
async fn a_dpop_proof_from_a_non_extractable_device_key_verifies() {
    let web = WebCrypto::new().unwrap();
    let (private, public) = web.generate_signing_key().await.unwrap();
    assert!(!private.extractable(), "the device key cannot be read");
    let url = "https://edge.example/v1/checkout_sessions/cs_1/confirm";
    let request = dpop::Request { method: "POST", url, iat: 1_800_000_000, nonce: None, access_token: None };
    let proof = dpop::build(&web, &private, &public, &request).await.unwrap();
    let expected = Expected { method: "POST", url, now: 1_800_000_010, nonce: None, access_token: None };
    let verified = dpop::verify(&RustCrypto, &proof, &expected, Window::default(), &Fresh).await.unwrap();
    assert_eq!(verified.jkt, public.thumbprint());
}

#[wasm_bindgen_test]
async fn webcrypto_passes_rfc7515_a3_and_rfc7518_c() {
    let web = WebCrypto::new().unwrap();
    let a3: PrivateJwk = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#.parse().unwrap();
    let jws = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    let key = web.import_verifying_key(a3.public()).await.unwrap();
    assert!(UnverifiedJws::parse(jws).unwrap().verify(&web, &key).await.is_ok());

    let bob: PrivateJwk = r#"{"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck","d":"VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"}"#.parse().unwrap();
    let alice: PublicJwk = r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"}"#.parse().unwrap();
    let bob_key = web.import_agreement_key(&bob).await.unwrap();
    let z = jwe::agree(&web, &bob_key, &alice).await.unwrap();
    // The Concat KDF through the browser's SHA-256, as the widget runs it.
    let cek = jwe::concat_kdf::derive(&web, z.as_slice(), "A128GCM", b"Alice", b"Bob", 128).await.unwrap();
    assert_eq!(tessera_core::b64::encode(&cek), "VqqN6vgjbSBcIijNcacQGg");
}

#[wasm_bindgen_test]
async fn webcrypto_refuses_a_point_off_the_curve() {
    let web = WebCrypto::new().unwrap();
    let on_curve: PublicJwk = r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"}"#.parse().unwrap();
    let mut y = *on_curve.y();
    y[31] ^= 1;
    let off = PublicJwk::from_coordinates(*on_curve.x(), y);
    assert_eq!(web.import_peer_key(&off).await.err(), Some(Error::InvalidKey));
    assert_eq!(web.import_verifying_key(&off).await.err(), Some(Error::InvalidKey));
}

/// The same Wycheproof suites the pure-Rust provider passes natively, through WebCrypto.
mod wycheproof_through_webcrypto {
    use tessera_core::vectors::{self, Tally};

    use super::*;

    fn check(tally: Tally) {
        console_log!("{} [WebCrypto, Chromium]", tally.summary());
        assert!(tally.total() > 0, "{}: no tests ran", tally.suite);
        assert!(tally.mismatches.is_empty(), "{}: {} mismatches:\n{}", tally.suite, tally.mismatches.len(), tally.mismatches.join("\n"));
    }

    #[wasm_bindgen_test]
    async fn ecdsa_p1363() {
        check(vectors::ecdsa_p1363(&WebCrypto::new().unwrap()).await);
    }

    #[wasm_bindgen_test]
    async fn ecdsa_der() {
        check(vectors::ecdsa_der(&WebCrypto::new().unwrap()).await);
    }

    #[wasm_bindgen_test]
    async fn ecdh() {
        let web = WebCrypto::new().unwrap();
        check(
            vectors::ecdh(&web, async |d: &[u8; 32]| {
                // WebCrypto imports a private key with its public point, so compute it first.
                let private = RustCrypto.private_jwk_from_scalar(d).ok()?;
                web.import_agreement_key(&private).await.ok()
            })
            .await,
        );
    }

    #[wasm_bindgen_test]
    async fn aes_gcm() {
        // Chromium's WebCrypto has no 192-bit AES; Tessera uses 256-bit keys only.
        check(vectors::aes_gcm(&WebCrypto::new().unwrap(), &[128, 256]).await);
    }

    #[wasm_bindgen_test]
    fn hkdf() {
        check(vectors::hkdf_sha256());
    }
}
