//! A payment after its authorisation, as a pure machine: capture (all or part, once), void,
//! partial refunds up to what was captured, disputes, and the seven-day void of an uncaptured
//! authorisation. The edge writes the state with a compare-and-swap, then asks the processor;
//! an operation sent and not yet answered is `pending`, so no second one can start beside it.
//!
//! Properties (`core/tests/payment_properties.rs`): the captured amount never exceeds the
//! authorised one and is captured once; refunds never exceed what was captured; a voided,
//! failed or uncaptured payment is never refunded; a captured one is never voided.

use crate::prelude::*;

use super::{CaptureMethod, PaymentStatus};
use crate::api::{ErrorCode, EventType};

/// How long an uncaptured authorisation stands before the sweep voids it, in seconds.
pub const AUTHORIZATION_TTL: u64 = 7 * 24 * 3600;

/// An operation sent to the processor and not yet answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// A capture of this amount.
    Capture {
        /// Minor units.
        amount: u64,
    },
    /// A void.
    Void,
}

/// What the machine knows about a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentState {
    /// Where it stands.
    pub status: PaymentStatus,
    /// Authorised, in minor units.
    pub amount: u64,
    /// Captured.
    pub amount_captured: u64,
    /// Refunded or being refunded.
    pub amount_refunded: u64,
    /// Captured with the authorisation, or by the merchant.
    pub capture_method: CaptureMethod,
    /// When it was authorised (0 before).
    pub authorized_at: u64,
    /// The cardholder disputed it.
    pub disputed: bool,
    /// An operation in flight.
    pub pending: Option<Pending>,
}

impl PaymentState {
    /// A payment just sent to the processor.
    pub fn processing(amount: u64, capture_method: CaptureMethod) -> Self {
        Self { status: PaymentStatus::Processing, amount, amount_captured: 0, amount_refunded: 0, capture_method, authorized_at: 0, disputed: false, pending: None }
    }

    /// What can still be refunded.
    pub fn refundable(&self) -> u64 {
        self.amount_captured.saturating_sub(self.amount_refunded)
    }
}

/// What happened to a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentEvent {
    /// The processor authorised it.
    Authorized,
    /// The processor declined it.
    Declined,
    /// The merchant asks to capture `amount` (all when `None`).
    CaptureRequested {
        /// Minor units.
        amount: Option<u64>,
    },
    /// The processor took the capture.
    Captured,
    /// The processor failed the capture.
    CaptureFailed,
    /// The merchant asks to void the authorisation.
    CancelRequested,
    /// The sweep found the authorisation past [`AUTHORIZATION_TTL`].
    AuthorizationExpired,
    /// The processor voided it.
    Voided,
    /// The processor failed the void.
    VoidFailed,
    /// The merchant asks to refund `amount` (what is left when `None`).
    RefundRequested {
        /// Minor units.
        amount: Option<u64>,
    },
    /// A refund of `amount` failed: it can be refunded again.
    RefundFailed {
        /// Minor units.
        amount: u64,
    },
    /// The cardholder disputed it.
    Disputed,
}

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentEffect {
    /// Ask the processor to capture.
    Capture {
        /// Minor units.
        amount: u64,
    },
    /// Ask the processor to void.
    Void,
    /// Record a refund and ask the processor for it.
    Refund {
        /// Minor units.
        amount: u64,
    },
    /// Tell the merchant.
    Notify(EventType),
    /// Refuse.
    Refuse(ErrorCode),
}

/// The next state and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTransition {
    /// The state after.
    pub next: PaymentState,
    /// In order.
    pub effects: Vec<PaymentEffect>,
}

impl PaymentTransition {
    /// The refusal, if the event was refused.
    pub fn refusal(&self) -> Option<ErrorCode> {
        self.effects.iter().find_map(|e| match e {
            PaymentEffect::Refuse(code) => Some(*code),
            _ => None,
        })
    }
}

/// The next state of `state` after `event` at `now`.
pub fn step(state: &PaymentState, event: PaymentEvent, now: u64) -> PaymentTransition {
    let mut next = *state;
    let effects = apply(&mut next, event, now);
    PaymentTransition { next, effects }
}

fn refuse(code: ErrorCode) -> Vec<PaymentEffect> {
    vec![PaymentEffect::Refuse(code)]
}

