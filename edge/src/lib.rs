//! `tessera-edge`: the Tessera verifier on Cloudflare Workers. This file is the router only;
//! each route is a handler in its own module.

use worker::{event, Context, Env, Request, Response, Result};

/// Answers every request; routes arrive with the checkout API.
#[event(fetch)]
async fn fetch(_req: Request, _env: Env, _ctx: Context) -> Result<Response> {
    Response::from_json(&serde_json::json!({ "service": "tessera-edge", "status": "ok" }))
}
