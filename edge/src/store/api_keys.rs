//! Secret API keys, only as hashes, each with its mode and, once rolled, the time it stops
//! working.

use serde::Deserialize;

use super::{int, text, Db};
use crate::error::ApiResult;

/// A secret key that still works.
#[derive(Debug, Clone, Deserialize)]
pub struct Key {
    pub merchant_id: String,
    pub livemode: u8,
}

pub async fn insert(db: &Db, secret_hash: &str, merchant_id: &str, livemode: bool, now: u64) -> ApiResult<()> {
    db.run("INSERT INTO api_keys (secret_hash, merchant_id, livemode, created_at) VALUES (?,?,?,?)", &[text(secret_hash), text(merchant_id), int(u64::from(livemode)), int(now)]).await?;
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
