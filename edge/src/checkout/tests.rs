//! The checkout's use cases on in-memory ports: honest shoppers pay as before, and the attacks
//! the machine's limits exist for are refused before any processor is called.

use std::collections::BTreeMap;

use pollster::block_on;
use serde_json::json;
use tessera_core::api::{ErrorCode, EventType, NextActionType, SessionStatus};
use tessera_core::card::{Card, YearMonth};
use tessera_core::checkout::Limits;
use tessera_core::crypto::RustCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::payment::PaymentStatus;
use tessera_core::risk::{Action, Condition, DeviceState, Rule, Rules};
use tessera_core::session::{NewSession, TtlPolicy};
use tessera_core::threeds::BrowserInfo;

use super::memory::Memory;
use super::ports::Ports;
use super::model::{Origin, PayRequest, Proof, Stored};
use super::{confirm, create, expire_due, for_frame, for_merchant, resend, update, verify, Reply};
use crate::error::{ApiError, ApiResult};

const SHOPPER: &str = "ada@example.com";

fn memory() -> Memory {
    Memory::new(Limits::default())
}

fn session(m: &Memory, amount: u64) -> (Stored, String) {
    let body = format!(r#"{{"amount":{amount},"currency":"EUR","reference":"order-1","shopper":{{"email":"{SHOPPER}"}}}}"#);
    let new = NewSession::from_json(body.as_bytes(), TtlPolicy::default()).unwrap();
    block_on(create(m, "mer_test", false, &new)).unwrap()
}

fn fingerprint() -> Fingerprint {
    let values: BTreeMap<&str, String> = [("canvas", "c"), ("webgl", "w"), ("platform", "Linux"), ("time_zone", "Europe/Berlin")].into_iter().map(|(k, v)| (k, v.to_owned())).collect();
    block_on(Fingerprint::from_values(&RustCrypto, &values)).unwrap()
}

fn browser() -> BrowserInfo {
    BrowserInfo::from_value(json!({
        "browserAcceptHeader": "text/html", "browserJavaEnabled": false, "browserJavascriptEnabled": true,
        "browserLanguage": "en-GB", "browserColorDepth": 24, "browserScreenHeight": 1080,
        "browserScreenWidth": 1920, "browserTz": -60, "browserUserAgent": "Mozilla/5.0"
    }))
    .unwrap()
}

fn request(stored: &Stored, device: &str, number: &str) -> PayRequest {
    let card = Card::from_json(format!(r#"{{"number":"{number}","exp_month":12,"exp_year":2040,"cvc":"123"}}"#).as_bytes(), YearMonth { year: 2026, month: 12 }).unwrap();
    PayRequest {
        session_id: stored.session.id.clone(),
        parties: stored.session.parties(),
        device: device.to_owned(),
        card,
        browser: browser(),
        fingerprint: Some(fingerprint()),
        origin: Origin { country: "DE".into(), subdivision: None, ip: Some("2001:db8::1".into()) },
    }
}

fn code_of<T: std::fmt::Debug>(r: ApiResult<T>) -> ErrorCode {
    r.expect_err("refused").code
}

fn paid(r: ApiResult<Reply>) -> super::model::Payment {
    match r {
        Ok(Reply::Paid(payment)) => *payment,
        other => panic!("not paid: {other:?}"),
    }
}

fn action(r: ApiResult<Reply>) -> NextActionType {
    match r {
        Ok(Reply::Action(a)) => a.next_action.kind,
        other => panic!("no step-up: {other:?}"),
    }
}

fn code(m: &Memory) -> String {
    m.last_code(SHOPPER).expect("a code was sent")
}

fn wrong(code: &str) -> String {
    if code == "000000" { "111111".into() } else { "000000".into() }
}

#[test]
fn a_new_device_steps_up_then_pays_and_is_trusted_next_time() {
    let m = memory();
    let (s, _) = session(&m, 4200);
    let pay = request(&s, "dev_a", "4000000000003220");
    assert_eq!(action(block_on(confirm(&m, &pay))), NextActionType::Otp);
    assert_eq!(m.stored(&s.session.id).status(m.now()), SessionStatus::RequiresAction);
    assert_eq!(m.charges(), 0, "nothing charged before the code");
    let payment = paid(block_on(verify(&m, &pay, &Proof::Code(code(&m)))));
    assert_eq!(payment.status(), PaymentStatus::Succeeded, "authenticated, so the issuer takes the step-up card");
    assert_eq!(m.stored(&s.session.id).status(m.now()), SessionStatus::Succeeded);
    assert!(m.event_types().contains(&EventType::PaymentSucceeded));

    let (s2, _) = session(&m, 1999);
    let again = paid(block_on(confirm(&m, &request(&s2, "dev_a", "4242424242424242"))));
    assert_eq!(again.status(), PaymentStatus::Succeeded, "a trusted device in the same context needs no code");
    let device = m.world.borrow().devices.get(&("mer_test:email:ada@example.com".into(), "dev_a".into())).cloned().unwrap();
    assert_eq!(device.state, DeviceState::Trusted);
}

/// Attack 1: five wrong codes, then re-confirms from the same and new devices.
#[test]
fn wrong_codes_are_counted_per_session_across_re_confirms_and_devices() {
    let m = memory();
    let (s, _) = session(&m, 1999);
    let pay = request(&s, "dev_a", "4242424242424242");
    block_on(confirm(&m, &pay)).unwrap();
    let bad = Proof::Code(wrong(&code(&m)));
    let answers: Vec<ApiError> = (0..5).map(|_| block_on(verify(&m, &pay, &bad)).unwrap_err()).collect();
    assert_eq!(answers.iter().map(|e| e.code).collect::<Vec<_>>()[..4], [ErrorCode::IncorrectCode; 4]);
    assert_eq!(answers[4].code, ErrorCode::StepUpLocked);
    assert_eq!(answers[0].extra("attempts_left"), Some(&json!(4)));
    for device in ["dev_a", "dev_b", "dev_c"] {
        let again = request(&s, device, "4242424242424242");
        assert_eq!(code_of(block_on(confirm(&m, &again))), ErrorCode::StepUpLocked);
        m.advance(31);
        assert_eq!(code_of(block_on(resend(&m, &s.session.id, device, "en"))), ErrorCode::StepUpLocked);
    }
    assert_eq!(m.messages_to(SHOPPER), 1, "no new code was sent");
    assert_eq!(code_of(block_on(verify(&m, &pay, &Proof::Code(code(&m))))), ErrorCode::StepUpLocked, "not even the right code");
    assert_eq!(m.charges(), 0);
}

#[test]
fn wrong_codes_in_a_row_block_the_shopper_across_sessions() {
    let m = memory();
    let mut last = None;
    for round in 0..3 {
        let (s, _) = session(&m, 1999);
        let pay = request(&s, &format!("dev_{round}"), "4242424242424242");
        match block_on(confirm(&m, &pay)) {
            Ok(_) => {
                let bad = Proof::Code(wrong(&code(&m)));
                for _ in 0..2 {
                    last = Some(block_on(verify(&m, &pay, &bad)).unwrap_err().code);
                }
            }
            Err(e) => last = Some(e.code),
        }
        m.advance(31);
    }
    assert_eq!(last, Some(ErrorCode::ShopperBlocked), "five in a row across sessions, and the sixth is not weighed");
    assert_eq!(m.world.borrow().standings["mer_test:email:ada@example.com"].failures, 5);
}

/// Attack 2: eight confirms of one session from eight fresh device keys.
#[test]
fn fresh_device_keys_do_not_pump_codes() {
    let m = memory();
    let (s, _) = session(&m, 1999);
    // Ten confirms: one more and the card's own velocity rule would refuse the card outright.
    for i in 0..6 {
        let _ = block_on(confirm(&m, &request(&s, &format!("dev_{i}"), "4242424242424242")));
    }
    assert_eq!(m.messages_to(SHOPPER), 1, "one code while the resend interval runs");
    for i in 0..4 {
        m.advance(31);
        let _ = block_on(confirm(&m, &request(&s, &format!("dev_x{i}"), "4242424242424242")));
    }
    assert_eq!(m.messages_to(SHOPPER), 4, "one code and three more per session, whichever device asks");
}

#[test]
fn codes_to_one_address_are_capped_across_sessions() {
    let m = memory();
    for _ in 0..15 {
        let (s, _) = session(&m, 1999);
        let _ = block_on(confirm(&m, &request(&s, "dev_a", "4242424242424242")));
    }
    assert_eq!(m.messages_to(SHOPPER), Limits::default().max_codes_per_destination as usize);
}

/// Attack 3: step up with card A, verify with the right code and card B.
#[test]
fn a_step_up_approves_only_the_card_the_rules_saw() {
    let m = memory();
    let (s, _) = session(&m, 1999);
    let card_a = request(&s, "dev_a", "4242424242424242");
    block_on(confirm(&m, &card_a)).unwrap();
    let card_b = request(&s, "dev_a", "5555555555554444");
    assert_eq!(code_of(block_on(verify(&m, &card_b, &Proof::Code(code(&m))))), ErrorCode::StepUpCardMismatch);
    assert_eq!(m.charges(), 0, "refused before the processor");
    assert_eq!(m.stored(&s.session.id).checkout.codes_failed, 0);
    let thief = request(&s, "dev_thief", "4242424242424242");
    assert_eq!(code_of(block_on(verify(&m, &thief, &Proof::Code(code(&m))))), ErrorCode::StepUpNotStarted);
    assert_eq!(paid(block_on(verify(&m, &card_a, &Proof::Code(code(&m))))).card.last4, "4242");
}

/// Attack 4: while device A's payment is in flight, device B with another card.
#[test]
fn a_payment_in_flight_is_resumed_only_by_its_device_and_card() {
    let m = memory();
    m.world.borrow_mut().rules = Some(Rules { velocity_window_seconds: 3600, rules: Vec::new() });
    let (s, _) = session(&m, 1999);
    let a = request(&s, "dev_a", "4000000000000770");
    let first = block_on(confirm(&m, &a)).unwrap_err();
    assert_eq!(first.code, ErrorCode::ProcessorTimeout);
    for (device, number) in [("dev_b", "5555555555554444"), ("dev_b", "4000000000000770"), ("dev_a", "5555555555554444")] {
        assert_eq!(code_of(block_on(confirm(&m, &request(&s, device, number)))), ErrorCode::PaymentInProgress, "{device} {number}");
    }
    assert_eq!(m.world.borrow().ledger.values().map(|(_, n)| n).sum::<u32>(), 1, "nobody else reached the processor");
    let resumed = paid(block_on(confirm(&m, &a)));
    assert_eq!(resumed.status(), PaymentStatus::Succeeded);
    assert_eq!(m.charges(), 1, "one charge, asked twice with one idempotency key");
}

#[test]
fn a_verify_retried_after_a_timeout_resumes_without_a_code() {
    let m = memory();
    let (s, _) = session(&m, 1999);
    let a = request(&s, "dev_a", "4000000000000770");
    block_on(confirm(&m, &a)).unwrap();
    let right = Proof::Code(code(&m));
    assert_eq!(code_of(block_on(verify(&m, &a, &right))), ErrorCode::ProcessorTimeout);
    assert_eq!(paid(block_on(verify(&m, &a, &right))).status(), PaymentStatus::Succeeded, "the code was used once; the retry resumes");
}

#[test]
fn a_passkey_finishes_the_step_up_it_was_offered_for() {
    let m = memory();
    m.world.borrow_mut().passkey_shoppers.push("mer_test:email:ada@example.com".into());
    let (s, _) = session(&m, 1999);
    let a = request(&s, "dev_a", "4242424242424242");
    assert_eq!(action(block_on(confirm(&m, &a))), NextActionType::Passkey);
    assert_eq!(m.messages_to(SHOPPER), 0, "no code unless asked for");
    let forged = Proof::Passkey(json!({ "signed": false }));
    assert_eq!(code_of(block_on(verify(&m, &a, &forged))), ErrorCode::WebauthnChallengeMismatch);
    let other_card = request(&s, "dev_a", "5555555555554444");
    assert_eq!(code_of(block_on(verify(&m, &other_card, &Proof::Passkey(json!({ "signed": true }))))), ErrorCode::StepUpCardMismatch);
    assert_eq!(m.world.borrow().challenges.len(), 1, "a refused request did not use the challenge up");
    assert_eq!(paid(block_on(verify(&m, &a, &Proof::Passkey(json!({ "signed": true }))))).status(), PaymentStatus::Succeeded);
}

#[test]
fn a_changed_amount_voids_the_code_and_the_new_code_pays_the_new_amount() {
    let m = memory();
    let (s, _) = session(&m, 1000);
    let a = request(&s, "dev_a", "4242424242424242");
    block_on(confirm(&m, &a)).unwrap();
    let old = code(&m);
    let amount = tessera_core::money::Amount::new(99900, "EUR".parse().unwrap()).unwrap();
    block_on(update(&m, m.stored(&s.session.id), Some(amount), None)).unwrap();
    assert_eq!(code_of(block_on(verify(&m, &a, &Proof::Code(old)))), ErrorCode::StepUpVoid);
    m.advance(31);
    assert_eq!(action(block_on(resend(&m, &s.session.id, "dev_a", "en"))), NextActionType::Otp);
    assert!(m.world.borrow().outbox.last().unwrap().body.contains("EUR 999.00"));
    assert_eq!(paid(block_on(verify(&m, &a, &Proof::Code(code(&m))))).amount, amount);
    assert_eq!(code_of(block_on(update(&m, m.stored(&s.session.id), Some(amount), None))), ErrorCode::SessionNotOpen);
    assert_eq!(code_of(block_on(for_merchant(&m, "mer_other", false, &s.session.id))), ErrorCode::ResourceMissing);
    assert_eq!(code_of(block_on(for_merchant(&m, "mer_test", true, &s.session.id))), ErrorCode::ResourceMissing, "a test session is not there for a live key");
}

/// Under a rule that denies baskets over 50.00, a confirm of 90.00 from `dev_a` is refused and
/// writes nothing to its session.
fn refuse_a_big_basket(m: &Memory) {
    m.world.borrow_mut().rules = Some(Rules { velocity_window_seconds: 3600, rules: vec![Rule { id: "big_baskets".into(), when: Condition::AmountAbove(5000), action: Action::Deny }] });
    let (big, _) = session(m, 9000);
    assert_eq!(code_of(block_on(confirm(m, &request(&big, "dev_a", "4242424242424242")))), ErrorCode::PaymentRefused);
    assert_eq!(m.stored(&big.session.id).version, 0, "a refusal writes nothing to the session");
}

#[test]
fn denied_and_declined_payments() {
    let m = memory();
    refuse_a_big_basket(&m);
    let (s, _) = session(&m, 1999);
    let declined = block_on(confirm(&m, &request(&s, "dev_a", "4000000000009995"))).unwrap_err();
    assert_eq!(declined.code, ErrorCode::CardDeclined);
    assert_eq!(declined.extra("decline_code"), Some(&json!("insufficient_funds")));
    assert_eq!(m.stored(&s.session.id).status(m.now()), SessionStatus::Open, "another card may pay");
    assert_eq!(paid(block_on(confirm(&m, &request(&s, "dev_a", "5555555555554444")))).card.brand, "mastercard");
    assert_eq!(code_of(block_on(confirm(&m, &request(&s, "dev_a", "5555555555554444")))), ErrorCode::SessionAlreadyPaid);
}

/// The decision and the device are written beside the transition's writes, so a refusal that
/// writes nothing to the session still leaves them; and every confirm that asks for the lease is
/// counted, even one the machine answers without an assessment.
#[test]
fn a_refused_confirm_keeps_its_decision_and_every_confirm_counts() {
    let m = memory();
    refuse_a_big_basket(&m);
    let decision = m.world.borrow().decisions.last().cloned().expect("the refusal's decision is stored");
    assert_eq!((decision.action, decision.reasons.as_slice()), (Action::Deny, ["big_baskets".to_owned()].as_slice()));
    assert!(m.world.borrow().devices.contains_key(&("mer_test:email:ada@example.com".into(), "dev_a".into())), "the device is registered as seen");
    let (s, _) = session(&m, 1999);
    paid(block_on(confirm(&m, &request(&s, "dev_b", "4111111111111111"))));
    assert_eq!(code_of(block_on(confirm(&m, &request(&s, "dev_b", "4111111111111111")))), ErrorCode::SessionAlreadyPaid);
    let card = super::charge::card_key(&m, &request(&s, "dev_b", "4111111111111111")).unwrap();
    assert_eq!(m.world.borrow().hits[&format!("card:{card}")].len(), 2, "the refused re-confirm counted too");
    assert!(m.world.borrow().leases.is_empty(), "the lease was given back");
}

/// The decision is written beside the payment, and the processor is asked only once both are:
/// a decision that could not be stored charges nothing, and the payer's retry pays once.
#[test]
fn a_decision_not_stored_charges_nothing() {
    let m = memory();
    m.world.borrow_mut().rules = Some(Rules { velocity_window_seconds: 3600, rules: Vec::new() });
    let (s, _) = session(&m, 1999);
    m.world.borrow_mut().settle_fails = true;
    let pay = request(&s, "dev_a", "4242424242424242");
    assert_eq!(code_of(block_on(confirm(&m, &pay))), ErrorCode::InternalError);
    assert_eq!(m.charges(), 0, "the processor was not asked");
    assert!(m.world.borrow().decisions.is_empty());
    assert_eq!(paid(block_on(confirm(&m, &pay))).status(), PaymentStatus::Succeeded, "the retry resumes the payment in flight");
    assert_eq!(m.charges(), 1);
}

#[test]
fn a_missing_fingerprint_steps_up_a_trusted_device() {
    let m = memory();
    let (s, _) = session(&m, 1999);
    let a = request(&s, "dev_a", "4242424242424242");
    block_on(confirm(&m, &a)).unwrap();
    paid(block_on(verify(&m, &a, &Proof::Code(code(&m)))));
    let (s2, _) = session(&m, 1999);
    let mut hidden = request(&s2, "dev_a", "4242424242424242");
    hidden.fingerprint = None;
    assert_eq!(action(block_on(confirm(&m, &hidden))), NextActionType::Otp);
    assert_eq!(m.world.borrow().decisions.last().unwrap().reasons, ["fingerprint_missing"]);
}

#[test]
fn a_concurrent_write_makes_the_loser_retry_and_changes_nothing() {
    let m = memory();
    m.world.borrow_mut().rules = Some(Rules { velocity_window_seconds: 3600, rules: Vec::new() });
    let (s, _) = session(&m, 1999);
    m.world.borrow_mut().conflict_next = true;
    assert_eq!(code_of(block_on(confirm(&m, &request(&s, "dev_a", "4242424242424242")))), ErrorCode::ConfirmInProgress);
    assert_eq!(m.charges(), 0, "the processor was not called for a write that lost");
    assert!(m.world.borrow().leases.is_empty(), "the lease was given back");
    assert_eq!(paid(block_on(confirm(&m, &request(&s, "dev_a", "4242424242424242")))).status(), PaymentStatus::Succeeded);
}

#[test]
fn velocity_counts_ipv6_by_its_64() {
    let m = memory();
    m.world.borrow_mut().rules = Some(Rules { velocity_window_seconds: 3600, rules: vec![Rule { id: "ip_velocity".into(), when: Condition::IpAttemptsAbove(2), action: Action::Deny }] });
    let mut last = None;
    for i in 0..3 {
        let (s, _) = session(&m, 1999);
        let mut r = request(&s, &format!("dev_{i}"), "4242424242424242");
        r.origin.ip = Some(format!("2001:db8:1:2:{i:x}::{i:x}"));
        last = Some(block_on(confirm(&m, &r)));
    }
    assert_eq!(code_of(last.unwrap()), ErrorCode::PaymentRefused, "three addresses of one /64 are one client");
}

#[test]
fn the_sweep_expires_unpaid_sessions() {
    let m = memory();
    let (s, _) = session(&m, 1999);
    m.advance(3600);
    assert_eq!(block_on(expire_due(&m, 100)).unwrap(), 1);
    assert_eq!(m.stored(&s.session.id).checkout.phase.status(), SessionStatus::Expired);
    assert_eq!(block_on(expire_due(&m, 100)).unwrap(), 0);
}

#[test]
fn the_frame_needs_the_sessions_own_client_secret() {
    let m = memory();
    let (s, secret) = session(&m, 1999);
    let (other, other_secret) = session(&m, 1999);
    assert!(block_on(for_frame(&m, &s.session.id, &secret)).is_ok());
    assert_eq!(code_of(block_on(for_frame(&m, &s.session.id, &other_secret))), ErrorCode::InvalidClientSecret);
    assert_eq!(code_of(block_on(for_frame(&m, &other.session.id, "cs_nope_secret_x"))), ErrorCode::InvalidClientSecret);
    assert_eq!(code_of(block_on(for_frame(&m, "cs_missing", &secret))), ErrorCode::ResourceMissing);
}

/// A session read while the lease was asked for is the latest only if the lease's last holder
/// left it at that version (a session never leased, at 0): anything else (a holder that wrote
/// nothing since, a write without the lease) reads it again under the lease.
#[test]
fn a_session_read_beside_the_lease_is_used_only_at_the_version_its_last_holder_left() {
    use super::lease::leased;
    let m = memory();
    let (s, _) = session(&m, 1999);
    let id = s.session.id.clone();
    let stale = |version: u64| {
        let mut old = s.clone();
        old.version = version;
        old.session.reference = "an-older-read".into();
        Some(old)
    };
    let reference = |version: u64, wrote: bool| {
        block_on(leased(&m, &id, async |lease, _| {
            let latest = lease.latest(&m, stale(version)).await?;
            if wrote {
                lease.wrote(latest.version);
            }
            Ok(latest.session.reference)
        }))
        .unwrap()
    };
    assert_eq!(reference(1, true), "order-1", "never leased, so at version 0: a read at 1 is read again");
    assert_eq!(reference(1, false), "an-older-read", "the last holder left it at version 1: the read stands");
    assert_eq!(reference(1, false), "order-1", "told once: the holder since wrote nothing and said nothing");
    let (fresh, _) = session(&m, 1999);
    let read = block_on(leased(&m, &fresh.session.id, async |lease, _| lease.latest(&m, stale(0)).await)).unwrap();
    assert_eq!(read.session.reference, "an-older-read", "a session never leased is read once, beside its first lease");
    assert!(m.world.borrow().leases.is_empty(), "every lease was given back");
}
