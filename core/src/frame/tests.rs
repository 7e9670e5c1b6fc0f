//! The frame's screens, one rule at a time, and random sequences of clicks and replies.

use std::string::{String, ToString};
use std::vec::Vec;
use std::vec;

use proptest::prelude::*;

use super::*;
use crate::api::ErrorCode;

/// Feeds events, keeping the state and every effect asked for.
struct Run {
    frame: Frame,
    effects: Vec<Effect>,
}

impl Run {
    fn new(accounts: bool, passkeys: bool) -> Self {
        Self { frame: Frame::new(accounts, passkeys), effects: Vec::new() }
    }

    /// A guest frame where passkeys work, started on an open session.
    fn started() -> Self {
        let mut run = Self::new(false, true);
        run.feed(Event::Started(Start::default()));
        run
    }

    fn feed(&mut self, event: Event) -> Vec<Effect> {
        let (next, effects) = step(self.frame.clone(), event);
        self.frame = next;
        self.effects.extend(effects.iter().cloned());
        effects
    }
}

fn pay() -> Event {
    Event::Submit { card_complete: true, code: String::new() }
}

fn code(digits: &str) -> Event {
    Event::Submit { card_complete: true, code: digits.to_string() }
}

fn paid(id: &str) -> Event {
    Event::Answered(Answer::Succeeded { payment_id: id.to_string() })
}

fn refused(code: ErrorCode) -> Event {
    Event::Answered(Answer::Refused { code: Some(code), message: String::new(), attempts_left: None })
}

fn step_up(passkey: bool) -> Event {
    Event::Answered(Answer::StepUp { destination: "+1 ••• 42".into(), passkey })
}

fn complete(id: &str) -> Effect {
    Effect::Tell(HostEvent::Complete { payment_id: id.to_string() })
}

fn card(id: &str) -> SavedCard {
    SavedCard { id: id.to_string(), brand: "visa".into(), last4: "4242".into() }
}

#[test]
fn starts_ready_to_take_a_card_and_tells_the_host() {
    let mut run = Run::new(false, true);
    assert!(view(&run.frame, Inputs { card_complete: true, code_digits: 0 }).pay_disabled, "no Pay before the checkout is read");
    assert_eq!(run.feed(Event::Started(Start::default())), vec![Effect::Tell(HostEvent::Ready)]);
    assert_eq!(run.frame.stage, Stage::Card);
    let shown = view(&run.frame, Inputs { card_complete: true, code_digits: 0 });
    assert!(!shown.pay_disabled);
    assert_eq!(shown.pay_label, PayLabel::Pay);
    assert!(view(&run.frame, Inputs::default()).pay_disabled, "an incomplete card cannot be paid");
}

#[test]
fn a_closed_session_says_why_at_once_and_takes_no_card() {
    let mut run = Run::new(false, true);
    run.feed(Event::Started(Start { closed: Some(ErrorCode::SessionExpired), ..Start::default() }));
    assert_eq!(run.frame.stage, Stage::Ended);
    assert_eq!(run.frame.status, Status::Error { code: Some(ErrorCode::SessionExpired), message: String::new() });
    assert!(run.feed(pay()).is_empty());
    let shown = view(&run.frame, Inputs { card_complete: true, code_digits: 0 });
    assert!(shown.pay_disabled && shown.fields_read_only);
}

#[test]
fn a_failed_start_tells_the_host_and_ends() {
    let mut run = Run::new(false, true);
    let effects = run.feed(Event::StartFailed { code: ErrorCode::DeviceKeyUnavailable, message: String::new() });
    assert_eq!(effects, vec![Effect::Tell(HostEvent::Error { code: ErrorCode::DeviceKeyUnavailable, declined: None })]);
    assert!(run.feed(Event::Started(Start::default())).is_empty(), "a late start does not reopen it");
    assert_eq!(run.frame.stage, Stage::Ended);
}

#[test]
fn an_incomplete_card_moves_the_focus_instead_of_confirming() {
    let mut run = Run::started();
    assert_eq!(run.feed(Event::Submit { card_complete: false, code: String::new() }), vec![Effect::Focus(Focus::FirstInvalid)]);
    assert_eq!(run.frame.task, None);
}

