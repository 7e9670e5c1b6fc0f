//! What follows a payment, on in-memory ports: manual capture, voids, refunds, disputes,
//! asynchronous processors and their notifications, and the sweep that resolves lost answers.

use pollster::block_on;
use serde_json::json;
use tessera_core::api::{ErrorCode, EventType};
use tessera_core::card::{Card, YearMonth};
use tessera_core::checkout::Limits;
use tessera_core::payment::dispute::DisputeStatus;
use tessera_core::payment::lifecycle::AUTHORIZATION_TTL;
use tessera_core::payment::refund::{RefundReason, RefundStatus};
use tessera_core::payment::{DeclineCode, PaymentStatus};
use tessera_core::risk::Rules;
use tessera_core::session::{NewSession, TtlPolicy};
use tessera_core::threeds::BrowserInfo;

use super::disputes;
use super::memory::{Fault, Memory};
use super::model::{Origin, PayRequest, Payment, Stored};
use super::notifications::{apply_notice, Notice};
use super::operations::{cancel, capture, refund};
use super::ports::Payments;
use super::sweep::resolve_due;
use super::{confirm, create, Reply};
use crate::error::ApiResult;

/// A merchant with no risk rules: every confirm goes straight to the processor.
fn memory() -> Memory {
    let m = Memory::new(Limits::default());
    m.world.borrow_mut().rules = Some(Rules { velocity_window_seconds: 3600, rules: Vec::new() });
    m
}

