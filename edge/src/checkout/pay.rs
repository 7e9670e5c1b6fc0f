//! The card frame's requests, as the checkout machine sees them: confirm, verify (a code or a
//! passkey), resend. Each holds the session's lease, reads the session afresh, feeds the machine
//! one event (a confirm two: the confirm, then the risk decision it asked for) and performs what
//! the transition says, writing it with a compare-and-swap so no two requests both move it.

use tessera_core::api::ErrorCode;
use tessera_core::checkout::{step, Checkout, Effect, Event, Refusal, Standing, Transition};
use tessera_core::risk::{Action, Rules};

use super::charge;
use super::lease::{leased, leased_beside, Lease};
use super::model::{PayRequest, Proof, Stored};
use super::ports::{Commit, Counters, History, Passkeys, Ports, Sessions, StepUpWrite};
use super::risk::{self, Assessment, Confirmation};
use super::step_up;
use super::Reply;
use crate::error::{ApiError, ApiResult};

/// `POST /v1/checkout_sessions/{id}/confirm`.
#[cfg(test)]
pub async fn confirm(p: &impl Ports, req: &PayRequest) -> ApiResult<Reply> {
    confirm_under(p, req, risk::rules_of_session(p, &req.session_id).await?).await
}

/// [`confirm`] under the merchant's `rules`, read by the caller beside its own checks.
pub async fn confirm_under(p: &impl Ports, req: &PayRequest, rules: Rules) -> ApiResult<Reply> {
    let payer = charge::payer(p, req)?;
    let confirmation = Confirmation { device: &req.device, card: &payer.card, fingerprint: req.fingerprint.as_ref(), origin: &req.origin };
    // Each storage wait is one a shopper sees after Pay: what does not depend on the session's
    // latest state (the device, the shopper's countries, the velocity hits) is read while the
    // lease is asked for, beside the session itself.
    leased_beside(p, &req.session_id, risk::look(p, &req.parties, rules, &confirmation), async |lease, read, seen| {
        let stored = lease.latest(p, read).await?;
        let limits = &p.settings().limits;
        let event = Event::Confirm { payer: payer.clone() };
        let t = step(&stored.checkout, event.clone(), p.now(), limits);
        if t.effects != [Effect::Assess] {
            return perform(p, lease, &stored, &event, t, By::Shopper(req), None).await;
        }
        let parties = stored.session.parties();
        let seen = match parties == req.parties {
            true => seen,
            false => risk::look_again(p, &parties, &req.device, seen).await?,
        };
        let assessment = risk::assess(p, &stored.session, &confirmation, seen).await?;
        let (passkey, shopper, destination_sends) = match assessment.action {
            Action::StepUp => step_up_context(p, &stored).await?,
            _ => (false, Standing::default(), 0),
        };
        let event = Event::Assessed { payer: payer.clone(), action: assessment.action, passkey, shopper, destination_sends };
        let t = step(&stored.checkout, event.clone(), p.now(), limits);
        perform(p, lease, &stored, &event, t, By::Shopper(req), Some(&assessment)).await
    })
    .await
}

/// Who a transition's effects are for: the shopper's payment request, or a resend with the
/// language its code goes out in.
#[derive(Clone, Copy)]
enum By<'a> {
    Shopper(&'a PayRequest),
    Resend { language: &'a str },
}

impl By<'_> {
    fn request(&self) -> ApiResult<&PayRequest> {
        match self {
            By::Shopper(req) => Ok(req),
            By::Resend { .. } => Err(ApiError::internal("checkout", "a charge without a payment request")),
        }
    }

    fn language(&self) -> &str {
        match self {
            By::Shopper(req) => &req.browser.browser_language,
            By::Resend { language } => language,
        }
    }
}

/// What a step-up decision needs to know: passkeys, the shopper's standing, the destination's
/// recent codes.
async fn step_up_context(p: &impl Ports, stored: &Stored) -> ApiResult<(bool, Standing, u32)> {
    let shopper = stored.session.shopper_key();
    let limits = &p.settings().limits;
    let sends = async {
        match stored.session.destination() {
            Some(destination) => p.counters().count(&destination.counter_key(), limits.destination_window).await,
            None => Ok(0),
        }
    };
    futures_util::future::try_join3(p.passkeys().has_any(&shopper), p.counters().standing(&shopper), sends).await
}

