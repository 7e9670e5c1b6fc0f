//! Real addresses from the countries whose rules differ most, each failure the API names, the
//! normalisation, and the generated table itself (sorted, every pattern compiles).

use super::*;
use std::string::String;

fn input(country: &str, line1: &str, city: Option<&str>, region: Option<&str>, postal_code: Option<&str>) -> AddressInput {
    AddressInput {
        line1: line1.into(),
        line2: None,
        city: city.map(Into::into),
        region: region.map(Into::into),
        postal_code: postal_code.map(Into::into),
        country: country.into(),
    }
}

fn ok(i: AddressInput) -> Address {
    match validate(&i) {
        Ok(a) => a,
        Err(e) => panic!("{i:?} refused: {e}"),
    }
}

#[test]
fn us_with_state_and_zip_plus_four() {
    let a = ok(input("us", "1600 Pennsylvania Ave NW", Some("Washington"), Some("DC"), Some("20500-0003")));
    assert_eq!(a.country(), "US");
    assert_eq!(a.region(), Some("DC"));
    assert_eq!(a.postal_code(), Some("20500-0003"));
    // A state by its name, in any case, resolves to its key.
    let a = ok(input("US", "1 Infinite Loop", Some("Cupertino"), Some("california"), Some("95014")));
    assert_eq!(a.region(), Some("CA"));
}

#[test]
fn gb_postcode() {
    let a = ok(input("GB", "10 Downing Street", Some("London"), None, Some("SW1A 2AA")));
    assert_eq!(a.postal_code(), Some("SW1A 2AA"));
    ok(input("GB", "BFPO 801", Some("HM Forces"), None, Some("BFPO 801")));
}

#[test]
fn de() {
    let a = ok(input("DE", "Platz der Republik 1", Some("Berlin"), None, Some("11011")));
    assert_eq!((a.city(), a.postal_code(), a.region()), (Some("Berlin"), Some("11011"), None));
}

#[test]
fn jp_prefecture_by_latin_name_resolves_to_its_key() {
    // Japan requires street, prefecture and postal code, not a city.
    let a = ok(input("JP", "千代田区千代田1-1", None, Some("Tokyo"), Some("100-8111")));
    assert_eq!(a.region(), Some("東京都"));
    assert_eq!(a.postal_code(), Some("100-8111"));
    assert_eq!(validate(&input("JP", "千代田区千代田1-1", None, None, Some("100-8111"))), Err(AddressError::MissingField(AddressField::Region)));
}

#[test]
fn br() {
    let a = ok(input("BR", "Avenida Paulista, 1578", Some("São Paulo"), Some("São Paulo"), Some("01310-200")));
    assert_eq!(a.region(), Some("SP"));
    assert_eq!(validate(&input("BR", "Avenida Paulista, 1578", Some("São Paulo"), Some("SP"), Some("0131-0200"))), Err(AddressError::InvalidPostalCode));
}

#[test]
fn ca_with_province() {
    let a = ok(input("CA", "24 Sussex Drive", Some("Ottawa"), Some("Ontario"), Some("k1m 1m4")));
    assert_eq!(a.region(), Some("ON"));
    assert_eq!(a.postal_code(), Some("K1M 1M4"));
    // The French names are in the data too.
    assert_eq!(ok(input("CA", "1 rue des Carrières", Some("Québec"), Some("québec"), Some("G1R 4S9"))).region(), Some("QC"));
}

#[test]
fn countries_without_postal_codes() {
    let a = ok(input("HK", "1 Queen's Road Central", Some("Central"), Some("Hong Kong Island"), None));
    assert_eq!((a.region(), a.postal_code()), (Some("Hong Kong Island"), None));
    // Chinese names resolve to the data's English keys.
    assert_eq!(ok(input("HK", "皇后大道中1號", None, Some("香港島"), None)).region(), Some("Hong Kong Island"));
    let a = ok(input("AE", "1 Sheikh Mohammed bin Rashid Blvd", Some("Downtown"), Some("Dubai"), None));
    assert_eq!(a.region(), Some("إمارة دبيّ"));
    // Where a country has no postal-code format there is nothing to check one against: kept.
    assert_eq!(ok(input("AE", "1 Sheikh Mohammed bin Rashid Blvd", None, Some("DU"), Some("00000"))).postal_code(), Some("00000"));
}

