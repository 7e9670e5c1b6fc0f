//! Invoices in D1. A write is a compare-and-swap on the invoice's version, in one batch with its
//! event; numbers come from a per-merchant, per-mode counter incremented in place.

use serde::Deserialize;
use tessera_core::invoice::InvoiceStatus;
use tessera_core::vault::Sealed;
use wasm_bindgen::JsValue;

use super::{events, int, opt, text, Db, Statement};
use crate::checkout::ports::NewEvent;
use crate::error::{ApiError, ApiResult};
use crate::invoices::{draft_of, lines_json, Invoice, InvoiceStore};

/// The invoice tables, for one request.
pub struct D1Invoices<'a> {
    pub db: &'a Db,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    merchant_id: String,
    livemode: u8,
    number: Option<String>,
    status: String,
    customer_email: String,
    customer_name: String,
    currency: String,
    lines: String,
    subtotal: u64,
    tax: u64,
    total: u64,
    due_date: Option<String>,
    memo: Option<String>,
    footer: Option<String>,
    session_id: Option<String>,
    client_secret_key_id: Option<String>,
    client_secret_iv: Option<String>,
    client_secret_ciphertext: Option<String>,
    payment_id: Option<String>,
    version: u64,
    created_at: u64,
    finalized_at: Option<u64>,
    paid_at: Option<u64>,
    voided_at: Option<u64>,
}

impl Row {
    fn into_invoice(self) -> ApiResult<Invoice> {
        let status = InvoiceStatus::parse(&self.status).ok_or_else(|| ApiError::internal("invoices", "a stored status does not parse"))?;
        let client_secret = match (self.client_secret_key_id, self.client_secret_iv, self.client_secret_ciphertext) {
            (Some(key_id), Some(iv), Some(ciphertext)) => Some(Sealed { key_id, iv, ciphertext }),
            _ => None,
        };
        Ok(Invoice {
            draft: draft_of(self.customer_email, self.customer_name, &self.currency, &self.lines, self.subtotal, self.tax, self.total, self.due_date.as_deref(), self.memo, self.footer)?,
            id: self.id,
            merchant_id: self.merchant_id,
            livemode: self.livemode == 1,
            number: self.number,
            status,
            session_id: self.session_id,
            client_secret,
            payment_id: self.payment_id,
            created_at: self.created_at,
            finalized_at: self.finalized_at,
            paid_at: self.paid_at,
            voided_at: self.voided_at,
            version: self.version,
        })
    }
}

const SELECT: &str = "SELECT id, merchant_id, livemode, number, status, customer_email, customer_name, currency, lines, subtotal, tax, total, due_date, memo, footer, \
    session_id, client_secret_key_id, client_secret_iv, client_secret_ciphertext, payment_id, version, created_at, finalized_at, paid_at, voided_at FROM invoices";

fn values(i: &Invoice) -> ApiResult<Vec<JsValue>> {
    let d = &i.draft;
    let sealed = i.client_secret.as_ref();
    let due = d.due_date.map(|x| x.to_string());
    Ok(vec![
        opt(i.number.as_deref()),
        text(i.status.as_str()),
        text(&d.customer.email),
        text(&d.customer.name),
        text(d.currency.code()),
        text(&lines_json(&d.lines)?),
        int(d.subtotal),
        int(d.tax),
        int(d.total.minor()),
        opt(due.as_deref()),
        opt(d.memo.as_deref()),
        opt(d.footer.as_deref()),
        opt(i.session_id.as_deref()),
        opt(sealed.map(|s| s.key_id.as_str())),
        opt(sealed.map(|s| s.iv.as_str())),
        opt(sealed.map(|s| s.ciphertext.as_str())),
        opt(i.payment_id.as_deref()),
        i.finalized_at.map_or(JsValue::NULL, int),
        i.paid_at.map_or(JsValue::NULL, int),
        i.voided_at.map_or(JsValue::NULL, int),
    ])
}

