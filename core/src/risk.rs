//! Risk rules as data: an ordered list an operator can read and change, each rule a condition
//! on the signals of one confirm and an action. Every rule that matches is a reason; the
//! decision is the most severe action among them (deny over step-up over allow).

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// What to do with a confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Go on to the processor.
    Allow,
    /// Ask the shopper to prove it is them first.
    StepUp,
    /// Refuse.
    Deny,
}

impl Action {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::StepUp => "step_up",
            Action::Deny => "deny",
        }
    }
}

/// What the edge knows of a device for one shopper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    /// Seen, never proved by a step-up.
    Pending,
    /// Passed a step-up for the shopper.
    Trusted,
    /// Revoked: refused whatever it proves.
    Revoked,
}

impl DeviceState {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            DeviceState::Pending => "pending",
            DeviceState::Trusted => "trusted",
            DeviceState::Revoked => "revoked",
        }
    }

    /// The state a stored name stands for.
    pub fn parse(name: &str) -> Option<Self> {
        [DeviceState::Pending, DeviceState::Trusted, DeviceState::Revoked].into_iter().find(|s| s.as_str() == name)
    }
}

/// A condition on the signals. Exactly one member is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The device key has never been seen for this shopper.
    NewDevice,
    /// The device is known but not yet trusted (no successful step-up).
    DeviceNotTrusted,
    /// The device was revoked.
    DeviceRevoked,
    /// The request's country was never seen for this shopper.
    NewCountry,
    /// The fingerprint is less similar than this (0–1) to the device's last one.
    FingerprintSimilarityBelow(f64),
    /// The confirm carried no fingerprint: a device that hides itself is a signal, not a pass.
    FingerprintMissing,
    /// The fingerprint has only the strictly necessary components (no consent) and any of them
    /// differs from the device's last: with so little to compare, any change asks.
    LimitedFingerprintChanged,
    /// The amount in minor units is above this.
    AmountAbove(u64),
    /// More confirms than this from the device in the velocity window.
    DeviceAttemptsAbove(u32),
    /// More confirms than this with the card in the velocity window.
    CardAttemptsAbove(u32),
    /// More confirms than this from the IP address in the velocity window.
    IpAttemptsAbove(u32),
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A stable name, stored as the reason.
    pub id: String,
    /// When it applies.
    pub when: Condition,
    /// What it asks for.
    pub action: Action,
}

/// A field that, when present, must hold a value (serde's `Option` would also take `null`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Option<u64>, D::Error> {
    u64::deserialize(d).map(Some)
}

/// The longest velocity window: thirty days. Counts over a longer window would hold a card's or a
/// device's history far past any attack it could show, and an unbounded one overflows the clock.
pub const MAX_VELOCITY_WINDOW_SECONDS: u64 = 30 * 24 * 3600;

/// The largest `amount_above`: 2^53 − 1, the largest integer a JSON number (and a D1 column,
/// and the dashboard's JavaScript) carries exactly; a larger one would read back as another.
pub const MAX_AMOUNT_ABOVE: u64 = (1 << 53) - 1;

/// The rule set and the velocity window its counts use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Seconds over which attempts are counted.
    pub velocity_window_seconds: u64,
    /// Evaluated in order.
    pub rules: Vec<Rule>,
}

fn rule(id: &str, when: Condition, action: Action) -> Rule {
    Rule { id: id.into(), when, action }
}

impl Default for Rules {
    /// The rules Tessera starts with.
    fn default() -> Self {
        Self {
            velocity_window_seconds: 3600,
            rules: vec![
                rule("device_revoked", Condition::DeviceRevoked, Action::Deny),
                rule("device_velocity", Condition::DeviceAttemptsAbove(20), Action::Deny),
                rule("card_velocity", Condition::CardAttemptsAbove(10), Action::Deny),
                rule("ip_velocity", Condition::IpAttemptsAbove(50), Action::Deny),
                rule("new_device", Condition::NewDevice, Action::StepUp),
                rule("device_not_trusted", Condition::DeviceNotTrusted, Action::StepUp),
                rule("new_country", Condition::NewCountry, Action::StepUp),
                rule("fingerprint_changed", Condition::FingerprintSimilarityBelow(0.75), Action::StepUp),
                rule("fingerprint_missing", Condition::FingerprintMissing, Action::StepUp),
                rule("limited_fingerprint_changed", Condition::LimitedFingerprintChanged, Action::StepUp),
                rule("high_amount", Condition::AmountAbove(100_000), Action::StepUp),
            ],
        }
    }
}

