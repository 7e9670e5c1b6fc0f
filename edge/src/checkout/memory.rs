//! In-memory ports for native tests: the same contracts as D1 and the Durable Objects (a commit
//! is all or nothing and fails on a stale version; counters count exactly), with a processor
//! that follows the sandbox's test cards, remembers idempotency keys and can be told to fail.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use serde_json::{json, Value};
use tessera_core::api::{subscribes, ErrorCode, EventType, SessionStatus};
use tessera_core::checkout::{Checkout, Limits, Phase, Standing};
use tessera_core::payment::lifecycle::AUTHORIZATION_TTL;
use tessera_core::payment::refund::RefundStatus;
use tessera_core::payment::PaymentStatus;
use tessera_core::risk::{DeviceState, Rules};
use tessera_core::sandbox::{self, Behaviour};
use tessera_core::vault::Sealed;

use super::model::{Dispute, Payment, Refund, Session, StepUpRecord, Stored};
use super::ports::*;
use crate::error::{ApiError, ApiResult};
use crate::processor::{Ack, Authorization, Connector, ConnectorError, Operation, Outcome, Sync, Target};

/// A step-up row.
#[derive(Debug, Clone)]
pub struct StepUpRow {
    pub session_id: String,
    pub record: StepUpRecord,
    pub passed: bool,
}

/// How the processor answers the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// It does the work and the answer is lost.
    LostAnswer,
    /// It never gets the request.
    Down,
}

/// Everything the ports keep.
#[derive(Default)]
pub struct World {
    pub sessions: HashMap<String, (Session, Checkout, u64, Option<String>)>,
    pub step_ups: HashMap<String, StepUpRow>,
    pub payments: HashMap<String, Payment>,
    pub refunds: HashMap<String, Refund>,
    pub disputes: HashMap<String, Dispute>,
    pub vault: HashMap<String, Sealed>,
    pub history: Vec<(String, History)>,
    pub events: Vec<NewEvent>,
    pub endpoints: Vec<(String, Vec<String>)>,
    pub delivered: Vec<String>,
    pub leases: HashMap<String, String>,
    pub hits: HashMap<String, Vec<u64>>,
    pub standings: HashMap<String, Standing>,
    pub devices: HashMap<(String, String), Device>,
    pub countries: HashMap<String, Vec<String>>,
    pub decisions: Vec<Decision>,
    /// The version each lease's last holder left its session at.
    pub left_at: HashMap<String, u64>,
    /// Sessions whose lease was ever taken.
    pub ever_leased: std::collections::HashSet<String>,
    pub rules: Option<Rules>,
    pub outbox: Vec<Message>,
    /// Authorisations by idempotency key: (outcome, requests).
    pub ledger: HashMap<String, (Outcome, u32)>,
    /// Captures, voids and refunds by idempotency key: (kind, amount, requests).
    pub operations: HashMap<String, (&'static str, u64, u32)>,
    /// The next requests' faults, in order.
    pub faults: Vec<Fault>,
    /// Captures and refunds answer "pending" (an asynchronous processor).
    pub asynchronous: bool,
    pub passkey_shoppers: Vec<String>,
    pub challenges: Vec<(String, String, String)>,
    /// Live mode has a processor.
    pub live_processor: bool,
    /// Makes the next commit fail as if another request had written first.
    pub conflict_next: bool,
    /// The next risk decision fails to be stored.
    pub settle_fails: bool,
    /// Sessions whose payment was announced as paid (for invoices).
    pub paid_sessions: Vec<String>,
    pub consents: Vec<super::ports::Consent>,
    pub sca_counters: HashMap<String, (u32, u64)>,
    /// `(account email, merchant id)` pairs of trusted merchants.
    pub trusted: Vec<(String, String)>,
    lease_seq: u64,
    id_seq: u64,
}

/// The in-memory ports.
pub struct Memory {
    pub world: RefCell<World>,
    pub clock: Cell<u64>,
    settings: Settings,
}

impl Memory {
    pub fn new(limits: Limits) -> Self {
        let data_keys = format!(r#"{{"current":"dk1","keys":{{"dk1":"{}"}}}}"#, tessera_core::b64::encode(&[7; 32])).parse().expect("data keys");
        let world = World { endpoints: vec![("we_all".into(), vec!["*".into()])], ..World::default() };
        Memory {
            world: RefCell::new(world),
            clock: Cell::new(1_900_000_000),
            settings: Settings { limits, otp_secret: vec![1; 32], card_secret: vec![2; 32], data_keys, policy: std::rc::Rc::new(tessera_core::policy::Policy::builtin().expect("the shipped policy")) },
        }
    }

    pub fn advance(&self, seconds: u64) {
        self.clock.set(self.clock.get() + seconds);
    }

    /// The newest message to `to`.
    pub fn last_code(&self, to: &str) -> Option<String> {
        let world = self.world.borrow();
        let message = world.outbox.iter().rev().find(|m| m.destination.to == to)?;
        message.body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_owned)
    }

