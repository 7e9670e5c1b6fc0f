//! What the edge must do after a transition, in order.

use crate::prelude::*;

use super::state::Checkout;
use crate::api::ErrorCode;

/// Why a request is refused, with what the frame needs to tell the shopper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// The stable code.
    pub code: ErrorCode,
    /// Codes the shopper may still try (wrong-code answers).
    pub attempts_left: Option<u32>,
    /// Seconds until asking again can work.
    pub retry_after: Option<u64>,
}

impl From<ErrorCode> for Refusal {
    fn from(code: ErrorCode) -> Self {
        Self { code, attempts_left: None, retry_after: None }
    }
}

/// One thing for the edge to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run the risk rules on the confirm's payer and feed back [`super::Event::Assessed`].
    Assess,
    /// Make a code bound to the session's binding, store its keyed hash, send it.
    SendCode,
    /// Make a WebAuthn challenge bound to the session, the device and the binding.
    OfferPasskey,
    /// Answer `requires_action` for the step-up as it now stands.
    Challenge,
    /// The device proved it is the shopper's: trust it, and remember where it paid from.
    Trust,
    /// One more wrong code in a row for the shopper.
    StrikeShopper,
    /// A step-up passed: the shopper's wrong codes in a row start again from zero.
    ClearShopper,
    /// Record a payment as in flight for the payer, then ask the processor to authorise it;
    /// `authenticated` says the shopper passed a step-up for it.
    Charge {
        /// The shopper passed a step-up.
        authenticated: bool,
    },
    /// Ask the processor again about the payment in flight (same idempotency key).
    Resume,
    /// The payment was authorised: remember the context of a trusted device.
    Learn,
    /// Answer with this error.
    Refuse(Refusal),
}

/// The next state and the effects that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The state after the event (the same state when the event was refused and counted nothing).
    pub next: Checkout,
    /// What to do, in order.
    pub effects: Vec<Effect>,
}

impl Transition {
    /// The refusal among the effects, if the event was refused.
    pub fn refusal(&self) -> Option<Refusal> {
        self.effects.iter().find_map(|e| match e {
            Effect::Refuse(r) => Some(*r),
            _ => None,
        })
    }

    /// Whether `effect` is among the effects.
    pub fn has(&self, effect: &Effect) -> bool {
        self.effects.contains(effect)
    }
}
