//! What the checkout's use cases need from the world, as narrow traits: the session store, the
//! session lease, counters, the device registry, the message sender, the processor, passkeys and
//! webhook delivery. The edge implements them over D1 and Durable Objects (`crate::adapters`);
//! native tests implement them in memory (`super::memory`).
#![allow(async_fn_in_trait)]

use serde_json::Value;
use tessera_core::api::{EventType, SessionStatus};
use tessera_core::checkout::{Checkout, Limits, Standing};
use tessera_core::fingerprint::Fingerprint;
use tessera_core::payment::dispute::DisputeStatus;
use tessera_core::payment::lifecycle::PaymentState;
use tessera_core::payment::refund::RefundStatus;
use tessera_core::payment::DeclineCode;
use tessera_core::risk::{DeviceState, Rules};
use tessera_core::vault::{DataKeys, Sealed};

use super::model::{Destination, Dispute, Payment, Refund, Session, Stored};
use crate::error::ApiResult;
use crate::processor::Connector;

/// A new step-up's row, or a new code on the step-up in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepUpWrite {
    /// A step-up for a payer; its id becomes the session's `step_up_id`.
    New {
        /// `su_…`
        id: String,
        /// Where its code goes.
        destination: Destination,
        /// A passkey was offered.
        passkey: bool,
        /// The code sent with it, if one was.
        code: Option<CodeWrite>,
    },
    /// A new code on the step-up in progress.
    Code {
        /// `su_…`
        id: String,
        /// The code.
        code: CodeWrite,
    },
    /// The step-up was passed (kept for the passkey offer that follows a code).
    Passed {
        /// `su_…`
        id: String,
    },
}

/// A code as stored: only its keyed hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeWrite {
    /// HMAC of the code, bound to the step-up and the binding.
    pub hash: String,
}

/// A payment row written by a commit.
#[derive(Debug, Clone)]
pub enum PaymentWrite {
    /// The card vaulted and the payment recorded as processing, before the processor sees it.
    Start {
        /// The payment.
        payment: Box<Payment>,
        /// The card number, sealed under the data key for the vault row `payment.card.token`.
        sealed_pan: Sealed,
    },
    /// The processor's answer.
    Finish {
        /// `pay_…`
        id: String,
        /// Its state after the answer (authorised and maybe captured, or declined).
        state: PaymentState,
        /// Why it failed.
        decline_code: Option<DeclineCode>,
        /// The processor's reference.
        reference: Option<String>,
    },
}

/// An event recorded with the transition that caused it, and its deliveries, one per endpoint
/// that wants it; they start after the commit.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// `evt_…`
    pub id: String,
    /// Whose it is.
    pub merchant_id: String,
    /// Test or live.
    pub livemode: bool,
    /// What happened.
    pub kind: EventType,
    /// The object it is about.
    pub object_id: String,
    /// The signed body.
    pub payload: String,
    /// `(delivery id, endpoint id)` for each endpoint subscribed to it.
    pub deliveries: Vec<(String, String)>,
}

/// One line of a session's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// What happened (`tessera_core::checkout::Event::name`).
    pub event: &'static str,
    /// The status before.
    pub from: SessionStatus,
    /// The status after.
    pub to: SessionStatus,
    /// The device that caused it, if any.
    pub device: Option<String>,
    /// A word more (a refusal's code, a decline code).
    pub detail: Option<String>,
}

/// One transition of a session, written at once or not at all.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The session.
    pub session_id: String,
    /// The version that was read; another write in between makes this one fail.
    pub version: u64,
    /// The machine's next state.
    pub next: Checkout,
    /// A changed amount and reference (the merchant's update).
    pub amount: Option<(tessera_core::money::Amount, String)>,
    /// The payment that paid the session.
    pub paid_by: Option<String>,
    /// The step-up row.
    pub step_up: Option<StepUpWrite>,
    /// The payment row.
    pub payment: Option<PaymentWrite>,
    /// Events for the merchant.
    pub events: Vec<NewEvent>,
    /// What happened.
    pub history: History,
    /// When.
    pub at: u64,
}

/// Sessions and what hangs off them.
pub trait Sessions {
    /// A new session.
    async fn insert(&self, session: &Session, checkout: &Checkout) -> ApiResult<()>;
    /// The session and its machine state.
    async fn load(&self, id: &str) -> ApiResult<Option<Stored>>;
    /// Writes a transition; `ConfirmInProgress` if another write came first (nothing written).
    async fn commit(&self, commit: &Commit) -> ApiResult<()>;
    /// The payment in flight of a session.
    async fn in_flight(&self, session_id: &str) -> ApiResult<Option<Payment>>;
    /// Whether `device` passed a step-up of the session since `since`.
    async fn passed_step_up(&self, session_id: &str, device: &str, since: u64) -> ApiResult<bool>;
    /// Sessions still payable whose time ran out, at most `limit`.
    async fn due_to_expire(&self, now: u64, limit: u32) -> ApiResult<Vec<String>>;
}

