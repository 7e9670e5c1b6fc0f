//! Merchants: their names, publishable keys (one per mode), allowed origins. Secret keys live in
//! `api_keys`, webhook endpoints in `webhook_endpoints`.

use serde::Deserialize;
use tessera_core::vault::Sealed;

use super::{int, opt, text, Db};
use crate::error::ApiResult;

/// A merchant row.
#[derive(Debug, Clone, Deserialize)]
pub struct Merchant {
    /// `mer_…`
    pub id: String,
    /// Display name, shown to shoppers.
    pub name: String,
    /// JSON array of origins allowed to embed the card frame.
    pub allowed_origins: String,
    /// The test-mode publishable key.
    pub publishable_key: String,
    /// The live-mode publishable key.
    pub live_publishable_key: Option<String>,
}

impl Merchant {
    /// Whether a page at `origin` may embed this merchant's card frame.
    pub fn allows_origin(&self, origin: &str) -> bool {
        serde_json::from_str::<Vec<String>>(&self.allowed_origins).is_ok_and(|list| list.iter().any(|o| o == origin))
    }

    /// The mode a publishable key of this merchant is for.
    pub fn mode_of(&self, publishable_key: &str) -> Option<bool> {
        if self.publishable_key == publishable_key {
            Some(false)
        } else if self.live_publishable_key.as_deref() == Some(publishable_key) {
            Some(true)
        } else {
            None
        }
    }
}

const COLUMNS: &str = "id, name, allowed_origins, publishable_key, live_publishable_key";

/// A new merchant.
pub struct NewMerchant<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub publishable_key: &'a str,
    pub live_publishable_key: &'a str,
    /// The test secret key's hash (kept in the merchant row as well as in `api_keys`).
    pub secret_key_hash: &'a str,
    pub allowed_origins: &'a str,
    pub webhook_url: Option<&'a str>,
    /// The secret of the endpoint the merchant was made with.
    pub webhook_secret: &'a Sealed,
    pub now: u64,
}

pub async fn insert(db: &Db, m: &NewMerchant<'_>) -> ApiResult<()> {
    db.run(
        "INSERT INTO merchants (id, name, publishable_key, live_publishable_key, secret_key_hash, allowed_origins, webhook_url, \
         webhook_secret_key_id, webhook_secret_iv, webhook_secret_ciphertext, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        &[
            text(m.id), text(m.name), text(m.publishable_key), text(m.live_publishable_key), text(m.secret_key_hash), text(m.allowed_origins),
            opt(m.webhook_url), text(&m.webhook_secret.key_id), text(&m.webhook_secret.iv), text(&m.webhook_secret.ciphertext), int(m.now),
        ],
    )
    .await?;
    Ok(())
}

/// The merchant of a publishable key, and whether the key is live.
pub async fn by_publishable_key(db: &Db, key: &str) -> ApiResult<Option<(Merchant, bool)>> {
    let found: Option<Merchant> = db.first(&format!("SELECT {COLUMNS} FROM merchants WHERE publishable_key = ? OR live_publishable_key = ?"), &[text(key), text(key)]).await?;
    Ok(found.and_then(|m| m.mode_of(key).map(|live| (m, live))))
}

pub async fn by_id(db: &Db, id: &str) -> ApiResult<Option<Merchant>> {
    db.first(&format!("SELECT {COLUMNS} FROM merchants WHERE id = ?"), &[text(id)]).await
}
