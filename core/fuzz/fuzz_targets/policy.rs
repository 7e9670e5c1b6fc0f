//! The regional policy document an operator may supply as `POLICY_DOCUMENT`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera_core::policy::Policy;

fuzz_target!(|data: &[u8]| {
    if let Ok(policy) = Policy::from_json(data) {
        for place in ["DE", "FR", "GB", "JP", "US-MD", "US", "ZZ"] {
            let _ = policy.resolve(place);
        }
    }
});
