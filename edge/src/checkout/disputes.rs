//! Disputes: opened by the processor's notification, answered by the merchant with evidence
//! (text fields and files, size-limited) or accepted, decided by the bank's notification.

use serde_json::{Map, Value};
use tessera_core::api::{ErrorCode, EventType};
use tessera_core::b64;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::payment::dispute::{self, DisputeEvent, DisputeStatus};
use tessera_core::payment::lifecycle::PaymentEvent;

use super::charge::target;
use super::model::{Dispute, Payment};
use super::operations::{commit_for, write};
use super::ports::{DisputeWrite, EvidenceFile, Notifier, Payments, Ports};
use crate::error::{ApiError, ApiResult};
use crate::processor::{Ack, Connector};

/// Days a merchant has to answer.
const RESPONSE_DAYS: u64 = 7;
/// The text evidence a dispute takes (Stripe's names).
pub const TEXT_FIELDS: &[&str] = &[
    "product_description", "customer_name", "customer_email_address", "billing_address", "shipping_address",
    "shipping_carrier", "shipping_tracking_number", "shipping_date", "service_date", "refund_policy",
    "cancellation_policy", "customer_communication", "duplicate_charge_explanation", "access_activity_log",
    "uncategorized_text",
];
/// Longest text field, in characters.
const MAX_TEXT: usize = 20_000;
/// Largest file, decoded.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// Files a dispute holds.
const MAX_FILES: usize = 4;
/// File types evidence may be.
const FILE_TYPES: &[&str] = &["application/pdf", "image/png", "image/jpeg", "text/plain"];

/// The merchant's dispute `id` in its mode.
pub async fn dispute_for(p: &impl Ports, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Dispute> {
    match p.payments().dispute(id).await? {
        Some(d) if d.merchant_id == merchant_id && d.livemode == livemode => Ok(d),
        _ => Err(ApiError::not_found("dispute")),
    }
}

/// Checks evidence as sent: known text fields of bounded length, and files (name, content_type,
/// base64 data) of allowed types and sizes.
pub fn check_evidence(evidence: &Value, files: &[Value]) -> ApiResult<(Map<String, Value>, Vec<EvidenceFile>)> {
    let invalid = || ApiError::from(ErrorCode::InvalidEvidence);
    let fields = match evidence {
        Value::Null => Map::new(),
        Value::Object(fields) => fields.clone(),
        _ => return Err(invalid()),
    };
    for (name, value) in &fields {
        let text = value.as_str().ok_or_else(invalid)?;
        if !TEXT_FIELDS.contains(&name.as_str()) || text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(invalid());
        }
        if text.chars().count() > MAX_TEXT {
            return Err(ErrorCode::EvidenceTooLarge.into());
        }
    }
    if files.len() > MAX_FILES {
        return Err(ErrorCode::EvidenceTooLarge.into());
    }
    let mut checked = Vec::new();
    for file in files {
        let text = |k: &str| file.get(k).and_then(Value::as_str).ok_or_else(invalid);
        let (name, content_type, data) = (text("name")?, text("content_type")?, text("data")?);
        let name_ok = (1..=100).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !name_ok || !FILE_TYPES.contains(&content_type) || checked.iter().any(|f: &EvidenceFile| f.name == name) {
            return Err(invalid());
        }
        if data.len() > MAX_FILE_BYTES.div_ceil(3) * 4 {
            return Err(ErrorCode::EvidenceTooLarge.into());
        }
        let bytes = b64::decode_standard(data).map_err(|_| invalid())?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(ErrorCode::EvidenceTooLarge.into());
        }
        checked.push(EvidenceFile { name: name.to_owned(), content_type: content_type.to_owned(), data: data.to_owned(), size: bytes.len() as u64 });
    }
    Ok((fields, checked))
}

/// Writes a dispute's change with its event.
async fn change(p: &impl Ports, payment: &Payment, dispute: Dispute, files: Vec<EvidenceFile>, kind: EventType) -> ApiResult<Dispute> {
    let t = tessera_core::payment::lifecycle::step(&payment.state, PaymentEvent::Disputed, p.now());
    let mut commit = commit_for(p, payment, &t).await?;
    commit.events.push(p.notifier().plan(&dispute.merchant_id, dispute.livemode, kind, &dispute.id, &dispute.to_json()).await?);
    commit.dispute = Some(DisputeWrite::Update { id: dispute.id.clone(), status: dispute.status, evidence: dispute.evidence.clone(), files, submitted_at: dispute.submitted_at });
    write(p, payment, commit).await?;
    Ok(dispute)
}

