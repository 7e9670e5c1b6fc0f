//! Talking to the edge about a payment: confirm, verify a step-up code, ask for a new code.
//! Every request carries a fresh DPoP proof from the device key; confirm and verify carry the
//! card encrypted to the edge's key. A processor timeout is retried with the same card: the edge
//! resumes the payment it already recorded, so the card is never charged twice.

use crate::prelude::*;
use tessera_core::api::{ErrorCode, NextActionType, SessionStatus};
use tessera_core::card::CardPayload;
use tessera_core::crypto::WebCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::jwk::PublicJwk;
use tessera_core::threeds::BrowserInfo;
use tessera_core::{dpop, jwe};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

use crate::api::{self, Reply};
use crate::device::DeviceKey;
use crate::{dom, js};

/// What the frame knows about the checkout it pays.
#[derive(Clone)]
pub struct Checkout {
    /// `cs_…`
    pub session_id: String,
    /// The session's client secret.
    pub client_secret: String,
    /// The edge's current encryption key (with its `kid`).
    pub recipient: PublicJwk,
    /// Server time minus local time, in seconds, so proofs carry the edge's notion of now.
    pub clock_skew: f64,
}

/// Everything one payment request needs.
pub struct Attempt<'a> {
    pub crypto: &'a WebCrypto,
    pub device: &'a DeviceKey,
    pub checkout: &'a Checkout,
    pub card: &'a CardPayload,
    pub browser: &'a BrowserInfo,
    pub fingerprint: &'a Fingerprint,
}

/// How a request ended.
pub enum Outcome {
    /// Paid.
    Succeeded { payment_id: String },
    /// The card was declined; the shopper may try again.
    Declined { message: String, decline_code: String, payment_id: String },
    /// The shopper must prove it is them: with a passkey when `passkey` holds assertion options,
    /// else with the code sent to `destination`.
    StepUp { destination: String, passkey: Option<JsValue> },
    /// The edge refused (a wrong code, an expired session…); `attempts_left` for wrong codes.
    /// `code` is `None` for a code this frame does not know, which it treats as final.
    Refused { code: Option<ErrorCode>, message: String, attempts_left: Option<u64> },
}

/// How often a processor timeout is retried before giving up.
const RETRIES: u32 = 3;

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = dom::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// POSTs `body` to `path` with a fresh DPoP proof for exactly that URL.
pub(crate) async fn post_signed(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout, path: &str, body: &JsValue) -> Result<Reply, JsValue> {
    let url = [dom::window().location().origin()?.as_str(), path].concat();
    let now = js_sys::Date::now() / 1000.0 + checkout.clock_skew;
    let request = dpop::Request { method: "POST", url: &url, iat: now.max(0.0) as u64, nonce: None, access_token: None };
    let proof = dpop::build(crypto, &device.private, &device.public, &request).await.map_err(js::error)?;
    api::send("POST", path, Some(body), &[("DPoP", &proof)]).await
}

pub(crate) fn outcome(reply: &Reply) -> Outcome {
    let body = &reply.body;
    let error = js::get(body, "error");
    if reply.status == 200 {
        return match SessionStatus::parse(&js::text(body, "status")) {
            Some(SessionStatus::RequiresAction) => {
                let action = js::get(body, "next_action");
                let passkey = (NextActionType::parse(&js::text(&action, "type")) == Some(NextActionType::Passkey)).then(|| js::get(&action, "public_key"));
                Outcome::StepUp { destination: js::text(&action, "destination"), passkey }
            }
            _ => Outcome::Succeeded { payment_id: js::text(body, "id") },
        };
    }
    match reply.error_code() {
        Some(ErrorCode::CardDeclined) => Outcome::Declined {
            message: js::text(&error, "message"),
            decline_code: js::text(&error, "decline_code"),
            payment_id: js::at(&error, &["payment", "id"]).as_string().unwrap_or_default(),
        },
        code => Outcome::Refused {
            code,
            message: js::text(&error, "message"),
            attempts_left: js::get(&error, "attempts_left").as_f64().filter(|n| *n >= 0.0).map(|n| n as u64),
        },
    }
}

