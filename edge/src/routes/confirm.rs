//! `POST /v1/checkout_sessions/{id}/confirm`: the card frame pays.
//!
//! In order: the DPoP proof (device key, method, URL, freshness, never seen before), the
//! session and its client secret, the EMV 3DS browser fields, the card JWE (bound to this
//! session) and the card itself. Then, holding the session's lease: the risk decision, the
//! vault, a payment row written before the processor is called, the processor, and the
//! webhook. Nothing is written until every check has passed.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::card::{Card, YearMonth};
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::dpop::{self, Expected, Verified};
use tessera_core::ids::{ClientSecret, Id, Kind};
use tessera_core::jwe::{self, KeyRing};
use tessera_core::money::Amount;
use tessera_core::threeds::BrowserInfo;
use tessera_core::{kdf, vault, Error as CoreError};
use worker::{Request, Response};

use crate::app::App;
use crate::auth::secret_hash;
use crate::http::{self, ApiError, ApiResult};
use crate::lock;
use crate::processor::sandbox::Sandbox;
use crate::processor::{Authorization, Connector, ConnectorError, Outcome};
use crate::replay::DurableReplayGuard;
use crate::risk::{self, Decision};
use crate::store::payments::{self, NewPayment, Payment};
use crate::store::sessions::{self, Session};
use crate::store::vault::{self as vault_store, NewCard};
use crate::store::merchants;
use crate::webhooks;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmBody {
    client_secret: String,
    card: String,
    browser: Value,
}

