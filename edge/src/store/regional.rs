//! The `Regional` port over D1: fingerprinting choices, the low-value counters, trusted
//! merchants and recurring series.

use serde::Deserialize;
use tessera_core::policy::consent::Choice;
use tessera_core::policy::sca::Counted;

use super::trust::D1Devices;
use super::{int, text};
use crate::checkout::model::Session;
use crate::checkout::ports::{Consent, Regional};
use crate::error::{ApiError, ApiResult};

#[derive(Deserialize)]
struct ConsentRow {
    id: String,
    jkt: String,
    merchant_id: String,
    session_id: String,
    choice: String,
    language: String,
    policy_version: String,
    policy_rule: String,
    region: String,
    created_at: u64,
}

impl ConsentRow {
    fn into_consent(self) -> ApiResult<Consent> {
        let choice = Choice::parse(&self.choice).ok_or_else(|| ApiError::internal("consents", "a stored choice is unknown"))?;
        Ok(Consent {
            id: self.id,
            device: self.jkt,
            merchant_id: self.merchant_id,
            session_id: self.session_id,
            choice,
            language: self.language,
            policy_version: self.policy_version,
            policy_rule: self.policy_rule,
            region: self.region,
            at: self.created_at,
        })
    }
}

/// The columns a consent is read by.
pub const CONSENT_COLUMNS: &str = "id, jkt, merchant_id, session_id, choice, language, policy_version, policy_rule, region, created_at";

/// Consents of a session, oldest first (shown with the session).
pub async fn consents_for_session(db: &super::Db, session_id: &str) -> ApiResult<Vec<Consent>> {
    let rows: Vec<ConsentRow> = db.all(&format!("SELECT {CONSENT_COLUMNS} FROM consents WHERE session_id = ? ORDER BY created_at, id"), &[text(session_id)]).await?;
    rows.into_iter().map(ConsentRow::into_consent).collect()
}

/// The latest choice of each browser linked to a personal account at each merchant, with the
/// merchant's name.
pub async fn consents_for_account(db: &super::Db, account_id: &str) -> ApiResult<Vec<(Consent, String)>> {
    #[derive(Deserialize)]
    struct Named {
        #[serde(flatten)]
        row: ConsentRow,
        merchant_name: String,
    }
    let rows: Vec<Named> = db
        .all(
            "SELECT c.id, c.jkt, c.merchant_id, c.session_id, c.choice, c.language, c.policy_version, c.policy_rule, c.region, c.created_at, m.name AS merchant_name \
             FROM consents c JOIN merchants m ON m.id = c.merchant_id WHERE c.account_id = ? \
             AND c.rowid = (SELECT d.rowid FROM consents d WHERE d.jkt = c.jkt AND d.merchant_id = c.merchant_id ORDER BY d.created_at DESC, d.rowid DESC LIMIT 1) \
             ORDER BY c.created_at DESC",
            &[text(account_id)],
        )
        .await?;
    rows.into_iter().map(|n| Ok((n.row.into_consent()?, n.merchant_name))).collect()
}

/// Links the choices made from `device` to the personal account that just signed in on it in the
/// frame of `session_id`, so the account can withdraw them.
pub async fn link_consents(db: &super::Db, session_id: &str, device: &str) -> ApiResult<()> {
    db.run(
        "UPDATE consents SET account_id = (SELECT account_id FROM account_grants WHERE session_id = ? AND jkt = ? ORDER BY rowid DESC LIMIT 1)          WHERE jkt = ? AND account_id IS NULL",
        &[text(session_id), text(device), text(device)],
    )
    .await?;
    Ok(())
}

/// Withdraws the choice `id` of a browser linked to `account_id`: a new `withdrawn` record under
/// the current policy, so the next checkout from that browser asks again and, until then, the
/// edge keeps only the strictly necessary components.
pub async fn withdraw(db: &super::Db, account_id: &str, id: &str, new_id: &str, version: &str, at: u64) -> ApiResult<bool> {
    let changed = db
        .run(
            "INSERT INTO consents (id, jkt, merchant_id, session_id, account_id, choice, language, policy_version, policy_rule, region, created_at) \
             SELECT ?, jkt, merchant_id, session_id, account_id, 'withdrawn', language, ?, policy_rule, region, ? FROM consents WHERE id = ? AND account_id = ?",
            &[text(new_id), text(version), int(at), text(id), text(account_id)],
        )
        .await?;
    Ok(changed == 1)
}

