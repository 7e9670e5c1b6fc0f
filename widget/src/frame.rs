//! The card frame: wires the form's inputs, the host page's messages and the payment together.
//!
//! State lives in one `Frame` behind `Rc<RefCell<…>>`; event handlers borrow it briefly and
//! never across an `await`.

use crate::prelude::*;
use core::cell::RefCell;
use alloc::rc::Rc;

use tessera_core::api::{Disposition, ErrorCode, SessionStatus};
use tessera_core::card::input::caret_after_digits;
use tessera_core::crypto::WebCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::ids::ClientSecret;
use tessera_core::jwk::PublicJwk;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Event, HtmlButtonElement, HtmlFormElement, HtmlInputElement, MessageEvent};

use crate::device::{self, DeviceKey};
use crate::form::{FieldName, Form};
use crate::host::Host;
use crate::i18n::Labels;
use crate::pay::{self, Attempt, Checkout, Outcome, Proof};
use crate::account::{self, SavedCard};
use crate::{api, browser, dom, fingerprint, js, passkey, text};

struct Frame {
    form: Form,
    labels: &'static Labels,
    host: Host,
    accept: String,
    /// The edge's key set as the frame page carried it, if it did.
    jwks: Option<String>,
    locale: String,
    publishable_key: String,
    crypto: WebCrypto,
    checkout: Option<Checkout>,
    device: Option<DeviceKey>,
    fingerprint: Option<Fingerprint>,
    /// Where the step-up code went, while one is pending.
    step_up: Option<String>,
    /// A payment done, waiting while the shopper decides on a passkey or on saving the card.
    offer: Option<String>,
    /// The decision waited for is whether to save the card (not a passkey).
    save_offer: bool,
    /// Saving the card: the Tessera window, the offer once fetched, whether the window is ready.
    save: Option<Saving>,
    /// Signed in to a Tessera account: its cards and the one chosen.
    account: Option<Account>,
    /// The merchant offers Tessera accounts in this frame (`accounts: true` at mount).
    accounts: bool,
    /// The region asks for consent before the full fingerprint.
    consent_region: bool,
    /// The frame page said the region allows every component (`data-fingerprinting="full"`).
    full_at_start: bool,
    /// The consent prompt is showing.
    asking_consent: bool,
    /// The region's notices (`processing_outside_japan`).
    notices: Vec<String>,
    amount: String,
    busy: bool,
    finished: bool,
}

struct Saving {
    window: web_sys::Window,
    offer: Option<String>,
    ready: bool,
}

struct Account {
    intro: String,
    cards: Vec<SavedCard>,
    selected: Option<String>,
    note: Option<String>,
}

type Shared = Rc<RefCell<Frame>>;

pub fn start() -> Result<(), JsValue> {
    let body = dom::document().body().ok_or("no body")?;
    let data = body.dataset();
    let locale = data.get("locale").filter(|l| !l.is_empty()).or_else(|| dom::window().navigator().language()).unwrap_or_else(|| "en".into());
    let today = js_sys::Date::new_0();
    let frame = Rc::new(RefCell::new(Frame {
        form: Form::new(today.get_utc_full_year() as u16, today.get_utc_month() as u8 + 1),
        labels: Labels::from_page(&data.get("messages").unwrap_or_default()),
        host: Host::new(data.get("origin").unwrap_or_default()),
        accept: data.get("accept").unwrap_or_default(),
        jwks: data.get("jwks").filter(|j| !j.is_empty()),
        locale,
        publishable_key: data.get("pk").unwrap_or_default(),
        crypto: WebCrypto::new().map_err(js::error)?,
        checkout: None,
        device: None,
        fingerprint: None,
        step_up: None,
        offer: None,
        save_offer: false,
        save: None,
        account: None,
        accounts: data.get("accounts").as_deref() == Some("true"),
        consent_region: false,
        full_at_start: data.get("fingerprinting").as_deref() == Some("full"),
        asking_consent: false,
        notices: Vec::new(),
        amount: String::new(),
        busy: false,
        finished: false,
    }));
    for name in FieldName::ALL {
        wire_field(&frame, name)?;
    }
    wire_submit(&frame)?;
    wire_otp(&frame)?;
    wire_account(&frame)?;
    wire_consent(&frame)?;
    wire_messages(&frame)?;
    observe_size(&frame)?;
    // The button keeps the amount the edge drew while the device key is made.
    if let Some(text) = data.get("summary") {
        let amount = amount_of(&js::parse(&text), &frame.borrow().locale);
        frame.borrow_mut().amount = amount;
    }
    render(&frame);
    frame.borrow().host.post("loaded", &[]);
    // The loader posted the checkout into this page: the widget starts from it at once. (The
    // browser reads the clock's number: Rust's float parser would cost every shopper 12 KB.)
    if let Some(code) = data.get("error").and_then(|c| ErrorCode::parse(&c)) {
        fail(&frame, code, "");
    } else if let Some(secret) = data.get("secret") {
        let summary = data.get("summary").map(|text| (js::parse(&text), data.get("now").map(|n| js_sys::Number::parse_float(&n)).filter(|t| t.is_finite())));
        spawn_local(init(frame.clone(), secret, summary));
    }
    Ok(())
}

