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
    /// For `/limit`, on a refusal: seconds until the current fixed window ends and the count
    /// falls.
    #[serde(default)]
    retry_after: u64,
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
        if path == "/limit" {
            return self.limit(&ask, now).await;
        }
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

/// A rate limit's two fixed windows: the one running and the one before it.
#[derive(Serialize, Deserialize, Default)]
struct Windows {
    start: u64,
    current: u32,
    previous: u32,
}

impl VelocityCounter {
    /// `/limit`: a sliding window estimated from two fixed ones (the previous window's count,
    /// weighted by how much of it still overlaps, plus the current one's), so a limit of
    /// thousands a minute costs one small record instead of a timestamp per request. Below the
    /// limit the request is counted; at it, the answer says when the current fixed window
    /// ends, the earliest moment the estimate can fall below the limit.
    async fn limit(&self, ask: &Ask, now: u64) -> Result<Response> {
        let storage = self.state.storage();
        let window = ask.window_seconds.max(1);
        let limit = ask.limit.unwrap_or(0);
        let mut w: Windows = storage.get("limit").await?.unwrap_or_default();
        let start = now - now % window;
        if w.start != start {
            w.previous = if w.start + window == start { w.current } else { 0 };
            w.current = 0;
            w.start = start;
        }
        let elapsed = now - start;
        let carried = (u64::from(w.previous) * (window - elapsed)).div_ceil(window);
        let count = carried + u64::from(w.current);
        let record = count < u64::from(limit);
        if record {
            w.current += 1;
            storage.put("limit", &w).await?;
        }
        let retry_after = if record { 0 } else { (window - elapsed).max(1) };
        Response::from_json(&json!({ "count": count + u64::from(record), "recorded": record, "retry_after": retry_after }))
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

/// Counts one request against a rate limit of `limit` per `window_seconds`; on refusal, the
/// seconds to wait.
pub async fn limit(env: &Env, counter: &str, limit: u32, window_seconds: u64) -> ApiResult<Result<(), u64>> {
    let answer = ask(env, counter, "/limit", window_seconds, Some(limit)).await?;
    Ok(if answer.recorded { Ok(()) } else { Err(answer.retry_after.max(1)) })
}
