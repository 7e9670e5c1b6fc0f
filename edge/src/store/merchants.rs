//! Merchants: keys (the secret one only as a hash), allowed origins, webhook endpoint.

use serde::Deserialize;
use tessera_core::vault::Sealed;

use super::{int, opt, text, Db};
use crate::http::ApiResult;

/// A merchant row.
#[derive(Debug, Clone, Deserialize)]
pub struct Merchant {
    /// `mer_…`
    pub id: String,
    /// Display name, shown to shoppers.
    pub name: String,
    /// JSON array of origins allowed to embed the card frame.
    pub allowed_origins: String,
    /// Where webhooks go, if configured.
    pub webhook_url: Option<String>,
    webhook_secret_key_id: String,
    webhook_secret_iv: String,
    webhook_secret_ciphertext: String,
}

impl Merchant {
    /// Whether a page at `origin` may embed this merchant's card frame.
    pub fn allows_origin(&self, origin: &str) -> bool {
        serde_json::from_str::<Vec<String>>(&self.allowed_origins).is_ok_and(|list| list.iter().any(|o| o == origin))
    }

    /// The sealed webhook signing secret.
    pub fn webhook_secret(&self) -> Sealed {
        Sealed {
            key_id: self.webhook_secret_key_id.clone(),
            iv: self.webhook_secret_iv.clone(),
            ciphertext: self.webhook_secret_ciphertext.clone(),
        }
    }
}

const COLUMNS: &str = "id, name, allowed_origins, webhook_url, webhook_secret_key_id, webhook_secret_iv, webhook_secret_ciphertext";

/// A new merchant.
pub struct NewMerchant<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub publishable_key: &'a str,
    pub secret_key_hash: &'a str,
    pub allowed_origins: &'a str,
    pub webhook_url: Option<&'a str>,
    pub webhook_secret: &'a Sealed,
    pub now: u64,
}

pub async fn insert(db: &Db, m: &NewMerchant<'_>) -> ApiResult<()> {
    db.run(
        "INSERT INTO merchants (id, name, publishable_key, secret_key_hash, allowed_origins, webhook_url, \
         webhook_secret_key_id, webhook_secret_iv, webhook_secret_ciphertext, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        &[
            text(m.id), text(m.name), text(m.publishable_key), text(m.secret_key_hash), text(m.allowed_origins),
            opt(m.webhook_url), text(&m.webhook_secret.key_id), text(&m.webhook_secret.iv),
            text(&m.webhook_secret.ciphertext), int(m.now),
        ],
    )
    .await?;
    Ok(())
}

pub async fn by_secret_key_hash(db: &Db, hash: &str) -> ApiResult<Option<Merchant>> {
    db.first(&format!("SELECT {COLUMNS} FROM merchants WHERE secret_key_hash = ?"), &[text(hash)]).await
}

pub async fn by_publishable_key(db: &Db, key: &str) -> ApiResult<Option<Merchant>> {
    db.first(&format!("SELECT {COLUMNS} FROM merchants WHERE publishable_key = ?"), &[text(key)]).await
}

pub async fn by_id(db: &Db, id: &str) -> ApiResult<Option<Merchant>> {
    db.first(&format!("SELECT {COLUMNS} FROM merchants WHERE id = ?"), &[text(id)]).await
}
