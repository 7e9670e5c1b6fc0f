//! A shopper's personal account, under `/v1/me`: signing in and up (email codes, passkeys), the
//! verification steps, sign-ins and devices, the activity log, export and deletion, and the
//! "this wasn't me" lock. The sign-in lives in the `__Host-tessera_account` cookie (HttpOnly,
//! Secure, SameSite=Strict), its token never in a body or URL; a browser is known by the
//! `__Host-tessera_device` cookie, a random value only its hash of which is stored.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::account::dashboard;
use tessera_core::account::identity::IdentityInput;
use tessera_core::account::personal::{browser_family, COOKIE, MAX_AGE_SECONDS};
use tessera_core::address::AddressInput;
use tessera_core::api::ErrorCode;
use tessera_core::crypto::{random_array, RustCrypto};
use tessera_core::b64;
use worker::{Method, Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::secret_hash;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::personal::model::CodePurpose;
use crate::personal::sign_in::Outcome;
use crate::personal::sessions::SignedIn;
use crate::personal::{cards, passkeys, privacy, profile, sessions, sign_in, Browser, Signed};

/// The device cookie's name.
const DEVICE_COOKIE: &str = "__Host-tessera_device";
/// How long a browser keeps its device cookie (the most browsers allow).
const DEVICE_MAX_AGE: u64 = 400 * 24 * 3600;

fn ports<'a>(app: &'a App, req: &Request) -> ApiResult<EdgePorts<'a>> {
    Ok(EdgePorts::new(app, RelyingParty::of(&req.url()?)?).speaking(req))
}

fn cookie(req: &Request, name: &str) -> ApiResult<Option<String>> {
    let header = req.headers().get("Cookie")?.unwrap_or_default();
    Ok(header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(n, _)| *n == name).map(|(_, v)| v.to_owned()))
}

/// The browser of a request, and a new device cookie to set if it had none (or a malformed one).
fn browser(app: &App, req: &Request) -> ApiResult<(Browser, Option<String>)> {
    let existing = cookie(req, DEVICE_COOKIE)?.filter(|v| v.len() == 43 && b64::decode(v).is_ok_and(|b| b.len() == 32));
    let (value, fresh) = match existing {
        Some(v) => (v, None),
        None => {
            let bytes: [u8; 32] = random_array(&RustCrypto)?;
            let v = b64::encode(&bytes);
            (v.clone(), Some(v))
        }
    };
    let device = format!("web_{}", &secret_hash(&value)[..20]);
    let country = super::confirm::origin(app, req)?.country;
    let family = browser_family(&req.headers().get("User-Agent")?.unwrap_or_default());
    Ok((Browser { device, country, family }, fresh))
}

fn set_cookies(response: &Response, token: Option<&str>, device: Option<&str>) -> ApiResult<()> {
    if let Some(token) = token {
        response.headers().append("Set-Cookie", &format!("{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={MAX_AGE_SECONDS}"))?;
    }
    if let Some(device) = device {
        response.headers().append("Set-Cookie", &format!("{DEVICE_COOKIE}={device}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={DEVICE_MAX_AGE}"))?;
    }
    Ok(())
}

async fn signed_in(p: &EdgePorts<'_>, s: SignedIn, device: Option<&str>) -> ApiResult<Response> {
    let response = http::json(200, &sessions::view(p, &s.signed).await?)?;
    set_cookies(&response, Some(&s.token), device)?;
    Ok(response)
}

