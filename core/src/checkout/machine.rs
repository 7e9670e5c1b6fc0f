//! The transition function. Each event first passes the [`gate`] (paid, canceled, expired,
//! locked, or in flight for someone else), then its own rules. A refused event leaves the state
//! as it was, except that a wrong code is counted.

use crate::prelude::*;

use super::effect::{Effect, Refusal, Transition};
use super::event::{Event, Standing};
use super::limits::Limits;
use super::state::{Checkout, CodeSent, Payer, Phase, StepUp};
use crate::api::ErrorCode;
use crate::risk::Action;

/// The next state of `checkout` after `event` at `now`, and what to do.
pub fn step(checkout: &Checkout, event: Event, now: u64, limits: &Limits) -> Transition {
    let mut next = checkout.clone();
    let effects = apply(&mut next, event, now, limits);
    Transition { next, effects }
}

fn refuse(refusal: impl Into<Refusal>) -> Vec<Effect> {
    vec![Effect::Refuse(refusal.into())]
}

/// What the session allows a device (and, for payments, a card) to do before the event's own
/// rules apply.
enum Gate {
    /// Go on with the event's rules.
    Pass,
    /// The payer's own payment is in flight: ask the processor again, whatever was asked.
    Resume,
    /// Refused.
    Refuse(ErrorCode),
}

fn gate(c: &Checkout, payer: Option<&Payer>, now: u64, limits: &Limits) -> Gate {
    match &c.phase {
        Phase::Succeeded => Gate::Refuse(ErrorCode::SessionAlreadyPaid),
        Phase::Canceled => Gate::Refuse(ErrorCode::SessionCanceled),
        Phase::Expired => Gate::Refuse(ErrorCode::SessionExpired),
        // Before the clock: a payment in flight may resolve after the session's time ran out.
        Phase::Processing(owner) if Some(owner) == payer => Gate::Resume,
        Phase::Processing(_) => Gate::Refuse(ErrorCode::PaymentInProgress),
        Phase::Open | Phase::RequiresAction(_) if now >= c.expires_at => Gate::Refuse(ErrorCode::SessionExpired),
        // PSD2 RTS Art. 4(3)(b): after five failed codes the payer is blocked for this payment,
        // whatever device, card or endpoint comes next.
        Phase::Open | Phase::RequiresAction(_) if c.codes_failed >= limits.max_failed_codes => Gate::Refuse(ErrorCode::StepUpLocked),
        Phase::Open | Phase::RequiresAction(_) => Gate::Pass,
    }
}

/// Runs the gate; `Err` holds the effects that end the event there.
fn pass(c: &Checkout, payer: Option<&Payer>, now: u64, limits: &Limits) -> Result<(), Vec<Effect>> {
    match gate(c, payer, now, limits) {
        Gate::Pass => Ok(()),
        Gate::Resume => Err(vec![Effect::Resume]),
        Gate::Refuse(code) => Err(refuse(code)),
    }
}

