//! The EMV 3-D Secure 2.2 browser fields (EMV 3DS Core Spec, Annex A): what the processor's
//! risk engine needs to know about the shopper's browser. Checked here so a processor never
//! receives values outside the ranges the specification allows.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Colour depths EMV 3DS allows; a browser reporting another value is rounded down to one.
pub const COLOR_DEPTHS: [u8; 8] = [1, 4, 8, 15, 16, 24, 32, 48];

/// The browser fields, named as in EMV 3DS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrowserInfo {
    /// The HTTP Accept header the browser sent.
    pub browser_accept_header: String,
    /// `navigator.javaEnabled()`.
    pub browser_java_enabled: bool,
    /// Always true when the widget runs.
    pub browser_javascript_enabled: bool,
    /// `navigator.language`, an IETF BCP 47 tag.
    pub browser_language: String,
    /// `screen.colorDepth`, one of [`COLOR_DEPTHS`].
    pub browser_color_depth: u8,
    /// `screen.height` in pixels.
    pub browser_screen_height: u32,
    /// `screen.width` in pixels.
    pub browser_screen_width: u32,
    /// Minutes from UTC to local time, as `Date.getTimezoneOffset()` gives it.
    pub browser_tz: i32,
    /// The User-Agent header.
    pub browser_user_agent: String,
}

impl BrowserInfo {
    /// Parses and checks the fields against EMV 3DS ranges.
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        let info: Self = serde_json::from_value(value).map_err(|_| Error::InvalidBrowserInfo)?;
        info.check()?;
        Ok(info)
    }

    fn check(&self) -> Result<()> {
        let printable = |s: &str, max: usize| !s.is_empty() && s.len() <= max && !s.chars().any(char::is_control);
        let language_ok = (1..=35).contains(&self.browser_language.len())
            && self.browser_language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let ok = printable(&self.browser_accept_header, 2048)
            && printable(&self.browser_user_agent, 2048)
            && language_ok
            && COLOR_DEPTHS.contains(&self.browser_color_depth)
            && (1..=999_999).contains(&self.browser_screen_height)
            && (1..=999_999).contains(&self.browser_screen_width)
            && (-840..=720).contains(&self.browser_tz);
        if ok { Ok(()) } else { Err(Error::InvalidBrowserInfo) }
    }
}

/// The allowed colour depth at or below what a browser reports (EMV says to round down).
pub fn color_depth(reported: u32) -> u8 {
    COLOR_DEPTHS.iter().rev().copied().find(|&d| u32::from(d) <= reported).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn good() -> serde_json::Value {
        json!({
            "browserAcceptHeader": "text/html", "browserJavaEnabled": false, "browserJavascriptEnabled": true,
            "browserLanguage": "en-GB", "browserColorDepth": 24, "browserScreenHeight": 1080,
            "browserScreenWidth": 1920, "browserTz": -60, "browserUserAgent": "Mozilla/5.0"
        })
    }

    #[test]
    fn accepts_real_values_and_refuses_out_of_range() {
        assert!(BrowserInfo::from_value(good()).is_ok());
        for (field, value) in [
            ("browserColorDepth", json!(30)),
            ("browserTz", json!(900)),
            ("browserLanguage", json!("en_GB")),
            ("browserScreenWidth", json!(0)),
            ("browserUserAgent", json!("")),
        ] {
            let mut v = good();
            v[field] = value;
            assert_eq!(BrowserInfo::from_value(v), Err(Error::InvalidBrowserInfo), "{field}");
        }
        let mut missing = good();
        missing.as_object_mut().unwrap().remove("browserTz");
        assert_eq!(BrowserInfo::from_value(missing), Err(Error::InvalidBrowserInfo));
    }

    #[test]
    fn colour_depth_rounds_down() {
        assert_eq!(color_depth(30), 24);
        assert_eq!(color_depth(24), 24);
        assert_eq!(color_depth(64), 48);
        assert_eq!(color_depth(0), 1);
    }
}
