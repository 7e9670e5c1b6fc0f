//! Velocity: how many confirms one device, one card or one IP address made in a window,
//! counted in a Durable Object per counter so concurrent requests count exactly.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::http::ApiResult;
use crate::objects;

/// Most hits a counter keeps; far above any rule's threshold.
const MAX_HITS: usize = 1000;

#[derive(Serialize, Deserialize)]
struct Hit {
    window_seconds: u64,
}

#[derive(Deserialize)]
struct Count {
    count: u32,
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
        let hit: Hit = req.json().await?;
        let now = crate::clock::now();
        let storage = self.state.storage();
        let mut hits: Vec<u64> = storage.get("hits").await?.unwrap_or_default();
        hits.retain(|&t| t + hit.window_seconds > now);
        hits.push(now);
        if hits.len() > MAX_HITS {
            hits.drain(..hits.len() - MAX_HITS);
        }
        storage.put("hits", &hits).await?;
        Response::from_json(&json!({ "count": hits.len() }))
    }
}

/// Records one attempt on `counter` and returns the attempts in the window, this one included.
pub async fn hit(env: &Env, counter: &str, window_seconds: u64) -> ApiResult<u32> {
    let answer: Count = objects::call(env, "VELOCITY", counter, "/hit", &Hit { window_seconds }).await?;
    Ok(answer.count)
}
