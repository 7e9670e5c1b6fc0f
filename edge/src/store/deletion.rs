//! Erasure requests (GDPR Art. 17, CCPA §1798.105) over D1: what is erased for an email address
//! at every merchant, and what is kept with the reason the law allows. The request is recorded
//! under a keyed hash of the address, never the address itself.

use serde_json::{json, Value};
use tessera_core::policy::{Category, Policy};

use super::{int, text, Db, Statement};
use crate::error::ApiResult;

/// One erasure request.
pub struct Erasure<'a> {
    /// `del_…`
    pub id: &'a str,
    /// The keyed hash the request is recorded under.
    pub subject_hash: &'a str,
    /// Whose data.
    pub email: &'a str,
    /// `account` or `operator`.
    pub via: &'a str,
    /// A personal account was erased with it.
    pub erased_account: bool,
}

/// Erases the guest data kept for an email at every merchant (devices and their fingerprints,
/// their consents, passkeys made at checkouts, the counters since the last SCA) and records the
/// request. Returns the record.
pub async fn erase(db: &Db, policy: &Policy, e: &Erasure<'_>, now: u64) -> ApiResult<Value> {
    let Erasure { id, subject_hash, email, via, erased_account } = *e;
    // LIKE's wildcards in an address (`_` is common) must match only themselves.
    let escaped: String = email.to_ascii_lowercase().chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    let pattern = format!("%:email:{escaped}");
    let like = || vec![text(&pattern)];
    #[derive(serde::Deserialize)]
    struct Count {
        n: u64,
    }
    let devices = db.first::<Count>("SELECT COUNT(*) AS n FROM devices WHERE shopper_key LIKE ? ESCAPE '\\'", &like()).await?.map_or(0, |c| c.n);
    let passkeys = db.first::<Count>("SELECT COUNT(*) AS n FROM passkeys WHERE shopper_key LIKE ? ESCAPE '\\'", &like()).await?.map_or(0, |c| c.n);
    let statements: Vec<Statement> = vec![
        ("DELETE FROM consents WHERE jkt IN (SELECT jkt FROM devices WHERE shopper_key LIKE ? ESCAPE '\\')".into(), like()),
        ("DELETE FROM devices WHERE shopper_key LIKE ? ESCAPE '\\'".into(), like()),
        ("DELETE FROM shoppers WHERE shopper_key LIKE ? ESCAPE '\\'".into(), like()),
        ("DELETE FROM passkeys WHERE shopper_key LIKE ? ESCAPE '\\'".into(), like()),
        ("DELETE FROM sca_counters WHERE key LIKE ? ESCAPE '\\'".into(), vec![text(&format!("lv:shopper:{pattern}"))]),
    ];
    db.batch(&statements).await?;
    let window = |c: Category| policy.all_rules().map(|(_, r)| r.retention.days(c)).max().unwrap_or(0);
    let erased = json!({ "personal_account": erased_account, "devices": devices, "fingerprints": devices, "passkeys": passkeys, "consents": "with their devices", "low_value_counters": true });
    let kept = json!([
        { "category": "payments", "reason": "legal_obligation", "law": "GDPR Art. 17(3)(b); CCPA §1798.105(d)(8): the merchant's duty to keep business records", "until": format!("the merchant's retention window, at most {} days", window(Category::Payments)) },
        { "category": "risk_decisions", "reason": "fraud_prevention", "law": "GDPR Art. 6(1)(f) with Recital 47; CCPA §1798.105(d)(2): detecting security incidents and fraud", "until": format!("the region's window, at most {} days", window(Category::RiskDecisions)) },
        { "category": "claims", "reason": "legal_claims", "law": "GDPR Art. 17(3)(e): establishing or defending legal claims", "until": "with the payment they are about" },
    ]);
    db.run(
        "INSERT INTO deletion_requests (id, subject_hash, via, erased, kept, created_at) VALUES (?,?,?,?,?,?)",
        &[text(id), text(subject_hash), text(via), text(&erased.to_string()), text(&kept.to_string()), int(now)],
    )
    .await?;
    Ok(json!({ "id": id, "object": "deletion_request", "via": via, "erased": erased, "kept": kept, "created_at": now }))
}
