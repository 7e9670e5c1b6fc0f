//! Secret API keys, only as hashes, each with its mode, its last characters (to tell keys apart)
//! and, once rolled, the time it stops working.

use serde::Deserialize;

use super::{int, opt, text, Db};
use crate::error::ApiResult;

/// A secret key that still works.
#[derive(Debug, Clone, Deserialize)]
pub struct Key {
    pub merchant_id: String,
    pub livemode: u8,
}

/// A key as the dashboard lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct Listed {
    pub secret_hash: String,
    pub hint: Option<String>,
    pub created_at: u64,
    pub expires_at: Option<u64>,
}

pub async fn insert(db: &Db, secret_hash: &str, merchant_id: &str, livemode: bool, now: u64, hint: Option<&str>) -> ApiResult<()> {
    db.run(
        "INSERT INTO api_keys (secret_hash, merchant_id, livemode, created_at, hint) VALUES (?,?,?,?,?)",
        &[text(secret_hash), text(merchant_id), int(u64::from(livemode)), int(now), opt(hint)],
    )
    .await?;
    Ok(())
}

/// The key with this hash, if it works at `now`.
pub async fn find(db: &Db, secret_hash: &str, now: u64) -> ApiResult<Option<Key>> {
    db.first("SELECT merchant_id, livemode FROM api_keys WHERE secret_hash = ? AND (expires_at IS NULL OR expires_at > ?)", &[text(secret_hash), int(now)]).await
}

/// Makes a key stop working at `at` (or sooner, if it already would).
pub async fn expire(db: &Db, secret_hash: &str, at: u64) -> ApiResult<()> {
    db.run("UPDATE api_keys SET expires_at = MIN(COALESCE(expires_at, ?), ?) WHERE secret_hash = ?", &[int(at), int(at), text(secret_hash)]).await?;
    Ok(())
}

/// Makes every key of a merchant's mode but `keep` stop working at `at` (a roll from the dashboard).
pub async fn expire_others(db: &Db, merchant_id: &str, livemode: bool, keep: &str, at: u64) -> ApiResult<()> {
    db.run(
        "UPDATE api_keys SET expires_at = MIN(COALESCE(expires_at, ?), ?) WHERE merchant_id = ? AND livemode = ? AND secret_hash != ?",
        &[int(at), int(at), text(merchant_id), int(u64::from(livemode)), text(keep)],
    )
    .await?;
    Ok(())
}

/// A merchant's keys of one mode that still work at `now`, newest first.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, now: u64) -> ApiResult<Vec<Listed>> {
    db.all(
        "SELECT secret_hash, hint, created_at, expires_at FROM api_keys WHERE merchant_id = ? AND livemode = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC",
        &[text(merchant_id), int(u64::from(livemode)), int(now)],
    )
    .await
}
