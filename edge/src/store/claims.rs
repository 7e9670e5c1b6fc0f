//! Unauthorised-payment claims in D1. One open claim per payment (a unique index), so a shopper
//! who reports twice, or from the receipt and the account at once, gets the first back.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::policy::claim::{Status, Via};

use super::{int, opt, text, Db};
use crate::error::{ApiError, ApiResult};

/// A claim as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: String,
    pub payment_id: String,
    pub merchant_id: String,
    pub livemode: bool,
    /// The payment's amount, minor units, and currency: what the claim is about.
    pub amount: u64,
    pub currency: String,
    pub via: Via,
    pub description: String,
    pub region: String,
    pub policy_version: String,
    pub policy_rule: String,
    pub due_at: u64,
    pub status: Status,
    pub refund_id: Option<String>,
    pub explanation: Option<String>,
    pub created_at: u64,
    pub resolved_at: Option<u64>,
}

impl Claim {
    /// The API's view, for the merchant and the shopper alike (nothing in it is the other's).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "claim",
            "livemode": self.livemode,
            "payment": self.payment_id,
            "amount": self.amount,
            "currency": self.currency,
            "status": self.status.as_str(),
            "via": self.via.as_str(),
            "description": self.description,
            "policy": { "version": self.policy_version, "region": self.region, "rule": self.policy_rule },
            "due_at": self.due_at,
            "refund": self.refund_id,
            "explanation": self.explanation,
            "created_at": self.created_at,
            "resolved_at": self.resolved_at,
        })
    }
}

#[derive(Deserialize)]
struct Row {
    id: String,
    payment_id: String,
    merchant_id: String,
    livemode: u8,
    amount: u64,
    currency: String,
    via: String,
    description: String,
    region: String,
    policy_version: String,
    policy_rule: String,
    due_at: u64,
    status: String,
    refund_id: Option<String>,
    explanation: Option<String>,
    created_at: u64,
    resolved_at: Option<u64>,
}

const SELECT: &str = "SELECT id, payment_id, merchant_id, livemode, \
    (SELECT amount FROM payments WHERE payments.id = claims.payment_id) AS amount, (SELECT currency FROM payments WHERE payments.id = claims.payment_id) AS currency, via, description, region, policy_version, policy_rule, due_at, status, \
    refund_id, explanation, created_at, resolved_at FROM claims";

impl Row {
    fn into_claim(self) -> ApiResult<Claim> {
        let bad = || ApiError::internal("claims", "a stored claim has an unknown status or origin");
        Ok(Claim {
            id: self.id,
            payment_id: self.payment_id,
            merchant_id: self.merchant_id,
            livemode: self.livemode == 1,
            amount: self.amount,
            currency: self.currency,
            via: if self.via == "account" { Via::Account } else if self.via == "receipt" { Via::Receipt } else { return Err(bad()) },
            description: self.description,
            region: self.region,
            policy_version: self.policy_version,
            policy_rule: self.policy_rule,
            due_at: self.due_at,
            status: Status::parse(&self.status).ok_or_else(bad)?,
            refund_id: self.refund_id,
            explanation: self.explanation,
            created_at: self.created_at,
            resolved_at: self.resolved_at,
        })
    }
}

/// Stores a new open claim; `false` if the payment already has one open.
pub async fn insert(db: &Db, c: &Claim) -> ApiResult<bool> {
    let changed = db
        .run(
            "INSERT OR IGNORE INTO claims (id, payment_id, merchant_id, livemode, via, description, region, policy_version, policy_rule, due_at, status, created_at) \
             VALUES (?,?,?,?,?,?,?,?,?,?, 'open', ?)",
            &[
                text(&c.id), text(&c.payment_id), text(&c.merchant_id), int(u64::from(c.livemode)), text(c.via.as_str()), text(&c.description), text(&c.region),
                text(&c.policy_version), text(&c.policy_rule), int(c.due_at), int(c.created_at),
            ],
        )
        .await?;
    Ok(changed == 1)
}

