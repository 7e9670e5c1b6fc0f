//! The sandbox processor: a Durable Object standing in for a processor's own systems, with the
//! test cards of `tessera_core::sandbox`. Test mode's payments go here.
//!
//! It behaves like a real processor where it matters: it remembers every idempotency key and
//! answers a repeated request with the first answer instead of acting again; it refuses a
//! capture beyond the authorisation or refunds beyond the capture; its dispute card is disputed a
//! few seconds after capture and the decision follows evidence, both told to Tessera by a signed
//! notification, as a real processor's webhook would. For the sweep's tests it can be told to
//! fail a share of requests (`/dev/sandbox/faults`): time out after acting, fail before acting,
//! act and drop the answer, or answer slowly. Its ledger keeps what a processor's would show a
//! merchant: last four digits, amounts, outcomes.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tessera_core::card::CardNumber;
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::payment::DeclineCode;
use tessera_core::sandbox::{self, Behaviour, WINNING_EVIDENCE};
use tessera_core::threeds::BrowserInfo;
use tessera_core::{b64, kdf};
use worker::{durable_object, DurableObject, Env, Headers, Request, Response, Result, State};

use super::{Ack, Authorization, Connector, ConnectorError, Operation, Outcome, Sync, Target};
use crate::config::required;
use crate::error::ApiResult;
use crate::objects;

/// All sandbox charges live in one ledger object.
const LEDGER: &str = "ledger";
/// Seconds after a capture that the dispute card is disputed.
const DISPUTE_AFTER_SECONDS: u64 = 3;
/// Seconds after evidence that the sandbox bank decides.
const DECISION_AFTER_SECONDS: u64 = 2;
/// The header the sandbox signs its notifications in.
pub const SIGNATURE_HEADER: &str = "Tessera-Sandbox-Signature";

/// What the connector sends, as a processor's API would receive it.
#[derive(Serialize, Deserialize)]
struct AuthorizeRequest {
    idempotency_key: String,
    number: String,
    exp_month: u8,
    exp_year: u16,
    /// Absent for a saved card paid on file.
    #[serde(default)]
    cvc: Option<String>,
    amount: u64,
    currency: String,
    capture: bool,
    authenticated: bool,
    /// EMV 3DS browser fields, as a processor's risk engine receives them.
    browser: BrowserInfo,
    /// Where the sandbox sends its notifications about this payment.
    notify_url: Option<String>,
}

/// A capture, void or refund request.
#[derive(Serialize, Deserialize)]
struct OperationRequest {
    idempotency_key: String,
    reference: String,
    payment_reference: String,
    amount: u64,
    notify_url: Option<String>,
}

/// One ledger line: a payment as the sandbox knows it.
#[derive(Serialize, Deserialize, Clone)]
struct Charge {
    idempotency_key: String,
    reference: String,
    last4: String,
    amount: u64,
    currency: String,
    outcome: String,
    decline_code: Option<String>,
    captured: u64,
    refunded: u64,
    voided: bool,
    disputes: bool,
    requests: u32,
    notify_url: Option<String>,
}

/// A capture, void or refund as the sandbox did it.
#[derive(Serialize, Deserialize, Clone)]
struct Done {
    kind: String,
    charge: String,
    amount: u64,
    accepted: bool,
    reason: Option<String>,
    requests: u32,
}

/// An answer; `lost` says the network lost it after the sandbox acted.
#[derive(Serialize, Deserialize, Default)]
struct Answer {
    reference: Option<String>,
    outcome: String,
    decline_code: Option<String>,
    reason: Option<String>,
    lost: bool,
}

/// A notification waiting to be sent.
#[derive(Serialize, Deserialize, Clone)]
struct Notification {
    at_ms: u64,
    url: String,
    body: Value,
    tries: u32,
}

/// The faults the sandbox injects: a share of requests, and which kinds.
#[derive(Serialize, Deserialize, Clone, Default)]
pub struct Faults {
    /// 0 to 1.
    pub rate: f64,
    /// `timeout` (acted, answer lost), `error` (failed before acting), `dropped` (acted, then a
    /// 5xx), `slow` (answers after a while).
    pub kinds: Vec<String>,
}

