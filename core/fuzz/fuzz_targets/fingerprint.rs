//! The device fingerprint components a frame reports.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::fingerprint::Fingerprint;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice(data) {
        let _ = Fingerprint::from_value(value);
    }
});
