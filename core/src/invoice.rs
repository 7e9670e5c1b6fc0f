//! Invoices: what a draft may hold, how its totals are reckoned, and how it moves from draft to
//! paid or void. Amounts are minor units throughout; tax is a percentage with at most two
//! decimals, kept as basis points, and each line's tax is rounded half up to the minor unit, so
//! the dashboard, the hosted page and the payment all show the same total.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;
use crate::date::Date;
use crate::money::{Amount, Currency};
use crate::shopper::Email;

/// Lines an invoice may have.
pub const MAX_LINES: usize = 100;
/// Most units on one line.
pub const MAX_QUANTITY: u64 = 10_000;
/// Longest description, memo and footer, in characters.
pub const MAX_DESCRIPTION: usize = 500;
/// Longest memo or footer.
pub const MAX_NOTE: usize = 1000;

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being written; changeable, not payable.
    Draft,
    /// Finalized: numbered, sent, payable on its page.
    Open,
    /// Paid through its page.
    Paid,
    /// Withdrawn; no longer payable.
    Void,
}

impl InvoiceStatus {
    /// The name in the API and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Void => "void",
        }
    }

    /// The status of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Draft, Self::Open, Self::Paid, Self::Void].into_iter().find(|s| s.as_str() == name)
    }
}

/// What happens to an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceEvent {
    /// The merchant changes the draft.
    Edit,
    /// The merchant finalizes it.
    Finalize,
    /// The merchant voids it.
    Void,
    /// Its payment succeeded.
    Paid,
}

/// The status after `event`, or the refusal.
pub fn step(status: InvoiceStatus, event: InvoiceEvent) -> Result<InvoiceStatus, ErrorCode> {
    use InvoiceStatus::*;
    match (status, event) {
        (Draft, InvoiceEvent::Edit) => Ok(Draft),
        (Draft, InvoiceEvent::Finalize) => Ok(Open),
        (Draft | Open, InvoiceEvent::Void) => Ok(Void),
        (Open, InvoiceEvent::Paid) => Ok(Paid),
        (_, InvoiceEvent::Edit | InvoiceEvent::Finalize) => Err(ErrorCode::InvoiceNotEditable),
        (_, InvoiceEvent::Void) => Err(ErrorCode::InvoiceNotVoidable),
        (_, InvoiceEvent::Paid) => Err(ErrorCode::InvoiceNotPayable),
    }
}

/// A tax rate in basis points (1900 is 19 %), from a JSON number with at most two decimals.
pub fn tax_rate(number: &serde_json::Number) -> Result<u32, ErrorCode> {
    let text = number.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let ok = !whole.is_empty() && whole.len() <= 3 && whole.bytes().all(|b| b.is_ascii_digit()) && fraction.len() <= 2 && fraction.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return Err(ErrorCode::InvalidTaxRate);
    }
    let cents = format!("{fraction:0<2}");
    let bp = whole.parse::<u32>().map_err(|_| ErrorCode::InvalidTaxRate)? * 100 + cents.parse::<u32>().map_err(|_| ErrorCode::InvalidTaxRate)?;
    (bp <= 10_000).then_some(bp).ok_or(ErrorCode::InvalidTaxRate)
}

/// Basis points as the percentage they were written as: `19`, `8.25`.
pub fn tax_rate_text(bp: u32) -> String {
    match bp % 100 {
        0 => format!("{}", bp / 100),
        c if c % 10 == 0 => format!("{}.{}", bp / 100, c / 10),
        c => format!("{}.{c:02}", bp / 100),
    }
}

/// One line as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    /// What was sold.
    pub description: String,
    /// How many.
    pub quantity: u64,
    /// Price of one, in minor units.
    pub unit_amount: u64,
    /// A percentage, at most two decimals.
    #[serde(default)]
    pub tax_rate: Option<serde_json::Number>,
}

