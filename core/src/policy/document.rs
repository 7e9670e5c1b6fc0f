//! The policy document. It is checked whole when it is read (every region complete, no country
//! claimed twice, thresholds and windows in range, rates for every threshold currency), so a
//! typo stops the edge from starting rather than silently applying the default somewhere.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::money::{Amount, Currency};
use crate::{Error, Result};

/// The document Tessera ships with.
pub const BUILTIN: &str = include_str!("../../policy/policy.json");

/// How much of the device the frame may read before the shopper chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fingerprinting {
    /// Only the strictly necessary set until the shopper agrees in the frame.
    Consent,
    /// Only the strictly necessary set, and no prompt (data-minimisation laws).
    StrictlyNecessary,
    /// Every component, no prompt.
    Full,
}

impl Fingerprinting {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Fingerprinting::Consent => "consent",
            Fingerprinting::StrictlyNecessary => "strictly_necessary",
            Fingerprinting::Full => "full",
        }
    }
}

/// The low-value exemption's limits (RTS Art. 16), in minor units of `currency`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowValue {
    /// The currency the limits are in.
    pub currency: String,
    /// The most one payment may be.
    pub max: u64,
    /// The most the payments since the last SCA may add up to, this one included.
    pub cumulative: u64,
    /// The most payments since the last SCA, this one included.
    pub count: u32,
}

/// One band of the RTS Annex: up to `up_to`, the PSP's fraud rate must not exceed the reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Exemption threshold value, in minor units of the analysis' currency.
    pub up_to: u64,
    /// Reference fraud rate for the band, in percent.
    pub max_fraud_rate_percent: f64,
}

/// Transaction risk analysis (RTS Art. 18).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAnalysis {
    /// The currency of the bands.
    pub currency: String,
    /// The PSP's monitored fraud rate for remote card payments, in percent (configuration):
    /// without one (`null`) the exemption is never used, because it rests on that rate.
    pub fraud_rate_percent: Option<f64>,
    /// The Annex's bands, ascending.
    pub bands: Vec<Band>,
}

/// PSD2's rule: SCA unless an exemption applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Psd2 {
    /// Art. 16.
    pub low_value: LowValue,
    /// Art. 18.
    pub transaction_risk_analysis: RiskAnalysis,
    /// Art. 13 applies.
    pub trusted_beneficiary: bool,
    /// Art. 14 applies.
    pub recurring: bool,
}

/// When a payment needs strong customer authentication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Sca {
    /// Every shopper-initiated payment unless an exemption applies.
    Psd2(Psd2),
    /// Every card-not-present payment, no exemption.
    Always,
    /// The risk rules decide.
    RiskRules,
}

impl Sca {
    /// The name in rule ids.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Sca::Psd2(_) => "psd2",
            Sca::Always => "always",
            Sca::RiskRules => "risk_rules",
        }
    }
}

/// Which days count as business days, and where a day ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// Monday to Friday except Germany's national holidays; days end in Europe/Berlin.
    De,
    /// Monday to Friday; days end at midnight UTC.
    Weekends,
}

/// How long a merchant has to answer an unauthorised-payment claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// The deadline is the end of this many business days after the day of the claim.
    pub business_days: u8,
    /// The calendar they are counted in.
    pub calendar: Calendar,
}

/// A kind of data with its own retention window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Devices a shopper paid from, by their last use.
    Devices,
    /// The fingerprints kept with a device.
    Fingerprints,
    /// Risk decisions.
    RiskDecisions,
    /// Step-up records (codes' hashes, their counts).
    StepUps,
    /// Fingerprinting consents, by when they were given.
    Consents,
    /// Webhook events and deliveries, and messages sent.
    Outbox,
    /// Payments, sessions, refunds and disputes: the merchant's business records.
    Payments,
    /// Vaulted cards.
    VaultCards,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 8] = [
        Category::Devices,
        Category::Fingerprints,
        Category::RiskDecisions,
        Category::StepUps,
        Category::Consents,
        Category::Outbox,
        Category::Payments,
        Category::VaultCards,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Devices => "devices",
            Category::Fingerprints => "fingerprints",
            Category::RiskDecisions => "risk_decisions",
            Category::StepUps => "step_ups",
            Category::Consents => "consents",
            Category::Outbox => "outbox",
            Category::Payments => "payments",
            Category::VaultCards => "vault_cards",
        }
    }
}