impl Rules {
    /// Parses and checks a rule set (unique ids, similarity within 0–1).
    pub fn from_json(json: &[u8]) -> Result<Self> {
        let rules: Rules = crate::json::from_slice(json).map_err(|_| Error::InvalidRules)?;
        rules.checked()
    }

    /// The operator's replacement for `current`: the whole set, or only `{"rules": [...]}`, which
    /// keeps the current velocity window (the document accepts either body on the one route).
    pub fn replacing(current: &Rules, json: &[u8]) -> Result<Self> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Replacement {
            // Absent keeps the current window; `null` is not a window and is refused.
            #[serde(default, deserialize_with = "present")]
            velocity_window_seconds: Option<u64>,
            rules: Vec<Rule>,
        }
        let next: Replacement = crate::json::from_slice(json).map_err(|_| Error::InvalidRules)?;
        Rules { velocity_window_seconds: next.velocity_window_seconds.unwrap_or(current.velocity_window_seconds), rules: next.rules }.checked()
    }

    /// A merchant's own rules, `{"rules": [...]}`, checked as the operator's are. They are
    /// evaluated after the operator's and counted in the operator's window (see [`Rules::layered`]).
    pub fn merchant_from_json(json: &[u8]) -> Result<Vec<Rule>> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Own {
            rules: Vec<Rule>,
        }
        let own: Own = crate::json::from_slice(json).map_err(|_| Error::InvalidRules)?;
        Ok(Rules { velocity_window_seconds: 1, rules: own.rules }.checked()?.rules)
    }

    /// The operator's rules with a merchant's after them. The most severe action wins, so a
    /// merchant can ask for more checks than the operator's, never fewer.
    pub fn layered(mut self, merchant: &[Rule]) -> Self {
        self.rules.extend(merchant.iter().cloned());
        self
    }

    fn checked(self) -> Result<Self> {
        let rules = self;
        let mut ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        let unique = ids.windows(2).all(|w| w[0] != w[1]);
        let ids_ok = rules.rules.iter().all(|r| !r.id.is_empty() && r.id.len() <= 64 && r.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        let bounds_ok = rules.rules.iter().all(|r| match r.when {
            Condition::FingerprintSimilarityBelow(t) => (0.0..=1.0).contains(&t),
            Condition::AmountAbove(a) => a <= MAX_AMOUNT_ABOVE,
            _ => true,
        });
        if !ids_ok || !bounds_ok || rules.rules.len() > 100 || !(1..=MAX_VELOCITY_WINDOW_SECONDS).contains(&rules.velocity_window_seconds) {
            return Err(Error::InvalidRules);
        }
        // Its own error, and after the others: the document describes every other check, but a
        // JSON schema cannot say that one field is unique across the items of a list.
        if !unique {
            return Err(Error::DuplicateRuleId);
        }
        Ok(rules)
    }
}

/// What is known about one confirm.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    /// First time this device key pays for this shopper.
    pub new_device: bool,
    /// The device's state for this shopper (`None` for a new device).
    pub device_state: Option<DeviceState>,
    /// The request's country was never seen for this shopper.
    pub new_country: bool,
    /// Similarity to the device's last fingerprint, when both exist.
    pub fingerprint_similarity: Option<f64>,
    /// The confirm carried no fingerprint.
    pub fingerprint_missing: bool,
    /// The fingerprint carried only the strictly necessary components.
    pub fingerprint_limited: bool,
    /// Amount in minor units.
    pub amount: u64,
    /// Confirms from this device in the window, this one included.
    pub device_attempts: u32,
    /// Confirms with this card in the window, this one included.
    pub card_attempts: u32,
    /// Confirms from this IP in the window, this one included.
    pub ip_attempts: u32,
}

/// A decision with every rule that led to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The most severe action among the matching rules (allow when none matched).
    pub action: Action,
    /// The ids of the matching rules, in rule order.
    pub reasons: Vec<String>,
}