/// One line, checked, with its amount and tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What was sold.
    pub description: String,
    /// How many.
    pub quantity: u64,
    /// Price of one, in minor units.
    pub unit_amount: u64,
    /// Basis points.
    pub tax_rate_bp: u32,
    /// `quantity × unit_amount`.
    pub amount: u64,
    /// The line's tax, rounded half up.
    pub tax: u64,
}

/// The customer an invoice is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Where the invoice is sent.
    pub email: String,
    /// Whom it is addressed to.
    pub name: String,
}

/// A draft as sent: on creation customer, currency and lines are needed; a change sends what changes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    /// Whom it is for.
    pub customer: Option<Customer>,
    /// ISO 4217.
    pub currency: Option<String>,
    /// What is sold.
    pub line_items: Option<Vec<LineInput>>,
    /// `YYYY-MM-DD`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub due_date: Option<Option<String>>,
    /// A note above the items; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub memo: Option<Option<String>>,
    /// A note at the foot; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub footer: Option<Option<String>>,
}

/// Tells `"memo": null` (clear it) from no `memo` (keep it).
fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A draft's content, checked, with its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Whom it is for.
    pub customer: Customer,
    /// The currency of every line.
    pub currency: Currency,
    /// What is sold.
    pub lines: Vec<Line>,
    /// When it should be paid by.
    pub due_date: Option<Date>,
    /// A note above the items.
    pub memo: Option<String>,
    /// A note at the foot.
    pub footer: Option<String>,
    /// Σ line amounts.
    pub subtotal: u64,
    /// Σ line taxes.
    pub tax: u64,
    /// What the customer pays.
    pub total: Amount,
}

fn note(text: Option<String>, max: usize) -> Result<Option<String>, ErrorCode> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t.chars().count() <= max && !t.chars().any(|c| c.is_control() && c != '\n') => Ok(Some(t.to_owned())),
        Some(_) => Err(ErrorCode::InvalidInvoiceText),
    }
}

fn line(input: LineInput) -> Result<Line, ErrorCode> {
    let bad = ErrorCode::InvalidLineItems;
    let description = input.description.trim();
    if description.is_empty() || description.chars().count() > MAX_DESCRIPTION || description.chars().any(char::is_control) {
        return Err(bad);
    }
    if input.quantity == 0 || input.quantity > MAX_QUANTITY {
        return Err(bad);
    }
    let tax_rate_bp = input.tax_rate.as_ref().map(tax_rate).transpose()?.unwrap_or(0);
    let amount = input.quantity.checked_mul(input.unit_amount).filter(|a| *a <= crate::money::MAX_MINOR_UNITS).ok_or(ErrorCode::InvalidAmount)?;
    // Half up: add half a basis-point unit before dividing.
    let tax = ((u128::from(amount) * u128::from(tax_rate_bp) + 5_000) / 10_000) as u64;
    Ok(Line { description: description.to_owned(), quantity: input.quantity, unit_amount: input.unit_amount, tax_rate_bp, amount, tax })
}

/// The previous content of a draft, as `InvoiceInput::apply` needs it.
pub struct Current<'a> {
    /// Whom it is for.
    pub customer: &'a Customer,
    /// Its currency.
    pub currency: Currency,
    /// Its lines.
    pub lines: &'a [Line],
    /// Its due date.
    pub due_date: Option<Date>,
    /// Its memo.
    pub memo: Option<&'a str>,
    /// Its footer.
    pub footer: Option<&'a str>,
}

