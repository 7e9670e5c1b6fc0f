//! What can happen to a checkout. Each event carries what the edge learnt before feeding it:
//! who sent it, what the risk rules decided, whether a code matched, how the shopper and the
//! code's destination stand with their counters.

use crate::prelude::*;

use super::state::Payer;
use crate::risk::Action;

/// How a shopper stands with wrong codes across all their sessions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// Wrong codes in a row; a right code or a passkey clears them.
    pub failures: u32,
    /// Until when codes are refused (0: not blocked).
    pub blocked_until: u64,
}

impl Standing {
    /// Whether codes are refused for this shopper at `now`.
    pub fn blocked(&self, now: u64) -> bool {
        now < self.blocked_until
    }
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The card frame confirms with a card from a device (its proof and card already checked).
    Confirm {
        /// Device and card.
        payer: Payer,
    },
    /// The risk rules decided on a confirm, as the machine asked with [`super::Effect::Assess`].
    Assessed {
        /// The payer they decided on.
        payer: Payer,
        /// Their decision.
        action: Action,
        /// The shopper has a passkey that can answer a step-up.
        passkey: bool,
        /// The shopper's standing with wrong codes.
        shopper: Standing,
        /// Codes sent to the session's destination within the window.
        destination_sends: u32,
    },
    /// The frame sent a one-time code.
    CodeEntered {
        /// Device and card sent with it.
        payer: Payer,
        /// Whether it matches the code of the session's step-up (compared in constant time).
        matches: bool,
        /// The shopper's standing with wrong codes.
        shopper: Standing,
    },
    /// A passkey assertion for this session and device verified (challenge, origin, signature).
    PasskeyVerified {
        /// Device and card sent with it.
        payer: Payer,
    },
    /// A personal account's passkey assertion for this session, device, amount and payee verified,
    /// and the shopper chose one of the account's saved cards: strong authentication with dynamic
    /// linking, needing no step-up.
    AccountAuthenticated {
        /// Device and saved card.
        payer: Payer,
    },
    /// The frame asks for a new code.
    ResendRequested {
        /// The device asking (a resend carries no card).
        device: String,
        /// The shopper's standing with wrong codes.
        shopper: Standing,
        /// Codes sent to the session's destination within the window.
        destination_sends: u32,
    },
    /// The processor authorised the payment in flight.
    Authorized,
    /// The processor declined it.
    Declined,
    /// The processor did not answer in time: the payment stays in flight.
    TimedOut,
    /// The merchant changed the amount or reference; `binding` is the session's new one.
    Updated {
        /// What a code would approve from now on.
        binding: String,
    },
    /// The merchant cancels the session.
    Cancel,
    /// The scheduled sweep found the session past its time.
    Expire,
}

impl Event {
    /// The event's name, for the session's history.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Confirm { .. } => "confirm",
            Event::Assessed { .. } => "assessed",
            Event::CodeEntered { .. } => "code_entered",
            Event::PasskeyVerified { .. } => "passkey_verified",
            Event::AccountAuthenticated { .. } => "account_authenticated",
            Event::ResendRequested { .. } => "resend_requested",
            Event::Authorized => "authorized",
            Event::Declined => "declined",
            Event::TimedOut => "timed_out",
            Event::Updated { .. } => "updated",
            Event::Cancel => "cancel",
            Event::Expire => "expire",
        }
    }

    /// The device that sent it, if a device did.
    pub fn device(&self) -> Option<&str> {
        match self {
            Event::Confirm { payer } | Event::Assessed { payer, .. } | Event::CodeEntered { payer, .. } | Event::PasskeyVerified { payer }
            | Event::AccountAuthenticated { payer } => {
                Some(payer.device.as_str())
            }
            Event::ResendRequested { device, .. } => Some(device.as_str()),
            _ => None,
        }
    }
}
