//! Regional policy over HTTP: the document for the operator (`GET /v1/policy`) and the card
//! frame's fingerprinting choice (`POST /v1/checkout_sessions/{id}/consent`).

use serde::Deserialize;
use serde_json::json;
use tessera_core::api::ErrorCode;
use tessera_core::policy::consent::Choice;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::routes::confirm::{device, one_dpop_header, origin};

/// `GET /v1/policy`: the document in force, as the edge validated it.
pub async fn get(app: &App, req: Request) -> ApiResult<Response> {
    auth::operator(app, &req)?;
    http::json(200, &serde_json::to_value(app.config.checkout.policy.as_ref()).map_err(|e| ApiError::internal("policy", &e.to_string()))?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentInput {
    client_secret: String,
    choice: String,
    language: String,
}

/// `POST /v1/checkout_sessions/{id}/consent`: the shopper's choice, signed by the device key it
/// is about, so nobody can agree or refuse for another browser.
pub async fn consent(app: &App, mut req: Request, session_id: &str) -> ApiResult<Response> {
    let proof = one_dpop_header(&req)?;
    let input: ConsentInput = http::parse(&http::body(&mut req).await?, "Send client_secret, choice (granted, refused or withdrawn) and language.")?;
    let choice = Choice::parse(&input.choice).ok_or_else(|| ApiError::from(ErrorCode::InvalidConsent).with_extra(json!({ "field": "choice" })))?;
    let language = input.language.trim();
    let language_ok = (2..=35).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !language_ok {
        return Err(ApiError::from(ErrorCode::InvalidConsent).with_extra(json!({ "field": "language" })));
    }
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let verified = device(app, &req, &proof).await?;
    let stored = checkout::for_frame(&ports, session_id, &input.client_secret).await?;
    let from = origin(app, &req)?;
    let c = checkout::regional::choose(&ports, &stored.session, &from, verified.jkt.as_str(), choice, language).await?;
    http::json(201, &json!({
        "id": c.id,
        "object": "consent",
        "choice": c.choice.as_str(),
        "policy": { "version": c.policy_version, "region": c.region, "rule": c.policy_rule },
        "created_at": c.at,
    }))
}
