//! What a merchant does with a payment after its authorisation: capture it (all or part, once),
//! void it, refund it (in parts, up to what was captured). Each first writes what it is about to
//! ask the processor (a pending capture or void, a pending refund whose amount already counts),
//! with a compare-and-swap on the payment, then asks; the answer is written when it comes, now
//! or by the processor's notification, and a lost one is found by the sweep sending the same
//! request again under the same idempotency key.

use serde_json::json;
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::payment::lifecycle::{self, Pending, PaymentEffect, PaymentEvent, PaymentTransition};
use tessera_core::payment::refund::{self, RefundOutcome, RefundReason, RefundStatus};

use super::charge::{deliver, target};
use super::model::{Payment, Refund};
use super::ports::{Notifier, PaymentCommit, Payments, Ports, RefundWrite};
use crate::error::{ApiError, ApiResult};
use crate::processor::{Ack, Connector, ConnectorError, Operation};

/// The merchant's payment `id` in its mode, or 404 whoever else's it is.
pub async fn payment_for(p: &impl Ports, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Payment> {
    match p.payments().load(id).await? {
        Some(payment) if payment.merchant_id == merchant_id && payment.livemode == livemode => Ok(payment),
        _ => Err(ApiError::not_found("payment")),
    }
}

/// The merchant's refund `id` in its mode.
pub async fn refund_for(p: &impl Ports, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Refund> {
    match p.payments().refund(id).await? {
        Some(refund) if refund.merchant_id == merchant_id && refund.livemode == livemode => Ok(refund),
        _ => Err(ApiError::not_found("refund")),
    }
}

/// A commit of `t` for `payment`, with the events its effects name.
pub async fn commit_for(p: &impl Ports, payment: &Payment, t: &PaymentTransition) -> ApiResult<PaymentCommit> {
    let after = Payment { state: t.next, ..payment.clone() };
    let mut events = Vec::new();
    for effect in &t.effects {
        if let PaymentEffect::Notify(kind) = effect {
            events.push(p.notifier().plan(&payment.merchant_id, payment.livemode, *kind, &payment.id, &after.to_json()).await?);
        }
    }
    Ok(PaymentCommit { payment_id: payment.id.clone(), version: payment.version, next: t.next, reference: None, refund: None, dispute: None, events, at: p.now() })
}

/// Writes `commit` and starts its events' deliveries; returns the payment as written.
pub async fn write(p: &impl Ports, payment: &Payment, commit: PaymentCommit) -> ApiResult<Payment> {
    p.payments().commit(&commit).await?;
    deliver(p, &commit.events).await;
    Ok(Payment {
        state: commit.next,
        version: payment.version + 1,
        processor_reference: commit.reference.or_else(|| payment.processor_reference.clone()),
        updated_at: p.now(),
        ..payment.clone()
    })
}

/// Feeds `event` to the payment and writes what it leads to; refused events change nothing.
pub async fn apply(p: &impl Ports, payment: &Payment, event: PaymentEvent) -> ApiResult<(Payment, PaymentTransition)> {
    let t = lifecycle::step(&payment.state, event, p.now());
    if let Some(code) = t.refusal() {
        return Err(code.into());
    }
    if t.next == payment.state && t.effects.is_empty() {
        return Ok((payment.clone(), t));
    }
    let commit = commit_for(p, payment, &t).await?;
    Ok((write(p, payment, commit).await?, t))
}

fn processor_reference(payment: &Payment) -> ApiResult<&str> {
    payment.processor_reference.as_deref().ok_or_else(|| ApiError::internal("operations", "an authorised payment without its processor reference"))
}

/// The idempotency key of a capture or a void: one per payment, so a repeat is the same request.
fn operation_key(payment: &Payment, pending: Pending) -> String {
    match pending {
        Pending::Capture { .. } => format!("{}:capture", payment.id),
        Pending::Void => format!("{}:void", payment.id),
    }
}

/// `POST /v1/payments/{id}/capture`.
pub async fn capture(p: &impl Ports, payment: &Payment, amount: Option<u64>) -> ApiResult<Payment> {
    let (payment, _) = apply(p, payment, PaymentEvent::CaptureRequested { amount }).await?;
    send_pending(p, &payment).await
}

/// `POST /v1/payments/{id}/cancel`.
pub async fn cancel(p: &impl Ports, payment: &Payment) -> ApiResult<Payment> {
    let (payment, _) = apply(p, payment, PaymentEvent::CancelRequested).await?;
    send_pending(p, &payment).await
}

/// Sends the payment's pending capture or void (again, for the sweep) and writes the answer.
pub async fn send_pending(p: &impl Ports, payment: &Payment) -> ApiResult<Payment> {
    let Some(pending) = payment.state.pending else { return Ok(payment.clone()) };
    let key = operation_key(payment, pending);
    let amount = match pending {
        Pending::Capture { amount } => payment.money(amount),
        Pending::Void => payment.amount,
    };
    let operation = Operation { idempotency_key: &key, reference: &payment.id, payment_reference: processor_reference(payment)?, amount, payment_id: &payment.id };
    let to = target(&payment.merchant_id, payment.livemode);
    let answer = match pending {
        Pending::Capture { .. } => p.processor().capture(to, &operation).await,
        Pending::Void => p.processor().void(to, &operation).await,
    };
    let (done, failed) = match pending {
        Pending::Capture { .. } => (PaymentEvent::Captured, PaymentEvent::CaptureFailed),
        Pending::Void => (PaymentEvent::Voided, PaymentEvent::VoidFailed),
    };
    match answer {
        Ok(Ack::Done { .. }) => Ok(apply(p, payment, done).await?.0),
        // The processor answers later, by notification.
        Ok(Ack::Pending { .. }) => Ok(payment.clone()),
        Ok(Ack::Refused { reason }) => {
            apply(p, payment, failed).await?;
            Err(ApiError::from(ErrorCode::ProcessorRefused).with_extra(json!({ "reason": reason })))
        }
        Err(error) => Err(unanswered(&error)),
    }
}

fn unanswered(error: &ConnectorError) -> ApiError {
    match error {
        ConnectorError::NotConfigured => ErrorCode::ProcessorNotConfigured.into(),
        // Recorded as pending: the sweep sends it again, and the payment says when it is done.
        ConnectorError::Timeout => ApiError::from(ErrorCode::ProcessorTimeout).with_header("Retry-After", "1"),
        ConnectorError::Unavailable => ApiError::from(ErrorCode::ProcessorUnavailable).with_header("Retry-After", "1"),
    }
}

/// `POST /v1/refunds`: records the refund as pending, its amount counted against the payment,
/// then asks the processor. `id` is the refund's id when the request must name the same refund
/// however often it is retried; a refund already recorded under it is carried on with, not made
/// again (its first run stopped after recording it, say).
pub async fn refund(p: &impl Ports, payment: &Payment, amount: Option<u64>, reason: Option<RefundReason>, id: Option<String>) -> ApiResult<Refund> {
    if let Some(id) = &id
        && let Some(earlier) = p.payments().refund(id).await?
    {
        if earlier.payment_id != payment.id {
            return Err(ErrorCode::IdempotencyKeyReused.into());
        }
        return send_refund(p, payment, &earlier).await;
    }
    let t = lifecycle::step(&payment.state, PaymentEvent::RefundRequested { amount }, p.now());
    if let Some(code) = t.refusal() {
        return Err(code.into());
    }
    let Some(PaymentEffect::Refund { amount }) = t.effects.first().copied() else { return Err(ApiError::internal("operations", "a refund without its amount")) };
    let new = Refund {
        id: match id {
            Some(id) => id,
            None => Id::generate(&RustCrypto, Kind::Refund)?.as_str().to_owned(),
        },
        merchant_id: payment.merchant_id.clone(),
        livemode: payment.livemode,
        payment_id: payment.id.clone(),
        amount: payment.money(amount),
        reason,
        status: RefundStatus::Pending,
        acknowledged: false,
        processor_reference: None,
        failure_reason: None,
        created_at: p.now(),
        updated_at: p.now(),
    };
    let mut commit = commit_for(p, payment, &t).await?;
    commit.refund = Some(RefundWrite::Insert(Box::new(new.clone())));
    let payment = write(p, payment, commit).await?;
    crate::fault::at(crate::fault::Point::RefundRecorded).await;
    send_refund(p, &payment, &new).await
}

/// Sends a refund (again, for the sweep) and writes the answer.
pub async fn send_refund(p: &impl Ports, payment: &Payment, refund: &Refund) -> ApiResult<Refund> {
    if refund.acknowledged || refund.status != RefundStatus::Pending {
        // The processor has it (its outcome comes by notification), or it ended.
        return Ok(refund.clone());
    }
    let operation = Operation { idempotency_key: &refund.id, reference: &refund.id, payment_reference: processor_reference(payment)?, amount: refund.amount, payment_id: &payment.id };
    let answer = p.processor().refund(target(&payment.merchant_id, payment.livemode), &operation).await;
    if answer.is_ok() {
        crate::fault::at(crate::fault::Point::RefundAnswered).await;
    }
    match answer {
        Ok(Ack::Done { reference }) => settle_refund(p, payment, refund, RefundOutcome::Succeeded, reference, None).await,
        Ok(Ack::Pending { reference }) => {
            let acknowledged = Refund { acknowledged: true, processor_reference: reference, updated_at: p.now(), ..refund.clone() };
            let t = lifecycle::step(&payment.state, PaymentEvent::RefundFailed { amount: 0 }, p.now());
            let mut commit = commit_for(p, payment, &t).await?;
            commit.refund = Some(RefundWrite::Update {
                id: refund.id.clone(),
                status: RefundStatus::Pending,
                acknowledged: true,
                reference: acknowledged.processor_reference.clone(),
                failure_reason: None,
            });
            write(p, payment, commit).await?;
            Ok(acknowledged)
        }
        Ok(Ack::Refused { reason }) => settle_refund(p, payment, refund, RefundOutcome::Failed, None, Some(reason)).await,
        // Recorded as pending and not acknowledged: the sweep sends it again.
        Err(ConnectorError::NotConfigured) => Err(ErrorCode::ProcessorNotConfigured.into()),
        Err(_) => Ok(refund.clone()),
    }
}

/// Records how a refund ended; a failed one gives its amount back to the payment.
pub async fn settle_refund(p: &impl Ports, payment: &Payment, refund: &Refund, outcome: RefundOutcome, reference: Option<String>, failure: Option<String>) -> ApiResult<Refund> {
    let Some((status, kind)) = refund::settle(refund.status, outcome) else { return Ok(refund.clone()) };
    let back = if status == refund::RefundStatus::Failed { refund.amount.minor() } else { 0 };
    let t = lifecycle::step(&payment.state, PaymentEvent::RefundFailed { amount: back }, p.now());
    let settled = Refund {
        status,
        acknowledged: true,
        processor_reference: reference.or_else(|| refund.processor_reference.clone()),
        failure_reason: failure,
        updated_at: p.now(),
        ..refund.clone()
    };
    let mut commit = commit_for(p, payment, &t).await?;
    commit.events.push(p.notifier().plan(&refund.merchant_id, refund.livemode, kind, &refund.id, &settled.to_json()).await?);
    commit.refund = Some(RefundWrite::Update {
        id: refund.id.clone(),
        status,
        acknowledged: true,
        reference: settled.processor_reference.clone(),
        failure_reason: settled.failure_reason.clone(),
    });
    write(p, payment, commit).await?;
    Ok(settled)
}
