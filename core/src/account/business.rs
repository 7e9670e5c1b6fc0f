//! What a business tells Tessera about itself at sign-up: checked for shape here, verified by a
//! verifier later. Every field is bounded and printable, so what reaches a verifier, a page or a
//! CSV is never a control character or a megabyte.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;
use crate::shopper::Email;

/// ISO 3166-1 alpha-2: every officially assigned code.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is an assigned ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// Trimmed text of 1 to `max` characters without control characters; `max` counts what was
/// sent, spaces around included, as the API's document says.
fn printable(text: &str, max: usize) -> Option<String> {
    let sent = text.chars().count();
    let text = text.trim();
    let ok = !text.is_empty() && sent <= max && !text.chars().any(char::is_control);
    ok.then(|| text.to_owned())
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub line1: String,
    /// Building, floor, suite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// Town or city.
    pub city: String,
    /// Postal or ZIP code.
    pub postal_code: String,
    /// State, province or region, where the country has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Address {
    fn checked(self) -> Result<Self, ErrorCode> {
        let bad = || ErrorCode::InvalidAddress;
        let optional = |v: Option<String>, max| match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => printable(text, max).map(Some).ok_or_else(bad),
        };
        let postal_ok = |p: &str| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
        Ok(Self {
            line1: printable(&self.line1, 200).ok_or_else(bad)?,
            line2: optional(self.line2, 200)?,
            city: printable(&self.city, 100).ok_or_else(bad)?,
            postal_code: printable(&self.postal_code, 20).filter(|p| postal_ok(p)).ok_or_else(bad)?,
            state: optional(self.state, 100)?,
        })
    }
}

/// A business's details, each field checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessDetails {
    /// The registered name.
    pub legal_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The registered address.
    pub address: Address,
    /// The business's website (https).
    pub website: String,
    /// Where its customers write.
    pub support_email: String,
}

/// Details as sent: on creation every field is needed, on a change only those that change.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessInput {
    /// The registered name.
    pub legal_name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// The registered address.
    pub address: Option<Address>,
    /// An https URL.
    pub website: Option<String>,
    /// Where customers write.
    pub support_email: Option<String>,
}

impl BusinessInput {
    /// Whether the input changes any detail a verification vouched for.
    pub fn is_empty(&self) -> bool {
        self.legal_name.is_none() && self.country.is_none() && self.address.is_none() && self.website.is_none() && self.support_email.is_none()
    }

    /// The details after this input, over `current` (none on creation); the first bad field refuses.
    pub fn apply(self, current: Option<&BusinessDetails>) -> Result<BusinessDetails, ErrorCode> {
        let missing = |code| move || code;
        let legal_name = self.legal_name.or_else(|| current.map(|c| c.legal_name.clone())).ok_or_else(missing(ErrorCode::InvalidLegalName))?;
        let country = self.country.or_else(|| current.map(|c| c.country.clone())).ok_or_else(missing(ErrorCode::InvalidCountry))?;
        let address = self.address.or_else(|| current.map(|c| c.address.clone())).ok_or_else(missing(ErrorCode::InvalidAddress))?;
        let website = self.website.or_else(|| current.map(|c| c.website.clone())).ok_or_else(missing(ErrorCode::InvalidWebsite))?;
        let support_email = self.support_email.or_else(|| current.map(|c| c.support_email.clone())).ok_or_else(missing(ErrorCode::InvalidEmail))?;
        let country = country.trim().to_ascii_uppercase();
        Ok(BusinessDetails {
            legal_name: printable(&legal_name, 200).ok_or(ErrorCode::InvalidLegalName)?,
            country: is_country(&country).then_some(country).ok_or(ErrorCode::InvalidCountry)?,
            address: address.checked()?,
            website: website_checked(&website).ok_or(ErrorCode::InvalidWebsite)?,
            support_email: support_email.parse::<Email>().map_err(|_| ErrorCode::InvalidEmail)?.as_str().to_owned(),
        })
    }
}

/// `https://host[/path]`, at most 200 characters, no spaces, no credentials.
fn website_checked(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host_ok = !host.is_empty()
        && !host.contains('@')
        && host.contains('.')
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b));
    let ok = url.len() <= 200 && host_ok && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| url.to_owned())
}

/// A company registration number: 1 to 32 letters, digits, spaces, `-`, `/` or `.`.
pub fn company_number(text: &str) -> Result<String, ErrorCode> {
    // At most 32 as sent, spaces around included, as the API's document says.
    let sent = text.len();
    let text = text.trim();
    let ok = !text.is_empty() && sent <= 32 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b" -/.".contains(&b));
    ok.then(|| text.to_owned()).ok_or(ErrorCode::InvalidCompanyNumber)
}

/// An IANA time zone name by its shape (`Europe/Berlin`, `UTC`); the edge asks the runtime
/// whether it exists.
pub fn timezone_shape(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('/')
        && !name.ends_with('/')
        && !name.contains("..")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
}

/// Whether `locale` is one of the languages the dashboard, the frame and the emails are written
/// in (exactly its tag: `de`, `zh-Hans`).
pub fn is_locale(locale: &str) -> bool {
    crate::i18n::LANGUAGES.iter().any(|l| l.tag == locale)
}

