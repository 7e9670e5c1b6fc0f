//! The dashboard's own routes: signing in with an email code or a passkey, the session, signing
//! out, switching business, a user's passkeys and accepting an invitation. The session lives in
//! the `__Host-` cookie (HttpOnly, Secure, SameSite=Strict); its token is never in a body or a URL.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::account::dashboard::{COOKIE, MAX_AGE_SECONDS};
use worker::{Request, Response};

use crate::accounts::ports::UserPasskeys;
use crate::accounts::sign_in::{self, SignedIn};
use crate::accounts::{members, passkeys, sessions, Signed};
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;

fn ports<'a>(app: &'a App, req: &Request) -> ApiResult<EdgePorts<'a>> {
    Ok(EdgePorts::new(app, RelyingParty::of(&req.url()?)?))
}

/// The session's answer, with its cookie.
async fn with_cookie(p: &EdgePorts<'_>, signed_in: SignedIn) -> ApiResult<Response> {
    let SignedIn { token, session, user } = signed_in;
    let signed = Signed { token: token.clone(), member: None, session, user };
    let signed = sessions::authenticate(p, &signed.token).await?;
    let response = http::json(200, &sessions::view(p, &signed).await?)?;
    response.headers().set("Set-Cookie", &format!("{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={MAX_AGE_SECONDS}"))?;
    Ok(response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmailInput {
    email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeInput {
    code: String,
}

pub async fn send_code(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: EmailInput = http::parse(&http::body(&mut req).await?, "Send {\"email\": \"…\"}.")?;
    crate::rate_limit::sign_in(app, &input.email).await?;
    let p = ports(app, &req)?;
    http::json(201, &sign_in::code_json(&sign_in::send_code(&p, &input.email).await?))
}

pub async fn resend_code(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let p = ports(app, &req)?;
    http::json(200, &sign_in::code_json(&sign_in::resend_code(&p, id).await?))
}

pub async fn verify_code(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: CodeInput = http::parse(&http::body(&mut req).await?, "Send {\"code\": \"123456\"}.")?;
    let p = ports(app, &req)?;
    let signed_in = sign_in::verify_code(&p, id, &input.code).await?;
    with_cookie(&p, signed_in).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsInput {
    purpose: String,
}

pub async fn passkey_options(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: OptionsInput = http::parse(&http::body(&mut req).await?, "Send {\"purpose\": \"sign_in\" | \"register\"}.")?;
    let p = ports(app, &req)?;
    match input.purpose.as_str() {
        "sign_in" => http::json(200, &passkeys::sign_in_options(&p).await?),
        "register" => {
            let signed = auth::dashboard(app, &req).await?;
            http::json(200, &passkeys::registration_options(&p, &signed).await?)
        }
        _ => Err(ApiError::from(tessera_core::api::ErrorCode::InvalidJson).with_message("purpose must be sign_in or register.")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialInput {
    credential: Value,
    #[serde(default)]
    name: Option<String>,
}

pub async fn passkey_sign_in(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: CredentialInput = http::parse(&http::body(&mut req).await?, "Send {\"credential\": …}.")?;
    let p = ports(app, &req)?;
    let signed_in = passkeys::sign_in(&p, &input.credential).await?;
    with_cookie(&p, signed_in).await
}

pub async fn passkey_register(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: CredentialInput = http::parse(&http::body(&mut req).await?, "Send {\"credential\": …, \"name\"?: \"…\"}.")?;
    let p = ports(app, &req)?;
    http::json(201, &passkeys::register(&p, &signed, &input.credential, input.name.as_deref()).await?.to_json())
}

pub async fn passkey_list(app: &App, req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let p = ports(app, &req)?;
    let data: Vec<Value> = crate::accounts::ports::AccountPorts::user_passkeys(&p).of_user(&signed.user.id).await?.iter().map(|k| k.to_json()).collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false }))
}

pub async fn passkey_delete(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let p = ports(app, &req)?;
    if !crate::accounts::ports::AccountPorts::user_passkeys(&p).delete(&signed.user.id, id).await? {
        return Err(ApiError::not_found("passkey"));
    }
    http::json(200, &json!({ "id": id, "object": "passkey", "deleted": true }))
}

pub async fn session(app: &App, req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let p = ports(app, &req)?;
    http::json(200, &sessions::view(&p, &signed).await?)
}

pub async fn sign_out(app: &App, req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let p = ports(app, &req)?;
    sessions::sign_out(&p, &signed).await?;
    let response = http::json(200, &json!({ "signed_out": true }))?;
    response.headers().set("Set-Cookie", &format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"))?;
    Ok(response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SwitchInput {
    merchant: String,
}

pub async fn switch(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: SwitchInput = http::parse(&http::body(&mut req).await?, "Send {\"merchant\": \"mer_…\"}.")?;
    let p = ports(app, &req)?;
    let signed = sessions::switch(&p, signed, &input.merchant).await?;
    http::json(200, &sessions::view(&p, &signed).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InviteInput {
    token: String,
}

pub async fn accept_invite(app: &App, mut req: Request) -> ApiResult<Response> {
    let signed = auth::dashboard(app, &req).await?;
    let input: InviteInput = http::parse(&http::body(&mut req).await?, "Send {\"token\": \"inv_…\"}.")?;
    let p = ports(app, &req)?;
    let signed = members::accept(&p, signed, &input.token).await?;
    http::json(200, &sessions::view(&p, &signed).await?)
}
