//! The frame's transition function.

use crate::prelude::*;

use super::effect::{Effect, Focus, HostEvent};
use super::event::{Answer, Event, SignedIn};
use super::state::{AccountNote, Frame, OfferKind, Stage, Status, Task};
use crate::api::{Disposition, ErrorCode};

/// The frame after `event`, and what the widget must do, in order. An event that does not fit
/// the state (a second click while a request is in flight, a reply nobody asked for) changes
/// nothing and asks for nothing.
pub fn step(frame: Frame, event: Event) -> (Frame, Vec<Effect>) {
    let mut next = frame;
    let effects = apply(&mut next, event);
    (next, effects)
}

fn apply(f: &mut Frame, event: Event) -> Vec<Effect> {
    match event {
        Event::Started(start) if f.stage == Stage::Starting => {
            f.consent_region = start.consent_region;
            f.asking_consent = start.ask_consent;
            f.outside_japan = start.outside_japan;
            f.stage = match start.closed {
                Some(code) => {
                    f.status = Status::Error { code: Some(code), message: String::new() };
                    Stage::Ended
                }
                None => Stage::Card,
            };
            vec![Effect::Tell(HostEvent::Ready)]
        }
        Event::StartFailed { code, message } if f.stage == Stage::Starting => {
            f.stage = Stage::Ended;
            f.status = Status::Error { code: Some(code), message };
            vec![Effect::Tell(HostEvent::Error { code, declined: None })]
        }
        Event::Submit { card_complete, code } if f.task.is_none() => submit(f, card_complete, code),
        Event::ResendClicked if f.task.is_none() && matches!(f.stage, Stage::StepUp { .. }) => begin(f, Task::Resend, Effect::Resend),
        Event::Answered(answer) => match f.task.take() {
            Some(Task::PaySaved) => paid_saved(f, answer),
            Some(task @ (Task::Confirm | Task::Verify | Task::Resend | Task::Passkey)) => answered(f, task, answer),
            other => {
                f.task = other;
                Vec::new()
            }
        },
        Event::PasskeyPrompted { asserted } if f.task == Some(Task::Passkey) => {
            if asserted {
                vec![Effect::VerifyPasskey]
            } else {
                // Cancelled, or no passkey on this device: a code instead.
                f.task = Some(Task::Resend);
                vec![Effect::Resend]
            }
        }
        Event::AccountClicked if f.task.is_none() && f.stage == Stage::Card && f.accounts && f.passkeys => begin(f, Task::SignIn, Effect::SignIn),
        Event::SignInEnded(result) if f.task == Some(Task::SignIn) => {
            f.task = None;
            match result {
                Some(Ok(signed)) => signed_in(f, signed),
                Some(Err(Answer::Refused { code, message, .. })) => {
                    f.status = Status::Error { code, message };
                    Vec::new()
                }
                // The shopper closed the prompt, or the browser has no passkey: the form stays.
                _ => Vec::new(),
            }
        }
        Event::CardChosen(id) => {
            if let Stage::Account { cards, selected, .. } = &mut f.stage
                && cards.iter().any(|c| c.id == id)
            {
                *selected = Some(id);
            }
            Vec::new()
        }
        Event::OtherCardClicked if f.task.is_none() && matches!(f.stage, Stage::Account { .. }) => {
            f.stage = Stage::Card;
            f.status = Status::None;
            vec![Effect::Focus(Focus::Number)]
        }
        Event::PasskeyAccepted if f.task.is_none() && offered(f, OfferKind::Passkey) => begin(f, Task::AddPasskey, Effect::AddPasskey),
        Event::PasskeyAdded { saved } if f.task == Some(Task::AddPasskey) => {
            f.task = None;
            complete(f, if saved { Status::PasskeySaved } else { Status::Paid })
        }
        Event::OfferSkipped if f.task.is_none() && matches!(f.stage, Stage::Offer { .. }) => complete(f, Status::Paid),
        Event::SaveClicked { opened } if f.task.is_none() && offered(f, OfferKind::SaveCard) => {
            if opened {
                begin(f, Task::SaveOffer, Effect::FetchSaveOffer)
            } else {
                complete(f, Status::Paid)
            }
        }
        Event::SaveOfferEnded { delivered } if f.task == Some(Task::SaveOffer) => {
            f.task = None;
            complete(f, if delivered { Status::SaveOpened } else { Status::Paid })
        }
        Event::PrivacyChoicesClicked if f.consent_region && f.started() && !f.finished() => {
            f.asking_consent = true;
            Vec::new()
        }
        Event::ConsentChosen(choice) if f.asking_consent && !f.storing_consent && !f.finished() => {
            f.storing_consent = true;
            vec![Effect::SendConsent(choice)]
        }
        Event::ConsentStored { stored } if f.storing_consent => {
            f.storing_consent = false;
            f.asking_consent = !stored;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Starts `task` with the status line cleared.
fn begin(f: &mut Frame, task: Task, effect: Effect) -> Vec<Effect> {
    f.task = Some(task);
    f.status = Status::None;
    f.code_error = None;
    vec![effect]
}

fn submit(f: &mut Frame, card_complete: bool, code: String) -> Vec<Effect> {
    match &f.stage {
        Stage::StepUp { .. } if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) => begin(f, Task::Verify, Effect::VerifyCode(code)),
        Stage::Account { selected: Some(card), .. } => {
            let card = card.clone();
            begin(f, Task::PaySaved, Effect::PaySaved(card))
        }
        Stage::Card if card_complete => begin(f, Task::Confirm, Effect::Confirm),
        Stage::Card => vec![Effect::Focus(Focus::FirstInvalid)],
        _ => Vec::new(),
    }
}

fn offered(f: &Frame, kind: OfferKind) -> bool {
    matches!(&f.stage, Stage::Offer { kind: k, .. } if *k == kind)
}

/// Ends an offer: the payment is complete, and the host hears so now.
fn complete(f: &mut Frame, status: Status) -> Vec<Effect> {
    let Stage::Offer { payment_id, .. } = core::mem::replace(&mut f.stage, Stage::Paid { with_saved_card: false }) else { return Vec::new() };
    f.status = status;
    vec![Effect::Tell(HostEvent::Complete { payment_id })]
}

fn answered(f: &mut Frame, task: Task, answer: Answer) -> Vec<Effect> {
    match answer {
        Answer::Succeeded { payment_id } => {
            // Paid after a code: offer a passkey; as a guest where accounts are offered: offer to
            // save the card. The host hears of the payment once the shopper decided.
            let kind = if task == Task::Verify && f.passkeys {
                Some(OfferKind::Passkey)
            } else if f.accounts && f.passkeys {
                Some(OfferKind::SaveCard)
            } else {
                None
            };
            f.code_error = None;
            match kind {
                Some(kind) => {
                    f.stage = Stage::Offer { payment_id, kind };
                    f.status = Status::None;
                    Vec::new()
                }
                None => {
                    f.stage = Stage::Paid { with_saved_card: false };
                    f.status = Status::Paid;
                    vec![Effect::Tell(HostEvent::Complete { payment_id })]
                }
            }
        }
        Answer::Declined { message, decline_code, payment_id } => {
            f.stage = Stage::Card;
            f.status = Status::Declined(message);
            vec![Effect::Tell(HostEvent::Error { code: ErrorCode::CardDeclined, declined: Some((decline_code, payment_id)) }), Effect::Focus(Focus::Number)]
        }
        // Only a confirm's step-up opens the passkey prompt: after a cancelled prompt the
        // shopper gets a code, not the prompt again.
        Answer::StepUp { passkey: true, .. } if task == Task::Confirm => {
            f.task = Some(Task::Passkey);
            vec![Effect::PromptPasskey]
        }
        Answer::StepUp { destination, .. } => {
            f.stage = Stage::StepUp { destination };
            vec![Effect::ClearCode, Effect::Focus(Focus::Code)]
        }
        Answer::Refused { code, message, attempts_left } => {
            // A code this frame does not know is a failure on the edge's side.
            let code = code.unwrap_or(ErrorCode::InternalError);
            let status = Status::Error { code: Some(code), message };
            let in_step_up = matches!(f.stage, Stage::StepUp { .. });
            if code == ErrorCode::IncorrectCode {
                f.code_error = Some((status, attempts_left));
                return Vec::new();
            }
            // Something the shopper can still act on within the step-up: said beside the code.
            if in_step_up && code.disposition() == Disposition::Fix {
                f.code_error = Some((status, None));
                return Vec::new();
            }
            if code.ends_payment() {
                f.stage = Stage::Ended;
            }
            f.status = status;
            vec![Effect::Tell(HostEvent::Error { code, declined: None })]
        }
        Answer::Unreachable => {
            f.status = Status::Unavailable;
            vec![Effect::Tell(HostEvent::Error { code: ErrorCode::NetworkError, declined: None })]
        }
    }
}

fn paid_saved(f: &mut Frame, answer: Answer) -> Vec<Effect> {
    match answer {
        Answer::Succeeded { payment_id } => {
            f.stage = Stage::Paid { with_saved_card: true };
            f.status = Status::Paid;
            vec![Effect::Tell(HostEvent::Complete { payment_id })]
        }
        Answer::Declined { message, decline_code, payment_id } => {
            f.status = Status::Declined(message);
            vec![Effect::Tell(HostEvent::Error { code: ErrorCode::CardDeclined, declined: Some((decline_code, payment_id)) })]
        }
        Answer::Refused { code, message, .. } => {
            if code.is_some_and(ErrorCode::ends_payment) {
                f.stage = Stage::Ended;
            }
            f.status = Status::Error { code, message };
            vec![Effect::Tell(HostEvent::Error { code: code.unwrap_or(ErrorCode::InternalError), declined: None })]
        }
        // A saved card's payment is authenticated by the account's passkey: a step-up here is
        // the edge misbehaving, said like an unreachable edge.
        Answer::StepUp { .. } | Answer::Unreachable => {
            f.status = Status::Unavailable;
            Vec::new()
        }
    }
}

fn signed_in(f: &mut Frame, signed: SignedIn) -> Vec<Effect> {
    let note = if signed.cards.is_empty() {
        Some(AccountNote::NoCards)
    } else if !signed.within_limit {
        Some(AccountNote::OverLimit)
    } else {
        None
    };
    let cards = if note.is_none() { signed.cards } else { Vec::new() };
    let selected = cards.first().map(|c| c.id.clone());
    f.stage = Stage::Account { email_masked: signed.email_masked, cards, selected, note };
    vec![Effect::Focus(Focus::FirstSavedCard)]
}
