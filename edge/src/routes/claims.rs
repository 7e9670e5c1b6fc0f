//! Unauthorised-payment claims over HTTP. The shopper's side: `POST /v1/claims/lookup` and
//! `POST /v1/claims` with the receipt link's token (the claim page reads it from the link's
//! fragment and sends it in the body, never in a URL). The merchant's side: `GET /v1/claims`,
//! `GET /v1/claims/{id}`, `POST /v1/claims/{id}/refund` and `POST /v1/claims/{id}/reject`.

use serde::Deserialize;
use serde_json::json;
use tessera_core::account::role::Action;
use tessera_core::api::ErrorCode;
use tessera_core::policy::claim::{Status, Via};
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::ports::{Merchants, Ports as _};
use crate::claims;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::routes::lists;
use crate::store::claims as store;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lookup {
    token: String,
}

/// What the claim page shows before the shopper reports: whom they paid, how much, when, and a
/// claim already open on it.
pub async fn lookup(app: &App, mut req: Request) -> ApiResult<Response> {
    let input: Lookup = http::parse(&http::body(&mut req).await?, "Send the token from the receipt's link.")?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let payment = claims::payment_of_link(&ports, &input.token).await?;
    let merchant = ports.merchants().info(&payment.merchant_id).await?;
    let claim = store::of_payment(&app.db, &payment.id).await?;
    http::json(200, &json!({
        "object": "claim_link",
        "payment": { "id": payment.id, "amount": payment.amount.minor(), "currency": payment.amount.currency().code(), "exponent": payment.amount.currency().exponent(), "created_at": payment.created_at, "status": payment.status() },
        "merchant": { "name": merchant.name, "support_email": merchant.support_email },
        "claim": claim.map(|c| c.to_json()),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    token: String,
    description: String,
}

/// `POST /v1/claims`: the shopper reports the payment as not made by them.
pub async fn create(app: &App, mut req: Request) -> ApiResult<Response> {
    let input: Report = http::parse(&http::body(&mut req).await?, "Send the receipt's token and a description.")?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let payment = claims::payment_of_link(&ports, &input.token).await?;
    let (claim, new) = claims::open(&ports, &app.db, &payment, Via::Receipt, &input.description).await?;
    http::json(if new { 201 } else { 200 }, &claim.to_json())
}

async fn merchant_claim<'a>(app: &'a App, req: &Request, id: &str, action: Action) -> ApiResult<(EdgePorts<'a>, store::Claim)> {
    let caller = auth::merchant(app, req, action).await?;
    let claim = store::get(&app.db, &caller.merchant.id, caller.livemode, id).await?.ok_or_else(|| ApiError::not_found("claim"))?;
    Ok((EdgePorts::new(app, RelyingParty::of(&req.url()?)?), claim))
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (_, claim) = merchant_claim(app, &req, id, Action::Read).await?;
    http::json(200, &claim.to_json())
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &["status"])?;
    let status = match page.filters.iter().find(|(k, _)| k == "status") {
        Some((_, v)) => Some(Status::parse(v).ok_or_else(|| ApiError::from(ErrorCode::InvalidQuery))?),
        None => None,
    };
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(store::get(&app.db, &caller.merchant.id, caller.livemode, id).await?.ok_or_else(|| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = store::list(&app.db, &caller.merchant.id, caller.livemode, status, cursor.as_ref(), page.limit + 1).await?;
    http::json(200, &lists::render(items, page.limit, |c| c.to_json()))
}

pub async fn refund(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (ports, claim) = merchant_claim(app, &req, id, Action::MoveMoney).await?;
    http::json(200, &claims::refund(&ports, &app.db, &claim).await?.to_json())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rejection {
    explanation: String,
}

pub async fn reject(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let (ports, claim) = merchant_claim(app, &req, id, Action::MoveMoney).await?;
    let input: Rejection = http::parse(&http::body(&mut req).await?, "Send an explanation for the shopper.")?;
    http::json(200, &claims::reject(&ports, &app.db, &claim, &input.explanation).await?.to_json())
}