impl InvoiceStore for D1Invoices<'_> {
    async fn insert(&self, i: &Invoice) -> ApiResult<()> {
        let mut params = vec![text(&i.id), text(&i.merchant_id), int(u64::from(i.livemode))];
        params.extend(values(i)?);
        params.extend([int(i.created_at), int(i.created_at)]);
        self.db
            .run(
                "INSERT INTO invoices (id, merchant_id, livemode, number, status, customer_email, customer_name, currency, lines, subtotal, tax, total, due_date, memo, footer, \
                 session_id, client_secret_key_id, client_secret_iv, client_secret_ciphertext, payment_id, finalized_at, paid_at, voided_at, created_at, updated_at) \
                 VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                &params,
            )
            .await?;
        Ok(())
    }

    async fn get(&self, id: &str) -> ApiResult<Option<Invoice>> {
        self.db.first::<Row>(&format!("{SELECT} WHERE id = ?"), &[text(id)]).await?.map(Row::into_invoice).transpose()
    }

    async fn by_session(&self, session_id: &str) -> ApiResult<Option<Invoice>> {
        self.db.first::<Row>(&format!("{SELECT} WHERE session_id = ?"), &[text(session_id)]).await?.map(Row::into_invoice).transpose()
    }

    async fn save(&self, i: &Invoice, version: u64, event: Option<&NewEvent>) -> ApiResult<bool> {
        let mut params = vec![int(version)];
        params.extend(values(i)?);
        params.extend([int(i.finalized_at.or(i.paid_at).or(i.voided_at).unwrap_or(i.created_at)), text(&i.id)]);
        let mut statements: Vec<Statement> = vec![(
            "UPDATE invoices SET version = CASE WHEN version = ? THEN version + 1 ELSE -1 END, number = ?, status = ?, customer_email = ?, customer_name = ?, \
             currency = ?, lines = ?, subtotal = ?, tax = ?, total = ?, due_date = ?, memo = ?, footer = ?, session_id = ?, client_secret_key_id = ?, \
             client_secret_iv = ?, client_secret_ciphertext = ?, payment_id = ?, finalized_at = ?, paid_at = ?, voided_at = ?, updated_at = ? WHERE id = ?"
                .into(),
            params,
        )];
        if let Some(e) = event {
            statements.extend(events::insert_statements(e, i.paid_at.or(i.voided_at).or(i.finalized_at).unwrap_or(i.created_at)));
        }
        match self.db.batch(&statements).await {
            Ok(()) => Ok(true),
            Err(error) => {
                #[derive(Deserialize)]
                struct Version {
                    version: u64,
                }
                let now: Option<Version> = self.db.first("SELECT version FROM invoices WHERE id = ?", &[text(&i.id)]).await?;
                if now.is_some_and(|v| v.version != version) { Ok(false) } else { Err(error) }
            }
        }
    }

    async fn next_number(&self, merchant_id: &str, livemode: bool) -> ApiResult<u64> {
        #[derive(Deserialize)]
        struct Next {
            n: u64,
        }
        let column = if livemode { "invoice_sequence_live" } else { "invoice_sequence_test" };
        let next: Option<Next> = self.db.first(&format!("UPDATE accounts SET {column} = {column} + 1 WHERE merchant_id = ? RETURNING {column} AS n"), &[text(merchant_id)]).await?;
        next.map(|n| n.n).ok_or_else(|| ApiError::internal("invoices", "the merchant has no account row"))
    }
}

/// A merchant's invoices of one mode, newest first, after `after`.
pub async fn list(db: &Db, merchant_id: &str, livemode: bool, status: Option<&str>, after: Option<&Invoice>, limit: u64) -> ApiResult<Vec<Invoice>> {
    let mut sql = format!("{SELECT} WHERE merchant_id = ? AND livemode = ?");
    let mut params = vec![text(merchant_id), int(u64::from(livemode))];
    if let Some(s) = status {
        sql.push_str(" AND status = ?");
        params.push(text(s));
    }
    if let Some(c) = after {
        sql.push_str(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        params.extend([int(c.created_at), int(c.created_at), text(&c.id)]);
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    params.push(int(limit));
    db.all::<Row>(&sql, &params).await?.into_iter().map(Row::into_invoice).collect()
}

/// Open invoices whose session was paid (the payment's hook missed them): for the sweep.
pub async fn paid_but_open(db: &Db, limit: u32) -> ApiResult<Vec<String>> {
    #[derive(Deserialize)]
    struct S {
        session_id: String,
    }
    let rows: Vec<S> = db
        .all(
            "SELECT i.session_id FROM invoices i JOIN checkout_sessions s ON s.id = i.session_id WHERE i.status = 'open' AND s.status = 'succeeded' LIMIT ?",
            &[int(limit.into())],
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.session_id).collect())
}
