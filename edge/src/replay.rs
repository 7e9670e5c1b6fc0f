//! DPoP replay state: one Durable Object per device key (by thumbprint) remembers the `jti`s it
//! has seen until their proofs could no longer pass the `iat` window anyway, then forgets them.
//!
//! A Durable Object handles one event at a time and its storage reads and writes are not
//! interleaved with other events, so "was it seen? remember it" is atomic.

use serde::{Deserialize, Serialize};
use serde_json::json;
use tessera_core::dpop;
use tessera_core::jwk::Thumbprint;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::clock;
use crate::objects;

#[derive(Serialize, Deserialize)]
struct Check {
    jti: String,
    expires_at: u64,
}

#[derive(Deserialize)]
struct Answer {
    first_use: bool,
}

/// The Durable Object class.
#[durable_object]
pub struct ReplayGuard {
    state: State,
}

impl DurableObject for ReplayGuard {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let check: Check = req.json().await?;
        let storage = self.state.storage();
        let key = format!("jti:{}", check.jti);
        let now = clock::now();
        let seen: Option<u64> = storage.get(&key).await?;
        let first_use = seen.is_none_or(|expires_at| expires_at < now);
        if first_use {
            storage.put(&key, check.expires_at).await?;
            if storage.get_alarm().await?.is_none() {
                let delay_ms = (check.expires_at.saturating_sub(now) + 1) * 1000;
                storage.set_alarm(delay_ms as i64).await?;
            }
        }
        Response::from_json(&json!({ "first_use": first_use }))
    }

    /// Forgets expired `jti`s and wakes again for the next one to expire.
    async fn alarm(&self) -> Result<Response> {
        let storage = self.state.storage();
        let now = clock::now();
        let mut next: Option<u64> = None;
        let entries = storage.list().await?;
        for entry in entries.entries() {
            let pair = js_sys::Array::from(&entry?);
            let (Some(key), Some(expires_at)) = (pair.get(0).as_string(), pair.get(1).as_f64()) else { continue };
            let expires_at = expires_at as u64;
            if expires_at < now {
                storage.delete(&key).await?;
            } else {
                next = Some(next.map_or(expires_at, |n| n.min(expires_at)));
            }
        }
        if let Some(next) = next {
            storage.set_alarm(((next.saturating_sub(now) + 1) * 1000) as i64).await?;
        }
        Response::ok("")
    }
}

/// The edge's [`dpop::ReplayGuard`]: asks the device's Durable Object.
pub struct DurableReplayGuard<'a> {
    pub env: &'a Env,
}

impl dpop::ReplayGuard for DurableReplayGuard<'_> {
    async fn first_use(&self, jkt: &Thumbprint, jti: &str, expires_at: u64) -> tessera_core::Result<bool> {
        let check = Check { jti: jti.to_owned(), expires_at };
        let answer: Answer = objects::call(self.env, "REPLAY_GUARD", jkt.as_str(), "/check", &check)
            .await
            .map_err(|_| tessera_core::Error::ReplayCheckUnavailable)?;
        Ok(answer.first_use)
    }
}
