//! The checkout's use cases, from the session to what follows the payment: what happens when the
//! card frame confirms, verifies or asks for a code; when a merchant makes, changes or cancels a
//! session, captures, voids or refunds a payment, or answers a dispute; when a processor notifies;
//! and what the scheduled sweep resolves. The rules are `tessera_core`'s machines
//! (`checkout`, `payment::lifecycle`, `payment::refund`, `payment::dispute`); this layer feeds them
//! events, performs the effects they return and writes each transition with a compare-and-swap.
//! It reaches storage, Durable Objects, processors and the clock only through the traits in
//! [`ports`], so `cargo test -p tessera-edge` runs it natively on the in-memory ports in
//! `memory`; routes only parse and render.

mod charge;
pub mod disputes;
mod lease;
pub mod model;
pub mod notifications;
pub mod operations;
mod pay;
pub mod ports;
pub mod receipt;
pub mod regional;
mod risk;
mod session;
mod step_up;
pub mod sweep;

#[cfg(test)]
mod after_tests;
#[cfg(test)]
pub(crate) mod memory;
#[cfg(test)]
mod tests;

use tessera_core::api::RequiresAction;

#[cfg(test)]
pub use pay::confirm;
pub use pay::{account_pay, confirm_under, resend, verify};
pub use risk::rules_of_session;
pub use charge::deliver as deliver_events;
pub use session::{cancel, create, expire_due, for_frame, for_merchant, secret_hash, update};

/// What a payment request ends with, when it does not end in an error.
#[derive(Debug)]
pub enum Reply {
    /// Paid.
    Paid(Box<model::Payment>),
    /// The shopper must prove it is them.
    Action(RequiresAction),
}
