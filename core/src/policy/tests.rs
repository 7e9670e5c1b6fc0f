use super::calendar::{easter, german_holidays};
use super::document::{Calendar, Claims, Policy, Sca};
use super::sca::{decide, Counted, Exemption, Facts, Outcome};
use crate::date::Date;
use crate::money::{Amount, Currency};
use crate::Error;

fn policy() -> Policy {
    Policy::builtin().expect("the shipped policy is valid")
}

fn money(minor: u64, currency: &str) -> Amount {
    Amount::new(minor, currency.parse::<Currency>().unwrap()).unwrap()
}

fn trusted(amount: Amount, counted: Counted) -> Facts {
    Facts { amount, risk_clear: true, recurring_subsequent: false, trusted_beneficiary: false, low_value: Some(counted) }
}

#[test]
fn places_resolve_to_the_most_specific_region() {
    let p = policy();
    assert_eq!(p.resolve("DE").region, "de");
    assert_eq!(p.resolve("FR").region, "eea");
    assert_eq!(p.resolve("NO").region, "eea", "the EEA, not only the EU");
    assert_eq!(p.resolve("GB").region, "uk");
    assert_eq!(p.resolve("JP").region, "jp");
    assert_eq!(p.resolve("US-MD").region, "us_minimisation");
    assert_eq!(p.resolve("US-TX").region, "us", "a state without its own region is its country's");
    assert_eq!(p.resolve("US").region, "us");
    assert_eq!(p.resolve("BR").region, "default");
    assert_eq!(p.resolve("XX").region, "default");
    assert_eq!(p.resolve("DE").rule("fingerprinting", "consent"), "de.fingerprinting.consent");
}

#[test]
fn a_broken_document_is_refused_whole() {
    let good: serde_json::Value = serde_json::from_str(super::document::BUILTIN).unwrap();
    let broken = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        Policy::from_json(&serde_json::to_vec(&v).unwrap())
    };
    assert!(broken(&|_| ()).is_ok());
    let cases: [&dyn Fn(&mut serde_json::Value); 9] = [
        &|v| v["regions"][1]["countries"][0] = "DE".into(),
        &|v| v["regions"][0]["rules"]["retention"]["devices"] = 0.into(),
        &|v| v["regions"][0]["rules"].as_object_mut().unwrap().remove("claims").map(|_| ()).unwrap(),
        &|v| v["regions"][0]["rules"]["fingerprinting"] = "maybe".into(),
        &|v| v["regions"][0]["rules"]["sca"]["low_value"]["currency"] = "XYZ".into(),
        &|v| v["regions"][0]["rules"]["sca"]["transaction_risk_analysis"]["bands"][0]["up_to"] = 99_999_999.into(),
        &|v| v["regions"][0]["id"] = "eea".into(),
        &|v| v["rates"]["per_eur"]["EUR"] = 2.into(),
        &|v| v["default"]["surprise"] = true.into(),
    ];
    for (i, case) in cases.iter().enumerate() {
        assert_eq!(broken(*case), Err(Error::InvalidPolicy), "case {i}");
    }
}

#[test]
fn amounts_convert_at_the_table_rounding_up() {
    let p = policy();
    assert_eq!(p.convert(money(3000, "EUR"), "EUR"), Some(3000));
    assert_eq!(p.convert(money(3480, "USD"), "EUR"), Some(3000), "34.80 USD at 1.16 is 30 EUR");
    assert_eq!(p.convert(money(3481, "USD"), "EUR"), Some(3001), "a cent over rounds up, never down");
    assert_eq!(p.convert(money(5340, "JPY"), "EUR"), Some(3000), "no minor units in yen");
    assert_eq!(p.convert(money(1000, "BRL"), "EUR"), None, "no rate, no conversion");
}

#[test]
fn low_value_counts_five_payments_or_a_hundred_euros_since_the_last_sca() {
    let p = policy();
    let eea = p.resolve("FR");
    let mut counted = Counted::default();
    for n in 1..=5 {
        assert_eq!(decide(&p, &eea, &trusted(money(2000, "EUR"), counted)), Outcome::Exempt(Exemption::LowValue), "payment {n}");
        counted = Counted { count: counted.count + 1, total: counted.total + 2000 };
    }
    assert_eq!(decide(&p, &eea, &trusted(money(2000, "EUR"), counted)), Outcome::Required, "the sixth asks");
    assert_eq!(decide(&p, &eea, &trusted(money(3100, "EUR"), Counted::default())), Outcome::Required, "over 30 EUR");
    assert_eq!(decide(&p, &eea, &trusted(money(3000, "EUR"), Counted::default())), Outcome::Exempt(Exemption::LowValue), "30 EUR is within");
    let near = Counted { count: 2, total: 8000 };
    assert_eq!(decide(&p, &eea, &trusted(money(2500, "EUR"), near)), Outcome::Required, "80 + 25 is over 100");
    assert_eq!(decide(&p, &eea, &trusted(money(3600, "USD"), Counted::default())), Outcome::Required, "36 USD is over 30 EUR");
    let uncounted = Facts { low_value: None, ..trusted(money(100, "EUR"), Counted::default()) };
    assert_eq!(decide(&p, &eea, &uncounted), Outcome::Required, "without counters, no low-value exemption");
}

