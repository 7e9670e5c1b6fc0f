//! Payments after the checkout: their states, the decline codes a processor can answer with, and
//! the machines of what follows a payment ([`lifecycle`]: capture, void, refunds; [`refund`];
//! [`dispute`]).

use core::fmt;

pub mod dispute;
pub mod lifecycle;
pub mod refund;

use serde::{Deserialize, Serialize};

/// Where a payment stands. A payment is written as `Processing` before the processor is
/// called, so a crash or a timeout leaves a row that a retry or the scheduled sync can resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Sent (or about to be sent) to the processor; outcome not known yet.
    Processing,
    /// Authorised, waiting for the merchant to capture it (manual capture).
    RequiresCapture,
    /// Captured: the money is the merchant's (refunds may follow).
    Succeeded,
    /// Refused by the processor, with a [`DeclineCode`].
    Failed,
    /// An authorisation voided before capture.
    Canceled,
}

impl PaymentStatus {
    /// Every status.
    pub const ALL: [PaymentStatus; 5] = [
        PaymentStatus::Processing,
        PaymentStatus::RequiresCapture,
        PaymentStatus::Succeeded,
        PaymentStatus::Failed,
        PaymentStatus::Canceled,
    ];

    /// The stable lowercase name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Processing => "processing",
            PaymentStatus::RequiresCapture => "requires_capture",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Canceled => "canceled",
        }
    }

    /// Parses the stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// When a payment's money is taken: with the authorisation, or when the merchant captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureMethod {
    /// Authorise and capture at once.
    #[default]
    Automatic,
    /// Authorise now, capture (or void) later; voided on its own after seven days.
    Manual,
}

impl CaptureMethod {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            CaptureMethod::Automatic => "automatic",
            CaptureMethod::Manual => "manual",
        }
    }
}

/// Why a processor refused a payment. The codes are stable and safe to show a merchant; the
/// shopper sees [`DeclineCode::shopper_message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclineCode {
    /// The issuer declined without saying why.
    GenericDecline,
    /// Not enough money or credit.
    InsufficientFunds,
    /// The issuer says the card has expired.
    ExpiredCard,
    /// The processor failed; trying again may work.
    ProcessingError,
    /// The issuer requires strong customer authentication first.
    AuthenticationRequired,
}

impl DeclineCode {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            DeclineCode::GenericDecline => "generic_decline",
            DeclineCode::InsufficientFunds => "insufficient_funds",
            DeclineCode::ExpiredCard => "expired_card",
            DeclineCode::ProcessingError => "processing_error",
            DeclineCode::AuthenticationRequired => "authentication_required",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        use DeclineCode::*;
        [GenericDecline, InsufficientFunds, ExpiredCard, ProcessingError, AuthenticationRequired]
            .into_iter()
            .find(|c| c.as_str() == code)
    }

    /// What to tell the shopper: what happened and what they can do.
    pub fn shopper_message(self) -> &'static str {
        match self {
            DeclineCode::GenericDecline => "Your card was declined. Please try another card.",
            DeclineCode::InsufficientFunds => "Your card has insufficient funds. Please try another card.",
            DeclineCode::ExpiredCard => "Your card has expired. Please try another card.",
            DeclineCode::ProcessingError => "We could not process your card. Please try again.",
            DeclineCode::AuthenticationRequired => "Your bank needs to confirm this payment. Please try again.",
        }
    }
}

impl fmt::Display for DeclineCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
