//! `GET` and `PUT /v1/risk/rules`: the operator reads and changes the risk rules. A change
//! takes effect on the next confirm.

use worker::{Request, Response};

use crate::app::App;
use crate::auth;
use crate::http::{self, ApiError, ApiResult};
use crate::checkout::ports::Devices;
use crate::store::trust::{self, D1Devices};

pub async fn get(app: &App, req: Request) -> ApiResult<Response> {
    auth::operator(app, &req)?;
    http::json(200, &D1Devices { db: &app.db }.rules().await?)
}

pub async fn put(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::operator(app, &req)?;
    let body = http::body(&mut req).await?;
    let rules = tessera_core::risk::Rules::from_json(&body)?;
    let json = serde_json::to_string(&rules).map_err(|e| ApiError::internal("risk", &e.to_string()))?;
    trust::save_rules(&app.db, &json, app.now).await?;
    http::json(200, &rules)
}
