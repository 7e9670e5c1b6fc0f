//! The checkout as a state machine without I/O: a session's [`Phase`] and counters, the
//! [`Event`]s that move it, and a pure [`step`] that returns the next state and the [`Effect`]s
//! the edge must perform (assess the risk, send a code, charge, refuse with a code).
//!
//! Every limit of a payment is a property of [`step`], whatever the client does: at most
//! [`Limits::max_failed_codes`] wrong codes per session (across re-confirms and devices) and in a
//! row per shopper; a bounded number of codes per session, spaced, and per destination in a
//! window; a step-up bound to the device and the card the risk rules saw, so `/verify` with
//! anything else is refused before a processor is called; a payment in flight owned by the device
//! and card that started it. `core/tests/checkout_properties.rs` drives random event sequences
//! through it and checks those invariants.
//!
//! The edge loads a [`Checkout`] from its store, feeds it one event per request (two for a
//! confirm: the confirm, then the risk decision it asked for), stores the next state with a
//! compare-and-swap, and performs the effects in order.

mod effect;
mod event;
mod limits;
mod machine;
mod state;

pub use effect::{Effect, Refusal, Transition};
pub use event::{Event, Standing};
pub use limits::Limits;
pub use machine::step;
pub use state::{Checkout, CodeSent, Payer, Phase, StepUp};

#[cfg(test)]
mod tests;
