//! A session's life outside the card frame's payment requests: made by the merchant, opened by
//! the frame with its client secret, changed by the merchant, swept when its time runs out.

use tessera_core::api::{ErrorCode, EventType};
use tessera_core::checkout::{step, Checkout, Event, Transition};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{ClientSecret, Id, Kind};
use tessera_core::kdf;
use tessera_core::money::Amount;
use tessera_core::session::NewSession;

use super::charge::{deliver, target};
use super::model::{Session, Stored};
use super::pay::commit_for;
use super::ports::{Notifier, Ports, Sessions};
use crate::processor::Connector;
use crate::error::{ApiError, ApiResult};

/// Lower-case hex of SHA-256: how secret keys and client secrets are stored.
pub fn secret_hash(secret: &str) -> String {
    kdf::sha256(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes a session for a merchant in a mode; returns it with its client secret, the only time the
/// secret exists outside the browser. A live session needs the merchant's processor.
pub async fn create(p: &impl Ports, merchant_id: &str, livemode: bool, new: &NewSession) -> ApiResult<(Stored, String)> {
    p.processor().name(target(merchant_id, livemode)).await?;
    let id = Id::generate(&RustCrypto, Kind::CheckoutSession)?;
    let client_secret = ClientSecret::generate(&RustCrypto, &id)?;
    let session = Session {
        id: id.as_str().to_owned(),
        merchant_id: merchant_id.to_owned(),
        client_secret_hash: secret_hash(client_secret.as_str()),
        amount: new.amount,
        reference: new.reference.clone(),
        email: new.email.clone(),
        phone: new.phone.clone(),
        payment_id: None,
        livemode,
        capture_method: new.capture_method,
        recurring_series: new.recurring_series.clone(),
        expires_at: p.now() + new.ttl,
        created_at: p.now(),
    };
    let checkout = Checkout::open(session.binding(), session.expires_at);
    p.sessions().insert(&session, &checkout).await?;
    Ok((Stored { session, checkout, version: 0, step_up: None }, client_secret.as_str().to_owned()))
}

/// The session a card-frame request names, if its client secret is this session's.
pub async fn for_frame(p: &impl Ports, session_id: &str, client_secret: &str) -> ApiResult<Stored> {
    Id::parse(Kind::CheckoutSession, session_id).map_err(|_| ApiError::not_found("checkout session"))?;
    let stored = p.sessions().load(session_id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    let matches = ClientSecret::parse(client_secret).is_ok_and(|s| s.session_id() == stored.session.id)
        && kdf::constant_time_eq(secret_hash(client_secret).as_bytes(), stored.session.client_secret_hash.as_bytes());
    if !matches {
        return Err(ErrorCode::InvalidClientSecret.into());
    }
    Ok(stored)
}

/// The merchant's session `id` in its mode, or 404 whoever else's it is.
pub async fn for_merchant(p: &impl Ports, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Stored> {
    match p.sessions().load(id).await? {
        Some(stored) if stored.session.merchant_id == merchant_id && stored.session.livemode == livemode => Ok(stored),
        _ => Err(ApiError::not_found("checkout session")),
    }
}

/// Changes an open session's amount or reference. A code sent before no longer approves
/// anything: it was bound to the old amount.
pub async fn update(p: &impl Ports, stored: Stored, amount: Option<Amount>, reference: Option<String>) -> ApiResult<Stored> {
    let changed = Session {
        amount: amount.unwrap_or(stored.session.amount),
        reference: reference.unwrap_or_else(|| stored.session.reference.clone()),
        ..stored.session.clone()
    };
    let event = Event::Updated { binding: changed.binding() };
    let t = step(&stored.checkout, event.clone(), p.now(), &p.settings().limits);
    if let Some(refusal) = t.refusal() {
        return Err(refusal.into());
    }
    let mut commit = commit_for(p, &stored, &event, &t);
    commit.amount = Some((changed.amount, changed.reference.clone()));
    p.sessions().commit(&commit).await?;
    Ok(Stored { session: changed, checkout: t.next, version: stored.version + 1, ..stored })
}

/// `POST /v1/checkout_sessions/{id}/cancel`: the session is no longer payable.
pub async fn cancel(p: &impl Ports, stored: Stored) -> ApiResult<Stored> {
    let t = step(&stored.checkout, Event::Cancel, p.now(), &p.settings().limits);
    if let Some(refusal) = t.refusal() {
        return Err(refusal.into());
    }
    closed(p, stored, Event::Cancel, t, EventType::CheckoutSessionCanceled).await
}

/// Writes a session's end (canceled, expired) with its event.
async fn closed(p: &impl Ports, stored: Stored, event: Event, t: Transition, kind: EventType) -> ApiResult<Stored> {
    let after = Stored { checkout: t.next.clone(), version: stored.version + 1, ..stored.clone() };
    let mut commit = commit_for(p, &stored, &event, &t);
    let s = &stored.session;
    commit.events.push(p.notifier().plan(&s.merchant_id, s.livemode, kind, &s.id, &after.to_json(p.now())).await?);
    p.sessions().commit(&commit).await?;
    deliver(p, &commit.events).await;
    Ok(after)
}

/// Marks sessions whose time ran out as expired (the scheduled sweep); how many it marked.
pub async fn expire_due(p: &impl Ports, limit: u32) -> ApiResult<u32> {
    let mut expired = 0;
    for id in p.sessions().due_to_expire(p.now(), limit).await? {
        let Some(stored) = p.sessions().load(&id).await? else { continue };
        let t = step(&stored.checkout, Event::Expire, p.now(), &p.settings().limits);
        // A confirm that moved it meanwhile wins; the next sweep looks again.
        if t.next != stored.checkout && closed(p, stored, Event::Expire, t, EventType::CheckoutSessionExpired).await.is_ok() {
            expired += 1;
        }
    }
    Ok(expired)
}