/// The account sign-in of this request, checked: alive, and for a change, the edge's own
/// `Origin` and the session's CSRF token.
async fn me<'a>(app: &'a App, req: &Request) -> ApiResult<(EdgePorts<'a>, Signed)> {
    let token = cookie(req, COOKIE)?.ok_or_else(|| ApiError::from(ErrorCode::NotSignedInAccount))?;
    if !matches!(req.method(), Method::Get | Method::Head) {
        auth::same_origin(req)?;
        let given = req.headers().get("X-CSRF-Token")?.unwrap_or_default();
        if !dashboard::csrf_matches(&app.config.dashboard_csrf_key, &token, &given) {
            return Err(ErrorCode::CsrfTokenInvalid.into());
        }
    }
    let p = ports(app, req)?;
    let signed = sessions::authenticate(&p, &token).await?;
    Ok((p, signed))
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdCodeInput {
    id: String,
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhoneInput {
    phone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenInput {
    token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsInput {
    purpose: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialInput {
    credential: Value,
    #[serde(default)]
    name: Option<String>,
}

pub async fn send_code(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: EmailInput = http::parse(&http::body(&mut req).await?, "Send {\"email\": \"…\"}.")?;
    crate::rate_limit::sign_in(app, &input.email).await?;
    let p = ports(app, &req)?;
    http::json(201, &sign_in::send_code(&p, &input.email).await?)
}

/// A sign-in code is resent without a session; a phone code only within its account's.
pub async fn resend_code(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    if let (Some(_), Ok((p, signed))) = (cookie(&req, COOKIE)?, me(app, &req).await) {
        for purpose in [CodePurpose::Phone, CodePurpose::CurrentPhone] {
            if let Ok(code) = profile::resend_phone_code(&p, &signed, id, purpose).await {
                return http::json(200, &code);
            }
        }
    }
    let p = ports(app, &req)?;
    http::json(200, &sign_in::resend_code(&p, id).await?)
}

pub async fn verify_code(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: CodeInput = http::parse(&http::body(&mut req).await?, "Send {\"code\": \"123456\"}.")?;
    let p = ports(app, &req)?;
    let (browser, device) = browser(app, &req)?;
    match sign_in::verify_code(&p, id, &input.code, &browser).await? {
        Outcome::SignedIn(s) => signed_in(&p, *s, device.as_deref()).await,
        Outcome::Locked(sms) => {
            let error = ApiError::from(ErrorCode::AccountLocked).with_extra(json!({ "unlock": { "sms_code": sms } }));
            Err(error)
        }
    }
}

pub async fn unlock(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: IdCodeInput = http::parse(&http::body(&mut req).await?, "Send {\"id\": \"sac_…\", \"code\": \"123456\"}.")?;
    let p = ports(app, &req)?;
    let (browser, device) = browser(app, &req)?;
    let s = sign_in::unlock_with_phone(&p, &input.id, &input.code, &browser).await?;
    signed_in(&p, s, device.as_deref()).await
}

pub async fn lock(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: TokenInput = http::parse(&http::body(&mut req).await?, "Send {\"token\": \"lck_…\"}.")?;
    let p = ports(app, &req)?;
    sessions::lock(&p, &input.token).await?;
    http::json(200, &json!({ "locked": true }))
}

pub async fn get(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    http::json(200, &sessions::view(&p, &signed).await?)
}

fn signed_out(response: Response) -> ApiResult<Response> {
    response.headers().set("Set-Cookie", &format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"))?;
    Ok(response)
}

pub async fn sign_out(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    sessions::sign_out(&p, &signed).await?;
    signed_out(http::json(200, &json!({ "signed_out": true }))?)
}

pub async fn sign_out_everywhere(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    sessions::sign_out_everywhere(&p, &signed).await?;
    signed_out(http::json(200, &json!({ "signed_out": true, "everywhere": true }))?)
}

pub async fn start_phone(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: PhoneInput = http::parse(&http::body(&mut req).await?, "Send {\"phone\": \"+14155550100\"}.")?;
    http::json(201, &profile::start_phone(&p, &signed, &input.phone).await?)
}

pub async fn verify_phone(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: IdCodeInput = http::parse(&http::body(&mut req).await?, "Send {\"id\": \"sac_…\", \"code\": \"123456\"}.")?;
    let account = profile::verify_phone(&p, &signed, &input.id, &input.code).await?;
    http::json(200, &sessions::view(&p, &Signed { account, ..signed }).await?)
}

pub async fn start_current_phone(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    http::json(201, &profile::start_current_phone(&p, &signed).await?)
}

pub async fn verify_current_phone(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: IdCodeInput = http::parse(&http::body(&mut req).await?, "Send {\"id\": \"sac_…\", \"code\": \"123456\"}.")?;
    profile::verify_current_phone(&p, &signed, &input.id, &input.code).await?;
    http::json(200, &json!({ "current_phone_proved": true }))
}

pub async fn put_address(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: AddressInput = http::parse(&http::body(&mut req).await?, "Send {\"line1\", \"city\"?, \"region\"?, \"postal_code\"?, \"country\"}.")?;
    let account = profile::set_address(&p, &signed, &input).await?;
    http::json(200, &sessions::view(&p, &Signed { account, ..signed }).await?)
}

pub async fn post_identity(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: IdentityInput = http::parse(
        &http::body(&mut req).await?,
        "Send {\"given_name\", \"family_name\", \"date_of_birth\": \"YYYY-MM-DD\", \"document_type\": \"passport\" | \"id_card\" | \"driving_licence\", \"document_number\", \"issuing_country\"}.",
    )?;
    let account = profile::submit_identity(&p, &signed, &input).await?;
    http::json(200, &sessions::view(&p, &Signed { account, ..signed }).await?)
}

pub async fn passkey_options(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: OptionsInput = http::parse(&http::body(&mut req).await?, "Send {\"purpose\": \"sign_in\" | \"register\"}.")?;
    match input.purpose.as_str() {
        "sign_in" => http::json(200, &passkeys::sign_in_options(&ports(app, &req)?).await?),
        "register" => {
            let (p, signed) = me(app, &req).await?;
            http::json(200, &passkeys::registration_options(&p, &signed).await?)
        }
        _ => Err(ApiError::from(ErrorCode::InvalidJson).with_message("purpose must be sign_in or register.")),
    }
}

pub async fn passkey_sign_in(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::same_origin(&req)?;
    let input: CredentialInput = http::parse(&http::body(&mut req).await?, "Send {\"credential\": …}.")?;
    let p = ports(app, &req)?;
    let (browser, device) = browser(app, &req)?;
    let s = passkeys::sign_in(&p, &input.credential, &browser).await?;
    signed_in(&p, s, device.as_deref()).await
}

pub async fn passkey_register(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: CredentialInput = http::parse(&http::body(&mut req).await?, "Send {\"credential\": …, \"name\"?: \"…\"}.")?;
    http::json(201, &passkeys::register(&p, &signed, &input.credential, input.name.as_deref()).await?.to_json())
}

pub async fn passkey_list(app: &App, req: Request) -> ApiResult<Response> {
    use crate::personal::ports::{PersonalPorts, ShopperPasskeys};
    let (p, signed) = me(app, &req).await?;
    let data: Vec<Value> = p.shopper_passkeys().of(&signed.account.id).await?.iter().map(|k| k.to_json()).collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false }))
}

pub async fn passkey_delete(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    passkeys::remove(&p, &signed, id).await?;
    http::json(200, &json!({ "id": id, "object": "passkey", "deleted": true }))
}

pub async fn devices(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    http::json(200, &privacy::devices(&p, &signed).await?)
}

pub async fn revoke_device(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    privacy::revoke_device(&p, &signed, id).await?;
    http::json(200, &json!({ "id": id, "object": "device", "status": "revoked" }))
}

pub async fn activity(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let url = req.url()?;
    let limit = url.query_pairs().find(|(k, _)| k == "limit").map(|(_, v)| v.parse::<u32>().map_err(|_| ApiError::from(ErrorCode::InvalidLimit))).transpose()?.unwrap_or(50);
    http::json(200, &privacy::activity(&p, &signed, limit).await?)
}

pub async fn export(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let response = http::json(200, &privacy::export(&p, &signed).await?)?;
    response.headers().set("Content-Disposition", "attachment; filename=\"tessera-account.json\"")?;
    response.headers().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub async fn delete(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    privacy::delete(&p, &signed).await?;
    let request = erase(app, &signed.account.email, "account", true).await?;
    signed_out(http::json(200, &json!({ "id": signed.account.id, "object": "shopper_account", "deleted": true, "deletion_request": request }))?)
}

/// Erases what is kept for `email` beyond an account and records the request.
async fn erase(app: &App, email: &str, via: &str, erased_account: bool) -> ApiResult<Value> {
    let id = tessera_core::ids::Id::generate(&RustCrypto, tessera_core::ids::Kind::DeletionRequest)?;
    let subject = b64::encode(&tessera_core::kdf::hmac_sha256(&app.config.dashboard_code_key, ["tessera/deletion/v1:", &email.to_ascii_lowercase()].concat().as_bytes()));
    let erasure = crate::store::deletion::Erasure { id: id.as_str(), subject_hash: &subject, email, via, erased_account };
    crate::store::deletion::erase(&app.db, &app.config.checkout.policy, &erasure, app.now).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeletionInput {
    email: String,
}

/// `POST /v1/operator/deletion_requests`: a person asked the operator to erase them.
pub async fn operator_deletion(app: &App, mut req: Request) -> ApiResult<Response> {
    auth::operator(app, &req)?;
    let input: DeletionInput = http::parse(&http::body(&mut req).await?, "Send {\"email\": …}.")?;
    let email: tessera_core::shopper::Email = input.email.parse()?;
    use crate::personal::ports::{PersonalPorts, ShopperAccounts};
    let p = ports(app, &req)?;
    let account = p.shopper_accounts().by_email(email.as_str()).await?;
    if let Some(account) = &account {
        p.shopper_accounts().delete(account).await?;
    }
    http::json(201, &erase(app, email.as_str(), "operator", account.is_some()).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimInput {
    description: String,
}

/// `POST /v1/me/payments/{id}/claim`: report a payment the account made as not made by its
/// holder (a payment of another account, or none, is not found).
pub async fn claim(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: ClaimInput = http::parse(&http::body(&mut req).await?, "Send {\"description\": …}.")?;
    if !crate::store::claims::account_paid(&app.db, &signed.account.id, id).await? {
        return Err(ApiError::not_found("payment"));
    }
    let payment = crate::checkout::ports::Payments::load(crate::checkout::ports::Ports::payments(&p), id).await?.ok_or_else(|| ApiError::not_found("payment"))?;
    let (claim, new) = crate::claims::open(&p, &app.db, &payment, tessera_core::policy::claim::Via::Account, &input.description).await?;
    http::json(if new { 201 } else { 200 }, &claim.to_json())
}

/// `GET /v1/me/payments`: what the account paid in card frames, to check and report.
pub async fn payments(app: &App, req: Request) -> ApiResult<Response> {
    let (_, signed) = me(app, &req).await?;
    http::json(200, &json!({ "object": "list", "data": crate::store::claims::account_payments(&app.db, &signed.account.id).await? }))
}

/// `GET /v1/me/trusted_merchants`: the merchants this account lets skip SCA (RTS Art. 13), and
/// those it paid that it could add.
pub async fn trusted_merchants(app: &App, req: Request) -> ApiResult<Response> {
    let (_, signed) = me(app, &req).await?;
    http::json(200, &crate::store::regional::trusted_merchants(&app.db, &signed.account.id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustInput {
    merchant: String,
}

/// `POST /v1/me/trusted_merchants`: adds a merchant the account paid. Changing the list needs
/// strong authentication itself (Art. 13(1)): a passkey sign-in of the last five minutes.
pub async fn trust_merchant(app: &App, mut req: Request) -> ApiResult<Response> {
    let (_, signed) = me(app, &req).await?;
    let input: TrustInput = http::parse(&http::body(&mut req).await?, "Send {\"merchant\": \"mer_…\"}.")?;
    let s = &signed.session;
    if s.method != tessera_core::account::personal::SignInMethod::Passkey || app.now.saturating_sub(s.created_at) > 300 {
        return Err(ErrorCode::ReauthenticationRequired.into());
    }
    if !crate::store::regional::trust(&app.db, &signed.account.id, &input.merchant, app.now).await? {
        return Err(ApiError::not_found("merchant"));
    }
    http::json(201, &json!({ "object": "trusted_merchant", "merchant": input.merchant }))
}

pub async fn untrust_merchant(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (_, signed) = me(app, &req).await?;
    if !crate::store::regional::untrust(&app.db, &signed.account.id, id).await? {
        return Err(ApiError::not_found("trusted merchant"));
    }
    http::json(200, &json!({ "object": "trusted_merchant", "merchant": id, "deleted": true }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewInput {
    approve: bool,
}

/// The operator decides an identity check in review.
pub async fn review_identity(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    auth::operator(app, &req)?;
    let input: ReviewInput = http::parse(&http::body(&mut req).await?, "Send {\"approve\": true | false}.")?;
    let p = ports(app, &req)?;
    let account = profile::review_identity(&p, id, input.approve).await?;
    http::json(200, &json!({ "id": account.id, "object": "shopper_account", "identity": { "status": account.identity.as_str() } }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferInput {
    offer: String,
}

pub async fn save_card(app: &App, mut req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    let input: OfferInput = http::parse(&http::body(&mut req).await?, "Send {\"offer\": \"cso_…\"} from the card frame.")?;
    http::json(201, &cards::save(&p, &signed, &input.offer).await?.to_json())
}

pub async fn cards(app: &App, req: Request) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    http::json(200, &cards::list(&p, &signed).await?)
}

pub async fn delete_card(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (p, signed) = me(app, &req).await?;
    cards::remove(&p, &signed, id).await?;
    http::json(200, &json!({ "id": id, "object": "saved_card", "deleted": true }))
}

/// `POST /v1/identity_checks/notifications`: the identity provider's signed later answer.
pub async fn identity_notification(app: &App, mut req: Request) -> ApiResult<Response> {
    let secret = crate::config::setting(&app.env, "IDV_WEBHOOK_SECRET").ok_or_else(|| ApiError::from(ErrorCode::InvalidNotificationSignature))?;
    let header = req.headers().get("Idv-Signature")?.unwrap_or_default();
    let body = http::body(&mut req).await?;
    let text = String::from_utf8(body).map_err(|_| ApiError::from(ErrorCode::InvalidJson))?;
    tessera_core::webhook::verify(&header, &secret, &text, app.now, 300).map_err(|_| ApiError::from(ErrorCode::InvalidNotificationSignature))?;
    let answer: crate::verifier::Answer = http::parse(text.as_bytes(), "An identity check: {\"id\", \"status\", \"reason\"?}.")?;
    let outcome = answer.outcome().filter(|o| *o != tessera_core::account::verification::Outcome::Pending).ok_or_else(|| ApiError::from(ErrorCode::InvalidJson))?;
    let p = ports(app, &req)?;
    profile::identity_notified(&p, &answer.id, outcome, answer.reason()).await?;
    http::json(200, &json!({ "received": true }))
}

/// `GET /v1/me/consents`: the fingerprinting choice of each browser this account signed in on
/// in a card frame.
pub async fn consents(app: &App, req: Request) -> ApiResult<Response> {
    let (_, signed) = me(app, &req).await?;
    let list: Vec<_> = crate::store::regional::consents_for_account(&app.db, &signed.account.id)
        .await?
        .into_iter()
        .map(|(c, merchant)| json!({ "id": c.id, "object": "consent", "merchant": { "name": merchant }, "choice": c.choice.as_str(), "policy": { "version": c.policy_version, "region": c.region, "rule": c.policy_rule }, "created_at": c.at }))
        .collect();
    http::json(200, &json!({ "object": "list", "data": list }))
}

/// `POST /v1/me/consents/{id}/withdraw`.
pub async fn withdraw_consent(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let (_, signed) = me(app, &req).await?;
    let new_id = tessera_core::ids::Id::generate(&tessera_core::crypto::RustCrypto, tessera_core::ids::Kind::Consent)?;
    let version = &app.config.checkout.policy.version;
    if !crate::store::regional::withdraw(&app.db, &signed.account.id, id, new_id.as_str(), version, app.now).await? {
        return Err(crate::http::ApiError::not_found("consent"));
    }
    http::json(200, &json!({ "id": new_id.as_str(), "object": "consent", "choice": "withdrawn" }))
}
