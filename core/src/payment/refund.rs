//! A refund: recorded as pending (its amount already counted against the payment), then
//! succeeded or failed as the processor answers. A failed refund gives its amount back.

use serde::{Deserialize, Serialize};

use crate::api::EventType;

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Sent, or about to be; the processor has not said how it ended.
    Pending,
    /// The money went back.
    Succeeded,
    /// The processor refused it.
    Failed,
}

impl RefundStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Pending => "pending",
            RefundStatus::Succeeded => "succeeded",
            RefundStatus::Failed => "failed",
        }
    }
}

/// Why the merchant refunds (Stripe's reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The shopper was charged twice.
    Duplicate,
    /// The payment was fraudulent.
    Fraudulent,
    /// The shopper asked.
    RequestedByCustomer,
}

impl RefundReason {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RefundReason::Duplicate => "duplicate",
            RefundReason::Fraudulent => "fraudulent",
            RefundReason::RequestedByCustomer => "requested_by_customer",
        }
    }
}

/// The processor's answer about a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundOutcome {
    /// It went through.
    Succeeded,
    /// It was refused.
    Failed,
}

/// The status after `outcome`, and the event to tell the merchant; a refund that already ended
/// keeps its status (a duplicate answer changes nothing).
pub fn settle(status: RefundStatus, outcome: RefundOutcome) -> Option<(RefundStatus, EventType)> {
    match (status, outcome) {
        (RefundStatus::Pending, RefundOutcome::Succeeded) => Some((RefundStatus::Succeeded, EventType::RefundSucceeded)),
        (RefundStatus::Pending, RefundOutcome::Failed) => Some((RefundStatus::Failed, EventType::RefundFailed)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refund_ends_once() {
        assert_eq!(settle(RefundStatus::Pending, RefundOutcome::Succeeded), Some((RefundStatus::Succeeded, EventType::RefundSucceeded)));
        assert_eq!(settle(RefundStatus::Pending, RefundOutcome::Failed), Some((RefundStatus::Failed, EventType::RefundFailed)));
        assert_eq!(settle(RefundStatus::Succeeded, RefundOutcome::Failed), None);
        assert_eq!(settle(RefundStatus::Failed, RefundOutcome::Succeeded), None);
    }
}
