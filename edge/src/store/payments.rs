//! Payments. A row is written as `processing` in the batch that moves its session there, and
//! finished in the batch that records the processor's answer; the unique indexes keep one in
//! flight and one success per session whatever the code above does.

use serde::Deserialize;
use tessera_core::money::Amount;
use tessera_core::payment::{DeclineCode, PaymentStatus};

use super::{int, opt, text, Db, Statement};
use crate::checkout::model::{CardSummary, Payment};
use crate::error::{ApiError, ApiResult};

/// A payment row joined with its card's display fields.
#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    merchant_id: String,
    session_id: String,
    token: String,
    amount: u64,
    currency: String,
    status: PaymentStatus,
    decline_code: Option<DeclineCode>,
    processor: String,
    processor_reference: Option<String>,
    device: Option<String>,
    authenticated: u8,
    created_at: u64,
    updated_at: u64,
    brand: String,
    last4: String,
    exp_month: u8,
    exp_year: u16,
    fingerprint: String,
}

impl Row {
    fn into_payment(self) -> ApiResult<Payment> {
        let currency = self.currency.parse().map_err(|_| ApiError::internal("payments", "stored payment has an unknown currency"))?;
        let amount = Amount::new(self.amount, currency).map_err(|_| ApiError::internal("payments", "stored payment has a bad amount"))?;
        Ok(Payment {
            id: self.id,
            session_id: self.session_id,
            merchant_id: self.merchant_id,
            amount,
            status: self.status,
            decline_code: self.decline_code,
            processor: self.processor,
            processor_reference: self.processor_reference,
            device: self.device,
            authenticated: self.authenticated == 1,
            card: CardSummary { token: self.token, brand: self.brand, last4: self.last4, exp_month: self.exp_month, exp_year: self.exp_year, fingerprint: self.fingerprint },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const SELECT: &str = "SELECT p.id, p.merchant_id, p.session_id, p.token, p.amount, p.currency, p.status, p.decline_code, \
    p.processor, p.processor_reference, p.device, p.authenticated, p.created_at, p.updated_at, v.brand, v.last4, v.exp_month, \
    v.exp_year, v.fingerprint FROM payments p JOIN vault_cards v ON v.token = p.token";

fn payments(rows: Vec<Row>) -> ApiResult<Vec<Payment>> {
    rows.into_iter().map(Row::into_payment).collect()
}

/// A payment about to be sent to the processor. Fails the batch if the session already has one
/// in flight or a success: the unique indexes decide.
pub fn insert_statement(p: &Payment) -> Statement {
    (
        "INSERT INTO payments (id, merchant_id, session_id, token, amount, currency, status, processor, device, authenticated, \
         created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            .into(),
        vec![
            text(&p.id), text(&p.merchant_id), text(&p.session_id), text(&p.card.token), int(p.amount.minor()), text(p.amount.currency().code()),
            text(p.status.as_str()), text(&p.processor), opt(p.device.as_deref()), int(u64::from(p.authenticated)), int(p.created_at), int(p.updated_at),
        ],
    )
}

/// processing → succeeded or failed.
pub fn finish_statement(id: &str, status: PaymentStatus, decline_code: Option<DeclineCode>, reference: Option<&str>, now: u64) -> Statement {
    (
        "UPDATE payments SET status = ?, decline_code = ?, processor_reference = ?, updated_at = ? WHERE id = ? AND status = 'processing'".into(),
        vec![text(status.as_str()), opt(decline_code.map(DeclineCode::as_str)), opt(reference), int(now), text(id)],
    )
}

pub async fn get_for_merchant(db: &Db, merchant_id: &str, id: &str) -> ApiResult<Option<Payment>> {
    db.first::<Row>(&format!("{SELECT} WHERE p.id = ? AND p.merchant_id = ?"), &[text(id), text(merchant_id)]).await?.map(Row::into_payment).transpose()
}

/// The payment of a session still in flight, if any.
pub async fn in_flight(db: &Db, session_id: &str) -> ApiResult<Option<Payment>> {
    db.first::<Row>(&format!("{SELECT} WHERE p.session_id = ? AND p.status = 'processing'"), &[text(session_id)]).await?.map(Row::into_payment).transpose()
}

/// A page of a merchant's payments, newest first, after the payment `after` if given.
pub async fn list(db: &Db, merchant_id: &str, after: Option<&Payment>, limit: u64) -> ApiResult<Vec<Payment>> {
    let rows = match after {
        None => db.all(&format!("{SELECT} WHERE p.merchant_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ?"), &[text(merchant_id), int(limit)]).await?,
        Some(cursor) => {
            db.all(
                &format!("{SELECT} WHERE p.merchant_id = ? AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?)) ORDER BY p.created_at DESC, p.id DESC LIMIT ?"),
                &[text(merchant_id), int(cursor.created_at), int(cursor.created_at), text(&cursor.id), int(limit)],
            )
            .await?
        }
    };
    payments(rows)
}
