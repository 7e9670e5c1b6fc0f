//! `GET /v1/payments/{id}`, `GET /v1/payments` (newest first, cursor paging),
//! `POST /v1/payments/{id}/capture` and `POST /v1/payments/{id}/cancel`.

use serde::Deserialize;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::operations;
use crate::http::{self, ApiResult};
use crate::passkey::RelyingParty;
use crate::routes::{idempotent, lists};
use crate::store::payments;
use tessera_core::api::ErrorCode;

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    http::json(200, &operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await?.to_json())
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req).await?;
    let page = lists::page(&req, &[])?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await.map_err(|_| crate::http::ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = payments::list(&app.db, &caller.merchant.id, caller.livemode, cursor.as_ref(), page.limit + 1).await?;
    http::json(200, &lists::render(items, page.limit, |p| p.to_json()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Capture {
    #[serde(default)]
    amount: Option<serde_json::Value>,
}

pub async fn capture(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let input: Capture = if body.is_empty() { Capture { amount: None } } else { http::parse(&body, "Send an amount, or nothing to capture it all.")? };
    let amount = input.amount.map(|v| v.as_u64().filter(|a| *a > 0).ok_or(tessera_core::Error::InvalidAmount)).transpose()?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let scope = format!("POST /v1/payments/{id}/capture");
    idempotent::run(app, &caller, key, &scope, &body, || async {
        let payment = operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await?;
        Ok((200, operations::capture(&ports, &payment, amount).await?.to_json()))
    })
    .await
}

pub async fn cancel(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let scope = format!("POST /v1/payments/{id}/cancel");
    idempotent::run(app, &caller, key, &scope, &body, || async {
        let payment = operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await?;
        Ok((200, operations::cancel(&ports, &payment).await?.to_json()))
    })
    .await
}
