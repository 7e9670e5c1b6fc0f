//! Stripe-style `Idempotency-Key`: the first request with a key is recorded with a hash of its
//! body; a retry with the same body gets the stored answer, a different body gets 409.

use serde::Deserialize;

use super::{int, text, Db};
use crate::http::ApiResult;

/// What a key already holds.
#[derive(Debug, Deserialize)]
pub struct Record {
    pub request_hash: String,
    pub response_status: Option<u16>,
    pub response_body: Option<String>,
}

/// Claims `key` for a request; `None` if this request now owns it, else what was there.
pub async fn claim(db: &Db, merchant_id: &str, key: &str, request_hash: &str, now: u64) -> ApiResult<Option<Record>> {
    let inserted = db
        .run(
            "INSERT OR IGNORE INTO idempotency_keys (merchant_id, key, request_hash, created_at) VALUES (?,?,?,?)",
            &[text(merchant_id), text(key), text(request_hash), int(now)],
        )
        .await?;
    if inserted == 1 {
        return Ok(None);
    }
    db.first(
        "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE merchant_id = ? AND key = ?",
        &[text(merchant_id), text(key)],
    )
    .await
}

/// Stores the answer for a claimed key.
pub async fn complete(db: &Db, merchant_id: &str, key: &str, status: u16, body: &str) -> ApiResult<()> {
    db.run(
        "UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE merchant_id = ? AND key = ?",
        &[int(status.into()), text(body), text(merchant_id), text(key)],
    )
    .await?;
    Ok(())
}

/// Frees a key whose request failed on our side, so a retry can run.
pub async fn release(db: &Db, merchant_id: &str, key: &str) -> ApiResult<()> {
    db.run("DELETE FROM idempotency_keys WHERE merchant_id = ? AND key = ? AND response_body IS NULL", &[text(merchant_id), text(key)]).await?;
    Ok(())
}
