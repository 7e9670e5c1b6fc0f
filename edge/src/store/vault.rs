//! The vault: card numbers sealed at rest, with only brand, last four and expiry in the clear.

use tessera_core::vault::Sealed;

use super::{int, text, Db};
use crate::http::ApiResult;

/// What is stored for a new card.
pub struct NewCard<'a> {
    pub token: &'a str,
    pub merchant_id: &'a str,
    pub fingerprint: &'a str,
    pub brand: &'a str,
    pub last4: &'a str,
    pub exp_month: u8,
    pub exp_year: u16,
    pub pan: &'a Sealed,
    pub now: u64,
}

pub async fn insert(db: &Db, c: &NewCard<'_>) -> ApiResult<()> {
    db.run(
        "INSERT INTO vault_cards (token, merchant_id, fingerprint, brand, last4, exp_month, exp_year, pan_key_id, \
         pan_iv, pan_ciphertext, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        &[
            text(c.token), text(c.merchant_id), text(c.fingerprint), text(c.brand), text(c.last4),
            int(c.exp_month.into()), int(c.exp_year.into()), text(&c.pan.key_id), text(&c.pan.iv),
            text(&c.pan.ciphertext), int(c.now),
        ],
    )
    .await?;
    Ok(())
}
