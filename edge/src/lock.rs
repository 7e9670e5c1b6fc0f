//! One confirm at a time per checkout session: a lease held in the session's Durable Object.
//!
//! The lease expires on its own, so a confirm that dies mid-way cannot lock a session forever.
//!
//! A holder that gives the lease back may say which version it left the session at; the next
//! holder is told it once (and nobody after); the first holder ever is told 0, the version a
//! session is made at. A session read beside the lease that has that version is the latest
//! state as far as lease holders go, so the read need not wait for the lease: versions only
//! grow, and every write to an open session moves its version (the retention job blanks the
//! contact fields of closed sessions only). A write without the lease (a merchant's update or
//! cancel, the sweep) that lands between the read and the lease is caught, as before, by the
//! compare-and-swap of the holder's own write.
//! The database's conditional updates and unique indexes stay the last word on "paid at most
//! once"; the lease makes concurrent confirms give up early instead of racing to that point.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use tessera_core::crypto::{Crypto, RustCrypto};

use crate::checkout::ports::Acquired;
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
    /// The session's version as the holder left it, for `/release`.
    #[serde(default)]
    left_at: Option<u64>,
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
        let (ok, left_at) = match path.as_str() {
            "/acquire" if !held_by_other => {
                // Told once: a holder that dies without giving the lease back leaves nothing known.
                // Before the first lease the session is as it was made, at version 0.
                let granted: Option<bool> = storage.get("granted").await?;
                let left_at: Option<u64> = match granted {
                    Some(_) => storage.get("left_at").await?,
                    None => Some(0),
                };
                storage.put("lease", Lease { holder: body.holder, until_ms: now_ms + body.lease_ms.max(MIN_LEASE_MS) }).await?;
                match granted {
                    Some(_) if left_at.is_some() => storage.delete("left_at").await.map(drop)?,
                    Some(_) => {}
                    None => storage.put("granted", true).await?,
                }
                (true, left_at)
            }
            "/release" if current.is_some_and(|l| l.holder == body.holder) => {
                storage.delete("lease").await?;
                if let Some(version) = body.left_at {
                    storage.put("left_at", version).await?;
                }
                (true, None)
            }
            _ => (false, None),
        };
        Response::from_json(&json!({ "ok": ok, "left_at": left_at }))
    }
}

#[derive(Deserialize)]
struct Answer {
    ok: bool,
    #[serde(default)]
    left_at: Option<u64>,
}

/// Takes the session's lease under a fresh random holder (never a value a client chose, so two
/// requests cannot pass for one); `None` if another confirm holds it.
pub async fn acquire(env: &Env, session_id: &str) -> ApiResult<Option<Acquired>> {
    let mut random = [0u8; 16];
    RustCrypto.fill_random(&mut random)?;
    let holder = tessera_core::b64::encode(&random);
    let lease_ms = crate::config::Config::get(env)?.confirm_lease.saturating_mul(1000);
    let answer: Answer = objects::call(env, "SESSION_LOCK", session_id, "/acquire", &LeaseRequest { holder: holder.clone(), lease_ms, left_at: None }).await?;
    Ok(answer.ok.then_some(Acquired { holder, left_at: answer.left_at }))
}

/// Gives the lease back, if `holder` still holds it, with the version it left the session at.
pub async fn release(env: &Env, session_id: &str, holder: &str, left_at: Option<u64>) -> ApiResult<()> {
    let _: Answer = objects::call(env, "SESSION_LOCK", session_id, "/release", &LeaseRequest { holder: holder.into(), lease_ms: 0, left_at }).await?;
    Ok(())
}