fn listen<E: wasm_bindgen::convert::FromWasmAbi + 'static>(target: &impl AsRef<web_sys::EventTarget>, kind: &str, handler: impl FnMut(E) + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(E)>::new(handler);
    target.as_ref().add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    // The frame lives as long as the page: its listeners do too.
    closure.forget();
    Ok(())
}

fn wire_field(frame: &Shared, name: FieldName) -> Result<(), JsValue> {
    let input = dom::input(name.id())?;
    // The edge drew the form, so a shopper (or the browser's autofill) may fill it before the
    // widget starts: what is there already counts.
    let early = input.value();
    if !early.is_empty() {
        let left = dom::document().active_element().is_none_or(|e| e.id() != name.id());
        let mut f = frame.borrow_mut();
        let display = f.form.set(name, &early);
        // A field the shopper already left shows its error, as if the widget had seen them go.
        if left {
            f.form.touch(name);
        }
        drop(f);
        if display != early {
            input.set_value(&display);
        }
    }
    let f = frame.clone();
    listen(&input, "input", move |event: Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        let raw = input.value();
        let caret = input.selection_start().ok().flatten().unwrap_or(raw.len() as u32) as usize;
        let digits_before = raw.chars().take(caret).filter(char::is_ascii_digit).count();
        let display = f.borrow_mut().form.set(name, &raw);
        if display != raw {
            input.set_value(&display);
            if name != FieldName::Name {
                let at = caret_after_digits(&display, digits_before) as u32;
                let _ = input.set_selection_range(at, at);
            }
        }
        render(&f);
        post_change(&f);
        advance(&f, name, caret >= raw.len());
    })?;
    let f = frame.clone();
    listen(&input, "blur", move |_: Event| {
        f.borrow_mut().form.touch(name);
        render(&f);
    })
}

/// Moves on to the next field once this one is complete and valid and the shopper typed at the
/// end (not while correcting in the middle).
fn advance(frame: &Shared, name: FieldName, typing_at_end: bool) {
    let next = match name {
        FieldName::Number => FieldName::Expiry,
        FieldName::Expiry => FieldName::Cvc,
        _ => return,
    };
    // Release the borrow before focusing: focus fires this field's blur handler at once.
    let done = frame.borrow().form.is_valid(name);
    if done && typing_at_end && let Ok(input) = dom::input(next.id()) {
        let _ = input.focus();
    }
}

fn post_change(frame: &Shared) {
    let f = frame.borrow();
    let errors: Vec<(&str, JsValue)> = FieldName::ALL.iter().map(|&n| (n.id(), f.form.visible_error(n).map_or(JsValue::NULL, |e| e.as_str().into()))).collect();
    let brand = f.form.brand().map_or(JsValue::NULL, |b| b.as_str().into());
    f.host.post("change", &[("brand", brand), ("complete", f.form.complete().into()), ("errors", js::object(&errors))]);
}

fn wire_submit(frame: &Shared) -> Result<(), JsValue> {
    let form: HtmlFormElement = dom::by_id("card-form")?;
    let f = frame.clone();
    listen(&form, "submit", move |event: Event| {
        event.prevent_default();
        if f.borrow().step_up.is_some() {
            let code: String = dom::input("otp-code").map(|i| i.value()).unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
            if code.len() == 6 && !f.borrow().busy {
                spawn_local(run(f.clone(), Step::Verify(code)));
            }
            return;
        }
        if let Some(card) = f.borrow().account.as_ref().map(|a| a.selected.clone()) {
            if let (Some(card), false) = (card, f.borrow().busy) {
                spawn_local(pay_saved(f.clone(), card));
            }
            return;
        }
        let ready = {
            let mut state = f.borrow_mut();
            if state.busy || state.finished || state.checkout.is_none() {
                return;
            }
            state.form.touch_all();
            state.form.complete()
        };
        render(&f);
        if !ready {
            if let Some(first) = f.borrow().form.first_invalid()
                && let Ok(input) = dom::input(first.id())
            {
                let _ = input.focus();
            }
            return;
        }
        spawn_local(run(f.clone(), Step::Confirm));
    })
}