/// The Durable Object class: the sandbox processor's ledger.
#[durable_object]
pub struct SandboxProcessor {
    state: State,
    env: Env,
}

fn random_below(n: usize) -> usize {
    let mut b = [0u8; 4];
    let _ = RustCrypto.fill_random(&mut b);
    (u32::from_be_bytes(b) as usize) % n.max(1)
}

fn now_ms() -> u64 {
    worker::Date::now().as_millis()
}

/// The key the sandbox signs notifications with, derived from the edge's fingerprint secret so
/// nothing else can forge them.
pub fn notification_key(env: &Env) -> ApiResult<Vec<u8>> {
    let secret = required(env, "CARD_FINGERPRINT_SECRET")?;
    Ok(kdf::hkdf_sha256(secret.as_bytes(), b"", b"tessera/sandbox-notifications/v1", 32)?.to_vec())
}

impl SandboxProcessor {
    /// A fault for this request, by the configured rate.
    async fn fault(&self) -> Result<Option<String>> {
        let faults: Faults = self.state.storage().get("faults").await?.unwrap_or_default();
        if faults.kinds.is_empty() || faults.rate <= 0.0 {
            return Ok(None);
        }
        let roll = random_below(10_000) as f64 / 10_000.0;
        Ok((roll < faults.rate).then(|| faults.kinds[random_below(faults.kinds.len())].clone()))
    }

    async fn authorize(&self, req: AuthorizeRequest) -> Result<Response> {
        let storage = self.state.storage();
        let key = format!("charge:{}", req.idempotency_key);
        let fault = self.fault().await?;
        if fault.as_deref() == Some("error") {
            return Response::error("sandbox: unavailable", 500);
        }
        if let Some(mut charge) = storage.get::<Charge>(&key).await? {
            charge.requests += 1;
            storage.put(&key, &charge).await?;
            return self.answer(Answer { reference: Some(charge.reference), outcome: charge.outcome, decline_code: charge.decline_code, ..Answer::default() }, fault.as_deref()).await;
        }
        let number: CardNumber = req.number.parse().map_err(|e: tessera_core::Error| worker::Error::RustError(e.code().into()))?;
        let behaviour = sandbox::behaviour(&number, req.authenticated);
        let count: u64 = storage.get("count").await?.unwrap_or(0) + 1;
        let (outcome, decline_code) = match behaviour {
            Behaviour::Decline(code) => ("declined", Some(code.as_str().to_owned())),
            _ => ("approved", None),
        };
        let approved = outcome == "approved";
        let charge = Charge {
            idempotency_key: req.idempotency_key,
            reference: format!("sbx_{count:08}"),
            last4: number.last4().to_owned(),
            amount: req.amount,
            currency: req.currency,
            outcome: outcome.into(),
            decline_code,
            captured: if approved && req.capture { req.amount } else { 0 },
            refunded: 0,
            voided: false,
            disputes: behaviour == Behaviour::Dispute,
            requests: 1,
            notify_url: req.notify_url,
        };
        storage.put("count", count).await?;
        storage.put(&format!("ref:{}", charge.reference), &charge.idempotency_key).await?;
        storage.put(&key, &charge).await?;
        if charge.captured > 0 {
            self.after_capture(&charge).await?;
        }
        let answer = Answer { reference: Some(charge.reference.clone()), outcome: charge.outcome, decline_code: charge.decline_code, lost: behaviour == Behaviour::Timeout, ..Answer::default() };
        self.answer(answer, fault.as_deref()).await
    }

    /// Answers, or loses the answer, as the fault says.
    async fn answer(&self, mut answer: Answer, fault: Option<&str>) -> Result<Response> {
        match fault {
            Some("timeout") => answer.lost = true,
            Some("dropped") => return Response::error("sandbox: answer dropped", 502),
            Some("slow") => worker::Delay::from(std::time::Duration::from_millis(1500)).await,
            _ => {}
        }
        Response::from_json(&answer)
    }

