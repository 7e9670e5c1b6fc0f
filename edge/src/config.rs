//! The edge's configuration: keys from secrets, policies from variables. Parsed once per
//! isolate: changing a secret or a variable deploys a new version, which starts new isolates,
//! so the cached copy is never stale and requests skip the JSON parsing and key derivation.

use tessera_core::checkout::Limits;
use tessera_core::dpop::Window;
use tessera_core::keyset::EncryptionKeys;
use tessera_core::session::TtlPolicy;
use worker::Env;

use crate::checkout::ports::Settings;
use crate::error::{ApiError, ApiResult};

/// Where the edge runs. Development turns on the outbox and the `/dev` routes, which a build
/// without the `dev` feature does not contain at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// A real deployment: no development routes.
    Production,
    /// Local development and tests.
    Development,
}

/// Everything configurable.
pub struct Config {
    /// Production or development.
    pub environment: Environment,
    /// JWE decryption keys with rotation states.
    pub encryption_keys: EncryptionKeys,
    /// What the checkout's use cases are configured with: code limits, secrets, the vault's
    /// data keys.
    pub checkout: Settings,
    /// The operator's token for creating merchants; no operator API without it.
    pub admin_token: Option<String>,
    /// Session lifetime bounds.
    pub ttl: TtlPolicy,
    /// DPoP `iat` window.
    pub dpop_window: Window,
    /// `CRYPTO_PROVIDER`: `webcrypto` (default) or `rustcrypto`, for the confirm's hot path.
    pub crypto_provider: Option<String>,
    /// Seconds an idempotent request's answer is kept for replays.
    pub idempotency_ttl: u64,
    /// `IDEMPOTENCY_LEASE_SECONDS`: how long a request without an answer holds its key; after
    /// that a retry of the same request takes the key over (the first run died, say).
    pub idempotency_lease: u64,
    /// `CONFIRM_LEASE_SECONDS`: how long a confirm holds its session; a confirm that died (a
    /// crash) stops holding it after this, and its shopper's retry goes on.
    pub confirm_lease: u64,
    /// Derives the ids of objects made under an idempotency key, so a retry names the same one.
    pub idempotent_id_key: Vec<u8>,
    /// Milliseconds a merchant's own processor is waited for.
    pub processor_timeout_ms: u64,
    /// Seconds an operation waits for its answer before the sweep asks again.
    pub sync_after: u64,
    /// Seconds after which a processor that notifies every payment it received (Adyen), and has
    /// not notified one, is taken never to have received it.
    pub notification_window: u64,
    /// First webhook retry delay in seconds; doubles each attempt.
    pub webhook_retry_base: u64,
    /// Attempts before a webhook is marked failed.
    pub webhook_max_attempts: u32,
    /// Keys of dashboard sign-ins: sign-in code hashes and CSRF tokens, each its own.
    pub dashboard_code_key: Vec<u8>,
    /// Key CSRF tokens are derived with.
    pub dashboard_csrf_key: Vec<u8>,
    /// Seconds a dashboard session may go without a request (`DASHBOARD_IDLE_SECONDS`).
    pub dashboard_idle: u64,
    /// Requests per client address, device, card, API key and sign-in identity (`RATE_LIMITS`).
    pub rate_limits: tessera_core::api::rate_limit::RateLimits,
}

/// A secret or variable by name; an empty value counts as unset.
pub fn setting(env: &Env, name: &str) -> Option<String> {
    env.secret(name).map(|s| s.to_string()).or_else(|_| env.var(name).map(|v| v.to_string())).ok().filter(|s| !s.is_empty())
}

fn number(env: &Env, name: &str, default: u64) -> ApiResult<u64> {
    match setting(env, name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| ApiError::internal("config", &format!("{name} is not a number"))),
    }
}

/// A setting that must be present.
pub fn required(env: &Env, name: &str) -> ApiResult<String> {
    setting(env, name).ok_or_else(|| ApiError::internal("config", &format!("{name} is not set")))
}

thread_local! {
    static CACHED: std::cell::RefCell<Option<std::rc::Rc<Config>>> = const { std::cell::RefCell::new(None) };
}

/// The regional policy: `POLICY_DOCUMENT` if the operator set one, else the shipped document;
/// either is checked whole here, so an invalid one stops the edge at its first request.
fn policy(env: &Env) -> ApiResult<tessera_core::policy::Policy> {
    let policy = match setting(env, "POLICY_DOCUMENT") {
        Some(json) => tessera_core::policy::Policy::from_json(json.as_bytes()),
        None => tessera_core::policy::Policy::builtin(),
    };
    policy.map_err(|_| ApiError::internal("config", "the regional policy document is not valid"))
}

