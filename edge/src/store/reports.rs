//! The numbers behind reports, counted in D1 by day. A day is a range of unix times the caller
//! works out in the merchant's time zone; the days go in as one JSON parameter, so a year is
//! one query per table, not 366.

use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::{int, text, Db};
use crate::error::ApiResult;

/// `[[start, end], …]` of each day, as the `d` table of the queries below.
const DAYS: &str = "WITH d(i, lo, hi) AS (SELECT CAST(key AS INTEGER), json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))";

fn days_param(days: &[(u64, u64)]) -> JsValue {
    text(&serde_json::to_string(days).unwrap_or_else(|_| "[]".into()))
}

#[derive(Debug, Deserialize)]
pub struct PaymentCount {
    pub day: u32,
    pub status: String,
    pub currency: String,
    pub decline_code: Option<String>,
    pub n: u64,
    pub authorized: u64,
    pub captured: u64,
}

pub async fn payments(db: &Db, merchant_id: &str, livemode: bool, days: &[(u64, u64)]) -> ApiResult<Vec<PaymentCount>> {
    db.all(
        &format!(
            "{DAYS} SELECT d.i AS day, p.status, p.currency, p.decline_code, COUNT(*) AS n, SUM(CASE WHEN p.authorized_at > 0 THEN 1 ELSE 0 END) AS authorized, \
             SUM(p.amount_captured) AS captured FROM d JOIN payments p ON p.merchant_id = ? AND p.livemode = ? AND p.created_at >= d.lo AND p.created_at < d.hi \
             GROUP BY d.i, p.status, p.currency, p.decline_code"
        ),
        &[days_param(days), text(merchant_id), int(u64::from(livemode))],
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct RefundCount {
    pub day: u32,
    pub currency: String,
    pub n: u64,
    pub amount: u64,
}

pub async fn refunds(db: &Db, merchant_id: &str, livemode: bool, days: &[(u64, u64)]) -> ApiResult<Vec<RefundCount>> {
    db.all(
        &format!(
            "{DAYS} SELECT d.i AS day, r.currency, COUNT(*) AS n, SUM(r.amount) AS amount FROM d JOIN refunds r ON r.merchant_id = ? AND r.livemode = ? \
             AND r.status = 'succeeded' AND r.created_at >= d.lo AND r.created_at < d.hi GROUP BY d.i, r.currency"
        ),
        &[days_param(days), text(merchant_id), int(u64::from(livemode))],
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct StepUpCount {
    pub day: u32,
    pub confirmed: u64,
    pub step_ups: u64,
    pub passed: u64,
}

/// Per day: sessions confirmed (a risk decision), sessions stepped up, and those that passed.
pub async fn step_ups(db: &Db, merchant_id: &str, livemode: bool, days: &[(u64, u64)]) -> ApiResult<Vec<StepUpCount>> {
    db.all(
        &format!(
            "{DAYS}, c AS (SELECT d.i AS day, COUNT(DISTINCT rd.session_id) AS confirmed FROM d JOIN risk_decisions rd ON rd.merchant_id = ? \
               AND rd.created_at >= d.lo AND rd.created_at < d.hi JOIN checkout_sessions s ON s.id = rd.session_id AND s.livemode = ? GROUP BY d.i), \
             u AS (SELECT d.i AS day, COUNT(DISTINCT su.session_id) AS step_ups, COUNT(DISTINCT CASE WHEN su.verified_at IS NOT NULL THEN su.session_id END) AS passed \
               FROM d JOIN step_ups su ON su.created_at >= d.lo AND su.created_at < d.hi JOIN checkout_sessions s ON s.id = su.session_id \
               AND s.merchant_id = ? AND s.livemode = ? GROUP BY d.i) \
             SELECT c.day, c.confirmed, COALESCE(u.step_ups, 0) AS step_ups, COALESCE(u.passed, 0) AS passed FROM c LEFT JOIN u ON u.day = c.day"
        ),
        &[days_param(days), text(merchant_id), int(u64::from(livemode)), text(merchant_id), int(u64::from(livemode))],
    )
    .await
}

/// One payment as the CSV shows it.
#[derive(Debug, Deserialize)]
pub struct PaymentLine {
    pub id: String,
    pub created_at: u64,
    pub amount: u64,
    pub currency: String,
    pub status: String,
    pub amount_captured: u64,
    pub amount_refunded: u64,
    pub brand: String,
    pub last4: String,
    pub reference: String,
}

/// A page of payments created in `[from, to)`, oldest first, after `(created_at, id)`.
pub async fn payment_page(db: &Db, merchant_id: &str, livemode: bool, from: u64, to: u64, after: Option<&(u64, String)>, limit: u64) -> ApiResult<Vec<PaymentLine>> {
    let (at, id) = after.cloned().unwrap_or((0, String::new()));
    db.all(
        "SELECT p.id, p.created_at, p.amount, p.currency, p.status, p.amount_captured, p.amount_refunded, v.brand, v.last4, s.reference \
         FROM payments p JOIN vault_cards v ON v.token = p.token JOIN checkout_sessions s ON s.id = p.session_id \
         WHERE p.merchant_id = ? AND p.livemode = ? AND p.created_at >= ? AND p.created_at < ? AND (p.created_at > ? OR (p.created_at = ? AND p.id > ?)) \
         ORDER BY p.created_at, p.id LIMIT ?",
        &[text(merchant_id), int(u64::from(livemode)), int(from), int(to), int(at), int(at), text(&id), int(limit)],
    )
    .await
}

/// One refund as the CSV shows it.
#[derive(Debug, Deserialize)]
pub struct RefundLine {
    pub id: String,
    pub created_at: u64,
    pub payment_id: String,
    pub amount: u64,
    pub currency: String,
    pub status: String,
    pub reason: Option<String>,
}

pub async fn refund_page(db: &Db, merchant_id: &str, livemode: bool, from: u64, to: u64, after: Option<&(u64, String)>, limit: u64) -> ApiResult<Vec<RefundLine>> {
    let (at, id) = after.cloned().unwrap_or((0, String::new()));
    db.all(
        "SELECT id, created_at, payment_id, amount, currency, status, reason FROM refunds \
         WHERE merchant_id = ? AND livemode = ? AND created_at >= ? AND created_at < ? AND (created_at > ? OR (created_at = ? AND id > ?)) \
         ORDER BY created_at, id LIMIT ?",
        &[text(merchant_id), int(u64::from(livemode)), int(from), int(to), int(at), int(at), text(&id), int(limit)],
    )
    .await
}
