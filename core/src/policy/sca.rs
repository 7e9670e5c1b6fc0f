//! Strong customer authentication: whether a shopper-initiated card payment needs it under the
//! region's rule, and if not, which exemption lets it through. The edge gathers the facts (the
//! counters since the last SCA, the account's trusted merchants, the recurring series) and takes
//! the low-value counters atomically only once this says low value is the exemption to use.

use crate::prelude::*;
use serde::Serialize;

use super::document::{Applied, Psd2, Sca};
use super::Policy;
use crate::money::Amount;

/// Why a payment may go without SCA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exemption {
    /// RTS Art. 14: a later payment of a series with the same amount and payee.
    Recurring,
    /// RTS Art. 13: the shopper put the merchant on their trusted list.
    TrustedBeneficiary,
    /// RTS Art. 16: a small amount within the counters since the last SCA.
    LowValue,
    /// RTS Art. 18: real-time risk analysis found nothing and the fraud rate fits the band.
    TransactionRiskAnalysis,
}

impl Exemption {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Exemption::Recurring => "recurring",
            Exemption::TrustedBeneficiary => "trusted_beneficiary",
            Exemption::LowValue => "low_value",
            Exemption::TransactionRiskAnalysis => "transaction_risk_analysis",
        }
    }

    /// The exemption a wire name stands for.
    pub fn parse(name: &str) -> Option<Self> {
        [Exemption::Recurring, Exemption::TrustedBeneficiary, Exemption::LowValue, Exemption::TransactionRiskAnalysis].into_iter().find(|e| e.as_str() == name)
    }

    /// The article it rests on.
    pub const fn article(self) -> &'static str {
        match self {
            Exemption::Recurring => "RTS (EU) 2018/389 Art. 14",
            Exemption::TrustedBeneficiary => "RTS (EU) 2018/389 Art. 13",
            Exemption::LowValue => "RTS (EU) 2018/389 Art. 16",
            Exemption::TransactionRiskAnalysis => "RTS (EU) 2018/389 Art. 18",
        }
    }
}

/// What the policy says about SCA for one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The region leaves it to the risk rules.
    NotRequired,
    /// The shopper must authenticate strongly.
    Required,
    /// Exempt.
    Exempt(Exemption),
}

impl Outcome {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::NotRequired => "not_required",
            Outcome::Required => "required",
            Outcome::Exempt(_) => "exempt",
        }
    }

    /// The rule id under `applied`: `eea.sca.low_value`, `jp.sca.always`, `us.sca.risk_rules`.
    pub fn rule(self, applied: &Applied<'_>) -> String {
        let what = match (self, &applied.rules.sca) {
            (Outcome::Exempt(e), _) => e.as_str(),
            (_, Sca::Always) => "always",
            (Outcome::Required, _) => "required",
            (_, sca) => sca.as_str(),
        };
        applied.rule("sca", what)
    }
}

/// The low-value counters since the last SCA, before this payment, in the threshold currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    /// Payments.
    pub count: u32,
    /// Their sum.
    pub total: u64,
}

/// What is known about the payment.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// What is being paid.
    pub amount: Amount,
    /// The risk rules found nothing to step up or refuse.
    pub risk_clear: bool,
    /// A later payment of a recurring series whose first was strongly authenticated.
    pub recurring_subsequent: bool,
    /// The shopper's account trusts this merchant.
    pub trusted_beneficiary: bool,
    /// The per-card and per-shopper counters (the fuller of the two), or `None` when the
    /// low-value exemption must not be used (the counters could not be taken).
    pub low_value: Option<Counted>,
}

/// Whether `amount` fits the low-value limits with `counted` before it.
pub fn low_value_fits(policy: &Policy, rule: &Psd2, amount: Amount, counted: Counted) -> bool {
    let lv = &rule.low_value;
    let Some(value) = policy.convert(amount, &lv.currency) else { return false };
    value <= lv.max && counted.count < lv.count && counted.total.saturating_add(value) <= lv.cumulative
}

/// Whether transaction risk analysis may exempt `amount`: the first band the amount fits must
/// allow the configured fraud rate.
pub fn risk_analysis_fits(policy: &Policy, rule: &Psd2, amount: Amount) -> bool {
    let tra = &rule.transaction_risk_analysis;
    let (Some(value), Some(rate)) = (policy.convert(amount, &tra.currency), tra.fraud_rate_percent) else { return false };
    tra.bands.iter().find(|b| value <= b.up_to).is_some_and(|b| rate <= b.max_fraud_rate_percent)
}

/// The outcome for a payment in the region `applied`. Exemptions are tried in a fixed order:
/// the ones that need nothing counted first, the low-value counters before risk analysis.
pub fn decide(policy: &Policy, applied: &Applied<'_>, facts: &Facts) -> Outcome {
    let rule = match &applied.rules.sca {
        Sca::RiskRules => return Outcome::NotRequired,
        Sca::Always => return Outcome::Required,
        Sca::Psd2(rule) => rule,
    };
    if !facts.risk_clear {
        return Outcome::Required;
    }
    let exemption = if rule.recurring && facts.recurring_subsequent {
        Some(Exemption::Recurring)
    } else if rule.trusted_beneficiary && facts.trusted_beneficiary {
        Some(Exemption::TrustedBeneficiary)
    } else if facts.low_value.is_some_and(|c| low_value_fits(policy, rule, facts.amount, c)) {
        Some(Exemption::LowValue)
    } else if risk_analysis_fits(policy, rule, facts.amount) {
        Some(Exemption::TransactionRiskAnalysis)
    } else {
        None
    };
    exemption.map_or(Outcome::Required, Outcome::Exempt)
}

/// The amount the low-value counters add for `amount`, in the rule's currency.
pub fn low_value_amount(policy: &Policy, rule: &Psd2, amount: Amount) -> Option<u64> {
    policy.convert(amount, &rule.low_value.currency)
}
