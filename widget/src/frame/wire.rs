//! The frame's listeners: each turns what the shopper (or the Tessera window) did into an event
//! for the machine; only typing in a card field is handled here, by the form.

use crate::prelude::*;

use tessera_core::card::input::caret_after_digits;
use tessera_core::frame::{ConsentChoice, Event as Happened, Stage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlFormElement, HtmlInputElement, MessageEvent};

use super::{dispatch, perform, render, Saving, Shared};
use crate::form::FieldName;
use crate::{dom, js};

/// Every listener the frame has, for its whole life.
pub(super) fn wire(widget: &Shared) -> Result<(), JsValue> {
    for name in FieldName::ALL {
        wire_field(widget, name)?;
    }
    wire_submit(widget)?;
    on_click(widget, "otp-resend", || Happened::ResendClicked)?;
    on_click(widget, "passkey-save", || Happened::PasskeyAccepted)?;
    on_click(widget, "passkey-skip", || Happened::OfferSkipped)?;
    on_click(widget, "save-skip", || Happened::OfferSkipped)?;
    on_click(widget, "account-pay", || Happened::AccountClicked)?;
    on_click(widget, "account-other", || Happened::OtherCardClicked)?;
    on_click(widget, "consent-allow", || Happened::ConsentChosen(ConsentChoice::Granted))?;
    on_click(widget, "consent-refuse", || Happened::ConsentChosen(ConsentChoice::Refused))?;
    on_click(widget, "privacy-choices", || Happened::PrivacyChoicesClicked)?;
    // The step-up code's digits decide whether its button is enabled.
    let w = widget.clone();
    listen(&dom::input("otp-code")?, "input", move |_: Event| render::render(&w))?;
    let w = widget.clone();
    listen(&dom::element("account-cards")?, "change", move |event: Event| {
        if let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
            dispatch(&w, Happened::CardChosen(input.value()));
        }
    })?;
    let w = widget.clone();
    listen(&dom::element("save-card")?, "click", move |_: Event| {
        // Opened now, in the click, so no popup blocker stops it; the offer follows.
        let window = dom::window().open_with_url_and_target_and_features("/account/save/", "tessera-save", "popup,width=480,height=760").ok().flatten();
        let opened = window.is_some();
        if let Some(window) = window {
            w.borrow_mut().save = Some(Saving { window, offer: None, ready: false });
        }
        dispatch(&w, Happened::SaveClicked { opened });
    })?;
    wire_messages(widget)?;
    observe_size(widget)
}

fn listen<E: wasm_bindgen::convert::FromWasmAbi + 'static>(target: &impl AsRef<web_sys::EventTarget>, kind: &str, handler: impl FnMut(E) + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(E)>::new(handler);
    target.as_ref().add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    // The frame lives as long as the page: its listeners do too.
    closure.forget();
    Ok(())
}

fn on_click(widget: &Shared, id: &str, event: fn() -> Happened) -> Result<(), JsValue> {
    let w = widget.clone();
    listen(&dom::element(id)?, "click", move |_: Event| dispatch(&w, event()))
}

fn wire_field(widget: &Shared, name: FieldName) -> Result<(), JsValue> {
    let input = dom::input(name.id())?;
    // The edge drew the form, so a shopper (or the browser's autofill) may fill it before the
    // widget starts: what is there already counts.
    let early = input.value();
    if !early.is_empty() {
        let left = dom::document().active_element().is_none_or(|e| e.id() != name.id());
        let mut w = widget.borrow_mut();
        let display = w.form.set(name, &early);
        // A field the shopper already left shows its error, as if the widget had seen them go.
        if left {
            w.form.touch(name);
        }
        drop(w);
        if display != early {
            input.set_value(&display);
        }
    }
    let w = widget.clone();
    listen(&input, "input", move |event: Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        let raw = input.value();
        let caret = input.selection_start().ok().flatten().unwrap_or(raw.len() as u32) as usize;
        let digits_before = raw.chars().take(caret).filter(char::is_ascii_digit).count();
        let display = w.borrow_mut().form.set(name, &raw);
        if display != raw {
            input.set_value(&display);
            if name != FieldName::Name {
                let at = caret_after_digits(&display, digits_before) as u32;
                let _ = input.set_selection_range(at, at);
            }
        }
        render::render(&w);
        post_change(&w);
        advance(&w, name, caret >= raw.len());
    })?;
    let w = widget.clone();
    listen(&input, "blur", move |_: Event| {
        w.borrow_mut().form.touch(name);
        render::render(&w);
    })
}

