//! `GET /v1/payments/{id}`, `GET /v1/payments` (newest first, cursor paging),
//! `POST /v1/payments/{id}/capture` and `POST /v1/payments/{id}/cancel`.

use tessera_core::account::role::Action;
use serde::Deserialize;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::operations;
use crate::checkout::model::Payment;
use crate::http::{self, ApiError, ApiResult};
use serde_json::{json, Value};
use tessera_core::payment::PaymentStatus;
use crate::passkey::RelyingParty;
use crate::routes::{idempotent, lists};
use crate::store::payments;
use tessera_core::api::ErrorCode;

/// Payments as the merchant reads them, with what it said of their checkout.
async fn rendered(app: &App, items: &[Payment]) -> ApiResult<Vec<Value>> {
    let ids: Vec<&str> = items.iter().map(|p| p.session_id.as_str()).collect();
    let facts = payments::session_facts(&app.db, &ids).await?;
    Ok(items
        .iter()
        .map(|p| {
            let mut v = p.to_json();
            if let Some((_, reference, email)) = facts.iter().find(|(id, _, _)| *id == p.session_id) {
                v["reference"] = json!(reference);
                v["shopper_email"] = json!(email);
            }
            v
        })
        .collect())
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let payment = operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await?;
    http::json(200, &rendered(app, &[payment]).await?.remove(0))
}

const FILTERS: [&str; 10] = ["status", "created_gte", "created_lte", "amount_gte", "amount_lte", "brand", "last4", "reference", "email", "q"];

fn filters(page: &lists::Page) -> ApiResult<payments::Filters> {
    let number = |name: &str| page.filter(name).map(|v| v.parse::<u64>().map_err(|_| ApiError::from(ErrorCode::InvalidQuery))).transpose();
    let text = |name: &str| page.filter(name).map(str::trim).filter(|v| !v.is_empty() && v.len() <= 255).map(str::to_owned);
    let status = text("status");
    if status.as_deref().is_some_and(|s| PaymentStatus::ALL.iter().all(|known| known.as_str() != s)) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    Ok(payments::Filters {
        status,
        created_gte: number("created_gte")?,
        created_lte: number("created_lte")?,
        amount_gte: number("amount_gte")?,
        amount_lte: number("amount_lte")?,
        brand: text("brand").map(|b| b.to_ascii_lowercase()),
        last4: text("last4"),
        reference: text("reference"),
        email: text("email"),
        q: text("q"),
    })
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &FILTERS)?;
    let filters = filters(&page)?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await.map_err(|_| crate::http::ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let mut items = payments::search(&app.db, &caller.merchant.id, caller.livemode, &filters, cursor.as_ref(), page.limit + 1).await?;
    let has_more = items.len() as u64 > page.limit;
    items.truncate(page.limit as usize);
    http::json(200, &json!({ "object": "list", "data": rendered(app, &items).await?, "has_more": has_more }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Capture {
    #[serde(default)]
    amount: Option<serde_json::Value>,
}

pub async fn capture(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::MoveMoney).await?;
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
    let caller = auth::merchant(app, &req, Action::MoveMoney).await?;
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