/// `POST /v1/checkout_sessions/{id}/verify`.
pub async fn verify(p: &impl Ports, req: &PayRequest, proof: &Proof) -> ApiResult<Reply> {
    leased(p, &req.session_id, async |lease, read| {
        let stored = lease.latest(p, read).await?;
        let payer = charge::payer(p, req)?;
        let limits = &p.settings().limits;
        let shopper_key = stored.session.shopper_key();
        let event = match proof {
            Proof::Code(code) => {
                let mut shopper = p.counters().standing(&shopper_key).await?;
                // Count the guess before weighing it, so concurrent guesses in other sessions of
                // the shopper cannot all slip under the limit; a right code clears it again.
                let probe = step(&stored.checkout, Event::CodeEntered { payer: payer.clone(), matches: false, shopper }, p.now(), limits);
                if probe.has(&Effect::StrikeShopper) {
                    shopper = p.counters().strike(&shopper_key, limits).await?;
                }
                let sent = stored.checkout.step_up().and_then(|s| s.code.as_ref());
                let matches = stored.step_up.as_ref().zip(sent).is_some_and(|(record, sent)| step_up::matches(p, record, &sent.binding, code));
                Event::CodeEntered { payer, matches, shopper }
            }
            Proof::Passkey(assertion) => {
                let event = Event::PasskeyVerified { payer };
                // Only an assertion that would finish the step-up is checked (and its challenge
                // used up); a refused or resumed request leaves the challenge alone.
                let probe = step(&stored.checkout, event.clone(), p.now(), limits);
                if probe.has(&Effect::Trust) {
                    p.passkeys().verify(&shopper_key, &stored.session.id, &req.device, &stored.session.binding(), assertion).await?;
                }
                event
            }
        };
        let t = step(&stored.checkout, event.clone(), p.now(), limits);
        perform(p, lease, &stored, &event, t, By::Shopper(req), None).await
    })
    .await
}

/// `POST /v1/checkout_sessions/{id}/account/pay`: a saved card, after the account's passkey
/// answered a challenge bound to this session, device, amount and payee (the caller checked it).
pub async fn account_pay(p: &impl Ports, req: &PayRequest) -> ApiResult<Reply> {
    leased(p, &req.session_id, async |lease, read| {
        let stored = lease.latest(p, read).await?;
        let event = Event::AccountAuthenticated { payer: charge::payer(p, req)? };
        let t = step(&stored.checkout, event.clone(), p.now(), &p.settings().limits);
        perform(p, lease, &stored, &event, t, By::Shopper(req), None).await
    })
    .await
}

/// `POST /v1/checkout_sessions/{id}/step_up/resend`: a new code for the device's step-up, in
/// `language` (the browser's first choice).
pub async fn resend(p: &impl Ports, session_id: &str, device: &str, language: &str) -> ApiResult<Reply> {
    leased(p, session_id, async |lease, read| {
        let stored = lease.latest(p, read).await?;
        let (_, shopper, destination_sends) = step_up_context(p, &stored).await?;
        let event = Event::ResendRequested { device: device.to_owned(), shopper, destination_sends };
        let t = step(&stored.checkout, event.clone(), p.now(), &p.settings().limits);
        perform(p, lease, &stored, &event, t, By::Resend { language }, None).await
    })
    .await
}

/// The write a transition makes, before its effects add to it.
pub fn commit_for(p: &impl Ports, stored: &Stored, event: &Event, t: &Transition) -> Commit {
    Commit {
        session_id: stored.session.id.clone(),
        version: stored.version,
        next: t.next.clone(),
        amount: None,
        paid_by: None,
        step_up: None,
        payment: None,
        events: Vec::new(),
        history: History {
            event: event.name(),
            from: stored.checkout.phase.status(),
            to: t.next.phase.status(),
            device: event.device().map(str::to_owned),
            detail: t.refusal().map(|r| r.code.as_str().to_owned()),
        },
        at: p.now(),
    }
}

/// Performs a transition's effects and answers. `assessed` is this request's risk decision,
/// if it assessed the confirm: it is stored beside the transition's own writes, whatever the
/// transition; a charge waits for it before the processor is asked and tells the processor its
/// SCA exemption (a charge without one reads the device's last).
async fn perform(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, event: &Event, t: Transition, by: By<'_>, assessed: Option<&Assessment>) -> ApiResult<Reply> {
    let charges = t.has(&Effect::Charge { authenticated: true }) || t.has(&Effect::Charge { authenticated: false });
    if charges && t.refusal().is_none() && !t.has(&Effect::Resume) {
        let mut commit = commit_for(p, stored, event, &t);
        if t.has(&Effect::Trust)
            && let Some(record) = &stored.step_up
        {
            commit.step_up = Some(StepUpWrite::Passed { id: record.id.clone() });
        }
        return charge::start(p, lease, stored, commit, &t.effects, by.request()?, assessed).await;
    }
    let settle = async {
        match assessed {
            Some(a) => risk::settle(p, a).await,
            None => Ok(()),
        }
    };
    let (settled, reply) = futures_util::future::join(settle, effects(p, lease, stored, event, t, by)).await;
    // A refusal is the answer whatever else failed; a decision not stored is an error.
    let reply = reply?;
    settled?;
    Ok(reply)
}