#[test]
fn one_confirm_at_a_time_whatever_the_shopper_clicks() {
    let mut run = Run::started();
    assert_eq!(run.feed(pay()), vec![Effect::Confirm]);
    for event in [pay(), pay(), Event::AccountClicked, Event::ResendClicked] {
        assert!(run.feed(event).is_empty());
    }
    let shown = view(&run.frame, Inputs { card_complete: true, code_digits: 0 });
    assert!(shown.pay_disabled && shown.pay_busy && shown.fields_read_only);
    assert_eq!(shown.pay_label, PayLabel::Processing);
    assert_eq!(run.feed(paid("pay_1")), vec![complete("pay_1")]);
    assert_eq!(run.frame.stage, Stage::Paid { with_saved_card: false });
    assert_eq!(run.frame.status, Status::Paid);
}

#[test]
fn a_reply_nobody_asked_for_changes_nothing() {
    let mut run = Run::started();
    let before = run.frame.clone();
    for event in [paid("pay_x"), step_up(true), Event::PasskeyPrompted { asserted: true }, Event::PasskeyAdded { saved: true }, Event::SaveOfferEnded { delivered: true }, Event::SignInEnded(None), Event::ConsentStored { stored: true }] {
        assert!(run.feed(event).is_empty());
        assert_eq!(run.frame, before);
    }
}

#[test]
fn a_decline_lets_the_shopper_try_another_card() {
    let mut run = Run::started();
    run.feed(pay());
    let effects = run.feed(Event::Answered(Answer::Declined { message: "Declined".into(), decline_code: "insufficient_funds".into(), payment_id: "pay_1".into() }));
    assert_eq!(effects, vec![Effect::Tell(HostEvent::Error { code: ErrorCode::CardDeclined, declined: Some(("insufficient_funds".into(), "pay_1".into())) }), Effect::Focus(Focus::Number)]);
    assert_eq!(run.frame.stage, Stage::Card);
    assert!(run.frame.status.is_error());
    assert_eq!(run.feed(pay()), vec![Effect::Confirm], "another card may be tried");
    assert_eq!(run.frame.status, Status::None, "a new attempt clears the line");
}

#[test]
fn a_passkey_step_up_prompts_and_a_cancelled_prompt_falls_back_to_a_code() {
    let mut run = Run::started();
    run.feed(pay());
    assert_eq!(run.feed(step_up(true)), vec![Effect::PromptPasskey]);
    assert_eq!(run.frame.task, Some(Task::Passkey));
    assert_eq!(run.feed(Event::PasskeyPrompted { asserted: false }), vec![Effect::Resend]);
    // The resend's answer is the code's step-up, even if it says a passkey would do.
    assert_eq!(run.feed(step_up(true)), vec![Effect::ClearCode, Effect::Focus(Focus::Code)]);
    assert!(matches!(run.frame.stage, Stage::StepUp { .. }));
    let shown = view(&run.frame, Inputs { card_complete: true, code_digits: 3 });
    assert!(shown.step_up && shown.fields_read_only && shown.pay_disabled && !shown.account_pay);
    assert_eq!(shown.pay_label, PayLabel::SubmitCode);
    assert!(!view(&run.frame, Inputs { card_complete: true, code_digits: 6 }).pay_disabled);
}

#[test]
fn an_asserted_passkey_pays_without_offering_another() {
    let mut run = Run::started();
    run.feed(pay());
    run.feed(step_up(true));
    assert_eq!(run.feed(Event::PasskeyPrompted { asserted: true }), vec![Effect::VerifyPasskey]);
    assert_eq!(run.feed(paid("pay_1")), vec![complete("pay_1")]);
}