impl Regional for D1Devices<'_> {
    async fn consent(&self, device: &str, merchant_id: &str) -> ApiResult<Option<Consent>> {
        let row: Option<ConsentRow> = self
            .db
            .first(&format!("SELECT {CONSENT_COLUMNS} FROM consents WHERE jkt = ? AND merchant_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1"), &[text(device), text(merchant_id)])
            .await?;
        row.map(ConsentRow::into_consent).transpose()
    }

    async fn record_consent(&self, c: &Consent) -> ApiResult<()> {
        // A new choice from a browser already linked to an account stays linked.
        self.db
            .run(
                "INSERT INTO consents (id, jkt, merchant_id, session_id, account_id, choice, language, policy_version, policy_rule, region, created_at) \
                 VALUES (?,?,?,?,(SELECT account_id FROM consents WHERE jkt = ? AND account_id IS NOT NULL LIMIT 1),?,?,?,?,?,?)",
                &[
                    text(&c.id), text(&c.device), text(&c.merchant_id), text(&c.session_id), text(&c.device), text(c.choice.as_str()), text(&c.language),
                    text(&c.policy_version), text(&c.policy_rule), text(&c.region), int(c.at),
                ],
            )
            .await?;
        Ok(())
    }

    async fn counted(&self, keys: &[String]) -> ApiResult<Counted> {
        #[derive(Deserialize)]
        struct Row {
            count: u32,
            total: u64,
        }
        let mut counted = Counted::default();
        for key in keys {
            if let Some(r) = self.db.first::<Row>("SELECT count, total FROM sca_counters WHERE key = ?", &[text(key)]).await? {
                counted = Counted { count: counted.count.max(r.count), total: counted.total.max(r.total) };
            }
        }
        Ok(counted)
    }

    async fn take_low_value(&self, keys: &[String], value: u64, count: u32, total: u64, now: u64) -> ApiResult<bool> {
        let [card, shopper] = keys else { return Err(ApiError::internal("sca", "two counters are taken together")) };
        self.db
            .batch(&[
                ("INSERT OR IGNORE INTO sca_counters (key, count, total, updated_at) VALUES (?, 0, 0, ?)".into(), vec![text(card), int(now)]),
                ("INSERT OR IGNORE INTO sca_counters (key, count, total, updated_at) VALUES (?, 0, 0, ?)".into(), vec![text(shopper), int(now)]),
            ])
            .await?;
        // One statement: D1 runs it alone, so two confirms at once cannot both fit in the room
        // that is left for one; the guard holds for both counters or neither is touched.
        let changed = self
            .db
            .run(
                "UPDATE sca_counters SET count = count + 1, total = total + ?, updated_at = ? WHERE key IN (?, ?) \
                 AND NOT EXISTS (SELECT 1 FROM sca_counters WHERE key IN (?, ?) AND (count + 1 > ? OR total + ? > ?))",
                &[int(value), int(now), text(card), text(shopper), text(card), text(shopper), int(u64::from(count)), int(value), int(total)],
            )
            .await?;
        Ok(changed == 2)
    }

    async fn reset_low_value(&self, keys: &[String]) -> ApiResult<()> {
        for key in keys {
            self.db.run("DELETE FROM sca_counters WHERE key = ?", &[text(key)]).await?;
        }
        Ok(())
    }

    async fn recurring_established(&self, session: &Session, series: &str, card: &str) -> ApiResult<bool> {
        #[derive(Deserialize)]
        struct Row {
            #[allow(dead_code)]
            id: String,
        }
        let email = session.email.as_ref().map(|e| e.as_str().to_owned()).unwrap_or_default();
        let phone = session.phone.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default();
        let row: Option<Row> = self
            .db
            .first(
                "SELECT p.id FROM payments p JOIN checkout_sessions s ON s.id = p.session_id JOIN vault_cards v ON v.token = p.token \
                 WHERE s.merchant_id = ? AND s.recurring_series = ? AND s.id != ? AND v.fingerprint = ? AND p.amount = ? AND p.currency = ? \
                 AND p.authenticated = 1 AND p.status IN ('requires_capture', 'succeeded') \
                 AND COALESCE(s.shopper_email, '') = ? AND COALESCE(s.shopper_phone, '') = ? LIMIT 1",
                &[
                    text(&session.merchant_id), text(series), text(&session.id), text(card), int(session.amount.minor()), text(session.amount.currency().code()),
                    text(&email), text(&phone),
                ],
            )
            .await?;
        Ok(row.is_some())
    }

    async fn exemption(&self, session_id: &str, device: &str) -> ApiResult<Option<tessera_core::policy::sca::Exemption>> {
        #[derive(Deserialize)]
        struct Row {
            sca: String,
        }
        let row: Option<Row> = self.db.first("SELECT sca FROM risk_decisions WHERE session_id = ? AND jkt = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", &[text(session_id), text(device)]).await?;
        Ok(row.and_then(|r| serde_json::from_str::<serde_json::Value>(&r.sca).ok()).and_then(|v| v["exemption"].as_str().and_then(tessera_core::policy::sca::Exemption::parse)))
    }

    async fn trusted_beneficiary(&self, email: &str, merchant_id: &str) -> ApiResult<bool> {
        #[derive(Deserialize)]
        struct Row {
            #[allow(dead_code)]
            merchant_id: String,
        }
        let row: Option<Row> = self
            .db
            .first(
                "SELECT t.merchant_id FROM trusted_merchants t JOIN shopper_accounts a ON a.id = t.account_id WHERE a.email = ? AND t.merchant_id = ? AND a.locked_at IS NULL",
                &[text(email), text(merchant_id)],
            )
            .await?;
        Ok(row.is_some())
    }
}

