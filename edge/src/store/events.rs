//! Events, webhook endpoints, deliveries and every delivery attempt. An event is written in the
//! batch of the change it tells of, with one delivery per endpoint (of its merchant and mode)
//! that subscribes to its type; each delivery is driven by its own Durable Object. Events are
//! kept thirty days.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tessera_core::api::{subscribes, EventType};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::vault::Sealed;

use super::{int, opt, text, Db, Statement};
use crate::checkout::ports::{NewEvent, Notifier};
use crate::error::{ApiError, ApiResult};

/// An event as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    pub merchant_id: String,
    pub livemode: u8,
    #[serde(rename = "type")]
    pub kind: String,
    pub payload: String,
    pub created_at: u64,
}

impl Event {
    /// The event as the API shows it: the payload that was signed.
    pub fn to_json(&self) -> Value {
        serde_json::from_str(&self.payload).unwrap_or(Value::Null)
    }
}

/// The statements that record an event and its deliveries.
pub fn insert_statements(e: &NewEvent, now: u64) -> Vec<Statement> {
    let mut out: Vec<Statement> = vec![(
        "INSERT INTO events (id, merchant_id, livemode, type, object_id, payload, created_at) VALUES (?,?,?,?,?,?,?)".into(),
        vec![text(&e.id), text(&e.merchant_id), int(u64::from(e.livemode)), text(e.kind.as_str()), text(&e.object_id), text(&e.payload), int(now)],
    )];
    for (delivery, endpoint) in &e.deliveries {
        out.push((
            "INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at) VALUES (?,?,?, 'pending', 0, ?, ?)".into(),
            vec![text(delivery), text(&e.id), text(endpoint), int(now), int(now)],
        ));
    }
    out
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Event>> {
    db.first("SELECT id, merchant_id, livemode, type, payload, created_at FROM events WHERE id = ?", &[text(id)]).await
}

/// A page of a merchant's events in a mode, newest first, of one type if given.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, kind: Option<EventType>, after: Option<&Event>, limit: u64) -> ApiResult<Vec<Event>> {
    let mut sql = "SELECT id, merchant_id, livemode, type, payload, created_at FROM events WHERE merchant_id = ? AND livemode = ?".to_owned();
    let mut params = vec![text(merchant_id), int(u64::from(livemode))];
    if let Some(kind) = kind {
        sql.push_str(" AND type = ?");
        params.push(text(kind.as_str()));
    }
    if let Some(cursor) = after {
        sql.push_str(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        params.extend([int(cursor.created_at), int(cursor.created_at), text(&cursor.id)]);
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.push(int(limit));
    db.all(&sql, &params).await
}

/// A webhook endpoint as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub merchant_id: String,
    pub livemode: u8,
    pub url: String,
    pub enabled_events: String,
    secret_key_id: String,
    secret_iv: String,
    secret_ciphertext: String,
    previous_key_id: Option<String>,
    previous_iv: Option<String>,
    previous_ciphertext: Option<String>,
    pub previous_expires_at: Option<u64>,
    pub created_at: u64,
}

impl Endpoint {
    /// The event types it wants.
    pub fn enabled(&self) -> Vec<String> {
        serde_json::from_str(&self.enabled_events).unwrap_or_default()
    }

    /// Its signing secrets, sealed: the current, and the rolled one while it still counts.
    pub fn secrets(&self, now: u64) -> Vec<Sealed> {
        let mut out = vec![Sealed { key_id: self.secret_key_id.clone(), iv: self.secret_iv.clone(), ciphertext: self.secret_ciphertext.clone() }];
        if let (Some(key_id), Some(iv), Some(ciphertext), Some(until)) = (&self.previous_key_id, &self.previous_iv, &self.previous_ciphertext, self.previous_expires_at)
            && until > now
        {
            out.push(Sealed { key_id: key_id.clone(), iv: iv.clone(), ciphertext: ciphertext.clone() });
        }
        out
    }

    /// The API's view (never the secret).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "webhook_endpoint",
            "livemode": self.livemode == 1,
            "url": self.url,
            "enabled_events": self.enabled(),
            "status": "enabled",
            "created_at": self.created_at,
        })
    }
}

const ENDPOINT_COLUMNS: &str = "id, merchant_id, livemode, url, enabled_events, secret_key_id, secret_iv, secret_ciphertext, previous_key_id, \
    previous_iv, previous_ciphertext, previous_expires_at, created_at";

