//! Shoppers, their devices, the risk rules and the decisions made with them (the `Devices`
//! port over D1). JSON columns become typed lists here.

use serde::Deserialize;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::risk::{DeviceState, Rules};

use super::{int, text, Db};
use crate::checkout::ports::{Decision, Device, Devices, Known};
use crate::error::{ApiError, ApiResult};

/// The D1 device registry.
pub struct D1Devices<'a> {
    pub db: &'a Db,
}

fn list<T: serde::de::DeserializeOwned>(json: &str) -> Vec<T> {
    serde_json::from_str(json).unwrap_or_default()
}

fn json<T: serde::Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|e| ApiError::internal("trust", &e.to_string()))
}

impl Devices for D1Devices<'_> {
    async fn rules(&self, merchant_id: &str) -> ApiResult<Rules> {
        let (operator, merchant) = futures_util::future::try_join(operator_rules(self.db), merchant_rules(self.db, merchant_id)).await?;
        Ok(operator.layered(&merchant))
    }

    async fn rules_of_session(&self, session_id: &str) -> ApiResult<Rules> {
        let (operator, merchant) = futures_util::future::try_join(operator_rules(self.db), merchant_rules_of_session(self.db, session_id)).await?;
        Ok(operator.layered(&merchant))
    }

    async fn device(&self, shopper: &str, device: &str) -> ApiResult<Option<Device>> {
        #[derive(Deserialize)]
        struct Row {
            state: DeviceState,
            countries: String,
            fingerprints: String,
        }
        let row: Option<Row> = self.db.first("SELECT state, countries, fingerprints FROM devices WHERE shopper_key = ? AND jkt = ?", &[text(shopper), text(device)]).await?;
        Ok(row.map(|r| Device {
            state: r.state,
            countries: list(&r.countries),
            // A fingerprint that no longer checks out (components renamed) is forgotten, not trusted.
            fingerprints: list::<serde_json::Value>(&r.fingerprints).into_iter().filter_map(|v| Fingerprint::from_value(v).ok()).collect(),
        }))
    }

    async fn countries(&self, shopper: &str) -> ApiResult<Vec<String>> {
        #[derive(Deserialize)]
        struct Row {
            countries: String,
        }
        let row: Option<Row> = self.db.first("SELECT countries FROM shoppers WHERE shopper_key = ?", &[text(shopper)]).await?;
        Ok(row.map(|r| list(&r.countries)).unwrap_or_default())
    }

    async fn save_context(&self, shopper: &str, device: &str, known: &Known<'_>, now: u64) -> ApiResult<()> {
        self.db
            .batch(&[
                (
                    "UPDATE devices SET state = CASE WHEN state = 'revoked' THEN 'revoked' WHEN ? = 1 THEN 'trusted' ELSE state END, \
                     countries = ?, fingerprints = ?, last_seen = ? WHERE shopper_key = ? AND jkt = ?"
                        .into(),
                    vec![int(u64::from(known.trust)), text(&json(&known.device_countries)?), text(&json(&known.fingerprints)?), int(now), text(shopper), text(device)],
                ),
                (
                    "INSERT INTO shoppers (shopper_key, countries, created_at) VALUES (?,?,?) ON CONFLICT (shopper_key) DO UPDATE SET countries = excluded.countries".into(),
                    vec![text(shopper), text(&json(&known.shopper_countries)?), int(now)],
                ),
            ])
            .await
    }

    async fn settle(&self, shopper: &str, d: &Decision) -> ApiResult<()> {
        self.db
            .batch(&[
                (
                    "INSERT INTO devices (shopper_key, jkt, state, first_seen, last_seen, region) VALUES (?,?, 'pending', ?, ?, ?) \
                     ON CONFLICT (shopper_key, jkt) DO UPDATE SET last_seen = excluded.last_seen, region = excluded.region"
                        .into(),
                    vec![text(shopper), text(&d.device), int(d.at), int(d.at), text(&d.region)],
                ),
                (
                    "INSERT INTO risk_decisions (id, session_id, merchant_id, jkt, action, reasons, signals, country, policy, sca, region, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)".into(),
                    vec![
                        text(&d.id), text(&d.session_id), text(&d.merchant_id), text(&d.device), text(d.action.as_str()), text(&json(&d.reasons)?),
                        text(&d.signals.to_string()), text(&d.country), text(&d.policy.to_string()), text(&d.sca.to_string()), text(&d.region), int(d.at),
                    ],
                ),
            ])
            .await
    }
}

/// A decision as the merchant sees it with the session.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct DecisionRow {
    pub id: String,
    pub action: tessera_core::risk::Action,
    pub reasons: String,
    pub country: String,
    pub policy: String,
    pub sca: String,
    pub created_at: u64,
}

pub async fn decisions_for_session(db: &Db, session_id: &str) -> ApiResult<Vec<DecisionRow>> {
    db.all("SELECT id, action, reasons, country, policy, sca, created_at FROM risk_decisions WHERE session_id = ? ORDER BY created_at, id", &[text(session_id)]).await
}

/// The operator's rules, or the defaults.
pub async fn operator_rules(db: &Db) -> ApiResult<Rules> {
    match rules(db).await? {
        Some(json) => Rules::from_json(json.as_bytes()).map_err(|_| ApiError::internal("risk", "stored rules do not parse")),
        None => Ok(Rules::default()),
    }
}

/// A merchant's own rules (none until it saves some).
pub async fn merchant_rules(db: &Db, merchant_id: &str) -> ApiResult<Vec<tessera_core::risk::Rule>> {
    own_rules(db, "SELECT rules FROM merchant_risk_rules WHERE merchant_id = ?", merchant_id).await
}

/// The own rules of the merchant of a session (none if it saved none or there is no session).
async fn merchant_rules_of_session(db: &Db, session_id: &str) -> ApiResult<Vec<tessera_core::risk::Rule>> {
    own_rules(db, "SELECT rules FROM merchant_risk_rules WHERE merchant_id = (SELECT merchant_id FROM checkout_sessions WHERE id = ?)", session_id).await
}

async fn own_rules(db: &Db, sql: &str, key: &str) -> ApiResult<Vec<tessera_core::risk::Rule>> {
    #[derive(Deserialize)]
    struct Row {
        rules: String,
    }
    match db.first::<Row>(sql, &[text(key)]).await? {
        Some(row) => Rules::merchant_from_json(row.rules.as_bytes()).map_err(|_| ApiError::internal("risk", "stored merchant rules do not parse")),
        None => Ok(Vec::new()),
    }
}

/// Saves a merchant's own rules.
pub async fn save_merchant_rules(db: &Db, merchant_id: &str, rules: &[tessera_core::risk::Rule], now: u64) -> ApiResult<()> {
    let json = serde_json::json!({ "rules": rules }).to_string();
    db.run(
        "INSERT INTO merchant_risk_rules (merchant_id, rules, updated_at) VALUES (?, ?, ?) ON CONFLICT (merchant_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
        &[text(merchant_id), text(&json), int(now)],
    )
    .await?;
    Ok(())
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
