//! Starting the frame: the widget from the page the edge drew, then the checkout, the device key
//! and the fingerprint, all at once, ending in the machine's `Started` (or `StartFailed`).

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;

use tessera_core::api::{ErrorCode, SessionStatus};
use tessera_core::crypto::WebCrypto;
use tessera_core::frame::{Event, Frame, Start};
use tessera_core::ids::ClientSecret;
use tessera_core::jwk::PublicJwk;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::{dispatch, render, wire, Shared, Widget};
use crate::form::Form;
use crate::host::Host;
use crate::i18n::Labels;
use crate::pay::Checkout;
use crate::{api, device, dom, fingerprint, js, passkey, text};

pub fn start() -> Result<(), JsValue> {
    let body = dom::document().body().ok_or("no body")?;
    let data = body.dataset();
    let locale = data.get("locale").filter(|l| !l.is_empty()).or_else(|| dom::window().navigator().language()).unwrap_or_else(|| "en".into());
    let today = js_sys::Date::new_0();
    let widget = Rc::new(RefCell::new(Widget {
        frame: Frame::new(data.get("accounts").as_deref() == Some("true"), passkey::available()),
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
        full_at_start: data.get("fingerprinting").as_deref() == Some("full"),
        amount: String::new(),
        money: (JsValue::UNDEFINED, JsValue::UNDEFINED),
        passkey_options: None,
        assertion: None,
        save: None,
    }));
    wire::wire(&widget)?;
    // The button keeps the amount the edge drew (and wrote beside the summary, as the browser's
    // Intl would: formatting it here cost a fresh page some 20 ms of ICU's start).
    let drawn = data.get("amount").filter(|a| !a.is_empty());
    if let Some(amount) = drawn.or_else(|| data.get("summary").map(|text| amount_of(&js::parse(&text), &widget.borrow().locale))) {
        widget.borrow_mut().amount = amount;
    }
    render::render(&widget);
    widget.borrow().host.post("loaded", &[]);
    // The loader posted the checkout into this page: the widget starts from it at once. (The
    // browser reads the clock's number: Rust's float parser would cost every shopper 12 KB.)
    if let Some(code) = data.get("error").and_then(|c| ErrorCode::parse(&c)) {
        fail(&widget, code, "");
    } else if let Some(secret) = data.get("secret") {
        let summary = data.get("summary").map(|text| (js::parse(&text), data.get("now").map(|n| js_sys::Number::parse_float(&n)).filter(|t| t.is_finite())));
        spawn_local(init(widget.clone(), secret, summary));
    }
    Ok(())
}

fn fail(widget: &Shared, code: ErrorCode, message: &str) {
    dispatch(widget, Event::StartFailed { code, message: message.to_owned() });
}

/// Starts the checkout: the device key, the fingerprint and, unless the page brought it with
/// the server's clock, the session's summary, all at once.
async fn init(widget: Shared, client_secret: String, page_summary: Option<(JsValue, Option<f64>)>) {
    let (crypto, publishable_key, locale, embedded_jwks, full_at_start) = {
        let w = widget.borrow();
        (w.crypto.clone(), w.publishable_key.clone(), w.locale.clone(), w.jwks.clone(), w.full_at_start)
    };
    let Ok(secret) = ClientSecret::parse(&client_secret) else { return fail(&widget, ErrorCode::InvalidClientSecret, "") };
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
    let device = async {
        let made = device::load_or_create().await;
        js::mark("tessera:device");
        made
    };
    let fingerprint = async {
        let read = fingerprint::collect(&crypto, full_at_start).await;
        js::mark("tessera:fingerprint");
        read
    };
    let (summary, jwks, device, fingerprint) = futures_util::future::join4(summary, jwks, device, fingerprint).await;
    let Ok(device) = device else { return fail(&widget, ErrorCode::DeviceKeyUnavailable, "") };
    // Where the law asks for consent, the device's earlier choice decides whether to ask: one
    // more round trip, paid only there.
    let consent_region = |reply: &Result<api::Reply, JsValue>| reply.as_ref().is_ok_and(|r| r.status == 200 && js::at(&r.body, &["privacy", "fingerprinting"]).as_string().as_deref() == Some("consent"));
    let summary = if consent_region(&summary) {
        let Ok(thumbprint) = device.public.thumbprint_with(&crypto).await else { return fail(&widget, ErrorCode::DeviceKeyUnavailable, "") };
        api::send("POST", &summary_path, Some(&summary_body(Some(thumbprint.as_str()))), &[]).await
    } else {
        summary
    };
    let summary = match summary {
        Ok(reply) if reply.status == 200 => reply,
        Ok(reply) => return fail(&widget, reply.error_code().unwrap_or(ErrorCode::InternalError), &reply.error_message()),
        Err(_) => return fail(&widget, ErrorCode::NetworkError, ""),
    };
    let Some(recipient) = encryption_key(&jwks) else { return fail(&widget, ErrorCode::NetworkError, "") };
    let s = &summary.body;
    let full = js::at(s, &["privacy", "full"]).as_bool().unwrap_or(false);
    let fingerprint = if full && !full_at_start { fingerprint::collect(&crypto, true).await } else { fingerprint };
    let Ok(fingerprint) = fingerprint else { return fail(&widget, ErrorCode::DeviceKeyUnavailable, "") };
    let clock_skew = summary.server_time.map_or(0.0, |t| t - js_sys::Date::now() / 1000.0);
    // A session that can no longer be paid says why at once, instead of after a card is typed.
    let closed = match SessionStatus::parse(&js::text(s, "status")) {
        Some(SessionStatus::Succeeded) => Some(ErrorCode::SessionAlreadyPaid),
        Some(SessionStatus::Expired) => Some(ErrorCode::SessionExpired),
        Some(SessionStatus::Canceled) => Some(ErrorCode::SessionCanceled),
        _ => None,
    };
    let notices = js::at(s, &["privacy", "notices"]);
    let outside_japan = js_sys::Array::is_array(&notices) && js_sys::Array::from(&notices).iter().any(|n| n.as_string().as_deref() == Some("processing_outside_japan"));
    let start = Start {
        closed,
        consent_region: js::at(s, &["privacy", "fingerprinting"]).as_string().as_deref() == Some("consent"),
        ask_consent: js::at(s, &["privacy", "ask"]).as_bool().unwrap_or(false),
        outside_japan,
    };
    {
        let mut w = widget.borrow_mut();
        w.checkout = Some(Checkout { session_id, client_secret, recipient, clock_skew });
        w.device = Some(device);
        w.fingerprint = Some(fingerprint);
        if w.amount.is_empty() {
            w.amount = amount_of(s, &locale);
        }
        w.money = (js::get(s, "amount"), js::get(s, "currency"));
    }
    dispatch(&widget, Event::Started(start));
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
