//! Stored passkeys and single-use WebAuthn challenges.

use serde::Deserialize;

use super::{int, text, Db};
use crate::http::ApiResult;

/// A passkey row.
#[derive(Debug, Clone, Deserialize)]
pub struct Passkey {
    pub credential_id: String,
    pub public_jwk: String,
    pub sign_count: u32,
}

pub async fn for_shopper(db: &Db, shopper_key: &str) -> ApiResult<Vec<Passkey>> {
    db.all("SELECT credential_id, public_jwk, sign_count FROM passkeys WHERE shopper_key = ?", &[text(shopper_key)]).await
}

pub async fn get(db: &Db, shopper_key: &str, credential_id: &str) -> ApiResult<Option<Passkey>> {
    db.first("SELECT credential_id, public_jwk, sign_count FROM passkeys WHERE shopper_key = ? AND credential_id = ?", &[text(shopper_key), text(credential_id)]).await
}

pub async fn insert(db: &Db, credential_id: &str, shopper_key: &str, public_jwk: &str, sign_count: u32, now: u64) -> ApiResult<bool> {
    Ok(db
        .run(
            "INSERT OR IGNORE INTO passkeys (credential_id, shopper_key, public_jwk, sign_count, created_at) VALUES (?,?,?,?,?)",
            &[text(credential_id), text(shopper_key), text(public_jwk), int(sign_count.into()), int(now)],
        )
        .await?
        == 1)
}

/// Stores the new counter, only if it grew (two assertions racing cannot both win).
pub async fn advance_sign_count(db: &Db, credential_id: &str, from: u32, to: u32, now: u64) -> ApiResult<bool> {
    Ok(db
        .run(
            "UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE credential_id = ? AND sign_count = ?",
            &[int(to.into()), int(now), text(credential_id), int(from.into())],
        )
        .await?
        == 1)
}

pub async fn insert_challenge(db: &Db, challenge: &str, session_id: &str, jkt: &str, purpose: &str, binding: &str, expires_at: u64) -> ApiResult<()> {
    db.run(
        "INSERT INTO webauthn_challenges (challenge, session_id, jkt, purpose, binding, expires_at) VALUES (?,?,?,?,?,?)",
        &[text(challenge), text(session_id), text(jkt), text(purpose), text(binding), int(expires_at)],
    )
    .await?;
    Ok(())
}

/// Uses up a challenge: true only for the first use of an unexpired challenge issued for this
/// session, device, purpose and binding.
pub async fn consume_challenge(db: &Db, challenge: &str, session_id: &str, jkt: &str, purpose: &str, binding: &str, now: u64) -> ApiResult<bool> {
    Ok(db
        .run(
            "UPDATE webauthn_challenges SET used = 1 WHERE challenge = ? AND session_id = ? AND jkt = ? AND purpose = ? AND binding = ? \
             AND used = 0 AND expires_at > ?",
            &[text(challenge), text(session_id), text(jkt), text(purpose), text(binding), int(now)],
        )
        .await?
        == 1)
}
