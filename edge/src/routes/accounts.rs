//! The business behind the dashboard: `POST /v1/account` (made by a signed-in user, or changed by
//! its owner or an admin), `GET /v1/account`, `POST /v1/account/verification`,
//! `POST /v1/account/branding`, `POST /v1/account/allowed_origins`; the operator's decision on a
//! business in review; and a KYB provider's signed notifications.

use serde::Deserialize;
use serde_json::Value;
use tessera_core::account::business::{Address, BusinessInput};
use tessera_core::account::verification::Outcome;
use tessera_core::api::ErrorCode;
use worker::{Request, Response};

use crate::accounts::business::{self, BrandingInput};
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::config::setting;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::verifier::Answer;
use crate::zones;

fn ports<'a>(app: &'a App, req: &Request) -> ApiResult<EdgePorts<'a>> {
    Ok(EdgePorts::new(app, RelyingParty::of(&req.url()?)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountInput {
    legal_name: Option<String>,
    country: Option<String>,
    address: Option<Address>,
    website: Option<String>,
    support_email: Option<String>,
    timezone: Option<String>,
    locale: Option<String>,
}

pub async fn post(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: AccountInput = http::parse(&http::body(&mut req).await?, "Send legal_name, country, address, website, support_email, timezone and locale.")?;
    let details = BusinessInput { legal_name: input.legal_name, country: input.country, address: input.address, website: input.website, support_email: input.support_email };
    let p = ports(app, &req)?;
    if signed.member.is_none() {
        let (_, created) = business::create(&p, signed, details, input.timezone, input.locale, zones::exists).await?;
        return http::json(201, &business::created_json(&created, &[]));
    }
    let account = business::update(&p, &signed, details, input.timezone, input.locale, zones::exists).await?;
    http::json(200, &business::view(&p, &account).await?)
}

pub async fn get(app: &App, req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let member = signed.member.as_ref().ok_or_else(|| ApiError::from(ErrorCode::NoBusiness))?;
    let p = ports(app, &req)?;
    let account = business::of(&p, &member.merchant_id).await?;
    http::json(200, &business::view(&p, &account).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerificationInput {
    company_number: String,
}

pub async fn verify(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: VerificationInput = http::parse(&http::body(&mut req).await?, "Send {\"company_number\": \"…\"}.")?;
    let p = ports(app, &req)?;
    let account = business::submit(&p, &signed, &input.company_number).await?;
    http::json(200, &business::view(&p, &account).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandingBody {
    display_name: Option<String>,
    color_primary: Option<String>,
    color_background: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    logo: Option<Option<String>>,
}

fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

pub async fn brand(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let body = http::body_within(&mut req, 160 * 1024).await?;
    let input: BrandingBody = http::parse(&body, "Send display_name, color_primary, color_background and logo.")?;
    let p = ports(app, &req)?;
    let branding = BrandingInput { display_name: input.display_name, color_primary: input.color_primary, color_background: input.color_background, logo: input.logo };
    let account = business::brand(&p, &signed, branding).await?;
    http::json(200, &business::view(&p, &account).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginsInput {
    allowed_origins: Vec<String>,
}

pub async fn allow_origins(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: OriginsInput = http::parse(&http::body(&mut req).await?, "Send {\"allowed_origins\": [\"https://shop.example\"]}.")?;
    let p = ports(app, &req)?;
    let account = business::allow_origins(&p, &signed, input.allowed_origins).await?;
    http::json(200, &business::view(&p, &account).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewInput {
    decision: String,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /v1/operator/accounts/{id}/verification`.
pub async fn review(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    auth::operator(app, &req)?;
    let input: ReviewInput = http::parse(&http::body(&mut req).await?, "Send {\"decision\": \"verified\" | \"rejected\", \"reason\": \"…\"}.")?;
    let verified = match input.decision.as_str() {
        "verified" => true,
        "rejected" => false,
        _ => return Err(ApiError::from(ErrorCode::InvalidJson).with_message("decision must be verified or rejected.")),
    };
    let reason = input.reason.map(|r| r.chars().filter(|c| !c.is_control()).take(200).collect());
    let p = ports(app, &req)?;
    let account = business::review(&p, id, verified, reason).await?;
    http::json(200, &business::view(&p, &account).await?)
}

/// `POST /v1/verifications/notifications`: a KYB provider's later answer, signed with
/// `KYB_WEBHOOK_SECRET` as Tessera signs its own webhooks.
pub async fn notification(app: &App, mut req: Request) -> ApiResult<Response> {
    let secret = setting(&app.env, "KYB_WEBHOOK_SECRET").ok_or_else(|| ApiError::from(ErrorCode::InvalidNotificationSignature))?;
    let header = req.headers().get("Kyb-Signature")?.unwrap_or_default();
    let body = http::body(&mut req).await?;
    let text = String::from_utf8(body).map_err(|_| ApiError::from(ErrorCode::InvalidJson))?;
    tessera_core::webhook::verify(&header, &secret, &text, app.now, 300).map_err(|_| ApiError::from(ErrorCode::InvalidNotificationSignature))?;
    let answer: Answer = http::parse(text.as_bytes(), "A verification: {\"id\", \"status\", \"reason\"?}.")?;
    let outcome = answer.outcome().filter(|o| *o != Outcome::Pending).ok_or_else(|| ApiError::from(ErrorCode::InvalidJson))?;
    let p = ports(app, &req)?;
    business::notified(&p, &answer.id, outcome, answer.reason()).await?;
    http::json(200, &Value::Object(serde_json::Map::from_iter([("received".to_owned(), Value::Bool(true))])))
}
