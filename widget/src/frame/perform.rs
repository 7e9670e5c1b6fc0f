//! The machine's effects: each request or prompt runs on its own and ends by dispatching the
//! event that says how it went, so the machine always hears back from what it started.

use crate::prelude::*;

use tessera_core::api::SessionStatus;
use tessera_core::crypto::WebCrypto;
use tessera_core::frame::{Answer, ConsentChoice, Effect, Event, Focus, HostEvent};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::{dispatch, render, Shared};
use crate::device::DeviceKey;
use crate::form::FieldName;
use crate::pay::{self, Attempt, Checkout, Outcome, Proof};
use crate::{account, browser, dom, fingerprint, js, passkey};

pub(super) fn perform(widget: &Shared, effect: Effect) {
    let w = widget.clone();
    match effect {
        Effect::Confirm => spawn_local(async move { card_request(w, Sent::Card).await }),
        Effect::VerifyCode(code) => spawn_local(async move { card_request(w, Sent::Code(code)).await }),
        Effect::VerifyPasskey => spawn_local(async move { card_request(w, Sent::Passkey).await }),
        Effect::PromptPasskey => spawn_local(prompt_passkey(w)),
        Effect::Resend => spawn_local(async move {
            let answer = match session(&w) {
                Some((crypto, device, checkout)) => answer(&w, pay::resend(&crypto, &device, &checkout).await),
                None => Answer::Unreachable,
            };
            dispatch(&w, Event::Answered(answer));
        }),
        Effect::SignIn => spawn_local(sign_in(w)),
        Effect::PaySaved(card) => spawn_local(pay_saved(w, card)),
        Effect::AddPasskey => spawn_local(async move {
            let saved = match session(&w) {
                Some((crypto, device, checkout)) => pay::add_passkey(&crypto, &device, &checkout).await.unwrap_or(false),
                None => false,
            };
            dispatch(&w, Event::PasskeyAdded { saved });
        }),
        Effect::SendConsent(choice) => spawn_local(send_consent(w, choice)),
        Effect::FetchSaveOffer => spawn_local(fetch_offer(w)),
        Effect::ClearCode => {
            if let Ok(input) = dom::input("otp-code") {
                input.set_value("");
            }
        }
        Effect::Tell(event) => tell(&w, event),
        Effect::Focus(to) => focus(&w, to),
    }
}

/// What a request signed by the device key needs: the crypto, the device key, the checkout.
fn session(widget: &Shared) -> Option<(WebCrypto, DeviceKey, Checkout)> {
    let w = widget.borrow();
    Some((w.crypto.clone(), w.device.clone()?, w.checkout.clone()?))
}

/// A payment request's outcome as the machine hears it; a step-up's passkey options are kept
/// for the prompt.
fn answer(widget: &Shared, outcome: Result<Outcome, JsValue>) -> Answer {
    match outcome {
        Ok(Outcome::Succeeded { payment_id }) => Answer::Succeeded { payment_id },
        Ok(Outcome::Declined { message, decline_code, payment_id }) => Answer::Declined { message, decline_code, payment_id },
        Ok(Outcome::StepUp { destination, passkey }) => {
            let asks = passkey.is_some();
            widget.borrow_mut().passkey_options = passkey;
            Answer::StepUp { destination, passkey: asks }
        }
        Ok(Outcome::Refused { code, message, attempts_left }) => Answer::Refused { code, message, attempts_left },
        Err(_) => Answer::Unreachable,
    }
}

/// What proves the shopper with the card, if anything.
enum Sent {
    Card,
    Code(String),
    Passkey,
}

/// Confirms with the typed card, or verifies a step-up with it; the card's clear text lives only
/// for the request.
async fn card_request(widget: Shared, sent: Sent) {
    let answer = async {
        let (crypto, device, checkout, card, accept, fingerprint, assertion) = {
            let mut w = widget.borrow_mut();
            let assertion = w.assertion.take();
            let (Some(device), Some(checkout), Some(card), Some(fingerprint)) = (w.device.clone(), w.checkout.clone(), w.form.payload(), w.fingerprint.clone()) else { return Answer::Unreachable };
            (w.crypto.clone(), device, checkout, card, w.accept.clone(), fingerprint, assertion)
        };
        let browser = browser::collect(&accept);
        let attempt = Attempt { crypto: &crypto, device: &device, checkout: &checkout, card: &card, browser: &browser, fingerprint: &fingerprint };
        let outcome = match (&sent, &assertion) {
            (Sent::Card, _) => pay::confirm(&attempt).await,
            (Sent::Code(code), _) => pay::verify(&attempt, Proof::Code(code)).await,
            (Sent::Passkey, Some(assertion)) => pay::verify(&attempt, Proof::Passkey(assertion)).await,
            (Sent::Passkey, None) => return Answer::Unreachable,
        };
        answer(&widget, outcome)
    }
    .await;
    dispatch(&widget, Event::Answered(answer));
}

/// Opens the passkey prompt with the step-up's options; cancelled, or none here, is `false`.
async fn prompt_passkey(widget: Shared) {
    let options = widget.borrow_mut().passkey_options.take();
    let assertion = match options {
        Some(options) => passkey::get(&options).await.ok(),
        None => None,
    };
    let asserted = assertion.is_some();
    widget.borrow_mut().assertion = assertion;
    dispatch(&widget, Event::PasskeyPrompted { asserted });
}

