//! Reports: CSV written so a spreadsheet reads it as data, and the summary behind the
//! dashboard's charts. The store counts per day; what a rate is and how days add up is here.

use crate::prelude::*;
use serde::Serialize;

use crate::api::ErrorCode;
use crate::date::Date;

/// Longest range a report covers, in days.
pub const MAX_DAYS: i64 = 366;

/// A report's days, `from` and `to` both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The first day.
    pub from: Date,
    /// The last day, included.
    pub to: Date,
}

impl Range {
    /// The range of two `YYYY-MM-DD` dates, in order and at most [`MAX_DAYS`] long.
    pub fn parse(from: &str, to: &str) -> Result<Self, ErrorCode> {
        let (from, to) = (from.parse::<Date>()?, to.parse::<Date>()?);
        let days = to.days() - from.days() + 1;
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(ErrorCode::InvalidDateRange);
        }
        Ok(Self { from, to })
    }

    /// Every day of the range.
    pub fn days(self) -> impl Iterator<Item = Date> {
        (self.from.days()..=self.to.days()).map(Date::from_days)
    }
}

/// One CSV cell: quoted when it holds a comma, a quote or a line break, and prefixed with `'`
/// when a spreadsheet would run it as a formula (OWASP's CSV injection advice).
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One CSV line (RFC 4180: CRLF).
pub fn row(cells: &[&str]) -> String {
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    /// ISO 4217.
    pub currency: String,
    /// Minor units.
    pub amount: u64,
}

/// How often a decline code came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declines {
    /// The decline code.
    pub code: String,
    /// How many.
    pub count: u64,
}

/// One day's numbers, or a range's totals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Payments that reached a processor's answer or are waiting for it.
    pub payments: u64,
    /// Authorized (captured, waiting for capture, or voided after authorization).
    pub succeeded: u64,
    /// Declined.
    pub failed: u64,
    /// `succeeded / (succeeded + failed)`, `None` when there were none.
    pub approval_rate: Option<f64>,
    /// Checkouts that asked for a step-up.
    pub step_ups: u64,
    /// Step-ups the shopper passed.
    pub step_ups_passed: u64,
    /// `step_ups / checkouts confirmed`, `None` when there were none.
    pub step_up_rate: Option<f64>,
    /// Captured, per currency.
    pub volume: Vec<Money>,
    /// Refunded, per currency.
    pub refunded: Vec<Money>,
    /// Refunds that succeeded.
    pub refunds: u64,
    /// Declines by code, most frequent first.
    pub declines: Vec<Declines>,
    /// Sessions confirmed at least once (the step-up rate's base).
    #[serde(skip)]
    pub confirmed: u64,
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    // Four decimals, rounded half up in integers (no_std has no `f64::round`): enough for a
    // chart, and stable in JSON.
    (whole > 0).then(|| ((part * 20_000 + whole) / (2 * whole)) as f64 / 10_000.0)
}

fn add_money(into: &mut Vec<Money>, from: &[Money]) {
    for m in from {
        match into.iter_mut().find(|x| x.currency == m.currency) {
            Some(x) => x.amount += m.amount,
            None => into.push(m.clone()),
        }
    }
    into.sort_by(|a, b| a.currency.cmp(&b.currency));
}

impl Figures {
    /// Works out the rates from the counts.
    pub fn finish(mut self) -> Self {
        self.approval_rate = rate(self.succeeded, self.succeeded + self.failed);
        self.step_up_rate = rate(self.step_ups, self.confirmed);
        self.declines.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        self
    }

    /// The sum of days.
    pub fn total<'a>(days: impl IntoIterator<Item = &'a Figures>) -> Figures {
        let mut t = Figures::default();
        for d in days {
            t.payments += d.payments;
            t.succeeded += d.succeeded;
            t.failed += d.failed;
            t.step_ups += d.step_ups;
            t.step_ups_passed += d.step_ups_passed;
            t.confirmed += d.confirmed;
            t.refunds += d.refunds;
            add_money(&mut t.volume, &d.volume);
            add_money(&mut t.refunded, &d.refunded);
            for x in &d.declines {
                match t.declines.iter_mut().find(|y| y.code == x.code) {
                    Some(y) => y.count += x.count,
                    None => t.declines.push(x.clone()),
                }
            }
        }
        t.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_data_not_formulas() {
        assert_eq!(cell("order-1"), "order-1");
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(row(&["id", "amount"]), "id,amount\r\n");
    }

    #[test]
    fn ranges_are_bounded() {
        assert_eq!(Range::parse("2026-01-01", "2026-12-31").unwrap().days().count(), 365);
        assert_eq!(Range::parse("2026-02-01", "2026-01-31"), Err(ErrorCode::InvalidDateRange));
        assert_eq!(Range::parse("2025-01-01", "2026-12-31"), Err(ErrorCode::InvalidDateRange));
        assert_eq!(Range::parse("2026-01-01", "tomorrow"), Err(ErrorCode::InvalidDate));
    }

    #[test]
    fn totals_add_days_and_work_out_rates() {
        let usd = |amount| Money { currency: "USD".into(), amount };
        let day = |ok, failed, code: &str| Figures {
            payments: ok + failed,
            succeeded: ok,
            failed,
            confirmed: ok + failed,
            step_ups: 1,
            step_ups_passed: 1,
            volume: vec![usd(ok * 100)],
            declines: if failed > 0 { vec![Declines { code: code.into(), count: failed }] } else { vec![] },
            ..Default::default()
        };
        let t = Figures::total(&[day(3, 1, "insufficient_funds"), day(5, 0, ""), day(0, 2, "generic_decline")]);
        assert_eq!((t.succeeded, t.failed), (8, 3));
        assert_eq!(t.approval_rate, Some(0.7273));
        assert_eq!(t.volume, vec![usd(800)]);
        assert_eq!(t.declines[0], Declines { code: "generic_decline".into(), count: 2 });
        assert_eq!(t.step_up_rate, Some(0.2727));
        assert_eq!(Figures::default().finish().approval_rate, None);
    }
}