/// A session's lease, taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acquired {
    /// The holder the edge made up.
    pub holder: String,
    /// The session's version as the last holder left it, if it said so and no holder since
    /// was told.
    pub left_at: Option<u64>,
}

/// One confirm at a time per session.
pub trait Leases {
    /// A lease on the session under a holder the edge made up, or `None` if another holds it.
    async fn acquire(&self, session_id: &str) -> ApiResult<Option<Acquired>>;
    /// Gives the lease back, saying which version the holder left the session at.
    async fn release(&self, session_id: &str, holder: &str, left_at: Option<u64>) -> ApiResult<()>;
}

/// Counts that must hold whatever the clients do, each in one place so concurrent requests
/// count exactly.
pub trait Counters {
    /// Records one hit on `key` and returns the hits within `window`, this one included.
    async fn hit(&self, key: &str, window: u64) -> ApiResult<u32>;
    /// The hits on `key` within `window`, recording nothing.
    async fn count(&self, key: &str, window: u64) -> ApiResult<u32>;
    /// Records a hit only if fewer than `limit` are within `window`; whether it did.
    async fn take(&self, key: &str, limit: u32, window: u64) -> ApiResult<bool>;
    /// The shopper's standing with wrong codes.
    async fn standing(&self, shopper: &str) -> ApiResult<Standing>;
    /// Counts a wrong code for the shopper before it is weighed (so concurrent guesses cannot
    /// all slip under the limit) and returns the standing before it; a blocked shopper's code is
    /// not counted.
    async fn strike(&self, shopper: &str, limits: &Limits) -> ApiResult<Standing>;
    /// A step-up passed: the shopper's wrong codes in a row start again.
    async fn clear(&self, shopper: &str) -> ApiResult<()>;
}

/// A device as the registry knows it for one shopper.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    /// Pending, trusted or revoked.
    pub state: DeviceState,
    /// Countries it paid or proved from.
    pub countries: Vec<String>,
    /// Its last fingerprints, oldest first.
    pub fingerprints: Vec<Fingerprint>,
}

/// What a device and its shopper are known by after a payment or a step-up.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// Countries the device paid or proved from.
    pub device_countries: &'a [String],
    /// Its last fingerprints, oldest first.
    pub fingerprints: &'a [Fingerprint],
    /// Countries the shopper paid or proved from.
    pub shopper_countries: &'a [String],
    /// The device passed a step-up: make it trusted (unless revoked).
    pub trust: bool,
}

/// A risk decision as stored and shown to the merchant.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// `rd_…`
    pub id: String,
    /// The session decided on.
    pub session_id: String,
    /// Its merchant.
    pub merchant_id: String,
    /// The device.
    pub device: String,
    /// What was decided.
    pub action: tessera_core::risk::Action,
    /// The rules that matched.
    pub reasons: Vec<String>,
    /// The signals they saw.
    pub signals: Value,
    /// The request's country.
    pub country: String,
    /// The policy version, region and rules it followed.
    pub policy: Value,
    /// The SCA outcome.
    pub sca: Value,
    /// The policy region, whose retention applies.
    pub region: String,
    /// When.
    pub at: u64,
}

/// The shoppers' devices, where they paid from, and the risk rules and decisions.
pub trait Devices {
    /// The rules for a merchant's checkout: the operator's, then the merchant's own.
    async fn rules(&self, merchant_id: &str) -> ApiResult<Rules>;
    /// The rules for the merchant of the session `session_id`, the operator's alone if there is
    /// no such session.
    async fn rules_of_session(&self, session_id: &str) -> ApiResult<Rules>;
    /// The device `device` of `shopper`.
    async fn device(&self, shopper: &str, device: &str) -> ApiResult<Option<Device>>;
    /// Countries the shopper paid or proved from.
    async fn countries(&self, shopper: &str) -> ApiResult<Vec<String>>;
    /// Stores what the device and shopper are now known by.
    async fn save_context(&self, shopper: &str, device: &str, known: &Known<'_>, now: u64) -> ApiResult<()>;
    /// Stores a decision on a confirm and what it leaves known of the device, in one write: the
    /// device seen (registered as pending the first time) and the policy region it paid from,
    /// whose retention applies to it.
    async fn settle(&self, shopper: &str, decision: &Decision) -> ApiResult<()>;
}

/// A message to a shopper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Where.
    pub destination: Destination,
    /// Subject line (email).
    pub subject: String,
    /// The text.
    pub body: String,
}