/// The claim `id` of a merchant in a mode.
pub async fn get(db: &Db, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Option<Claim>> {
    let row: Option<Row> = db.first(&format!("{SELECT} WHERE id = ? AND merchant_id = ? AND livemode = ?"), &[text(id), text(merchant_id), int(u64::from(livemode))]).await?;
    row.map(Row::into_claim).transpose()
}

/// The newest claim on a payment.
pub async fn of_payment(db: &Db, payment_id: &str) -> ApiResult<Option<Claim>> {
    let row: Option<Row> = db.first(&format!("{SELECT} WHERE payment_id = ? ORDER BY created_at DESC, id DESC LIMIT 1"), &[text(payment_id)]).await?;
    row.map(Row::into_claim).transpose()
}

/// A merchant's claims, newest first, optionally only those in `status`.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, status: Option<Status>, after: Option<&Claim>, limit: u64) -> ApiResult<Vec<Claim>> {
    let mut sql = format!("{SELECT} WHERE merchant_id = ? AND livemode = ?");
    let mut params = vec![text(merchant_id), int(u64::from(livemode))];
    if let Some(s) = status {
        sql.push_str(" AND status = ?");
        params.push(text(s.as_str()));
    }
    if let Some(cursor) = after {
        sql.push_str(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        params.extend([int(cursor.created_at), int(cursor.created_at), text(&cursor.id)]);
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.push(int(limit));
    db.all::<Row>(&sql, &params).await?.into_iter().map(Row::into_claim).collect()
}

/// Closes an open claim; `false` if it was no longer open (another answer came first).
pub async fn resolve(db: &Db, id: &str, status: Status, refund_id: Option<&str>, explanation: Option<&str>, at: u64) -> ApiResult<bool> {
    let changed = db
        .run(
            "UPDATE claims SET status = ?, refund_id = ?, explanation = ?, resolved_at = ? WHERE id = ? AND status = 'open'",
            &[text(status.as_str()), opt(refund_id), opt(explanation), int(at), text(id)],
        )
        .await?;
    Ok(changed == 1)
}

/// The country the payer paid from: the newest decision on the payment's session.
pub async fn payer_place(db: &Db, session_id: &str) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Place {
        country: String,
    }
    Ok(db.first::<Place>("SELECT country FROM risk_decisions WHERE session_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", &[text(session_id)]).await?.map(|p| p.country))
}

/// The payments a personal account paid in a card frame: those whose session the account was
/// granted on.
pub async fn account_paid(db: &Db, account_id: &str, payment_id: &str) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Found {
        #[allow(dead_code)]
        id: String,
    }
    let row: Option<Found> = db
        .first(
            "SELECT p.id FROM payments p JOIN account_grants g ON g.session_id = p.session_id WHERE p.id = ? AND g.account_id = ? LIMIT 1",
            &[text(payment_id), text(account_id)],
        )
        .await?;
    Ok(row.is_some())
}

/// The payments a personal account made in card frames, newest first, with their merchant and
/// any claim on them: what the account's page lists for the holder to check.
pub async fn account_payments(db: &Db, account_id: &str) -> ApiResult<Vec<Value>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        merchant: String,
        amount: u64,
        currency: String,
        status: String,
        created_at: u64,
        claim_id: Option<String>,
        claim_status: Option<String>,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT p.id, m.name AS merchant, p.amount, p.currency, p.status, p.created_at, c.id AS claim_id, c.status AS claim_status FROM payments p \
             JOIN merchants m ON m.id = p.merchant_id LEFT JOIN claims c ON c.id = (SELECT id FROM claims WHERE payment_id = p.id ORDER BY created_at DESC LIMIT 1) \
             WHERE p.session_id IN (SELECT session_id FROM account_grants WHERE account_id = ?) ORDER BY p.created_at DESC LIMIT 100",
            &[text(account_id)],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let claim = r.claim_id.map(|id| json!({ "id": id, "status": r.claim_status }));
            json!({ "id": r.id, "object": "payment", "merchant": { "name": r.merchant }, "amount": r.amount, "currency": r.currency, "status": r.status, "created_at": r.created_at, "claim": claim })
        })
        .collect())
}
