//! Compact JWS: structure, header and signature checks on any string, with any embedded key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::crypto::RustCrypto;
use tessera_core::jwk::PublicJwk;
use tessera_core::jws::UnverifiedJws;

fuzz_target!(|data: &[u8]| {
    let Ok(compact) = std::str::from_utf8(data) else { return };
    let Ok(jws) = UnverifiedJws::parse(compact) else { return };
    // Verify against the key the header carries, as DPoP does, when there is one.
    if let Some(jwk) = jws.header().jwk.clone().and_then(|v| PublicJwk::from_value(v).ok()) {
        let _ = pollster::block_on(jws.verify_with_jwk(&RustCrypto, &jwk));
    }
});