fn apply(c: &mut Checkout, event: Event, now: u64, limits: &Limits) -> Vec<Effect> {
    match event {
        Event::Confirm { payer } => match pass(c, Some(&payer), now, limits) {
            Ok(()) => vec![Effect::Assess],
            Err(effects) => effects,
        },
        Event::Assessed { payer, action, passkey, shopper, destination_sends } => {
            if let Err(effects) = pass(c, Some(&payer), now, limits) {
                return effects;
            }
            match action {
                Action::Deny => refuse(ErrorCode::PaymentRefused),
                Action::Allow => {
                    c.phase = Phase::Processing(payer);
                    vec![Effect::Charge { authenticated: false }]
                }
                Action::StepUp => step_up(c, payer, passkey, shopper, destination_sends, now, limits),
            }
        }
        Event::CodeEntered { payer, matches, shopper } => {
            if let Err(effects) = pass(c, Some(&payer), now, limits) {
                return effects;
            }
            code_entered(c, payer, matches, shopper, now, limits)
        }
        Event::PasskeyVerified { payer } => {
            if let Err(effects) = pass(c, Some(&payer), now, limits) {
                return effects;
            }
            match bound_step_up(c, &payer) {
                Err(code) => refuse(code),
                Ok(step_up) if !step_up.passkey => refuse(ErrorCode::StepUpNotStarted),
                Ok(_) => authenticated(c, payer),
            }
        }
        Event::AccountAuthenticated { payer } => match pass(c, Some(&payer), now, limits) {
            // The assertion is the strong authentication a step-up would ask for, bound to this
            // amount and payee: a step-up in progress for another payer is superseded.
            Ok(()) => authenticated(c, payer),
            Err(effects) => effects,
        },
        Event::ResendRequested { device, shopper, destination_sends } => {
            // A resend carries no card, so it can never resume a payment.
            if let Err(effects) = pass(c, None, now, limits) {
                return effects;
            }
            resend(c, &device, shopper, destination_sends, now, limits)
        }
        Event::Authorized => match c.phase {
            Phase::Processing(_) => {
                c.phase = Phase::Succeeded;
                vec![Effect::Learn]
            }
            _ => Vec::new(),
        },
        Event::Declined => {
            if let Phase::Processing(_) = c.phase {
                c.phase = Phase::Open;
            }
            Vec::new()
        }
        Event::TimedOut => match c.phase {
            Phase::Processing(_) => refuse(ErrorCode::ProcessorTimeout),
            _ => Vec::new(),
        },
        Event::Updated { binding } => match c.phase {
            Phase::Open | Phase::RequiresAction(_) if now < c.expires_at => {
                // A code sent before keeps the old binding, so it no longer approves anything.
                c.binding = binding;
                Vec::new()
            }
            _ => refuse(ErrorCode::SessionNotOpen),
        },
        Event::Cancel => match c.phase {
            Phase::Open | Phase::RequiresAction(_) | Phase::Expired => {
                c.phase = Phase::Canceled;
                Vec::new()
            }
            Phase::Processing(_) => refuse(ErrorCode::PaymentInProgress),
            Phase::Succeeded => refuse(ErrorCode::SessionAlreadyPaid),
            Phase::Canceled => refuse(ErrorCode::SessionCanceled),
        },
        Event::Expire => {
            if matches!(c.phase, Phase::Open | Phase::RequiresAction(_)) && now >= c.expires_at {
                c.phase = Phase::Expired;
            }
            Vec::new()
        }
    }
}

/// The risk rules asked for a step-up of `payer`.
fn step_up(c: &mut Checkout, payer: Payer, passkey: bool, shopper: Standing, destination_sends: u32, now: u64, limits: &Limits) -> Vec<Effect> {
    // The same device and card asking again while their code still stands: nothing new is sent.
    if let Some(current) = c.step_up()
        && current.payer == payer
        && current.code.as_ref().is_some_and(|code| code.binding == c.binding && now < code.expires_at)
    {
        return vec![Effect::Challenge];
    }
    if passkey {
        c.phase = Phase::RequiresAction(StepUp { payer, passkey: true, code: None });
        return vec![Effect::OfferPasskey, Effect::Challenge];
    }
    if let Some(refusal) = send_refusal(c, shopper, destination_sends, now, limits) {
        return refuse(refusal);
    }
    let code = send(c, now, limits);
    c.phase = Phase::RequiresAction(StepUp { payer, passkey: false, code: Some(code) });
    vec![Effect::SendCode, Effect::Challenge]
}

