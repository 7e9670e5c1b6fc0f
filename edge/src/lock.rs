//! One confirm at a time per checkout session: a lease held in the session's Durable Object.
//!
//! The lease expires on its own, so a confirm that dies mid-way cannot lock a session forever.
//! The database's conditional updates and unique indexes stay the last word on "paid at most
//! once"; the lease makes concurrent confirms give up early instead of racing to that point.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::http::ApiResult;
use crate::objects;

/// How long a confirm may hold a session, in milliseconds.
const LEASE_MS: u64 = 30_000;

#[derive(Serialize, Deserialize)]
struct LeaseRequest {
    holder: String,
}

#[derive(Serialize, Deserialize)]
struct Lease {
    holder: String,
    until_ms: u64,
}

/// The Durable Object class.
#[durable_object]
pub struct SessionLock {
    state: State,
}

impl DurableObject for SessionLock {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let body: LeaseRequest = req.json().await?;
        let storage = self.state.storage();
        let now_ms = worker::Date::now().as_millis();
        let current: Option<Lease> = storage.get("lease").await?;
        let held_by_other = current.as_ref().is_some_and(|l| l.until_ms > now_ms && l.holder != body.holder);
        let ok = match path.as_str() {
            "/acquire" if !held_by_other => {
                storage.put("lease", Lease { holder: body.holder, until_ms: now_ms + LEASE_MS }).await?;
                true
            }
            "/release" if current.is_some_and(|l| l.holder == body.holder) => {
                storage.delete("lease").await?;
                true
            }
            _ => false,
        };
        Response::from_json(&json!({ "ok": ok }))
    }
}

#[derive(Deserialize)]
struct Answer {
    ok: bool,
}

/// A held lease on a session; release it when done.
pub struct SessionLease<'a> {
    env: &'a Env,
    session_id: String,
    holder: String,
}

/// Takes the session's lease; `None` if another confirm holds it.
pub async fn acquire<'a>(env: &'a Env, session_id: &str, holder: &str) -> ApiResult<Option<SessionLease<'a>>> {
    let answer: Answer = objects::call(env, "SESSION_LOCK", session_id, "/acquire", &LeaseRequest { holder: holder.into() }).await?;
    Ok(answer.ok.then(|| SessionLease { env, session_id: session_id.into(), holder: holder.into() }))
}

impl SessionLease<'_> {
    /// Gives the lease back.
    pub async fn release(self) -> ApiResult<()> {
        let _: Answer = objects::call(self.env, "SESSION_LOCK", &self.session_id, "/release", &LeaseRequest { holder: self.holder }).await?;
        Ok(())
    }
}
