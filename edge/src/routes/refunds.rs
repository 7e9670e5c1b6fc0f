//! `POST /v1/refunds` `{payment, amount?, reason?}` (with `Idempotency-Key`),
//! `GET /v1/refunds/{id}` and `GET /v1/refunds?payment=`.

use tessera_core::account::role::Action;
use serde::Deserialize;
use tessera_core::api::ErrorCode;
use tessera_core::ids::Kind;
use tessera_core::payment::refund::RefundReason;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::operations;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::routes::{idempotent, lists};
use crate::store::refunds;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Create {
    payment: String,
    #[serde(default)]
    amount: Option<serde_json::Value>,
    #[serde(default)]
    reason: Option<String>,
}

fn reason(text: Option<&str>) -> ApiResult<Option<RefundReason>> {
    match text {
        None => Ok(None),
        Some("duplicate") => Ok(Some(RefundReason::Duplicate)),
        Some("fraudulent") => Ok(Some(RefundReason::Fraudulent)),
        Some("requested_by_customer") => Ok(Some(RefundReason::RequestedByCustomer)),
        Some(_) => Err(ErrorCode::InvalidRefundReason.into()),
    }
}

pub async fn create(app: &App, mut req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::MoveMoney).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let input: Create = http::parse(&body, "Send payment, and amount and reason if you like.")?;
    let amount = input.amount.map(|v| v.as_u64().filter(|a| *a > 0).ok_or(tessera_core::Error::InvalidAmount)).transpose()?;
    let reason = reason(input.reason.as_deref())?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let id = key.as_deref().map(|k| idempotent::derived_id(app, &caller, Kind::Refund, k)).transpose()?;
    idempotent::run(app, &caller, key, "POST /v1/refunds", &body, || async {
        let payment = operations::payment_for(&ports, &caller.merchant.id, caller.livemode, &input.payment).await?;
        Ok((201, operations::refund(&ports, &payment, amount, reason, id).await?.to_json()))
    })
    .await
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    http::json(200, &operations::refund_for(&ports, &caller.merchant.id, caller.livemode, id).await?.to_json())
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &["payment"])?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(operations::refund_for(&ports, &caller.merchant.id, caller.livemode, id).await.map_err(|_| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = refunds::list(&app.db, &caller.merchant.id, caller.livemode, page.filter("payment"), cursor.as_ref(), page.limit + 1).await?;
    http::json(200, &lists::render(items, page.limit, |r| r.to_json()))
}
