//! EMV 3DS browser fields as a frame reports them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::threeds::BrowserInfo;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice(data) {
        let _ = BrowserInfo::from_value(value);
    }
});
