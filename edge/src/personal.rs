//! Personal accounts: a shopper's own account at Tessera, across every merchant. Signing in (email
//! codes, passkeys), the verification levels (phone, address, identity), sign-ins and devices,
//! locking by "this wasn't me", the activity log, export and deletion. The use cases reach the
//! world through `ports`; `crate::store::personal` implements them over D1, `memory` in memory.

pub mod cards;
pub mod codes;
pub mod frame;
#[cfg(test)]
mod memory;
pub mod model;
pub mod passkeys;
pub mod ports;
pub mod privacy;
pub mod profile;
pub mod sessions;
pub mod sign_in;
#[cfg(test)]
mod tests;

pub use sessions::{Browser, Signed};
