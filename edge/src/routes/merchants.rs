//! `POST /v1/merchants`: the operator creates a merchant and receives its keys, once.

use serde::Deserialize;
use serde_json::json;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::vault::Purpose;
use worker::Request;

use crate::app::App;
use crate::auth;
use crate::checkout::secret_hash;
use crate::config::Environment;
use crate::http::{self, ApiError, ApiResult};
use tessera_core::api::ErrorCode;
use crate::store::merchants::{self, NewMerchant};
use crate::store::{api_keys, events};
use tessera_core::mode::{KeyKind, Mode};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateMerchant {
    name: String,
    #[serde(default)]
    allowed_origins: Vec<String>,
    webhook_url: Option<String>,
    /// The address that owns it in the dashboard: it joins as owner on its first sign-in there.
    #[serde(default)]
    owner_email: Option<String>,
}

use crate::accounts::business::valid_origin;
use tessera_core::dpop::htu;

/// Webhooks go over HTTPS, except to this machine during development.
pub fn valid_webhook_url(url: &str, environment: Environment) -> bool {
    let lower = url.to_ascii_lowercase();
    let local = ["http://127.0.0.1", "http://localhost"].iter().any(|p| lower.starts_with(p));
    let host = url.split_once("://").map_or("", |(_, rest)| rest.split(['/', '?', '#', ':']).next().unwrap_or_default());
    url.len() <= crate::accounts::business::MAX_URL_LEN
        && crate::accounts::business::plain_host(host)
        && htu::normalize(url).is_ok()
        && (lower.starts_with("https://") || (local && environment == Environment::Development))
}

pub async fn create(app: &App, mut req: Request) -> ApiResult<worker::Response> {
    auth::operator(app, &req)?;
    let body = http::body(&mut req).await?;
    let input: CreateMerchant = http::parse(&body, "The body must be a JSON object with name, allowed_origins and webhook_url.")?;
    let name = input.name.trim();
    // The limit is on what was sent, spaces included, as the document says.
    if name.is_empty() || input.name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(ErrorCode::InvalidName.into());
    }
    if input.allowed_origins.len() > 20 || !input.allowed_origins.iter().all(|o| valid_origin(o)) {
        return Err(ErrorCode::InvalidOrigin.into());
    }
    if input.webhook_url.as_deref().is_some_and(|u| !valid_webhook_url(u, app.config.environment)) {
        return Err(ErrorCode::InvalidWebhookUrl.into());
    }
    let owner_email = input.owner_email.as_deref().map(|e| e.parse::<tessera_core::shopper::Email>().map(|e| e.as_str().to_ascii_lowercase())).transpose()?;

    let id = Id::generate(&RustCrypto, Kind::Merchant)?;
    let key = |mode: Mode, kind| Id::generate(&RustCrypto, mode.key(kind));
    let (test_pk, test_sk) = (key(Mode::Test, KeyKind::Publishable)?, key(Mode::Test, KeyKind::Secret)?);
    let (live_pk, live_sk) = (key(Mode::Live, KeyKind::Publishable)?, key(Mode::Live, KeyKind::Secret)?);
    let webhook_secret = Id::generate(&RustCrypto, Kind::WebhookSecret)?;
    let sealed = app.config.checkout.data_keys.seal(&RustCrypto, Purpose::WebhookSecret, id.as_str().as_bytes(), webhook_secret.as_str().as_bytes()).await?;
    let origins: Vec<String> = input.allowed_origins.iter().map(|o| o.to_ascii_lowercase()).collect();
    let origins_json = serde_json::to_string(&origins).map_err(|e| ApiError::internal("merchants", &e.to_string()))?;
    merchants::insert(&app.db, &NewMerchant {
        id: id.as_str(),
        name,
        publishable_key: test_pk.as_str(),
        live_publishable_key: live_pk.as_str(),
        secret_key_hash: &secret_hash(test_sk.as_str()),
        allowed_origins: &origins_json,
        webhook_url: input.webhook_url.as_deref(),
        webhook_secret: &sealed,
        now: app.now,
    })
    .await?;
    let hint = |k: &Id| k.as_str()[k.as_str().len() - 4..].to_owned();
    api_keys::insert(&app.db, &secret_hash(test_sk.as_str()), id.as_str(), false, app.now, Some(&hint(&test_sk))).await?;
    api_keys::insert(&app.db, &secret_hash(live_sk.as_str()), id.as_str(), true, app.now, Some(&hint(&live_sk))).await?;
    if let Some(email) = &owner_email {
        let member = Id::generate(&RustCrypto, Kind::Member)?;
        app.db
            .run(
                "INSERT INTO members (id, merchant_id, email, role, status, invited_by, created_at, updated_at) VALUES (?, ?, ?, 'owner', 'invited', 'operator', ?, ?)",
                &[crate::store::text(member.as_str()), crate::store::text(id.as_str()), crate::store::text(email), crate::store::int(app.now), crate::store::int(app.now)],
            )
            .await?;
    }
    // The operator vouches for the merchants it makes: they start verified, with live mode.
    app.db
        .run(
            "INSERT INTO accounts (merchant_id, verification_status, created_at, updated_at) VALUES (?, 'verified', ?, ?)",
            &[crate::store::text(id.as_str()), crate::store::int(app.now), crate::store::int(app.now)],
        )
        .await?;
    // The endpoint a merchant is made with takes every test-mode event; more endpoints, and
    // live ones, come through POST /v1/webhook_endpoints.
    let endpoint = match input.webhook_url.as_deref() {
        Some(url) => {
            let endpoint = Id::generate(&RustCrypto, Kind::WebhookEndpoint)?;
            events::insert_endpoint(&app.db, endpoint.as_str(), id.as_str(), false, url, &["*".to_owned()], &sealed, app.now).await?;
            Some(endpoint.as_str().to_owned())
        }
        None => None,
    };
    http::json(201, &json!({
        "id": id.as_str(),
        "object": "merchant",
        "name": name,
        "publishable_key": test_pk.as_str(),
        "secret_key": test_sk.as_str(),
        "live_publishable_key": live_pk.as_str(),
        "live_secret_key": live_sk.as_str(),
        "webhook_secret": webhook_secret.as_str(),
        "webhook_endpoint": endpoint,
        "allowed_origins": origins,
        "webhook_url": input.webhook_url,
        "owner_email": owner_email,
    }))
}