#[test]
fn wrong_codes_are_said_beside_the_code_and_a_right_one_offers_a_passkey() {
    let mut run = Run::started();
    run.feed(pay());
    run.feed(step_up(false));
    assert!(run.feed(code("12345")).is_empty(), "five digits are not a code");
    assert!(run.feed(code("12345a")).is_empty());
    assert_eq!(run.feed(code("123456")), vec![Effect::VerifyCode("123456".into())]);
    let effects = run.feed(Event::Answered(Answer::Refused { code: Some(ErrorCode::IncorrectCode), message: String::new(), attempts_left: Some(2) }));
    assert!(effects.is_empty(), "the host hears nothing of a wrong code");
    assert_eq!(run.frame.code_error, Some((Status::Error { code: Some(ErrorCode::IncorrectCode), message: String::new() }, Some(2))));
    assert!(matches!(run.frame.stage, Stage::StepUp { .. }));
    assert_eq!(run.feed(Event::ResendClicked), vec![Effect::Resend]);
    assert_eq!(run.frame.code_error, None);
    run.feed(step_up(false));
    run.feed(code("654321"));
    assert!(run.feed(paid("pay_1")).is_empty(), "the host waits for the shopper's decision");
    assert_eq!(run.frame.stage, Stage::Offer { payment_id: "pay_1".into(), kind: OfferKind::Passkey });
    assert!(view(&run.frame, Inputs::default()).passkey_offer);
    assert_eq!(run.feed(Event::PasskeyAccepted), vec![Effect::AddPasskey]);
    assert!(run.feed(Event::OfferSkipped).is_empty(), "no skip while the passkey is made");
    assert_eq!(run.feed(Event::PasskeyAdded { saved: true }), vec![complete("pay_1")]);
    assert_eq!(run.frame.status, Status::PasskeySaved);
    assert_eq!(run.effects.iter().filter(|e| matches!(e, Effect::Tell(HostEvent::Complete { .. }))).count(), 1);
}

#[test]
fn a_locked_step_up_ends_the_payment() {
    let mut run = Run::started();
    run.feed(pay());
    run.feed(step_up(false));
    run.feed(code("111111"));
    assert_eq!(run.feed(refused(ErrorCode::StepUpLocked)), vec![Effect::Tell(HostEvent::Error { code: ErrorCode::StepUpLocked, declined: None })]);
    assert_eq!(run.frame.stage, Stage::Ended);
    assert!(run.feed(code("222222")).is_empty());
    assert!(run.feed(Event::ResendClicked).is_empty());
}

#[test]
fn a_code_the_frame_does_not_know_is_the_edge_failing() {
    let mut run = Run::started();
    run.feed(pay());
    let effects = run.feed(Event::Answered(Answer::Refused { code: None, message: "Try later".into(), attempts_left: None }));
    assert_eq!(effects, vec![Effect::Tell(HostEvent::Error { code: ErrorCode::InternalError, declined: None })]);
    assert_eq!(run.frame.status, Status::Error { code: Some(ErrorCode::InternalError), message: "Try later".into() });
}

#[test]
fn an_unreachable_edge_is_said_and_pay_works_again() {
    let mut run = Run::started();
    run.feed(pay());
    assert_eq!(run.feed(Event::Answered(Answer::Unreachable)), vec![Effect::Tell(HostEvent::Error { code: ErrorCode::NetworkError, declined: None })]);
    assert_eq!(run.frame.status, Status::Unavailable);
    assert_eq!(run.feed(pay()), vec![Effect::Confirm]);
}

#[test]
fn a_guest_where_accounts_are_offered_may_save_the_card_or_skip() {
    let mut run = Run::new(true, true);
    run.feed(Event::Started(Start::default()));
    run.feed(pay());
    assert!(run.feed(paid("pay_1")).is_empty());
    assert!(view(&run.frame, Inputs::default()).save_offer);
    assert_eq!(run.feed(Event::SaveClicked { opened: true }), vec![Effect::FetchSaveOffer]);
    assert_eq!(run.feed(Event::SaveOfferEnded { delivered: true }), vec![complete("pay_1")]);
    assert_eq!(run.frame.status, Status::SaveOpened);

    let mut blocked = Run::new(true, true);
    blocked.feed(Event::Started(Start::default()));
    blocked.feed(pay());
    blocked.feed(paid("pay_2"));
    assert_eq!(blocked.feed(Event::SaveClicked { opened: false }), vec![complete("pay_2")], "a blocked window still completes the payment");
}

#[test]
fn without_passkeys_nothing_is_offered() {
    let mut run = Run::new(true, false);
    run.feed(Event::Started(Start::default()));
    assert!(!view(&run.frame, Inputs::default()).account_pay);
    assert!(run.feed(Event::AccountClicked).is_empty());
    run.feed(pay());
    assert_eq!(run.feed(paid("pay_1")), vec![complete("pay_1")]);
}

