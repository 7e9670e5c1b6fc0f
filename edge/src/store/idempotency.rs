//! Stripe-style `Idempotency-Key`: the first request with a key is recorded with a hash of its
//! body; a retry with the same body gets the stored answer, a different body gets 409.
//!
//! The stored answer is sealed with the vault's data key, bound to the merchant and the key: the
//! first answer of a session's creation carries its client secret, and a replay store is storage
//! too. Entries live a day, as Stripe keeps them; the scheduled sweep deletes older ones, and a
//! key whose entry has expired starts afresh.
//!
//! A claim that never got its answer because the edge died holding it is not in progress
//! forever: once it is older than the lease, a retry of the same request takes it over and runs
//! again. What runs again must find what the first run made instead of making it twice (a
//! refund's id derives from its key for that), as in Brandur Leach's idempotency keys with
//! locks that time out.

use serde::Deserialize;
use tessera_core::crypto::RustCrypto;
use tessera_core::vault::{DataKeys, Purpose, Sealed};

use super::{int, text, Db};
use crate::error::{ApiError, ApiResult};

/// What a key already holds.
#[derive(Debug, Deserialize)]
struct Row {
    request_hash: String,
    created_at: u64,
    response_status: Option<u16>,
    response_key_id: Option<String>,
    response_iv: Option<String>,
    response_ciphertext: Option<String>,
}

/// A key's earlier request.
pub enum Earlier {
    /// Still running.
    InProgress {
        /// The hash of its body.
        request_hash: String,
    },
    /// Answered.
    Answered {
        /// The hash of its body.
        request_hash: String,
        /// Its status.
        status: u16,
        /// Its body, opened.
        body: String,
    },
}

fn aad(merchant_id: &str, key: &str) -> Vec<u8> {
    [merchant_id.as_bytes(), b"\n", key.as_bytes()].concat()
}

/// How long a claim is held before a retry may take it over, and how long entries live.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    /// Seconds an answer is kept.
    pub ttl: u64,
    /// Seconds a claim without an answer is held by the request that made it.
    pub lease: u64,
}

/// Claims `key` for a request; `None` if this request now owns it, else what was there.
pub async fn claim(db: &Db, keys: &DataKeys, merchant_id: &str, key: &str, request_hash: &str, now: u64, terms: Terms) -> ApiResult<Option<Earlier>> {
    let ttl = terms.ttl;
    db.run("DELETE FROM idempotency_keys WHERE merchant_id = ? AND key = ? AND expires_at <= ?", &[text(merchant_id), text(key), int(now)]).await?;
    let inserted = db
        .run(
            "INSERT OR IGNORE INTO idempotency_keys (merchant_id, key, request_hash, created_at, expires_at) VALUES (?,?,?,?,?)",
            &[text(merchant_id), text(key), text(request_hash), int(now), int(now + ttl)],
        )
        .await?;
    if inserted == 1 {
        return Ok(None);
    }
    let row: Option<Row> = db
        .first(
            "SELECT request_hash, created_at, response_status, response_key_id, response_iv, response_ciphertext FROM idempotency_keys WHERE merchant_id = ? AND key = ?",
            &[text(merchant_id), text(key)],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let (Some(status), Some(key_id), Some(iv), Some(ciphertext)) = (row.response_status, row.response_key_id, row.response_iv, row.response_ciphertext) else {
        if row.request_hash == request_hash && row.created_at.saturating_add(terms.lease) <= now && take_over(db, merchant_id, key, row.created_at, now).await? {
            return Ok(None);
        }
        return Ok(Some(Earlier::InProgress { request_hash: row.request_hash }));
    };
    let opened = keys.open(&RustCrypto, Purpose::IdempotentResponse, &aad(merchant_id, key), &Sealed { key_id, iv, ciphertext }).await?;
    let body = String::from_utf8(opened.to_vec()).map_err(|_| ApiError::internal("idempotency", "stored answer is not text"))?;
    Ok(Some(Earlier::Answered { request_hash: row.request_hash, status, body }))
}

/// Takes over an abandoned claim; false if another retry took it first (the compare on
/// `created_at` lets only one of them win).
async fn take_over(db: &Db, merchant_id: &str, key: &str, claimed_at: u64, now: u64) -> ApiResult<bool> {
    let changed = db
        .run(
            "UPDATE idempotency_keys SET created_at = ? WHERE merchant_id = ? AND key = ? AND created_at = ? AND response_status IS NULL",
            &[int(now), text(merchant_id), text(key), int(claimed_at)],
        )
        .await?;
    Ok(changed == 1)
}

/// Stores the answer for a claimed key, sealed.
pub async fn complete(db: &Db, keys: &DataKeys, merchant_id: &str, key: &str, status: u16, body: &str) -> ApiResult<()> {
    let sealed = keys.seal(&RustCrypto, Purpose::IdempotentResponse, &aad(merchant_id, key), body.as_bytes()).await?;
    db.run(
        "UPDATE idempotency_keys SET response_status = ?, response_key_id = ?, response_iv = ?, response_ciphertext = ? WHERE merchant_id = ? AND key = ?",
        &[int(status.into()), text(&sealed.key_id), text(&sealed.iv), text(&sealed.ciphertext), text(merchant_id), text(key)],
    )
    .await?;
    Ok(())
}

/// Frees a key whose request failed on our side, so a retry can run.
pub async fn release(db: &Db, merchant_id: &str, key: &str) -> ApiResult<()> {
    db.run("DELETE FROM idempotency_keys WHERE merchant_id = ? AND key = ? AND response_status IS NULL", &[text(merchant_id), text(key)]).await?;
    Ok(())
}

/// Deletes expired entries (the scheduled sweep); how many.
pub async fn sweep(db: &Db, now: u64) -> ApiResult<usize> {
    db.run("DELETE FROM idempotency_keys WHERE expires_at <= ?", &[int(now)]).await
}
