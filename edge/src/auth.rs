//! Who is calling: a merchant with its secret key, or the operator with the admin token.

use tessera_core::ids::{Id, Kind};
use tessera_core::kdf;
use worker::Request;

use crate::app::App;
use crate::http::{bearer, ApiError, ApiResult};
use crate::store::merchants::{self, Merchant};

/// Lower-case hex of SHA-256, how secret keys and client secrets are stored.
pub fn secret_hash(secret: &str) -> String {
    kdf::sha256(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The merchant whose secret key is in `Authorization: Bearer sk_…`.
pub async fn merchant(app: &App, req: &Request) -> ApiResult<Merchant> {
    let Some(token) = bearer(req.headers())? else {
        return Err(ApiError::new(401, "missing_api_key", "Send your secret key as `Authorization: Bearer sk_…`."));
    };
    if token.starts_with(Kind::PublishableKey.prefix()) {
        return Err(ApiError::new(401, "publishable_key_not_allowed", "This call needs your secret key, not your publishable key."));
    }
    let invalid = || ApiError::new(401, "invalid_api_key", "The API key is not valid.");
    Id::parse(Kind::SecretKey, &token).map_err(|_| invalid())?;
    merchants::by_secret_key_hash(&app.db, &secret_hash(&token)).await?.ok_or_else(invalid)
}

/// Checks the operator's admin token.
pub fn operator(app: &App, req: &Request) -> ApiResult<()> {
    let Some(expected) = app.config.admin_token.as_deref() else {
        return Err(ApiError::new(403, "operator_api_disabled", "The operator API is not configured."));
    };
    let given = bearer(req.headers())?.unwrap_or_default();
    if kdf::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(401, "invalid_admin_token", "The operator token is not valid."))
    }
}
