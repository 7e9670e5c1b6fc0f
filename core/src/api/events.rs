//! The kinds of event a merchant can receive: one for every state change of its sessions,
//! payments, refunds and disputes. A webhook endpoint subscribes to some of them (or `*`).

use serde::{Deserialize, Serialize};

macro_rules! event_types {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, )*) => {
        /// An event type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum EventType {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        impl EventType {
            /// Every type.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant,)*];

            /// The wire name (`payment.succeeded`).
            pub const fn as_str(self) -> &'static str {
                match self { $(EventType::$variant => $text,)* }
            }

            /// The type named `text`.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|t| t.as_str() == text)
            }
        }
    };
}

event_types! {
    /// A manual-capture payment was authorised and waits for its capture.
    PaymentRequiresCapture = "payment.requires_capture",
    /// A payment's money was taken (with the authorisation, or by a capture).
    PaymentSucceeded = "payment.succeeded",
    /// The processor declined a payment.
    PaymentFailed = "payment.failed",
    /// An authorisation was voided (by the merchant, or after seven days uncaptured).
    PaymentCanceled = "payment.canceled",
    /// The processor failed a capture it had accepted.
    PaymentCaptureFailed = "payment.capture_failed",
    /// A refund went through.
    RefundSucceeded = "refund.succeeded",
    /// A refund failed; its amount can be refunded again.
    RefundFailed = "refund.failed",
    /// The cardholder disputed a payment.
    DisputeCreated = "dispute.created",
    /// Evidence was saved or submitted.
    DisputeUpdated = "dispute.updated",
    /// The dispute was won, lost or accepted.
    DisputeClosed = "dispute.closed",
    /// The merchant canceled a checkout session.
    CheckoutSessionCanceled = "checkout_session.canceled",
    /// A checkout session's time ran out unpaid.
    CheckoutSessionExpired = "checkout_session.expired",
    /// An invoice was finalized and sent.
    InvoiceFinalized = "invoice.finalized",
    /// An invoice was paid.
    InvoicePaid = "invoice.paid",
    /// An invoice was voided.
    InvoiceVoided = "invoice.voided",
    /// The business's verification changed.
    AccountUpdated = "account.updated",
}

/// Which events an endpoint wants: `*` (all) or a list of types.
pub fn subscribes(enabled: &[alloc::string::String], kind: EventType) -> bool {
    enabled.iter().any(|e| e == "*" || e == kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn types_round_trip_and_subscriptions_match() {
        for &t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        let some: Vec<String> = vec!["refund.succeeded".into()];
        assert!(subscribes(&some, EventType::RefundSucceeded));
        assert!(!subscribes(&some, EventType::PaymentSucceeded));
        assert!(subscribes(&["*".into()], EventType::DisputeClosed));
    }
}