/// A display name shown to shoppers: 1 to 100 printable characters.
pub fn display_name(text: &str) -> Result<String, ErrorCode> {
    printable(text, 100).ok_or(ErrorCode::InvalidName)
}

/// A colour as `#rrggbb`.
pub fn colour(text: &str) -> Result<String, ErrorCode> {
    let ok = text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| text.to_ascii_lowercase()).ok_or(ErrorCode::InvalidColor)
}

/// Largest logo, as a data URL.
pub const MAX_LOGO_CHARS: usize = 100 * 1024;

/// A logo as a `data:image/png;base64,…` or `data:image/jpeg;base64,…` URL whose bytes start
/// as the type says. SVG is refused: it can carry script.
pub fn logo(text: &str) -> Result<String, ErrorCode> {
    let bad = ErrorCode::InvalidLogo;
    if text.len() > MAX_LOGO_CHARS {
        return Err(bad);
    }
    let (kind, data) = text.strip_prefix("data:image/png;base64,").map(|d| ("png", d)).or_else(|| text.strip_prefix("data:image/jpeg;base64,").map(|d| ("jpeg", d))).ok_or(bad)?;
    let bytes = crate::b64::decode_standard(data).map_err(|_| bad)?;
    let magic_ok = match kind {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        _ => bytes.starts_with(&[0xff, 0xd8, 0xff]),
    };
    magic_ok.then(|| text.to_owned()).ok_or(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> BusinessInput {
        BusinessInput {
            legal_name: Some("  Ada's Books GmbH ".into()),
            country: Some("de".into()),
            address: Some(Address { line1: "Hauptstr. 1".into(), line2: Some(" ".into()), city: "Berlin".into(), postal_code: "10115".into(), state: None }),
            website: Some("https://ada-books.example".into()),
            support_email: Some("help@Ada-Books.example".into()),
        }
    }

    #[test]
    fn every_assigned_country_and_no_other() {
        assert_eq!(COUNTRIES.split(' ').count(), 249);
        assert!(is_country("DE") && is_country("JP") && !is_country("XX") && !is_country("de") && !is_country("EU"));
    }

    #[test]
    fn details_are_trimmed_and_checked() {
        let d = input().apply(None).unwrap();
        assert_eq!(d.legal_name, "Ada's Books GmbH");
        assert_eq!(d.country, "DE");
        assert_eq!(d.address.line2, None);
        assert_eq!(d.support_email, "help@ada-books.example");
        let changed = BusinessInput { website: Some("https://books.example/about".into()), ..Default::default() }.apply(Some(&d)).unwrap();
        assert_eq!(changed.legal_name, d.legal_name);
        assert_eq!(changed.website, "https://books.example/about");
    }

    #[test]
    fn each_bad_field_has_its_code() {
        let cases: [(BusinessInput, ErrorCode); 7] = [
            (BusinessInput { legal_name: Some("\u{7}".into()), ..input() }, ErrorCode::InvalidLegalName),
            (BusinessInput { country: Some("Germany".into()), ..input() }, ErrorCode::InvalidCountry),
            (BusinessInput { website: Some("http://ada.example".into()), ..input() }, ErrorCode::InvalidWebsite),
            (BusinessInput { website: Some("https://user@ada.example".into()), ..input() }, ErrorCode::InvalidWebsite),
            (BusinessInput { support_email: Some("nobody".into()), ..input() }, ErrorCode::InvalidEmail),
            (BusinessInput { address: Some(Address { postal_code: "<script>".into(), ..input().address.unwrap() }), ..input() }, ErrorCode::InvalidAddress),
            (BusinessInput { legal_name: None, ..input() }, ErrorCode::InvalidLegalName),
        ];
        for (bad, code) in cases {
            assert_eq!(bad.apply(None), Err(code));
        }
    }

    #[test]
    fn branding_and_the_rest() {
        assert_eq!(colour("#0B7285"), Ok("#0b7285".into()));
        assert!(colour("red").is_err() && colour("#12345").is_err());
        let png = format!("data:image/png;base64,{}", crate::b64::encode_standard(b"\x89PNG\r\n\x1a\nrest"));
        assert!(logo(&png).is_ok());
        let svg = "data:image/svg+xml;base64,PHN2Zz4=";
        assert_eq!(logo(svg), Err(ErrorCode::InvalidLogo));
        let lying = format!("data:image/png;base64,{}", crate::b64::encode_standard(b"<svg onload=alert(1)>"));
        assert_eq!(logo(&lying), Err(ErrorCode::InvalidLogo));
        assert!(timezone_shape("Europe/Berlin") && timezone_shape("UTC") && !timezone_shape("../etc/passwd") && !timezone_shape(""));
        assert_eq!(company_number(" HRB 12345 "), Ok("HRB 12345".into()));
        assert!(company_number("1; DROP TABLE").is_err());
        assert!(company_number(&format!(" {} ", "1".repeat(31))).is_err(), "32 characters at most as sent");
    }
}
