//! A merchant's risk rules as `PUT /v1/risk/rules` receives them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::risk::Rules;

fuzz_target!(|data: &[u8]| {
    if let Ok(rules) = Rules::from_json(data) {
        let again = serde_json::to_vec(&rules).expect("rules serialise");
        Rules::from_json(&again).expect("rules that parsed parse again");
    }
});