/// The effects of a transition that charges nothing.
async fn effects(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, event: &Event, t: Transition, by: By<'_>) -> ApiResult<Reply> {
    let commit = commit_for(p, stored, event, &t);
    if let Some(refusal) = t.refusal() {
        // A refusal changes nothing, except that a wrong code is counted.
        if t.next != stored.checkout {
            p.sessions().commit(&commit).await?;
            lease.wrote(commit.version);
        }
        return Err(refused(refusal));
    }
    if t.has(&Effect::Resume) {
        return charge::resume(p, lease, stored, by.request()?).await;
    }
    if t.has(&Effect::SendCode) {
        return send_code(p, lease, stored, &t.next, commit, by.language()).await;
    }
    if t.has(&Effect::OfferPasskey) {
        return offer_passkey(p, lease, stored, &t.next, commit).await;
    }
    if t.has(&Effect::Challenge) {
        return Ok(Reply::Action(step_up::current_reply(&stored.checkout, stored.step_up.as_ref())?));
    }
    Err(ApiError::internal("checkout", &format!("nothing to do after {}", event.name())))
}

fn refused(refusal: Refusal) -> ApiError {
    ApiError::from(refusal)
}

/// Whether the transition keeps the step-up in progress (a new code on it) rather than starting
/// one for another payer.
fn same_step_up(before: &Checkout, after: &Checkout) -> bool {
    matches!((before.step_up(), after.step_up()), (Some(b), Some(a)) if b.payer == a.payer)
}

/// Sends a code: the destination's share is taken first (the last word on its cap, whatever
/// raced), the code's hash is written with the transition, then the code goes out.
async fn send_code(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, next: &Checkout, mut commit: Commit, language: &str) -> ApiResult<Reply> {
    let limits = &p.settings().limits;
    let destination = step_up::destination(&stored.session)?;
    if !p.counters().take(&destination.counter_key(), limits.max_codes_per_destination, limits.destination_window).await? {
        return Err(refused(Refusal { code: ErrorCode::DestinationRateLimited, attempts_left: None, retry_after: Some(limits.destination_window) }));
    }
    let current = stored.step_up.as_ref().filter(|_| same_step_up(&stored.checkout, next));
    let id = match current {
        Some(record) => record.id.clone(),
        None => step_up::new_id()?,
    };
    let code = step_up::make_code(p, &stored.session, &id)?;
    commit.step_up = Some(match current {
        Some(_) => StepUpWrite::Code { id, code: code.write },
        None => StepUpWrite::New { id, destination: destination.clone(), passkey: next.step_up().is_some_and(|s| s.passkey), code: Some(code.write) },
    });
    p.sessions().commit(&commit).await?;
    lease.wrote(commit.version);
    step_up::send(p, &stored.session, &destination, &code.code, language).await?;
    let expires_at = next.step_up().and_then(|s| s.code.as_ref()).map_or(0, |c| c.expires_at);
    Ok(Reply::Action(step_up::otp_reply(destination.channel, &destination.masked, expires_at)))
}

/// Offers a passkey: a challenge bound to the session, the device and the amount.
async fn offer_passkey(p: &impl Ports, lease: &Lease<'_>, stored: &Stored, next: &Checkout, mut commit: Commit) -> ApiResult<Reply> {
    let destination = step_up::destination(&stored.session)?;
    let device = next.step_up().map(|s| s.payer.device.clone()).unwrap_or_default();
    let options = p.passkeys().offer(&stored.session.shopper_key(), &stored.session.id, &device, &stored.session.binding()).await?;
    commit.step_up = Some(StepUpWrite::New { id: step_up::new_id()?, destination: destination.clone(), passkey: true, code: None });
    p.sessions().commit(&commit).await?;
    lease.wrote(commit.version);
    Ok(Reply::Action(step_up::passkey_reply(&destination, options)))
}