#[test]
fn failures() {
    let us = |zip| input("US", "1 Infinite Loop", Some("Cupertino"), Some("CA"), Some(zip));
    assert_eq!(validate(&us("1234")), Err(AddressError::InvalidPostalCode));
    assert_eq!(validate(&us("950140")), Err(AddressError::InvalidPostalCode), "anchored at the end");
    assert_eq!(validate(&us("x95014")), Err(AddressError::InvalidPostalCode), "anchored at the start");
    assert_eq!(validate(&us("95014 1")), Err(AddressError::InvalidPostalCode));
    // Other scripts' digits are not postal codes (ASCII `\d`).
    assert_eq!(validate(&us("٩٥٠١٤")), Err(AddressError::InvalidPostalCode));
    assert_eq!(
        validate(&input("US", "1 Infinite Loop", None, Some("CA"), Some("95014"))),
        Err(AddressError::MissingField(AddressField::City))
    );
    assert_eq!(
        validate(&input("US", "1 Infinite Loop", Some("   "), Some("CA"), Some("95014"))),
        Err(AddressError::MissingField(AddressField::City)),
        "blank is missing"
    );
    assert_eq!(
        validate(&input("US", "1 Infinite Loop", Some("Cupertino"), Some("CA"), None)),
        Err(AddressError::MissingField(AddressField::PostalCode))
    );
    assert_eq!(validate(&input("US", " ", Some("Cupertino"), Some("CA"), Some("95014"))), Err(AddressError::MissingField(AddressField::Line1)));
    assert_eq!(validate(&input("DE", "Platz der Republik 1", Some("Berlin"), None, Some("1O115"))), Err(AddressError::InvalidPostalCode));
    assert_eq!(validate(&input("DE", "Platz der Republik 1", Some("Berlin"), None, None)), Err(AddressError::MissingField(AddressField::PostalCode)));
    assert_eq!(
        validate(&input("US", "1 Infinite Loop", Some("Cupertino"), Some("Atlantis"), Some("95014"))),
        Err(AddressError::InvalidRegion)
    );
    assert_eq!(validate(&input("XX", "1 Main St", Some("Springfield"), None, None)), Err(AddressError::UnknownCountry));
    assert_eq!(validate(&input("ZZ", "1 Main St", Some("Springfield"), None, None)), Err(AddressError::UnknownCountry), "the data's defaults are no country");
    assert_eq!(validate(&input("USA", "1 Main St", Some("Springfield"), None, None)), Err(AddressError::UnknownCountry));
    assert_eq!(validate(&input("", "1 Main St", Some("Springfield"), None, None)), Err(AddressError::MissingField(AddressField::Country)));
}

#[test]
fn control_and_invisible_characters() {
    let with_line1 = |line1| input("DE", line1, Some("Berlin"), None, Some("11011"));
    for bad in ["Platz der\nRepublik 1", "Platz der Republik 1\0", "Platz\tder Republik 1", "Platz der \u{202E}1 kilbupeR", "Platz\u{2028}1", "\u{FEFF}Platz 1", "Platz\u{85}1"] {
        assert_eq!(validate(&with_line1(bad)), Err(AddressError::ControlCharacter(AddressField::Line1)), "{bad:?}");
    }
    let mut i = with_line1("Platz der Republik 1");
    i.postal_code = Some("110\u{7}11".into());
    assert_eq!(validate(&i), Err(AddressError::ControlCharacter(AddressField::PostalCode)));
    // What a paste leaves around a value is trimmed, not refused; joiners are letters' business.
    assert_eq!(ok(with_line1("  Platz der Republik 1\n")).line1(), "Platz der Republik 1");
    ok(input("IR", "خیابان\u{200C}ها ۱", Some("تهران"), None, Some("11369-56511")));
}

#[test]
fn field_too_long() {
    let long: String = "a".repeat(MAX_FIELD_CHARS + 1);
    let mut i = input("DE", "Platz der Republik 1", Some("Berlin"), None, Some("11011"));
    i.line2 = Some(long.clone());
    assert_eq!(validate(&i), Err(AddressError::FieldTooLong(AddressField::Line2)));
    // Characters, not bytes, are counted: 200 kanji fit.
    i.line2 = Some("東".repeat(MAX_FIELD_CHARS));
    ok(i.clone());
    i.country = long;
    assert_eq!(validate(&i), Err(AddressError::FieldTooLong(AddressField::Country)));
}

