//! Properties that must hold for every input, not just the ones we thought of: round trips work,
//! and any changed character of a JWE or JWS is refused.

use pollster::block_on;
use proptest::prelude::*;
use tessera_core::card::{Brand, CardNumber};
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::jwe::{self, KeyRing};
use tessera_core::jws::{self, UnverifiedJws};

const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

/// `compact` with the character at `index` (mod length) replaced by a different one.
fn mutate(compact: &str, index: usize, pick: usize) -> String {
    let mut bytes = compact.as_bytes().to_vec();
    let i = index % bytes.len();
    let candidates: Vec<u8> = B64URL.iter().copied().filter(|&c| c != bytes[i]).collect();
    bytes[i] = candidates[pick % candidates.len()];
    String::from_utf8(bytes).unwrap()
}

struct Recipient {
    ring: KeyRing<<RustCrypto as Crypto>::AgreementKey>,
    public: tessera_core::jwk::PublicJwk,
}

fn recipient() -> Recipient {
    let private = RustCrypto.generate_private_jwk().unwrap().with_metadata("k", "enc", "ECDH-ES");
    let mut ring = KeyRing::new();
    ring.insert("k", block_on(RustCrypto.import_agreement_key(&private)).unwrap());
    Recipient { ring, public: private.public().clone() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn jwe_round_trips_and_refuses_any_changed_character(
        plaintext in proptest::collection::vec(any::<u8>(), 0..512),
        session in "cs_[a-z2-7]{24}",
        index in any::<usize>(),
        pick in any::<usize>(),
    ) {
        let r = recipient();
        let compact = block_on(jwe::encrypt(&RustCrypto, &r.public, &session, &plaintext)).unwrap();
        let out = block_on(jwe::decrypt(&RustCrypto, &r.ring, &compact)).unwrap();
        prop_assert_eq!(out.plaintext.as_slice(), plaintext.as_slice());
        prop_assert!(out.expect_session(&session).is_ok());

        let changed = mutate(&compact, index, pick);
        prop_assert!(block_on(jwe::decrypt(&RustCrypto, &r.ring, &changed)).is_err());
    }

    #[test]
    fn jws_round_trips_and_refuses_any_changed_character(
        payload in proptest::collection::vec(any::<u8>(), 0..512),
        index in any::<usize>(),
        pick in any::<usize>(),
    ) {
        let (signing, jwk) = block_on(RustCrypto.generate_signing_key()).unwrap();
        let verifying = block_on(RustCrypto.import_verifying_key(&jwk)).unwrap();
        let compact = block_on(jws::sign(&RustCrypto, &signing, Default::default(), &payload)).unwrap();
        let verified = block_on(UnverifiedJws::parse(&compact).unwrap().verify(&RustCrypto, &verifying)).unwrap();
        prop_assert_eq!(verified, payload);

        let changed = mutate(&compact, index, pick);
        let result = UnverifiedJws::parse(&changed).map(|jws| block_on(jws.verify(&RustCrypto, &verifying)));
        prop_assert!(!matches!(result, Ok(Ok(_))));
    }

    #[test]
    fn card_parsing_never_panics_and_never_prints_the_middle(input in "[0-9 -]{0,30}") {
        if let Ok(number) = input.parse::<CardNumber>() {
            let digits = number.reveal();
            let shown = format!("{number} {number:?}");
            prop_assert!(!shown.contains(digits));
            prop_assert!(shown.contains(number.last4()));
        }
    }

    #[test]
    fn numbers_with_a_good_check_digit_parse(body in "[0-9]{14}") {
        let candidate = format!("4{body}");
        let check = (0..10).find(|d| tessera_core::card::luhn_valid(&format!("{candidate}{d}"))).unwrap();
        let number: CardNumber = format!("{candidate}{check}").parse().unwrap();
        prop_assert_eq!(number.brand(), Brand::Visa);
    }
}