/// `POST /v1/disputes/{id}`: saves evidence; `submit` hands it to the processor.
pub async fn evidence(p: &impl Ports, dispute: &Dispute, fields: Map<String, Value>, files: Vec<EvidenceFile>, submit: bool) -> ApiResult<Dispute> {
    let t = dispute::step(dispute.status, DisputeEvent::Evidence { submit })?;
    let payment = p.payments().load(&dispute.payment_id).await?.ok_or_else(|| ApiError::internal("disputes", "a dispute without its payment"))?;
    let mut evidence = dispute.evidence.as_object().cloned().unwrap_or_default();
    evidence.extend(fields);
    let mut all_files: Vec<(String, String, u64)> = dispute.files.iter().filter(|(n, _, _)| !files.iter().any(|f| &f.name == n)).cloned().collect();
    all_files.extend(files.iter().map(|f| (f.name.clone(), f.content_type.clone(), f.size)));
    if all_files.len() > MAX_FILES {
        return Err(ErrorCode::EvidenceTooLarge.into());
    }
    let changed = Dispute {
        status: t.status,
        evidence: Value::Object(evidence),
        files: all_files,
        submitted_at: t.submit.then_some(p.now()),
        updated_at: p.now(),
        ..dispute.clone()
    };
    let changed = change(p, &payment, changed, files, t.notify).await?;
    if t.submit {
        let reference = payment.processor_reference.as_deref().unwrap_or_default();
        match p.processor().submit_evidence(target(&payment.merchant_id, payment.livemode), &changed.id, reference, &changed.evidence).await {
            // The bank decides later; its decision arrives as a notification.
            Ok(Ack::Done { .. } | Ack::Pending { .. }) => {}
            Ok(Ack::Refused { reason }) => crate::log::error(&format!("evidence for {} refused: {reason}", changed.id)),
            Err(e) => crate::log::error(&format!("evidence for {} not handed in: {e:?}", changed.id)),
        }
    }
    Ok(changed)
}

/// `POST /v1/disputes/{id}/close`: the merchant accepts the dispute.
pub async fn accept(p: &impl Ports, dispute: &Dispute) -> ApiResult<Dispute> {
    let t = dispute::step(dispute.status, DisputeEvent::Accept)?;
    let payment = p.payments().load(&dispute.payment_id).await?.ok_or_else(|| ApiError::internal("disputes", "a dispute without its payment"))?;
    change(p, &payment, Dispute { status: t.status, updated_at: p.now(), ..dispute.clone() }, Vec::new(), t.notify).await
}

/// A processor's notice that a payment was disputed: the dispute opens (once).
pub async fn opened(p: &impl Ports, payment: &Payment, amount: u64, reason: &str) -> ApiResult<Option<Dispute>> {
    if p.payments().dispute_of(&payment.id).await?.is_some() {
        return Ok(None);
    }
    let dispute = Dispute {
        id: Id::generate(&RustCrypto, Kind::Dispute)?.as_str().to_owned(),
        merchant_id: payment.merchant_id.clone(),
        livemode: payment.livemode,
        payment_id: payment.id.clone(),
        amount: payment.money(amount.min(payment.state.amount_captured)),
        reason: reason.to_owned(),
        status: DisputeStatus::NeedsResponse,
        evidence: Value::Object(Map::new()),
        files: Vec::new(),
        evidence_due_by: p.now() + RESPONSE_DAYS * 24 * 3600,
        submitted_at: None,
        created_at: p.now(),
        updated_at: p.now(),
    };
    let t = tessera_core::payment::lifecycle::step(&payment.state, PaymentEvent::Disputed, p.now());
    let mut commit = commit_for(p, payment, &t).await?;
    commit.events.push(p.notifier().plan(&dispute.merchant_id, dispute.livemode, EventType::DisputeCreated, &dispute.id, &dispute.to_json()).await?);
    commit.dispute = Some(DisputeWrite::Insert(Box::new(dispute.clone())));
    write(p, payment, commit).await?;
    Ok(Some(dispute))
}

/// The bank's decision.
pub async fn decided(p: &impl Ports, dispute: &Dispute, won: bool) -> ApiResult<Dispute> {
    let Ok(t) = dispute::step(dispute.status, DisputeEvent::Decided { won }) else { return Ok(dispute.clone()) };
    let payment = p.payments().load(&dispute.payment_id).await?.ok_or_else(|| ApiError::internal("disputes", "a dispute without its payment"))?;
    change(p, &payment, Dispute { status: t.status, updated_at: p.now(), ..dispute.clone() }, Vec::new(), t.notify).await
}
