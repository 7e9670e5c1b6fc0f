//! `GET /v1/disputes`, `GET /v1/disputes/{id}`, `POST /v1/disputes/{id}` (evidence: text fields
//! and base64 files, size-limited; `submit` hands it in) and `POST /v1/disputes/{id}/close`
//! (accept the dispute).

use tessera_core::account::role::Action;
use serde::Deserialize;
use serde_json::Value;
use tessera_core::api::ErrorCode;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::disputes;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::routes::{idempotent, lists};
use crate::store::disputes as store;

/// Evidence bodies carry files: they may be larger than other requests.
const MAX_EVIDENCE_BODY: usize = 1536 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Evidence {
    #[serde(default)]
    evidence: Value,
    #[serde(default)]
    files: Vec<Value>,
    #[serde(default = "yes")]
    submit: bool,
}

fn yes() -> bool {
    true
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    http::json(200, &disputes::dispute_for(&ports, &caller.merchant.id, caller.livemode, id).await?.to_json())
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &[])?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(disputes::dispute_for(&ports, &caller.merchant.id, caller.livemode, id).await.map_err(|_| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = store::list(&app.db, &caller.merchant.id, caller.livemode, cursor.as_ref(), page.limit + 1).await?;
    http::json(200, &lists::render(items, page.limit, |d| d.to_json()))
}

pub async fn update(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageDisputes).await?;
    let key = idempotent::key(&req)?;
    let body = http::body_within(&mut req, MAX_EVIDENCE_BODY).await.map_err(|e| if e.code == ErrorCode::RequestTooLarge { ErrorCode::EvidenceTooLarge.into() } else { e })?;
    let input: Evidence = http::parse(&body, "Send evidence (text fields), files and submit.").map_err(|_| ApiError::from(ErrorCode::InvalidEvidence))?;
    let (fields, files) = disputes::check_evidence(&input.evidence, &input.files)?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let scope = format!("POST /v1/disputes/{id}");
    idempotent::run(app, &caller, key, &scope, &body, || async {
        let dispute = disputes::dispute_for(&ports, &caller.merchant.id, caller.livemode, id).await?;
        Ok((200, disputes::evidence(&ports, &dispute, fields, files, input.submit).await?.to_json()))
    })
    .await
}

pub async fn close(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageDisputes).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let scope = format!("POST /v1/disputes/{id}/close");
    idempotent::run(app, &caller, key, &scope, &body, || async {
        let dispute = disputes::dispute_for(&ports, &caller.merchant.id, caller.livemode, id).await?;
        Ok((200, disputes::accept(&ports, &dispute).await?.to_json()))
    })
    .await
}