    pub fn messages_to(&self, to: &str) -> usize {
        self.world.borrow().outbox.iter().filter(|m| m.destination.to == to).count()
    }

    /// Authorisations the processor made.
    pub fn charges(&self) -> usize {
        self.world.borrow().ledger.len()
    }

    pub fn stored(&self, id: &str) -> Stored {
        pollster::block_on(Sessions::load(self, id)).expect("load").expect("session")
    }

    pub fn payment(&self, id: &str) -> Payment {
        self.world.borrow().payments.get(id).cloned().expect("payment")
    }

    /// The event types recorded, in order.
    pub fn event_types(&self) -> Vec<EventType> {
        self.world.borrow().events.iter().map(|e| e.kind).collect()
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut world = self.world.borrow_mut();
        world.id_seq += 1;
        format!("{prefix}{}", world.id_seq)
    }

    /// The next fault, if one is due.
    fn fault(&self) -> Option<Fault> {
        let mut world = self.world.borrow_mut();
        (!world.faults.is_empty()).then(|| world.faults.remove(0))
    }
}

impl Ports for Memory {
    fn sessions(&self) -> &impl Sessions {
        self
    }
    fn leases(&self) -> &impl Leases {
        self
    }
    fn counters(&self) -> &impl Counters {
        self
    }
    fn devices(&self) -> &impl Devices {
        self
    }
    fn messenger(&self) -> &impl Messenger {
        self
    }
    fn processor(&self) -> &impl Connector {
        self
    }
    fn passkeys(&self) -> &impl Passkeys {
        self
    }
    fn notifier(&self) -> &impl Notifier {
        self
    }
    fn payments(&self) -> &impl Payments {
        self
    }
    fn merchants(&self) -> &impl Merchants {
        self
    }
    fn after_payment(&self) -> &impl AfterPayment {
        self
    }
    fn regional(&self) -> &impl super::ports::Regional {
        self
    }
    fn now(&self) -> u64 {
        self.clock.get()
    }
    fn settings(&self) -> &Settings {
        &self.settings
    }
}

impl Sessions for Memory {
    async fn insert(&self, session: &Session, checkout: &Checkout) -> ApiResult<()> {
        self.world.borrow_mut().sessions.insert(session.id.clone(), (session.clone(), checkout.clone(), 0, None));
        Ok(())
    }

    async fn load(&self, id: &str) -> ApiResult<Option<Stored>> {
        let world = self.world.borrow();
        Ok(world.sessions.get(id).map(|(session, checkout, version, step_up)| Stored {
            session: session.clone(),
            checkout: checkout.clone(),
            version: *version,
            step_up: step_up.as_ref().and_then(|id| world.step_ups.get(id)).map(|row| row.record.clone()),
        }))
    }