fn wire_otp(frame: &Shared) -> Result<(), JsValue> {
    let f = frame.clone();
    let code = dom::input("otp-code")?;
    listen(&code, "input", move |_: Event| render(&f))?;
    let f = frame.clone();
    let resend = dom::element("otp-resend")?;
    listen(&resend, "click", move |_: Event| {
        if !f.borrow().busy {
            spawn_local(run(f.clone(), Step::Resend));
        }
    })?;
    let f = frame.clone();
    listen(&dom::element("passkey-save")?, "click", move |_: Event| {
        if !f.borrow().busy {
            spawn_local(save_passkey(f.clone()));
        }
    })?;
    let f = frame.clone();
    listen(&dom::element("passkey-skip")?, "click", move |_: Event| complete_offer(&f, None))
}

/// Registers a passkey (the shopper chose to), then reports the payment complete.
async fn save_passkey(frame: Shared) {
    let (crypto, device, checkout) = {
        let mut f = frame.borrow_mut();
        let (Some(device), Some(checkout)) = (f.device.clone(), f.checkout.clone()) else { return };
        f.busy = true;
        (f.crypto.clone(), device, checkout)
    };
    render(&frame);
    let saved = pay::add_passkey(&crypto, &device, &checkout).await.unwrap_or(false);
    frame.borrow_mut().busy = false;
    let labels = frame.borrow().labels;
    complete_offer(&frame, saved.then_some(labels.passkey_saved.as_str()));
}

/// Ends the passkey offer and tells the host the payment is complete.
fn complete_offer(frame: &Shared, message: Option<&str>) {
    let Some(payment_id) = frame.borrow_mut().offer.take() else { return };
    frame.borrow_mut().save_offer = false;
    let labels = frame.borrow().labels;
    set_status(message.unwrap_or(&labels.paid), false);
    render(frame);
    frame.borrow().host.post("complete", &[("status", SessionStatus::Succeeded.as_str().into()), ("paymentId", payment_id.into())]);
}

/// The one message the frame hears: the Tessera window it opened to save a card saying it is
/// ready for the offer. The host page's messages (its appearance) are frame.js's.
fn wire_messages(frame: &Shared) -> Result<(), JsValue> {
    let f = frame.clone();
    listen(&dom::window(), "message", move |event: MessageEvent| {
        if from_save_window(&f, &event) && js::text(&event.data(), "type") == "tessera:save-ready" {
            if let Some(saving) = f.borrow_mut().save.as_mut() {
                saving.ready = true;
            }
            send_offer(&f);
        }
    })
}