    async fn charge_by_reference(&self, reference: &str) -> Result<Option<(String, Charge)>> {
        let storage = self.state.storage();
        let Some(payment_key) = storage.get::<String>(&format!("ref:{reference}")).await? else { return Ok(None) };
        let key = format!("charge:{payment_key}");
        Ok(storage.get::<Charge>(&key).await?.map(|c| (key, c)))
    }

    async fn operate(&self, kind: &str, req: OperationRequest) -> Result<Response> {
        let storage = self.state.storage();
        let fault = self.fault().await?;
        if fault.as_deref() == Some("error") {
            return Response::error("sandbox: unavailable", 500);
        }
        let op_key = format!("op:{}", req.idempotency_key);
        if let Some(mut done) = storage.get::<Done>(&op_key).await? {
            done.requests += 1;
            storage.put(&op_key, &done).await?;
            let outcome = if done.accepted { "done" } else { "refused" };
            return self.answer(Answer { reference: Some(req.idempotency_key.clone()), outcome: outcome.into(), reason: done.reason, ..Answer::default() }, fault.as_deref()).await;
        }
        let Some((charge_key, mut charge)) = self.charge_by_reference(&req.payment_reference).await? else {
            return self.answer(Answer { outcome: "refused".into(), reason: Some("unknown payment".into()), ..Answer::default() }, fault.as_deref()).await;
        };
        let refusal = match kind {
            "capture" if charge.outcome != "approved" || charge.voided || charge.captured > 0 => Some("not capturable"),
            "capture" if req.amount > charge.amount => Some("more than authorised"),
            "void" if charge.outcome != "approved" || charge.voided || charge.captured > 0 => Some("not voidable"),
            "refund" if charge.captured < charge.refunded + req.amount => Some("more than captured"),
            _ => None,
        };
        if refusal.is_none() {
            match kind {
                "capture" => charge.captured = req.amount,
                "void" => charge.voided = true,
                _ => charge.refunded += req.amount,
            }
            if charge.notify_url.is_none() {
                charge.notify_url = req.notify_url.clone();
            }
            storage.put(&charge_key, &charge).await?;
            if kind == "capture" {
                self.after_capture(&charge).await?;
            }
        }
        let done = Done { kind: kind.into(), charge: charge.reference.clone(), amount: req.amount, accepted: refusal.is_none(), reason: refusal.map(Into::into), requests: 1 };
        storage.put(&op_key, &done).await?;
        let outcome = if done.accepted { "done" } else { "refused" };
        self.answer(Answer { reference: Some(req.idempotency_key), outcome: outcome.into(), reason: done.reason, ..Answer::default() }, fault.as_deref()).await
    }

    /// A captured dispute card is disputed a few seconds later.
    async fn after_capture(&self, charge: &Charge) -> Result<()> {
        if !charge.disputes {
            return Ok(());
        }
        let Some(url) = charge.notify_url.clone() else { return Ok(()) };
        let body = json!({ "type": "dispute.opened", "payment": charge.idempotency_key, "amount": charge.captured, "reason": "fraudulent" });
        self.notify(Notification { at_ms: now_ms() + DISPUTE_AFTER_SECONDS * 1000, url, body, tries: 0 }).await
    }

    /// Evidence for a dispute: the sandbox bank decides by it a little later.
    async fn evidence(&self, body: Value) -> Result<Response> {
        let reference = body["payment_reference"].as_str().unwrap_or_default().to_owned();
        let won = body["evidence"].as_object().is_some_and(|fields| fields.values().any(|v| v.as_str().is_some_and(|t| t.contains(WINNING_EVIDENCE))));
        if let Some((_, charge)) = self.charge_by_reference(&reference).await?
            && let Some(url) = charge.notify_url.clone()
        {
            let body = json!({ "type": "dispute.decided", "payment": charge.idempotency_key, "won": won });
            self.notify(Notification { at_ms: now_ms() + DECISION_AFTER_SECONDS * 1000, url, body, tries: 0 }).await?;
        }
        Response::from_json(&Answer { outcome: "done".into(), ..Answer::default() })
    }

    async fn notify(&self, notification: Notification) -> Result<()> {
        let storage = self.state.storage();
        let mut outbox: Vec<Notification> = storage.get("outbox").await?.unwrap_or_default();
        outbox.push(notification);
        storage.put("outbox", &outbox).await?;
        self.wake(&outbox).await
    }

