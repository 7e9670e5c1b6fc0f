//! Charging a card: the vault, a payment row written before the processor is called, the
//! processor, and the webhook. Called with the session's lease held, once the risk decision
//! (or a step-up) allowed it.

use serde_json::json;
use tessera_core::card::Card;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::money::Amount;
use tessera_core::threeds::BrowserInfo;
use tessera_core::vault;
use worker::Response;

use crate::app::App;
use crate::http::{self, ApiError, ApiResult};
use crate::processor::sandbox::Sandbox;
use crate::processor::{Authorization, Connector, ConnectorError, Outcome};
use crate::store::merchants;
use crate::store::payments::{self, NewPayment, Payment};
use crate::store::sessions::{self, Session};
use crate::store::vault::{self as vault_store, NewCard};
use crate::webhooks;

/// Whether the charge went through, for the caller to learn from.
pub struct Charged {
    /// The answer for the card frame.
    pub response: ApiResult<Response>,
    /// True when the processor authorised the payment.
    pub succeeded: bool,
}

/// Charges `card` for `session` (resuming a payment left in flight by a timeout, if any).
pub async fn charge(app: &App, session: &Session, card: &Card, browser: &BrowserInfo, authenticated: bool) -> ApiResult<Charged> {
    let connector = Sandbox { env: &app.env };
    let payment = match payments::in_flight(&app.db, &session.id).await? {
        Some(resumed) => resumed,
        None => start_payment(app, session, card, &connector).await?,
    };
    let amount = Amount::new(session.amount, session.currency.parse()?)?;
    let outcome = connector.authorize(&Authorization { idempotency_key: &payment.id, card, amount, browser, authenticated }).await;
    let (status, decline, reference) = match &outcome {
        Ok(Outcome::Approved { reference }) => ("succeeded", None, Some(reference.as_str())),
        Ok(Outcome::Declined { code, reference }) => ("failed", Some(*code), reference.as_deref()),
        Err(error) => return Ok(Charged { response: Err(no_answer(error, &payment)), succeeded: false }),
    };
    payments::finish(&app.db, &payment.id, status, decline.map(|d| d.as_str()), reference, app.now).await?;
    if status == "succeeded" {
        sessions::succeed(&app.db, &session.id, &payment.id).await?;
    } else {
        sessions::reopen(&app.db, &session.id).await?;
    }
    let payment = payments::get(&app.db, &payment.id).await?.ok_or_else(|| ApiError::internal("charge", "payment vanished"))?;
    notify(app, session, &payment).await;
    let response = match decline {
        None => http::json(200, &payment.to_frame_json()),
        Some(code) => Err(ApiError::new(402, "card_declined", code.shopper_message())
            .with_extra(json!({ "decline_code": code.as_str(), "payment": payment.to_frame_json() }))),
    };
    Ok(Charged { response, succeeded: decline.is_none() })
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
    payments::get(&app.db, payment_id.as_str()).await?.ok_or_else(|| ApiError::internal("charge", "payment vanished"))
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
