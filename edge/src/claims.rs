//! Unauthorised-payment claims (PSD2 Art. 73, BGB §675u and their kin): opened by the shopper
//! from the receipt's link or their account, answered by the merchant with a refund or a
//! documented rejection, by the deadline of the payer's region. The deadline is the policy's
//! (`tessera_core::policy::Claims`); the payer's region is where they paid from.

use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::api::ErrorCode;
use tessera_core::payment::refund::RefundReason;
use tessera_core::payment::PaymentStatus;
use tessera_core::policy::claim::{self, Status, Via};
use tessera_core::policy::Calendar;

use crate::checkout::model::Payment;
use crate::checkout::operations;
use crate::checkout::ports::{Payments, Ports};
use crate::error::{ApiError, ApiResult};
use crate::store::claims::{self as store, Claim};
use crate::store::Db;

/// The key receipt links are tagged with.
pub fn link_key(p: &impl Ports) -> ApiResult<Vec<u8>> {
    Ok(tessera_core::kdf::hkdf_sha256(&p.settings().card_secret, b"", b"tessera/claim-links/v1", 32)?.to_vec())
}

/// The payment a receipt link's token names.
pub async fn payment_of_link(p: &impl Ports, token: &str) -> ApiResult<Payment> {
    let id = claim::payment_of(&link_key(p)?, token).ok_or_else(|| ApiError::from(ErrorCode::LinkInvalid))?;
    p.payments().load(&id).await?.ok_or_else(|| ApiError::from(ErrorCode::LinkInvalid))
}

fn rule_name(claims: tessera_core::policy::Claims) -> String {
    let calendar = match claims.calendar {
        Calendar::De => "german_business_days",
        Calendar::Weekends => "business_days",
    };
    if claims.business_days == 1 { format!("next_{}", calendar.trim_end_matches('s')) } else { format!("{}_{calendar}", claims.business_days) }
}

/// Opens a claim on `payment`, or answers with the one already open.
pub async fn open(p: &impl Ports, db: &Db, payment: &Payment, via: Via, description: &str) -> ApiResult<(Claim, bool)> {
    let description = claim::text(description).ok_or_else(|| ApiError::from(ErrorCode::InvalidClaimText))?;
    if !matches!(payment.status(), PaymentStatus::Succeeded | PaymentStatus::RequiresCapture) {
        return Err(ErrorCode::ClaimNotPossible.into());
    }
    if let Some(open) = store::of_payment(db, &payment.id).await?.filter(|c| c.status == Status::Open) {
        return Ok((open, false));
    }
    let place = store::payer_place(db, &payment.session_id).await?.unwrap_or_else(|| "XX".into());
    let applied = p.settings().policy.resolve(&place);
    let rules = applied.rules.claims;
    let c = Claim {
        id: Id::generate(&RustCrypto, Kind::Claim)?.as_str().to_owned(),
        payment_id: payment.id.clone(),
        merchant_id: payment.merchant_id.clone(),
        livemode: payment.livemode,
        amount: payment.amount.minor(),
        currency: payment.amount.currency().code().to_owned(),
        via,
        description,
        region: applied.region.to_owned(),
        policy_version: applied.version.to_owned(),
        policy_rule: applied.rule("claims", &rule_name(rules)),
        due_at: rules.deadline(p.now()),
        status: Status::Open,
        refund_id: None,
        explanation: None,
        created_at: p.now(),
        resolved_at: None,
    };
    if !store::insert(db, &c).await? {
        // Opened at the same moment from elsewhere: that one stands.
        let open = store::of_payment(db, &payment.id).await?.ok_or_else(|| ApiError::internal("claims", "an open claim vanished"))?;
        return Ok((open, false));
    }
    Ok((c, true))
}

/// The merchant refunds what is left of the payment and closes the claim.
pub async fn refund(p: &impl Ports, db: &Db, c: &Claim) -> ApiResult<Claim> {
    if c.status != Status::Open {
        return Err(ErrorCode::ClaimAlreadyResolved.into());
    }
    let payment = operations::payment_for(p, &c.merchant_id, c.livemode, &c.payment_id).await?;
    let refund = operations::refund(p, &payment, None, Some(RefundReason::Fraudulent), None).await?;
    if !store::resolve(db, &c.id, Status::Refunded, Some(&refund.id), None, p.now()).await? {
        return Err(ErrorCode::ClaimAlreadyResolved.into());
    }
    Ok(Claim { status: Status::Refunded, refund_id: Some(refund.id), resolved_at: Some(p.now()), ..c.clone() })
}

/// The merchant rejects the claim, saying why (the shopper can still go to their card issuer).
pub async fn reject(p: &impl Ports, db: &Db, c: &Claim, explanation: &str) -> ApiResult<Claim> {
    let explanation = claim::text(explanation).ok_or_else(|| ApiError::from(ErrorCode::InvalidClaimText))?;
    if c.status != Status::Open || !store::resolve(db, &c.id, Status::Rejected, None, Some(&explanation), p.now()).await? {
        return Err(ErrorCode::ClaimAlreadyResolved.into());
    }
    Ok(Claim { status: Status::Rejected, explanation: Some(explanation), resolved_at: Some(p.now()), ..c.clone() })
}
