//! One confirm at a time per checkout session: a lease held in the session's Durable Object.
//!
//! The lease expires on its own, so a confirm that dies mid-way cannot lock a session forever.
//! The database's conditional updates and unique indexes stay the last word on "paid at most
//! once"; the lease makes concurrent confirms give up early instead of racing to that point.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use tessera_core::crypto::{Crypto, RustCrypto};

use crate::error::ApiResult;
use crate::objects;

/// The shortest lease, whatever the configuration says: a lease must outlast the writes it guards.
const MIN_LEASE_MS: u64 = 1000;

#[derive(Serialize, Deserialize)]
struct LeaseRequest {
    holder: String,
    /// How long the lease lasts, for `/acquire`.
    #[serde(default)]
    lease_ms: u64,
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
                storage.put("lease", Lease { holder: body.holder, until_ms: now_ms + body.lease_ms.max(MIN_LEASE_MS) }).await?;
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

/// Takes the session's lease under a fresh random holder (never a value a client chose, so two
/// requests cannot pass for one); `None` if another confirm holds it.
pub async fn acquire(env: &Env, session_id: &str) -> ApiResult<Option<String>> {
    let mut random = [0u8; 16];
    RustCrypto.fill_random(&mut random)?;
    let holder = tessera_core::b64::encode(&random);
    let lease_ms = crate::config::Config::get(env)?.confirm_lease.saturating_mul(1000);
    let answer: Answer = objects::call(env, "SESSION_LOCK", session_id, "/acquire", &LeaseRequest { holder: holder.clone(), lease_ms }).await?;
    Ok(answer.ok.then_some(holder))
}

/// Gives the lease back, if `holder` still holds it.
pub async fn release(env: &Env, session_id: &str, holder: &str) -> ApiResult<()> {
    let _: Answer = objects::call(env, "SESSION_LOCK", session_id, "/release", &LeaseRequest { holder: holder.into(), lease_ms: 0 }).await?;
    Ok(())
}
