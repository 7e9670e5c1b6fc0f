//! The rules of the checkout, one by one, and the attacks they stop.

use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::*;
use crate::api::ErrorCode;
use crate::risk::Action;

const NOW: u64 = 1_000_000;

fn payer(device: &str, card: &str) -> Payer {
    Payer { device: device.to_string(), card: card.to_string() }
}

fn open() -> Checkout {
    Checkout::open("cs_1|mer_1|1999|USD".into(), NOW + 3600)
}

fn limits() -> Limits {
    Limits::default()
}

/// Feeds events at `now`, returning the last transition; the state carries over.
struct Run {
    state: Checkout,
    now: u64,
    shopper: Standing,
    destination: u32,
}

impl Run {
    fn new() -> Self {
        Run { state: open(), now: NOW, shopper: Standing::default(), destination: 0 }
    }

    fn feed(&mut self, event: Event) -> Transition {
        let t = step(&self.state, event, self.now, &limits());
        for effect in &t.effects {
            match effect {
                Effect::StrikeShopper => {
                    self.shopper.failures += 1;
                    if self.shopper.failures >= limits().max_failed_codes {
                        self.shopper.blocked_until = self.now + limits().shopper_block;
                    }
                }
                Effect::ClearShopper => self.shopper = Standing::default(),
                Effect::SendCode => self.destination += 1,
                _ => {}
            }
        }
        self.state = t.next.clone();
        t
    }

    fn confirm(&mut self, who: &Payer, action: Action) -> Transition {
        let first = self.feed(Event::Confirm { payer: who.clone() });
        if first.effects != [Effect::Assess] {
            return first;
        }
        let (shopper, destination_sends) = (self.shopper, self.destination);
        self.feed(Event::Assessed { payer: who.clone(), action, passkey: false, shopper, destination_sends })
    }

    fn code(&mut self, who: &Payer, matches: bool) -> Transition {
        let shopper = self.shopper;
        self.feed(Event::CodeEntered { payer: who.clone(), matches, shopper })
    }

    fn resend(&mut self, device: &str) -> Transition {
        let (shopper, destination_sends) = (self.shopper, self.destination);
        self.feed(Event::ResendRequested { device: device.to_string(), shopper, destination_sends })
    }

    fn wait(&mut self, seconds: u64) {
        self.now += seconds;
    }
}

fn code_of(t: &Transition) -> Option<ErrorCode> {
    t.refusal().map(|r| r.code)
}

#[test]
fn an_allowed_confirm_charges_once_and_the_session_is_paid() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    let t = run.confirm(&a, Action::Allow);
    assert_eq!(t.effects, [Effect::Charge { authenticated: false }]);
    assert_eq!(t.next.phase, Phase::Processing(a.clone()));
    assert_eq!(run.feed(Event::Authorized).effects, [Effect::Learn]);
    assert_eq!(run.state.phase, Phase::Succeeded);
    assert_eq!(code_of(&run.confirm(&a, Action::Allow)), Some(ErrorCode::SessionAlreadyPaid));
}

#[test]
fn a_decline_reopens_the_session_for_another_card() {
    let mut run = Run::new();
    run.confirm(&payer("dev_a", "card_a"), Action::Allow);
    run.feed(Event::Declined);
    assert_eq!(run.state.phase, Phase::Open);
    assert_eq!(run.confirm(&payer("dev_a", "card_b"), Action::Allow).effects, [Effect::Charge { authenticated: false }]);
}

#[test]
fn a_step_up_sends_one_code_and_the_right_code_charges_the_stepped_up_card() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    let t = run.confirm(&a, Action::StepUp);
    assert_eq!(t.effects, [Effect::SendCode, Effect::Challenge]);
    assert_eq!(run.state.codes_sent, 1);
    let t = run.code(&a, true);
    assert_eq!(t.effects, [Effect::ClearShopper, Effect::Trust, Effect::Charge { authenticated: true }]);
    assert_eq!(t.next.phase, Phase::Processing(a));
}

