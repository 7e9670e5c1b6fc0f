//! Reports: `GET /v1/reports/summary?from=&to=&interval=day` (the numbers behind the dashboard's
//! charts) and `GET /v1/reports/payments.csv` / `refunds.csv` (`?from=&to=`), dated in the
//! account's time zone. The CSVs stream from D1 a page at a time, so a year of payments never
//! sits in memory; they carry no card number, no client secret and no shopper's email.

use std::collections::HashMap;

use serde_json::json;
use tessera_core::account::role::Action;
use tessera_core::api::ErrorCode;
use tessera_core::date::{local_time, Date};
use tessera_core::money::Currency;
use tessera_core::report::{self, Declines, Figures, Money, Range};
use worker::{Request, Response};

use crate::accounts::ports::{AccountPorts, Accounts};
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth::{self, Caller};
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::RelyingParty;
use crate::store::{reports, Db};
use crate::zones::Zone;

/// Rows read from D1 per page of a CSV.
const PAGE: u64 = 500;

/// The account's time zone (UTC for one that never chose).
async fn zone_of(app: &App, req: &Request, caller: &Caller) -> ApiResult<(String, Zone)> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let name = ports.accounts().get(&caller.merchant.id).await?.map_or_else(|| "UTC".to_owned(), |a| a.timezone);
    let zone = Zone::named(&name).or_else(|| Zone::named("UTC")).ok_or_else(|| ApiError::internal("reports", "the runtime knows no time zones"))?;
    Ok((name, zone))
}

/// `from` and `to` of the query (both required), and what else it may carry.
fn range(req: &Request, allowed: &[&str]) -> ApiResult<(Range, Vec<(String, String)>)> {
    let mut from = None;
    let mut to = None;
    let mut rest = Vec::new();
    for (k, v) in req.url()?.query_pairs() {
        match k.as_ref() {
            "from" => from = Some(v.into_owned()),
            "to" => to = Some(v.into_owned()),
            other if allowed.contains(&other) => rest.push((k.into_owned(), v.into_owned())),
            _ => return Err(ErrorCode::InvalidQuery.into()),
        }
    }
    let (Some(from), Some(to)) = (from, to) else { return Err(ErrorCode::InvalidDate.into()) };
    Ok((Range::parse(&from, &to)?, rest))
}

/// Unix time of each day's start and end in `zone`.
fn day_bounds(zone: &Zone, range: Range) -> ApiResult<Vec<(u64, u64)>> {
    let midnight = |d: Date| zone.midnight(d).ok_or_else(|| ApiError::internal("reports", "no offset for a date"));
    range.days().map(|d| Ok((midnight(d)?, midnight(d.next())?))).collect()
}

fn add_money(into: &mut Vec<Money>, currency: &str, amount: u64) {
    if amount == 0 {
        return;
    }
    match into.iter_mut().find(|m| m.currency == currency) {
        Some(m) => m.amount += amount,
        None => into.push(Money { currency: currency.to_owned(), amount }),
    }
}

pub async fn summary(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let (range, rest) = range(&req, &["interval"])?;
    if rest.iter().any(|(_, v)| v != "day") {
        return Err(ErrorCode::InvalidInterval.into());
    }
    let (timezone, zone) = zone_of(app, &req, &caller).await?;
    let bounds = day_bounds(&zone, range)?;
    let (merchant, live) = (&caller.merchant.id, caller.livemode);
    let mut days: Vec<Figures> = vec![Figures::default(); bounds.len()];
    for c in reports::payments(&app.db, merchant, live, &bounds).await? {
        let Some(d) = days.get_mut(c.day as usize) else { continue };
        d.payments += c.n;
        if c.status == "failed" {
            d.failed += c.n;
            let code = c.decline_code.unwrap_or_else(|| "unknown".into());
            match d.declines.iter_mut().find(|x| x.code == code) {
                Some(x) => x.count += c.n,
                None => d.declines.push(Declines { code, count: c.n }),
            }
        } else {
            d.succeeded += c.authorized;
        }
        add_money(&mut d.volume, &c.currency, c.captured);
    }
    for r in reports::refunds(&app.db, merchant, live, &bounds).await? {
        let Some(d) = days.get_mut(r.day as usize) else { continue };
        d.refunds += r.n;
        add_money(&mut d.refunded, &r.currency, r.amount);
    }
    for s in reports::step_ups(&app.db, merchant, live, &bounds).await? {
        let Some(d) = days.get_mut(s.day as usize) else { continue };
        d.confirmed = s.confirmed;
        d.step_ups = s.step_ups;
        d.step_ups_passed = s.passed;
    }
    let days: Vec<Figures> = days.into_iter().map(Figures::finish).collect();
    let totals = Figures::total(&days);
    let series: Vec<serde_json::Value> = range
        .days()
        .zip(&days)
        .map(|(date, f)| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["date"] = json!(date.to_string());
            v
        })
        .collect();
    http::json(200, &json!({
        "object": "report.summary",
        "livemode": caller.livemode,
        "from": range.from.to_string(),
        "to": range.to.to_string(),
        "timezone": timezone,
        "interval": "day",
        "totals": totals,
        "series": series,
    }))
}