#[test]
fn normalisation() {
    let a = ok(input("gb", "  10   Downing Street ", Some(" London "), None, Some("  sw1a   2aa ")));
    assert_eq!(a.postal_code(), Some("SW1A 2AA"));
    assert_eq!(a.line1(), "10 Downing Street");
    assert_eq!(a.city(), Some("London"));
    assert_eq!(a.country(), "GB");
    // Countries whose data does not ask for capitals still get them when that is what fits.
    let nl = ok(input("NL", "Dam 1", Some("Amsterdam"), None, Some("1012 ab")));
    assert_eq!(nl.postal_code(), Some("1012 AB"));
    // A region the country does not list is kept as typed; an empty optional field is absent.
    let mut i = input("DE", "Platz der Republik 1", Some("Berlin"), Some(" Berlin "), Some("11011"));
    i.line2 = Some("  ".into());
    let a = ok(i);
    assert_eq!((a.region(), a.line2()), (Some("Berlin"), None));
}

#[test]
fn a_stored_address_read_back_as_input_validates_to_itself() {
    for a in [
        ok(input("gb", "10 Downing Street", Some("London"), None, Some("sw1a 2aa"))),
        ok(input("JP", "千代田区千代田1-1", None, Some("tokyo"), Some("1008111"))),
        ok(input("US", "1 Infinite Loop", Some("Cupertino"), Some("California"), Some("95014"))),
    ] {
        let json = serde_json::to_string(&a).unwrap();
        let back: AddressInput = serde_json::from_str(&json).unwrap();
        assert_eq!(validate(&back), Ok(a));
    }
}

#[test]
fn input_refuses_unknown_fields_and_debug_shows_only_the_country() {
    let json = r#"{"line1":"1 Infinite Loop","city":"Cupertino","region":"CA","postal_code":"95014","country":"US","name":"x"}"#;
    assert!(serde_json::from_str::<AddressInput>(json).is_err());
    let i: AddressInput = serde_json::from_str(r#"{"line1":"1 Infinite Loop","city":"Cupertino","region":"CA","postal_code":"95014","country":"US"}"#).unwrap();
    let a = ok(i.clone());
    for shown in [std::format!("{i:?}"), std::format!("{a:?}")] {
        assert!(!shown.contains("Infinite") && !shown.contains("95014") && shown.contains("US"), "{shown}");
    }
}

#[test]
fn error_codes_and_fields_are_stable() {
    let cases = [
        (AddressError::UnknownCountry, "unknown_country", AddressField::Country),
        (AddressError::MissingField(AddressField::City), "missing_field", AddressField::City),
        (AddressError::InvalidPostalCode, "invalid_postal_code", AddressField::PostalCode),
        (AddressError::InvalidRegion, "invalid_region", AddressField::Region),
        (AddressError::FieldTooLong(AddressField::Line2), "field_too_long", AddressField::Line2),
        (AddressError::ControlCharacter(AddressField::Line1), "control_character", AddressField::Line1),
    ];
    for (e, code, field) in cases {
        assert_eq!((e.code(), e.field()), (code, field));
        assert!(!e.message().is_empty());
    }
    assert_eq!(serde_json::to_string(&AddressField::PostalCode).unwrap(), r#""postal_code""#);
}

#[test]
fn every_country_in_the_table_compiles_its_pattern() {
    assert!(data::COUNTRIES.len() > 240, "{}", data::COUNTRIES.len());
    assert!(data::COUNTRIES.windows(2).all(|w| w[0].code < w[1].code), "sorted and unique, for binary search");
    for c in data::COUNTRIES {
        assert!(c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_uppercase()), "{}", c.code);
        assert!(c.require.chars().all(|l| "ACSZ".contains(l)), "{}", c.code);
        if !c.zip.is_empty() {
            assert!(compile_zip(c.zip).is_ok(), "{}: {:?}", c.code, compile_zip(c.zip).err());
        }
        for entry in c.regions.split('~').filter(|e| !e.is_empty()) {
            assert!(entry.split('|').all(|s| !s.is_empty()), "{}: {entry}", c.code);
        }
    }
}