#[test]
fn an_account_pays_with_the_card_chosen_and_only_one_of_its_own() {
    let mut run = Run::new(true, true);
    run.feed(Event::Started(Start::default()));
    assert!(view(&run.frame, Inputs::default()).account_pay);
    assert_eq!(run.feed(Event::AccountClicked), vec![Effect::SignIn]);
    let signed = SignedIn { email_masked: "a•••@example.com".into(), cards: vec![card("card_1"), card("card_2")], within_limit: true };
    assert_eq!(run.feed(Event::SignInEnded(Some(Ok(signed)))), vec![Effect::Focus(Focus::FirstSavedCard)]);
    let shown = view(&run.frame, Inputs::default());
    assert!(shown.account && !shown.card_fields && !shown.pay_disabled);
    run.feed(Event::CardChosen("card_9".into()));
    run.feed(Event::CardChosen("card_2".into()));
    assert_eq!(run.feed(pay()), vec![Effect::PaySaved("card_2".into())]);
    assert_eq!(run.feed(paid("pay_1")), vec![complete("pay_1")], "a saved card is not offered to be saved again");
    let shown = view(&run.frame, Inputs::default());
    assert!(!shown.card_fields && !shown.account, "paid with a saved card: neither the empty card form nor the account's cards");
}

#[test]
fn an_account_over_its_limit_offers_no_card_and_the_shopper_can_go_back() {
    let mut run = Run::new(true, true);
    run.feed(Event::Started(Start::default()));
    run.feed(Event::AccountClicked);
    run.feed(Event::SignInEnded(Some(Ok(SignedIn { email_masked: "a".into(), cards: vec![card("card_1")], within_limit: false }))));
    let Stage::Account { cards, selected, note, .. } = &run.frame.stage else { panic!("not in the account") };
    assert!(cards.is_empty() && selected.is_none());
    assert_eq!(*note, Some(AccountNote::OverLimit));
    assert!(view(&run.frame, Inputs::default()).pay_disabled);
    assert!(run.feed(pay()).is_empty());
    assert_eq!(run.feed(Event::OtherCardClicked), vec![Effect::Focus(Focus::Number)]);
    assert_eq!(run.frame.stage, Stage::Card);
}

#[test]
fn a_cancelled_sign_in_leaves_the_form() {
    let mut run = Run::new(true, true);
    run.feed(Event::Started(Start::default()));
    run.feed(Event::AccountClicked);
    assert!(run.feed(Event::SignInEnded(None)).is_empty());
    assert_eq!(run.frame.stage, Stage::Card);
    assert_eq!(run.frame.task, None);
}

#[test]
fn a_refused_saved_card_payment_that_ends_the_session_ends_it() {
    let mut run = Run::new(true, true);
    run.feed(Event::Started(Start::default()));
    run.feed(Event::AccountClicked);
    run.feed(Event::SignInEnded(Some(Ok(SignedIn { email_masked: "a".into(), cards: vec![card("card_1")], within_limit: true }))));
    run.feed(pay());
    run.feed(refused(ErrorCode::SessionExpired));
    assert_eq!(run.frame.stage, Stage::Ended);
}

#[test]
fn consent_is_asked_stored_and_never_blocks_pay() {
    let mut run = Run::new(false, true);
    run.feed(Event::Started(Start { consent_region: true, ask_consent: true, ..Start::default() }));
    let shown = view(&run.frame, Inputs { card_complete: true, code_digits: 0 });
    assert!(shown.consent && !shown.privacy_choices && !shown.pay_disabled);
    assert_eq!(run.feed(Event::ConsentChosen(ConsentChoice::Refused)), vec![Effect::SendConsent(ConsentChoice::Refused)]);
    assert!(run.feed(Event::ConsentChosen(ConsentChoice::Granted)).is_empty(), "one choice at a time");
    assert_eq!(run.feed(pay()), vec![Effect::Confirm], "Pay works while the choice is stored");
    run.feed(Event::ConsentStored { stored: true });
    let shown = view(&run.frame, Inputs::default());
    assert!(!shown.consent && shown.privacy_choices);
    run.feed(Event::PrivacyChoicesClicked);
    assert!(view(&run.frame, Inputs::default()).consent, "the choice can be changed");
}