    async fn commit(&self, c: &Commit) -> ApiResult<()> {
        let mut world = self.world.borrow_mut();
        let conflict = std::mem::take(&mut world.conflict_next);
        let Some((_, _, version, _)) = world.sessions.get(&c.session_id) else { return Err(ApiError::internal("memory", "no session")) };
        if conflict || *version != c.version {
            return Err(ErrorCode::ConfirmInProgress.into());
        }
        match &c.step_up {
            Some(StepUpWrite::New { id, destination, code, .. }) => {
                let record = StepUpRecord { id: id.clone(), channel: destination.channel, destination_masked: destination.masked.clone(), code_hash: code.as_ref().map(|c| c.hash.clone()) };
                world.step_ups.insert(id.clone(), StepUpRow { session_id: c.session_id.clone(), record, passed: false });
            }
            Some(StepUpWrite::Code { id, code }) => world.step_ups.get_mut(id).expect("step-up").record.code_hash = Some(code.hash.clone()),
            Some(StepUpWrite::Passed { id }) => world.step_ups.get_mut(id).expect("step-up").passed = true,
            None => {}
        }
        match &c.payment {
            Some(PaymentWrite::Start { payment, sealed_pan }) => {
                let in_flight = world.payments.values().any(|p| p.session_id == payment.session_id && p.status() == PaymentStatus::Processing);
                assert!(!in_flight, "two payments in flight for one session");
                world.vault.insert(payment.card.token.clone(), sealed_pan.clone());
                world.payments.insert(payment.id.clone(), (**payment).clone());
            }
            Some(PaymentWrite::Finish { id, state, decline_code, reference }) => {
                let payment = world.payments.get_mut(id).expect("payment");
                assert_eq!(payment.status(), PaymentStatus::Processing, "finished twice");
                payment.state = *state;
                payment.version += 1;
                payment.decline_code = *decline_code;
                payment.processor_reference = reference.clone();
            }
            None => {}
        }
        world.events.extend(c.events.iter().cloned());
        world.history.push((c.session_id.clone(), c.history.clone()));
        let new_step_up = match &c.step_up {
            Some(StepUpWrite::New { id, .. }) => Some(id.clone()),
            _ => None,
        };
        let (session, checkout, version, step_up) = world.sessions.get_mut(&c.session_id).expect("session");
        *checkout = c.next.clone();
        *version += 1;
        if let Some((amount, reference)) = &c.amount {
            session.amount = *amount;
            session.reference = reference.clone();
        }
        if let Some(paid) = &c.paid_by {
            session.payment_id = Some(paid.clone());
        }
        *step_up = match (&c.next.phase, new_step_up) {
            (Phase::RequiresAction(_), Some(id)) => Some(id),
            (Phase::RequiresAction(_), None) => step_up.take(),
            _ => None,
        };
        Ok(())
    }

    async fn in_flight(&self, session_id: &str) -> ApiResult<Option<Payment>> {
        Ok(self.world.borrow().payments.values().find(|p| p.session_id == session_id && p.status() == PaymentStatus::Processing).cloned())
    }

    async fn passed_step_up(&self, session_id: &str, _device: &str, _since: u64) -> ApiResult<bool> {
        Ok(self.world.borrow().step_ups.values().any(|s| s.session_id == session_id && s.passed))
    }

    async fn due_to_expire(&self, now: u64, limit: u32) -> ApiResult<Vec<String>> {
        let world = self.world.borrow();
        let due = world.sessions.values().filter(|(s, c, _, _)| now >= s.expires_at && matches!(c.phase.status(), SessionStatus::Open | SessionStatus::RequiresAction));
        Ok(due.take(limit as usize).map(|(s, _, _, _)| s.id.clone()).collect())
    }
}

impl Payments for Memory {
    async fn load(&self, id: &str) -> ApiResult<Option<Payment>> {
        Ok(self.world.borrow().payments.get(id).cloned())
    }