/// A new endpoint, its secret sealed for its merchant.
#[allow(clippy::too_many_arguments)]
pub async fn insert_endpoint(db: &Db, id: &str, merchant_id: &str, livemode: bool, url: &str, enabled: &[String], secret: &Sealed, now: u64) -> ApiResult<()> {
    let enabled = serde_json::to_string(enabled).map_err(|e| ApiError::internal("events", &e.to_string()))?;
    db.run(
        "INSERT INTO webhook_endpoints (id, merchant_id, livemode, url, enabled_events, secret_key_id, secret_iv, secret_ciphertext, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        &[text(id), text(merchant_id), int(u64::from(livemode)), text(url), text(&enabled), text(&secret.key_id), text(&secret.iv), text(&secret.ciphertext), int(now)],
    )
    .await?;
    Ok(())
}

pub async fn endpoint(db: &Db, id: &str) -> ApiResult<Option<Endpoint>> {
    db.first(&format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?"), &[text(id)]).await
}

pub async fn endpoints(db: &Db, merchant_id: &str, livemode: bool) -> ApiResult<Vec<Endpoint>> {
    db.all(&format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE merchant_id = ? AND livemode = ? ORDER BY created_at, id"), &[text(merchant_id), int(u64::from(livemode))]).await
}

pub async fn delete_endpoint(db: &Db, id: &str) -> ApiResult<bool> {
    Ok(db.run("DELETE FROM webhook_endpoints WHERE id = ?", &[text(id)]).await? == 1)
}

/// A new secret; the old one keeps signing until `previous_expires_at`.
pub async fn roll_secret(db: &Db, id: &str, secret: &Sealed, previous_expires_at: u64) -> ApiResult<()> {
    db.run(
        "UPDATE webhook_endpoints SET previous_key_id = secret_key_id, previous_iv = secret_iv, previous_ciphertext = secret_ciphertext, \
         previous_expires_at = ?, secret_key_id = ?, secret_iv = ?, secret_ciphertext = ? WHERE id = ?",
        &[int(previous_expires_at), text(&secret.key_id), text(&secret.iv), text(&secret.ciphertext), text(id)],
    )
    .await?;
    Ok(())
}

/// A delivery as stored.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Delivery {
    pub id: String,
    pub event_id: String,
    pub endpoint_id: String,
    pub status: tessera_core::webhook::DeliveryStatus,
    pub attempts: u32,
    pub next_attempt_at: Option<u64>,
    pub delivered_at: Option<u64>,
}

pub async fn delivery(db: &Db, id: &str) -> ApiResult<Option<Delivery>> {
    db.first("SELECT id, event_id, endpoint_id, status, attempts, next_attempt_at, delivered_at FROM deliveries WHERE id = ?", &[text(id)]).await
}

pub async fn deliveries_of(db: &Db, event_id: &str) -> ApiResult<Vec<Delivery>> {
    db.all("SELECT id, event_id, endpoint_id, status, attempts, next_attempt_at, delivered_at FROM deliveries WHERE event_id = ? ORDER BY created_at, id", &[text(event_id)]).await
}

/// One attempt as the merchant sees it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AttemptRow {
    pub delivery_id: String,
    pub attempt: u32,
    pub url: String,
    pub attempted_at: u64,
    pub response_status: Option<u16>,
    pub duration_ms: u64,
    pub error: Option<String>,
}

pub async fn attempts_of(db: &Db, event_id: &str) -> ApiResult<Vec<AttemptRow>> {
    db.all(
        "SELECT a.delivery_id, a.attempt, a.url, a.attempted_at, a.response_status, a.duration_ms, a.error FROM delivery_attempts a \
         JOIN deliveries d ON d.id = a.delivery_id WHERE d.event_id = ? ORDER BY a.attempted_at, a.attempt",
        &[text(event_id)],
    )
    .await
}

/// One attempt and the state it leaves the delivery in.
pub struct Attempt<'a> {
    pub delivery_id: &'a str,
    pub attempt: u32,
    pub url: &'a str,
    pub response_status: Option<u16>,
    pub duration_ms: u64,
    pub error: Option<&'a str>,
    pub status: tessera_core::webhook::DeliveryStatus,
    pub next_attempt_at: Option<u64>,
    pub now: u64,
}

/// Records one attempt and the delivery's new state, together.
pub async fn record_attempt(db: &Db, a: &Attempt<'_>) -> ApiResult<()> {
    use tessera_core::webhook::DeliveryStatus;
    let null = wasm_bindgen::JsValue::NULL;
    let delivered_at = if a.status == DeliveryStatus::Delivered { int(a.now) } else { null.clone() };
    db.batch(&[
        (
            "INSERT INTO delivery_attempts (delivery_id, attempt, url, attempted_at, response_status, duration_ms, error) VALUES (?,?,?,?,?,?,?)".into(),
            vec![text(a.delivery_id), int(a.attempt.into()), text(a.url), int(a.now), a.response_status.map_or(null.clone(), |s| int(s.into())), int(a.duration_ms), opt(a.error)],
        ),
        (
            "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?".into(),
            vec![text(a.status.as_str()), int(a.attempt.into()), a.next_attempt_at.map_or(null, int), delivered_at, text(a.delivery_id)],
        ),
    ])
    .await
}

