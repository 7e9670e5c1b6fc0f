//! Development only: the messages the outbox sender "sent", for people and tests to read.

use serde::{Deserialize, Serialize};

use super::{int, text, Db};
use crate::error::ApiResult;

/// A message the outbox sender keeps.
pub async fn insert(db: &Db, id: &str, channel: &str, destination: &str, subject: &str, body: &str, now: u64) -> ApiResult<()> {
    db.run(
        "INSERT INTO outbox (id, channel, destination, subject, body, created_at) VALUES (?,?,?,?,?,?)",
        &[text(id), text(channel), text(destination), text(subject), text(body), int(now)],
    )
    .await?;
    Ok(())
}

/// An outbox message.
#[derive(Debug, Deserialize, Serialize)]
pub struct OutboxMessage {
    pub id: String,
    pub channel: String,
    pub destination: String,
    pub subject: String,
    pub body: String,
    pub created_at: u64,
}

/// The newest 50 messages, to `destination` if given.
pub async fn list(db: &Db, destination: Option<&str>) -> ApiResult<Vec<OutboxMessage>> {
    match destination {
        Some(d) => db.all("SELECT id, channel, destination, subject, body, created_at FROM outbox WHERE destination = ? ORDER BY created_at DESC, rowid DESC LIMIT 50", &[text(d)]).await,
        None => db.all("SELECT id, channel, destination, subject, body, created_at FROM outbox ORDER BY created_at DESC, rowid DESC LIMIT 50", &[]).await,
    }
}