    async fn commit(&self, c: &PaymentCommit) -> ApiResult<()> {
        let mut world = self.world.borrow_mut();
        let Some(payment) = world.payments.get(&c.payment_id) else { return Err(ApiError::internal("memory", "no payment")) };
        if payment.version != c.version {
            return Err(ErrorCode::PaymentOperationInProgress.into());
        }
        let payment = world.payments.get_mut(&c.payment_id).expect("payment");
        payment.state = c.next;
        payment.version += 1;
        if let Some(reference) = &c.reference {
            payment.processor_reference = Some(reference.clone());
        }
        match &c.refund {
            Some(RefundWrite::Insert(refund)) => {
                world.refunds.insert(refund.id.clone(), (**refund).clone());
            }
            Some(RefundWrite::Update { id, status, acknowledged, reference, failure_reason }) => {
                let refund = world.refunds.get_mut(id).expect("refund");
                refund.status = *status;
                refund.acknowledged = *acknowledged;
                refund.processor_reference = reference.clone();
                refund.failure_reason = failure_reason.clone();
            }
            None => {}
        }
        match &c.dispute {
            Some(DisputeWrite::Insert(dispute)) => {
                world.disputes.insert(dispute.id.clone(), (**dispute).clone());
            }
            Some(DisputeWrite::Update { id, status, evidence, files, submitted_at }) => {
                let dispute = world.disputes.get_mut(id).expect("dispute");
                dispute.status = *status;
                dispute.evidence = evidence.clone();
                dispute.submitted_at = *submitted_at;
                for f in files {
                    dispute.files.retain(|(n, _, _)| n != &f.name);
                    dispute.files.push((f.name.clone(), f.content_type.clone(), f.size));
                }
            }
            None => {}
        }
        world.events.extend(c.events.iter().cloned());
        Ok(())
    }

    async fn refund(&self, id: &str) -> ApiResult<Option<Refund>> {
        Ok(self.world.borrow().refunds.get(id).cloned())
    }

    async fn dispute(&self, id: &str) -> ApiResult<Option<Dispute>> {
        Ok(self.world.borrow().disputes.get(id).cloned())
    }

    async fn dispute_of(&self, payment_id: &str) -> ApiResult<Option<Dispute>> {
        Ok(self.world.borrow().disputes.values().find(|d| d.payment_id == payment_id).cloned())
    }

    async fn due(&self, before: u64, now: u64, _limit: u32) -> ApiResult<Due> {
        let world = self.world.borrow();
        let ids = |f: &dyn Fn(&Payment) -> bool| world.payments.values().filter(|p| f(p)).map(|p| p.id.clone()).collect::<Vec<_>>();
        Ok(Due {
            processing: ids(&|p| p.status() == PaymentStatus::Processing && p.updated_at <= before),
            pending: ids(&|p| p.state.pending.is_some()),
            refunds: world.refunds.values().filter(|r| r.status == RefundStatus::Pending && !r.acknowledged && r.created_at <= before).map(|r| r.id.clone()).collect(),
            expiring: ids(&|p| p.status() == PaymentStatus::RequiresCapture && p.state.pending.is_none() && now >= p.state.authorized_at + AUTHORIZATION_TTL),
        })
    }
}

impl Leases for Memory {
    async fn acquire(&self, session_id: &str) -> ApiResult<Option<Acquired>> {
        let mut world = self.world.borrow_mut();
        if world.leases.contains_key(session_id) {
            return Ok(None);
        }
        world.lease_seq += 1;
        let holder = format!("lease_{}", world.lease_seq);
        world.leases.insert(session_id.to_owned(), holder.clone());
        // Before the first lease a session is as it was made, at version 0.
        let left_at = match world.ever_leased.insert(session_id.to_owned()) {
            true => Some(0),
            false => world.left_at.remove(session_id),
        };
        Ok(Some(Acquired { holder, left_at }))
    }

    async fn release(&self, session_id: &str, holder: &str, left_at: Option<u64>) -> ApiResult<()> {
        let mut world = self.world.borrow_mut();
        if world.leases.get(session_id).map(String::as_str) == Some(holder) {
            world.leases.remove(session_id);
            if let Some(version) = left_at {
                world.left_at.insert(session_id.to_owned(), version);
            }
        }
        Ok(())
    }
}

impl Counters for Memory {
    async fn hit(&self, key: &str, window: u64) -> ApiResult<u32> {
        let now = self.now();
        let mut world = self.world.borrow_mut();
        let hits = world.hits.entry(key.to_owned()).or_default();
        hits.retain(|&t| t + window > now);
        hits.push(now);
        Ok(hits.len() as u32)
    }

    async fn count(&self, key: &str, window: u64) -> ApiResult<u32> {
        let now = self.now();
        Ok(self.world.borrow().hits.get(key).map_or(0, |hits| hits.iter().filter(|&&t| t + window > now).count() as u32))
    }

