//! Payments, with what followed them: the state of capture, voids and refunds as columns, their
//! refunds and disputes beside them. A payment is written as `processing` in the batch that
//! moves its session there and finished in the batch that records the processor's answer; later
//! changes are batches with a compare-and-swap on the payment's version. The unique indexes keep
//! one payment in flight and one paid per session whatever the code above does.

use serde::Deserialize;
use tessera_core::api::ErrorCode;
use tessera_core::money::Amount;
use tessera_core::payment::lifecycle::{Pending, PaymentState, AUTHORIZATION_TTL};
use tessera_core::payment::{CaptureMethod, DeclineCode, PaymentStatus};
use wasm_bindgen::JsValue;

use super::{disputes, events, int, opt, refunds, text, Db, Statement};
use crate::checkout::model::{CardSummary, Dispute, Payment, Refund};
use crate::checkout::ports::{Due, PaymentCommit, Payments};
use crate::error::{ApiError, ApiResult};

/// A payment row joined with its card's display fields.
#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    merchant_id: String,
    livemode: u8,
    session_id: String,
    token: String,
    amount: u64,
    currency: String,
    status: PaymentStatus,
    capture_method: CaptureMethod,
    amount_captured: u64,
    amount_refunded: u64,
    authorized_at: u64,
    disputed: u8,
    pending_op: Option<String>,
    pending_amount: Option<u64>,
    version: u64,
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
        let corrupt = |what: &str| ApiError::internal("payments", &format!("stored payment has {what}"));
        let currency = self.currency.parse().map_err(|_| corrupt("an unknown currency"))?;
        let amount = Amount::new(self.amount, currency).map_err(|_| corrupt("a bad amount"))?;
        let pending = match (self.pending_op.as_deref(), self.pending_amount) {
            (None, _) => None,
            (Some("capture"), Some(amount)) => Some(Pending::Capture { amount }),
            (Some("void"), _) => Some(Pending::Void),
            _ => return Err(corrupt("an unknown pending operation")),
        };
        let state = PaymentState {
            status: self.status,
            amount: self.amount,
            amount_captured: self.amount_captured,
            amount_refunded: self.amount_refunded,
            capture_method: self.capture_method,
            authorized_at: self.authorized_at,
            disputed: self.disputed == 1,
            pending,
        };
        Ok(Payment {
            id: self.id,
            session_id: self.session_id,
            merchant_id: self.merchant_id,
            livemode: self.livemode == 1,
            amount,
            state,
            version: self.version,
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

const SELECT: &str = "SELECT p.id, p.merchant_id, p.livemode, p.session_id, p.token, p.amount, p.currency, p.status, p.capture_method, \
    p.amount_captured, p.amount_refunded, p.authorized_at, p.disputed, p.pending_op, p.pending_amount, p.version, p.decline_code, \
    p.processor, p.processor_reference, p.device, p.authenticated, p.created_at, p.updated_at, v.brand, v.last4, v.exp_month, \
    v.exp_year, v.fingerprint FROM payments p JOIN vault_cards v ON v.token = p.token";

fn payments(rows: Vec<Row>) -> ApiResult<Vec<Payment>> {
    rows.into_iter().map(Row::into_payment).collect()
}

fn state_values(s: &PaymentState) -> [JsValue; 7] {
    let (op, amount) = match s.pending {
        None => (None, None),
        Some(Pending::Capture { amount }) => (Some("capture"), Some(amount)),
        Some(Pending::Void) => (Some("void"), None),
    };
    [
        text(s.status.as_str()), int(s.amount_captured), int(s.amount_refunded), int(s.authorized_at), int(u64::from(s.disputed)),
        opt(op), amount.map_or(JsValue::NULL, int),
    ]
}

/// A payment about to be sent to the processor. Fails the batch if the session already has one
/// in flight or paid: the unique indexes decide.
pub fn insert_statement(p: &Payment) -> Statement {
    (
        "INSERT INTO payments (id, merchant_id, livemode, session_id, token, amount, currency, status, capture_method, processor, \
         device, authenticated, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            .into(),
        vec![
            text(&p.id), text(&p.merchant_id), int(u64::from(p.livemode)), text(&p.session_id), text(&p.card.token), int(p.amount.minor()),
            text(p.amount.currency().code()), text(p.status().as_str()), text(p.state.capture_method.as_str()), text(&p.processor),
            opt(p.device.as_deref()), int(u64::from(p.authenticated)), int(p.created_at), int(p.updated_at),
        ],
    )
}

/// processing → authorised (maybe captured) or declined.
pub fn finish_statement(id: &str, state: &PaymentState, decline_code: Option<DeclineCode>, reference: Option<&str>, now: u64) -> Statement {
    let [status, captured, refunded, authorized_at, disputed, op, amount] = state_values(state);
    (
        "UPDATE payments SET status = ?, amount_captured = ?, amount_refunded = ?, authorized_at = ?, disputed = ?, pending_op = ?, \
         pending_amount = ?, decline_code = ?, processor_reference = ?, updated_at = ?, version = version + 1 \
         WHERE id = ? AND status = 'processing'"
            .into(),
        vec![status, captured, refunded, authorized_at, disputed, op, amount, opt(decline_code.map(DeclineCode::as_str)), opt(reference), int(now), text(id)],
    )
}

/// The D1 payments store.
pub struct D1Payments<'a> {
    pub db: &'a Db,
}

impl Payments for D1Payments<'_> {
    async fn load(&self, id: &str) -> ApiResult<Option<Payment>> {
        get(self.db, id).await
    }

    async fn commit(&self, c: &PaymentCommit) -> ApiResult<()> {
        let [status, captured, refunded, authorized_at, disputed, op, amount] = state_values(&c.next);
        let pending_since = if c.next.pending.is_some() { int(c.at) } else { JsValue::NULL };
        let mut batch: Vec<Statement> = vec![(
            // A write that expected another version fails its CHECK and rolls the batch back.
            "UPDATE payments SET version = CASE WHEN version = ? THEN version + 1 ELSE -1 END, status = ?, amount_captured = ?, \
             amount_refunded = ?, authorized_at = ?, disputed = ?, pending_op = ?, pending_amount = ?, \
             pending_since = CASE WHEN ? IS NULL THEN NULL ELSE COALESCE(pending_since, ?) END, \
             processor_reference = COALESCE(?, processor_reference), updated_at = ? WHERE id = ?"
                .into(),
            vec![int(c.version), status, captured, refunded, authorized_at, disputed, op.clone(), amount, op, pending_since, opt(c.reference.as_deref()), int(c.at), text(&c.payment_id)],
        )];
        if let Some(refund) = &c.refund {
            batch.push(refunds::write_statement(refund, c.at));
        }
        if let Some(dispute) = &c.dispute {
            batch.extend(disputes::write_statements(dispute, c.at));
        }
        for event in &c.events {
            batch.extend(events::insert_statements(event, c.at));
        }
        if let Err(error) = self.db.batch(&batch).await {
            #[derive(Deserialize)]
            struct Version {
                version: u64,
            }
            let now: Option<Version> = self.db.first("SELECT version FROM payments WHERE id = ?", &[text(&c.payment_id)]).await?;
            if now.is_some_and(|v| v.version != c.version) {
                return Err(ErrorCode::PaymentOperationInProgress.into());
            }
            return Err(error);
        }
        Ok(())
    }

    async fn refund(&self, id: &str) -> ApiResult<Option<Refund>> {
        refunds::get(self.db, id).await
    }

    async fn dispute(&self, id: &str) -> ApiResult<Option<Dispute>> {
        disputes::get(self.db, id).await
    }

    async fn dispute_of(&self, payment_id: &str) -> ApiResult<Option<Dispute>> {
        disputes::of_payment(self.db, payment_id).await
    }

    async fn due(&self, before: u64, now: u64, limit: u32) -> ApiResult<Due> {
        #[derive(Deserialize)]
        struct Id {
            id: String,
        }
        let ids = |rows: Vec<Id>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
        let limit = int(limit.into());
        Ok(Due {
            processing: ids(self.db.all("SELECT id FROM payments WHERE status = 'processing' AND updated_at <= ? ORDER BY updated_at LIMIT ?", &[int(before), limit.clone()]).await?),
            pending: ids(self.db.all("SELECT id FROM payments WHERE pending_op IS NOT NULL AND pending_since <= ? ORDER BY pending_since LIMIT ?", &[int(before), limit.clone()]).await?),
            refunds: ids(self.db.all("SELECT id FROM refunds WHERE status = 'pending' AND acknowledged = 0 AND updated_at <= ? ORDER BY updated_at LIMIT ?", &[int(before), limit.clone()]).await?),
            expiring: ids(
                self.db
                    .all(
                        "SELECT id FROM payments WHERE status = 'requires_capture' AND pending_op IS NULL AND authorized_at <= ? ORDER BY authorized_at LIMIT ?",
                        &[int(now.saturating_sub(AUTHORIZATION_TTL)), limit],
                    )
                    .await?,
            ),
        })
    }
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Payment>> {
    db.first::<Row>(&format!("{SELECT} WHERE p.id = ?"), &[text(id)]).await?.map(Row::into_payment).transpose()
}

/// The payment of a session still in flight, if any.
pub async fn in_flight(db: &Db, session_id: &str) -> ApiResult<Option<Payment>> {
    db.first::<Row>(&format!("{SELECT} WHERE p.session_id = ? AND p.status = 'processing'"), &[text(session_id)]).await?.map(Row::into_payment).transpose()
}


/// The dashboard's filters on payments; every one optional.
#[derive(Debug, Default)]
pub struct Filters {
    pub status: Option<String>,
    pub created_gte: Option<u64>,
    pub created_lte: Option<u64>,
    pub amount_gte: Option<u64>,
    pub amount_lte: Option<u64>,
    pub brand: Option<String>,
    pub last4: Option<String>,
    pub reference: Option<String>,
    pub email: Option<String>,
    /// Any of id, reference, email, last4.
    pub q: Option<String>,
}

/// `%` and `_` taken literally in a LIKE pattern.
fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A merchant's payments of one mode that match `f`, newest first, after `after`.
pub async fn search(db: &Db, merchant_id: &str, livemode: bool, f: &Filters, after: Option<&Payment>, limit: u64) -> ApiResult<Vec<Payment>> {
    let mut sql = format!("{SELECT} JOIN checkout_sessions s ON s.id = p.session_id WHERE p.merchant_id = ? AND p.livemode = ?");
    let mut params = vec![text(merchant_id), int(u64::from(livemode))];
    let mut add = |clause: &str, values: Vec<JsValue>| {
        sql.push_str(" AND ");
        sql.push_str(clause);
        params.extend(values);
    };
    if let Some(v) = &f.status {
        add("p.status = ?", vec![text(v)]);
    }
    if let Some(v) = f.created_gte {
        add("p.created_at >= ?", vec![int(v)]);
    }
    if let Some(v) = f.created_lte {
        add("p.created_at <= ?", vec![int(v)]);
    }
    if let Some(v) = f.amount_gte {
        add("p.amount >= ?", vec![int(v)]);
    }
    if let Some(v) = f.amount_lte {
        add("p.amount <= ?", vec![int(v)]);
    }
    if let Some(v) = &f.brand {
        add("v.brand = ?", vec![text(v)]);
    }
    if let Some(v) = &f.last4 {
        add("v.last4 = ?", vec![text(v)]);
    }
    if let Some(v) = &f.reference {
        add("s.reference = ?", vec![text(v)]);
    }
    if let Some(v) = &f.email {
        add("s.shopper_email = ?", vec![text(&v.to_ascii_lowercase())]);
    }
    if let Some(q) = &f.q {
        let like = format!("%{}%", like_literal(q));
        add("(p.id = ? OR v.last4 = ? OR s.reference LIKE ? ESCAPE '\\' OR s.shopper_email LIKE ? ESCAPE '\\')", vec![text(q), text(q), text(&like), text(&like.to_ascii_lowercase())]);
    }
    if let Some(cursor) = after {
        add("(p.created_at < ? OR (p.created_at = ? AND p.id < ?))", vec![int(cursor.created_at), int(cursor.created_at), text(&cursor.id)]);
    }
    sql.push_str(" ORDER BY p.created_at DESC, p.id DESC LIMIT ?");
    params.push(int(limit));
    payments(db.all(&sql, &params).await?)
}

/// What the merchant said about each payment's checkout: its reference and the shopper's email.
pub async fn session_facts(db: &Db, session_ids: &[&str]) -> ApiResult<Vec<(String, String, Option<String>)>> {
    #[derive(Deserialize)]
    struct Fact {
        id: String,
        reference: String,
        shopper_email: Option<String>,
    }
    if session_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; session_ids.len()].join(",");
    let params: Vec<JsValue> = session_ids.iter().map(|id| text(id)).collect();
    let rows: Vec<Fact> = db.all(&format!("SELECT id, reference, shopper_email FROM checkout_sessions WHERE id IN ({marks})"), &params).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.reference, r.shopper_email)).collect())
}
