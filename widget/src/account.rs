//! A shopper's Tessera account inside the frame: signing in with the account's passkey to pay
//! with a saved card (nothing typed), and, right after paying as a guest, saving the card.
//!
//! The passkey answers a challenge the edge bound to this session, this device key, the amount
//! and the payee; every request is signed with the device key. Saving happens in a Tessera window
//! of its own (the edge's origin, first-party), which receives the single-use offer by
//! `postMessage` from this frame and from no one else.

use crate::prelude::*;
use tessera_core::crypto::WebCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::threeds::BrowserInfo;
use wasm_bindgen::JsValue;

pub use tessera_core::frame::{SavedCard, SignedIn};

use crate::device::DeviceKey;
use crate::pay::{self, Checkout, Outcome};
use crate::{js, passkey};

fn path(checkout: &Checkout, rest: &str) -> String {
    ["/v1/checkout_sessions/", &checkout.session_id, "/", rest].concat()
}

/// The passkey ceremony, then the sign-in; `Err(outcome)` when the edge refused.
pub async fn sign_in(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout) -> Result<Result<SignedIn, Outcome>, JsValue> {
    let secret = js::object(&[("client_secret", checkout.client_secret.as_str().into())]);
    let options = pay::post_signed(crypto, device, checkout, &path(checkout, "account/options"), &secret).await?;
    if options.status != 200 {
        return Ok(Err(pay::outcome(&options)));
    }
    let assertion = passkey::get(&js::get(&options.body, "publicKey")).await?;
    let body = js::object(&[("client_secret", checkout.client_secret.as_str().into()), ("credential", assertion)]);
    let reply = pay::post_signed(crypto, device, checkout, &path(checkout, "account/sign_in"), &body).await?;
    if reply.status != 200 {
        return Ok(Err(pay::outcome(&reply)));
    }
    let b = &reply.body;
    let cards = js_sys::Array::from(&js::get(b, "cards"))
        .iter()
        .map(|c| SavedCard { id: js::text(&c, "id"), brand: js::text(&c, "brand"), last4: js::text(&c, "last4") })
        .collect();
    Ok(Ok(SignedIn { email_masked: js::at(b, &["account", "email_masked"]).as_string().unwrap_or_default(), cards, within_limit: js::get(b, "within_limit").as_bool().unwrap_or(false) }))
}

/// Pays with a saved card of the signed-in account.
pub async fn pay(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout, card: &str, browser: &BrowserInfo, fingerprint: &Fingerprint) -> Result<Outcome, JsValue> {
    let body = js::object(&[
        ("client_secret", checkout.client_secret.as_str().into()),
        ("card", card.into()),
        ("browser", js::from_serde(browser)),
        ("fingerprint", js::from_serde(fingerprint)),
    ]);
    pay::post_retrying(crypto, device, checkout, &path(checkout, "account/pay"), &body).await
}

/// The single-use offer to save the card that just paid.
pub async fn save_offer(crypto: &WebCrypto, device: &DeviceKey, checkout: &Checkout) -> Result<Option<String>, JsValue> {
    let secret = js::object(&[("client_secret", checkout.client_secret.as_str().into())]);
    let reply = pay::post_signed(crypto, device, checkout, &path(checkout, "save_card"), &secret).await?;
    Ok((reply.status == 201).then(|| js::text(&reply.body, "offer")))
}