    async fn take(&self, key: &str, limit: u32, window: u64) -> ApiResult<bool> {
        if self.count(key, window).await? >= limit {
            return Ok(false);
        }
        self.hit(key, window).await?;
        Ok(true)
    }

    async fn standing(&self, shopper: &str) -> ApiResult<Standing> {
        Ok(self.world.borrow().standings.get(shopper).copied().unwrap_or_default())
    }

    async fn strike(&self, shopper: &str, limits: &Limits) -> ApiResult<Standing> {
        let now = self.now();
        let mut world = self.world.borrow_mut();
        let standing = world.standings.entry(shopper.to_owned()).or_default();
        let before = *standing;
        if !before.blocked(now) {
            standing.failures += 1;
            if standing.failures >= limits.max_failed_codes {
                standing.blocked_until = now + limits.shopper_block;
            }
        }
        Ok(before)
    }

    async fn clear(&self, shopper: &str) -> ApiResult<()> {
        self.world.borrow_mut().standings.remove(shopper);
        Ok(())
    }
}

impl Devices for Memory {
    async fn rules(&self, _merchant_id: &str) -> ApiResult<Rules> {
        Ok(self.world.borrow().rules.clone().unwrap_or_default())
    }

    async fn rules_of_session(&self, _session_id: &str) -> ApiResult<Rules> {
        Ok(self.world.borrow().rules.clone().unwrap_or_default())
    }

    async fn device(&self, shopper: &str, device: &str) -> ApiResult<Option<Device>> {
        Ok(self.world.borrow().devices.get(&(shopper.to_owned(), device.to_owned())).cloned())
    }

    async fn countries(&self, shopper: &str) -> ApiResult<Vec<String>> {
        Ok(self.world.borrow().countries.get(shopper).cloned().unwrap_or_default())
    }

    async fn save_context(&self, shopper: &str, device: &str, known: &Known<'_>, _now: u64) -> ApiResult<()> {
        let mut world = self.world.borrow_mut();
        if let Some(d) = world.devices.get_mut(&(shopper.to_owned(), device.to_owned())) {
            if known.trust && d.state != DeviceState::Revoked {
                d.state = DeviceState::Trusted;
            }
            d.countries = known.device_countries.to_vec();
            d.fingerprints = known.fingerprints.to_vec();
        }
        world.countries.insert(shopper.to_owned(), known.shopper_countries.to_vec());
        Ok(())
    }

    async fn settle(&self, shopper: &str, decision: &Decision) -> ApiResult<()> {
        let mut world = self.world.borrow_mut();
        if std::mem::take(&mut world.settle_fails) {
            return Err(ApiError::internal("memory", "the decision was not stored"));
        }
        let key = (shopper.to_owned(), decision.device.clone());
        world.devices.entry(key).or_insert(Device { state: DeviceState::Pending, countries: Vec::new(), fingerprints: Vec::new() });
        world.decisions.push(decision.clone());
        Ok(())
    }
}

impl Messenger for Memory {
    async fn send(&self, message: &Message) -> ApiResult<()> {
        self.world.borrow_mut().outbox.push(message.clone());
        Ok(())
    }
}

impl Passkeys for Memory {
    async fn has_any(&self, shopper: &str) -> ApiResult<bool> {
        Ok(self.world.borrow().passkey_shoppers.iter().any(|s| s == shopper))
    }

    async fn offer(&self, _shopper: &str, session_id: &str, device: &str, binding: &str) -> ApiResult<Value> {
        self.world.borrow_mut().challenges.push((session_id.to_owned(), device.to_owned(), binding.to_owned()));
        Ok(json!({ "challenge": format!("{session_id}/{device}") }))
    }