/// Starts the checkout: the device key, the fingerprint and, unless the page brought it with
/// the server's clock, the session's summary, all at once.
async fn init(frame: Shared, client_secret: String, page_summary: Option<(JsValue, Option<f64>)>) {
    let (crypto, publishable_key, locale, embedded_jwks, full_at_start) = {
        let f = frame.borrow();
        (f.crypto.clone(), f.publishable_key.clone(), f.locale.clone(), f.jwks.clone(), f.full_at_start)
    };
    let Ok(secret) = ClientSecret::parse(&client_secret) else { return fail(&frame, ErrorCode::InvalidClientSecret, "") };
    let session_id = secret.session_id().to_owned();
    // The session, the edge's key and the device key do not depend on each other: fetch and
    // make them at once. Unless the page said the region allows everything, only the strictly
    // necessary components are read until the summary says more.
    let summary_path = ["/v1/checkout_sessions/", &session_id, "/summary"].concat();
    let summary_body = |device: Option<&str>| {
        let mut members = vec![("client_secret", client_secret.as_str().into()), ("publishable_key", publishable_key.as_str().into())];
        if let Some(d) = device {
            members.push(("device", d.into()));
        }
        js::object(&members)
    };
    let jwks = async {
        match embedded_jwks {
            Some(text) => js::parse(&text),
            None => api::send("GET", "/.well-known/jwks.json", None, &[]).await.map_or(JsValue::NULL, |reply| reply.body),
        }
    };
    let summary = async {
        match page_summary {
            Some((body, server_time)) => Ok(api::Reply { status: 200, body, server_time, retry_after: None }),
            None => api::send("POST", &summary_path, Some(&summary_body(None)), &[]).await,
        }
    };
    let (summary, jwks, device, fingerprint) = futures_util::future::join4(
        summary,
        jwks,
        device::load_or_create(&crypto),
        fingerprint::collect(&crypto, full_at_start),
    )
    .await;
    let Ok(device) = device else { return fail(&frame, ErrorCode::DeviceKeyUnavailable, "") };
    // Where the law asks for consent, the device's earlier choice decides whether to ask: one
    // more round trip, paid only there.
    let consent_region = |reply: &Result<api::Reply, JsValue>| reply.as_ref().is_ok_and(|r| r.status == 200 && js::at(&r.body, &["privacy", "fingerprinting"]).as_string().as_deref() == Some("consent"));
    let summary = if consent_region(&summary) {
        let Ok(thumbprint) = device.public.thumbprint_with(&crypto).await else { return fail(&frame, ErrorCode::DeviceKeyUnavailable, "") };
        api::send("POST", &summary_path, Some(&summary_body(Some(thumbprint.as_str()))), &[]).await
    } else {
        summary
    };
    let summary = match summary {
        Ok(reply) if reply.status == 200 => reply,
        Ok(reply) => return fail(&frame, reply.error_code().unwrap_or(ErrorCode::InternalError), &reply.error_message()),
        Err(_) => return fail(&frame, ErrorCode::NetworkError, ""),
    };
    let Some(recipient) = encryption_key(&jwks) else { return fail(&frame, ErrorCode::NetworkError, "") };
    let s = &summary.body;
    let full = js::at(s, &["privacy", "full"]).as_bool().unwrap_or(false);
    let fingerprint = if full && !full_at_start { fingerprint::collect(&crypto, true).await } else { fingerprint };
    let Ok(fingerprint) = fingerprint else { return fail(&frame, ErrorCode::DeviceKeyUnavailable, "") };
    let amount = amount_of(s, &locale);
    let clock_skew = summary.server_time.map_or(0.0, |t| t - js_sys::Date::now() / 1000.0);
    // A session that can no longer be paid says why at once, instead of after a card is typed.
    let closed = match SessionStatus::parse(&js::text(s, "status")) {
        Some(SessionStatus::Succeeded) => Some(ErrorCode::SessionAlreadyPaid),
        Some(SessionStatus::Expired) => Some(ErrorCode::SessionExpired),
        Some(SessionStatus::Canceled) => Some(ErrorCode::SessionCanceled),
        _ => None,
    };
    {
        let mut f = frame.borrow_mut();
        f.checkout = Some(Checkout { session_id, client_secret, recipient, clock_skew });
        f.device = Some(device);
        f.fingerprint = Some(fingerprint);
        f.consent_region = js::at(s, &["privacy", "fingerprinting"]).as_string().as_deref() == Some("consent");
        f.asking_consent = js::at(s, &["privacy", "ask"]).as_bool().unwrap_or(false);
        let notices = js::at(s, &["privacy", "notices"]);
        f.notices = if js_sys::Array::is_array(&notices) { js_sys::Array::from(&notices).iter().filter_map(|n| n.as_string()).collect() } else { Vec::new() };
        f.amount = amount;
        f.finished = closed.is_some();
    }
    render(&frame);
    let f = frame.borrow();
    if let Some(code) = closed {
        set_status(f.labels.error(Some(code)), true);
    }
    settled();
    f.host.post("ready", &[("amount", js::get(s, "amount")), ("currency", js::get(s, "currency"))]);
}

/// The edge's current encryption key: the first key with a `kid` in its key set (newest first).
fn encryption_key(jwks: &JsValue) -> Option<PublicJwk> {
    let keys = js::get(jwks, "keys");
    js_sys::Array::is_array(&keys).then_some(())?;
    js_sys::Array::from(&keys).iter().find_map(|key| {
        let kid = js::get(&key, "kid").as_string()?;
        let member = |name| js::get(&key, name).as_string();
        let jwk = PublicJwk::from_members(&js::text(&key, "kty"), member("crv").as_deref(), member("x").as_deref(), member("y").as_deref()).ok()?;
        Some(jwk.with_metadata(&kid, &js::text(&key, "use"), &js::text(&key, "alg")))
    })
}

/// A summary's amount, as the Pay button shows it.
fn amount_of(summary: &JsValue, locale: &str) -> String {
    let exponent = js::get(summary, "exponent").as_f64().map_or(2, |e| e.clamp(0.0, 4.0) as i32);
    let currency = Some(js::text(summary, "currency")).filter(|c| !c.is_empty()).unwrap_or_else(|| "USD".into());
    format_amount(js::get(summary, "amount").as_f64().unwrap_or(0.0), exponent, &currency, locale)
}

fn format_amount(minor: f64, exponent: i32, currency: &str, locale: &str) -> String {
    let major = minor / (0..exponent).fold(1.0, |unit, _| unit * 10.0);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.into());
    let locales = js_sys::Array::of1(&JsValue::from_str(locale));
    let format = js_sys::Intl::NumberFormat::new(&locales, &options).format();
    format.call1(&JsValue::NULL, &JsValue::from_f64(major)).ok().and_then(|v| v.as_string()).unwrap_or_else(|| [currency, " ", &text::decimal(minor as i64)].concat())
}

/// The form is the widget's now: `aria-busy` (drawn `true` by the edge) says so to assistive
/// technology, and to a test.
fn settled() {
    if let Ok(form) = dom::element("card-form") {
        let _ = form.set_attribute("aria-busy", "false");
    }
}

