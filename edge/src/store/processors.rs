//! Merchants' own processors (their settings in the clear, their credentials sealed) and the
//! notifications those processors send, kept so a repeated one changes nothing and a lost answer
//! can be found.

use serde::Deserialize;
use tessera_core::vault::Sealed;

use super::{int, opt, text, Db};
use crate::error::ApiResult;

/// A processor configuration as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    pub id: String,
    pub merchant_id: String,
    pub settings: String,
    credentials_key_id: String,
    credentials_iv: String,
    credentials_ciphertext: String,
}

impl Row {
    /// The sealed credentials.
    pub fn credentials(&self) -> Sealed {
        Sealed { key_id: self.credentials_key_id.clone(), iv: self.credentials_iv.clone(), ciphertext: self.credentials_ciphertext.clone() }
    }
}

const COLUMNS: &str = "id, merchant_id, settings, credentials_key_id, credentials_iv, credentials_ciphertext";

pub async fn get(db: &Db, merchant_id: &str, livemode: bool) -> ApiResult<Option<Row>> {
    db.first(&format!("SELECT {COLUMNS} FROM processors WHERE merchant_id = ? AND livemode = ?"), &[text(merchant_id), int(u64::from(livemode))]).await
}

pub async fn by_id(db: &Db, id: &str) -> ApiResult<Option<Row>> {
    db.first(&format!("SELECT {COLUMNS} FROM processors WHERE id = ?"), &[text(id)]).await
}

/// Stores (or replaces) a merchant's processor for a mode.
#[allow(clippy::too_many_arguments)]
pub async fn put(db: &Db, id: &str, merchant_id: &str, livemode: bool, kind: &str, settings: &str, credentials: &Sealed, now: u64) -> ApiResult<()> {
    db.run(
        "INSERT INTO processors (id, merchant_id, livemode, kind, settings, credentials_key_id, credentials_iv, credentials_ciphertext, created_at) \
         VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (merchant_id, livemode) DO UPDATE SET kind = excluded.kind, settings = excluded.settings, \
         credentials_key_id = excluded.credentials_key_id, credentials_iv = excluded.credentials_iv, credentials_ciphertext = excluded.credentials_ciphertext",
        &[text(id), text(merchant_id), int(u64::from(livemode)), text(kind), text(settings), text(&credentials.key_id), text(&credentials.iv), text(&credentials.ciphertext), int(now)],
    )
    .await?;
    Ok(())
}

/// A notification as recorded.
pub struct Notification<'a> {
    pub processor_id: &'a str,
    pub event_code: &'a str,
    pub psp_reference: &'a str,
    pub merchant_reference: &'a str,
    pub success: bool,
    pub amount: Option<u64>,
    pub reason: Option<&'a str>,
    pub now: u64,
}

/// Records a notification; false if it was already recorded (a repeat).
pub async fn record(db: &Db, n: &Notification<'_>) -> ApiResult<bool> {
    Ok(db
        .run(
            "INSERT OR IGNORE INTO processor_notifications (processor_id, event_code, psp_reference, merchant_reference, success, amount, reason, received_at) \
             VALUES (?,?,?,?,?,?,?,?)",
            &[
                text(n.processor_id), text(n.event_code), text(n.psp_reference), text(n.merchant_reference), int(u64::from(n.success)),
                n.amount.map_or(wasm_bindgen::JsValue::NULL, int), opt(n.reason), int(n.now),
            ],
        )
        .await?
        == 1)
}

/// Whether this notification was recorded already.
pub async fn known(db: &Db, n: &Notification<'_>) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Found {
        #[allow(dead_code)]
        received_at: u64,
    }
    let found: Option<Found> = db
        .first(
            "SELECT received_at FROM processor_notifications WHERE processor_id = ? AND event_code = ? AND psp_reference = ? AND success = ?",
            &[text(n.processor_id), text(n.event_code), text(n.psp_reference), int(u64::from(n.success))],
        )
        .await?;
    Ok(found.is_some())
}

/// The authorisation notification of a payment: (success, PSP reference, reason).
pub async fn authorisation(db: &Db, merchant_reference: &str) -> ApiResult<Option<(bool, String, Option<String>)>> {
    #[derive(Deserialize)]
    struct Found {
        success: u8,
        psp_reference: String,
        reason: Option<String>,
    }
    let found: Option<Found> = db
        .first(
            "SELECT success, psp_reference, reason FROM processor_notifications WHERE merchant_reference = ? AND event_code = 'AUTHORISATION' ORDER BY received_at DESC LIMIT 1",
            &[text(merchant_reference)],
        )
        .await?;
    Ok(found.map(|f| (f.success == 1, f.psp_reference, f.reason)))
}
