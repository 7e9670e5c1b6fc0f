use pollster::block_on;

use super::*;
use serde_json::json;
use crate::crypto::RustCrypto;
use crate::jwk::PrivateJwk;

/// RFC 7518 Appendix C: Alice's ephemeral key and Bob's key.
const ALICE: &str = r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps","d":"0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"}"#;
const BOB: &str = r#"{"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck","d":"VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"}"#;

#[test]
fn rfc7518_appendix_c_key_agreement() {
    let bob: PrivateJwk = BOB.parse().unwrap();
    let alice: PrivateJwk = ALICE.parse().unwrap();
    let (z_bob, z_alice) = block_on(async {
        let bob_key = RustCrypto.import_agreement_key(&bob).await.unwrap();
        let alice_key = RustCrypto.import_agreement_key(&alice).await.unwrap();
        (
            agree(&RustCrypto, &bob_key, alice.public()).await.unwrap(),
            agree(&RustCrypto, &alice_key, bob.public()).await.unwrap(),
        )
    });
    let expected_z = [
        158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218, 128,
        106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
    ];
    assert_eq!(*z_bob, expected_z);
    assert_eq!(*z_alice, expected_z);
    let key = block_on(concat_kdf::derive(&RustCrypto, z_bob.as_slice(), "A128GCM", b"Alice", b"Bob", 128)).unwrap();
    assert_eq!(b64::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
}

struct Fixture {
    ring: KeyRing<p256::SecretKey>,
    public: PublicJwk,
}

fn fixture() -> Fixture {
    let private = RustCrypto.generate_private_jwk().unwrap().with_metadata("k1", "enc", "ECDH-ES");
    let mut ring = KeyRing::new();
    ring.insert("k1", block_on(RustCrypto.import_agreement_key(&private)).unwrap());
    Fixture { ring, public: private.public().clone() }
}

fn seal(f: &Fixture, session: &str, plaintext: &[u8]) -> String {
    block_on(encrypt(&RustCrypto, &f.public, session, plaintext)).unwrap()
}

fn open(f: &Fixture, compact: &str) -> Result<Decrypted> {
    block_on(decrypt(&RustCrypto, &f.ring, compact))
}

/// Replaces the protected header (the AAD changes with it, so the tag check would also fail:
/// these tests show the header is refused before any decryption).
fn with_header(compact: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let (protected, rest) = compact.split_once('.').unwrap();
    let mut header: serde_json::Map<String, Value> = serde_json::from_slice(&b64::decode(protected).unwrap()).unwrap();
    edit(&mut header);
    format!("{}.{rest}", b64::encode(&serde_json::to_vec(&header).unwrap()))
}

#[test]
fn round_trip_binds_the_session() {
    let f = fixture();
    let compact = seal(&f, "cs_123", br#"{"number":"4242424242424242"}"#);
    assert_eq!(compact.split('.').nth(1), Some(""), "direct agreement has an empty encrypted key");
    let out = open(&f, &compact).unwrap();
    assert_eq!(out.plaintext.as_slice(), br#"{"number":"4242424242424242"}"#);
    assert_eq!(out.header.kid, "k1");
    out.expect_session("cs_123").unwrap();
    assert_eq!(out.expect_session("cs_456"), Err(Error::SessionMismatch));
}

#[test]
fn unknown_kid_is_refused() {
    let f = fixture();
    let compact = with_header(&seal(&f, "cs", b"x"), |h| {
        h.insert("kid".into(), "retired".into());
    });
    assert_eq!(open(&f, &compact).err(), Some(Error::UnknownKeyId));
}

#[test]
fn other_algorithms_zip_and_crit_are_refused() {
    let f = fixture();
    let good = seal(&f, "cs", b"x");
    for (member, value, error) in [
        ("alg", json!("ECDH-ES+A256KW"), Error::UnsupportedAlgorithm),
        ("alg", json!("RSA-OAEP"), Error::UnsupportedAlgorithm),
        ("alg", json!("dir"), Error::UnsupportedAlgorithm),
        ("enc", json!("A128GCM"), Error::UnsupportedAlgorithm),
        ("enc", json!("A256CBC-HS512"), Error::UnsupportedAlgorithm),
        ("zip", json!("DEF"), Error::UnsupportedCompression),
        ("crit", json!(["sid"]), Error::UnsupportedCritical),
    ] {
        let compact = with_header(&good, |h| {
            h.insert(member.into(), value.clone());
        });
        assert_eq!(open(&f, &compact).err(), Some(error), "{member}: {value}");
    }
}

#[test]
fn off_curve_and_private_epk_are_refused() {
    let f = fixture();
    let good = seal(&f, "cs", b"x");
    let off_curve = with_header(&good, |h| {
        let epk = h["epk"].as_object_mut().unwrap();
        let mut y = b64::decode(epk["y"].as_str().unwrap()).unwrap();
        y[31] ^= 1;
        epk.insert("y".into(), b64::encode(&y).into());
    });
    assert_eq!(open(&f, &off_curve).err(), Some(Error::InvalidKey));
    let with_d = with_header(&good, |h| {
        h["epk"].as_object_mut().unwrap().insert("d".into(), b64::encode(&[1; 32]).into());
    });
    assert_eq!(open(&f, &with_d).err(), Some(Error::PrivateKeyNotAllowed));
    let no_epk = with_header(&good, |h| {
        h.remove("epk");
    });
    assert_eq!(open(&f, &no_epk).err(), Some(Error::MalformedJwe));
}

#[test]
fn structure_is_checked() {
    let f = fixture();
    let good = seal(&f, "cs", b"card");
    let parts: Vec<&str> = good.split('.').collect();
    let join = |p: &[&str]| p.join(".");

    let mut truncated_tag = parts.clone();
    let short = b64::encode(&b64::decode(parts[4]).unwrap()[..12]);
    truncated_tag[4] = &short;
    assert_eq!(open(&f, &join(&truncated_tag)).err(), Some(Error::MalformedJwe));

    let mut with_key = parts.clone();
    with_key[1] = "AAAA";
    assert_eq!(open(&f, &join(&with_key)).err(), Some(Error::MalformedJwe));

    let mut short_iv = parts.clone();
    short_iv[2] = "AAAAAAAA";
    assert_eq!(open(&f, &join(&short_iv)).err(), Some(Error::MalformedJwe));

    assert_eq!(open(&f, &join(&parts[..4])).err(), Some(Error::MalformedJwe));
    assert_eq!(open(&f, &format!("{good}.")).err(), Some(Error::MalformedJwe));
    assert_eq!(open(&f, &"a".repeat(MAX_JWE_LEN + 1)).err(), Some(Error::InputTooLarge));
}

#[test]
fn any_changed_ciphertext_or_tag_byte_fails() {
    let f = fixture();
    let good = seal(&f, "cs", b"4242424242424242");
    let parts: Vec<&str> = good.split('.').collect();
    for index in [3, 4] {
        let mut bytes = b64::decode(parts[index]).unwrap();
        bytes[0] ^= 0x80;
        let mut changed: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        changed[index] = b64::encode(&bytes);
        assert_eq!(open(&f, &changed.join(".")).err(), Some(Error::DecryptionFailed), "part {index}");
    }
}
