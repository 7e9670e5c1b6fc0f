//! Disputes and the files of their evidence (kept apart, so reading a dispute does not read its
//! files' bytes).

use serde::Deserialize;
use serde_json::Value;
use tessera_core::money::Amount;
use tessera_core::payment::dispute::DisputeStatus;

use super::{int, text, Db, Statement};
use crate::checkout::model::Dispute;
use crate::checkout::ports::DisputeWrite;
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    merchant_id: String,
    livemode: u8,
    payment_id: String,
    amount: u64,
    currency: String,
    reason: String,
    status: DisputeStatus,
    evidence: String,
    evidence_due_by: u64,
    submitted_at: Option<u64>,
    created_at: u64,
    updated_at: u64,
}

#[derive(Debug, Deserialize)]
struct FileRow {
    name: String,
    content_type: String,
    size: u64,
}

const SELECT: &str = "SELECT id, merchant_id, livemode, payment_id, amount, currency, reason, status, evidence, evidence_due_by, \
    submitted_at, created_at, updated_at FROM disputes";

async fn with_files(db: &Db, row: Row) -> ApiResult<Dispute> {
    let currency = row.currency.parse().map_err(|_| ApiError::internal("disputes", "stored dispute has an unknown currency"))?;
    let files: Vec<FileRow> = db.all("SELECT name, content_type, size FROM dispute_files WHERE dispute_id = ? ORDER BY name", &[text(&row.id)]).await?;
    Ok(Dispute {
        id: row.id,
        merchant_id: row.merchant_id,
        livemode: row.livemode == 1,
        payment_id: row.payment_id,
        amount: Amount::new(row.amount, currency).map_err(|_| ApiError::internal("disputes", "stored dispute has a bad amount"))?,
        reason: row.reason,
        status: row.status,
        evidence: serde_json::from_str(&row.evidence).unwrap_or(Value::Null),
        files: files.into_iter().map(|f| (f.name, f.content_type, f.size)).collect(),
        evidence_due_by: row.evidence_due_by,
        submitted_at: row.submitted_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The statements a payment's commit writes for its dispute.
pub fn write_statements(write: &DisputeWrite, now: u64) -> Vec<Statement> {
    match write {
        DisputeWrite::Insert(d) => vec![(
            "INSERT INTO disputes (id, merchant_id, livemode, payment_id, amount, currency, reason, status, evidence, evidence_due_by, created_at, updated_at) \
             VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                .into(),
            vec![
                text(&d.id), text(&d.merchant_id), int(u64::from(d.livemode)), text(&d.payment_id), int(d.amount.minor()), text(d.amount.currency().code()),
                text(&d.reason), text(d.status.as_str()), text(&d.evidence.to_string()), int(d.evidence_due_by), int(d.created_at), int(d.updated_at),
            ],
        )],
        DisputeWrite::Update { id, status, evidence, files, submitted_at } => {
            let mut out: Vec<Statement> = vec![(
                "UPDATE disputes SET status = ?, evidence = ?, submitted_at = COALESCE(?, submitted_at), updated_at = ? WHERE id = ?".into(),
                vec![text(status.as_str()), text(&evidence.to_string()), submitted_at.map_or(wasm_bindgen::JsValue::NULL, int), int(now), text(id)],
            )];
            for f in files {
                out.push((
                    "INSERT INTO dispute_files (dispute_id, name, content_type, size, data) VALUES (?,?,?,?,?) \
                     ON CONFLICT (dispute_id, name) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, data = excluded.data"
                        .into(),
                    vec![text(id), text(&f.name), text(&f.content_type), int(f.size), text(&f.data)],
                ));
            }
            out
        }
    }
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Dispute>> {
    match db.first::<Row>(&format!("{SELECT} WHERE id = ?"), &[text(id)]).await? {
        Some(row) => Ok(Some(with_files(db, row).await?)),
        None => Ok(None),
    }
}

pub async fn of_payment(db: &Db, payment_id: &str) -> ApiResult<Option<Dispute>> {
    match db.first::<Row>(&format!("{SELECT} WHERE payment_id = ?"), &[text(payment_id)]).await? {
        Some(row) => Ok(Some(with_files(db, row).await?)),
        None => Ok(None),
    }
}

/// A page of a merchant's disputes in a mode, newest first.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, after: Option<&Dispute>, limit: u64) -> ApiResult<Vec<Dispute>> {
    let mut sql = format!("{SELECT} WHERE merchant_id = ? AND livemode = ?");
    let mut params = vec![text(merchant_id), int(u64::from(livemode))];
    if let Some(cursor) = after {
        sql.push_str(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        params.extend([int(cursor.created_at), int(cursor.created_at), text(&cursor.id)]);
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.push(int(limit));
    let mut out = Vec::new();
    for row in db.all::<Row>(&sql, &params).await? {
        out.push(with_files(db, row).await?);
    }
    Ok(out)
}