fn fail(frame: &Shared, code: ErrorCode, message: &str) {
    settled();
    let f = frame.borrow();
    let shown = if message.is_empty() { f.labels.error(Some(code)) } else { message };
    set_status(shown, true);
    f.host.post("error", &[("code", code.as_str().into()), ("message", shown.into())]);
}

fn set_status(text: &str, is_error: bool) {
    if let Ok(status) = dom::element("status") {
        status.set_text_content(Some(text));
        let _ = status.class_list().toggle_with_force("status-error", is_error);
    }
}

/// What the shopper asked for.
enum Step {
    Confirm,
    Verify(String),
    Resend,
}

fn otp_error(text: Option<&str>) {
    if let Ok(el) = dom::element("otp-error") {
        dom::show_text(&el, text);
    }
}

async fn run(frame: Shared, step: Step) {
    let (crypto, device, checkout, payload, accept, fingerprint) = {
        let mut f = frame.borrow_mut();
        let (Some(device), Some(checkout), Some(payload), Some(fingerprint)) = (f.device.clone(), f.checkout.clone(), f.form.payload(), f.fingerprint.clone()) else { return };
        f.busy = true;
        (f.crypto.clone(), device, checkout, payload, f.accept.clone(), fingerprint)
    };
    set_status("", false);
    otp_error(None);
    render(&frame);
    let browser = browser::collect(&accept);
    let attempt = Attempt { crypto: &crypto, device: &device, checkout: &checkout, card: &payload, browser: &browser, fingerprint: &fingerprint };
    let mut outcome = match &step {
        Step::Confirm => pay::confirm(&attempt).await,
        Step::Verify(code) => pay::verify(&attempt, Proof::Code(code)).await,
        Step::Resend => pay::resend(&crypto, &device, &checkout).await,
    };
    // A passkey step-up runs at once; if the shopper cancels or has no passkey here, a code.
    if let Ok(Outcome::StepUp { passkey: Some(options), .. }) = &outcome {
        outcome = match passkey::get(options).await {
            Ok(assertion) => pay::verify(&attempt, Proof::Passkey(&assertion)).await,
            Err(_) => pay::resend(&crypto, &device, &checkout).await,
        };
    }
    drop(payload);
    frame.borrow_mut().busy = false;
    let labels = frame.borrow().labels;
    let host = frame.borrow().host.clone();
    match outcome {
        Ok(Outcome::Succeeded { payment_id }) => {
            let offer = matches!(step, Step::Verify(_)) && passkey::available();
            let mut f = frame.borrow_mut();
            f.finished = true;
            f.step_up = None;
            drop(f);
            if offer {
                // Paid after a code: offer a passkey before telling the host it is complete.
                frame.borrow_mut().offer = Some(payment_id);
                set_status("", false);
            } else if frame.borrow().accounts && passkey::available() {
                // Paid as a guest: offer to save the card before telling the host.
                let mut f = frame.borrow_mut();
                f.offer = Some(payment_id);
                f.save_offer = true;
                drop(f);
                set_status("", false);
            } else {
                set_status(&labels.paid, false);
                host.post("complete", &[("status", SessionStatus::Succeeded.as_str().into()), ("paymentId", payment_id.into())]);
            }
        }
        Ok(Outcome::Declined { message, decline_code, payment_id }) => {
            frame.borrow_mut().step_up = None;
            set_status(&message, true);
            host.post("error", &[("code", ErrorCode::CardDeclined.as_str().into()), ("declineCode", decline_code.into()), ("message", message.as_str().into()), ("paymentId", payment_id.into())]);
            if let Ok(input) = dom::input(FieldName::Number.id()) {
                let _ = input.focus();
            }
        }
        Ok(Outcome::StepUp { destination, .. }) => {
            frame.borrow_mut().step_up = Some(destination.clone());
            if let Ok(intro) = dom::element("otp-intro") {
                intro.set_text_content(Some(&labels.otp_intro.replace("{}", &destination)));
            }
            if let Ok(input) = dom::input("otp-code") {
                input.set_value("");
                render(&frame);
                let _ = input.focus();
            }
        }
        Ok(Outcome::Refused { code, message, attempts_left }) => {
            // A code this frame does not know is treated as a failure on the edge's side.
            let code = code.unwrap_or(ErrorCode::InternalError);
            let known = labels.error(Some(code));
            let shown = if known == labels.error(None) && !message.is_empty() { message } else { known.to_owned() };
            let in_step_up = frame.borrow().step_up.is_some();
            match code {
                ErrorCode::IncorrectCode => {
                    let left = attempts_left.map(|n| labels.attempts_left(n)).unwrap_or_default();
                    otp_error(Some(&[shown.as_str(), " ", &left].concat()));
                }
                // Something the shopper can still act on within the step-up: say it beside the code.
                _ if in_step_up && code.disposition() == Disposition::Fix => otp_error(Some(&shown)),
                _ => {
                    if code.ends_payment() {
                        let mut f = frame.borrow_mut();
                        f.finished = true;
                        f.step_up = None;
                    }
                    set_status(&shown, true);
                    host.post("error", &[("code", code.as_str().into()), ("message", shown.as_str().into())]);
                }
            }
        }
        Err(_) => {
            set_status(&labels.unavailable, true);
            host.post("error", &[("code", ErrorCode::NetworkError.as_str().into()), ("message", labels.unavailable.as_str().into())]);
        }
    }
    render(&frame);
}