    /// Stands in for a WebAuthn check: `{"signed": true}` answers a challenge issued for this
    /// session, device and binding, once.
    async fn verify(&self, _shopper: &str, session_id: &str, device: &str, binding: &str, assertion: &Value) -> ApiResult<()> {
        let mut world = self.world.borrow_mut();
        let wanted = (session_id.to_owned(), device.to_owned(), binding.to_owned());
        let position = world.challenges.iter().position(|c| *c == wanted);
        match (position, assertion.get("signed").and_then(Value::as_bool)) {
            (Some(i), Some(true)) => {
                world.challenges.remove(i);
                Ok(())
            }
            _ => Err(tessera_core::Error::WebauthnChallengeMismatch.into()),
        }
    }
}

impl Notifier for Memory {
    async fn plan(&self, merchant_id: &str, livemode: bool, kind: EventType, object_id: &str, object: &Value) -> ApiResult<NewEvent> {
        let id = self.next_id("evt_");
        let deliveries = self
            .world
            .borrow()
            .endpoints
            .iter()
            .filter(|(_, enabled)| subscribes(enabled, kind))
            .map(|(endpoint, _)| (format!("whd_{id}_{endpoint}"), endpoint.clone()))
            .collect();
        let payload = json!({ "id": id, "type": kind, "data": { "object": object } }).to_string();
        Ok(NewEvent { id, merchant_id: merchant_id.to_owned(), livemode, kind, object_id: object_id.to_owned(), payload, deliveries })
    }