/// The account's trusted merchants, and the merchants it paid in a frame that it could add.
pub async fn trusted_merchants(db: &super::Db, account_id: &str) -> ApiResult<serde_json::Value> {
    #[derive(Deserialize, serde::Serialize)]
    struct Row {
        id: String,
        name: String,
        trusted_at: Option<u64>,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT m.id, m.name, t.created_at AS trusted_at FROM merchants m LEFT JOIN trusted_merchants t ON t.merchant_id = m.id AND t.account_id = ? \
             WHERE t.account_id IS NOT NULL OR m.id IN (SELECT s.merchant_id FROM account_grants g JOIN checkout_sessions s ON s.id = g.session_id WHERE g.account_id = ?) \
             ORDER BY m.name",
            &[text(account_id), text(account_id)],
        )
        .await?;
    let (trusted, others): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.trusted_at.is_some());
    Ok(serde_json::json!({ "object": "trusted_merchants", "data": trusted, "paid": others }))
}

/// Adds a merchant the account paid to its trusted list; `false` if it never paid it.
pub async fn trust(db: &super::Db, account_id: &str, merchant_id: &str, now: u64) -> ApiResult<bool> {
    let changed = db
        .run(
            "INSERT OR IGNORE INTO trusted_merchants (account_id, merchant_id, created_at) SELECT ?, s.merchant_id, ? FROM account_grants g \
             JOIN checkout_sessions s ON s.id = g.session_id WHERE g.account_id = ? AND s.merchant_id = ? LIMIT 1",
            &[text(account_id), int(now), text(account_id), text(merchant_id)],
        )
        .await?;
    let known = db.first::<serde_json::Value>("SELECT 1 AS x FROM trusted_merchants WHERE account_id = ? AND merchant_id = ?", &[text(account_id), text(merchant_id)]).await?;
    Ok(changed == 1 || known.is_some())
}

/// Removes a merchant from the account's trusted list.
pub async fn untrust(db: &super::Db, account_id: &str, merchant_id: &str) -> ApiResult<bool> {
    Ok(db.run("DELETE FROM trusted_merchants WHERE account_id = ? AND merchant_id = ?", &[text(account_id), text(merchant_id)]).await? == 1)
}
