//! Step 6 of the design: whether a verified confirm goes on, needs a step-up, or is refused.
//!
//! The signals come from the device registry (D1), the velocity counters (Durable Objects), the
//! request's country and the fingerprint; the rules are data (`tessera_core::risk`), stored by
//! the operator or the defaults. Every decision is stored with its reasons and signals.

use serde_json::json;
use tessera_core::card::Card;
use tessera_core::crypto::RustCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::ids::{Id, Kind};
use tessera_core::jwk::Thumbprint;
use tessera_core::risk::{self, Action, Decision, Rules, Signals};
use tessera_core::vault;
use worker::Request;

use crate::app::App;
use crate::config::Environment;
use crate::http::{ApiError, ApiResult};
use crate::store::sessions::Session;
use crate::store::trust::{self, NewDecision};
use crate::velocity;

/// Fingerprints kept per device.
const FINGERPRINT_HISTORY: usize = 5;

/// Where a request came from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// ISO 3166 country from Cloudflare (`request.cf.country`); in development the
    /// `X-Tessera-Dev-Country` header may set it.
    pub country: String,
    /// The client's address.
    pub ip: String,
}

impl Origin {
    pub fn of(req: &Request, app: &App) -> ApiResult<Self> {
        let environment = app.config.environment;
        let valid = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
        let dev = match environment {
            Environment::Development => req.headers().get("X-Tessera-Dev-Country")?.map(|c| c.to_ascii_uppercase()).filter(|c| valid(c)),
            Environment::Production => None,
        };
        let cf = app.cf_country().filter(|c| valid(c));
        let ip = req.headers().get("CF-Connecting-IP")?.unwrap_or_else(|| "unknown".into());
        Ok(Self { country: dev.or(cf).unwrap_or_else(|| "XX".into()), ip })
    }
}

/// Who the shopper is: the session's email, else its phone.
pub fn shopper_key(session: &Session) -> String {
    match (&session.shopper_email, &session.shopper_phone) {
        (Some(email), _) => format!("email:{}", email.to_ascii_lowercase()),
        (None, Some(phone)) => format!("phone:{phone}"),
        (None, None) => format!("session:{}", session.id),
    }
}

/// The operator's rules, or the defaults.
pub async fn rules(app: &App) -> ApiResult<Rules> {
    match trust::rules(&app.db).await? {
        Some(json) => Rules::from_json(json.as_bytes()).map_err(|_| ApiError::internal("risk", "stored rules do not parse")),
        None => Ok(Rules::default()),
    }
}

fn list(json: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Decides for the device `jkt` paying `session` with `card`, and stores the decision.
pub async fn assess(app: &App, session: &Session, jkt: &Thumbprint, card: &Card, fingerprint: Option<&Fingerprint>, origin: &Origin) -> ApiResult<Decision> {
    let rules = rules(app).await?;
    let shopper = shopper_key(session);
    let device = trust::device(&app.db, &shopper, jkt.as_str()).await?;
    trust::touch_device(&app.db, &shopper, jkt.as_str(), app.now).await?;
    let countries = trust::shopper_countries(&app.db, &shopper).await?.map(|c| list(&c)).unwrap_or_default();
    let last = device.as_ref().and_then(|d| list(&d.fingerprints).pop()).and_then(|v| Fingerprint::from_value(v).ok());
    let card_key = vault::card_fingerprint(app.config.fingerprint_secret.as_bytes(), &card.number)?;
    let window = rules.velocity_window_seconds;
    let signals = Signals {
        new_device: device.is_none(),
        device_state: device.as_ref().map(|d| d.state.clone()),
        new_country: !countries.iter().any(|c| c.as_str() == Some(origin.country.as_str())),
        fingerprint_similarity: fingerprint.zip(last.as_ref()).map(|(a, b)| a.similarity(b)),
        amount: session.amount,
        device_attempts: velocity::hit(&app.env, &format!("device:{jkt}"), window).await?,
        card_attempts: velocity::hit(&app.env, &format!("card:{card_key}"), window).await?,
        ip_attempts: velocity::hit(&app.env, &format!("ip:{}", origin.ip), window).await?,
    };
    let decision = risk::evaluate(&rules, &signals);
    let id = Id::generate(&RustCrypto, Kind::RiskDecision)?;
    let signals_json = json!({
        "new_device": signals.new_device,
        "device_state": signals.device_state,
        "new_country": signals.new_country,
        "fingerprint_similarity": signals.fingerprint_similarity,
        "amount": signals.amount,
        "device_attempts": signals.device_attempts,
        "card_attempts": signals.card_attempts,
        "ip_attempts": signals.ip_attempts,
    });
    trust::insert_decision(&app.db, &NewDecision {
        id: id.as_str(),
        session_id: &session.id,
        merchant_id: &session.merchant_id,
        jkt: jkt.as_str(),
        action: action_name(decision.action),
        reasons: &json!(decision.reasons).to_string(),
        signals: &signals_json.to_string(),
        country: &origin.country,
        now: app.now,
    })
    .await?;
    Ok(decision)
}

pub fn action_name(action: Action) -> &'static str {
    match action {
        Action::Allow => "allow",
        Action::StepUp => "step_up",
        Action::Deny => "deny",
    }
}

/// Remembers a context the shopper paid or proved from: its country and fingerprint; `trust`
/// (after a successful step-up) makes the device trusted.
pub async fn remember(app: &App, session: &Session, jkt: &Thumbprint, fingerprint: Option<&Fingerprint>, origin: &Origin, trust: bool) -> ApiResult<()> {
    let shopper = shopper_key(session);
    let Some(device) = trust::device(&app.db, &shopper, jkt.as_str()).await? else { return Ok(()) };
    if !trust && device.state != "trusted" {
        // Only a step-up makes a device trusted; an allowed payment from an untrusted device
        // (custom rules) teaches nothing about it.
        return Ok(());
    }
    let add_country = |json: &str| {
        let mut countries = list(json);
        if !countries.iter().any(|c| c.as_str() == Some(origin.country.as_str())) {
            countries.push(origin.country.clone().into());
        }
        json!(countries).to_string()
    };
    let mut fingerprints = list(&device.fingerprints);
    if let Some(fp) = fingerprint {
        fingerprints.push(serde_json::to_value(fp).map_err(|e| ApiError::internal("risk", &e.to_string()))?);
        let excess = fingerprints.len().saturating_sub(FINGERPRINT_HISTORY);
        fingerprints.drain(..excess);
    }
    let shopper_countries = add_country(&trust::shopper_countries(&app.db, &shopper).await?.unwrap_or_else(|| "[]".into()));
    trust::record_trusted_context(&app.db, &shopper, jkt.as_str(), &add_country(&device.countries), &json!(fingerprints).to_string(), &shopper_countries, app.now).await
}