    async fn wake(&self, outbox: &[Notification]) -> Result<()> {
        if let Some(first) = outbox.iter().map(|n| n.at_ms).min() {
            self.state.storage().set_alarm(first.saturating_sub(now_ms()) as i64).await?;
        }
        Ok(())
    }

    /// Sends the notifications that are due, signed; a failed one is tried again a little later.
    async fn send_due(&self) -> Result<()> {
        let storage = self.state.storage();
        let outbox: Vec<Notification> = storage.get("outbox").await?.unwrap_or_default();
        let now = now_ms();
        let key = notification_key(&self.env).map_err(|e| worker::Error::RustError(e.code.as_str().into()))?;
        let mut left = Vec::new();
        for mut n in outbox {
            if n.at_ms > now {
                left.push(n);
                continue;
            }
            let body = n.body.to_string();
            let signature = b64::encode(&kdf::hmac_sha256(&key, body.as_bytes()));
            let headers = Headers::new();
            headers.set("Content-Type", "application/json")?;
            headers.set(SIGNATURE_HEADER, &signature)?;
            let delivered = crate::http::post_out(&n.url, headers, &body).await.is_ok_and(|s| (200..300).contains(&s));
            if !delivered && n.tries < 20 {
                n.tries += 1;
                n.at_ms = now + 1000 * u64::from(n.tries.min(10));
                left.push(n);
            }
        }
        storage.put("outbox", &left).await?;
        self.wake(&left).await
    }

    async fn ledger(&self) -> Result<Value> {
        let storage = self.state.storage();
        let mut charges = Vec::new();
        for value in storage.list_with_options(worker::ListOptions::new().prefix("charge:")).await?.values() {
            charges.push(serde_wasm_bindgen::from_value::<Charge>(value?)?);
        }
        let mut operations = Vec::new();
        for value in storage.list_with_options(worker::ListOptions::new().prefix("op:")).await?.values() {
            operations.push(serde_wasm_bindgen::from_value::<Done>(value?)?);
        }
        Ok(json!({ "charges": charges, "operations": operations }))
    }
}

impl DurableObject for SandboxProcessor {
    fn new(state: State, env: Env) -> Self {
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match req.path().as_str() {
            "/authorize" => self.authorize(req.json().await?).await,
            "/capture" => self.operate("capture", req.json().await?).await,
            "/void" => self.operate("void", req.json().await?).await,
            "/refund" => self.operate("refund", req.json().await?).await,
            "/sync" => {
                let body: Value = req.json().await?;
                let key = format!("charge:{}", body["idempotency_key"].as_str().unwrap_or_default());
                let answer = match self.state.storage().get::<Charge>(&key).await? {
                    Some(c) => Answer { reference: Some(c.reference), outcome: c.outcome, decline_code: c.decline_code, ..Answer::default() },
                    None => Answer { outcome: "unknown".into(), ..Answer::default() },
                };
                Response::from_json(&answer)
            }
            "/evidence" => self.evidence(req.json().await?).await,
            "/faults" => {
                let faults: Faults = req.json().await?;
                self.state.storage().put("faults", &faults).await?;
                Response::from_json(&faults)
            }
            "/ledger" => Response::from_json(&self.ledger().await?),
            _ => Response::error("not found", 404),
        }
    }

    async fn alarm(&self) -> Result<Response> {
        self.send_due().await?;
        Response::ok("")
    }
}

/// The connector to the sandbox processor.
pub struct Sandbox<'a> {
    pub env: &'a Env,
    /// Where the sandbox notifies Tessera (this edge's notification route), when known.
    pub notify_url: Option<String>,
}

