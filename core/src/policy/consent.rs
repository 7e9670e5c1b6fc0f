//! A shopper's choice about fingerprinting, as the frame sends it and the edge stores it.

use serde::{Deserialize, Serialize};

use super::document::Fingerprinting;

/// What the shopper chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Agreed to the full fingerprint.
    Granted,
    /// Said no: only the strictly necessary components.
    Refused,
    /// Agreed once, then took it back (from the account or the frame).
    Withdrawn,
}

impl Choice {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Choice::Granted => "granted",
            Choice::Refused => "refused",
            Choice::Withdrawn => "withdrawn",
        }
    }

    /// The choice a stored name stands for.
    pub fn parse(name: &str) -> Option<Self> {
        [Choice::Granted, Choice::Refused, Choice::Withdrawn].into_iter().find(|c| c.as_str() == name)
    }
}

/// Whether a fingerprint may carry more than the strictly necessary components, under the
/// region's rule and the device's latest choice (made under `choice_version`, when there is one).
pub fn full_fingerprint_allowed(rule: Fingerprinting, choice: Option<Choice>) -> bool {
    match rule {
        Fingerprinting::Full => true,
        Fingerprinting::StrictlyNecessary => false,
        Fingerprinting::Consent => choice == Some(Choice::Granted),
    }
}

/// Whether the frame should ask: a consent region and no choice made under this version.
pub fn must_ask(rule: Fingerprinting, choice_under_current_version: Option<Choice>) -> bool {
    rule == Fingerprinting::Consent && !matches!(choice_under_current_version, Some(Choice::Granted | Choice::Refused))
}
