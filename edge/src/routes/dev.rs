//! Development-only routes (404 in production): the sandbox processor's ledger, which tests read
//! to count what was really charged.

use worker::Response;

use crate::app::App;
use crate::config::Environment;
use crate::http::{self, ApiError, ApiResult};
use crate::processor::sandbox;

pub async fn ledger(app: &App) -> ApiResult<Response> {
    if app.config.environment != Environment::Development {
        return Err(ApiError::new(404, "route_not_found", "No such route."));
    }
    http::json(200, &sandbox::ledger(&app.env).await?)
}