/// Draws the state: field errors, brand, button.
fn render(frame: &Shared) {
    let f = frame.borrow();
    for name in FieldName::ALL {
        let error = f.form.visible_error(name);
        if let Ok(el) = dom::element(&[name.id(), "-error"].concat()) {
            dom::show_text(&el, error.map(|c| f.labels.error(Some(c))));
        }
        if let Ok(input) = dom::input(name.id()) {
            let _ = input.set_attribute("aria-invalid", if error.is_some() { "true" } else { "false" });
            input.set_read_only(f.busy || f.finished || f.step_up.is_some());
        }
    }
    if let Ok(otp) = dom::element("otp") {
        otp.set_hidden(f.step_up.is_none());
    }
    if let Ok(offer) = dom::element("passkey-offer") {
        offer.set_hidden(f.offer.is_none() || f.save_offer);
    }
    if let Ok(offer) = dom::element("save-offer") {
        offer.set_hidden(f.offer.is_none() || !f.save_offer);
    }
    if let Ok(consent) = dom::element("consent") {
        consent.set_hidden(!f.asking_consent || f.finished);
    }
    if let Ok(choices) = dom::element("privacy-choices") {
        choices.set_hidden(!f.consent_region || f.asking_consent || f.finished || f.checkout.is_none());
    }
    if let Ok(notice) = dom::element("notice-outside-japan") {
        notice.set_hidden(!f.notices.iter().any(|n| n == "processing_outside_japan"));
    }
    let in_account = f.account.is_some();
    if let Ok(fields) = dom::element("card-fields") {
        fields.set_hidden(in_account);
    }
    if let Ok(button) = dom::element("account-pay") {
        button.set_hidden(!f.accounts || in_account || f.finished || f.checkout.is_none() || f.step_up.is_some() || !passkey::available());
        let _ = button.toggle_attribute_with_force("disabled", f.busy);
    }
    if let Ok(panel) = dom::element("account") {
        panel.set_hidden(!in_account || f.finished);
    }
    if let Ok(brand) = dom::element("brand") {
        brand.set_text_content(f.form.brand().as_deref());
        let _ = brand.set_attribute("data-brand", f.form.brand().as_deref().unwrap_or(""));
    }
    if let Ok(button) = dom::by_id::<HtmlButtonElement>("pay") {
        let code_ready = dom::input("otp-code").is_ok_and(|i| i.value().chars().filter(char::is_ascii_digit).count() == 6);
        let ready = match &f.account {
            Some(account) => account.selected.is_some(),
            None if f.step_up.is_some() => code_ready,
            None => f.form.complete(),
        };
        button.set_disabled(f.busy || f.finished || f.checkout.is_none() || !ready);
        let _ = button.set_attribute("aria-busy", if f.busy { "true" } else { "false" });
        let label = match (f.busy, f.step_up.is_some()) {
            (true, _) => f.labels.processing.to_owned(),
            (false, true) => f.labels.otp_submit.to_owned(),
            (false, false) => f.labels.pay.replace("{}", &f.amount).trim().to_owned(),
        };
        button.set_text_content(Some(&label));
    }
}