/// Sends an event again: its deliveries become due now (and endpoints that want it and had no
/// delivery get one). Returns the deliveries to start.
pub async fn retry(db: &Db, event: &Event, now: u64) -> ApiResult<Vec<String>> {
    let kind = EventType::parse(&event.kind);
    let existing = deliveries_of(db, &event.id).await?;
    let mut ids: Vec<String> = existing.iter().map(|d| d.id.clone()).collect();
    for endpoint in endpoints(db, &event.merchant_id, event.livemode == 1).await? {
        let wanted = kind.is_some_and(|k| subscribes(&endpoint.enabled(), k));
        if wanted && !existing.iter().any(|d| d.endpoint_id == endpoint.id) {
            let id = Id::generate(&RustCrypto, Kind::Delivery)?.as_str().to_owned();
            db.run(
                "INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at) VALUES (?,?,?, 'pending', 0, ?, ?)",
                &[text(&id), text(&event.id), text(&endpoint.id), int(now), int(now)],
            )
            .await?;
            ids.push(id);
        }
    }
    db.run("UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE event_id = ?", &[int(now), text(&event.id)]).await?;
    Ok(ids)
}

/// Deliveries whose next attempt is overdue by `grace` seconds (their object's alarm was lost).
pub async fn overdue(db: &Db, now: u64, grace: u64, limit: u32) -> ApiResult<Vec<String>> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let rows: Vec<Id> = db
        .all("SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?", &[int(now.saturating_sub(grace)), int(limit.into())])
        .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Forgets events older than `before` (the policy's outbox window), with their deliveries and
/// attempts; how many events.
pub async fn forget_before(db: &Db, before: wasm_bindgen::JsValue) -> ApiResult<usize> {
    db.batch(&[
        ("DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.created_at < ?)".into(), vec![before.clone()]),
        ("DELETE FROM deliveries WHERE event_id IN (SELECT id FROM events WHERE created_at < ?)".into(), vec![before.clone()]),
    ])
    .await?;
    db.run("DELETE FROM events WHERE created_at < ?", &[before]).await
}

/// Events and their delivery over D1 and the delivery Durable Objects.
pub struct D1Events<'a> {
    pub db: &'a Db,
    pub env: &'a worker::Env,
    pub now: u64,
    /// A merchant's endpoints (of a mode) read ahead by `prepare`, for this request only.
    pub read_ahead: std::cell::RefCell<Option<(String, bool, Vec<Endpoint>)>>,
}

impl D1Events<'_> {
    async fn endpoints_of(&self, merchant_id: &str, livemode: bool) -> ApiResult<Vec<Endpoint>> {
        let cached = self.read_ahead.borrow().as_ref().filter(|(m, l, _)| m == merchant_id && *l == livemode).map(|(_, _, e)| e.clone());
        match cached {
            Some(endpoints) => Ok(endpoints),
            None => endpoints(self.db, merchant_id, livemode).await,
        }
    }
}

impl Notifier for D1Events<'_> {
    async fn plan(&self, merchant_id: &str, livemode: bool, kind: EventType, object_id: &str, object: &Value) -> ApiResult<NewEvent> {
        let id = Id::generate(&RustCrypto, Kind::Event)?.as_str().to_owned();
        let payload = json!({ "id": id, "object": "event", "type": kind, "created": self.now, "livemode": livemode, "data": { "object": object } }).to_string();
        let mut deliveries = Vec::new();
        for endpoint in self.endpoints_of(merchant_id, livemode).await? {
            if subscribes(&endpoint.enabled(), kind) {
                deliveries.push((Id::generate(&RustCrypto, Kind::Delivery)?.as_str().to_owned(), endpoint.id));
            }
        }
        Ok(NewEvent { id, merchant_id: merchant_id.to_owned(), livemode, kind, object_id: object_id.to_owned(), payload, deliveries })
    }

    async fn prepare(&self, merchant_id: &str, livemode: bool) {
        // A failed read here is read again by `plan`, which answers for it.
        if let Ok(found) = endpoints(self.db, merchant_id, livemode).await {
            *self.read_ahead.borrow_mut() = Some((merchant_id.to_owned(), livemode, found));
        }
    }

    async fn deliver(&self, event: &NewEvent) -> ApiResult<()> {
        for (delivery, _) in &event.deliveries {
            crate::webhooks::start(self.env, delivery).await?;
        }
        Ok(())
    }
}