impl InvoiceInput {
    /// The draft after this input, over `current` (none on creation).
    pub fn apply(self, current: Option<Current<'_>>) -> Result<Draft, ErrorCode> {
        let customer = match (self.customer, &current) {
            (Some(c), _) => c,
            (None, Some(cur)) => cur.customer.clone(),
            (None, None) => return Err(ErrorCode::InvalidCustomer),
        };
        let email = customer.email.parse::<Email>().map_err(|_| ErrorCode::InvalidCustomer)?;
        let name = customer.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ErrorCode::InvalidCustomer);
        }
        let customer = Customer { email: email.as_str().to_owned(), name: name.to_owned() };
        let currency = match (self.currency, &current) {
            (Some(c), _) => c.parse::<Currency>().map_err(|_| ErrorCode::UnsupportedCurrency)?,
            (None, Some(cur)) => cur.currency,
            (None, None) => return Err(ErrorCode::UnsupportedCurrency),
        };
        let lines = match (self.line_items, &current) {
            (Some(items), _) => {
                if items.is_empty() || items.len() > MAX_LINES {
                    return Err(ErrorCode::InvalidLineItems);
                }
                items.into_iter().map(line).collect::<Result<Vec<_>, _>>()?
            }
            (None, Some(cur)) => cur.lines.to_vec(),
            (None, None) => return Err(ErrorCode::InvalidLineItems),
        };
        let due_date = match (self.due_date, &current) {
            (Some(Some(d)), _) => Some(d.parse::<Date>()?),
            (Some(None), _) | (None, None) => None,
            (None, Some(cur)) => cur.due_date,
        };
        let keep = |v: Option<Option<String>>, old: Option<&str>| v.unwrap_or_else(|| old.map(str::to_owned));
        let memo = note(keep(self.memo, current.as_ref().and_then(|c| c.memo)), MAX_NOTE)?;
        let footer = note(keep(self.footer, current.as_ref().and_then(|c| c.footer)), MAX_NOTE)?;
        let subtotal = lines.iter().try_fold(0u64, |s, l| s.checked_add(l.amount)).ok_or(ErrorCode::InvalidAmount)?;
        let tax = lines.iter().try_fold(0u64, |s, l| s.checked_add(l.tax)).ok_or(ErrorCode::InvalidAmount)?;
        let total = Amount::new(subtotal.checked_add(tax).ok_or(ErrorCode::InvalidAmount)?, currency).map_err(|_| ErrorCode::InvalidAmount)?;
        Ok(Draft { customer, currency, lines, due_date, memo, footer, subtotal, tax, total })
    }
}

/// An invoice number: the merchant's prefix and a sequence, `ADABOOKS-0042`.
pub fn number(prefix: &str, sequence: u64) -> String {
    format!("{prefix}-{sequence:04}")
}

