//! Business verifiers behind the accounts' `Verifier` port. `KYB_VERIFIER=sandbox` (the default)
//! answers at once by the documented test company numbers; `KYB_VERIFIER=http` asks a real KYB
//! provider through the interface in `docs/kyb-provider.openapi.json`: `POST {KYB_API_BASE}/v1/verifications`
//! with a bearer key and an idempotency key, answered now or later by a signed notification to
//! `/v1/verifications/notifications` (`Kyb-Signature: t=…,v1=HMAC-SHA256(KYB_WEBHOOK_SECRET, "t.body")`).

use serde::Deserialize;
use serde_json::json;
use tessera_core::account::identity::IdentityClaim;
use tessera_core::account::verification::{sandbox, Outcome};
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use worker::{Env, Headers};

use crate::accounts::model::Account;
use crate::accounts::ports::Verifier;
use crate::config::{required, setting};
use crate::error::{ApiError, ApiResult};
use crate::http;

/// Seconds the provider has to answer a submission.
const TIMEOUT_MS: u64 = 10_000;

/// The configured verifier.
pub struct Verifiers<'a> {
    pub env: &'a Env,
}

/// A provider's word on a verification.
#[derive(Debug, Deserialize)]
pub struct Answer {
    /// The provider's id for the verification.
    pub id: String,
    /// `pending`, `verified`, `rejected` or `needs_review`.
    pub status: String,
    /// Its reason, for a person.
    #[serde(default)]
    pub reason: Option<String>,
}

impl Answer {
    /// The outcome it names.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.status.as_str() {
            "pending" => Some(Outcome::Pending),
            "verified" => Some(Outcome::Verified),
            "rejected" => Some(Outcome::Rejected),
            "needs_review" => Some(Outcome::NeedsReview),
            _ => None,
        }
    }

    /// A reason fit to store and show: short and printable.
    pub fn reason(&self) -> Option<String> {
        self.reason.as_deref().map(|r| r.chars().filter(|c| !c.is_control()).take(200).collect())
    }
}

impl Verifier for Verifiers<'_> {
    async fn submit(&self, account: &Account, company_number: &str) -> ApiResult<(Outcome, Option<String>)> {
        match setting(self.env, "KYB_VERIFIER").as_deref().unwrap_or("sandbox") {
            "sandbox" => Ok((sandbox::outcome(company_number), Some(Id::generate(&RustCrypto, Kind::Verification)?.as_str().to_owned()))),
            "http" => http_submit(self.env, account, company_number).await,
            other => Err(ApiError::internal("verifier", &format!("unknown KYB_VERIFIER {other}"))),
        }
    }
}

async fn http_submit(env: &Env, account: &Account, company_number: &str) -> ApiResult<(Outcome, Option<String>)> {
    let base = required(env, "KYB_API_BASE")?;
    let key = required(env, "KYB_API_KEY")?;
    let business = account.business.as_ref().ok_or_else(|| ApiError::from(ErrorCode::VerificationNotAllowed))?;
    // One verification per business and version: a retry of the same submission is the same request.
    let reference = format!("{}-{}", account.merchant_id, account.version);
    let body = json!({
        "reference": reference,
        "company_number": company_number,
        "legal_name": business.legal_name,
        "country": business.country,
        "address": business.address,
        "website": business.website,
    });
    let headers = Headers::new();
    headers.set("Authorization", &format!("Bearer {key}"))?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Idempotency-Key", &reference)?;
    let unavailable = || ApiError::from(ErrorCode::VerifierUnavailable);
    let (status, text) = http::exchange(&format!("{base}/v1/verifications"), headers, &body.to_string(), TIMEOUT_MS).await.map_err(|_| unavailable())?;
    if !(200..300).contains(&status) {
        crate::log::error(&format!("verifier answered {status}"));
        return Err(unavailable());
    }
    let answer: Answer = serde_json::from_str(&text).map_err(|_| unavailable())?;
    let outcome = answer.outcome().ok_or_else(unavailable)?;
    Ok((outcome, Some(answer.id)))
}

/// The identity verifier behind personal accounts. `IDV_VERIFIER=sandbox` (the default) answers
/// at once by the documented test document numbers (`tessera_core::account::identity::sandbox`);
/// `IDV_VERIFIER=http` asks a real provider through `docs/identity-provider.openapi.json`:
/// `POST {IDV_API_BASE}/v1/identity_checks`, answered now or by a signed notification to
/// `/v1/identity_checks/notifications` (`Idv-Signature`, keyed with `IDV_WEBHOOK_SECRET`).
impl crate::personal::ports::IdentityVerifier for Verifiers<'_> {
    async fn submit(&self, account: &crate::personal::model::ShopperAccount, claim: &IdentityClaim) -> ApiResult<(Outcome, Option<String>)> {
        let reference = Id::generate(&RustCrypto, Kind::IdentityCheck)?.as_str().to_owned();
        match setting(self.env, "IDV_VERIFIER").as_deref().unwrap_or("sandbox") {
            "sandbox" => Ok((tessera_core::account::identity::sandbox::outcome(&claim.document_number), Some(reference))),
            "http" => http_identity(self.env, account, claim, &reference).await,
            other => Err(ApiError::internal("verifier", &format!("unknown IDV_VERIFIER {other}"))),
        }
    }
}

async fn http_identity(env: &Env, account: &crate::personal::model::ShopperAccount, claim: &IdentityClaim, reference: &str) -> ApiResult<(Outcome, Option<String>)> {
    let base = required(env, "IDV_API_BASE")?;
    let key = required(env, "IDV_API_KEY")?;
    let body = json!({
        "reference": reference,
        "given_name": claim.given_name,
        "family_name": claim.family_name,
        "date_of_birth": claim.date_of_birth.to_string(),
        "document": { "type": claim.document_type.as_str(), "number": claim.document_number, "issuing_country": claim.issuing_country },
        "address": account.address,
    });
    let headers = Headers::new();
    headers.set("Authorization", &format!("Bearer {key}"))?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Idempotency-Key", reference)?;
    let unavailable = || ApiError::from(ErrorCode::IdentityVerifierUnavailable);
    let (status, text) = http::exchange(&format!("{base}/v1/identity_checks"), headers, &body.to_string(), TIMEOUT_MS).await.map_err(|_| unavailable())?;
    if !(200..300).contains(&status) {
        crate::log::error(&format!("identity verifier answered {status}"));
        return Err(unavailable());
    }
    let answer: Answer = serde_json::from_str(&text).map_err(|_| unavailable())?;
    let outcome = answer.outcome().ok_or_else(unavailable)?;
    Ok((outcome, Some(answer.id)))
}
