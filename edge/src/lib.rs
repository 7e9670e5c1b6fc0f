//! `tessera-edge`: the Tessera verifier on Cloudflare Workers. This file is the router; each
//! route is a handler in `routes/`, and the Durable Object classes live beside the code that
//! uses them.
// The `durable_object` macro generates undocumented public items; this crate is a Worker, not a
// library, so its public surface is the HTTP API documented in the README.
#![allow(missing_docs)]

mod app;
mod auth;
mod charge;
mod clock;
mod config;
mod http;
mod lock;
mod objects;
mod passkey;
mod processor;
mod provider;
mod replay;
mod risk;
mod routes;
mod sender;
mod step_up;
mod store;
mod velocity;
mod webhooks;

pub use lock::SessionLock;
pub use processor::sandbox::SandboxProcessor;
pub use replay::ReplayGuard;
pub use velocity::VelocityCounter;
pub use webhooks::WebhookDelivery;

use worker::{event, Context, Env, Method, Request, Response, Result};

use crate::app::App;
use crate::http::{ApiError, ApiResult};

#[event(fetch)]
async fn fetch(incoming: worker::web_sys::Request, env: Env, _ctx: Context) -> Result<Response> {
    let req = without_cf(&incoming);
    let method = req.method();
    let path = req.path();
    let answer = match App::new(env, incoming) {
        Ok(app) => route(&app, req, method.clone(), &path).await,
        Err(e) => Err(e),
    };
    let response = match answer {
        Ok(response) => Ok(response),
        Err(error) => {
            // Log what happened, never what was sent: no bodies, no query strings, no headers.
            worker::console_log!("{method} {path} -> {} {}", error.status, error.code);
            error.into_response()
        }
    };
    response.map(security_headers)
}

async fn route(app: &App, req: Request, method: Method, path: &str) -> ApiResult<Response> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (Method::Get, [".well-known", "jwks.json"]) => routes::jwks::get(app),
        (Method::Post, ["v1", "merchants"]) => routes::merchants::create(app, req).await,
        (Method::Post, ["v1", "checkout_sessions"]) => routes::sessions::create(app, req).await,
        (Method::Get, ["v1", "checkout_sessions", id]) => routes::sessions::get(app, req, id).await,
        (Method::Post, ["v1", "checkout_sessions", id]) => routes::sessions::update(app, req, id).await,
        (Method::Post, ["v1", "checkout_sessions", id, "verify"]) => routes::step_up::verify(app, req, id).await,
        (Method::Post, ["v1", "checkout_sessions", id, "step_up", "resend"]) => routes::step_up::resend(app, req, id).await,
        (Method::Post, ["v1", "checkout_sessions", id, "passkeys", "options"]) => routes::step_up::passkey_options(app, req, id).await,
        (Method::Post, ["v1", "checkout_sessions", id, "passkeys"]) => routes::step_up::passkey_register(app, req, id).await,
        (Method::Get, ["v1", "risk", "rules"]) => routes::risk::get(app, req).await,
        (Method::Put, ["v1", "risk", "rules"]) => routes::risk::put(app, req).await,
        (Method::Get, ["dev", "outbox"]) => routes::dev::outbox(app, req).await,
        (Method::Post, ["dev", "bench", "crypto"]) => routes::dev::bench_crypto(app, req).await,
        (Method::Post, ["v1", "checkout_sessions", id, "confirm"]) => routes::confirm::post(app, req, id).await,
        (Method::Post, ["v1", "checkout_sessions", id, "summary"]) => routes::frame::summary(app, req, id).await,
        (Method::Get, ["v1", "frame"]) => routes::frame::page(app, req).await,
        (Method::Get, ["v1", "payments"]) => routes::payments::list(app, req).await,
        (Method::Get, ["v1", "payments", id]) => routes::payments::get(app, req, id).await,
        (Method::Get, ["dev", "sandbox", "ledger"]) => routes::dev::ledger(app).await,
        (Method::Get, ["health"]) => http::json(200, &serde_json::json!({ "status": "ok" })),
        (_, [".well-known", "jwks.json"] | ["v1", "merchants"] | ["v1", "checkout_sessions", ..] | ["v1", "payments", ..] | ["v1", "risk", ..]) => {
            Err(ApiError::new(405, "method_not_allowed", "This method is not allowed on this path."))
        }
        _ => Err(ApiError::new(404, "route_not_found", "No such route.")),
    }
}

/// The request as workers-rs wraps it, with `request.cf` hidden. Wrapping reads `cf`, and
/// workerd builds that object afresh on every read: profiled locally it was the largest single
/// cost of a small request. `cf` is an accessor on `Request.prototype`, so an own property
/// shadows it on this request; the country, the one thing the edge uses from it, is read
/// through the prototype only when the risk checks ask (`App::cf_country`).
fn without_cf(incoming: &worker::web_sys::Request) -> Request {
    let hidden = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&hidden, &"value".into(), &wasm_bindgen::JsValue::UNDEFINED);
    js_sys::Object::define_property(incoming, &"cf".into(), &hidden);
    Request::from(Clone::clone(incoming))
}

/// Headers every response carries.
fn security_headers(response: Response) -> Response {
    let headers = response.headers();
    let _ = headers.set("X-Content-Type-Options", "nosniff");
    let _ = headers.set("Cache-Control", headers.get("Cache-Control").ok().flatten().as_deref().unwrap_or("no-store"));
    response
}
