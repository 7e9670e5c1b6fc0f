//! Business accounts: signing in to the dashboard (email codes, passkeys), the sessions that
//! follow, members and their roles, and the business behind them with its verification. The use
//! cases reach the world through `ports`; `crate::store::accounts` implements them over D1 and
//! `memory` in memory for native tests.

pub mod business;
#[cfg(test)]
mod memory;
pub mod members;
pub mod model;
pub mod passkeys;
pub mod ports;
pub mod sessions;
pub mod sign_in;
#[cfg(test)]
mod tests;

pub use sessions::Signed;
