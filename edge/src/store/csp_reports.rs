//! CSP violation reports over D1: recorded per merchant and mode, listed newest first, kept 90
//! days, and at most [`MAX_PER_HOUR`] a merchant per hour so a flood cannot fill the table.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::csp_report::{Disposition, Violation};

use super::{int, opt, text, Db};
use crate::error::ApiResult;

/// How long a report is kept.
pub const RETENTION_SECONDS: u64 = 90 * 24 * 3600;
/// Reports kept per merchant and mode in one hour; later ones are counted out, not stored.
pub const MAX_PER_HOUR: u64 = 500;

/// A stored report.
#[derive(Debug, Deserialize)]
pub struct Row {
    pub id: String,
    pub document: String,
    pub blocked: String,
    pub directive: String,
    pub disposition: String,
    pub source: Option<String>,
    pub line: Option<u32>,
    pub created_at: u64,
}

impl Row {
    pub fn to_json(&self) -> Value {
        let disposition = Disposition::parse(&self.disposition).unwrap_or(Disposition::Enforce).as_str();
        json!({
            "id": self.id, "object": "csp_report", "document": self.document, "blocked": self.blocked,
            "directive": self.directive, "disposition": disposition, "source": self.source, "line": self.line,
            "created_at": self.created_at,
        })
    }
}

#[derive(Deserialize)]
struct Count {
    n: u64,
}

/// Stores `violations` for the merchant unless its hour's share is spent; how many were kept.
pub async fn record(db: &Db, merchant_id: &str, livemode: bool, violations: &[(String, Violation)], now: u64) -> ApiResult<usize> {
    let recent: Option<Count> = db
        .first("SELECT COUNT(*) AS n FROM csp_reports WHERE merchant_id = ? AND livemode = ? AND created_at > ?", &[text(merchant_id), int(u64::from(livemode)), int(now.saturating_sub(3600))])
        .await?;
    let room = MAX_PER_HOUR.saturating_sub(recent.map_or(0, |c| c.n)) as usize;
    let mut kept = 0;
    for (id, v) in violations.iter().take(room) {
        db.run(
            "INSERT INTO csp_reports (id, merchant_id, livemode, document, blocked, directive, disposition, source, line, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            &[text(id), text(merchant_id), int(u64::from(livemode)), text(&v.document), text(&v.blocked), text(&v.directive), text(v.disposition.as_str()), opt(v.source.as_deref()), v.line.map_or(wasm_bindgen::JsValue::NULL, |l| int(u64::from(l))), int(now)],
        )
        .await?;
        kept += 1;
    }
    Ok(kept)
}

const COLUMNS: &str = "id, document, blocked, directive, disposition, source, line, created_at";

/// One of the merchant's reports, for a cursor.
pub async fn get(db: &Db, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Option<Row>> {
    db.first(&format!("SELECT {COLUMNS} FROM csp_reports WHERE id = ? AND merchant_id = ? AND livemode = ?"), &[text(id), text(merchant_id), int(u64::from(livemode))]).await
}

/// The merchant's reports newest first, after `cursor`, at most `limit`.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, cursor: Option<&Row>, limit: u64) -> ApiResult<Vec<Row>> {
    let base = [text(merchant_id), int(u64::from(livemode))];
    match cursor {
        None => db.all(&format!("SELECT {COLUMNS} FROM csp_reports WHERE merchant_id = ? AND livemode = ? ORDER BY created_at DESC, id DESC LIMIT ?"), &[base[0].clone(), base[1].clone(), int(limit)]).await,
        Some(c) => {
            db.all(
                &format!("SELECT {COLUMNS} FROM csp_reports WHERE merchant_id = ? AND livemode = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?"),
                &[base[0].clone(), base[1].clone(), int(c.created_at), int(c.created_at), text(&c.id), int(limit)],
            )
            .await
        }
    }
}

/// Removes reports older than [`RETENTION_SECONDS`]; how many.
pub async fn sweep(db: &Db, now: u64) -> ApiResult<usize> {
    db.run("DELETE FROM csp_reports WHERE created_at < ?", &[int(now.saturating_sub(RETENTION_SECONDS))]).await
}