/// Retention windows in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// See [`Category::Devices`].
    pub devices: u32,
    /// See [`Category::Fingerprints`].
    pub fingerprints: u32,
    /// See [`Category::RiskDecisions`].
    pub risk_decisions: u32,
    /// See [`Category::StepUps`].
    pub step_ups: u32,
    /// See [`Category::Consents`].
    pub consents: u32,
    /// See [`Category::Outbox`].
    pub outbox: u32,
    /// See [`Category::Payments`].
    pub payments: u32,
    /// See [`Category::VaultCards`].
    pub vault_cards: u32,
}

impl Retention {
    /// The window of `category`, in days.
    pub const fn days(&self, category: Category) -> u32 {
        match category {
            Category::Devices => self.devices,
            Category::Fingerprints => self.fingerprints,
            Category::RiskDecisions => self.risk_decisions,
            Category::StepUps => self.step_ups,
            Category::Consents => self.consents,
            Category::Outbox => self.outbox,
            Category::Payments => self.payments,
            Category::VaultCards => self.vault_cards,
        }
    }

    /// The window of `category`, in seconds.
    pub const fn seconds(&self, category: Category) -> u64 {
        self.days(category) as u64 * 86_400
    }
}

/// A notice the frame shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// Personal data is processed outside Japan (APPI Art. 28).
    ProcessingOutsideJapan,
}

impl Notice {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Notice::ProcessingOutsideJapan => "processing_outside_japan",
        }
    }
}

/// What applies in one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Fingerprinting before and after consent.
    pub fingerprinting: Fingerprinting,
    /// Strong customer authentication.
    pub sca: Sca,
    /// Unauthorised-payment claims.
    pub claims: Claims,
    /// How long each category is kept.
    pub retention: Retention,
    /// Notices the frame shows.
    pub notices: Vec<Notice>,
}

/// A region: countries (ISO 3166-1) or subdivisions (ISO 3166-2) and their rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// A stable id, part of every rule id.
    pub id: String,
    /// For people.
    pub name: String,
    /// Countries.
    pub countries: Vec<String>,
    /// Subdivisions such as `US-MD`; they win over their country.
    #[serde(default)]
    pub subdivisions: Vec<String>,
    /// The legal texts the rules follow.
    pub sources: Vec<String>,
    /// The rules.
    pub rules: Rules,
}

/// The rate table amounts are converted with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rates {
    /// The date of the rates.
    pub as_of: String,
    /// Where they come from.
    pub source: String,
    /// Units of each currency per 1 EUR.
    pub per_eur: BTreeMap<String, f64>,
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Recorded with every decision and consent.
    pub version: String,
    /// Conversion for thresholds in another currency.
    pub rates: Rates,
    /// Most specific first is not required: subdivisions always win over countries.
    pub regions: Vec<Region>,
    /// Where no region matches.
    pub default: Rules,
}

/// The rules that apply to one request, and where they come from.
#[derive(Debug, Clone, Copy)]
pub struct Applied<'a> {
    /// The document's version.
    pub version: &'a str,
    /// The region's id, `default` when none matched.
    pub region: &'a str,
    /// The rules.
    pub rules: &'a Rules,
}

impl Applied<'_> {
    /// A rule's id: the region, the aspect and what it said, e.g. `eea.sca.low_value`.
    pub fn rule(&self, aspect: &str, outcome: &str) -> String {
        [self.region, ".", aspect, ".", outcome].concat()
    }
}

