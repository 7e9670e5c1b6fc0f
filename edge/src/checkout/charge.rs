//! Charging: the card vaulted and the payment recorded as processing in the same write that
//! moves the session there, then the processor, then its answer recorded with the webhook event
//! in one more write. A crash between the two leaves a payment in flight that its owner's retry
//! resolves with the same idempotency key, so a card is never charged twice.

use serde_json::json;
use tessera_core::api::ErrorCode;
use tessera_core::checkout::{step, Effect, Event, Payer};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::payment::PaymentStatus;
use tessera_core::vault;

use super::model::{CardSummary, Payment, PayRequest, Stored};
use super::ports::{Commit, Counters, History, Merchants, Notifier, PaymentWrite, Ports, Sessions, WebhookEvent};
use super::risk;
use super::Reply;
use crate::error::{ApiError, ApiResult};
use crate::processor::{Authorization, Connector, ConnectorError, Outcome};

/// The keyed fingerprint of the request's card.
pub fn card_key(p: &impl Ports, req: &PayRequest) -> ApiResult<String> {
    Ok(vault::card_fingerprint(&p.settings().card_secret, &req.card.number)?)
}

/// The payer of a request: its device and card.
pub fn payer(p: &impl Ports, req: &PayRequest) -> ApiResult<Payer> {
    Ok(Payer { device: req.device.clone(), card: card_key(p, req)? })
}

/// Starts a payment: `commit` (the transition to processing, from the caller) gains the vault
/// row and the payment row; once it is written the processor is asked.
/// `effects` are the transition's: a passed step-up clears the shopper's wrong codes and makes
/// the device trusted once the payment is recorded, before the processor is asked.
pub async fn start(p: &impl Ports, stored: &Stored, mut commit: Commit, effects: &[Effect], req: &PayRequest) -> ApiResult<Reply> {
    let authenticated = effects.contains(&Effect::Charge { authenticated: true });
    let session = &stored.session;
    let token = Id::generate(&RustCrypto, Kind::Token)?.as_str().to_owned();
    let sealed_pan = p.settings().data_keys.seal_pan(&RustCrypto, &token, &req.card.number).await?;
    let payment = Payment {
        id: Id::generate(&RustCrypto, Kind::Payment)?.as_str().to_owned(),
        session_id: session.id.clone(),
        merchant_id: session.merchant_id.clone(),
        amount: session.amount,
        status: PaymentStatus::Processing,
        decline_code: None,
        processor: p.processor().name().to_owned(),
        processor_reference: None,
        device: Some(req.device.clone()),
        authenticated,
        card: CardSummary {
            token,
            brand: req.card.number.brand().as_str().to_owned(),
            last4: req.card.number.last4().to_owned(),
            exp_month: req.card.expiry.month(),
            exp_year: req.card.expiry.year(),
            fingerprint: card_key(p, req)?,
        },
        created_at: p.now(),
        updated_at: p.now(),
    };
    commit.payment = Some(PaymentWrite::Start { payment: Box::new(payment.clone()), sealed_pan });
    p.sessions().commit(&commit).await?;
    if effects.contains(&Effect::ClearShopper) {
        p.counters().clear(&session.shopper_key()).await?;
    }
    if effects.contains(&Effect::Trust) {
        risk::remember(p, session, req, true).await?;
    }
    let stored = Stored { checkout: commit.next, version: commit.version + 1, ..stored.clone() };
    authorize(p, &stored, payment, req).await
}

/// The payment in flight, asked again by its owner.
pub async fn resume(p: &impl Ports, stored: &Stored, req: &PayRequest) -> ApiResult<Reply> {
    let payment = p.sessions().in_flight(&stored.session.id).await?.ok_or_else(|| ApiError::internal("charge", "processing without a payment"))?;
    authorize(p, stored, payment, req).await
}

