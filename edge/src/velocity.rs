//! Counters in a window: how many confirms one device, card or address made, how many codes one
//! destination received. One Durable Object per counter handles one request at a time, so
//! "count, then record if under the limit" is atomic and concurrent requests count exactly.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::error::ApiResult;
use crate::objects;

/// Most hits a counter keeps; far above any rule's threshold.
const MAX_HITS: usize = 1000;

#[derive(Serialize, Deserialize)]
struct Ask {
    window_seconds: u64,
    /// For `/take`: record only while fewer than this are in the window.
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Deserialize)]
struct Count {
    count: u32,
    recorded: bool,
}

/// The Durable Object class: one counter.
#[durable_object]
pub struct VelocityCounter {
    state: State,
}

impl DurableObject for VelocityCounter {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let ask: Ask = req.json().await?;
        let now = crate::clock::now();
        let storage = self.state.storage();
        let mut hits: Vec<u64> = storage.get("hits").await?.unwrap_or_default();
        hits.retain(|&t| t + ask.window_seconds > now);
        let record = match path.as_str() {
            "/hit" => true,
            "/take" => ask.limit.is_some_and(|limit| (hits.len() as u32) < limit),
            _ => false,
        };
        if record {
            hits.push(now);
            if hits.len() > MAX_HITS {
                hits.drain(..hits.len() - MAX_HITS);
            }
            storage.put("hits", &hits).await?;
        }
        Response::from_json(&json!({ "count": hits.len(), "recorded": record }))
    }
}

async fn ask(env: &Env, counter: &str, path: &str, window_seconds: u64, limit: Option<u32>) -> ApiResult<Count> {
    objects::call(env, "VELOCITY", counter, path, &Ask { window_seconds, limit }).await
}

/// Records one hit on `counter` and returns the hits in the window, this one included.
pub async fn hit(env: &Env, counter: &str, window_seconds: u64) -> ApiResult<u32> {
    Ok(ask(env, counter, "/hit", window_seconds, None).await?.count)
}

/// The hits on `counter` in the window.
pub async fn count(env: &Env, counter: &str, window_seconds: u64) -> ApiResult<u32> {
    Ok(ask(env, counter, "/count", window_seconds, None).await?.count)
}

/// Records a hit only while fewer than `limit` are in the window; whether it did.
pub async fn take(env: &Env, counter: &str, limit: u32, window_seconds: u64) -> ApiResult<bool> {
    Ok(ask(env, counter, "/take", window_seconds, Some(limit)).await?.recorded)
}
