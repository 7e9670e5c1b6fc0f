//! `GET` and `POST /v1/members`, `POST` and `DELETE /v1/members/{id}`: a business's people.
//! Only the dashboard manages members; a secret key cannot.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::account::role::Action;
use worker::{Request, Response};

use crate::accounts::ports::Members;
use crate::accounts::members;
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::http::{self, ApiResult};
use crate::passkey::RelyingParty;

fn ports<'a>(app: &'a App, req: &Request) -> ApiResult<EdgePorts<'a>> {
    Ok(EdgePorts::new(app, RelyingParty::of(&req.url()?)?))
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let member = members::acting(&signed, Action::Read)?;
    let p = ports(app, &req)?;
    let data: Vec<Value> = crate::accounts::ports::AccountPorts::members(&p).of_merchant(&member.merchant_id).await?.iter().map(|m| m.to_json()).collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Invite {
    email: String,
    role: String,
}

pub async fn invite(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: Invite = http::parse(&http::body(&mut req).await?, "Send {\"email\": \"…\", \"role\": \"admin\" | \"developer\" | \"analyst\"}.")?;
    let p = ports(app, &req)?;
    http::json(201, &members::invite(&p, &signed, &input.email, &input.role).await?.to_json())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    role: String,
}

pub async fn update(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: Change = http::parse(&http::body(&mut req).await?, "Send {\"role\": \"admin\" | \"developer\" | \"analyst\"}.")?;
    let p = ports(app, &req)?;
    http::json(200, &members::set_role(&p, &signed, id, &input.role).await?.to_json())
}

pub async fn remove(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let p = ports(app, &req)?;
    members::remove(&p, &signed, id).await?;
    http::json(200, &json!({ "id": id, "object": "member", "deleted": true }))
}
