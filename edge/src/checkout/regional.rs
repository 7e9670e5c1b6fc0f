//! The checkout under the regional policy: which rules apply to a request, what of a
//! fingerprint may be kept without consent, and whether the payment needs strong customer
//! authentication or which exemption lets it through. The rules are `tessera_core::policy`'s;
//! this module only gathers the facts and takes the low-value counters.

use serde_json::{json, Value};
use tessera_core::crypto::RustCrypto;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::ids::{Id, Kind};
use tessera_core::policy::consent::{self, Choice};
use tessera_core::policy::document::Sca;
use tessera_core::policy::sca::{self, Exemption, Facts, Outcome};
use tessera_core::policy::Applied;
use tessera_core::risk::Action;

use super::model::{Origin, Session};
use super::ports::{Consent, Ports, Regional};
use crate::error::ApiResult;

/// The rules for a request from `origin`.
pub fn applied<'p>(p: &'p impl Ports, origin: &Origin) -> Applied<'p> {
    p.settings().policy.resolve(&origin.place())
}

/// What the frame is told about privacy before it reads the device: the region's rule, the
/// device's choice under this policy version, whether to ask, and the notices to show.
pub async fn privacy(p: &impl Ports, session: &Session, origin: &Origin, device: Option<&str>) -> ApiResult<Value> {
    let a = applied(p, origin);
    let current = match device {
        Some(d) => p.regional().consent(d, &session.merchant_id).await?.filter(|c| c.policy_version == a.version),
        None => None,
    };
    let choice = current.as_ref().map(|c| c.choice);
    let rule = a.rules.fingerprinting;
    Ok(json!({
        "fingerprinting": rule.as_str(),
        "choice": choice.map(Choice::as_str),
        "ask": consent::must_ask(rule, choice),
        "full": consent::full_fingerprint_allowed(rule, choice),
        "notices": a.rules.notices.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        "policy": { "version": a.version, "region": a.region, "rule": a.rule("fingerprinting", rule.as_str()) },
    }))
}

/// Stores a shopper's choice made in the frame of `session` on `device`.
pub async fn choose(p: &impl Ports, session: &Session, origin: &Origin, device: &str, choice: Choice, language: &str) -> ApiResult<Consent> {
    let a = applied(p, origin);
    let consent = Consent {
        id: Id::generate(&RustCrypto, Kind::Consent)?.as_str().to_owned(),
        device: device.to_owned(),
        merchant_id: session.merchant_id.clone(),
        session_id: session.id.clone(),
        choice,
        language: language.to_owned(),
        policy_version: a.version.to_owned(),
        policy_rule: a.rule("fingerprinting", a.rules.fingerprinting.as_str()),
        region: a.region.to_owned(),
        at: p.now(),
    };
    p.regional().record_consent(&consent).await?;
    Ok(consent)
}

/// The fingerprint the edge may keep: all of it where the region allows it or the device
/// agreed, else only the strictly necessary components, whatever a modified frame sent.
pub async fn allowed_fingerprint(p: &impl Ports, session: &Session, origin: &Origin, device: &str, fingerprint: Option<&Fingerprint>) -> ApiResult<Option<Fingerprint>> {
    let Some(fp) = fingerprint else { return Ok(None) };
    let a = applied(p, origin);
    let choice = match a.rules.fingerprinting {
        // A choice counts under the policy version it was made under; a new version asks again.
        tessera_core::policy::Fingerprinting::Consent => p.regional().consent(device, &session.merchant_id).await?.filter(|c| c.policy_version == a.version).map(|c| c.choice),
        _ => None,
    };
    if consent::full_fingerprint_allowed(a.rules.fingerprinting, choice) || fp.is_limited() {
        return Ok(Some(fp.clone()));
    }
    let limited = fp.limited();
    Ok((!limited.components.is_empty()).then_some(limited))
}

/// The counters the low-value exemption is kept under: the card's and the shopper's.
pub fn low_value_keys(session: &Session, card: &str) -> [String; 2] {
    [format!("lv:card:{card}"), format!("lv:shopper:{}", session.shopper_key())]
}

/// The SCA outcome of a confirm the risk rules judged `action`, with the low-value counters
/// taken when that is the exemption used.
pub async fn sca(p: &impl Ports, session: &Session, applied: &Applied<'_>, card: &str, action: Action) -> ApiResult<Outcome> {
    let policy = &p.settings().policy;
    let rule = match &applied.rules.sca {
        Sca::Psd2(rule) => rule,
        _ => return Ok(sca::decide(policy, applied, &facts(session, action, false, false, None))),
    };
    if action != Action::Allow {
        return Ok(Outcome::Required);
    }
    let recurring = match &session.recurring_series {
        Some(series) if rule.recurring => p.regional().recurring_established(session, series, card).await?,
        _ => false,
    };
    if session.recurring_series.is_some() && !recurring {
        // Art. 14(1): the first payment of a series is strongly authenticated, whatever it costs.
        return Ok(Outcome::Required);
    }
    let trusted = match &session.email {
        Some(email) if rule.trusted_beneficiary => p.regional().trusted_beneficiary(email.as_str(), &session.merchant_id).await?,
        _ => false,
    };
    let keys = low_value_keys(session, card);
    let counted = p.regional().counted(&keys).await?;
    let outcome = sca::decide(policy, applied, &facts(session, action, recurring, trusted, Some(counted)));
    if outcome != Outcome::Exempt(Exemption::LowValue) {
        return Ok(outcome);
    }
    let value = sca::low_value_amount(policy, rule, session.amount).unwrap_or(u64::MAX);
    let lv = &rule.low_value;
    if p.regional().take_low_value(&keys, value, lv.count, lv.cumulative, p.now()).await? {
        return Ok(outcome);
    }
    // Another payment took the room first: decide again without the low-value exemption.
    Ok(sca::decide(policy, applied, &facts(session, action, recurring, trusted, None)))
}

fn facts(session: &Session, action: Action, recurring_subsequent: bool, trusted_beneficiary: bool, low_value: Option<sca::Counted>) -> Facts {
    Facts { amount: session.amount, risk_clear: action == Action::Allow, recurring_subsequent, trusted_beneficiary, low_value }
}

/// The outcome as recorded with the decision and shown to the merchant.
pub fn sca_json(outcome: Outcome, applied: &Applied<'_>) -> Value {
    let exemption = match outcome {
        Outcome::Exempt(e) => Some(e),
        _ => None,
    };
    json!({
        "outcome": outcome.as_str(),
        "exemption": exemption.map(Exemption::as_str),
        "article": exemption.map(Exemption::article),
        "rule": outcome.rule(applied),
    })
}

/// The shopper passed SCA: the low-value counters start again.
pub async fn authenticated(p: &impl Ports, session: &Session, card: &str) -> ApiResult<()> {
    p.regional().reset_low_value(&low_value_keys(session, card)).await
}