fn observe_size(frame: &Shared) -> Result<(), JsValue> {
    let host = frame.borrow().host.clone();
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

fn wire_consent(frame: &Shared) -> Result<(), JsValue> {
    for (id, choice) in [("consent-allow", "granted"), ("consent-refuse", "refused")] {
        let f = frame.clone();
        listen(&dom::element(id)?, "click", move |_: Event| {
            if !f.borrow().busy {
                spawn_local(choose(f.clone(), choice));
            }
        })?;
    }
    let f = frame.clone();
    listen(&dom::element("privacy-choices")?, "click", move |_: Event| {
        f.borrow_mut().asking_consent = true;
        render(&f);
    })
}

/// Sends the shopper's fingerprinting choice, signed by the device key, then reads the device
/// as far as the choice allows. The Pay button works whatever happens here.
async fn choose(frame: Shared, choice: &'static str) {
    let (crypto, device, checkout, locale) = {
        let f = frame.borrow();
        let (Some(device), Some(checkout)) = (f.device.clone(), f.checkout.clone()) else { return };
        // The prompt was shown in the page's language.
        let lang = dom::document().document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_else(|| "en".into());
        (f.crypto.clone(), device, checkout, lang)
    };
    let path = ["/v1/checkout_sessions/", &checkout.session_id, "/consent"].concat();
    let body = js::object(&[("client_secret", checkout.client_secret.as_str().into()), ("choice", choice.into()), ("language", locale.as_str().into())]);
    let stored = pay::post_signed(&crypto, &device, &checkout, &path, &body).await.is_ok_and(|r| r.status == 201);
    let full = stored && choice == "granted";
    if let Ok(fingerprint) = fingerprint::collect(&crypto, full).await {
        frame.borrow_mut().fingerprint = Some(fingerprint);
    }
    frame.borrow_mut().asking_consent = !stored;
    render(&frame);
}

fn wire_account(frame: &Shared) -> Result<(), JsValue> {
    let f = frame.clone();
    listen(&dom::element("account-pay")?, "click", move |_: Event| {
        if !f.borrow().busy {
            spawn_local(account_sign_in(f.clone()));
        }
    })?;
    let f = frame.clone();
    listen(&dom::element("account-other")?, "click", move |_: Event| {
        f.borrow_mut().account = None;
        set_status("", false);
        render(&f);
        if let Ok(input) = dom::input(FieldName::Number.id()) {
            let _ = input.focus();
        }
    })?;
    let f = frame.clone();
    listen(&dom::element("account-cards")?, "change", move |event: Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if let Some(account) = f.borrow_mut().account.as_mut() {
            account.selected = Some(input.value());
        }
        render(&f);
    })?;
    let f = frame.clone();
    listen(&dom::element("save-card")?, "click", move |_: Event| {
        // Opened now, in the click, so no popup blocker stops it; the offer follows.
        let window = dom::window().open_with_url_and_target_and_features("/account/save/", "tessera-save", "popup,width=480,height=760").ok().flatten();
        let Some(window) = window else { return complete_offer(&f, None) };
        f.borrow_mut().save = Some(Saving { window, offer: None, ready: false });
        spawn_local(fetch_offer(f.clone()));
    })?;
    let f = frame.clone();
    listen(&dom::element("save-skip")?, "click", move |_: Event| complete_offer(&f, None))
}

/// Whether a message came from the Tessera window this frame opened, on the edge's own origin.
fn from_save_window(frame: &Shared, event: &MessageEvent) -> bool {
    let f = frame.borrow();
    let Some(saving) = f.save.as_ref() else { return false };
    let own = dom::window().location().origin().unwrap_or_default();
    let same_window = event.source().is_some_and(|s| JsValue::from(s) == JsValue::from(saving.window.clone()));
    same_window && event.origin() == own
}

async fn fetch_offer(frame: Shared) {
    let (crypto, device, checkout) = {
        let f = frame.borrow();
        let (Some(device), Some(checkout)) = (f.device.clone(), f.checkout.clone()) else { return };
        (f.crypto.clone(), device, checkout)
    };
    let offer = account::save_offer(&crypto, &device, &checkout).await.ok().flatten();
    match offer {
        Some(offer) => {
            if let Some(saving) = frame.borrow_mut().save.as_mut() {
                saving.offer = Some(offer);
            }
            send_offer(&frame);
        }
        None => complete_offer(&frame, None),
    }
}

/// Hands the offer to the Tessera window once both are there, then the payment is complete.
fn send_offer(frame: &Shared) {
    let sent = {
        let f = frame.borrow();
        match f.save.as_ref() {
            Some(Saving { window, offer: Some(offer), ready: true }) => {
                let own = dom::window().location().origin().unwrap_or_default();
                let message = js::object(&[("type", "tessera:save-offer".into()), ("offer", offer.as_str().into())]);
                window.post_message(&message, &own).is_ok()
            }
            _ => false,
        }
    };
    if sent {
        frame.borrow_mut().save = None;
        let labels = frame.borrow().labels;
        complete_offer(frame, Some(labels.save_opened.as_str()));
    }
}