fn valid_country(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

fn valid_subdivision(s: &str) -> bool {
    s.split_once('-').is_some_and(|(c, r)| valid_country(c) && (1..=3).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id != "default" && id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

fn percent(p: f64) -> bool {
    p.is_finite() && (0.0..=100.0).contains(&p)
}

impl Policy {
    /// The document Tessera ships with.
    pub fn builtin() -> Result<Self> {
        Self::from_json(BUILTIN.as_bytes())
    }

    /// Parses and checks a document.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        let policy: Policy = serde_json::from_slice(json).map_err(|_| Error::InvalidPolicy)?;
        policy.check()?;
        Ok(policy)
    }

    fn check(&self) -> Result<()> {
        let bad = Err(Error::InvalidPolicy);
        if self.version.is_empty() || self.version.len() > 32 || self.rates.as_of.is_empty() {
            return bad;
        }
        let rates_ok = self.rates.per_eur.iter().all(|(c, r)| c.parse::<Currency>().is_ok() && r.is_finite() && *r > 0.0);
        if !rates_ok || self.rates.per_eur.get("EUR") != Some(&1.0) {
            return bad;
        }
        let mut ids: Vec<&str> = Vec::new();
        let mut places: Vec<&str> = Vec::new();
        for region in &self.regions {
            let codes_ok = region.countries.iter().all(|c| valid_country(c)) && region.subdivisions.iter().all(|s| valid_subdivision(s));
            if !valid_id(&region.id) || ids.contains(&region.id.as_str()) || !codes_ok || region.countries.is_empty() && region.subdivisions.is_empty() {
                return bad;
            }
            ids.push(&region.id);
            for place in region.countries.iter().chain(&region.subdivisions) {
                if places.contains(&place.as_str()) {
                    return bad;
                }
                places.push(place);
            }
            self.check_rules(&region.rules)?;
        }
        self.check_rules(&self.default)
    }

    fn check_rules(&self, rules: &Rules) -> Result<()> {
        let windows_ok = Category::ALL.iter().all(|&c| (1..=36_500).contains(&rules.retention.days(c)));
        let claims_ok = (1..=30).contains(&rules.claims.business_days);
        let sca_ok = match &rules.sca {
            Sca::Psd2(p) => {
                let lv = &p.low_value;
                let tra = &p.transaction_risk_analysis;
                let known = |c: &str| self.rates.per_eur.contains_key(c);
                let ascending = tra.bands.windows(2).all(|w| w[0].up_to < w[1].up_to);
                lv.max > 0 && lv.max <= lv.cumulative && lv.count > 0 && known(&lv.currency) && known(&tra.currency)
                    && tra.fraud_rate_percent.is_none_or(percent) && ascending && tra.bands.iter().all(|b| percent(b.max_fraud_rate_percent))
            }
            Sca::Always | Sca::RiskRules => true,
        };
        let mut notices = rules.notices.clone();
        notices.dedup();
        if !windows_ok || !claims_ok || !sca_ok || notices.len() != rules.notices.len() {
            return Err(Error::InvalidPolicy);
        }
        Ok(())
    }

    /// The rules for a request from `place`: a subdivision such as `US-MD`, or a country.
    /// A subdivision's own region wins, then its country's, then the default.
    pub fn resolve(&self, place: &str) -> Applied<'_> {
        let country = place.split('-').next().unwrap_or_default();
        let by_subdivision = self.regions.iter().find(|r| r.subdivisions.iter().any(|s| s == place));
        let by_country = || self.regions.iter().find(|r| r.countries.iter().any(|c| c == country));
        match by_subdivision.or_else(by_country) {
            Some(region) => Applied { version: &self.version, region: &region.id, rules: &region.rules },
            None => Applied { version: &self.version, region: "default", rules: &self.default },
        }
    }

    /// Every region id with its rules, the default last.
    pub fn all_rules(&self) -> impl Iterator<Item = (&str, &Rules)> {
        self.regions.iter().map(|r| (r.id.as_str(), &r.rules)).chain(core::iter::once(("default", &self.default)))
    }

    /// `amount` in minor units of `currency`, at the document's rates, rounded up so that a
    /// limit is never passed by rounding; `None` without a rate for either currency.
    pub fn convert(&self, amount: Amount, currency: &str) -> Option<u64> {
        let to: Currency = currency.parse().ok()?;
        let from = amount.currency();
        let micro = |c: Currency| self.rates.per_eur.get(c.code()).map(|r| (r * 1_000_000.0 + 0.5) as u128);
        let (rate_from, rate_to) = (micro(from)?, micro(to)?);
        let pow = |e: u8| 10u128.pow(u32::from(e));
        let numerator = u128::from(amount.minor()) * rate_to * pow(to.exponent());
        let denominator = rate_from * pow(from.exponent());
        if denominator == 0 {
            return None;
        }
        u64::try_from(numerator.div_ceil(denominator)).ok()
    }
}