/// Signs in to the shopper's Tessera account with its passkey.
async fn sign_in(widget: Shared) {
    let ended = match session(&widget) {
        Some((crypto, device, checkout)) => match account::sign_in(&crypto, &device, &checkout).await {
            Ok(Ok(signed)) => Some(Ok(signed)),
            Ok(Err(refused)) => Some(Err(answer(&widget, Ok(refused)))),
            // The shopper closed the prompt, or the browser has no passkey.
            Err(_) => None,
        },
        None => None,
    };
    dispatch(&widget, Event::SignInEnded(ended));
}

/// Pays with a saved card of the signed-in account.
async fn pay_saved(widget: Shared, card: String) {
    let answer = async {
        let Some((crypto, device, checkout)) = session(&widget) else { return Answer::Unreachable };
        let (accept, fingerprint) = {
            let w = widget.borrow();
            let Some(fingerprint) = w.fingerprint.clone() else { return Answer::Unreachable };
            (w.accept.clone(), fingerprint)
        };
        let browser = browser::collect(&accept);
        answer(&widget, account::pay(&crypto, &device, &checkout, &card, &browser, &fingerprint).await)
    }
    .await;
    dispatch(&widget, Event::Answered(answer));
}

/// Sends the shopper's fingerprinting choice, signed by the device key, then reads the device as
/// far as the choice allows. Pay works whatever happens here.
async fn send_consent(widget: Shared, choice: ConsentChoice) {
    let Some((crypto, device, checkout)) = session(&widget) else { return dispatch(&widget, Event::ConsentStored { stored: false }) };
    // The prompt was shown in the page's language.
    let language = dom::document().document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_else(|| "en".into());
    let path = ["/v1/checkout_sessions/", &checkout.session_id, "/consent"].concat();
    let body = js::object(&[("client_secret", checkout.client_secret.as_str().into()), ("choice", choice.as_str().into()), ("language", language.as_str().into())]);
    let stored = pay::post_signed(&crypto, &device, &checkout, &path, &body).await.is_ok_and(|r| r.status == 201);
    if let Ok(fingerprint) = fingerprint::collect(&crypto, stored && choice == ConsentChoice::Granted).await {
        widget.borrow_mut().fingerprint = Some(fingerprint);
    }
    dispatch(&widget, Event::ConsentStored { stored });
}

/// Fetches the single-use offer to save the card, for the Tessera window the click opened.
async fn fetch_offer(widget: Shared) {
    let offer = match session(&widget) {
        Some((crypto, device, checkout)) => account::save_offer(&crypto, &device, &checkout).await.ok().flatten(),
        None => None,
    };
    let Some(offer) = offer else { return dispatch(&widget, Event::SaveOfferEnded { delivered: false }) };
    if let Some(saving) = widget.borrow_mut().save.as_mut() {
        saving.offer = Some(offer);
    }
    send_offer(&widget);
}

/// Hands the offer to the Tessera window once both the offer and the window are there.
pub(super) fn send_offer(widget: &Shared) {
    let sent = {
        let w = widget.borrow();
        match w.save.as_ref() {
            Some(super::Saving { window, offer: Some(offer), ready: true }) => {
                let own = dom::window().location().origin().unwrap_or_default();
                let message = js::object(&[("type", "tessera:save-offer".into()), ("offer", offer.as_str().into())]);
                window.post_message(&message, &own).is_ok()
            }
            _ => false,
        }
    };
    if sent {
        widget.borrow_mut().save = None;
        dispatch(widget, Event::SaveOfferEnded { delivered: true });
    }
}

/// Tells the host page, in the words the status line shows the shopper.
fn tell(widget: &Shared, event: HostEvent) {
    let w = widget.borrow();
    match event {
        HostEvent::Ready => {
            js::mark("tessera:ready");
            w.host.post("ready", &[("amount", w.money.0.clone()), ("currency", w.money.1.clone())]);
        }
        HostEvent::Complete { payment_id } => w.host.post("complete", &[("status", SessionStatus::Succeeded.as_str().into()), ("paymentId", payment_id.into())]),
        HostEvent::Error { code, declined } => {
            let message = render::status_text(w.labels, &w.frame.status);
            let mut detail = vec![("code", JsValue::from_str(code.as_str())), ("message", message.into())];
            if let Some((decline_code, payment_id)) = declined {
                detail.push(("declineCode", decline_code.into()));
                detail.push(("paymentId", payment_id.into()));
            }
            w.host.post("error", &detail);
        }
    }
}

fn focus(widget: &Shared, to: Focus) {
    // The borrow ends before focusing: the field left fires its blur handler at once.
    let input = match to {
        Focus::FirstInvalid => widget.borrow().form.first_invalid().and_then(|name| dom::input(name.id()).ok()),
        Focus::Number => dom::input(FieldName::Number.id()).ok(),
        Focus::Code => dom::input("otp-code").ok(),
        Focus::FirstSavedCard => render::first_saved_card(),
    };
    if let Some(input) = input {
        let _ = input.focus();
    }
}