/// A merchant's invoice prefix from its id: eight letters and digits, upper case.
pub fn prefix_of(merchant_id: &str) -> String {
    merchant_id.trim_start_matches("mer_").chars().filter(char::is_ascii_alphanumeric).take(8).collect::<String>().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> serde_json::Number {
        serde_json::from_str(text).unwrap()
    }

    fn input(lines: &str) -> InvoiceInput {
        serde_json::from_str(&format!(r#"{{"customer":{{"email":"bob@example.com","name":"Bob"}},"currency":"EUR","line_items":{lines}}}"#)).unwrap()
    }

    #[test]
    fn tax_rates_with_two_decimals_at_most() {
        assert_eq!(tax_rate(&num("19")), Ok(1900));
        assert_eq!(tax_rate(&num("8.25")), Ok(825));
        assert_eq!(tax_rate(&num("7.5")), Ok(750));
        assert_eq!(tax_rate(&num("0")), Ok(0));
        assert_eq!(tax_rate(&num("100")), Ok(10_000));
        for bad in ["8.255", "-1", "100.01", "1000", "0.001"] {
            assert_eq!(tax_rate(&num(bad)), Err(ErrorCode::InvalidTaxRate), "{bad}");
        }
        assert_eq!(tax_rate_text(825), "8.25");
        assert_eq!(tax_rate_text(750), "7.5");
        assert_eq!(tax_rate_text(1900), "19");
    }

    #[test]
    fn totals_round_each_line_half_up() {
        // 3 × 3.33 at 19 %: 999 minor units, tax 189.81 → 190.
        let d = input(r#"[{"description":"Book","quantity":3,"unit_amount":333,"tax_rate":19},{"description":"Postage","quantity":1,"unit_amount":450}]"#).apply(None).unwrap();
        assert_eq!(d.lines[0].amount, 999);
        assert_eq!(d.lines[0].tax, 190);
        assert_eq!((d.subtotal, d.tax, d.total.minor()), (1449, 190, 1639));
        // Exactly half rounds up: 50 × 1 % = 0.5.
        let half = input(r#"[{"description":"x","quantity":1,"unit_amount":50,"tax_rate":1}]"#).apply(None).unwrap();
        assert_eq!(half.tax, 1);
    }

    #[test]
    fn bad_drafts_are_refused_with_their_code() {
        let cases = [
            (r#"[]"#, ErrorCode::InvalidLineItems),
            (r#"[{"description":" ","quantity":1,"unit_amount":1}]"#, ErrorCode::InvalidLineItems),
            (r#"[{"description":"x","quantity":0,"unit_amount":1}]"#, ErrorCode::InvalidLineItems),
            (r#"[{"description":"x","quantity":10001,"unit_amount":1}]"#, ErrorCode::InvalidLineItems),
            (r#"[{"description":"x","quantity":1,"unit_amount":1,"tax_rate":101}]"#, ErrorCode::InvalidTaxRate),
            (r#"[{"description":"x","quantity":1,"unit_amount":0}]"#, ErrorCode::InvalidAmount),
            (r#"[{"description":"x","quantity":10000,"unit_amount":99999999999}]"#, ErrorCode::InvalidAmount),
        ];
        for (lines, code) in cases {
            assert_eq!(input(lines).apply(None).map(|_| ()), Err(code), "{lines}");
        }
        let no_customer: InvoiceInput = serde_json::from_str(r#"{"currency":"EUR","line_items":[]}"#).unwrap();
        assert_eq!(no_customer.apply(None).map(|_| ()), Err(ErrorCode::InvalidCustomer));
        assert!(serde_json::from_str::<InvoiceInput>(r#"{"amount":5}"#).is_err(), "unknown fields are refused");
    }

    #[test]
    fn a_change_keeps_what_it_does_not_name() {
        let d = input(r#"[{"description":"Book","quantity":1,"unit_amount":1000}]"#).apply(None).unwrap();
        let current = || Current { customer: &d.customer, currency: d.currency, lines: &d.lines, due_date: d.due_date, memo: Some("Thanks"), footer: None };
        let change: InvoiceInput = serde_json::from_str(r#"{"due_date":"2027-01-31"}"#).unwrap();
        let changed = change.apply(Some(current())).unwrap();
        assert_eq!(changed.total.minor(), 1000);
        assert_eq!(changed.memo.as_deref(), Some("Thanks"));
        assert_eq!(changed.due_date.unwrap().to_string(), "2027-01-31");
        let cleared: InvoiceInput = serde_json::from_str(r#"{"memo":null}"#).unwrap();
        assert_eq!(cleared.apply(Some(current())).unwrap().memo, None);
    }

    #[test]
    fn the_lifecycle() {
        use InvoiceStatus::*;
        assert_eq!(step(Draft, InvoiceEvent::Finalize), Ok(Open));
        assert_eq!(step(Open, InvoiceEvent::Paid), Ok(Paid));
        assert_eq!(step(Open, InvoiceEvent::Edit), Err(ErrorCode::InvoiceNotEditable));
        assert_eq!(step(Open, InvoiceEvent::Finalize), Err(ErrorCode::InvoiceNotEditable));
        assert_eq!(step(Paid, InvoiceEvent::Void), Err(ErrorCode::InvoiceNotVoidable));
        assert_eq!(step(Void, InvoiceEvent::Paid), Err(ErrorCode::InvoiceNotPayable));
        assert_eq!(step(Draft, InvoiceEvent::Paid), Err(ErrorCode::InvoiceNotPayable));
        assert_eq!(number(&prefix_of("mer_ab2cd3ef4ghij"), 42), "AB2CD3EF-0042");
    }
}
