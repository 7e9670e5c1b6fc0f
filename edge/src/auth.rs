//! Who is calling: a merchant with one of its secret keys (which says the mode), or the operator
//! with the admin token.

use tessera_core::api::ErrorCode;
use tessera_core::kdf;
use tessera_core::mode::{KeyKind, Mode};
use worker::Request;

use crate::app::App;
use crate::checkout::secret_hash;
use crate::http::{bearer, ApiError, ApiResult};
use crate::store::api_keys;
use crate::store::merchants::{self, Merchant};

/// A merchant calling with a secret key.
pub struct Caller {
    /// The merchant.
    pub merchant: Merchant,
    /// The key's mode: it sees only objects of this mode.
    pub livemode: bool,
    /// The hash of the key it called with (to roll it).
    pub key_hash: String,
}

/// The merchant whose secret key is in `Authorization: Bearer sk_…`, and the key's mode.
pub async fn merchant(app: &App, req: &Request) -> ApiResult<Caller> {
    let Some(token) = bearer(req.headers())? else { return Err(ErrorCode::MissingApiKey.into()) };
    let mode = match Mode::of_key(&token) {
        Some((mode, KeyKind::Secret)) => mode,
        Some((_, KeyKind::Publishable)) => return Err(ErrorCode::PublishableKeyNotAllowed.into()),
        None if token.starts_with("pk_") => return Err(ErrorCode::PublishableKeyNotAllowed.into()),
        None => return Err(ErrorCode::InvalidApiKey.into()),
    };
    let key_hash = secret_hash(&token);
    let key = api_keys::find(&app.db, &key_hash, app.now).await?.filter(|k| (k.livemode == 1) == mode.livemode()).ok_or_else(|| ApiError::from(ErrorCode::InvalidApiKey))?;
    let merchant = merchants::by_id(&app.db, &key.merchant_id).await?.ok_or_else(|| ApiError::from(ErrorCode::InvalidApiKey))?;
    Ok(Caller { merchant, livemode: mode.livemode(), key_hash })
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