fn session(m: &Memory, amount: u64, manual: bool) -> Stored {
    let method = if manual { r#","capture_method":"manual""# } else { "" };
    let body = format!(r#"{{"amount":{amount},"currency":"EUR","reference":"order-1","shopper":{{"email":"ada@example.com"}}{method}}}"#);
    let new = NewSession::from_json(body.as_bytes(), TtlPolicy::default()).unwrap();
    block_on(create(m, "mer_test", false, &new)).unwrap().0
}

fn request(stored: &Stored, number: &str) -> PayRequest {
    let card = Card::from_json(format!(r#"{{"number":"{number}","exp_month":12,"exp_year":2040,"cvc":"123"}}"#).as_bytes(), YearMonth { year: 2026, month: 12 }).unwrap();
    let browser = BrowserInfo::from_value(json!({
        "browserAcceptHeader": "text/html", "browserJavaEnabled": false, "browserJavascriptEnabled": true,
        "browserLanguage": "en-GB", "browserColorDepth": 24, "browserScreenHeight": 1080,
        "browserScreenWidth": 1920, "browserTz": -60, "browserUserAgent": "Mozilla/5.0"
    }))
    .unwrap();
    PayRequest { session_id: stored.session.id.clone(), parties: stored.session.parties(), device: "dev_a".into(), card, browser, fingerprint: None, origin: Origin { country: "DE".into(), subdivision: None, ip: None } }
}

fn pay(m: &Memory, amount: u64, manual: bool) -> Payment {
    let s = session(m, amount, manual);
    match block_on(confirm(m, &request(&s, "4242424242424242"))) {
        Ok(Reply::Paid(payment)) => *payment,
        other => panic!("not paid: {other:?}"),
    }
}

fn code_of<T: std::fmt::Debug>(r: ApiResult<T>) -> ErrorCode {
    r.expect_err("refused").code
}

#[test]
fn a_manual_payment_waits_for_its_capture_then_is_captured_once() {
    let m = memory();
    let p = pay(&m, 1000, true);
    assert_eq!(p.status(), PaymentStatus::RequiresCapture);
    assert!(m.event_types().contains(&EventType::PaymentRequiresCapture));
    assert_eq!(code_of(block_on(capture(&m, &p, Some(1001)))), ErrorCode::CaptureAmountTooLarge);
    let captured = block_on(capture(&m, &m.payment(&p.id), Some(700))).unwrap();
    assert_eq!((captured.status(), captured.state.amount_captured), (PaymentStatus::Succeeded, 700));
    assert_eq!(code_of(block_on(capture(&m, &m.payment(&p.id), None))), ErrorCode::PaymentNotCapturable, "not twice");
    assert_eq!(m.world.borrow().operations.values().filter(|o| o.0 == "capture").count(), 1);
    assert_eq!(code_of(block_on(refund(&m, &m.payment(&p.id), Some(701), None, None))), ErrorCode::RefundAmountTooLarge, "only what was captured");
}

#[test]
fn a_voided_authorisation_cannot_be_refunded_or_captured() {
    let m = memory();
    let p = pay(&m, 1000, true);
    let voided = block_on(cancel(&m, &p)).unwrap();
    assert_eq!(voided.status(), PaymentStatus::Canceled);
    assert!(m.event_types().contains(&EventType::PaymentCanceled));
    assert_eq!(code_of(block_on(refund(&m, &voided, None, None, None))), ErrorCode::PaymentNotRefundable);
    assert_eq!(code_of(block_on(capture(&m, &voided, None))), ErrorCode::PaymentNotCapturable);
    assert_eq!(code_of(block_on(cancel(&m, &voided))), ErrorCode::PaymentNotCancelable);
}

#[test]
fn partial_refunds_add_up_to_the_capture_and_no_more() {
    let m = memory();
    let p = pay(&m, 1000, false);
    let first = block_on(refund(&m, &p, Some(400), Some(RefundReason::RequestedByCustomer), None)).unwrap();
    assert_eq!(first.status, RefundStatus::Succeeded);
    let rest = block_on(refund(&m, &m.payment(&p.id), None, None, None)).unwrap();
    assert_eq!(rest.amount.minor(), 600, "what is left when no amount is given");
    assert_eq!(code_of(block_on(refund(&m, &m.payment(&p.id), Some(1), None, None))), ErrorCode::RefundAmountTooLarge);
    assert_eq!(m.payment(&p.id).state.amount_refunded, 1000);
    assert_eq!(m.event_types().iter().filter(|t| **t == EventType::RefundSucceeded).count(), 2);
}

#[test]
fn a_refund_retried_under_its_id_is_carried_on_with_not_made_twice() {
    let m = memory();
    let p = pay(&m, 1000, false);
    // The first run recorded the refund and lost the processor's answer.
    m.world.borrow_mut().faults = vec![Fault::LostAnswer];
    let id = "re_aaaaaaaaaaaaaaaaaaaaaaaa".to_owned();
    let first = block_on(refund(&m, &p, Some(400), None, Some(id.clone()))).unwrap();
    assert_eq!((first.id.as_str(), first.status), (id.as_str(), RefundStatus::Pending));
    let again = block_on(refund(&m, &m.payment(&p.id), Some(400), None, Some(id.clone()))).unwrap();
    assert_eq!((again.id.as_str(), again.status), (id.as_str(), RefundStatus::Succeeded));
    assert_eq!(m.payment(&p.id).state.amount_refunded, 400, "counted once");
    assert_eq!(m.world.borrow().refunds.len(), 1);
    let sent: Vec<_> = m.world.borrow().operations.values().filter(|o| o.0 == "refund").cloned().collect();
    assert_eq!(sent.iter().map(|o| o.1).sum::<u64>(), 400, "the processor refunded it once");
    // Under another payment the id means another request.
    let other = pay(&m, 500, false);
    assert_eq!(code_of(block_on(refund(&m, &other, Some(100), None, Some(id)))), ErrorCode::IdempotencyKeyReused);
}

#[test]
fn an_asynchronous_processor_settles_captures_and_refunds_by_notification() {
    let m = memory();
    m.world.borrow_mut().asynchronous = true;
    let p = pay(&m, 1000, true);
    let asked = block_on(capture(&m, &p, None)).unwrap();
    assert_eq!(asked.status(), PaymentStatus::RequiresCapture, "received, not yet captured");
    assert!(asked.state.pending.is_some());
    block_on(apply_notice(&m, Notice::Capture { payment_id: p.id.clone(), success: true })).unwrap();
    assert_eq!(m.payment(&p.id).status(), PaymentStatus::Succeeded);
    block_on(apply_notice(&m, Notice::Capture { payment_id: p.id.clone(), success: true })).unwrap();
    assert_eq!(m.event_types().iter().filter(|t| **t == EventType::PaymentSucceeded).count(), 1, "a repeated notification changes nothing");

    let r = block_on(refund(&m, &m.payment(&p.id), Some(300), None, None)).unwrap();
    assert_eq!((r.status, r.acknowledged), (RefundStatus::Pending, true));
    block_on(apply_notice(&m, Notice::Refund { refund_id: r.id.clone(), success: false, reference: None, reason: Some("insufficient balance".into()) })).unwrap();
    assert_eq!(m.world.borrow().refunds[&r.id].status, RefundStatus::Failed);
    assert_eq!(m.payment(&p.id).state.amount_refunded, 0, "a failed refund gives its amount back");
    assert!(m.event_types().contains(&EventType::RefundFailed));
}

#[test]
fn the_sweep_resolves_lost_authorisations_without_a_retry_and_without_a_second_charge() {
    let m = memory();
    // Charged, answer lost.
    m.world.borrow_mut().faults = vec![Fault::LostAnswer];
    let lost = session(&m, 1500, false);
    assert_eq!(code_of(block_on(confirm(&m, &request(&lost, "4242424242424242")))), ErrorCode::ProcessorTimeout);
    // Never received.
    m.world.borrow_mut().faults = vec![Fault::Down];
    let never = session(&m, 2500, false);
    assert_eq!(code_of(block_on(confirm(&m, &request(&never, "4242424242424242")))), ErrorCode::ProcessorUnavailable);
    m.advance(120);
    block_on(resolve_due(&m, 60)).unwrap();
    let lost = m.stored(&lost.session.id);
    assert_eq!(m.payment(lost.session.payment_id.as_deref().unwrap()).status(), PaymentStatus::Succeeded);
    let never = m.stored(&never.session.id);
    assert_eq!(never.checkout.phase.status(), tessera_core::api::SessionStatus::Open, "nothing was charged: the shopper can pay again");
    let failed = m.world.borrow().payments.values().find(|p| p.session_id == never.session.id).cloned().unwrap();
    assert_eq!((failed.status(), failed.decline_code), (PaymentStatus::Failed, Some(DeclineCode::ProcessingError)));
    assert_eq!(m.charges(), 1, "one charge for the one payment the processor made");
    assert_eq!(m.world.borrow().ledger.values().map(|(_, n)| n).sum::<u32>(), 1, "found by sync, not by charging again");
}

#[test]
fn the_sweep_sends_lost_refunds_and_captures_again_under_their_keys() {
    let m = memory();
    let p = pay(&m, 1000, true);
    m.world.borrow_mut().faults = vec![Fault::LostAnswer];
    assert_eq!(code_of(block_on(capture(&m, &p, None))), ErrorCode::ProcessorTimeout);
    assert!(m.payment(&p.id).state.pending.is_some(), "recorded as pending");
    m.advance(120);
    block_on(resolve_due(&m, 60)).unwrap();
    assert_eq!(m.payment(&p.id).status(), PaymentStatus::Succeeded);
    m.world.borrow_mut().faults = vec![Fault::Down];
    let r = block_on(refund(&m, &m.payment(&p.id), Some(250), None, None)).unwrap();
    assert_eq!((r.status, r.acknowledged), (RefundStatus::Pending, false));
    m.advance(120);
    block_on(resolve_due(&m, 60)).unwrap();
    assert_eq!(m.world.borrow().refunds[&r.id].status, RefundStatus::Succeeded);
    let ops = m.world.borrow().operations.clone();
    assert_eq!(ops.values().filter(|o| o.0 == "capture").map(|o| o.2).sum::<u32>(), 2, "the capture sent twice, done once");
    assert_eq!(ops.values().filter(|o| o.0 == "refund").count(), 1);
}

#[test]
fn an_authorisation_left_seven_days_is_voided() {
    let m = memory();
    let p = pay(&m, 1000, true);
    m.advance(AUTHORIZATION_TTL - 10);
    block_on(resolve_due(&m, 60)).unwrap();
    assert_eq!(m.payment(&p.id).status(), PaymentStatus::RequiresCapture);
    m.advance(20);
    block_on(resolve_due(&m, 60)).unwrap();
    assert_eq!(m.payment(&p.id).status(), PaymentStatus::Canceled);
}

#[test]
fn a_dispute_opens_once_takes_evidence_and_is_decided() {
    let m = memory();
    let p = pay(&m, 1000, false);
    let opened = Notice::DisputeOpened { payment_id: p.id.clone(), amount: 1000, reason: "fraudulent".into() };
    block_on(apply_notice(&m, opened.clone())).unwrap();
    block_on(apply_notice(&m, opened)).unwrap();
    assert_eq!(m.world.borrow().disputes.len(), 1, "once");
    assert_eq!(code_of(block_on(refund(&m, &m.payment(&p.id), None, None, None))), ErrorCode::PaymentDisputed);
    let dispute = block_on(m.dispute_of(&p.id)).unwrap().unwrap();
    assert_eq!(dispute.status, DisputeStatus::NeedsResponse);

    let bad = [json!({ "name": "a.exe", "content_type": "application/x-msdownload", "data": "AAAA" })];
    assert_eq!(code_of(disputes::check_evidence(&json!({ "product_description": "A book" }), &bad)), ErrorCode::InvalidEvidence);
    assert_eq!(code_of(disputes::check_evidence(&json!({ "favourite_colour": "blue" }), &[])), ErrorCode::InvalidEvidence);
    let huge = tessera_core::b64::encode_standard(&vec![0u8; disputes::MAX_FILE_BYTES + 1]);
    assert_eq!(code_of(disputes::check_evidence(&json!({}), &[json!({ "name": "big.pdf", "content_type": "application/pdf", "data": huge })])), ErrorCode::EvidenceTooLarge);

    let receipt = [json!({ "name": "receipt.pdf", "content_type": "application/pdf", "data": tessera_core::b64::encode_standard(b"%PDF-1.4") })];
    let (fields, files) = disputes::check_evidence(&json!({ "uncategorized_text": "winning_evidence" }), &receipt).unwrap();
    let saved = block_on(disputes::evidence(&m, &dispute, fields, files, true)).unwrap();
    assert_eq!(saved.status, DisputeStatus::UnderReview);
    assert_eq!(saved.files, [("receipt.pdf".to_owned(), "application/pdf".to_owned(), 8)]);
    block_on(apply_notice(&m, Notice::DisputeDecided { payment_id: p.id.clone(), won: true })).unwrap();
    let won = block_on(m.dispute_of(&p.id)).unwrap().unwrap();
    assert_eq!(won.status, DisputeStatus::Won);
    assert_eq!(code_of(block_on(disputes::accept(&m, &won))), ErrorCode::DisputeNotOpen);
    let kinds = m.event_types();
    assert!(kinds.contains(&EventType::DisputeCreated) && kinds.contains(&EventType::DisputeUpdated) && kinds.contains(&EventType::DisputeClosed));
}

#[test]
fn live_mode_needs_the_merchants_processor() {
    let m = memory();
    let new = NewSession::from_json(br#"{"amount":100,"currency":"EUR","reference":"r","shopper":{"email":"a@example.com"}}"#, TtlPolicy::default()).unwrap();
    assert_eq!(code_of(block_on(create(&m, "mer_test", true, &new))), ErrorCode::ProcessorNotConfigured);
    m.world.borrow_mut().live_processor = true;
    let (live, _) = block_on(create(&m, "mer_test", true, &new)).unwrap();
    assert!(live.session.livemode);
}
