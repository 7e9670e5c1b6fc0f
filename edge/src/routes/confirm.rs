//! The card frame's payment requests, parsed: `POST /v1/checkout_sessions/{id}/confirm`,
//! `…/verify` and `…/step_up/resend`.
//!
//! The checks, refused in this order: the client address's limit, the DPoP proof (device key,
//! method, URL, freshness, never seen before) and the device's limit, the session and its client
//! secret, the EMV 3DS browser fields, the card JWE (bound to this session), the card itself and
//! its limit, and the device fingerprint. Those that wait on storage run at once; of what they
//! write, only the limits' counts and the proof's `jti` can be left by a refused request. Then
//! the checkout's use case decides.

use serde::Deserialize;
use serde_json::Value;
use tessera_core::api::rate_limit::Subject;
use tessera_core::api::ErrorCode;
use tessera_core::card::YearMonth;
use tessera_core::dpop::{Expected, Verified};
use tessera_core::fingerprint::Fingerprint;
use tessera_core::threeds::BrowserInfo;
use tessera_core::Error as CoreError;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::checkout::model::{Origin, PayRequest, Proof, Stored};
use crate::checkout::{self, Reply};
use crate::config::Environment;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::replay::DurableReplayGuard;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    client_secret: String,
    card: String,
    browser: Value,
    #[serde(default)]
    fingerprint: Option<Value>,
    /// The one-time code, on `/verify` only.
    #[serde(default)]
    code: Option<String>,
    /// A passkey assertion, on `/verify` only.
    #[serde(default)]
    passkey: Option<Value>,
}

/// RFC 9449 §4.3: exactly one DPoP header. The runtime joins repeated headers with ", ", and a
/// compact JWS never contains a comma.
pub fn one_dpop_header(req: &Request) -> ApiResult<String> {
    match req.headers().get("DPoP")? {
        Some(proof) if !proof.contains(',') => Ok(proof),
        Some(_) => Err(ApiError::dpop(CoreError::DpopInvalidHeader).with_extra(serde_json::json!({ "detail": "send exactly one DPoP header" }))),
        None => Err(ApiError::from(ErrorCode::DpopRequired).with_header("WWW-Authenticate", r#"DPoP algs="ES256""#)),
    }
}

/// Verifies the request's DPoP proof (`proof`, from [`one_dpop_header`]) for its exact method
/// and URL, and takes the device's rate limit.
pub async fn device(app: &App, req: &Request, proof: &str) -> ApiResult<Verified> {
    limited_proof(app, req, proof).await
}

/// A replay guard that also takes the device's rate limit, at the same time: the key the proof
/// was signed with is known only once the signature holds, which is when the guard is asked.
struct GuardAndLimit<'a> {
    app: &'a App,
    limited: core::cell::RefCell<Option<ApiResult<()>>>,
}

impl tessera_core::dpop::ReplayGuard for GuardAndLimit<'_> {
    async fn first_use(&self, jkt: &tessera_core::jwk::Thumbprint, jti: &str, expires_at: u64) -> tessera_core::Result<bool> {
        let guard = DurableReplayGuard { env: &self.app.env };
        let (first, limited) = futures_util::future::join(guard.first_use(jkt, jti, expires_at), crate::rate_limit::take(self.app, Subject::Device, jkt.as_str())).await;
        *self.limited.borrow_mut() = Some(limited);
        first
    }
}

/// The proof checked, its `jti` used up and the device's limit taken, both in one wait.
async fn limited_proof(app: &App, req: &Request, proof: &str) -> ApiResult<Verified> {
    let url = req.url()?.to_string();
    let expected = Expected { method: "POST", url: &url, now: app.now, nonce: None, access_token: None };
    let guard = GuardAndLimit { app, limited: core::cell::RefCell::new(None) };
    let verified = app.crypto()?.verify_dpop(proof, &expected, app.config.dpop_window, &guard).await.map_err(ApiError::dpop)?;
    guard.limited.into_inner().unwrap_or_else(|| Err(ApiError::internal("dpop", "the replay guard was not asked")))?;
    Ok(verified)
}

/// The country (and subdivision) and address a request came from: `request.cf.country` and
/// `regionCode` (in development the `X-Tessera-Dev-Country` header may set them, `DE` or
/// `US-MD`) and `CF-Connecting-IP`.
pub fn origin(app: &App, req: &Request) -> ApiResult<Origin> {
    let valid = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
    let valid_subdivision = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let split = |place: String| -> Option<(String, Option<String>)> {
        let (country, subdivision) = match place.split_once('-') {
            Some((c, s)) => (c.to_owned(), Some(s.to_owned())),
            None => (place, None),
        };
        (valid(&country) && subdivision.as_deref().is_none_or(valid_subdivision)).then_some((country, subdivision))
    };
    let dev = match app.config.environment {
        Environment::Development => req.headers().get("X-Tessera-Dev-Country")?.map(|c| c.to_ascii_uppercase()).and_then(split),
        Environment::Production => None,
    };
    let cf = || {
        let (country, region) = app.cf_place();
        let country = country.filter(|c| valid(c))?;
        Some((country, region.filter(|r| valid_subdivision(r))))
    };
    let (country, subdivision) = dev.or_else(cf).unwrap_or_else(|| ("XX".into(), None));
    Ok(Origin { country, subdivision, ip: req.headers().get("CF-Connecting-IP")? })
}

