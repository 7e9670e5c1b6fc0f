//! `POST /v1/invoices`, `GET /v1/invoices`, `GET` and `POST /v1/invoices/{id}`,
//! `POST /v1/invoices/{id}/finalize`, `POST /v1/invoices/{id}/void`: with the secret key, or from
//! the dashboard by an owner or admin (any member reads).

use serde_json::json;
use tessera_core::account::role::Action;
use tessera_core::api::ErrorCode;
use tessera_core::invoice::{InvoiceInput, InvoiceStatus};
use worker::{Request, Response};

use crate::accounts::ports::{AccountPorts, Accounts};
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::http::{self, ApiError, ApiResult};
use crate::invoices::{self, InvoicePorts};
use crate::passkey::RelyingParty;
use crate::routes::lists;
use crate::store::invoices as stored;

fn ports<'a>(app: &'a App, req: &Request) -> ApiResult<EdgePorts<'a>> {
    Ok(EdgePorts::new(app, RelyingParty::of(&req.url()?)?))
}

fn input(body: &[u8]) -> ApiResult<InvoiceInput> {
    http::parse(body, "Send customer {email, name}, currency, line_items [{description, quantity, unit_amount, tax_rate?}], due_date?, memo?, footer?.")
}

pub async fn create(app: &App, mut req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageInvoices).await?;
    let body = http::body(&mut req).await?;
    let p = ports(app, &req)?;
    let invoice = invoices::create(&p, &caller.merchant.id, caller.livemode, input(&body)?).await?;
    http::json(201, &invoice.to_json(p.origin()))
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let p = ports(app, &req)?;
    http::json(200, &invoices::for_merchant(&p, &caller.merchant.id, caller.livemode, id).await?.to_json(p.origin()))
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &["status"])?;
    let status = page.filter("status");
    if status.is_some_and(|s| InvoiceStatus::parse(s).is_none()) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let p = ports(app, &req)?;
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(invoices::for_merchant(&p, &caller.merchant.id, caller.livemode, id).await.map_err(|_| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = stored::list(&app.db, &caller.merchant.id, caller.livemode, status, cursor.as_ref(), page.limit + 1).await?;
    let origin = p.origin().to_owned();
    http::json(200, &lists::render(items, page.limit, |i| i.to_json(&origin)))
}

pub async fn update(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageInvoices).await?;
    let body = http::body(&mut req).await?;
    let p = ports(app, &req)?;
    let invoice = invoices::for_merchant(&p, &caller.merchant.id, caller.livemode, id).await?;
    http::json(200, &invoices::update(&p, invoice, input(&body)?).await?.to_json(p.origin()))
}

pub async fn finalize(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageInvoices).await?;
    let p = ports(app, &req)?;
    let invoice = invoices::for_merchant(&p, &caller.merchant.id, caller.livemode, id).await?;
    let locale = p.accounts().get(&caller.merchant.id).await?.map(|a| a.locale).unwrap_or_default();
    http::json(200, &invoices::finalize(&p, invoice, &caller.merchant.name, &locale).await?.to_json(p.origin()))
}

pub async fn void(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageInvoices).await?;
    let p = ports(app, &req)?;
    let invoice = invoices::for_merchant(&p, &caller.merchant.id, caller.livemode, id).await?;
    let voided = invoices::void(&p, invoice).await?;
    http::json(200, &json!(voided.to_json(p.origin())))
}