/// Attack 1: five wrong codes, then a re-confirm from the same device used to open a fresh
/// step-up with five new tries and a new code.
#[test]
fn the_five_attempt_limit_holds_across_re_confirms_devices_and_cards() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    let answers: Vec<_> = (0..5).map(|_| run.code(&a, false)).collect();
    let codes: Vec<_> = answers.iter().map(code_of).collect();
    assert_eq!(codes[..4], [Some(ErrorCode::IncorrectCode); 4]);
    assert_eq!(codes[4], Some(ErrorCode::StepUpLocked));
    let left: Vec<_> = answers.iter().map(|t| t.refusal().and_then(|r| r.attempts_left)).collect();
    assert_eq!(left, [Some(4), Some(3), Some(2), Some(1), Some(0)]);
    // Whatever comes next, from whoever, the session is locked and nothing is sent or charged.
    for who in [a.clone(), payer("dev_b", "card_a"), payer("dev_c", "card_c")] {
        let t = run.confirm(&who, Action::StepUp);
        assert_eq!(code_of(&t), Some(ErrorCode::StepUpLocked));
        assert!(!t.has(&Effect::SendCode));
        assert_eq!(code_of(&run.confirm(&who, Action::Allow)), Some(ErrorCode::StepUpLocked), "not even an allowed confirm");
        assert_eq!(code_of(&run.code(&who, true)), Some(ErrorCode::StepUpLocked), "not even the right code");
    }
    assert_eq!(code_of(&run.resend("dev_a")), Some(ErrorCode::StepUpLocked));
    assert_eq!(run.state.codes_failed, 5);
    assert_eq!(run.state.codes_sent, 1);
}

#[test]
fn five_wrong_codes_in_a_row_across_sessions_block_the_shopper() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    for _ in 0..3 {
        run.code(&a, false);
    }
    // A new session of the same shopper: the counter carries over.
    let mut next = Run { state: open(), ..run };
    next.confirm(&a, Action::StepUp);
    assert_eq!(code_of(&next.code(&a, false)), Some(ErrorCode::IncorrectCode));
    let last = next.code(&a, false);
    assert_eq!(code_of(&last), Some(ErrorCode::ShopperBlocked));
    assert_eq!(last.refusal().unwrap().attempts_left, Some(0));
    assert!(next.shopper.blocked(next.now));
    assert_eq!(code_of(&next.code(&a, true)), Some(ErrorCode::ShopperBlocked), "the right code waits too");
    let mut third = Run { state: open(), ..next };
    let t = third.confirm(&payer("dev_z", "card_z"), Action::StepUp);
    assert_eq!(code_of(&t), Some(ErrorCode::ShopperBlocked), "and no code is sent for the shopper anywhere");
    assert!(t.refusal().unwrap().retry_after.is_some());
}

#[test]
fn a_passkey_step_up_still_works_for_a_blocked_shopper_and_clears_the_count() {
    let mut run = Run::new();
    run.shopper = Standing { failures: 5, blocked_until: NOW + 100 };
    let a = payer("dev_a", "card_a");
    run.feed(Event::Confirm { payer: a.clone() });
    let t = run.feed(Event::Assessed { payer: a.clone(), action: Action::StepUp, passkey: true, shopper: run.shopper, destination_sends: 0 });
    assert_eq!(t.effects, [Effect::OfferPasskey, Effect::Challenge]);
    let t = run.feed(Event::PasskeyVerified { payer: a });
    assert!(t.has(&Effect::ClearShopper) && t.has(&Effect::Charge { authenticated: true }));
}

