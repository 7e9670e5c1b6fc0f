//! Home addresses of personal accounts: an [`Address`] exists only as [`validate`] returns it, so
//! one that is stored has its country's required fields, a postal code of its country's format and
//! a region named by its key.
//!
//! The rules are Google's libaddressinput metadata, generated into [`data`](self) by
//! `scripts/gen-address-data.mjs`, not written by hand: a country's postal format changes in the
//! data set and reaches Tessera by regenerating. Only the form is checked; whether anyone lives
//! there is not. Errors name the field and never echo what was typed, as everywhere in this crate:
//! an address is personal data.

use crate::prelude::*;
use alloc::boxed::Box;
use core::fmt;

use regex_automata::nfa::thompson::pikevm::PikeVM;
use regex_automata::nfa::thompson::{self, BuildError, WhichCaptures};
use regex_automata::util::syntax;
use serde::{Deserialize, Serialize};

mod data;
#[cfg(test)]
mod tests;

/// Longest value, in characters, any field may have. Real addresses need far less; the limit
/// bounds what a regex, a database column and a printed label are given.
pub const MAX_FIELD_CHARS: usize = 200;

/// One row of the generated table (see `data.rs`).
struct Country {
    code: &'static str,
    /// Letters among `A` (street), `C` (city), `S` (region), `Z` (postal code).
    require: &'static str,
    /// Unanchored, as published; empty when the country has no postal-code format.
    zip: &'static str,
    upper_zip: bool,
    /// `key|spelling|…~key|…`; empty unless the region is required and the data lists them.
    regions: &'static str,
}

/// An address as a person typed it, before [`validate`].
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    /// Street and number (or the country's equivalent).
    pub line1: String,
    /// Flat, floor, building.
    #[serde(default)]
    pub line2: Option<String>,
    /// City, town or post town.
    #[serde(default)]
    pub city: Option<String>,
    /// State, province, prefecture or the country's equivalent: a key or any name the data knows.
    #[serde(default)]
    pub region: Option<String>,
    /// Postal code, ZIP, PIN or the country's equivalent.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 code, in either case.
    pub country: String,
}

/// A home address that fits its country's rules, normalised so that two spellings of the same
/// address compare equal: fields trimmed with runs of whitespace made one space, the country in
/// capitals, the postal code in capitals where the country writes it so, the region as its key.
///
/// Serialises with the field names of [`AddressInput`], so a stored address read back as input
/// validates to itself.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    line1: String,
    line2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: String,
}

impl Address {
    /// Street and number.
    pub fn line1(&self) -> &str {
        &self.line1
    }
    /// Flat, floor, building.
    pub fn line2(&self) -> Option<&str> {
        self.line2.as_deref()
    }
    /// City.
    pub fn city(&self) -> Option<&str> {
        self.city.as_deref()
    }
    /// The region's key in the data (`CA` for California, `東京都` for Tokyo) where the country's
    /// regions are listed, otherwise as typed.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// Postal code.
    pub fn postal_code(&self) -> Option<&str> {
        self.postal_code.as_deref()
    }
    /// ISO 3166-1 alpha-2 code, in capitals.
    pub fn country(&self) -> &str {
        &self.country
    }
}

// A home address is personal data: a careless `{:?}` in a log line shows only the country.
impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Address").field("country", &self.country).finish_non_exhaustive()
    }
}

impl fmt::Debug for AddressInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddressInput").field("country", &self.country).finish_non_exhaustive()
    }
}

/// A field of an address, as errors name it (the names are [`AddressInput`]'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressField {
    /// `line1`.
    Line1,
    /// `line2`.
    Line2,
    /// `city`.
    City,
    /// `region`.
    Region,
    /// `postal_code`.
    PostalCode,
    /// `country`.
    Country,
}

impl AddressField {
    /// The field's name in the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            AddressField::Line1 => "line1",
            AddressField::Line2 => "line2",
            AddressField::City => "city",
            AddressField::Region => "region",
            AddressField::PostalCode => "postal_code",
            AddressField::Country => "country",
        }
    }
}

/// Why an address was refused. Each has a stable [`code`](Self::code) for clients to match on
/// and the [`field`](Self::field) to point the person at.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressError {
    /// A country the data does not describe (or not two letters at all).
    UnknownCountry,
    /// A field the country's addresses need, missing or blank.
    MissingField(AddressField),
    /// A postal code not of the country's format.
    InvalidPostalCode,
    /// A region that is none of the country's, where the data lists them.
    InvalidRegion,
    /// A field longer than [`MAX_FIELD_CHARS`].
    FieldTooLong(AddressField),
    /// A control character (or an invisible one that reorders or splits text) inside a field:
    /// it has no place on an envelope and can make a stored address print or log as another.
    ControlCharacter(AddressField),
}

impl AddressError {
    /// The stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            AddressError::UnknownCountry => "unknown_country",
            AddressError::MissingField(_) => "missing_field",
            AddressError::InvalidPostalCode => "invalid_postal_code",
            AddressError::InvalidRegion => "invalid_region",
            AddressError::FieldTooLong(_) => "field_too_long",
            AddressError::ControlCharacter(_) => "control_character",
        }
    }

    /// The field the error concerns.
    pub const fn field(self) -> AddressField {
        match self {
            AddressError::UnknownCountry => AddressField::Country,
            AddressError::InvalidPostalCode => AddressField::PostalCode,
            AddressError::InvalidRegion => AddressField::Region,
            AddressError::MissingField(f) | AddressError::FieldTooLong(f) | AddressError::ControlCharacter(f) => f,
        }
    }

    /// A sentence for a person, without the refused value.
    pub const fn message(self) -> &'static str {
        match self {
            AddressError::UnknownCountry => "The country is not one we know.",
            AddressError::MissingField(_) => "This field is required for addresses in this country.",
            AddressError::InvalidPostalCode => "The postal code is not in this country's format.",
            AddressError::InvalidRegion => "The region is not one of this country's.",
            AddressError::FieldTooLong(_) => "This field is too long.",
            AddressError::ControlCharacter(_) => "This field contains a character that cannot be part of an address.",
        }
    }
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code(), self.field().as_str(), self.message())
    }
}

