//! What the widget must do after a step: requests, prompts, messages to the host page, focus.

use crate::prelude::*;

use super::event::ConsentChoice;
use crate::api::ErrorCode;

/// One thing to do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Encrypt the typed card and confirm.
    Confirm,
    /// Send this step-up code.
    VerifyCode(String),
    /// Open the passkey prompt with the step-up's assertion options.
    PromptPasskey,
    /// Send the passkey assertion the prompt gave.
    VerifyPasskey,
    /// Ask for a new code.
    Resend,
    /// Sign in to the account with its passkey.
    SignIn,
    /// Pay with this saved card.
    PaySaved(String),
    /// Register a passkey for this device.
    AddPasskey,
    /// Store the fingerprinting choice, then read the device as far as it allows.
    SendConsent(ConsentChoice),
    /// Fetch the offer to save the card and hand it to the Tessera window once it is ready.
    FetchSaveOffer,
    /// Empty the step-up code's field.
    ClearCode,
    /// Tell the host page.
    Tell(HostEvent),
    /// Move the focus.
    Focus(Focus),
}

/// What the host page hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEvent {
    /// The frame can take a payment.
    Ready,
    /// The payment is made.
    Complete {
        /// The payment.
        payment_id: String,
    },
    /// Something failed; the status line says so to the shopper, in the words the host hears.
    Error {
        /// The stable code.
        code: ErrorCode,
        /// For a decline: the processor's reason and the payment.
        declined: Option<(String, String)>,
    },
}

/// Where the focus goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The first card field with an error.
    FirstInvalid,
    /// The card number (to try another card).
    Number,
    /// The step-up code.
    Code,
    /// The first saved card.
    FirstSavedCard,
}
