//! The card frame: `POST /v1/frame` (the page for one checkout, submitted by the loader as a
//! form into the iframe, as EMV 3DS submits its challenge request, so the session's summary is
//! in the HTML the browser first receives), `GET /v1/frame` (the same page without a session) and
//! `POST /v1/checkout_sessions/{id}/summary` (the summary again, where the region needs the
//! device's earlier choice first).

use serde::Deserialize;
use serde_json::json;
use tessera_core::api::ErrorCode;
use tessera_core::i18n;
use tessera_core::mode::{KeyKind, Mode};
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::checkout;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::accounts::ports::Accounts;
use crate::checkout::model::Origin;
use crate::store::merchants::{self, Merchant};

#[derive(Deserialize)]
struct FrameQuery {
    pk: Option<String>,
    origin: Option<String>,
    locale: Option<String>,
}

/// What the loader's form carries. The client secret travels only in this body: never in the
/// frame's address, so never in a log, a history or a Referer.
#[derive(Default)]
struct FrameForm {
    pk: Option<String>,
    origin: Option<String>,
    locale: Option<String>,
    client_secret: Option<String>,
    accounts: bool,
}

impl FrameForm {
    /// The form's fields; an unknown or repeated field refuses the whole form.
    fn parse(body: &[u8]) -> Option<Self> {
        let mut form = Self::default();
        for (name, value) in form_urlencoded::parse(body) {
            let slot = match name.as_ref() {
                "pk" => &mut form.pk,
                "origin" => &mut form.origin,
                "locale" => &mut form.locale,
                "client_secret" => &mut form.client_secret,
                "accounts" if !form.accounts && value == "true" => {
                    form.accounts = true;
                    continue;
                }
                _ => return None,
            };
            if slot.replace(value.into_owned()).is_some() {
                return None;
            }
        }
        Some(form)
    }
}

