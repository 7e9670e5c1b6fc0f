//! `POST /v1/checkout_sessions`, `GET /v1/checkout_sessions/{id}`,
//! `POST /v1/checkout_sessions/{id}` (change an open session's amount or reference) and
//! `POST /v1/checkout_sessions/{id}/cancel`.

use tessera_core::account::role::Action;
use serde_json::json;
use tessera_core::money::Amount;
use tessera_core::session::NewSession;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout;
use crate::http::{self, ApiResult};
use crate::passkey::RelyingParty;
use crate::routes::idempotent;
use crate::store::{history, regional, trust};

pub async fn create(app: &App, mut req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageSessions).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    // Bad input is refused before anything is written, the idempotency record included.
    let new = NewSession::from_json(&body, app.config.ttl)?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    idempotent::run(app, &caller, key, "POST /v1/checkout_sessions", &body, || async {
        let (stored, client_secret) = checkout::create(&ports, &caller.merchant.id, caller.livemode, &new).await?;
        let mut answer = stored.to_json(stored.session.created_at);
        answer["client_secret"] = json!(client_secret);
        Ok((201, answer))
    })
    .await
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let stored = checkout::for_merchant(&ports, &caller.merchant.id, caller.livemode, id).await?;
    let mut body = stored.to_json(app.now);
    // Why each confirm was allowed, stepped up or refused, and every transition since.
    let decisions: Vec<_> = trust::decisions_for_session(&app.db, id)
        .await?
        .into_iter()
        .map(|d| {
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_default();
            json!({ "id": d.id, "action": d.action, "reasons": parse(&d.reasons), "country": d.country, "policy": parse(&d.policy), "sca": parse(&d.sca), "created_at": d.created_at })
        })
        .collect();
    body["risk_decisions"] = json!(decisions);
    // The fingerprinting choices made in this session's frame, with the policy they followed.
    let consents: Vec<_> = regional::consents_for_session(&app.db, id)
        .await?
        .into_iter()
        .map(|c| json!({ "id": c.id, "choice": c.choice.as_str(), "language": c.language, "policy": { "version": c.policy_version, "region": c.region, "rule": c.policy_rule }, "created_at": c.at }))
        .collect();
    body["consents"] = json!(consents);
    body["history"] = json!(history::of_session(&app.db, id).await?);
    http::json(200, &body)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Update {
    amount: Option<serde_json::Value>,
    reference: Option<String>,
}

/// `POST /v1/checkout_sessions/{id}`: change an open session's amount or reference. A step-up
/// code already sent is void afterwards, because it approved the old amount.
pub async fn update(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageSessions).await?;
    let input: Update = http::parse(&http::body(&mut req).await?, "Send amount and/or reference.")?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let stored = checkout::for_merchant(&ports, &caller.merchant.id, caller.livemode, id).await?;
    let amount = match input.amount {
        None => None,
        Some(v) => Some(Amount::new(v.as_u64().ok_or(tessera_core::Error::InvalidAmount)?, stored.session.amount.currency())?),
    };
    let reference = match input.reference.as_deref().map(str::trim) {
        None => None,
        Some(r) if r.is_empty() || r.chars().count() > 128 || r.chars().any(char::is_control) => return Err(tessera_core::Error::InvalidReference.into()),
        Some(r) => Some(r.to_owned()),
    };
    let updated = checkout::update(&ports, stored, amount, reference).await?;
    http::json(200, &updated.to_json(app.now))
}

/// `POST /v1/checkout_sessions/{id}/cancel`.
pub async fn cancel(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageSessions).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let scope = format!("POST /v1/checkout_sessions/{id}/cancel");
    idempotent::run(app, &caller, key, &scope, &body, || async {
        let stored = checkout::for_merchant(&ports, &caller.merchant.id, caller.livemode, id).await?;
        Ok((200, checkout::cancel(&ports, stored).await?.to_json(app.now)))
    })
    .await
}
