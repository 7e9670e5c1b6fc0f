//! The identity check of a personal account: what a shopper tells the verifier, checked for shape
//! before it goes anywhere, and the sandbox verifier's documented test numbers.
//!
//! The check moves through the same states as a business's verification (submitted, answered,
//! reviewed), so [`super::verification::step`] is its machine too. Tessera keeps the document's
//! type, country and last four characters, never the whole number: the verifier holds the
//! document, we hold its answer.

use crate::prelude::*;
use serde::Deserialize;

use super::verification::Outcome;
use crate::api::ErrorCode;
use crate::date::Date;

/// The documents a verifier accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// A passport.
    Passport,
    /// A national identity card.
    IdCard,
    /// A driving licence.
    DrivingLicence,
}

impl DocumentType {
    /// The name in the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            DocumentType::Passport => "passport",
            DocumentType::IdCard => "id_card",
            DocumentType::DrivingLicence => "driving_licence",
        }
    }
}

/// What the shopper sends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityInput {
    /// Given names as on the document.
    pub given_name: String,
    /// Family name as on the document.
    pub family_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// The document.
    pub document_type: DocumentType,
    /// Its number.
    pub document_number: String,
    /// The country that issued it (ISO 3166-1 alpha-2).
    pub issuing_country: String,
}

/// The same, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityClaim {
    /// Given names.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    pub date_of_birth: Date,
    /// The document.
    pub document_type: DocumentType,
    /// Its number, upper-cased, without spaces.
    pub document_number: String,
    /// Issuing country, upper-cased.
    pub issuing_country: String,
}

impl IdentityClaim {
    /// The last four characters of the number: what Tessera keeps.
    pub fn number_last4(&self) -> &str {
        let n = &self.document_number;
        &n[n.len().saturating_sub(4)..]
    }
}

/// The youngest a shopper may be to hold an account.
pub const MINIMUM_AGE: i32 = 18;

fn name(text: &str) -> Result<String, ErrorCode> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 100 || t.chars().any(char::is_control) {
        return Err(ErrorCode::InvalidIdentity);
    }
    Ok(t.to_owned())
}

/// Checks `input` as of `today`.
pub fn check(input: &IdentityInput, today: Date) -> Result<IdentityClaim, ErrorCode> {
    let born = Date::parse_birth(input.date_of_birth.trim()).map_err(|_| ErrorCode::InvalidIdentity)?;
    if born > today || born.years_until(today) < MINIMUM_AGE || born.years_until(today) > 130 {
        return Err(ErrorCode::InvalidIdentity);
    }
    let number: String = input.document_number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if !(5..=20).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(ErrorCode::InvalidIdentity);
    }
    let country = input.issuing_country.trim().to_ascii_uppercase();
    if !super::business::is_country(&country) {
        return Err(ErrorCode::InvalidCountry);
    }
    Ok(IdentityClaim {
        given_name: name(&input.given_name)?,
        family_name: name(&input.family_name)?,
        date_of_birth: born,
        document_type: input.document_type,
        document_number: number,
        issuing_country: country,
    })
}

/// The sandbox identity verifier's document numbers.
pub mod sandbox {
    use super::Outcome;

    /// Verified at once.
    pub const VERIFIED: &str = "ID000001";
    /// Rejected at once.
    pub const REJECTED: &str = "ID000002";
    /// Sent to a person.
    pub const NEEDS_REVIEW: &str = "ID000003";

    /// What the sandbox says of a document number: the test numbers as documented, any other
    /// number verified.
    pub fn outcome(document_number: &str) -> Outcome {
        match document_number {
            REJECTED => Outcome::Rejected,
            NEEDS_REVIEW => Outcome::NeedsReview,
            _ => Outcome::Verified,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(born: &str, number: &str) -> IdentityInput {
        IdentityInput {
            given_name: "Ada".into(),
            family_name: "Lovelace".into(),
            date_of_birth: born.into(),
            document_type: DocumentType::Passport,
            document_number: number.into(),
            issuing_country: "gb".into(),
        }
    }

    fn today() -> Date {
        Date::new(2026, 12, 2).unwrap()
    }

    #[test]
    fn a_real_looking_claim_passes_and_keeps_little() {
        let claim = check(&input("1985-12-10", "ab 123 4567"), today()).unwrap();
        assert_eq!(claim.document_number, "AB1234567");
        assert_eq!(claim.number_last4(), "4567");
        assert_eq!(claim.issuing_country, "GB");
        assert!(check(&input("1950-01-01", "X1234567"), today()).is_ok(), "born before 1970");
    }

    #[test]
    fn what_is_refused() {
        assert_eq!(check(&input("2010-01-01", "X1234567"), today()), Err(ErrorCode::InvalidIdentity), "too young");
        assert_eq!(check(&input("2008-12-03", "X1234567"), today()), Err(ErrorCode::InvalidIdentity), "eighteen tomorrow");
        assert!(check(&input("2008-12-02", "X1234567"), today()).is_ok(), "eighteen today");
        assert_eq!(check(&input("1985-02-30", "X1234567"), today()), Err(ErrorCode::InvalidIdentity));
        assert_eq!(check(&input("1985-01-01", "X12"), today()), Err(ErrorCode::InvalidIdentity));
        assert_eq!(check(&input("1985-01-01", "X1234567<"), today()), Err(ErrorCode::InvalidIdentity));
        let mut bad = input("1985-01-01", "X1234567");
        bad.issuing_country = "XX".into();
        assert_eq!(check(&bad, today()), Err(ErrorCode::InvalidCountry));
        bad = input("1985-01-01", "X1234567");
        bad.family_name = "Love\u{0}lace".into();
        assert_eq!(check(&bad, today()), Err(ErrorCode::InvalidIdentity));
    }

    #[test]
    fn the_sandbox_numbers() {
        assert_eq!(sandbox::outcome(sandbox::VERIFIED), Outcome::Verified);
        assert_eq!(sandbox::outcome(sandbox::REJECTED), Outcome::Rejected);
        assert_eq!(sandbox::outcome(sandbox::NEEDS_REVIEW), Outcome::NeedsReview);
    }
}