fn apply(p: &mut PaymentState, event: PaymentEvent, now: u64) -> Vec<PaymentEffect> {
    use PaymentStatus::*;
    match event {
        PaymentEvent::Authorized if p.status == Processing => {
            p.authorized_at = now;
            match p.capture_method {
                CaptureMethod::Automatic => {
                    p.status = Succeeded;
                    p.amount_captured = p.amount;
                    vec![PaymentEffect::Notify(EventType::PaymentSucceeded)]
                }
                CaptureMethod::Manual => {
                    p.status = RequiresCapture;
                    vec![PaymentEffect::Notify(EventType::PaymentRequiresCapture)]
                }
            }
        }
        PaymentEvent::Declined if p.status == Processing => {
            p.status = Failed;
            vec![PaymentEffect::Notify(EventType::PaymentFailed)]
        }
        // A processor's answer for a state that moved on (a duplicate notification) changes nothing.
        PaymentEvent::Authorized | PaymentEvent::Declined => Vec::new(),
        PaymentEvent::CaptureRequested { amount } => {
            if p.status != RequiresCapture {
                return refuse(ErrorCode::PaymentNotCapturable);
            }
            if p.pending.is_some() {
                return refuse(ErrorCode::PaymentOperationInProgress);
            }
            let amount = amount.unwrap_or(p.amount);
            if amount == 0 {
                return refuse(ErrorCode::InvalidAmount);
            }
            if amount > p.amount {
                return refuse(ErrorCode::CaptureAmountTooLarge);
            }
            p.pending = Some(Pending::Capture { amount });
            vec![PaymentEffect::Capture { amount }]
        }
        PaymentEvent::Captured => match p.pending {
            Some(Pending::Capture { amount }) if p.status == RequiresCapture => {
                p.pending = None;
                p.status = Succeeded;
                // The rest of the authorisation is released.
                p.amount_captured = amount;
                vec![PaymentEffect::Notify(EventType::PaymentSucceeded)]
            }
            _ => Vec::new(),
        },
        PaymentEvent::CaptureFailed => match p.pending {
            Some(Pending::Capture { .. }) => {
                p.pending = None;
                vec![PaymentEffect::Notify(EventType::PaymentCaptureFailed)]
            }
            _ => Vec::new(),
        },
        PaymentEvent::CancelRequested => {
            if p.status != RequiresCapture {
                return refuse(ErrorCode::PaymentNotCancelable);
            }
            if p.pending.is_some() {
                return refuse(ErrorCode::PaymentOperationInProgress);
            }
            p.pending = Some(Pending::Void);
            vec![PaymentEffect::Void]
        }
        PaymentEvent::AuthorizationExpired => {
            if p.status == RequiresCapture && p.pending.is_none() && now >= p.authorized_at + AUTHORIZATION_TTL {
                p.pending = Some(Pending::Void);
                vec![PaymentEffect::Void]
            } else {
                Vec::new()
            }
        }
        PaymentEvent::Voided => match p.pending {
            Some(Pending::Void) if p.status == RequiresCapture => {
                p.pending = None;
                p.status = Canceled;
                vec![PaymentEffect::Notify(EventType::PaymentCanceled)]
            }
            _ => Vec::new(),
        },
        PaymentEvent::VoidFailed => {
            if p.pending == Some(Pending::Void) {
                p.pending = None;
            }
            Vec::new()
        }
        PaymentEvent::RefundRequested { amount } => {
            if p.status != Succeeded {
                return refuse(ErrorCode::PaymentNotRefundable);
            }
            if p.disputed {
                return refuse(ErrorCode::PaymentDisputed);
            }
            let left = p.refundable();
            let amount = amount.unwrap_or(left);
            if left == 0 || amount > left {
                return refuse(ErrorCode::RefundAmountTooLarge);
            }
            if amount == 0 {
                return refuse(ErrorCode::InvalidAmount);
            }
            // Counted at once, so two refunds racing cannot both take what is left.
            p.amount_refunded += amount;
            vec![PaymentEffect::Refund { amount }]
        }
        PaymentEvent::RefundFailed { amount } => {
            p.amount_refunded = p.amount_refunded.saturating_sub(amount);
            Vec::new()
        }
        PaymentEvent::Disputed => {
            if p.status == Succeeded {
                p.disputed = true;
            }
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authorized(method: CaptureMethod) -> PaymentState {
        step(&PaymentState::processing(1000, method), PaymentEvent::Authorized, 100).next
    }

    fn refusal(state: &PaymentState, event: PaymentEvent) -> Option<ErrorCode> {
        step(state, event, 200).refusal()
    }

    #[test]
    fn automatic_capture_takes_the_money_with_the_authorisation() {
        let p = authorized(CaptureMethod::Automatic);
        assert_eq!((p.status, p.amount_captured), (PaymentStatus::Succeeded, 1000));
        assert_eq!(refusal(&p, PaymentEvent::CaptureRequested { amount: None }), Some(ErrorCode::PaymentNotCapturable));
        assert_eq!(refusal(&p, PaymentEvent::CancelRequested), Some(ErrorCode::PaymentNotCancelable));
    }

    #[test]
    fn a_manual_payment_is_captured_once_up_to_what_was_authorised() {
        let p = authorized(CaptureMethod::Manual);
        assert_eq!(p.status, PaymentStatus::RequiresCapture);
        assert_eq!(refusal(&p, PaymentEvent::CaptureRequested { amount: Some(1001) }), Some(ErrorCode::CaptureAmountTooLarge));
        assert_eq!(refusal(&p, PaymentEvent::CaptureRequested { amount: Some(0) }), Some(ErrorCode::InvalidAmount));
        let t = step(&p, PaymentEvent::CaptureRequested { amount: Some(600) }, 200);
        assert_eq!(t.effects, [PaymentEffect::Capture { amount: 600 }]);
        assert_eq!(refusal(&t.next, PaymentEvent::CaptureRequested { amount: None }), Some(ErrorCode::PaymentOperationInProgress));
        assert_eq!(refusal(&t.next, PaymentEvent::CancelRequested), Some(ErrorCode::PaymentOperationInProgress));
        let captured = step(&t.next, PaymentEvent::Captured, 201).next;
        assert_eq!((captured.status, captured.amount_captured), (PaymentStatus::Succeeded, 600), "the rest is released");
        assert_eq!(refusal(&captured, PaymentEvent::CaptureRequested { amount: None }), Some(ErrorCode::PaymentNotCapturable), "not twice");
    }

    #[test]
    fn a_failed_capture_can_be_tried_again() {
        let p = authorized(CaptureMethod::Manual);
        let asked = step(&p, PaymentEvent::CaptureRequested { amount: None }, 200).next;
        let failed = step(&asked, PaymentEvent::CaptureFailed, 201);
        assert_eq!(failed.effects, [PaymentEffect::Notify(EventType::PaymentCaptureFailed)]);
        assert_eq!(failed.next.status, PaymentStatus::RequiresCapture);
        assert_eq!(step(&failed.next, PaymentEvent::CaptureRequested { amount: None }, 202).effects, [PaymentEffect::Capture { amount: 1000 }]);
    }

    #[test]
    fn voids_before_capture_and_after_seven_days() {
        let p = authorized(CaptureMethod::Manual);
        let t = step(&p, PaymentEvent::CancelRequested, 200);
        assert_eq!(t.effects, [PaymentEffect::Void]);
        let voided = step(&t.next, PaymentEvent::Voided, 201).next;
        assert_eq!(voided.status, PaymentStatus::Canceled);
        assert_eq!(refusal(&voided, PaymentEvent::RefundRequested { amount: None }), Some(ErrorCode::PaymentNotRefundable));
        assert!(step(&p, PaymentEvent::AuthorizationExpired, 100 + AUTHORIZATION_TTL - 1).effects.is_empty());
        assert_eq!(step(&p, PaymentEvent::AuthorizationExpired, 100 + AUTHORIZATION_TTL).effects, [PaymentEffect::Void]);
    }

    #[test]
    fn refunds_add_up_to_what_was_captured_and_no_more() {
        let p = authorized(CaptureMethod::Automatic);
        let first = step(&p, PaymentEvent::RefundRequested { amount: Some(400) }, 200);
        assert_eq!(first.effects, [PaymentEffect::Refund { amount: 400 }]);
        assert_eq!(refusal(&first.next, PaymentEvent::RefundRequested { amount: Some(601) }), Some(ErrorCode::RefundAmountTooLarge));
        let rest = step(&first.next, PaymentEvent::RefundRequested { amount: None }, 201);
        assert_eq!(rest.effects, [PaymentEffect::Refund { amount: 600 }]);
        assert_eq!(refusal(&rest.next, PaymentEvent::RefundRequested { amount: None }), Some(ErrorCode::RefundAmountTooLarge));
        let failed = step(&rest.next, PaymentEvent::RefundFailed { amount: 600 }, 202).next;
        assert_eq!(failed.refundable(), 600, "a failed refund's amount can be refunded again");
        let disputed = step(&failed, PaymentEvent::Disputed, 203).next;
        assert_eq!(refusal(&disputed, PaymentEvent::RefundRequested { amount: None }), Some(ErrorCode::PaymentDisputed));
    }

    #[test]
    fn uncaptured_or_declined_payments_are_not_refunded() {
        let manual = authorized(CaptureMethod::Manual);
        assert_eq!(refusal(&manual, PaymentEvent::RefundRequested { amount: None }), Some(ErrorCode::PaymentNotRefundable));
        let declined = step(&PaymentState::processing(1000, CaptureMethod::Automatic), PaymentEvent::Declined, 100).next;
        assert_eq!(declined.status, PaymentStatus::Failed);
        assert_eq!(refusal(&declined, PaymentEvent::RefundRequested { amount: None }), Some(ErrorCode::PaymentNotRefundable));
        assert!(step(&declined, PaymentEvent::Authorized, 101).effects.is_empty(), "a late duplicate answer changes nothing");
    }
}
