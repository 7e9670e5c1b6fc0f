//! The card frame: `GET /v1/frame` (the page, with a CSP naming the merchant's allowed origins)
//! and `POST /v1/checkout_sessions/{id}/summary` (what the frame shows before the shopper pays).

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
use crate::store::merchants;

#[derive(Deserialize)]
struct FrameQuery {
    pk: Option<String>,
    origin: Option<String>,
    locale: Option<String>,
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

pub async fn page(app: &App, req: Request) -> ApiResult<Response> {
    let query: FrameQuery = req.query().map_err(|_| ApiError::from(ErrorCode::InvalidQuery))?;
    let (Some(pk), Some(origin)) = (query.pk, query.origin) else {
        return refusal(400, "This page is the Tessera card frame; load it with Tessera(…).mount().");
    };
    if Mode::of_key(&pk).is_none_or(|(_, kind)| kind != KeyKind::Publishable) {
        return refusal(400, "The publishable key is not valid.");
    }
    let Some((merchant, _)) = merchants::by_publishable_key(&app.db, &pk).await? else {
        return refusal(404, "The publishable key is not valid.");
    };
    // The edge's own pages (hosted invoices) embed the frame too.
    let own = req.url()?.origin().ascii_serialization();
    if origin != own && !merchant.allows_origin(&origin) {
        return refusal(403, "This site is not allowed to embed this merchant's card form.");
    }
    let locale = query.locale.filter(|l| valid_locale(l)).unwrap_or_default();
    let accept = req.headers().get("Accept")?.unwrap_or_default();
    let language = i18n::language(&locale, &req.headers().get("Accept-Language")?.unwrap_or_default());
    let words = &language.frame;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
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
        // What the region lets the frame read before it knows more: where it is everything, the
        // slow probes start at once instead of after the summary.
        .replace("{fingerprinting}", checkout::regional::applied(&ports, &super::confirm::origin(app, &req)?).rules.fingerprinting.as_str())
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
    let privacy = checkout::regional::privacy(&ports, session, &super::confirm::origin(app, &req)?, device).await?;
    http::json(200, &json!({
        "id": session.id,
        "object": "checkout_session_summary",
        "status": stored.status(app.now),
        "amount": session.amount.minor(),
        "currency": session.amount.currency().code(),
        "exponent": session.amount.currency().exponent(),
        "merchant": { "name": merchant.name },
        "expires_at": session.expires_at,
        "privacy": privacy,
    }))
}
