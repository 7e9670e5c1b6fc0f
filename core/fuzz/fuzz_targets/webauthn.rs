//! WebAuthn: authenticator data, attestation objects with client data, DER signatures. The input
//! is split at its first 0xFF byte into client data JSON and a CBOR attestation object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::webauthn::{self, Expected};

fuzz_target!(|data: &[u8]| {
    let _ = webauthn::parse_authenticator_data(data);
    let _ = webauthn::der_to_raw(data);
    let (client_data, attestation) = match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let expected = Expected { rp_id: "localhost", origin: "http://localhost:8787", challenge: "Y2hhbGxlbmdl" };
    let _ = webauthn::verify_registration(client_data, attestation, &expected);
    // Only the CBOR, with client data that passes, so the attestation parser is reached often.
    let good = br#"{"type":"webauthn.create","challenge":"Y2hhbGxlbmdl","origin":"http://localhost:8787"}"#;
    let _ = webauthn::verify_registration(good, data, &expected);
});
