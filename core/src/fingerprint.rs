//! Device fingerprints: the canonical form the widget hashes and the edge compares.
//!
//! Each component is canonicalised and hashed with SHA-256 in the browser, so no raw value
//! leaves it (the EMV 3DS fields travel separately, because processors need them). The
//! fingerprint's hash is SHA-256 over the ordered component hashes. The edge compares a new
//! fingerprint with a device's history by weighted similarity: a browser update changes a light
//! component or two, a different machine changes the heavy ones.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::crypto::Crypto;
use crate::{b64, kdf, Error, Result};

/// A component, its weight in the similarity score, and what it describes.
pub struct Component {
    /// The name in the fingerprint.
    pub name: &'static str,
    /// How much a match on this component counts.
    pub weight: f64,
}

/// The components, in their canonical order. Hardware and rendering weigh most; things a
/// browser update or a setting changes weigh least.
pub const COMPONENTS: &[Component] = &[
    Component { name: "canvas", weight: 3.0 },
    Component { name: "webgl", weight: 3.0 },
    Component { name: "fonts", weight: 2.0 },
    Component { name: "platform", weight: 2.0 },
    Component { name: "hardware_concurrency", weight: 1.5 },
    Component { name: "device_memory", weight: 1.5 },
    Component { name: "touch_points", weight: 1.0 },
    Component { name: "screen", weight: 1.0 },
    Component { name: "color_depth", weight: 0.5 },
    Component { name: "time_zone", weight: 2.0 },
    Component { name: "languages", weight: 1.0 },
    Component { name: "user_agent", weight: 0.5 },
];

/// The components read before a shopper agrees to fingerprinting where the law asks for
/// consent: the EMV 3DS browser fields the payment needs anyway (user agent, language, screen,
/// colour depth, time zone), so reading them reads nothing the payment did not (docs/CONSENT.md).
pub const STRICTLY_NECESSARY: &[&str] = &["screen", "color_depth", "time_zone", "languages", "user_agent"];

/// Whether `name` may be read before consent.
pub fn strictly_necessary(name: &str) -> bool {
    STRICTLY_NECESSARY.contains(&name)
}

/// Canonical text of a component value: trimmed, control characters removed, at most 1 KiB.
pub fn canonical(value: &str) -> String {
    value.trim().chars().filter(|c| !c.is_control()).take(1024).collect()
}


/// A fingerprint as sent: component hashes by name and the overall hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    /// Component name → base64url SHA-256.
    pub components: BTreeMap<String, String>,
    /// SHA-256 over the component hashes in canonical order.
    pub hash: String,
}

/// What the overall hash is taken over: the component hashes in canonical order, dot-joined.
fn overall_input(components: &BTreeMap<String, String>) -> String {
    let ordered: Vec<&str> = COMPONENTS.iter().filter_map(|c| components.get(c.name).map(String::as_str)).collect();
    ordered.join(".")
}

impl Fingerprint {
    /// Builds a fingerprint from component values (the widget's side), hashing with the
    /// provider's SHA-256: `name=canonical value` per component, then the overall hash.
    pub async fn from_values<C: Crypto>(crypto: &C, values: &BTreeMap<&str, String>) -> Result<Self> {
        let mut components = BTreeMap::new();
        for c in COMPONENTS {
            if let Some(value) = values.get(c.name) {
                let hash = crypto.sha256([c.name, "=", &canonical(value)].concat().as_bytes()).await?;
                components.insert(c.name.to_owned(), b64::encode(&hash));
            }
        }
        let hash = b64::encode(&crypto.sha256(overall_input(&components).as_bytes()).await?);
        Ok(Self { components, hash })
    }