/// Minor units in the currency's major unit: `2500` USD is `25.00`.
fn major(minor: u64, currency: &str) -> String {
    let exponent = currency.parse::<Currency>().map_or(2, Currency::exponent);
    if exponent == 0 {
        return minor.to_string();
    }
    let unit = 10u64.pow(exponent.into());
    format!("{}.{:0width$}", minor / unit, minor % unit, width = exponent as usize)
}

/// Offsets by quarter hour: a year of rows asks the runtime a few thousand times, not once a row.
struct Offsets {
    zone: Zone,
    known: HashMap<u64, i32>,
}

impl Offsets {
    fn at(&mut self, at: u64) -> i32 {
        let zone = &self.zone;
        *self.known.entry(at / 900).or_insert_with(|| zone.offset(at).unwrap_or(0))
    }
}

/// What a CSV stream reads next.
struct Cursor {
    db: Db,
    merchant: String,
    livemode: bool,
    from: u64,
    to: u64,
    after: Option<(u64, String)>,
    offsets: Offsets,
    header: Option<String>,
}

fn csv_response(name: &str, range: Range, stream: impl futures_util::TryStream<Ok = Vec<u8>, Error = worker::Error> + 'static) -> ApiResult<Response> {
    let response = Response::from_stream(stream)?;
    let headers = response.headers();
    headers.set("Content-Type", "text/csv; charset=utf-8")?;
    headers.set("Content-Disposition", &format!("attachment; filename=\"{name}-{}-{}.csv\"", range.from, range.to))?;
    Ok(response)
}

async fn cursor(app: &App, req: &Request) -> ApiResult<(Cursor, Range)> {
    let caller = auth::merchant(app, req, Action::Read).await?;
    let (range, _) = range(req, &[])?;
    let (_, zone) = zone_of(app, req, &caller).await?;
    let (from, to) = (zone.midnight(range.from), zone.midnight(range.to.next()));
    let (Some(from), Some(to)) = (from, to) else { return Err(ApiError::internal("reports", "no offset for a date")) };
    let cursor = Cursor {
        db: Db::from_env(&app.env)?,
        merchant: caller.merchant.id.clone(),
        livemode: caller.livemode,
        from,
        to,
        after: None,
        offsets: Offsets { zone, known: HashMap::new() },
        header: None,
    };
    Ok((cursor, range))
}

fn failed(e: ApiError) -> worker::Error {
    crate::log::error(&format!("report stream: {}", e.code.as_str()));
    worker::Error::RustError("the report could not be read".into())
}

pub async fn payments_csv(app: &App, req: Request) -> ApiResult<Response> {
    let (mut start, range) = cursor(app, &req).await?;
    start.header = Some(report::row(&["id", "created", "amount", "currency", "status", "captured", "refunded", "brand", "last4", "reference"]));
    let stream = futures_util::stream::try_unfold(start, |mut c| async move {
        if let Some(header) = c.header.take() {
            return Ok(Some((header.into_bytes(), c)));
        }
        let rows = reports::payment_page(&c.db, &c.merchant, c.livemode, c.from, c.to, c.after.as_ref(), PAGE).await.map_err(failed)?;
        let Some(last) = rows.last() else { return Ok(None) };
        c.after = Some((last.created_at, last.id.clone()));
        let mut chunk = String::with_capacity(rows.len() * 96);
        for r in &rows {
            let created = local_time(r.created_at, c.offsets.at(r.created_at));
            let line = report::row(&[
                &r.id, &created, &major(r.amount, &r.currency), &r.currency, &r.status,
                &major(r.amount_captured, &r.currency), &major(r.amount_refunded, &r.currency), &r.brand, &r.last4, &r.reference,
            ]);
            chunk.push_str(&line);
        }
        Ok(Some((chunk.into_bytes(), c)))
    });
    csv_response("payments", range, stream)
}

pub async fn refunds_csv(app: &App, req: Request) -> ApiResult<Response> {
    let (mut start, range) = cursor(app, &req).await?;
    start.header = Some(report::row(&["id", "created", "payment", "amount", "currency", "status", "reason"]));
    let stream = futures_util::stream::try_unfold(start, |mut c| async move {
        if let Some(header) = c.header.take() {
            return Ok(Some((header.into_bytes(), c)));
        }
        let rows = reports::refund_page(&c.db, &c.merchant, c.livemode, c.from, c.to, c.after.as_ref(), PAGE).await.map_err(failed)?;
        let Some(last) = rows.last() else { return Ok(None) };
        c.after = Some((last.created_at, last.id.clone()));
        let mut chunk = String::new();
        for r in &rows {
            let created = local_time(r.created_at, c.offsets.at(r.created_at));
            chunk.push_str(&report::row(&[&r.id, &created, &r.payment_id, &major(r.amount, &r.currency), &r.currency, &r.status, r.reason.as_deref().unwrap_or("")]));
        }
        Ok(Some((chunk.into_bytes(), c)))
    });
    csv_response("refunds", range, stream)
}