impl Config {
    /// The configuration, read from the bindings the first time in this isolate.
    pub fn get(env: &Env) -> ApiResult<std::rc::Rc<Self>> {
        if let Some(config) = CACHED.with(|c| c.borrow().clone()) {
            return Ok(config);
        }
        let config = std::rc::Rc::new(Self::from_env(env)?);
        CACHED.with(|c| *c.borrow_mut() = Some(config.clone()));
        Ok(config)
    }

    /// Reads the configuration from the Worker's bindings.
    fn from_env(env: &Env) -> ApiResult<Self> {
        #[cfg(feature = "dev")]
        crate::fault::arm(setting(env, "FAULT_AT").as_deref()).map_err(|m| ApiError::internal("config", &m))?;
        let environment = match setting(env, "TESSERA_ENV").as_deref() {
            Some("development") => Environment::Development,
            _ => Environment::Production,
        };
        let encryption_keys = required(env, "ENCRYPTION_KEYS")?
            .parse()
            .map_err(|_| ApiError::internal("config", "ENCRYPTION_KEYS is not a valid key set"))?;
        let data_keys = required(env, "VAULT_KEYS")?
            .parse()
            .map_err(|_| ApiError::internal("config", "VAULT_KEYS is not a valid key set"))?;
        let defaults = TtlPolicy::default();
        let card_secret = required(env, "CARD_FINGERPRINT_SECRET")?;
        let card_secret_bytes = card_secret.clone();
        let limit = Limits::default();
        let limits = Limits {
            resend_interval: number(env, "OTP_RESEND_INTERVAL_SECONDS", limit.resend_interval)?,
            max_codes_per_destination: number(env, "OTP_MAX_PER_DESTINATION", limit.max_codes_per_destination.into())? as u32,
            shopper_block: number(env, "OTP_SHOPPER_BLOCK_SECONDS", limit.shopper_block)?,
            ..limit
        };
        Ok(Self {
            environment,
            encryption_keys,
            checkout: Settings {
                limits,
                otp_secret: tessera_core::kdf::hkdf_sha256(card_secret.as_bytes(), b"", b"tessera/otp/v1", 32)?.to_vec(),
                card_secret: card_secret.into_bytes(),
                data_keys,
                policy: std::rc::Rc::new(policy(env)?),
            },
            admin_token: setting(env, "ADMIN_TOKEN").filter(|t| t.len() >= 32),
            ttl: TtlPolicy {
                min: number(env, "SESSION_TTL_MIN_SECONDS", defaults.min)?,
                max: defaults.max,
                default: defaults.default,
            },
            dpop_window: Window { max_age: number(env, "DPOP_MAX_AGE_SECONDS", Window::default().max_age)?, ..Window::default() },
            crypto_provider: setting(env, "CRYPTO_PROVIDER"),
            idempotency_ttl: number(env, "IDEMPOTENCY_TTL_SECONDS", 24 * 3600)?,
            idempotency_lease: number(env, "IDEMPOTENCY_LEASE_SECONDS", 60)?,
            confirm_lease: number(env, "CONFIRM_LEASE_SECONDS", 30)?,
            idempotent_id_key: tessera_core::kdf::hkdf_sha256(card_secret_bytes.as_bytes(), b"", b"tessera/idempotent-ids/v1", 32)?.to_vec(),
            processor_timeout_ms: number(env, "PROCESSOR_TIMEOUT_MS", crate::processor::adyen::TIMEOUT_MS)?,
            sync_after: number(env, "SYNC_AFTER_SECONDS", 60)?,
            notification_window: number(env, "NOTIFICATION_WINDOW_SECONDS", 3600)?,
            webhook_retry_base: number(env, "WEBHOOK_RETRY_BASE_SECONDS", 30)?,
            webhook_max_attempts: number(env, "WEBHOOK_MAX_ATTEMPTS", 8)? as u32,
            dashboard_code_key: tessera_core::kdf::hkdf_sha256(card_secret_bytes.as_bytes(), b"", b"tessera/dashboard-codes/v1", 32)?.to_vec(),
            dashboard_csrf_key: tessera_core::kdf::hkdf_sha256(card_secret_bytes.as_bytes(), b"", b"tessera/dashboard-csrf/v1", 32)?.to_vec(),
            dashboard_idle: number(env, "DASHBOARD_IDLE_SECONDS", tessera_core::account::dashboard::IDLE_SECONDS)?,
            rate_limits: match setting(env, "RATE_LIMITS") {
                None => Default::default(),
                Some(json) => tessera_core::api::rate_limit::RateLimits::from_json(json.as_bytes()).map_err(|_| ApiError::internal("config", "RATE_LIMITS is not a valid limits document"))?,
            },
        })
    }
}