/// How a step-up is answered.
pub enum Proof<'a> {
    /// The one-time code.
    Code(&'a str),
    /// A passkey assertion.
    Passkey(&'a JsValue),
}

/// Confirms (or, with a proof, verifies) with the card encrypted afresh for each try.
async fn pay(attempt: &Attempt<'_>, step: &str, proof: Option<Proof<'_>>) -> Result<Outcome, JsValue> {
    let checkout = attempt.checkout;
    // The card's JSON is wiped from memory when the request ends.
    let plaintext = Zeroizing::new(serde_json::to_vec(attempt.card).map_err(|_| JsValue::from_str("invalid_json"))?);
    let path = ["/v1/checkout_sessions/", &checkout.session_id, "/", step].concat();
    let mut tries = 0;
    loop {
        let card = jwe::encrypt(attempt.crypto, &checkout.recipient, &checkout.session_id, &plaintext).await.map_err(js::error)?;
        let mut fields = vec![
            ("client_secret", JsValue::from_str(&checkout.client_secret)),
            ("card", card.into()),
            ("browser", js::from_serde(attempt.browser)),
            ("fingerprint", js::from_serde(attempt.fingerprint)),
        ];
        match &proof {
            Some(Proof::Code(code)) => fields.push(("code", (*code).into())),
            Some(Proof::Passkey(assertion)) => fields.push(("passkey", (*assertion).clone())),
            None => {}
        }
        let body = js::object(&fields);
        let reply = post_signed(attempt.crypto, attempt.device, checkout, &path, &body).await?;
        // A passing cause (a processor timeout, a confirm still running): the same request again,
        // from the same device with the same card, resumes what the edge recorded.
        if reply.error_code().is_some_and(ErrorCode::retryable) && tries < RETRIES {
            tries += 1;
            sleep(reply.retry_after.unwrap_or(1).min(10) as i32 * 1000).await;
            continue;
        }
        return Ok(outcome(&reply));
    }
}

/// POSTs a body that carries no card, retrying passing causes as a confirm does.
pub(crate) async fn post_retrying(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout, path: &str, body: &JsValue) -> Result<Outcome, JsValue> {
    let mut tries = 0;
    loop {
        let reply = post_signed(crypto, device, checkout, path, body).await?;
        if reply.error_code().is_some_and(ErrorCode::retryable) && tries < RETRIES {
            tries += 1;
            sleep(reply.retry_after.unwrap_or(1).min(10) as i32 * 1000).await;
            continue;
        }
        return Ok(outcome(&reply));
    }
}

/// Confirms the checkout.
pub async fn confirm(attempt: &Attempt<'_>) -> Result<Outcome, JsValue> {
    pay(attempt, "confirm", None).await
}

/// Completes a step-up with a code or a passkey assertion.
pub async fn verify(attempt: &Attempt<'_>, proof: Proof<'_>) -> Result<Outcome, JsValue> {
    pay(attempt, "verify", Some(proof)).await
}

/// Registers a passkey for the shopper, right after a code step-up: options, the browser's
/// ceremony, then the credential back to the edge.
pub async fn add_passkey(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout) -> Result<bool, JsValue> {
    let base = ["/v1/checkout_sessions/", &checkout.session_id, "/passkeys"].concat();
    let secret = js::object(&[("client_secret", checkout.client_secret.as_str().into())]);
    let options = post_signed(crypto, device, checkout, &[base.as_str(), "/options"].concat(), &secret).await?;
    if options.status != 200 {
        return Ok(false);
    }
    let credential = crate::passkey::create(&options.body).await?;
    let body = js::object(&[("client_secret", checkout.client_secret.as_str().into()), ("credential", credential)]);
    Ok(post_signed(crypto, device, checkout, &base, &body).await?.status == 201)
}

/// Asks for a new code.
pub async fn resend(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout) -> Result<Outcome, JsValue> {
    let path = ["/v1/checkout_sessions/", &checkout.session_id, "/step_up/resend"].concat();
    let secret = js::object(&[("client_secret", checkout.client_secret.as_str().into())]);
    let reply = post_signed(crypto, device, checkout, &path, &secret).await?;
    Ok(outcome(&reply))
}