/// Why no code may be sent now, if so: the shopper is blocked, the session has sent all it may
/// or too recently, or the destination has had its share.
fn send_refusal(c: &Checkout, shopper: Standing, destination_sends: u32, now: u64, limits: &Limits) -> Option<Refusal> {
    if shopper.blocked(now) {
        return Some(Refusal { retry_after: Some(shopper.blocked_until - now), ..ErrorCode::ShopperBlocked.into() });
    }
    if c.codes_sent >= limits.max_codes_per_session {
        return Some(ErrorCode::ResendLimit.into());
    }
    let ready_at = c.last_code_at + limits.resend_interval;
    if c.codes_sent > 0 && now < ready_at {
        return Some(Refusal { retry_after: Some(ready_at - now), ..ErrorCode::ResendTooSoon.into() });
    }
    if destination_sends >= limits.max_codes_per_destination {
        return Some(Refusal { retry_after: Some(limits.destination_window), ..ErrorCode::DestinationRateLimited.into() });
    }
    None
}

/// Counts a code as sent now and describes it.
fn send(c: &mut Checkout, now: u64, limits: &Limits) -> CodeSent {
    c.codes_sent += 1;
    c.last_code_at = now;
    CodeSent { binding: c.binding.clone(), sent_at: now, expires_at: now + limits.code_ttl }
}

/// The step-up `payer` may finish: there must be one, for this device and this card.
fn bound_step_up<'a>(c: &'a Checkout, payer: &Payer) -> Result<&'a StepUp, ErrorCode> {
    let step_up = c.step_up().filter(|s| s.payer.device == payer.device).ok_or(ErrorCode::StepUpNotStarted)?;
    if step_up.payer.card != payer.card {
        return Err(ErrorCode::StepUpCardMismatch);
    }
    Ok(step_up)
}

fn code_entered(c: &mut Checkout, payer: Payer, matches: bool, shopper: Standing, now: u64, limits: &Limits) -> Vec<Effect> {
    let step_up = match bound_step_up(c, &payer) {
        Ok(step_up) => step_up,
        Err(code) => return refuse(code),
    };
    let Some(code) = &step_up.code else { return refuse(ErrorCode::StepUpNotStarted) };
    if shopper.blocked(now) {
        return refuse(Refusal { retry_after: Some(shopper.blocked_until - now), ..ErrorCode::ShopperBlocked.into() });
    }
    // PSD2 dynamic linking: the code approves the amount and payee it was sent for, nothing else.
    if code.binding != c.binding {
        return refuse(ErrorCode::StepUpVoid);
    }
    if now >= code.expires_at {
        return refuse(ErrorCode::CodeExpired);
    }
    if !matches {
        c.codes_failed += 1;
        let session_left = limits.max_failed_codes.saturating_sub(c.codes_failed);
        let shopper_left = limits.max_failed_codes.saturating_sub(shopper.failures + 1);
        let code = match (session_left, shopper_left) {
            (0, _) => ErrorCode::StepUpLocked,
            (_, 0) => ErrorCode::ShopperBlocked,
            _ => ErrorCode::IncorrectCode,
        };
        return vec![Effect::StrikeShopper, Effect::Refuse(Refusal { code, attempts_left: Some(session_left.min(shopper_left)), retry_after: None })];
    }
    authenticated(c, payer)
}

/// The stepped-up payer proved it is the shopper: trust the device and charge its card.
fn authenticated(c: &mut Checkout, payer: Payer) -> Vec<Effect> {
    c.phase = Phase::Processing(payer);
    vec![Effect::ClearShopper, Effect::Trust, Effect::Charge { authenticated: true }]
}

fn resend(c: &mut Checkout, device: &str, shopper: Standing, destination_sends: u32, now: u64, limits: &Limits) -> Vec<Effect> {
    let Some(step_up) = c.step_up().filter(|s| s.payer.device == device) else { return refuse(ErrorCode::StepUpNotStarted) };
    let (payer, passkey) = (step_up.payer.clone(), step_up.passkey);
    if let Some(refusal) = send_refusal(c, shopper, destination_sends, now, limits) {
        return refuse(refusal);
    }
    let code = send(c, now, limits);
    // A passkey step-up gains a code when the shopper asks for one; either may finish it.
    c.phase = Phase::RequiresAction(StepUp { payer, passkey, code: Some(code) });
    vec![Effect::SendCode, Effect::Challenge]
}