/// Asks the processor (with the payment's id as the idempotency key) and records its answer.
async fn authorize(p: &impl Ports, stored: &Stored, payment: Payment, req: &PayRequest) -> ApiResult<Reply> {
    let request = Authorization { idempotency_key: &payment.id, card: &req.card, amount: payment.amount, browser: &req.browser, authenticated: payment.authenticated };
    let outcome = p.processor().authorize(&request).await;
    let (event, status, decline_code, reference) = match outcome {
        Ok(Outcome::Approved { reference }) => (Event::Authorized, PaymentStatus::Succeeded, None, Some(reference)),
        Ok(Outcome::Declined { code, reference }) => (Event::Declined, PaymentStatus::Failed, Some(code), reference),
        Err(error) => {
            // Nothing to record: the payment stays in flight, owned by its payer.
            let t = step(&stored.checkout, Event::TimedOut, p.now(), &p.settings().limits);
            return Err(no_answer(&error, t.refusal().map(|r| r.code), &payment));
        }
    };
    let t = step(&stored.checkout, event.clone(), p.now(), &p.settings().limits);
    let finished = Payment { status, decline_code, processor_reference: reference.clone(), updated_at: p.now(), ..payment };
    let merchant = p.merchants().info(&stored.session.merchant_id).await?;
    let webhook = webhook_event(&finished, merchant.webhooks, p.now())?;
    let commit = Commit {
        session_id: stored.session.id.clone(),
        version: stored.version,
        next: t.next.clone(),
        amount: None,
        paid_by: (status == PaymentStatus::Succeeded).then(|| finished.id.clone()),
        step_up: None,
        payment: Some(PaymentWrite::Finish { id: finished.id.clone(), status, decline_code, reference }),
        webhook: Some(webhook.clone()),
        history: History {
            event: event.name(),
            from: stored.checkout.phase.status(),
            to: t.next.phase.status(),
            device: finished.device.clone(),
            detail: decline_code.map(|d| d.as_str().to_owned()),
        },
        at: p.now(),
    };
    p.sessions().commit(&commit).await?;
    if webhook.deliver
        && let Err(e) = p.notifier().deliver(&webhook.id).await
    {
        // Recorded with the payment: the scheduled sweep delivers it if this start was lost.
        crate::log::error(&format!("webhook {} not started: {}", webhook.id, e.code.as_str()));
    }
    if t.has(&Effect::Learn) {
        risk::remember(p, &stored.session, req, false).await?;
    }
    match decline_code {
        None => Ok(Reply::Paid(Box::new(finished))),
        Some(code) => Err(ApiError::from(ErrorCode::CardDeclined)
            .with_message(code.shopper_message())
            .with_extra(json!({ "decline_code": code, "payment": finished.to_frame_json() }))),
    }
}

/// `payment.succeeded` or `payment.failed`, as the merchant's endpoint receives it.
fn webhook_event(payment: &Payment, deliver: bool, now: u64) -> ApiResult<WebhookEvent> {
    let id = Id::generate(&RustCrypto, Kind::Event)?.as_str().to_owned();
    let kind = format!("payment.{}", payment.status.as_str());
    let payload = json!({ "id": id, "object": "event", "type": kind, "created": now, "data": { "object": payment.to_json() } }).to_string();
    Ok(WebhookEvent { id, merchant_id: payment.merchant_id.clone(), kind, payment_id: payment.id.clone(), payload, deliver })
}

/// The processor did not answer: the payment stays processing and the owner's retry asks again
/// with the same idempotency key, so it is never charged twice.
fn no_answer(error: &ConnectorError, timed_out: Option<ErrorCode>, payment: &Payment) -> ApiError {
    let code = match error {
        ConnectorError::Timeout => timed_out.unwrap_or(ErrorCode::ProcessorTimeout),
        ConnectorError::Unavailable => ErrorCode::ProcessorUnavailable,
    };
    ApiError::from(code).with_header("Retry-After", "1").with_extra(json!({ "payment": payment.to_frame_json() }))
}
