//! What processors tell Tessera on their own: how an authorisation, a capture, a void or a
//! refund ended when the answer did not come with the request (or was lost), and disputes. A
//! notification about something that already moved on changes nothing, so a repeated one is
//! harmless.

use tessera_core::payment::lifecycle::PaymentEvent;
use tessera_core::payment::refund::RefundOutcome;
use tessera_core::payment::{DeclineCode, PaymentStatus};

use super::charge;
use super::disputes;
use super::operations::{apply, settle_refund};
use super::ports::{Payments, Ports, Sessions};
use crate::error::ApiResult;
use crate::processor::Outcome;

/// A processor's notice, in Tessera's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// How an authorisation ended.
    Authorization { payment_id: String, outcome: Outcome },
    /// How a capture ended.
    Capture { payment_id: String, success: bool },
    /// How a void ended.
    Cancellation { payment_id: String, success: bool },
    /// How a refund ended.
    Refund { refund_id: String, success: bool, reference: Option<String>, reason: Option<String> },
    /// The cardholder disputed a payment.
    DisputeOpened { payment_id: String, amount: u64, reason: String },
    /// The bank decided a dispute.
    DisputeDecided { payment_id: String, won: bool },
}

/// Applies a notice.
pub async fn apply_notice(p: &impl Ports, notice: Notice) -> ApiResult<()> {
    match notice {
        Notice::Authorization { payment_id, outcome } => resolve(p, &payment_id, outcome).await,
        Notice::Capture { payment_id, success } => {
            let Some(payment) = p.payments().load(&payment_id).await? else { return Ok(()) };
            apply(p, &payment, if success { PaymentEvent::Captured } else { PaymentEvent::CaptureFailed }).await.map(|_| ())
        }
        Notice::Cancellation { payment_id, success } => {
            let Some(payment) = p.payments().load(&payment_id).await? else { return Ok(()) };
            apply(p, &payment, if success { PaymentEvent::Voided } else { PaymentEvent::VoidFailed }).await.map(|_| ())
        }
        Notice::Refund { refund_id, success, reference, reason } => {
            let Some(refund) = p.payments().refund(&refund_id).await? else { return Ok(()) };
            let Some(payment) = p.payments().load(&refund.payment_id).await? else { return Ok(()) };
            let outcome = if success { RefundOutcome::Succeeded } else { RefundOutcome::Failed };
            settle_refund(p, &payment, &refund, outcome, reference, reason).await.map(|_| ())
        }
        Notice::DisputeOpened { payment_id, amount, reason } => {
            let Some(payment) = p.payments().load(&payment_id).await? else { return Ok(()) };
            disputes::opened(p, &payment, amount, &reason).await.map(|_| ())
        }
        Notice::DisputeDecided { payment_id, won } => {
            let Some(dispute) = p.payments().dispute_of(&payment_id).await? else { return Ok(()) };
            disputes::decided(p, &dispute, won).await.map(|_| ())
        }
    }
}

/// Records how an authorisation ended, if its payment is still waiting to know.
pub async fn resolve(p: &impl Ports, payment_id: &str, outcome: Outcome) -> ApiResult<()> {
    let Some(payment) = p.payments().load(payment_id).await? else { return Ok(()) };
    if payment.status() != PaymentStatus::Processing {
        return Ok(());
    }
    let Some(stored) = p.sessions().load(&payment.session_id).await? else { return Ok(()) };
    match charge::finish(p, &stored, payment, outcome, None).await {
        // A decline is an answer recorded, not a failure of the notice.
        Err(e) if e.code == tessera_core::api::ErrorCode::CardDeclined => Ok(()),
        other => other.map(|_| ()),
    }
}

/// The answer to give a payment the processor never received: nothing was charged.
pub fn never_received() -> Outcome {
    Outcome::Declined { code: DeclineCode::ProcessingError, reference: None }
}
