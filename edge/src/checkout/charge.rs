//! Charging: the card vaulted and the payment recorded as processing in the same write that
//! moves the session there, then the processor, then its answer recorded with its events in one
//! more write. A crash or a lost answer between the two leaves a payment in flight that its
//! owner's retry, or the scheduled sweep, resolves with the same idempotency key, so a card is
//! never charged twice.

use serde_json::json;
use tessera_core::api::ErrorCode;
use tessera_core::checkout::{step, Effect, Event, Payer};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::payment::lifecycle::{self, PaymentEffect, PaymentEvent, PaymentState};
use tessera_core::payment::{CaptureMethod, DeclineCode};
use tessera_core::policy::sca::Exemption;
use tessera_core::vault;

use super::lease::Lease;
use super::model::{CardSummary, Payment, PayRequest, Stored};
use super::ports::AfterPayment;
use super::ports::{Commit, Counters, History, Notifier, PaymentWrite, Ports, Regional, Sessions};
use super::risk;
use super::Reply;
use crate::error::{ApiError, ApiResult};
use crate::processor::{Authorization, Connector, ConnectorError, Outcome, Target};

/// The keyed fingerprint of the request's card.
pub fn card_key(p: &impl Ports, req: &PayRequest) -> ApiResult<String> {
    Ok(vault::card_fingerprint(&p.settings().card_secret, &req.card.number)?)
}

/// The payer of a request: its device and card.
pub fn payer(p: &impl Ports, req: &PayRequest) -> ApiResult<Payer> {
    Ok(Payer { device: req.device.clone(), card: card_key(p, req)? })
}

/// The processor target of a payment or session.
pub fn target(merchant_id: &str, livemode: bool) -> Target<'_> {
    Target { merchant_id, livemode }
}

