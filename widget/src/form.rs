//! The card form's state: what each field shows, whether it is valid, and when to say so.
//!
//! An error is shown once the shopper has left the field or typed all it can take, never on
//! the first keystroke. Pure logic, tested natively and in the browser.

use crate::prelude::*;
use tessera_core::card::input::{self, FieldState};
use tessera_core::card::{Brand, CardPayload, YearMonth};
use tessera_core::api::ErrorCode;
use tessera_core::Error;

/// The four fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    /// The card number.
    Number,
    /// The expiry date.
    Expiry,
    /// The security code.
    Cvc,
    /// The cardholder's name.
    Name,
}

impl FieldName {
    /// All fields, in tab order.
    pub const ALL: [FieldName; 4] = [FieldName::Number, FieldName::Expiry, FieldName::Cvc, FieldName::Name];

    /// The input's element id and the field's name in events.
    pub fn id(self) -> &'static str {
        match self {
            FieldName::Number => "number",
            FieldName::Expiry => "expiry",
            FieldName::Cvc => "cvc",
            FieldName::Name => "name",
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Field {
    raw: String,
    state: Option<FieldState>,
    touched: bool,
}

/// The whole form.
#[derive(Debug, Clone)]
pub struct Form {
    fields: [Field; 4],
    brand: Option<Brand>,
    today: YearMonth,
}

fn index(name: FieldName) -> usize {
    name as usize
}

impl Form {
    /// An empty form; `year` and `month` are today's, for the expiry check.
    pub fn new(year: u16, month: u8) -> Form {
        let mut form = Form { fields: Default::default(), brand: None, today: YearMonth { year, month } };
        for name in FieldName::ALL {
            form.set(name, "");
        }
        form
    }

    /// Records what the shopper typed and returns what the input should now show.
    pub fn set(&mut self, name: FieldName, raw: &str) -> String {
        self.fields[index(name)].raw = raw.to_owned();
        self.recompute();
        self.display(name)
    }

    /// The shopper left the field: its error may show now.
    pub fn touch(&mut self, name: FieldName) {
        self.fields[index(name)].touched = true;
    }

    /// Marks every field as touched (the shopper tried to pay).
    pub fn touch_all(&mut self) {
        for f in &mut self.fields {
            f.touched = true;
        }
    }

    /// What the input shows.
    pub fn display(&self, name: FieldName) -> String {
        self.fields[index(name)].state.as_ref().map(|s| s.display.clone()).unwrap_or_default()
    }

    /// The error code to show for a field now, if any.
    pub fn visible_error(&self, name: FieldName) -> Option<ErrorCode> {
        let field = &self.fields[index(name)];
        let state = field.state.as_ref()?;
        let shown = field.touched || state.complete;
        if !shown {
            return None;
        }
        match name {
            // Core has no rules for a name beyond its length: an empty one is the frame's own error.
            FieldName::Name => state.error.map(|_| ErrorCode::NameRequired),
            _ => state.error.map(Error::api),
        }
    }

    /// The brand detected so far (`visa`, `amex`, …).
    pub fn brand(&self) -> Option<String> {
        self.brand.map(|b| b.as_str().to_owned())
    }

    /// Whether one field holds a valid value.
    pub fn is_valid(&self, name: FieldName) -> bool {
        self.fields[index(name)].state.as_ref().is_some_and(|s| s.error.is_none())
    }

    /// Whether every field is valid, so the Pay button can be enabled.
    pub fn complete(&self) -> bool {
        self.fields.iter().all(|f| f.state.as_ref().is_some_and(|s| s.error.is_none()))
    }

    /// The first field with an error, for focus after a failed submit.
    pub fn first_invalid(&self) -> Option<FieldName> {
        FieldName::ALL.into_iter().find(|&n| self.fields[index(n)].state.as_ref().is_some_and(|s| s.error.is_some()))
    }

    fn recompute(&mut self) {
        let (number, brand) = input::card_number(&self.fields[0].raw);
        self.brand = brand;
        let expiry = input::expiry(&self.fields[1].raw, self.today);
        let cvc = input::cvc(&self.fields[2].raw, brand);
        let name_text = self.fields[3].raw.clone();
        let trimmed = name_text.trim();
        let name = FieldState {
            display: name_text.chars().take(64).collect(),
            complete: false,
            error: (trimmed.chars().count() < 2).then_some(Error::InvalidJson),
        };
        for (field, state) in self.fields.iter_mut().zip([number, expiry, cvc, name]) {
            field.state = Some(state);
        }
    }

    /// The card as the JWE plaintext, if the form is complete.
    pub fn payload(&self) -> Option<CardPayload> {
        if !self.complete() {
            return None;
        }
        let digits = |i: usize| -> String { self.display(FieldName::ALL[i]).chars().filter(char::is_ascii_digit).collect() };
        let expiry = digits(1);
        Some(CardPayload {
            number: digits(0),
            exp_month: expiry[..2].parse().ok()?,
            exp_year: expiry[2..].parse().ok()?,
            cvc: digits(2),
            name: Some(self.fields[3].raw.trim().to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> Form {
        let mut f = Form::new(2026, 11);
        f.set(FieldName::Number, "4242424242424242");
        f.set(FieldName::Expiry, "1230");
        f.set(FieldName::Cvc, "123");
        f.set(FieldName::Name, "Ada Lovelace");
        f
    }

    #[test]
    fn errors_wait_for_blur_or_a_complete_value() {
        let mut f = Form::new(2026, 11);
        assert_eq!(f.set(FieldName::Number, "4242"), "4242");
        assert_eq!(f.visible_error(FieldName::Number), None, "not on the first keystrokes");
        f.touch(FieldName::Number);
        assert_eq!(f.visible_error(FieldName::Number), Some(ErrorCode::InvalidCardNumber));
        f.set(FieldName::Expiry, "0120");
        assert_eq!(f.visible_error(FieldName::Expiry), Some(ErrorCode::CardExpired), "complete, so shown at once");
        assert!(!f.complete());
        assert_eq!(f.first_invalid(), Some(FieldName::Number));
    }

    #[test]
    fn a_complete_form_makes_the_payload() {
        let f = filled();
        assert!(f.complete());
        assert_eq!(f.brand().as_deref(), Some("visa"));
        let p = f.payload().unwrap();
        assert_eq!(p.number, "4242424242424242");
        assert_eq!((p.exp_month, p.exp_year), (12, 30));
        assert_eq!(p.cvc, "123");
    }

    #[test]
    fn amex_needs_four_digit_cvc() {
        let mut f = filled();
        f.set(FieldName::Number, "378282246310005");
        assert!(!f.complete());
        f.touch(FieldName::Cvc);
        assert_eq!(f.visible_error(FieldName::Cvc), Some(ErrorCode::InvalidCvc));
        f.set(FieldName::Cvc, "1234");
        assert!(f.complete());
    }

    #[test]
    fn name_is_required() {
        let mut f = filled();
        f.set(FieldName::Name, " ");
        f.touch(FieldName::Name);
        assert_eq!(f.visible_error(FieldName::Name), Some(ErrorCode::NameRequired));
    }
}
