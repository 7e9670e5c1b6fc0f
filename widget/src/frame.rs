//! The card frame: one [`Widget`] around `tessera_core::frame`'s state machine. Listeners and
//! the ends of effects become events for [`dispatch`], which steps the machine, redraws the page
//! from its view and performs the effects it asked for; no screen rule lives in the widget.
//!
//! The widget lives behind `Rc<RefCell<…>>`; handlers borrow it briefly, never across an `await`
//! or a call that fires another handler (a focus fires the previous field's blur).

mod perform;
mod render;
mod start;
mod wire;

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;

use tessera_core::crypto::WebCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::frame::{step, Event, Frame, Stage};
use wasm_bindgen::JsValue;

use crate::device::DeviceKey;
use crate::form::Form;
use crate::host::Host;
use crate::i18n::Labels;
use crate::pay::Checkout;

pub use start::start;

/// The frame's machine and what its effects need: the form, the session, the device.
struct Widget {
    frame: Frame,
    form: Form,
    labels: &'static Labels,
    host: Host,
    /// The page's `Accept` header, for the processor's 3-D Secure browser data.
    accept: String,
    /// The edge's key set as the frame page carried it, if it did.
    jwks: Option<String>,
    locale: String,
    publishable_key: String,
    crypto: WebCrypto,
    checkout: Option<Checkout>,
    device: Option<DeviceKey>,
    fingerprint: Option<Fingerprint>,
    /// The frame page said the region allows every component (`data-fingerprinting="full"`).
    full_at_start: bool,
    /// The Pay button's amount, formatted for the shopper's locale.
    amount: String,
    /// What the host hears with `ready`: the session's amount and currency.
    money: (JsValue, JsValue),
    /// A step-up's passkey assertion options, until the prompt opens.
    passkey_options: Option<JsValue>,
    /// The assertion the prompt gave, until it is sent.
    assertion: Option<JsValue>,
    /// Saving the card: the Tessera window, the offer once fetched, whether the window is ready.
    save: Option<Saving>,
}

struct Saving {
    window: web_sys::Window,
    offer: Option<String>,
    ready: bool,
}

type Shared = Rc<RefCell<Widget>>;

/// Steps the machine with `event`, redraws, then performs what the step asked for, in order.
fn dispatch(widget: &Shared, event: Event) {
    let (entered_account, effects) = {
        let mut w = widget.borrow_mut();
        let was_account = matches!(w.frame.stage, Stage::Account { .. });
        let frame = core::mem::replace(&mut w.frame, Frame::new(false, false));
        let (next, effects) = step(frame, event);
        w.frame = next;
        (!was_account && matches!(w.frame.stage, Stage::Account { .. }), effects)
    };
    // The account's cards are drawn once, on entering: redrawing on every step would undo the
    // shopper's choice and focus.
    if entered_account {
        render::draw_account(widget);
    }
    render::render(widget);
    for effect in effects {
        perform::perform(widget, effect);
    }
}