impl Sandbox<'_> {
    async fn call<B: Serialize>(&self, path: &str, body: &B) -> std::result::Result<Answer, ConnectorError> {
        let answer: Answer = objects::call(self.env, "SANDBOX_PROCESSOR", LEDGER, path, body).await.map_err(|_| ConnectorError::Unavailable)?;
        if answer.lost {
            return Err(ConnectorError::Timeout);
        }
        Ok(answer)
    }

    async fn operation(&self, path: &str, op: &Operation<'_>) -> std::result::Result<Ack, ConnectorError> {
        let request = OperationRequest {
            idempotency_key: op.idempotency_key.into(),
            reference: op.reference.into(),
            payment_reference: op.payment_reference.into(),
            amount: op.amount.minor(),
            notify_url: self.notify_url.clone(),
        };
        let answer = self.call(path, &request).await?;
        Ok(match answer.outcome.as_str() {
            "done" => Ack::Done { reference: answer.reference },
            _ => Ack::Refused { reason: answer.reason.unwrap_or_else(|| "refused".into()) },
        })
    }
}

fn outcome(answer: Answer) -> std::result::Result<Outcome, ConnectorError> {
    match (answer.outcome.as_str(), answer.decline_code.as_deref().and_then(DeclineCode::parse), answer.reference) {
        ("approved", _, Some(reference)) => Ok(Outcome::Approved { reference }),
        ("declined", Some(code), reference) => Ok(Outcome::Declined { code, reference }),
        _ => Err(ConnectorError::Unavailable),
    }
}

impl Connector for Sandbox<'_> {
    async fn name(&self, _target: Target<'_>) -> ApiResult<&'static str> {
        Ok("sandbox")
    }

    async fn authorize(&self, _target: Target<'_>, a: &Authorization<'_>) -> std::result::Result<Outcome, ConnectorError> {
        let request = AuthorizeRequest {
            idempotency_key: a.payment_id.into(),
            number: a.card.number.reveal().into(),
            exp_month: a.card.expiry.month(),
            exp_year: a.card.expiry.year(),
            cvc: a.card.cvc.as_ref().map(|c| c.reveal().into()),
            amount: a.amount.minor(),
            currency: a.amount.currency().code().into(),
            capture: a.capture,
            authenticated: a.authenticated,
            browser: a.browser.clone(),
            notify_url: self.notify_url.clone(),
        };
        outcome(self.call("/authorize", &request).await?)
    }

    async fn capture(&self, _target: Target<'_>, op: &Operation<'_>) -> std::result::Result<Ack, ConnectorError> {
        self.operation("/capture", op).await
    }

    async fn void(&self, _target: Target<'_>, op: &Operation<'_>) -> std::result::Result<Ack, ConnectorError> {
        self.operation("/void", op).await
    }

    async fn refund(&self, _target: Target<'_>, op: &Operation<'_>) -> std::result::Result<Ack, ConnectorError> {
        self.operation("/refund", op).await
    }

    async fn sync_payment(&self, _target: Target<'_>, payment_id: &str, _waited: u64) -> std::result::Result<Sync, ConnectorError> {
        let answer: Answer = objects::call(self.env, "SANDBOX_PROCESSOR", LEDGER, "/sync", &json!({ "idempotency_key": payment_id })).await.map_err(|_| ConnectorError::Unavailable)?;
        if answer.outcome == "unknown" {
            return Ok(Sync::Unknown);
        }
        Ok(match outcome(answer)? {
            Outcome::Approved { reference } => Sync::Authorized { reference },
            Outcome::Declined { code, reference } => Sync::Declined { code, reference },
        })
    }

    async fn submit_evidence(&self, _target: Target<'_>, _dispute_id: &str, payment_reference: &str, evidence: &Value) -> std::result::Result<Ack, ConnectorError> {
        let body = json!({ "payment_reference": payment_reference, "evidence": evidence });
        self.call("/evidence", &body).await?;
        Ok(Ack::Pending { reference: None })
    }
}

/// The sandbox ledger, for the development route that tests read.
#[cfg(feature = "dev")]
pub async fn ledger(env: &Env) -> ApiResult<Value> {
    objects::call(env, "SANDBOX_PROCESSOR", LEDGER, "/ledger", &json!({})).await
}

/// Sets the sandbox's fault injection (development only).
#[cfg(feature = "dev")]
pub async fn set_faults(env: &Env, faults: &Faults) -> ApiResult<Value> {
    objects::call(env, "SANDBOX_PROCESSOR", LEDGER, "/faults", faults).await
}
