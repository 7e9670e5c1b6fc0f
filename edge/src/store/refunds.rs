//! Refunds: written pending in the batch that counts their amount against the payment, then
//! settled as the processor answers.

use serde::Deserialize;
use tessera_core::money::Amount;
use tessera_core::payment::refund::{RefundReason, RefundStatus};

use super::{int, opt, text, Db, Statement};
use crate::checkout::model::Refund;
use crate::checkout::ports::RefundWrite;
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    merchant_id: String,
    livemode: u8,
    payment_id: String,
    amount: u64,
    currency: String,
    reason: Option<RefundReason>,
    status: RefundStatus,
    acknowledged: u8,
    processor_reference: Option<String>,
    failure_reason: Option<String>,
    created_at: u64,
    updated_at: u64,
}

impl Row {
    fn into_refund(self) -> ApiResult<Refund> {
        let currency = self.currency.parse().map_err(|_| ApiError::internal("refunds", "stored refund has an unknown currency"))?;
        Ok(Refund {
            id: self.id,
            merchant_id: self.merchant_id,
            livemode: self.livemode == 1,
            payment_id: self.payment_id,
            amount: Amount::new(self.amount, currency).map_err(|_| ApiError::internal("refunds", "stored refund has a bad amount"))?,
            reason: self.reason,
            status: self.status,
            acknowledged: self.acknowledged == 1,
            processor_reference: self.processor_reference,
            failure_reason: self.failure_reason,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const SELECT: &str = "SELECT id, merchant_id, livemode, payment_id, amount, currency, reason, status, acknowledged, processor_reference, \
    failure_reason, created_at, updated_at FROM refunds";

/// The statement a payment's commit writes for its refund.
pub fn write_statement(write: &RefundWrite, now: u64) -> Statement {
    match write {
        RefundWrite::Insert(r) => (
            "INSERT INTO refunds (id, merchant_id, livemode, payment_id, amount, currency, reason, status, acknowledged, created_at, updated_at) \
             VALUES (?,?,?,?,?,?,?,?,0,?,?)"
                .into(),
            vec![
                text(&r.id), text(&r.merchant_id), int(u64::from(r.livemode)), text(&r.payment_id), int(r.amount.minor()), text(r.amount.currency().code()),
                opt(r.reason.map(RefundReason::as_str)), text(r.status.as_str()), int(r.created_at), int(r.updated_at),
            ],
        ),
        RefundWrite::Update { id, status, acknowledged, reference, failure_reason } => (
            "UPDATE refunds SET status = ?, acknowledged = ?, processor_reference = COALESCE(?, processor_reference), failure_reason = ?, updated_at = ? WHERE id = ?".into(),
            vec![text(status.as_str()), int(u64::from(*acknowledged)), opt(reference.as_deref()), opt(failure_reason.as_deref()), int(now), text(id)],
        ),
    }
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Refund>> {
    db.first::<Row>(&format!("{SELECT} WHERE id = ?"), &[text(id)]).await?.map(Row::into_refund).transpose()
}

/// A page of a merchant's refunds in a mode (of one payment, if given), newest first.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, payment: Option<&str>, after: Option<&Refund>, limit: u64) -> ApiResult<Vec<Refund>> {
    let mut sql = format!("{SELECT} WHERE merchant_id = ? AND livemode = ?");
    let mut params = vec![text(merchant_id), int(u64::from(livemode))];
    if let Some(payment) = payment {
        sql.push_str(" AND payment_id = ?");
        params.push(text(payment));
    }
    if let Some(cursor) = after {
        sql.push_str(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        params.extend([int(cursor.created_at), int(cursor.created_at), text(&cursor.id)]);
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.push(int(limit));
    db.all::<Row>(&sql, &params).await?.into_iter().map(Row::into_refund).collect()
}