/// Attack 2: eight confirms from eight fresh device keys sent eight codes within seconds.
#[test]
fn codes_are_bounded_per_session_and_spaced_whatever_the_device() {
    let mut run = Run::new();
    let mut sent = 0;
    for i in 0..8 {
        let t = run.confirm(&payer(&format!("dev_{i}"), "card_a"), Action::StepUp);
        sent += usize::from(t.has(&Effect::SendCode));
        if i > 0 {
            assert_eq!(code_of(&t), Some(ErrorCode::ResendTooSoon), "device {i}");
        }
        run.wait(1);
    }
    assert_eq!(sent, 1, "one code within the resend interval");
    for i in 0..8 {
        run.wait(limits().resend_interval);
        let t = run.confirm(&payer(&format!("dev_x{i}"), "card_a"), Action::StepUp);
        sent += usize::from(t.has(&Effect::SendCode));
    }
    assert_eq!(sent, limits().max_codes_per_session as usize);
    assert_eq!(code_of(&run.resend("dev_x2")), Some(ErrorCode::ResendLimit), "the last device stepped up asks in vain");
}

#[test]
fn a_re_confirm_while_the_code_stands_sends_nothing_new() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    let t = run.confirm(&a, Action::StepUp);
    assert_eq!(t.effects, [Effect::Challenge]);
    assert_eq!(run.state.codes_sent, 1);
}

#[test]
fn codes_to_one_destination_are_capped() {
    let mut run = Run::new();
    run.destination = limits().max_codes_per_destination;
    let t = run.confirm(&payer("dev_a", "card_a"), Action::StepUp);
    assert_eq!(code_of(&t), Some(ErrorCode::DestinationRateLimited));
    assert_eq!(t.next, open(), "nothing changed");
}

#[test]
fn resends_are_spaced_and_limited() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    let soon = run.resend("dev_a");
    assert_eq!(code_of(&soon), Some(ErrorCode::ResendTooSoon));
    assert_eq!(soon.refusal().unwrap().retry_after, Some(limits().resend_interval));
    for _ in 0..3 {
        run.wait(limits().resend_interval);
        assert_eq!(run.resend("dev_a").effects, [Effect::SendCode, Effect::Challenge]);
    }
    run.wait(limits().resend_interval);
    assert_eq!(code_of(&run.resend("dev_a")), Some(ErrorCode::ResendLimit));
    assert_eq!(code_of(&run.resend("dev_b")), Some(ErrorCode::StepUpNotStarted), "another device cannot ask for codes");
}

/// Attack 3: `/confirm` with card A steps up; `/verify` with the right code and card B.
#[test]
fn the_step_up_is_bound_to_its_card_and_device() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    let t = run.code(&payer("dev_a", "card_b"), true);
    assert_eq!(code_of(&t), Some(ErrorCode::StepUpCardMismatch));
    assert_eq!(t.next, run.state, "nothing changed, nothing charged");
    assert_eq!(code_of(&run.code(&payer("dev_b", "card_a"), true)), Some(ErrorCode::StepUpNotStarted));
    assert_eq!(code_of(&run.feed(Event::PasskeyVerified { payer: payer("dev_a", "card_b") })), Some(ErrorCode::StepUpCardMismatch));
    assert_eq!(run.state.codes_failed, 0, "a mismatch is refused, not counted as a guess");
    assert!(run.code(&a, true).has(&Effect::Charge { authenticated: true }));
}

/// Attack 4: while device A's payment is in flight, device B with the client secret and another
/// card was told A's payment succeeded.
#[test]
fn a_payment_in_flight_belongs_to_the_device_and_card_that_started_it() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::Allow);
    assert_eq!(code_of(&run.feed(Event::TimedOut)), Some(ErrorCode::ProcessorTimeout));
    for other in [payer("dev_b", "card_b"), payer("dev_b", "card_a"), payer("dev_a", "card_b")] {
        assert_eq!(code_of(&run.feed(Event::Confirm { payer: other.clone() })), Some(ErrorCode::PaymentInProgress));
        assert_eq!(code_of(&run.code(&other, true)), Some(ErrorCode::PaymentInProgress));
        assert_eq!(code_of(&run.feed(Event::PasskeyVerified { payer: other })), Some(ErrorCode::PaymentInProgress));
    }
    assert_eq!(code_of(&run.resend("dev_a")), Some(ErrorCode::PaymentInProgress));
    // The owner's retry resumes it, from /confirm or /verify alike, even after the session's time.
    run.wait(7200);
    assert_eq!(run.feed(Event::Confirm { payer: a.clone() }).effects, [Effect::Resume]);
    assert_eq!(run.code(&a, false).effects, [Effect::Resume], "a retried verify resumes without counting a code");
}