impl Condition {
    fn holds(&self, s: &Signals) -> bool {
        match *self {
            Condition::NewDevice => s.new_device,
            Condition::DeviceNotTrusted => s.device_state == Some(DeviceState::Pending),
            Condition::DeviceRevoked => s.device_state == Some(DeviceState::Revoked),
            Condition::NewCountry => s.new_country,
            Condition::FingerprintSimilarityBelow(t) => s.fingerprint_similarity.is_some_and(|v| v < t),
            Condition::FingerprintMissing => s.fingerprint_missing,
            Condition::LimitedFingerprintChanged => s.fingerprint_limited && s.fingerprint_similarity.is_some_and(|v| v < 1.0),
            Condition::AmountAbove(a) => s.amount > a,
            Condition::DeviceAttemptsAbove(n) => s.device_attempts > n,
            Condition::CardAttemptsAbove(n) => s.card_attempts > n,
            Condition::IpAttemptsAbove(n) => s.ip_attempts > n,
        }
    }
}

/// Evaluates `rules` against `signals`.
pub fn evaluate(rules: &Rules, signals: &Signals) -> Decision {
    let matched: Vec<&Rule> = rules.rules.iter().filter(|r| r.when.holds(signals)).collect();
    Decision {
        action: matched.iter().map(|r| r.action).max().unwrap_or(Action::Allow),
        reasons: matched.iter().map(|r| r.id.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Signals {
        Signals { device_state: Some(DeviceState::Trusted), fingerprint_similarity: Some(1.0), amount: 1000, device_attempts: 1, card_attempts: 1, ip_attempts: 1, ..Default::default() }
    }

    #[test]
    fn the_operator_may_replace_only_the_rules_and_keep_the_window() {
        let current = Rules { velocity_window_seconds: 900, rules: Vec::new() };
        let only_rules = Rules::replacing(&current, br#"{"rules":[{"id":"a","when":{"amount_above":6320.0},"action":"step_up"}]}"#).unwrap();
        assert!(Rules::replacing(&current, br#"{"rules":[{"id":"a","when":{"amount_above":9007199254740991},"action":"deny"}]}"#).is_ok());
        assert_eq!(Rules::replacing(&current, br#"{"rules":[{"id":"a","when":{"amount_above":9007199254740992},"action":"deny"}]}"#).unwrap_err(), Error::InvalidRules, "above 2^53 - 1 a JSON number is no longer exact");
        assert!(Rules::merchant_from_json(br#"{"rules":[{"id":"a","when":{"amount_above":9007199254740992},"action":"deny"}]}"#).is_err());
        assert_eq!(only_rules.velocity_window_seconds, 900);
        assert_eq!(only_rules.rules[0].when, Condition::AmountAbove(6320));
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":60,"rules":[]}"#).unwrap().velocity_window_seconds, 60);
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":0,"rules":[]}"#), Err(Error::InvalidRules));
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":2592000,"rules":[]}"#).unwrap().velocity_window_seconds, 2_592_000);
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":2592001,"rules":[]}"#), Err(Error::InvalidRules), "at most thirty days");
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":9007199254740992,"rules":[]}"#), Err(Error::InvalidRules));
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":null,"rules":[]}"#), Err(Error::InvalidRules), "null is not a window");
        assert_eq!(Rules::replacing(&current, br#"{"velocity_window_seconds":60}"#), Err(Error::InvalidRules), "the rules are required");
    }

    #[test]
    fn a_merchants_rules_add_to_the_operators_and_never_loosen_them() {
        let own = Rules::merchant_from_json(br#"{"rules":[{"id":"small_is_fine","when":"new_device","action":"allow"},{"id":"big","when":{"amount_above":500},"action":"step_up"}]}"#).unwrap();
        let rules = Rules::default().layered(&own);
        let new = Signals { new_device: true, device_state: None, ..trusted() };
        assert_eq!(evaluate(&rules, &new).action, Action::StepUp, "an allow rule does not undo the operator's step-up");
        let big = Signals { amount: 1000, ..trusted() };
        assert_eq!(evaluate(&rules, &big).reasons, ["big"]);
        assert!(Rules::merchant_from_json(br#"{"rules":[],"velocity_window_seconds":1}"#).is_err());
        assert!(Rules::merchant_from_json(br#"{"rules":[{"id":"Bad Id","when":"new_device","action":"deny"}]}"#).is_err());
    }

    #[test]
    fn a_trusted_device_in_a_known_context_is_allowed() {
        let d = evaluate(&Rules::default(), &trusted());
        assert_eq!(d, Decision { action: Action::Allow, reasons: vec![] });
    }

    #[test]
    fn each_risk_has_its_reason() {
        let rules = Rules::default();
        let new = Signals { new_device: true, device_state: None, ..trusted() };
        assert_eq!(evaluate(&rules, &new).reasons, ["new_device"]);
        assert_eq!(evaluate(&rules, &new).action, Action::StepUp);
        let travelling = Signals { new_country: true, fingerprint_similarity: Some(0.4), ..trusted() };
        assert_eq!(evaluate(&rules, &travelling).reasons, ["new_country", "fingerprint_changed"]);
        let big = Signals { amount: 250_000, ..trusted() };
        assert_eq!(evaluate(&rules, &big).reasons, ["high_amount"]);
        let limited = Signals { fingerprint_limited: true, fingerprint_similarity: Some(0.9), ..trusted() };
        assert_eq!(evaluate(&rules, &limited).reasons, ["limited_fingerprint_changed"], "without consent any change asks");
        let same = Signals { fingerprint_limited: true, ..trusted() };
        assert_eq!(evaluate(&rules, &same).action, Action::Allow, "refusing consent does not block a known device");
        let hidden = Signals { fingerprint_missing: true, fingerprint_similarity: None, ..trusted() };
        assert_eq!(evaluate(&rules, &hidden).reasons, ["fingerprint_missing"], "no fingerprint is not a pass");
        assert_eq!(evaluate(&rules, &hidden).action, Action::StepUp);
        let hammering = Signals { card_attempts: 11, new_device: true, ..trusted() };
        let d = evaluate(&rules, &hammering);
        assert_eq!(d.action, Action::Deny, "deny wins over step-up");
        assert_eq!(d.reasons, ["card_velocity", "new_device"]);
    }

    #[test]
    fn rules_round_trip_and_bad_ones_are_refused() {
        let json = serde_json::to_vec(&Rules::default()).unwrap();
        assert_eq!(Rules::from_json(&json).unwrap(), Rules::default());
        assert!(String::from_utf8(json).unwrap().contains(r#"{"id":"high_amount","when":{"amount_above":100000},"action":"step_up"}"#));
        let twice = r#"{"velocity_window_seconds":60,"rules":[{"id":"a","when":"new_device","action":"step_up"},{"id":"a","when":"new_country","action":"deny"}]}"#;
        assert_eq!(Rules::from_json(twice.as_bytes()), Err(Error::DuplicateRuleId));
        assert_eq!(Rules::merchant_from_json(br#"{"rules":[{"id":"a","when":"new_device","action":"deny"},{"id":"b","when":"new_device","action":"deny"},{"id":"a","when":"new_device","action":"deny"}]}"#), Err(Error::DuplicateRuleId), "anywhere in the list");
        assert_eq!(Rules::from_json(br#"{"velocity_window_seconds":0,"rules":[{"id":"a","when":"new_device","action":"deny"},{"id":"a","when":"new_device","action":"deny"}]}"#), Err(Error::InvalidRules), "a set that is wrong in other ways too is not valid");
        for bad in [
            r#"{"velocity_window_seconds":60,"rules":[{"id":"a","when":{"fingerprint_similarity_below":2},"action":"step_up"}]}"#,
            r#"{"velocity_window_seconds":60,"rules":[{"id":"a","when":"moon_phase","action":"deny"}]}"#,
            r#"{"velocity_window_seconds":60,"rules":[{"id":"A b","when":"new_device","action":"deny"}]}"#,
            r#"{"velocity_window_seconds":0,"rules":[]}"#,
        ] {
            assert_eq!(Rules::from_json(bad.as_bytes()), Err(Error::InvalidRules), "{bad}");
        }
        assert_eq!(Rules::from_json(br#"{"velocity_window_seconds":60,"rules":[]}"#).unwrap().rules.len(), 0);
    }
}
