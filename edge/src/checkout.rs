//! The checkout's use cases: what happens when the card frame confirms, verifies or asks for a
//! code, and when a merchant makes, changes or a sweep expires a session. The rules are
//! `tessera_core::checkout`'s machine; this layer feeds it events, performs the effects it returns
//! and writes each transition with a compare-and-swap. It reaches storage, Durable Objects, the
//! processor and the clock only through the traits in [`ports`], so `cargo test -p tessera-edge`
//! runs it natively on the in-memory ports in `memory`; routes only parse and render.

mod charge;
pub mod model;
mod pay;
pub mod ports;
mod risk;
mod session;
mod step_up;

#[cfg(test)]
mod memory;
#[cfg(test)]
mod tests;

use tessera_core::api::RequiresAction;

pub use pay::{confirm, resend, verify};
pub use session::{create, expire_due, for_frame, for_merchant, secret_hash, update};

/// What a payment request ends with, when it does not end in an error.
#[derive(Debug)]
pub enum Reply {
    /// Paid.
    Paid(Box<model::Payment>),
    /// The shopper must prove it is them.
    Action(RequiresAction),
}