#[test]
fn exemptions_come_in_order_and_never_past_a_risk() {
    let p = policy();
    let de = p.resolve("DE");
    let base = trusted(money(5000, "EUR"), Counted::default());
    assert_eq!(decide(&p, &de, &Facts { recurring_subsequent: true, trusted_beneficiary: true, ..base }), Outcome::Exempt(Exemption::Recurring));
    assert_eq!(decide(&p, &de, &Facts { trusted_beneficiary: true, ..base }), Outcome::Exempt(Exemption::TrustedBeneficiary));
    assert_eq!(decide(&p, &de, &Facts { trusted_beneficiary: true, risk_clear: false, ..base }), Outcome::Required, "a risk signal wins over every exemption");
    assert_eq!(decide(&p, &de, &base), Outcome::Required, "TRA is off without a fraud rate");
}

#[test]
fn transaction_risk_analysis_follows_the_annex_bands() {
    let mut p = policy();
    for region in &mut p.regions {
        if let Sca::Psd2(rule) = &mut region.rules.sca {
            rule.transaction_risk_analysis.fraud_rate_percent = Some(0.05);
        }
    }
    let fr = p.resolve("FR");
    let tra = |minor| decide(&p, &fr, &Facts { low_value: None, ..trusted(money(minor, "EUR"), Counted::default()) });
    assert_eq!(tra(10_000), Outcome::Exempt(Exemption::TransactionRiskAnalysis), "0.05 % is under 0.13 % up to 100 EUR");
    assert_eq!(tra(25_000), Outcome::Exempt(Exemption::TransactionRiskAnalysis), "and under 0.06 % up to 250 EUR");
    assert_eq!(tra(25_001), Outcome::Required, "but over 0.01 % up to 500 EUR");
    assert_eq!(tra(50_001), Outcome::Required, "never above 500 EUR");
}

#[test]
fn japan_always_asks_and_elsewhere_the_risk_rules_decide() {
    let p = policy();
    let small = trusted(money(100, "JPY"), Counted::default());
    let jp = p.resolve("JP");
    assert_eq!(decide(&p, &jp, &Facts { trusted_beneficiary: true, recurring_subsequent: true, ..small }), Outcome::Required);
    assert_eq!(Outcome::Required.rule(&jp), "jp.sca.always");
    let us = p.resolve("US-TX");
    assert_eq!(decide(&p, &us, &small), Outcome::NotRequired);
    assert_eq!(Outcome::NotRequired.rule(&us), "us.sca.risk_rules");
    assert_eq!(Outcome::Exempt(Exemption::LowValue).rule(&p.resolve("FR")), "eea.sca.low_value");
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

#[test]
fn german_holidays_follow_easter() {
    assert_eq!(easter(2026), date(2026, 4, 5));
    assert_eq!(easter(2027), date(2027, 3, 28));
    assert_eq!(easter(2024), date(2024, 3, 31));
    let h = german_holidays(2026);
    for d in [date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 25), date(2026, 10, 3), date(2026, 12, 25), date(2026, 12, 26)] {
        assert!(h.contains(&d), "{d}");
    }
    assert_eq!(h.len(), 9);
}

/// Unix time of a UTC wall-clock moment.
fn utc(y: i32, m: u8, d: u8, hour: u64) -> u64 {
    date(y, m, d).utc_midnight() as u64 + hour * 3600
}

#[test]
fn a_german_claim_is_due_by_the_end_of_the_next_business_day() {
    let de = Claims { business_days: 1, calendar: Calendar::De };
    // Wednesday 2 December 2026, 10:00 Berlin: due Thursday 23:59:59 Berlin (22:59:59 UTC).
    assert_eq!(de.deadline(utc(2026, 12, 2, 9)), utc(2026, 12, 3, 23) - 1);
    // Thursday 24 December: Friday and Saturday are Christmas, Sunday is Sunday: Monday 28th.
    assert_eq!(de.deadline(utc(2026, 12, 24, 12)), utc(2026, 12, 28, 23) - 1);
    // Friday 2 October 2026: Saturday 3 October is a holiday anyway, the weekend follows: Monday.
    assert_eq!(de.deadline(utc(2026, 10, 2, 12)), utc(2026, 10, 5, 22) - 1, "summer time: Berlin is UTC+2");
    // Thursday 2 April 2026, 23:30 Berlin (21:30 UTC): Good Friday, the weekend, Easter Monday: Tuesday 7th.
    assert_eq!(de.deadline(utc(2026, 4, 2, 21) + 1800), utc(2026, 4, 7, 22) - 1);
    // 23:30 UTC on Thursday 3 December is already Friday in Berlin: due Monday 7th.
    assert_eq!(de.deadline(utc(2026, 12, 3, 23) + 1800), utc(2026, 12, 7, 23) - 1);
    let elsewhere = Claims { business_days: 1, calendar: Calendar::Weekends };
    assert_eq!(elsewhere.deadline(utc(2026, 12, 24, 12)), utc(2026, 12, 25, 24) - 1, "holidays are Germany's only");
}