/// Sends one-time codes.
pub trait Messenger {
    /// Sends `message`; `MessageNotSent` if the provider refused it.
    async fn send(&self, message: &Message) -> ApiResult<()>;
}

/// Passkeys of shoppers, and the challenges of WebAuthn ceremonies.
pub trait Passkeys {
    /// Whether the shopper has a passkey.
    async fn has_any(&self, shopper: &str) -> ApiResult<bool>;
    /// Assertion options for the shopper's passkeys, with a single-use challenge bound to the
    /// session, the device and `binding`.
    async fn offer(&self, shopper: &str, session_id: &str, device: &str, binding: &str) -> ApiResult<Value>;
    /// Verifies an assertion answering such a challenge (and uses the challenge up).
    async fn verify(&self, shopper: &str, session_id: &str, device: &str, binding: &str, assertion: &Value) -> ApiResult<()>;
}

/// Events and their delivery.
pub trait Notifier {
    /// An event about `object`, with a delivery for each of the merchant's endpoints (of its
    /// mode) that subscribes to `kind`; recorded by the commit it goes with.
    async fn plan(&self, merchant_id: &str, livemode: bool, kind: EventType, object_id: &str, object: &Value) -> ApiResult<NewEvent>;
    /// Reads ahead what [`Notifier::plan`] will need for the merchant's events in this request,
    /// so it can be read while something else is awaited (the processor). Optional.
    async fn prepare(&self, merchant_id: &str, livemode: bool) {
        let _ = (merchant_id, livemode);
    }
    /// Starts the deliveries of a recorded event.
    async fn deliver(&self, event: &NewEvent) -> ApiResult<()>;
}

/// A refund row written by a payment's commit.
#[derive(Debug, Clone)]
pub enum RefundWrite {
    /// A new refund, pending.
    Insert(Box<Refund>),
    /// What the processor said.
    Update {
        /// `re_…`
        id: String,
        /// Its status now.
        status: RefundStatus,
        /// The processor took it.
        acknowledged: bool,
        /// The processor's reference.
        reference: Option<String>,
        /// Why it failed.
        failure_reason: Option<String>,
    },
}

/// A file of evidence: its bytes as base64, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Its name (unique per dispute).
    pub name: String,
    /// Its media type.
    pub content_type: String,
    /// Base64 of the bytes.
    pub data: String,
    /// Decoded size in bytes.
    pub size: u64,
}

/// A dispute row written by a payment's commit.
#[derive(Debug, Clone)]
pub enum DisputeWrite {
    /// A new dispute.
    Insert(Box<Dispute>),
    /// A change.
    Update {
        /// `dp_…`
        id: String,
        /// Its status now.
        status: DisputeStatus,
        /// Its text evidence.
        evidence: Value,
        /// Files to add (a name already there is replaced).
        files: Vec<EvidenceFile>,
        /// When it was handed in.
        submitted_at: Option<u64>,
    },
}

/// One transition of a payment, written at once or not at all.
#[derive(Debug, Clone)]
pub struct PaymentCommit {
    /// The payment.
    pub payment_id: String,
    /// The version that was read.
    pub version: u64,
    /// Its state after.
    pub next: PaymentState,
    /// A new processor reference.
    pub reference: Option<String>,
    /// A refund row.
    pub refund: Option<RefundWrite>,
    /// A dispute row.
    pub dispute: Option<DisputeWrite>,
    /// Events for the merchant.
    pub events: Vec<NewEvent>,
    /// When.
    pub at: u64,
}

/// What the scheduled sweep has to look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Due {
    /// Payments still processing: their authorisation's answer was lost.
    pub processing: Vec<String>,
    /// Payments with a capture or a void sent and not answered.
    pub pending: Vec<String>,
    /// Refunds the processor has not acknowledged.
    pub refunds: Vec<String>,
    /// Uncaptured authorisations older than seven days.
    pub expiring: Vec<String>,
}

/// Payments and what follows them.
pub trait Payments {
    /// A payment with its state.
    async fn load(&self, id: &str) -> ApiResult<Option<Payment>>;
    /// Writes a transition; `PaymentOperationInProgress` if another write came first.
    async fn commit(&self, commit: &PaymentCommit) -> ApiResult<()>;
    /// A refund.
    async fn refund(&self, id: &str) -> ApiResult<Option<Refund>>;
    /// A dispute.
    async fn dispute(&self, id: &str) -> ApiResult<Option<Dispute>>;
    /// The dispute of a payment.
    async fn dispute_of(&self, payment_id: &str) -> ApiResult<Option<Dispute>>;
    /// What the sweep should resolve: what has waited since before `before`, at most `limit` of each.
    async fn due(&self, before: u64, now: u64, limit: u32) -> ApiResult<Due>;
}