impl core::error::Error for AddressError {}

/// Checks `input` against its country's rules and returns it normalised.
///
/// Fields are checked for length and stray characters first, then the country, then the fields it
/// requires (street, city, region, postal code, in that order), then the postal code's format,
/// then the region; the first failure is returned. A field the country does not use is kept as
/// typed rather than dropped: the person may need it to receive mail even where the postal format
/// prints it elsewhere (a Japanese ward, say).
pub fn validate(input: &AddressInput) -> Result<Address, AddressError> {
    let line1 = clean(AddressField::Line1, Some(&input.line1))?;
    let line2 = clean(AddressField::Line2, input.line2.as_deref())?;
    let city = clean(AddressField::City, input.city.as_deref())?;
    let region = clean(AddressField::Region, input.region.as_deref())?;
    let postal_code = clean(AddressField::PostalCode, input.postal_code.as_deref())?;
    let country_code = clean(AddressField::Country, Some(&input.country))?
        .ok_or(AddressError::MissingField(AddressField::Country))?
        .to_ascii_uppercase();
    let country = find(&country_code).ok_or(AddressError::UnknownCountry)?;

    for (letter, field, value) in [
        ('A', AddressField::Line1, &line1),
        ('C', AddressField::City, &city),
        ('S', AddressField::Region, &region),
        ('Z', AddressField::PostalCode, &postal_code),
    ] {
        if value.is_none() && country.require.contains(letter) {
            return Err(AddressError::MissingField(field));
        }
    }

    let postal_code = match postal_code {
        Some(code) if !country.zip.is_empty() => {
            // People type postal codes in either case; the patterns that have letters want
            // capitals (none wants lower case), so "1012 ab" is Amsterdam's "1012 AB".
            let upper = code.to_uppercase();
            let code = if country.upper_zip || (!zip_matches(country.zip, &code) && zip_matches(country.zip, &upper)) { upper } else { code };
            if !zip_matches(country.zip, &code) {
                return Err(AddressError::InvalidPostalCode);
            }
            Some(code)
        }
        other => other,
    };

    let region = match region {
        Some(typed) if !country.regions.is_empty() => {
            Some(resolve_region(country.regions, &typed).ok_or(AddressError::InvalidRegion)?.to_owned())
        }
        other => other,
    };

    Ok(Address { line1: line1.unwrap_or_default(), line2, city, region, postal_code, country: country_code })
}

/// Trims, refuses stray characters and overlong values, and makes runs of whitespace one space;
/// blank becomes `None`, so a required field cannot be satisfied by spaces.
fn clean(field: AddressField, value: Option<&str>) -> Result<Option<String>, AddressError> {
    let Some(value) = value.map(str::trim) else { return Ok(None) };
    if value.chars().any(refused) {
        return Err(AddressError::ControlCharacter(field));
    }
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(AddressError::FieldTooLong(field));
    }
    if value.is_empty() {
        return Ok(None);
    }
    Ok(Some(value.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// C0 and C1 controls (tabs and newlines among them: a field is one line), the line and
/// paragraph separators, the bidirectional embeddings, overrides and isolates that make text
/// display in another order than it is stored, and the byte-order mark. Joiners (U+200C, U+200D)
/// stay: Persian and Indic spellings need them.
fn refused(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn find(code: &str) -> Option<&'static Country> {
    data::COUNTRIES.binary_search_by(|c| c.code.cmp(code)).ok().map(|i| &data::COUNTRIES[i])
}

/// Compiles the country's pattern for this one check rather than keeping compiled regexes in a
/// global: `core` has no `std` for a lazy static, and an address is validated rarely enough
/// (sign-up, a change of address) that compiling one small pattern each time costs nothing that
/// matters. Anchored to the whole value, as libaddressinput matches it. ASCII mode: `\d` means
/// 0-9, not every script's digits, and the binary needs none of regex's Unicode tables. Only the
/// whole match's implicit group is built: nothing asks for the others.
fn compile_zip(pattern: &str) -> Result<PikeVM, Box<BuildError>> {
    PikeVM::builder()
        .syntax(syntax::Config::new().unicode(false))
        .thompson(thompson::Config::new().which_captures(WhichCaptures::Implicit))
        .build(&format!("^(?:{pattern})$"))
        .map_err(Box::new)
}

/// A pattern that does not compile refuses every code (fail closed); `tests.rs` compiles every
/// country's pattern so that never ships.
fn zip_matches(pattern: &str, code: &str) -> bool {
    compile_zip(pattern).is_ok_and(|vm| vm.is_match(&mut vm.create_cache(), code))
}

/// The key of the region that `typed` spells, ignoring case.
fn resolve_region(regions: &'static str, typed: &str) -> Option<&'static str> {
    let same = |a: &str, b: &str| a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase));
    regions.split('~').find_map(|entry| {
        let key = entry.split('|').next()?;
        entry.split('|').any(|spelling| same(spelling, typed)).then_some(key)
    })
}
