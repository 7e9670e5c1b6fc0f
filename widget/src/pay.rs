//! One payment attempt: encrypt the card to the edge's key, prove the device with a fresh DPoP
//! proof, confirm, and read the answer. A processor timeout is retried with the same card; the
//! edge resumes the payment it already recorded, so the card is never charged twice.

use serde_json::json;
use tessera_core::card::CardPayload;
use tessera_core::crypto::WebCrypto;
use tessera_core::jwk::PublicJwk;
use tessera_core::threeds::BrowserInfo;
use tessera_core::{dpop, jwe};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

use crate::api;
use crate::device::DeviceKey;
use crate::dom;

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

/// How a payment attempt ended.
pub enum Outcome {
    /// Paid.
    Succeeded { payment_id: String },
    /// The card was declined; the shopper may try again.
    Declined { message: String, decline_code: String, payment_id: String },
    /// The edge refused the attempt (for example the session expired).
    Refused { code: String, message: String },
}

/// How often a processor timeout is retried before giving up.
const RETRIES: u32 = 3;

fn error(e: tessera_core::Error) -> JsValue {
    JsValue::from_str(e.code())
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = dom::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Confirms the checkout with `card`.
pub async fn confirm(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout, card: &CardPayload, browser: &BrowserInfo) -> Result<Outcome, JsValue> {
    // The card's JSON is wiped from memory when the attempt ends.
    let plaintext = Zeroizing::new(serde_json::to_vec(card).map_err(|_| JsValue::from_str("invalid_json"))?);
    let path = format!("/v1/checkout_sessions/{}/confirm", checkout.session_id);
    let url = format!("{}{path}", dom::window().location().origin()?);
    let mut attempt = 0;
    loop {
        let card_jwe = jwe::encrypt(crypto, &checkout.recipient, &checkout.session_id, &plaintext).await.map_err(error)?;
        let now = js_sys::Date::now() / 1000.0 + checkout.clock_skew;
        let request = dpop::Request { method: "POST", url: &url, iat: now.max(0.0) as u64, nonce: None, access_token: None };
        let proof = dpop::build(crypto, &device.private, &device.public, &request).await.map_err(error)?;
        let body = json!({ "client_secret": checkout.client_secret, "card": card_jwe, "browser": browser });
        let reply = api::send("POST", &path, Some(&body), &[("DPoP", &proof)]).await?;
        let message = reply.body["error"]["message"].as_str().unwrap_or_default().to_owned();
        return Ok(match reply.status {
            200 => Outcome::Succeeded { payment_id: reply.body["id"].as_str().unwrap_or_default().to_owned() },
            402 => Outcome::Declined {
                message,
                decline_code: reply.body["error"]["decline_code"].as_str().unwrap_or_default().to_owned(),
                payment_id: reply.body["error"]["payment"]["id"].as_str().unwrap_or_default().to_owned(),
            },
            503 if attempt < RETRIES => {
                attempt += 1;
                sleep(reply.retry_after.unwrap_or(1).min(10) as i32 * 1000).await;
                continue;
            }
            _ => Outcome::Refused { code: reply.error_code().to_owned(), message },
        });
    }
}
