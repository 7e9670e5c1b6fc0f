//! `GET /v1/payments/{id}` and `GET /v1/payments` (newest first, cursor paging).

use serde::Deserialize;
use serde_json::json;
use tessera_core::api::ErrorCode;
use worker::{Request, Response};

use crate::app::App;
use crate::auth;
use crate::http::{self, ApiError, ApiResult};
use crate::store::payments;

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let payment = payments::get_for_merchant(&app.db, &merchant.id, id).await?.ok_or_else(|| ApiError::not_found("payment"))?;
    http::json(200, &payment.to_json())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    limit: Option<String>,
    starting_after: Option<String>,
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let query: ListQuery = req.query().map_err(|_| ApiError::from(ErrorCode::InvalidQuery).with_message("Use only limit and starting_after."))?;
    let limit = match query.limit.as_deref() {
        None => 10,
        Some(l) => l.parse::<u64>().ok().filter(|l| (1..=100).contains(l)).ok_or_else(|| ApiError::from(ErrorCode::InvalidLimit))?,
    };
    let cursor = match query.starting_after.as_deref() {
        None => None,
        Some(id) => Some(payments::get_for_merchant(&app.db, &merchant.id, id).await?.ok_or_else(|| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let mut page = payments::list(&app.db, &merchant.id, cursor.as_ref(), limit + 1).await?;
    let has_more = page.len() as u64 > limit;
    page.truncate(limit as usize);
    let data: Vec<_> = page.iter().map(|p| p.to_json()).collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": has_more }))
}