    async fn deliver(&self, event: &NewEvent) -> ApiResult<()> {
        self.world.borrow_mut().delivered.extend(event.deliveries.iter().map(|(d, _)| d.clone()));
        Ok(())
    }
}

impl AfterPayment for Memory {
    async fn paid(&self, session_id: &str) -> ApiResult<()> {
        self.world.borrow_mut().paid_sessions.push(session_id.to_owned());
        Ok(())
    }
}

impl Merchants for Memory {
    async fn info(&self, _id: &str) -> ApiResult<MerchantInfo> {
        Ok(MerchantInfo { name: "Mosaic Books".into(), support_email: None })
    }
}

impl Memory {
    /// An operation the processor remembers by key: done once, however often it is sent.
    fn operate(&self, kind: &'static str, operation: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let fault = self.fault();
        if fault == Some(Fault::Down) {
            return Err(ConnectorError::Unavailable);
        }
        let mut world = self.world.borrow_mut();
        let entry = world.operations.entry(operation.idempotency_key.to_owned()).or_insert((kind, operation.amount.minor(), 0));
        entry.2 += 1;
        let asynchronous = world.asynchronous;
        if fault == Some(Fault::LostAnswer) {
            return Err(ConnectorError::Timeout);
        }
        let reference = Some(format!("mem_{kind}_{}", operation.reference));
        Ok(if asynchronous { Ack::Pending { reference } } else { Ack::Done { reference } })
    }
}

impl Connector for Memory {
    async fn name(&self, target: Target<'_>) -> ApiResult<&'static str> {
        match (target.livemode, self.world.borrow().live_processor) {
            (false, _) => Ok("memory"),
            (true, true) => Ok("memory-live"),
            (true, false) => Err(ErrorCode::ProcessorNotConfigured.into()),
        }
    }

    async fn authorize(&self, _target: Target<'_>, request: &Authorization<'_>) -> Result<Outcome, ConnectorError> {
        let fault = self.fault();
        if fault == Some(Fault::Down) {
            return Err(ConnectorError::Unavailable);
        }
        let mut world = self.world.borrow_mut();
        if let Some((outcome, requests)) = world.ledger.get_mut(request.payment_id) {
            *requests += 1;
            return Ok(outcome.clone());
        }
        let behaviour = sandbox::behaviour(&request.card.number, request.authenticated);
        let reference = format!("mem_{}", world.ledger.len() + 1);
        let outcome = match behaviour {
            Behaviour::Approve | Behaviour::Timeout | Behaviour::Dispute => Outcome::Approved { reference },
            Behaviour::Decline(code) => Outcome::Declined { code, reference: Some(reference) },
        };
        world.ledger.insert(request.payment_id.to_owned(), (outcome.clone(), 1));
        if behaviour == Behaviour::Timeout || fault == Some(Fault::LostAnswer) {
            return Err(ConnectorError::Timeout);
        }
        Ok(outcome)
    }

    async fn capture(&self, _target: Target<'_>, operation: &Operation<'_>) -> Result<Ack, ConnectorError> {
        self.operate("capture", operation)
    }

    async fn void(&self, _target: Target<'_>, operation: &Operation<'_>) -> Result<Ack, ConnectorError> {
        self.operate("void", operation)
    }

    async fn refund(&self, _target: Target<'_>, operation: &Operation<'_>) -> Result<Ack, ConnectorError> {
        self.operate("refund", operation)
    }

    async fn sync_payment(&self, _target: Target<'_>, payment_id: &str, _waited: u64) -> Result<Sync, ConnectorError> {
        Ok(match self.world.borrow().ledger.get(payment_id) {
            Some((Outcome::Approved { reference }, _)) => Sync::Authorized { reference: reference.clone() },
            Some((Outcome::Declined { code, reference }, _)) => Sync::Declined { code: *code, reference: reference.clone() },
            None => Sync::Unknown,
        })
    }

    async fn submit_evidence(&self, _target: Target<'_>, _dispute_id: &str, _payment_reference: &str, _evidence: &Value) -> Result<Ack, ConnectorError> {
        Ok(Ack::Pending { reference: None })
    }
}

impl super::ports::Regional for Memory {
    async fn consent(&self, device: &str, merchant_id: &str) -> ApiResult<Option<super::ports::Consent>> {
        Ok(self.world.borrow().consents.iter().rev().find(|c| c.device == device && c.merchant_id == merchant_id).cloned())
    }
    async fn record_consent(&self, consent: &super::ports::Consent) -> ApiResult<()> {
        self.world.borrow_mut().consents.push(consent.clone());
        Ok(())
    }
    async fn counted(&self, keys: &[String]) -> ApiResult<tessera_core::policy::sca::Counted> {
        let w = self.world.borrow();
        let mut counted = tessera_core::policy::sca::Counted::default();
        for (count, total) in keys.iter().filter_map(|k| w.sca_counters.get(k)) {
            counted = tessera_core::policy::sca::Counted { count: counted.count.max(*count), total: counted.total.max(*total) };
        }
        Ok(counted)
    }
    async fn take_low_value(&self, keys: &[String], value: u64, count: u32, total: u64, _now: u64) -> ApiResult<bool> {
        let mut w = self.world.borrow_mut();
        let room = keys.iter().all(|k| w.sca_counters.get(k).is_none_or(|(c, t)| *c < count && t + value <= total));
        if room {
            for k in keys {
                let e = w.sca_counters.entry(k.clone()).or_default();
                *e = (e.0 + 1, e.1 + value);
            }
        }
        Ok(room)
    }
    async fn reset_low_value(&self, keys: &[String]) -> ApiResult<()> {
        let mut w = self.world.borrow_mut();
        for k in keys {
            w.sca_counters.remove(k);
        }
        Ok(())
    }
    async fn recurring_established(&self, session: &Session, series: &str, card: &str) -> ApiResult<bool> {
        let w = self.world.borrow();
        Ok(w.payments.values().any(|p| {
            let Some((s, ..)) = w.sessions.get(&p.session_id) else { return false };
            s.id != session.id && s.merchant_id == session.merchant_id && s.recurring_series.as_deref() == Some(series) && p.card.fingerprint == card
                && p.amount == session.amount && p.authenticated && s.email == session.email && s.phone == session.phone
                && matches!(p.status(), tessera_core::payment::PaymentStatus::RequiresCapture | tessera_core::payment::PaymentStatus::Succeeded)
        }))
    }
    async fn exemption(&self, session_id: &str, device: &str) -> ApiResult<Option<tessera_core::policy::sca::Exemption>> {
        let w = self.world.borrow();
        let last = w.decisions.iter().rev().find(|d| d.session_id == session_id && d.device == device);
        Ok(last.and_then(|d| d.sca["exemption"].as_str().and_then(tessera_core::policy::sca::Exemption::parse)))
    }
    async fn trusted_beneficiary(&self, email: &str, merchant_id: &str) -> ApiResult<bool> {
        Ok(self.world.borrow().trusted.iter().any(|(e, m)| e == email && m == merchant_id))
    }
}
