//! Wrong codes in a row per shopper, across all their sessions (PSD2 RTS Art. 4(3)(b)): one
//! Durable Object per shopper counts them, blocks codes for a while once there are too many, and
//! starts again from zero when a step-up passes. A guess is counted before it is weighed, so
//! concurrent guesses in several sessions cannot all slip under the limit.

use serde::{Deserialize, Serialize};
use tessera_core::checkout::{Limits, Standing};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::error::ApiResult;
use crate::objects;

#[derive(Serialize, Deserialize, Default, Clone, Copy)]
struct Stored {
    failures: u32,
    blocked_until: u64,
}

#[derive(Serialize, Deserialize)]
struct Strike {
    max_failed_codes: u32,
    block_seconds: u64,
}

/// The Durable Object class: one shopper's count.
#[durable_object]
pub struct ShopperStrikes {
    state: State,
}

impl DurableObject for ShopperStrikes {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let storage = self.state.storage();
        let before: Stored = storage.get("standing").await?.unwrap_or_default();
        match path.as_str() {
            "/strike" => {
                let strike: Strike = req.json().await?;
                let now = crate::clock::now();
                // A blocked shopper's code is not weighed, so it is not counted either.
                if now >= before.blocked_until {
                    let failures = before.failures + 1;
                    let blocked_until = if failures >= strike.max_failed_codes { now + strike.block_seconds } else { before.blocked_until };
                    storage.put("standing", Stored { failures, blocked_until }).await?;
                }
            }
            "/clear" => storage.delete("standing").await.map(|_| ())?,
            _ => {}
        }
        Response::from_json(&before)
    }
}

fn standing(s: Stored) -> Standing {
    Standing { failures: s.failures, blocked_until: s.blocked_until }
}

/// The shopper's standing.
pub async fn get(env: &Env, shopper: &str) -> ApiResult<Standing> {
    Ok(standing(objects::call(env, "SHOPPER_STRIKES", shopper, "/standing", &serde_json::json!({})).await?))
}

/// Counts a wrong code (unless blocked) and returns the standing before it.
pub async fn strike(env: &Env, shopper: &str, limits: &Limits) -> ApiResult<Standing> {
    let body = Strike { max_failed_codes: limits.max_failed_codes, block_seconds: limits.shopper_block };
    Ok(standing(objects::call(env, "SHOPPER_STRIKES", shopper, "/strike", &body).await?))
}

/// Starts the count again.
pub async fn clear(env: &Env, shopper: &str) -> ApiResult<()> {
    let _: Stored = objects::call(env, "SHOPPER_STRIKES", shopper, "/clear", &serde_json::json!({})).await?;
    Ok(())
}