pub async fn post(app: &App, mut req: Request, session_id: &str) -> ApiResult<Response> {
    let url = req.url()?.to_string();
    let proof = one_dpop_header(&req)?;
    let body = http::body(&mut req).await?;
    let body: ConfirmBody = serde_json::from_slice(&body)
        .map_err(|_| ApiError::new(400, "invalid_json", "The body must be a JSON object with client_secret, card and browser."))?;
    Id::parse(Kind::CheckoutSession, session_id).map_err(|_| ApiError::not_found("checkout session"))?;

    let expected = Expected { method: "POST", url: &url, now: app.now, nonce: None, access_token: None };
    let device = dpop::verify(&RustCrypto, &proof, &expected, app.config.dpop_window, &DurableReplayGuard { env: &app.env })
        .await
        .map_err(ApiError::dpop)?;

    let session = sessions::get(&app.db, session_id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    check_client_secret(&session, &body.client_secret)?;
    check_payable(app, &session).await?;
    let browser = BrowserInfo::from_value(body.browser)?;
    let card = decrypt_card(app, &body.card, session_id).await?;

    let Some(lease) = lock::acquire(&app.env, session_id, &device.jti).await? else {
        return Err(ApiError::new(409, "confirm_in_progress", "This checkout is already being confirmed."));
    };
    let result = confirm_locked(app, session_id, &card, &browser, &device).await;
    if let Err(e) = lease.release().await {
        worker::console_error!("could not release the session lease: {}", e.code);
    }
    result
}

/// The client secret must be this session's: same session id inside, same hash stored.
pub fn check_client_secret(session: &Session, client_secret: &str) -> ApiResult<()> {
    let matches = ClientSecret::parse(client_secret).is_ok_and(|s| s.session_id() == session.id)
        && kdf::constant_time_eq(secret_hash(client_secret).as_bytes(), session.client_secret_hash.as_bytes());
    if matches {
        Ok(())
    } else {
        Err(ApiError::new(401, "invalid_client_secret", "The client secret does not belong to this checkout session."))
    }
}

/// RFC 9449 §4.3: exactly one DPoP header. The runtime joins repeated headers with ", ", and a
/// compact JWS never contains a comma.
fn one_dpop_header(req: &Request) -> ApiResult<String> {
    match req.headers().get("DPoP")? {
        Some(proof) if !proof.contains(',') => Ok(proof),
        Some(_) => Err(ApiError::dpop(CoreError::DpopInvalidHeader).with_extra(json!({ "detail": "send exactly one DPoP header" }))),
        None => Err(ApiError::new(401, "dpop_required", "A DPoP proof signed by the device key is required.")
            .with_header("WWW-Authenticate", r#"DPoP algs="ES256""#)),
    }
}

/// Refuses sessions that are paid or expired (an expired session with a payment still in flight
/// may still resolve it).
async fn check_payable(app: &App, session: &Session) -> ApiResult<()> {
    if session.status == "succeeded" {
        return Err(ApiError::new(409, "session_already_paid", "This checkout session has already been paid.")
            .with_extra(json!({ "payment": session.payment_id })));
    }
    if session.is_expired(app.now) && payments::in_flight(&app.db, &session.id).await?.is_none() {
        return Err(ApiError::new(409, "session_expired", "This checkout session has expired."));
    }
    Ok(())
}

async fn decrypt_card(app: &App, compact: &str, session_id: &str) -> ApiResult<Card> {
    let kid = jwe::key_id(compact)?;
    let private = app.config.encryption_keys.active().find(|k| k.public().kid() == Some(kid.as_str())).ok_or(CoreError::UnknownKeyId)?;
    let mut ring = KeyRing::new();
    ring.insert(kid, RustCrypto.import_agreement_key(private).await?);
    let decrypted = jwe::decrypt(&RustCrypto, &ring, compact).await?;
    decrypted.expect_session(session_id)?;
    Ok(Card::from_json(&decrypted.plaintext, YearMonth::from_unix(app.now))?)
}

async fn confirm_locked(app: &App, session_id: &str, card: &Card, browser: &BrowserInfo, device: &Verified) -> ApiResult<Response> {
    // Read again under the lease: another confirm may have finished meanwhile.
    let session = sessions::get(&app.db, session_id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    check_payable(app, &session).await?;
    match risk::decide(&session, device) {
        Decision::Allow => {}
    }
    let connector = Sandbox { env: &app.env };
    let payment = match payments::in_flight(&app.db, &session.id).await? {
        Some(resumed) => resumed,
        None => start_payment(app, &session, card, &connector).await?,
    };

    let amount = Amount::new(session.amount, session.currency.parse()?)?;
    let outcome = connector
        .authorize(&Authorization { idempotency_key: &payment.id, card, amount, browser, authenticated: false })
        .await;
    let (status, decline, reference) = match &outcome {
        Ok(Outcome::Approved { reference }) => ("succeeded", None, Some(reference.as_str())),
        Ok(Outcome::Declined { code, reference }) => ("failed", Some(*code), reference.as_deref()),
        Err(error) => return Err(no_answer(error, &payment)),
    };
    payments::finish(&app.db, &payment.id, status, decline.map(|d| d.as_str()), reference, app.now).await?;
    if status == "succeeded" {
        sessions::succeed(&app.db, &session.id, &payment.id).await?;
    } else {
        sessions::reopen(&app.db, &session.id).await?;
    }
    let payment = payments::get(&app.db, &payment.id).await?.ok_or_else(|| ApiError::internal("confirm", "payment vanished"))?;
    notify(app, &session, &payment).await;

    match decline {
        None => http::json(200, &payment.to_frame_json()),
        Some(code) => Err(ApiError::new(402, "card_declined", code.shopper_message())
            .with_extra(json!({ "decline_code": code.as_str(), "payment": payment.to_frame_json() }))),
    }
}

/// Vaults the card and records the payment as processing, before the processor sees it.
async fn start_payment(app: &App, session: &Session, card: &Card, connector: &impl Connector) -> ApiResult<Payment> {
    if !sessions::begin_processing(&app.db, &session.id).await? {
        return Err(ApiError::new(409, "confirm_in_progress", "This checkout is already being confirmed."));
    }
    let stored = vault_card(app, &session.merchant_id, card).await;
    let payment_id = Id::generate(&RustCrypto, Kind::Payment)?;
    let inserted = match &stored {
        Ok(token) => {
            let new = NewPayment {
                id: payment_id.as_str(),
                merchant_id: &session.merchant_id,
                session_id: &session.id,
                token,
                amount: session.amount,
                currency: &session.currency,
                processor: connector.name(),
                now: app.now,
            };
            payments::insert_processing(&app.db, &new).await
        }
        Err(_) => Ok(false),
    };
    if !matches!(inserted, Ok(true)) {
        sessions::reopen(&app.db, &session.id).await?;
        stored?;
        inserted?;
        return Err(ApiError::new(409, "confirm_in_progress", "This checkout is already being confirmed."));
    }
    payments::get(&app.db, payment_id.as_str()).await?.ok_or_else(|| ApiError::internal("confirm", "payment vanished"))
}

/// Seals the card into the vault under a fresh token, which it returns.
async fn vault_card(app: &App, merchant_id: &str, card: &Card) -> ApiResult<String> {
    let token = Id::generate(&RustCrypto, Kind::Token)?;
    let sealed = app.config.data_keys.seal_pan(&RustCrypto, token.as_str(), &card.number).await?;
    let fingerprint = vault::card_fingerprint(app.config.fingerprint_secret.as_bytes(), &card.number)?;
    vault_store::insert(&app.db, &NewCard {
        token: token.as_str(),
        merchant_id,
        fingerprint: &fingerprint,
        brand: card.number.brand().as_str(),
        last4: card.number.last4(),
        exp_month: card.expiry.month(),
        exp_year: card.expiry.year(),
        pan: &sealed,
        now: app.now,
    })
    .await?;
    Ok(token.as_str().to_owned())
}

/// The processor did not answer: the payment stays `processing` and a retry of the same confirm
/// asks again with the same idempotency key, so it is never charged twice.
fn no_answer(error: &ConnectorError, payment: &Payment) -> ApiError {
    let (code, message) = match error {
        ConnectorError::Timeout => ("processor_timeout", "The payment processor did not answer in time. Retry; the card will not be charged twice."),
        ConnectorError::Unavailable => ("processor_unavailable", "The payment processor is unavailable. Retry; the card will not be charged twice."),
    };
    ApiError::new(503, code, message).with_header("Retry-After", "1").with_extra(json!({ "payment": payment.to_frame_json() }))
}

/// Sends the webhook; a failure here is logged, never turned into a failed payment.
async fn notify(app: &App, session: &Session, payment: &Payment) {
    let merchant = match merchants::by_id(&app.db, &session.merchant_id).await {
        Ok(Some(m)) => m,
        _ => return worker::console_error!("webhook: merchant {} not found", session.merchant_id),
    };
    if let Err(e) = webhooks::enqueue(&app.env, &app.db, &merchant, payment, app.now).await {
        worker::console_error!("webhook for {} not queued: {}", payment.id, e.code);
    }
}