    /// Checks a received fingerprint: known components only, well-formed hashes, and an overall
    /// hash that matches its components.
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        let fp: Self = serde_json::from_value(value).map_err(|_| Error::InvalidFingerprint)?;
        let known = fp.components.keys().all(|k| COMPONENTS.iter().any(|c| c.name == k));
        let well_formed = fp.components.values().all(|h| b64::decode_array::<32>(h).is_ok());
        let overall = b64::encode(&kdf::sha256(overall_input(&fp.components).as_bytes()));
        if !known || !well_formed || fp.components.is_empty() || overall != fp.hash {
            return Err(Error::InvalidFingerprint);
        }
        Ok(fp)
    }

    /// Only the strictly necessary components, with the hash taken again over them: what the
    /// edge keeps of a fingerprint it was sent without consent.
    pub fn limited(&self) -> Self {
        let components: BTreeMap<String, String> = self.components.iter().filter(|(k, _)| strictly_necessary(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        let hash = b64::encode(&kdf::sha256(overall_input(&components).as_bytes()));
        Self { components, hash }
    }

    /// Whether it carries nothing beyond the strictly necessary components.
    pub fn is_limited(&self) -> bool {
        self.components.keys().all(|k| strictly_necessary(k))
    }

    /// Weighted share (0–1) of the components both fingerprints have that are equal; 0 when
    /// they share none.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let (mut same, mut total) = (0.0, 0.0);
        for c in COMPONENTS {
            if let (Some(a), Some(b)) = (self.components.get(c.name), other.components.get(c.name)) {
                total += c.weight;
                if a == b {
                    same += c.weight;
                }
            }
        }
        if total == 0.0 { 0.0 } else { same / total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;

    fn fingerprint(values: &BTreeMap<&str, String>) -> Fingerprint {
        pollster::block_on(Fingerprint::from_values(&RustCrypto, values)).unwrap()
    }

    fn machine() -> BTreeMap<&'static str, String> {
        [
            ("canvas", "data:image/png;base64,AAAA"), ("webgl", "ANGLE (Intel)"), ("fonts", "Arial,DejaVu Sans"),
            ("platform", "Linux x86_64"), ("hardware_concurrency", "8"), ("device_memory", "8"), ("touch_points", "0"),
            ("screen", "1920x1080"), ("color_depth", "24"), ("time_zone", "Europe/Berlin"), ("languages", "de-DE,en"),
            ("user_agent", "Chrome/156"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .collect()
    }

    #[test]
    fn stable_and_checked() {
        let a = fingerprint(&machine());
        assert_eq!(a, fingerprint(&machine()));
        let parsed = Fingerprint::from_value(serde_json::to_value(&a).unwrap()).unwrap();
        assert_eq!(parsed, a);
        let mut forged = serde_json::to_value(&a).unwrap();
        forged["components"]["canvas"] = b64::encode(&[0; 32]).into();
        assert_eq!(Fingerprint::from_value(forged), Err(Error::InvalidFingerprint), "hash no longer matches");
        let mut unknown = serde_json::to_value(&a).unwrap();
        unknown["components"]["gps"] = b64::encode(&[0; 32]).into();
        assert_eq!(Fingerprint::from_value(unknown), Err(Error::InvalidFingerprint));
    }

    #[test]
    fn a_browser_update_changes_little_another_machine_a_lot() {
        let home = fingerprint(&machine());
        let mut updated = machine();
        updated.insert("user_agent", "Chrome/157".into());
        let updated = fingerprint(&updated);
        assert_ne!(updated.hash, home.hash);
        assert!(home.similarity(&updated) > 0.95, "{}", home.similarity(&updated));

        let mut other = machine();
        for (k, v) in [("canvas", "other"), ("webgl", "NVIDIA"), ("fonts", "Helvetica"), ("platform", "MacIntel"), ("hardware_concurrency", "12")] {
            other.insert(k, v.into());
        }
        let other = fingerprint(&other);
        assert!(home.similarity(&other) < 0.5, "{}", home.similarity(&other));
        assert_eq!(home.similarity(&home), 1.0);
    }
}