fn any_event() -> impl Strategy<Value = Event> {
    let answer = prop_oneof![
        Just(Answer::Succeeded { payment_id: "pay_1".into() }),
        Just(Answer::Declined { message: "no".into(), decline_code: "generic".into(), payment_id: "pay_1".into() }),
        any::<bool>().prop_map(|passkey| Answer::StepUp { destination: "d".into(), passkey }),
        prop::sample::select(vec![ErrorCode::IncorrectCode, ErrorCode::StepUpLocked, ErrorCode::SessionExpired, ErrorCode::InvalidBase64, ErrorCode::ProcessorTimeout])
            .prop_map(|code| Answer::Refused { code: Some(code), message: String::new(), attempts_left: Some(1) }),
        Just(Answer::Unreachable),
    ];
    prop_oneof![
        Just(Event::Started(Start::default())),
        any::<bool>().prop_map(|card_complete| Event::Submit { card_complete, code: "123456".into() }),
        Just(Event::ResendClicked),
        answer.prop_map(Event::Answered),
        any::<bool>().prop_map(|asserted| Event::PasskeyPrompted { asserted }),
        Just(Event::AccountClicked),
        Just(Event::SignInEnded(Some(Ok(SignedIn { email_masked: "a".into(), cards: vec![card("card_1")], within_limit: true })))),
        Just(Event::OtherCardClicked),
        Just(Event::PasskeyAccepted),
        any::<bool>().prop_map(|saved| Event::PasskeyAdded { saved }),
        Just(Event::OfferSkipped),
        any::<bool>().prop_map(|opened| Event::SaveClicked { opened }),
        any::<bool>().prop_map(|delivered| Event::SaveOfferEnded { delivered }),
    ]
}

fn is_request(effect: &Effect) -> bool {
    matches!(effect, Effect::Confirm | Effect::VerifyCode(_) | Effect::PromptPasskey | Effect::VerifyPasskey | Effect::Resend | Effect::SignIn | Effect::PaySaved(_) | Effect::AddPasskey | Effect::FetchSaveOffer)
}

proptest! {
    /// Whatever the shopper clicks and the edge answers: a request starts only when none is in
    /// flight, the host hears `complete` at most once and nothing after it, and a finished frame
    /// never shows an enabled Pay button.
    #[test]
    fn one_request_at_a_time_and_one_completion(accounts: bool, passkeys: bool, events in prop::collection::vec(any_event(), 0..40)) {
        let mut run = Run::new(accounts, passkeys);
        let mut completes = 0;
        for event in events {
            let idle = run.frame.task.is_none();
            let effects = run.feed(event);
            let requests = effects.iter().filter(|e| is_request(e)).count();
            prop_assert!(requests <= 1);
            // The passkey prompt's end hands over to its verify or a resend: still one request.
            prop_assert!(requests == 0 || idle || matches!(run.frame.task, Some(Task::Passkey | Task::Resend)));
            if requests == 1 {
                prop_assert!(run.frame.task.is_some());
            }
            if completes > 0 {
                prop_assert!(effects.iter().all(|e| !matches!(e, Effect::Tell(_))), "nothing after complete: {:?}", effects);
            }
            completes += effects.iter().filter(|e| matches!(e, Effect::Tell(HostEvent::Complete { .. }))).count();
            prop_assert!(completes <= 1);
            if run.frame.finished() {
                let shown = view(&run.frame, Inputs { card_complete: true, code_digits: 6 });
                prop_assert!(shown.pay_disabled);
            }
        }
    }
}

#[test]
fn an_expired_code_is_said_beside_the_code_and_the_step_up_stays() {
    let mut run = Run::started();
    run.feed(pay());
    run.feed(step_up(false));
    run.feed(code("123456"));
    assert!(run.feed(refused(ErrorCode::CodeExpired)).is_empty());
    assert!(matches!(run.frame.stage, Stage::StepUp { .. }));
    assert_eq!(run.frame.code_error, Some((Status::Error { code: Some(ErrorCode::CodeExpired), message: String::new() }, None)));
    assert_eq!(run.feed(Event::ResendClicked), vec![Effect::Resend]);
}
