//! The retention job over D1: for each region of the policy and each category, what is older
//! than the region's window goes. Shopper data is matched by the region recorded with it;
//! payments and vault cards by the merchant's country (its legal duty to keep records). A
//! payment's row goes with its refunds, disputes and claims; a vault card loses its sealed
//! number (the row stays while a payment or a saved card still points at it). Each run is
//! recorded with what it removed.

use std::collections::BTreeMap;

use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::policy::{Category, Policy};
use wasm_bindgen::JsValue;

use super::{int, text, Db};
use crate::error::ApiResult;

/// What one run removed, by category.
pub type Removed = BTreeMap<&'static str, usize>;

/// The SQL condition on a merchant id for the merchants whose business country is in `region`
/// (the default region: every merchant whose country no region lists, or that has none).
fn merchants_of(policy: &Policy, region: &str) -> (String, Vec<JsValue>) {
    let country = "(SELECT json_extract(a.business, '$.country') FROM accounts a WHERE a.merchant_id = {m})";
    match policy.regions.iter().find(|r| r.id == region) {
        Some(r) if !r.countries.is_empty() => {
            let marks = vec!["?"; r.countries.len()].join(",");
            (format!("{country} IN ({marks})"), r.countries.iter().map(|c| text(c)).collect())
        }
        Some(_) => ("0".into(), Vec::new()),
        None => {
            let listed: Vec<&String> = policy.regions.iter().flat_map(|r| &r.countries).collect();
            let marks = vec!["?"; listed.len()].join(",");
            (format!("COALESCE({country} NOT IN ({marks}), 1)"), listed.into_iter().map(|c| text(c)).collect())
        }
    }
}

/// Runs the job as of `as_of` (unix seconds).
pub async fn purge(db: &Db, policy: &Policy, as_of: u64) -> ApiResult<Removed> {
    let mut removed = Removed::new();
    for (region, rules) in policy.all_rules() {
        let before = |c: Category| int(as_of.saturating_sub(rules.retention.seconds(c)));
        let mut add = |c: Category, n: usize| *removed.entry(c.as_str()).or_default() += n;
        let r = text(region);
        add(Category::Fingerprints, db.run("UPDATE devices SET fingerprints = '[]' WHERE region = ? AND last_seen < ? AND fingerprints != '[]'", &[r.clone(), before(Category::Fingerprints)]).await?);
        add(Category::Devices, db.run("DELETE FROM devices WHERE region = ? AND last_seen < ? AND state != 'revoked'", &[r.clone(), before(Category::Devices)]).await?);
        add(Category::Consents, db.run("DELETE FROM consents WHERE region = ? AND created_at < ?", &[r.clone(), before(Category::Consents)]).await?);
        // A step-up belongs to the region of its session's decisions; one in progress stays.
        let step_up_region = "COALESCE((SELECT rd.region FROM risk_decisions rd WHERE rd.session_id = step_ups.session_id ORDER BY rd.created_at DESC LIMIT 1), 'default')";
        add(
            Category::StepUps,
            db.run(
                &format!("DELETE FROM step_ups WHERE created_at < ? AND {step_up_region} = ? AND id NOT IN (SELECT step_up_id FROM checkout_sessions WHERE step_up_id IS NOT NULL)"),
                &[before(Category::StepUps), r.clone()],
            )
            .await?,
        );
        add(Category::RiskDecisions, db.run("DELETE FROM risk_decisions WHERE region = ? AND created_at < ?", &[r.clone(), before(Category::RiskDecisions)]).await?);
        // The merchant's records: payments with what hangs off them, then the card numbers.
        let (of_merchant, params) = merchants_of(policy, region);
        let payments = format!("SELECT id FROM payments WHERE created_at < ? AND {}", of_merchant.replace("{m}", "payments.merchant_id"));
        let with = |first: JsValue| [vec![first], params.clone()].concat();
        let cut = before(Category::Payments);
        db.batch(&[
            (format!("DELETE FROM claims WHERE payment_id IN ({payments})"), with(cut.clone())),
            (format!("DELETE FROM refunds WHERE payment_id IN ({payments})"), with(cut.clone())),
            (format!("DELETE FROM dispute_files WHERE dispute_id IN (SELECT id FROM disputes WHERE payment_id IN ({payments}))"), with(cut.clone())),
            (format!("DELETE FROM disputes WHERE payment_id IN ({payments})"), with(cut.clone())),
        ])
        .await?;
        add(Category::Payments, db.run(&format!("DELETE FROM payments WHERE id IN ({payments})"), &with(cut.clone())).await?);
        db.run(
            &format!("UPDATE checkout_sessions SET shopper_email = NULL, shopper_phone = NULL WHERE created_at < ? AND (shopper_email IS NOT NULL OR shopper_phone IS NOT NULL) AND status != 'open' AND status != 'requires_action' AND {}", of_merchant.replace("{m}", "checkout_sessions.merchant_id")),
            &with(cut),
        )
        .await?;
        add(
            Category::VaultCards,
            db.run(
                &format!(
                    "UPDATE vault_cards SET pan_ciphertext = '', pan_iv = '' WHERE created_at < ? AND pan_ciphertext != '' AND {}",
                    of_merchant.replace("{m}", "vault_cards.merchant_id")
                ),
                &with(before(Category::VaultCards)),
            )
            .await?,
        );
    }
    // Messages and webhook events are the operator's, kept by the default window.
    let outbox = int(as_of.saturating_sub(policy.default.retention.seconds(Category::Outbox)));
    let mut sent = db.run("DELETE FROM outbox WHERE created_at < ?", std::slice::from_ref(&outbox)).await?;
    sent += super::events::forget_before(db, outbox).await?;
    *removed.entry(Category::Outbox.as_str()).or_default() += sent;
    let id = Id::generate(&RustCrypto, Kind::RetentionRun)?;
    let deleted = serde_json::to_string(&removed).unwrap_or_default();
    db.run("INSERT INTO retention_runs (id, as_of, deleted, created_at) VALUES (?,?,?,?)", &[text(id.as_str()), int(as_of), text(&deleted), int(as_of)]).await?;
    Ok(removed)
}
