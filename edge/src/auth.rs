//! Who is calling: a merchant with its secret key, or the operator with the admin token.

use tessera_core::api::ErrorCode;
use tessera_core::ids::{Id, Kind};
use tessera_core::kdf;
use worker::Request;

use crate::app::App;
use crate::checkout::secret_hash;
use crate::http::{bearer, ApiError, ApiResult};
use crate::store::merchants::{self, Merchant};

/// The merchant whose secret key is in `Authorization: Bearer sk_…`.
pub async fn merchant(app: &App, req: &Request) -> ApiResult<Merchant> {
    let Some(token) = bearer(req.headers())? else { return Err(ErrorCode::MissingApiKey.into()) };
    if token.starts_with(Kind::PublishableKey.prefix()) {
        return Err(ErrorCode::PublishableKeyNotAllowed.into());
    }
    Id::parse(Kind::SecretKey, &token).map_err(|_| ApiError::from(ErrorCode::InvalidApiKey))?;
    merchants::by_secret_key_hash(&app.db, &secret_hash(&token)).await?.ok_or_else(|| ErrorCode::InvalidApiKey.into())
}

/// Checks the operator's admin token.
pub fn operator(app: &App, req: &Request) -> ApiResult<()> {
    let Some(expected) = app.config.admin_token.as_deref() else { return Err(ErrorCode::OperatorApiDisabled.into()) };
    let given = bearer(req.headers())?.unwrap_or_default();
    if kdf::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ErrorCode::InvalidAdminToken.into())
    }
}