/// The checkout a posted frame is for: its summary and secret, or why the frame cannot pay it
/// (the widget reports that code to the merchant's page as an error event, as it always has).
enum ForSession {
    Ready { client_secret: String, summary: serde_json::Value, amount: (u64, &'static str, i32) },
    Refused(ErrorCode),
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&#39;".into(),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect()
}

fn valid_locale(locale: &str) -> bool {
    let mut parts = locale.split('-');
    let lang_ok = parts.next().is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    lang_ok && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A page that refuses to be framed and says why (seen only if opened directly).
fn refusal(status: u16, message: &str) -> ApiResult<Response> {
    let html = format!("<!doctype html><meta charset=\"utf-8\"><title>Tessera</title><p>{}</p>", escape(message));
    let response = Response::from_html(html)?.with_status(status);
    response.headers().set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")?;
    Ok(response)
}

/// `GET /v1/frame?pk=…&origin=…`: the frame without a checkout (it cannot pay; the loader posts).
pub async fn page(app: &App, req: Request) -> ApiResult<Response> {
    let query: FrameQuery = req.query().map_err(|_| ApiError::from(ErrorCode::InvalidQuery))?;
    render(app, &req, FrameForm { pk: query.pk, origin: query.origin, locale: query.locale, ..FrameForm::default() }).await
}

/// `POST /v1/frame`: the loader's form, with the session's summary rendered into the page.
pub async fn posted(app: &App, mut req: Request) -> ApiResult<Response> {
    let Ok(body) = http::body(&mut req).await else { return refusal(413, "The form is too large.") };
    let Some(form) = FrameForm::parse(&body) else {
        return refusal(400, "This page is the Tessera card frame; load it with Tessera(…).mount().");
    };
    // A browser names the page that submitted the form: it must be the page the form claims.
    // (A page whose referrer policy is `no-referrer` is named `null`; its CSP's frame-ancestors
    // still decides.)
    if let Some(sent) = req.headers().get("Origin")?.filter(|o| o != "null")
        && form.origin.as_deref().is_some_and(|claimed| claimed != sent)
    {
        return refusal(403, "This site is not allowed to embed this merchant's card form.");
    }
    let mut response = render(app, &req, form).await?;
    // The page holds the client secret: no cache keeps it.
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

async fn render(app: &App, req: &Request, form: FrameForm) -> ApiResult<Response> {
    let (Some(pk), Some(origin)) = (form.pk, form.origin) else {
        return refusal(400, "This page is the Tessera card frame; load it with Tessera(…).mount().");
    };
    if Mode::of_key(&pk).is_none_or(|(_, kind)| kind != KeyKind::Publishable) {
        return refusal(400, "The publishable key is not valid.");
    }
    let Some((merchant, live)) = merchants::by_publishable_key(&app.db, &pk).await? else {
        return refusal(404, "The publishable key is not valid.");
    };
    // The edge's own pages (hosted invoices) embed the frame too.
    let own = req.url()?.origin().ascii_serialization();
    if origin != own && !merchant.allows_origin(&origin) {
        return refusal(403, "This site is not allowed to embed this merchant's card form.");
    }
    let locale = form.locale.filter(|l| valid_locale(l)).unwrap_or_default();
    let accept = req.headers().get("Accept")?.unwrap_or_default();
    let accept_language = req.headers().get("Accept-Language")?.unwrap_or_default();
    let language = i18n::language(&locale, &accept_language);
    let words = &language.frame;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let place = super::confirm::origin(app, req)?;
    let checkout = match form.client_secret {
        Some(secret) => Some(for_session(app, &ports, &place, (&merchant, live), secret).await?),
        None => None,
    };
    let branding = crate::accounts::ports::AccountPorts::accounts(&ports).get(&merchant.id).await?.map(|a| a.branding).unwrap_or_default();
    // The merchant's colours are the defaults; the host page's appearance still wins over them.
    let brand = crate::routes::hosted::brand_link(branding.color_primary.as_deref(), None);
    let mut html = FRAME.to_owned();
    // The page is drawn in the shopper's language; the widget's later messages ride along.
    for (slot, text) in [
        ("{number}", words.number),
        ("{expiry}", words.expiry),
        ("{cvc}", words.cvc),
        ("{name}", words.name),
        ("{otp_label}", words.otp_label),
        ("{otp_resend}", words.otp_resend),
        ("{passkey_offer}", words.passkey_offer),
        ("{passkey_save}", words.passkey_save),
        ("{passkey_skip}", words.passkey_skip),
        ("{account_pay}", words.account_pay),
        ("{account_other}", words.account_other),
        ("{save_offer}", words.save_offer),
        ("{save_card}", words.save_card),
        ("{save_skip}", words.save_skip),
        ("{consent_title}", words.consent_title),
        ("{consent_text}", words.consent_text),
        ("{consent_allow}", words.consent_allow),
        ("{consent_refuse}", words.consent_refuse),
        ("{privacy_choices}", words.privacy_choices),
        ("{notice_outside_japan}", words.notice_outside_japan),
    ] {
        html = html.replace(slot, &escape(text));
    }
    // The checkout, for the widget to start from at once: no handshake, no summary round trip.
    let (session, pay) = match &checkout {
        Some(ForSession::Ready { client_secret, summary, amount }) => {
            let (minor, currency, exponent) = *amount;
            let tag = if locale.is_empty() { accept_language.split([',', ';']).next().unwrap_or("en").trim() } else { &locale };
            let shown = amount_text(minor, currency, exponent, if valid_locale(tag) { tag } else { "en" });
            let data = format!(" data-secret=\"{}\" data-summary=\"{}\" data-now=\"{}\" data-amount=\"{}\"", escape(client_secret), escape(&summary.to_string()), app.now, escape(&shown));
            (data, words.pay.replace("{}", &shown).trim().to_owned())
        }
        Some(ForSession::Refused(code)) => (format!(" data-error=\"{}\"", code.as_str()), "Pay".to_owned()),
        None => (String::new(), "Pay".to_owned()),
    };
    let accounts = if form.accounts { " data-accounts=\"true\"" } else { "" };
    let html = html
        .replace("{messages}", &escape(&language.messages_json()))
        .replace("{lang}", language.tag)
        .replace("{dir}", language.dir())
        // The frame's files at their versioned, immutable URLs (see /v1/manifest.json).
        .replace("{version}", env!("CARGO_PKG_VERSION"))
        .replace("{origin}", &escape(&origin))
        .replace("{locale}", &escape(&locale))
        .replace("{accept}", &escape(&accept))
        .replace("{pk}", &escape(&pk))
        .replace(" {session}", &[session.as_str(), accounts].concat())
        .replace("{pay}", &escape(&pay))
        // What the region lets the frame read before it knows more: where it is everything, the
        // slow probes start at once instead of after the summary.
        .replace("{fingerprinting}", checkout::regional::applied(&ports, &place).rules.fingerprinting.as_str())
        .replace("{brand}", &brand)
        // The encryption keys ride along, so the frame needs no JWKS round trip before Pay.
        .replace("{jwks}", &escape(&app.config.encryption_keys.public_jwks().to_json()));
    let response = Response::from_html(html)?;
    let headers = response.headers();
    // Only the merchant's page may frame the form; only our own scripts and styles run in it.
    headers.set(
        "Content-Security-Policy",
        &format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; \
             img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {origin}; report-uri {}",
            super::csp_reports::report_uri(&pk)
        ),
    )?;
    headers.set("Referrer-Policy", "no-referrer")?;
    headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")?;
    Ok(response)
}

/// The posted secret's session, if it is this publishable key's merchant's and mode's.
async fn for_session(app: &App, ports: &EdgePorts<'_>, place: &Origin, (merchant, live): (&Merchant, bool), secret: String) -> ApiResult<ForSession> {
    let Ok(parsed) = tessera_core::ids::ClientSecret::parse(&secret) else { return Ok(ForSession::Refused(ErrorCode::InvalidClientSecret)) };
    let stored = match checkout::for_frame(ports, parsed.session_id(), &secret).await {
        Ok(stored) if stored.session.merchant_id == merchant.id && stored.session.livemode == live => stored,
        Ok(_) => return Ok(ForSession::Refused(ErrorCode::ResourceMissing)),
        Err(e) if matches!(e.code, ErrorCode::InvalidClientSecret | ErrorCode::ResourceMissing) => return Ok(ForSession::Refused(e.code)),
        Err(e) => return Err(e),
    };
    let summary = summary_of(app, ports, &stored, place, None, merchant.name.clone()).await?;
    let amount = &stored.session.amount;
    let shown = (amount.minor(), amount.currency().code(), i32::from(amount.currency().exponent()));
    Ok(ForSession::Ready { client_secret: secret, summary, amount: shown })
}

const FRAME: &str = include_str!("frame.html");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SummaryRequest {
    client_secret: String,
    publishable_key: String,
    /// The frame's device key thumbprint, so its earlier fingerprinting choice is known.
    device: Option<String>,
}

pub async fn summary(app: &App, mut req: Request, session_id: &str) -> ApiResult<Response> {
    let input: SummaryRequest = http::parse(&http::body(&mut req).await?, "Send client_secret and publishable_key.")?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let stored = checkout::for_frame(&ports, session_id, &input.client_secret).await?;
    let session = &stored.session;
    // The publishable key must be the session's merchant's, and of the session's mode.
    let merchant = merchants::by_publishable_key(&app.db, &input.publishable_key).await?;
    let Some((merchant, _)) = merchant.filter(|(m, live)| m.id == session.merchant_id && *live == session.livemode) else {
        return Err(ApiError::not_found("checkout session"));
    };
    let device = input.device.as_deref().filter(|d| d.len() == 43 && d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let place = super::confirm::origin(app, &req)?;
    http::json(200, &summary_of(app, &ports, &stored, &place, device, merchant.name).await?)
}

/// What the frame shows before the shopper pays, and what the region lets it read.
async fn summary_of(app: &App, ports: &EdgePorts<'_>, stored: &checkout::model::Stored, place: &Origin, device: Option<&str>, merchant_name: String) -> ApiResult<serde_json::Value> {
    let session = &stored.session;
    let privacy = checkout::regional::privacy(ports, session, place, device).await?;
    Ok(json!({
        "id": session.id,
        "object": "checkout_session_summary",
        "status": stored.status(app.now),
        "amount": session.amount.minor(),
        "currency": session.amount.currency().code(),
        "exponent": session.amount.currency().exponent(),
        "merchant": { "name": merchant_name },
        "expires_at": session.expires_at,
        "privacy": privacy,
    }))
}

/// The amount as the shopper's browser will write it (`Intl.NumberFormat`, which workerd has
/// too), so the Pay button does not change when the widget starts.
fn amount_text(minor: u64, currency: &str, exponent: i32, locale: &str) -> String {
    let major = minor as f64 / 10f64.powi(exponent);
    #[cfg(target_arch = "wasm32")]
    {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
        let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.into());
        let locales = js_sys::Array::of1(&locale.into());
        let format = js_sys::Intl::NumberFormat::new(&locales, &options).format();
        if let Some(text) = format.call1(&wasm_bindgen::JsValue::NULL, &major.into()).ok().and_then(|v| v.as_string()) {
            return text;
        }
    }
    let _ = locale;
    format!("{major:.*} {currency}", exponent.max(0) as usize)
}