/// Moves on to the next field once this one is complete and valid and the shopper typed at the
/// end (not while correcting in the middle).
fn advance(widget: &Shared, name: FieldName, typing_at_end: bool) {
    let next = match name {
        FieldName::Number => FieldName::Expiry,
        FieldName::Expiry => FieldName::Cvc,
        _ => return,
    };
    // Release the borrow before focusing: focus fires this field's blur handler at once.
    let done = widget.borrow().form.is_valid(name);
    if done && typing_at_end && let Ok(input) = dom::input(next.id()) {
        let _ = input.focus();
    }
}

fn post_change(widget: &Shared) {
    let w = widget.borrow();
    let errors: Vec<(&str, JsValue)> = FieldName::ALL.iter().map(|&n| (n.id(), w.form.visible_error(n).map_or(JsValue::NULL, |e| e.as_str().into()))).collect();
    let brand = w.form.brand().map_or(JsValue::NULL, |b| b.as_str().into());
    w.host.post("change", &[("brand", brand), ("complete", w.form.complete().into()), ("errors", js::object(&errors))]);
}

/// Pay (or Enter): on the card form, every field's error shows from now on.
fn wire_submit(widget: &Shared) -> Result<(), JsValue> {
    let form: HtmlFormElement = dom::by_id("card-form")?;
    let w = widget.clone();
    listen(&form, "submit", move |event: Event| {
        event.prevent_default();
        let card_complete = {
            let mut widget = w.borrow_mut();
            if widget.frame.stage == Stage::Card && widget.frame.task.is_none() {
                widget.form.touch_all();
            }
            widget.form.complete()
        };
        dispatch(&w, Happened::Submit { card_complete, code: render::code_digits() });
    })
}

/// The one message the frame hears: the Tessera window it opened to save a card saying it is
/// ready for the offer. The host page's messages (its appearance) are frame.js's.
fn wire_messages(widget: &Shared) -> Result<(), JsValue> {
    let w = widget.clone();
    listen(&dom::window(), "message", move |event: MessageEvent| {
        if from_save_window(&w, &event) && js::text(&event.data(), "type") == "tessera:save-ready" {
            if let Some(saving) = w.borrow_mut().save.as_mut() {
                saving.ready = true;
            }
            perform::send_offer(&w);
        }
    })
}

/// Whether a message came from the Tessera window this frame opened, on the edge's own origin.
fn from_save_window(widget: &Shared, event: &MessageEvent) -> bool {
    let w = widget.borrow();
    let Some(saving) = w.save.as_ref() else { return false };
    let own = dom::window().location().origin().unwrap_or_default();
    let same_window = event.source().is_some_and(|s| JsValue::from(s) == JsValue::from(saving.window.clone()));
    same_window && event.origin() == own
}

fn observe_size(widget: &Shared) -> Result<(), JsValue> {
    let host = widget.borrow().host.clone();
    let report = move || {
        if let Some(root) = dom::document().document_element() {
            host.post("resize", &[("height", root.scroll_height().into())]);
        }
    };
    report();
    let callback = Closure::<dyn FnMut()>::new(report);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())?;
    callback.forget();
    if let Some(body) = dom::document().body() {
        observer.observe(&body);
    }
    Ok(())
}