/// Everything a payment request carries, checked: the request for the use case, and the
/// proof of a step-up if one came.
///
/// The checks that wait on storage do not depend on each other, so they go at once: the
/// address's limit, the proof's `jti` with the device's limit, the session and its secret, and
/// the card's limit (the card is decrypted against the session named in the path, which the
/// session check then holds to). Their refusals are reported in that order, as when they ran
/// one after the other; a refused request may still have counted against a limit, never less.
async fn checked(app: &App, ports: &EdgePorts<'_>, mut req: Request, session_id: &str, wants: Wants) -> ApiResult<Checked> {
    // The address's limit holds for bad input too: it is taken whatever the checks find.
    let raw = match http::body(&mut req).await {
        Ok(raw) => raw,
        Err(e) => {
            crate::rate_limit::client(app, &req).await?;
            return Err(e);
        }
    };
    let (client, checked) = futures_util::future::join(crate::rate_limit::client(app, &req), checks(app, ports, &req, &raw, session_id, wants)).await;
    client?;
    checked
}

async fn checks(app: &App, ports: &EdgePorts<'_>, req: &Request, raw: &[u8], session_id: &str, wants: Wants) -> ApiResult<Checked> {
    let origin = origin(app, req)?;
    let proof = one_dpop_header(req)?;
    let body: Body = http::parse(raw, "The body must be a JSON object with client_secret, card and browser.")?;
    tessera_core::ids::Id::parse(tessera_core::ids::Kind::CheckoutSession, session_id).map_err(|_| ApiError::not_found("checkout session"))?;
    let card = async {
        let card = app.crypto()?.decrypt_card(&app.config.encryption_keys, &body.card, session_id, YearMonth::from_unix(app.now)).await?;
        // Per card, whichever device, session or merchant it is tried on.
        let limited = crate::rate_limit::take(app, Subject::Card, &tessera_core::vault::card_fingerprint(&app.config.checkout.card_secret, &card.number)?).await;
        ApiResult::Ok((card, limited))
    };
    // A confirm's risk rules are read here too (by the session's merchant), to be at hand when
    // the lease is asked for.
    let rules = async {
        match wants {
            Wants::Rules => checkout::rules_of_session(ports, session_id).await.map(Some),
            Wants::Nothing => Ok(None),
        }
    };
    let (device, stored, card, rules) = futures_util::future::join4(limited_proof(app, req, &proof), checkout::for_frame(ports, session_id, &body.client_secret), card, rules).await;
    let device = device?;
    let stored: Stored = stored?;
    let browser = BrowserInfo::from_value(body.browser)?;
    let (card, limited) = card?;
    limited?;
    let fingerprint = body.fingerprint.map(Fingerprint::from_value).transpose()?;
    let fingerprint = checkout::regional::allowed_fingerprint(ports, &stored.session, &origin, device.jkt.as_str(), fingerprint.as_ref()).await?;
    let proof = match (body.passkey, body.code) {
        (Some(assertion), _) => Some(Proof::Passkey(assertion)),
        (None, Some(code)) => Some(Proof::Code(code)),
        (None, None) => None,
    };
    let request = PayRequest { parties: stored.session.parties(), session_id: stored.session.id, device: device.jkt.as_str().to_owned(), card, browser, fingerprint, origin };
    Ok(Checked { request, proof, rules: rules? })
}

/// What the use case needs read beside the checks.
#[derive(Clone, Copy)]
enum Wants {
    /// The merchant's risk rules (a confirm).
    Rules,
    Nothing,
}

/// A payment request, checked.
struct Checked {
    request: PayRequest,
    /// The proof of a step-up, if one came.
    proof: Option<Proof>,
    /// The risk rules, if asked for.
    rules: Option<tessera_core::risk::Rules>,
}

/// The answer for the card frame.
pub fn render(reply: Reply) -> ApiResult<Response> {
    match reply {
        Reply::Paid(payment) => http::json(200, &payment.to_frame()),
        Reply::Action(action) => http::json(200, &action),
    }
}

pub async fn post(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let checked = checked(app, &ports, req, session_id, Wants::Rules).await?;
    let rules = checked.rules.ok_or_else(|| ApiError::internal("confirm", "the rules were not read"))?;
    render(checkout::confirm_under(&ports, &checked.request, rules).await?)
}

pub async fn verify(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let checked = checked(app, &ports, req, session_id, Wants::Nothing).await?;
    let proof = checked.proof.ok_or_else(|| ApiError::from(ErrorCode::CodeRequired))?;
    render(checkout::verify(&ports, &checked.request, &proof).await?)
}
