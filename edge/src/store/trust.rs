//! Shoppers, their devices, and the risk decisions made about them.

use serde::Deserialize;

use super::{int, text, Db};
use crate::http::ApiResult;

/// A device row.
#[derive(Debug, Clone, Deserialize)]
pub struct Device {
    pub state: String,
    pub countries: String,
    pub fingerprints: String,
}

pub async fn device(db: &Db, shopper_key: &str, jkt: &str) -> ApiResult<Option<Device>> {
    db.first("SELECT state, countries, fingerprints FROM devices WHERE shopper_key = ? AND jkt = ?", &[text(shopper_key), text(jkt)]).await
}

/// Registers a device as `pending` the first time it is seen; refreshes `last_seen` after that.
pub async fn touch_device(db: &Db, shopper_key: &str, jkt: &str, now: u64) -> ApiResult<()> {
    db.run(
        "INSERT INTO devices (shopper_key, jkt, state, first_seen, last_seen) VALUES (?,?, 'pending', ?, ?) \
         ON CONFLICT (shopper_key, jkt) DO UPDATE SET last_seen = excluded.last_seen",
        &[text(shopper_key), text(jkt), int(now), int(now)],
    )
    .await?;
    Ok(())
}

/// Records a context the shopper proved or paid from: the device becomes `trusted` (unless
/// revoked) and remembers the country and fingerprint; the shopper remembers the country.
pub async fn record_trusted_context(db: &Db, shopper_key: &str, jkt: &str, countries: &str, fingerprints: &str, shopper_countries: &str, now: u64) -> ApiResult<()> {
    db.run(
        "UPDATE devices SET state = CASE state WHEN 'revoked' THEN 'revoked' ELSE 'trusted' END, countries = ?, fingerprints = ?, last_seen = ? \
         WHERE shopper_key = ? AND jkt = ?",
        &[text(countries), text(fingerprints), int(now), text(shopper_key), text(jkt)],
    )
    .await?;
    db.run(
        "INSERT INTO shoppers (shopper_key, countries, created_at) VALUES (?,?,?) ON CONFLICT (shopper_key) DO UPDATE SET countries = excluded.countries",
        &[text(shopper_key), text(shopper_countries), int(now)],
    )
    .await?;
    Ok(())
}

pub async fn shopper_countries(db: &Db, shopper_key: &str) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        countries: String,
    }
    Ok(db.first::<Row>("SELECT countries FROM shoppers WHERE shopper_key = ?", &[text(shopper_key)]).await?.map(|r| r.countries))
}

/// A decision as stored and shown to the merchant.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct DecisionRow {
    pub id: String,
    pub action: String,
    pub reasons: String,
    pub country: String,
    pub created_at: u64,
}

/// What a decision row holds.
pub struct NewDecision<'a> {
    pub id: &'a str,
    pub session_id: &'a str,
    pub merchant_id: &'a str,
    pub jkt: &'a str,
    pub action: &'a str,
    pub reasons: &'a str,
    pub signals: &'a str,
    pub country: &'a str,
    pub now: u64,
}

pub async fn insert_decision(db: &Db, d: &NewDecision<'_>) -> ApiResult<()> {
    db.run(
        "INSERT INTO risk_decisions (id, session_id, merchant_id, jkt, action, reasons, signals, country, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        &[text(d.id), text(d.session_id), text(d.merchant_id), text(d.jkt), text(d.action), text(d.reasons), text(d.signals), text(d.country), int(d.now)],
    )
    .await?;
    Ok(())
}

pub async fn decisions_for_session(db: &Db, session_id: &str) -> ApiResult<Vec<DecisionRow>> {
    db.all("SELECT id, action, reasons, country, created_at FROM risk_decisions WHERE session_id = ? ORDER BY created_at, id", &[text(session_id)]).await
}

/// The operator's rule set, if one was saved.
pub async fn rules(db: &Db) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        rules: String,
    }
    Ok(db.first::<Row>("SELECT rules FROM risk_config WHERE id = 1", &[]).await?.map(|r| r.rules))
}

pub async fn save_rules(db: &Db, rules: &str, now: u64) -> ApiResult<()> {
    db.run(
        "INSERT INTO risk_config (id, rules, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
        &[text(rules), int(now)],
    )
    .await?;
    Ok(())
}
