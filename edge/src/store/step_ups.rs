//! Step-ups in progress: one-time codes (as keyed hashes), attempts, resends, and the outbox
//! the development sender writes to.

use serde::Deserialize;

use super::{int, text, Db};
use crate::http::ApiResult;

/// A step-up row.
#[derive(Debug, Clone, Deserialize)]
pub struct StepUp {
    pub id: String,
    pub session_id: String,
    pub jkt: String,
    pub shopper_key: String,
    pub channel: String,
    pub destination_masked: String,
    pub code_hash: String,
    pub binding: String,
    pub expires_at: u64,
    pub attempts: u32,
    pub resends: u32,
    pub last_sent_at: u64,
    pub status: String,
}

const COLUMNS: &str = "id, session_id, jkt, shopper_key, channel, destination_masked, code_hash, binding, expires_at, attempts, resends, last_sent_at, status";

pub async fn insert(db: &Db, s: &StepUp, now: u64) -> ApiResult<()> {
    // One step-up at a time per session and device: an older pending one is void.
    db.run("UPDATE step_ups SET status = 'void' WHERE session_id = ? AND jkt = ? AND status = 'pending'", &[text(&s.session_id), text(&s.jkt)]).await?;
    db.run(
        &format!("INSERT INTO step_ups ({COLUMNS}, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        &[
            text(&s.id), text(&s.session_id), text(&s.jkt), text(&s.shopper_key), text(&s.channel), text(&s.destination_masked),
            text(&s.code_hash), text(&s.binding), int(s.expires_at), int(s.attempts.into()), int(s.resends.into()),
            int(s.last_sent_at), text(&s.status), int(now),
        ],
    )
    .await?;
    Ok(())
}

/// The latest step-up of a session for a device.
pub async fn latest(db: &Db, session_id: &str, jkt: &str) -> ApiResult<Option<StepUp>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM step_ups WHERE session_id = ? AND jkt = ? ORDER BY created_at DESC, rowid DESC LIMIT 1"),
        &[text(session_id), text(jkt)],
    )
    .await
}

/// Counts a wrong code; returns the attempts so far, or `None` if the step-up was no longer
/// pending (another request finished or locked it).
pub async fn wrong_code(db: &Db, id: &str, max_attempts: u32) -> ApiResult<Option<u32>> {
    let changed = db
        .run(
            "UPDATE step_ups SET attempts = attempts + 1, status = CASE WHEN attempts + 1 >= ? THEN 'locked' ELSE status END \
             WHERE id = ? AND status = 'pending'",
            &[int(max_attempts.into()), text(id)],
        )
        .await?;
    if changed == 0 {
        return Ok(None);
    }
    #[derive(Deserialize)]
    struct Row {
        attempts: u32,
    }
    Ok(db.first::<Row>("SELECT attempts FROM step_ups WHERE id = ?", &[text(id)]).await?.map(|r| r.attempts))
}

/// pending → verified; false if it was not pending any more (the code is single use).
pub async fn mark_verified(db: &Db, id: &str) -> ApiResult<bool> {
    Ok(db.run("UPDATE step_ups SET status = 'verified' WHERE id = ? AND status = 'pending'", &[text(id)]).await? == 1)
}

pub async fn mark_void(db: &Db, id: &str) -> ApiResult<()> {
    db.run("UPDATE step_ups SET status = 'void' WHERE id = ? AND status = 'pending'", &[text(id)]).await?;
    Ok(())
}

/// Puts a new code on a step-up (a resend), bound to the session as it is now.
pub async fn replace_code(db: &Db, id: &str, code_hash: &str, binding: &str, expires_at: u64, now: u64) -> ApiResult<()> {
    db.run(
        "UPDATE step_ups SET code_hash = ?, binding = ?, expires_at = ?, resends = resends + 1, last_sent_at = ?, status = 'pending' \
         WHERE id = ? AND status IN ('pending', 'void')",
        &[text(code_hash), text(binding), int(expires_at), int(now), text(id)],
    )
    .await?;
    Ok(())
}

/// A message the outbox sender keeps.
pub async fn outbox_insert(db: &Db, id: &str, channel: &str, destination: &str, body: &str, now: u64) -> ApiResult<()> {
    db.run("INSERT INTO outbox (id, channel, destination, body, created_at) VALUES (?,?,?,?,?)", &[text(id), text(channel), text(destination), text(body), int(now)]).await?;
    Ok(())
}

/// An outbox message.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct OutboxMessage {
    pub id: String,
    pub channel: String,
    pub destination: String,
    pub body: String,
    pub created_at: u64,
}

pub async fn outbox(db: &Db, destination: Option<&str>) -> ApiResult<Vec<OutboxMessage>> {
    match destination {
        Some(d) => db.all("SELECT id, channel, destination, body, created_at FROM outbox WHERE destination = ? ORDER BY created_at DESC, rowid DESC LIMIT 50", &[text(d)]).await,
        None => db.all("SELECT id, channel, destination, body, created_at FROM outbox ORDER BY created_at DESC, rowid DESC LIMIT 50", &[]).await,
    }
}
