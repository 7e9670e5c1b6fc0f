//! Every transition of a session, in order: what happened, from which status to which, caused
//! by which device. The merchant reads it with the session; nothing decides on it.

use serde::{Deserialize, Serialize};

use super::{int, opt, text, Db, Statement};
use crate::checkout::ports::Commit;
use crate::error::ApiResult;

/// The history line a commit writes, numbered by the version it creates.
pub fn insert_statement(c: &Commit) -> Statement {
    (
        "INSERT INTO session_events (session_id, version, event, from_status, to_status, device, detail, created_at) VALUES (?,?,?,?,?,?,?,?)".into(),
        vec![
            text(&c.session_id), int(c.version + 1), text(c.history.event), text(c.history.from.as_str()), text(c.history.to.as_str()),
            opt(c.history.device.as_deref()), opt(c.history.detail.as_deref()), int(c.at),
        ],
    )
}

/// A history line as the merchant sees it.
#[derive(Debug, Deserialize, Serialize)]
pub struct Line {
    pub event: String,
    pub from_status: String,
    pub to_status: String,
    pub detail: Option<String>,
    pub created_at: u64,
}

/// The session's history, oldest first.
pub async fn of_session(db: &Db, session_id: &str) -> ApiResult<Vec<Line>> {
    db.all("SELECT event, from_status, to_status, detail, created_at FROM session_events WHERE session_id = ? ORDER BY version", &[text(session_id)]).await
}