/// Signs in to the shopper's Tessera account with its passkey and shows its saved cards.
async fn account_sign_in(frame: Shared) {
    let (crypto, device, checkout) = {
        let mut f = frame.borrow_mut();
        let (Some(device), Some(checkout)) = (f.device.clone(), f.checkout.clone()) else { return };
        f.busy = true;
        (f.crypto.clone(), device, checkout)
    };
    set_status("", false);
    render(&frame);
    let result = account::sign_in(&crypto, &device, &checkout).await;
    frame.borrow_mut().busy = false;
    let labels = frame.borrow().labels;
    match result {
        Ok(Ok(signed)) => {
            let note = if signed.cards.is_empty() {
                Some(labels.account_none.clone())
            } else if !signed.within_limit {
                Some(labels.account_over_limit.clone())
            } else {
                None
            };
            let usable = signed.within_limit && !signed.cards.is_empty();
            let selected = usable.then(|| signed.cards[0].id.clone());
            let intro = labels.account_intro.replace("{}", &signed.email_masked);
            frame.borrow_mut().account = Some(Account { intro, cards: if usable { signed.cards } else { Vec::new() }, selected, note });
            draw_account(&frame);
        }
        Ok(Err(pay::Outcome::Refused { code, message, .. })) => {
            let known = labels.error(code);
            set_status(if known == labels.error(None) && !message.is_empty() { &message } else { known }, true);
        }
        // The shopper closed the passkey prompt, or the browser has none: the card form stays.
        _ => {}
    }
    render(&frame);
}

/// Draws the account's cards as radio buttons, the first chosen.
fn draw_account(frame: &Shared) {
    let f = frame.borrow();
    let Some(account) = f.account.as_ref() else { return };
    let labels = f.labels;
    if let Ok(intro) = dom::element("account-intro") {
        intro.set_text_content(Some(&account.intro));
    }
    if let Ok(note) = dom::element("account-note") {
        dom::show_text(&note, account.note.as_deref());
    }
    let Ok(list) = dom::element("account-cards") else { return };
    list.set_text_content(None);
    let document = dom::document();
    for card in &account.cards {
        let (Ok(label), Ok(input), Ok(text)) = (document.create_element("label"), document.create_element("input"), document.create_element("span")) else { continue };
        let _ = label.set_attribute("class", "saved-card");
        let _ = input.set_attribute("type", "radio");
        let _ = input.set_attribute("name", "saved-card");
        let _ = input.set_attribute("value", &card.id);
        if account.selected.as_deref() == Some(card.id.as_str()) {
            let _ = input.set_attribute("checked", "");
        }
        // Brands are ASCII words ("visa"): capitalised without Unicode's case tables.
        let mut brand = card.brand.clone();
        if let Some(first) = brand.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text.set_text_content(Some(&labels.saved_card.replace("{b}", &brand).replace("{l}", &card.last4)));
        let _ = label.append_child(&input);
        let _ = label.append_child(&text);
        let _ = list.append_child(&label);
    }
    drop(f);
    if let Ok(Some(first)) = dom::document().query_selector("#account-cards input")
        && let Ok(first) = first.dyn_into::<HtmlInputElement>()
    {
        let _ = first.focus();
    }
}

/// Pays with the chosen saved card.
async fn pay_saved(frame: Shared, card: String) {
    let (crypto, device, checkout, accept, fingerprint) = {
        let mut f = frame.borrow_mut();
        let (Some(device), Some(checkout), Some(fingerprint)) = (f.device.clone(), f.checkout.clone(), f.fingerprint.clone()) else { return };
        f.busy = true;
        (f.crypto.clone(), device, checkout, f.accept.clone(), fingerprint)
    };
    set_status("", false);
    render(&frame);
    let browser = browser::collect(&accept);
    let outcome = account::pay(&crypto, &device, &checkout, &card, &browser, &fingerprint).await;
    frame.borrow_mut().busy = false;
    let labels = frame.borrow().labels;
    let host = frame.borrow().host.clone();
    match outcome {
        Ok(Outcome::Succeeded { payment_id }) => {
            frame.borrow_mut().finished = true;
            set_status(&labels.paid, false);
            host.post("complete", &[("status", SessionStatus::Succeeded.as_str().into()), ("paymentId", payment_id.into())]);
        }
        Ok(Outcome::Declined { message, decline_code, payment_id }) => {
            set_status(&message, true);
            host.post("error", &[("code", ErrorCode::CardDeclined.as_str().into()), ("declineCode", decline_code.into()), ("message", message.as_str().into()), ("paymentId", payment_id.into())]);
        }
        Ok(Outcome::Refused { code, message, .. }) => {
            let known = labels.error(code);
            let shown = if known == labels.error(None) && !message.is_empty() { message } else { known.to_owned() };
            if code.is_some_and(ErrorCode::ends_payment) {
                frame.borrow_mut().finished = true;
            }
            set_status(&shown, true);
            host.post("error", &[("code", code.unwrap_or(ErrorCode::InternalError).as_str().into()), ("message", shown.as_str().into())]);
        }
        Ok(Outcome::StepUp { .. }) | Err(_) => {
            set_status(&labels.unavailable, true);
        }
    }
    render(&frame);
}