/// What the checkout needs to know of a merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantInfo {
    /// Shown to shoppers, named in codes' messages.
    pub name: String,
    /// Where it answers shoppers (its business details), named in receipts.
    pub support_email: Option<String>,
}

/// Merchants.
pub trait Merchants {
    /// The merchant `id`.
    async fn info(&self, id: &str) -> ApiResult<MerchantInfo>;
}

/// What follows a paid session outside the checkout: its invoice, if it has one, is paid.
pub trait AfterPayment {
    /// The session `session_id` was paid; a second call changes nothing.
    async fn paid(&self, session_id: &str) -> ApiResult<()>;
}

/// What the use cases are configured with: limits, secrets, keys.
pub struct Settings {
    /// Code limits.
    pub limits: Limits,
    /// Key for one-time code hashes.
    pub otp_secret: Vec<u8>,
    /// Secret for keyed card fingerprints.
    pub card_secret: Vec<u8>,
    /// The vault's data keys.
    pub data_keys: DataKeys,
    /// The regional policy.
    pub policy: std::rc::Rc<tessera_core::policy::Policy>,
}

/// Everything the checkout reaches, in one bundle.
pub trait Ports {
    /// The session store.
    fn sessions(&self) -> &impl Sessions;
    /// The session lease.
    fn leases(&self) -> &impl Leases;
    /// Counters.
    fn counters(&self) -> &impl Counters;
    /// The device registry.
    fn devices(&self) -> &impl Devices;
    /// The code sender.
    fn messenger(&self) -> &impl Messenger;
    /// The processor.
    fn processor(&self) -> &impl Connector;
    /// Passkeys.
    fn passkeys(&self) -> &impl Passkeys;
    /// Events and webhook delivery.
    fn notifier(&self) -> &impl Notifier;
    /// Payments after their authorisation.
    fn payments(&self) -> &impl Payments;
    /// Merchants.
    fn merchants(&self) -> &impl Merchants;
    /// What follows a paid session.
    fn after_payment(&self) -> &impl AfterPayment;
    /// The facts regional law asks about.
    fn regional(&self) -> &impl Regional;
    /// The edge's own origin, for links in messages (empty when there is no request).
    fn public_origin(&self) -> &str {
        ""
    }
    /// Seconds since the epoch, fixed for the request.
    fn now(&self) -> u64;
    /// Configuration.
    fn settings(&self) -> &Settings;
}

/// A fingerprinting choice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// `con_…`
    pub id: String,
    /// The device key's thumbprint: the browser the choice is about.
    pub device: String,
    /// Where it was made.
    pub merchant_id: String,
    /// The session it was made in.
    pub session_id: String,
    /// What was chosen.
    pub choice: tessera_core::policy::consent::Choice,
    /// The language the prompt was shown in.
    pub language: String,
    /// The policy's version.
    pub policy_version: String,
    /// The rule that asked, e.g. `de.fingerprinting.consent`.
    pub policy_rule: String,
    /// Whose retention applies.
    pub region: String,
    /// When.
    pub at: u64,
}

/// The facts regional law asks about: fingerprinting choices, the low-value counters since the
/// last SCA, trusted merchants and recurring series.
pub trait Regional {
    /// The device's latest choice in `merchant_id`'s checkouts. Choices are kept per merchant, so
    /// one merchant's frame never tells another what the browser chose elsewhere.
    async fn consent(&self, device: &str, merchant_id: &str) -> ApiResult<Option<Consent>>;
    /// Stores a choice.
    async fn record_consent(&self, consent: &Consent) -> ApiResult<()>;
    /// The fuller of the counters under `keys`.
    async fn counted(&self, keys: &[String]) -> ApiResult<tessera_core::policy::sca::Counted>;
    /// Adds one payment of `value` to every counter under `keys` if each stays within `count`
    /// payments and `total`; all or none, whatever runs at the same time.
    async fn take_low_value(&self, keys: &[String], value: u64, count: u32, total: u64, now: u64) -> ApiResult<bool>;
    /// Starts the counters under `keys` again (the shopper passed SCA).
    async fn reset_low_value(&self, keys: &[String]) -> ApiResult<()>;
    /// Whether the session's recurring series already has a strongly authenticated payment of the
    /// same amount, card and shopper at this merchant.
    async fn recurring_established(&self, session: &Session, series: &str, card: &str) -> ApiResult<bool>;
    /// The SCA exemption of the device's latest decision on the session, if one applied.
    async fn exemption(&self, session_id: &str, device: &str) -> ApiResult<Option<tessera_core::policy::sca::Exemption>>;
    /// Whether the personal account with this email trusts the merchant.
    async fn trusted_beneficiary(&self, email: &str, merchant_id: &str) -> ApiResult<bool>;
}