#[test]
fn a_changed_amount_voids_the_code_and_a_new_one_names_the_new_binding() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    run.feed(Event::Updated { binding: "cs_1|mer_1|99900|USD".into() });
    assert_eq!(code_of(&run.code(&a, true)), Some(ErrorCode::StepUpVoid));
    run.wait(limits().resend_interval);
    run.resend("dev_a");
    assert_eq!(run.state.step_up().unwrap().code.as_ref().unwrap().binding, "cs_1|mer_1|99900|USD");
    assert!(run.code(&a, true).has(&Effect::Charge { authenticated: true }));
}

#[test]
fn codes_expire() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    run.wait(limits().code_ttl);
    assert_eq!(code_of(&run.code(&a, true)), Some(ErrorCode::CodeExpired));
    assert_eq!(run.state.codes_failed, 0);
}

#[test]
fn refusals_of_the_rules_and_of_the_clock() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    assert_eq!(code_of(&run.confirm(&a, Action::Deny)), Some(ErrorCode::PaymentRefused));
    assert_eq!(run.state, open());
    assert_eq!(code_of(&run.code(&a, true)), Some(ErrorCode::StepUpNotStarted));
    run.wait(3600);
    assert_eq!(code_of(&run.feed(Event::Confirm { payer: a.clone() })), Some(ErrorCode::SessionExpired));
    assert_eq!(run.state.status_at(run.now), crate::api::SessionStatus::Expired);
    run.feed(Event::Expire);
    assert_eq!(run.state.phase, Phase::Expired);
}

#[test]
fn canceling_and_updating_follow_the_phase() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::Allow);
    assert_eq!(code_of(&run.feed(Event::Cancel)), Some(ErrorCode::PaymentInProgress));
    assert_eq!(code_of(&run.feed(Event::Updated { binding: String::from("x") })), Some(ErrorCode::SessionNotOpen));
    run.feed(Event::Declined);
    assert!(run.feed(Event::Cancel).effects.is_empty());
    assert_eq!(run.state.phase, Phase::Canceled);
    assert_eq!(code_of(&run.confirm(&a, Action::Allow)), Some(ErrorCode::SessionCanceled));
}

#[test]
fn a_locked_session_stays_locked_after_the_shopper_passes_a_step_up_elsewhere() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    run.confirm(&a, Action::StepUp);
    for _ in 0..5 {
        run.code(&a, false);
    }
    // The shopper passes a passkey step-up in another session: their count in a row is cleared.
    run.shopper = Standing::default();
    assert_eq!(code_of(&run.code(&a, false)), Some(ErrorCode::StepUpLocked));
    assert_eq!(code_of(&run.code(&a, true)), Some(ErrorCode::StepUpLocked));
    assert_eq!(run.state.codes_failed, 5, "the sixth code was never weighed");
}

#[test]
fn an_account_passkey_pays_at_once_but_not_past_the_lock_or_another_payers_payment() {
    let mut run = Run::new();
    let a = payer("dev_a", "card_a");
    let t = run.feed(Event::AccountAuthenticated { payer: a.clone() });
    assert!(t.has(&Effect::Charge { authenticated: true }) && t.has(&Effect::Trust), "{:?}", t.effects);
    // Another payer's payment is in flight: nothing to add to it.
    let t = run.feed(Event::AccountAuthenticated { payer: payer("dev_b", "card_b") });
    assert_eq!(code_of(&t), Some(ErrorCode::PaymentInProgress));

    // Five wrong codes lock the payment for every way in, the account's passkey included.
    let mut locked = Run::new();
    locked.confirm(&a, Action::StepUp);
    for _ in 0..5 {
        locked.code(&a, false);
        locked.wait(1);
    }
    let t = locked.feed(Event::AccountAuthenticated { payer: payer("dev_c", "card_c") });
    assert_eq!(code_of(&t), Some(ErrorCode::StepUpLocked));
}
