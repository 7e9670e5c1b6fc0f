//! Development-only routes (404 in production): the sandbox processor's ledger, which tests read
//! to count what was really charged.

use worker::Response;

use crate::app::App;
use crate::config::Environment;
use crate::http::{self, ApiError, ApiResult};
use crate::processor::sandbox;
use crate::store::step_ups;

fn development(app: &App) -> ApiResult<()> {
    if app.config.environment == Environment::Development {
        Ok(())
    } else {
        Err(ApiError::new(404, "route_not_found", "No such route."))
    }
}

/// `GET /dev/outbox?to=…`: the messages the development sender kept, newest first.
pub async fn outbox(app: &App, req: worker::Request) -> ApiResult<Response> {
    development(app)?;
    let to = req.url()?.query_pairs().find(|(k, _)| k == "to").map(|(_, v)| v.into_owned());
    http::json(200, &serde_json::json!({ "messages": step_ups::outbox(&app.db, to.as_deref()).await? }))
}

pub async fn ledger(app: &App) -> ApiResult<Response> {
    development(app)?;
    http::json(200, &sandbox::ledger(&app.env).await?)
}
