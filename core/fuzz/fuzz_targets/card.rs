//! The card payload a frame encrypts: number, expiry, security code, name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::card::{Card, YearMonth};

fuzz_target!(|data: &[u8]| {
    let _ = Card::from_json(data, YearMonth { year: 2026, month: 12 });
});