/// Starts a payment: `commit` (the transition to processing, from the caller) gains the vault
/// row and the payment row; once it is written the processor is asked. `effects` are the
/// transition's: a passed step-up clears the shopper's wrong codes and makes the device trusted
/// once the payment is recorded, before the processor is asked. `assessed` is this request's
/// risk decision, if it made one: it is stored beside the payment's write, and the processor is
/// asked only once both are written.
pub async fn start(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, mut commit: Commit, effects: &[Effect], req: &PayRequest, assessed: Option<&risk::Assessment>) -> ApiResult<Reply> {
    let authenticated = effects.contains(&Effect::Charge { authenticated: true });
    let session = &stored.session;
    let processor = p.processor().name(target(&session.merchant_id, session.livemode)).await?;
    let token = Id::generate(&RustCrypto, Kind::Token)?.as_str().to_owned();
    let sealed_pan = p.settings().data_keys.seal_pan(&RustCrypto, &token, &req.card.number).await?;
    let payment = Payment {
        id: Id::generate(&RustCrypto, Kind::Payment)?.as_str().to_owned(),
        session_id: session.id.clone(),
        merchant_id: session.merchant_id.clone(),
        livemode: session.livemode,
        amount: session.amount,
        state: PaymentState::processing(session.amount.minor(), session.capture_method),
        version: 0,
        decline_code: None,
        processor: processor.to_owned(),
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
    // The exemption the processor is told of was decided before: this request's, or else read
    // while the payment is written (it is sent only if the write succeeded).
    let exemption = async {
        match assessed {
            Some(decided) if !payment.authenticated => Ok(decided.exemption),
            _ => exemption_of(p, &payment, req).await,
        }
    };
    let settle = async {
        match assessed {
            Some(a) => risk::settle(p, a).await,
            None => Ok(()),
        }
    };
    let (committed, exemption, settled) = futures_util::future::join3(p.sessions().commit(&commit), exemption, settle).await;
    committed?;
    lease.wrote(commit.version);
    // A decision not stored stops the charge here: the payment stays in flight, uncharged,
    // for its payer's retry or the sweep.
    settled?;
    let exemption = exemption?;
    let clear = async {
        match effects.contains(&Effect::ClearShopper) {
            true => p.counters().clear(&session.shopper_key()).await,
            false => Ok(()),
        }
    };
    let trust = async {
        match effects.contains(&Effect::Trust) {
            true => risk::remember(p, session, req, true).await,
            false => Ok(()),
        }
    };
    let reset = async {
        match authenticated {
            // Strong customer authentication was applied: the low-value counters start again.
            true => super::regional::authenticated(p, session, &payment.card.fingerprint).await,
            false => Ok(()),
        }
    };
    futures_util::future::try_join3(clear, trust, reset).await?;
    let stored = Stored { checkout: commit.next, version: commit.version + 1, ..stored.clone() };
    crate::fault::at(crate::fault::Point::PaymentRecorded).await;
    authorize(p, lease, &stored, payment, req, exemption).await
}

/// The SCA exemption to tell the processor of, for a payment that was not authenticated.
async fn exemption_of(p: &impl Ports, payment: &Payment, req: &PayRequest) -> ApiResult<Option<Exemption>> {
    match payment.authenticated {
        true => Ok(None),
        false => p.regional().exemption(&payment.session_id, &req.device).await,
    }
}

/// The payment in flight, asked again by its owner.
pub async fn resume(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, req: &PayRequest) -> ApiResult<Reply> {
    let payment = p.sessions().in_flight(&stored.session.id).await?.ok_or_else(|| ApiError::internal("charge", "processing without a payment"))?;
    let exemption = exemption_of(p, &payment, req).await?;
    authorize(p, lease, stored, payment, req, exemption).await
}

/// Asks the processor (with the payment's id as the idempotency key) and records its answer.
async fn authorize(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, payment: Payment, req: &PayRequest, exemption: Option<Exemption>) -> ApiResult<Reply> {
    let request = Authorization {
        payment_id: &payment.id,
        card: &req.card,
        amount: payment.amount,
        capture: payment.state.capture_method == CaptureMethod::Automatic,
        browser: &req.browser,
        authenticated: payment.authenticated,
        shopper_ip: req.origin.ip.as_deref(),
        exemption,
    };
    // While the processor thinks, the merchant's webhook endpoints are read for the events of
    // its answer.
    let (answer, ()) = futures_util::future::join(p.processor().authorize(target(&payment.merchant_id, payment.livemode), &request), p.notifier().prepare(&payment.merchant_id, payment.livemode)).await;
    match answer {
        Ok(outcome) => {
            crate::fault::at(crate::fault::Point::ProcessorAnswered).await;
            finish(p, stored, payment, outcome, Some((req, lease))).await
        }
        Err(error) => {
            // Nothing to record: the payment stays in flight, owned by its payer.
            let t = step(&stored.checkout, Event::TimedOut, p.now(), &p.settings().limits);
            Err(no_answer(&error, t.refusal().map(|r| r.code), &payment))
        }
    }
}

/// Records the processor's answer about a payment in flight (from the authorisation, a retry or
/// the sweep's sync): the session paid or open again, the payment authorised, captured or
/// declined, its events. `shopper` is the shopper's request, when there is one, for what a
/// paying device teaches, and the session's lease it holds, given back once the answer is
/// recorded.
pub async fn finish(p: &impl Ports, stored: &Stored, payment: Payment, outcome: Outcome, shopper: Option<(&PayRequest, &Lease<'_>)>) -> ApiResult<Reply> {
    let req = shopper.map(|(req, _)| req);
    let (session_event, payment_event, decline_code, reference) = match outcome {
        Outcome::Approved { reference } => (Event::Authorized, PaymentEvent::Authorized, None, Some(reference)),
        Outcome::Declined { code, reference } => (Event::Declined, PaymentEvent::Declined, Some(code), reference),
    };
    let t = step(&stored.checkout, session_event.clone(), p.now(), &p.settings().limits);
    let after = lifecycle::step(&payment.state, payment_event, p.now());
    let finished = Payment { state: after.next, decline_code, processor_reference: reference.clone(), updated_at: p.now(), version: payment.version + 1, ..payment };
    let mut events = Vec::new();
    for effect in &after.effects {
        if let PaymentEffect::Notify(kind) = effect {
            events.push(p.notifier().plan(&finished.merchant_id, finished.livemode, *kind, &finished.id, &finished.to_json()).await?);
        }
    }
    let authorized = decline_code.is_none();
    let commit = Commit {
        session_id: stored.session.id.clone(),
        version: stored.version,
        next: t.next.clone(),
        amount: None,
        paid_by: authorized.then(|| finished.id.clone()),
        step_up: None,
        payment: Some(PaymentWrite::Finish { id: finished.id.clone(), state: finished.state, decline_code, reference }),
        events,
        history: History {
            event: session_event.name(),
            from: stored.checkout.phase.status(),
            to: t.next.phase.status(),
            device: finished.device.clone(),
            detail: decline_code.map(|d| d.as_str().to_owned()),
        },
        at: p.now(),
    };
    p.sessions().commit(&commit).await?;
    if let Some((_, lease)) = shopper {
        lease.wrote(commit.version);
    }
    // What follows the commit does not depend on itself: webhooks, the invoice, the receipt,
    // what the device taught and giving the lease back go at once.
    let language = req.map_or("en", |r| r.browser.browser_language.as_str());
    let after = async {
        // The payment stands whatever follows; an invoice missed here is settled by the sweep.
        if authorized && let Err(e) = p.after_payment().paid(&stored.session.id).await {
            crate::log::error(&format!("after payment of {}: {}", stored.session.id, e.code.as_str()));
        }
    };
    let receipt = async {
        if authorized && let Err(e) = super::receipt::send(p, &stored.session, &finished, language).await {
            crate::log::error(&format!("receipt of {}: {}", finished.id, e.code.as_str()));
        }
    };
    let learn = async {
        match req {
            Some(req) if t.has(&Effect::Learn) => risk::remember(p, &stored.session, req, false).await,
            _ => Ok(()),
        }
    };
    let give_back = async {
        if let Some((_, lease)) = shopper {
            lease.give_back(p).await;
        }
    };
    let ((), (), (), learned, ()) = futures_util::future::join5(deliver(p, &commit.events), after, receipt, learn, give_back).await;
    learned?;
    match decline_code {
        None => Ok(Reply::Paid(Box::new(finished))),
        Some(code) => Err(declined(code, &finished)),
    }
}

fn declined(code: DeclineCode, payment: &Payment) -> ApiError {
    ApiError::from(ErrorCode::CardDeclined).with_message(code.shopper_message()).with_extra(json!({ "decline_code": code, "payment": payment.to_frame_json() }))
}

/// Starts the deliveries of events just recorded. A failure is logged: the events are recorded,
/// and the sweep starts deliveries that are due.
pub async fn deliver(p: &impl Ports, events: &[super::ports::NewEvent]) {
    for event in events {
        if let Err(e) = p.notifier().deliver(event).await {
            crate::log::error(&format!("deliveries of {} not started: {}", event.id, e.code.as_str()));
        }
    }
}

/// The processor did not answer: the payment stays processing and the owner's retry asks again
/// with the same idempotency key, so it is never charged twice.
fn no_answer(error: &ConnectorError, timed_out: Option<ErrorCode>, payment: &Payment) -> ApiError {
    let code = match error {
        ConnectorError::Timeout => timed_out.unwrap_or(ErrorCode::ProcessorTimeout),
        ConnectorError::Unavailable => ErrorCode::ProcessorUnavailable,
        ConnectorError::NotConfigured => return ErrorCode::ProcessorNotConfigured.into(),
    };
    ApiError::from(code).with_header("Retry-After", "1").with_extra(json!({ "payment": payment.to_frame_json() }))
}
