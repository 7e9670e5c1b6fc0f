//! Payment states and the decline codes a processor can answer with.

use core::fmt;

use serde::{Deserialize, Serialize};

/// Where a payment stands. A payment is written as `Processing` before the processor is
/// called, so a crash or a timeout leaves a row that a retry can resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Sent (or about to be sent) to the processor; outcome not known yet.
    Processing,
    /// Authorised by the processor.
    Succeeded,
    /// Refused by the processor, with a [`DeclineCode`].
    Failed,
}

impl PaymentStatus {
    /// The stable lowercase name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Processing => "processing",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
        }
    }

    /// Parses the stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [PaymentStatus::Processing, PaymentStatus::Succeeded, PaymentStatus::Failed].into_iter().find(|s| s.as_str() == name)
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
