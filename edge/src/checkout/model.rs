//! What the checkout's use cases work on, in core's types: a session with its machine state, the
//! step-up in progress, a payment. The stores build these from their rows and nothing else
//! compares a status or a code as text.

use serde_json::{json, Value};
use tessera_core::api::{CardDisplay, Channel, FramePayment, SessionStatus};
use tessera_core::card::Card;
use tessera_core::checkout::Checkout;
use tessera_core::fingerprint::Fingerprint;
use tessera_core::money::Amount;
use tessera_core::otp;
use tessera_core::payment::lifecycle::PaymentState;
use tessera_core::payment::dispute::DisputeStatus;
use tessera_core::payment::refund::{RefundReason, RefundStatus};
use tessera_core::payment::{CaptureMethod, DeclineCode, PaymentStatus};
use tessera_core::shopper::{Email, Phone};
use tessera_core::threeds::BrowserInfo;

/// A checkout session as the merchant made it.
#[derive(Debug, Clone)]
pub struct Session {
    /// `cs_…`
    pub id: String,
    /// Who it pays.
    pub merchant_id: String,
    /// SHA-256 of the client secret, hex.
    pub client_secret_hash: String,
    /// What it charges.
    pub amount: Amount,
    /// The merchant's order reference.
    pub reference: String,
    /// Where a code can go.
    pub email: Option<Email>,
    /// Where a code can go.
    pub phone: Option<Phone>,
    /// The payment that paid it.
    pub payment_id: Option<String>,
    /// Test or live.
    pub livemode: bool,
    /// Captured with the authorisation, or later by the merchant.
    pub capture_method: CaptureMethod,
    /// The merchant's recurring series, if the session is one of its payments.
    pub recurring_series: Option<String>,
    /// When it stops being payable.
    pub expires_at: u64,
    /// When it was made.
    pub created_at: u64,
}

impl Session {
    /// Whom the session is between.
    pub fn parties(&self) -> Parties {
        Parties { merchant_id: self.merchant_id.clone(), shopper_key: self.shopper_key() }
    }

    /// Who the shopper is, for device trust, passkeys and the wrong-code count: the email, else
    /// the phone, *as this merchant knows them*. A guest is a different person at every merchant,
    /// so a merchant that makes a session for someone's address learns nothing about their
    /// devices, passkeys or failed codes elsewhere; only a shopper who signs in to a personal
    /// account is recognised across merchants.
    pub fn shopper_key(&self) -> String {
        let who = match (&self.email, &self.phone) {
            (Some(email), _) => format!("email:{}", email.as_str().to_ascii_lowercase()),
            (None, Some(phone)) => format!("phone:{}", phone.as_str()),
            (None, None) => return format!("session:{}", self.id),
        };
        format!("{}:{who}", self.merchant_id)
    }

    /// What a code or passkey approves: this session, this payee, this amount.
    pub fn binding(&self) -> String {
        otp::binding(&self.id, &self.merchant_id, self.amount)
    }

    /// Where a code goes: the email, else the phone (channel, address, masked address).
    pub fn destination(&self) -> Option<Destination> {
        if let Some(email) = &self.email {
            return Some(Destination { channel: Channel::Email, to: email.as_str().to_owned(), masked: email.masked() });
        }
        self.phone.as_ref().map(|phone| Destination { channel: Channel::Sms, to: phone.as_str().to_owned(), masked: phone.masked() })
    }
}

/// Where a one-time code goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// Email or SMS.
    pub channel: Channel,
    /// The address or number.
    pub to: String,
    /// The same, masked for showing.
    pub masked: String,
}

impl Destination {
    /// The key its codes are counted under.
    pub fn counter_key(&self) -> String {
        format!("dest:{}:{}", self.channel.as_str(), self.to.to_ascii_lowercase())
    }
}

/// The step-up in progress, beyond what the machine tracks: its id and where its code went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepUpRecord {
    /// `su_…`, part of what its code's hash covers.
    pub id: String,
    /// How its code goes.
    pub channel: Channel,
    /// Where, masked.
    pub destination_masked: String,
    /// The keyed hash of its current code, if one was sent.
    pub code_hash: Option<String>,
}

/// A session with the checkout machine's state, as one read of the store gives it.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The session.
    pub session: Session,
    /// The machine's state.
    pub checkout: Checkout,
    /// The version this read saw; a write expecting it fails if another write came first.
    pub version: u64,
    /// The step-up in progress, when the phase is `RequiresAction`.
    pub step_up: Option<StepUpRecord>,
}

impl Stored {
    /// The API's view for the merchant.
    pub fn to_json(&self, now: u64) -> Value {
        let s = &self.session;
        json!({
            "id": s.id,
            "object": "checkout_session",
            "livemode": s.livemode,
            "capture_method": s.capture_method,
            "recurring": s.recurring_series.as_ref().map(|series| serde_json::json!({ "series": series })),
            "status": self.checkout.status_at(now),
            "amount": s.amount.minor(),
            "currency": s.amount.currency().code(),
            "reference": s.reference,
            "shopper": { "email": s.email.as_ref().map(Email::as_str), "phone": s.phone.as_ref().map(Phone::as_str) },
            "payment": s.payment_id,
            "expires_at": s.expires_at,
            "created_at": s.created_at,
        })
    }

    /// The status at `now`.
    pub fn status(&self, now: u64) -> SessionStatus {
        self.checkout.status_at(now)
    }
}

/// The card fields kept in the clear beside a vault token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    /// `tok_…`
    pub token: String,
    /// The network.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// Expiry month.
    pub exp_month: u8,
    /// Expiry year.
    pub exp_year: u16,
    /// Keyed fingerprint of the number.
    pub fingerprint: String,
}

/// A payment.
#[derive(Debug, Clone)]
pub struct Payment {
    /// `pay_…`
    pub id: String,
    /// Its session.
    pub session_id: String,
    /// Who it pays.
    pub merchant_id: String,
    /// Test or live.
    pub livemode: bool,
    /// What it was authorised for (and its currency).
    pub amount: Amount,
    /// Where it stands after its authorisation: captured, voided, refunded, disputed.
    pub state: PaymentState,
    /// The version this read saw; a write expecting it fails if another came first.
    pub version: u64,
    /// Why it was declined.
    pub decline_code: Option<DeclineCode>,
    /// The processor's name.
    pub processor: String,
    /// The processor's reference.
    pub processor_reference: Option<String>,
    /// The device key that made it.
    pub device: Option<String>,
    /// The shopper passed a step-up for it.
    pub authenticated: bool,
    /// The card.
    pub card: CardSummary,
    /// When it was made.
    pub created_at: u64,
    /// When it last changed.
    pub updated_at: u64,
}

impl Payment {
    /// Where it stands.
    pub fn status(&self) -> PaymentStatus {
        self.state.status
    }

    /// An amount in the payment's currency.
    pub fn money(&self, minor: u64) -> Amount {
        Amount::new(minor, self.amount.currency()).unwrap_or(self.amount)
    }

    /// The merchant's view, with the token and card display fields.
    pub fn to_json(&self) -> Value {
        let s = &self.state;
        json!({
            "id": self.id,
            "object": "payment",
            "livemode": self.livemode,
            "status": s.status,
            "amount": self.amount.minor(),
            "amount_capturable": if s.status == PaymentStatus::RequiresCapture { s.amount } else { 0 },
            "amount_captured": s.amount_captured,
            "amount_refunded": s.amount_refunded,
            "capture_method": s.capture_method,
            "disputed": s.disputed,
            "currency": self.amount.currency().code(),
            "checkout_session": self.session_id,
            "decline_code": self.decline_code,
            "card": {
                "token": self.card.token,
                "brand": self.card.brand,
                "last4": self.card.last4,
                "exp_month": self.card.exp_month,
                "exp_year": self.card.exp_year,
                "fingerprint": self.card.fingerprint,
            },
            "processor": self.processor,
            "processor_reference": self.processor_reference,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }

    /// What the card frame is told: the outcome, not the token.
    pub fn to_frame(&self) -> FramePayment {
        FramePayment {
            id: self.id.clone(),
            object: "payment",
            status: self.state.status,
            amount: self.amount.minor(),
            currency: self.amount.currency().code(),
            decline_code: self.decline_code,
            card: CardDisplay { brand: self.card.brand.clone(), last4: self.card.last4.clone() },
        }
    }

    /// [`Payment::to_frame`] as JSON, for error replies that carry it.
    pub fn to_frame_json(&self) -> Value {
        serde_json::to_value(self.to_frame()).unwrap_or(Value::Null)
    }
}

/// Where a request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// ISO 3166 country (`XX` when unknown).
    pub country: String,
    /// The ISO 3166-2 subdivision within it (`MD` for Maryland), where the platform knows it.
    pub subdivision: Option<String>,
    /// The client's address as sent by the platform (`CF-Connecting-IP`), if any.
    pub ip: Option<String>,
}

impl Origin {
    /// What the regional policy is looked up by: `US-MD` where the subdivision is known, else
    /// the country.
    pub fn place(&self) -> String {
        match &self.subdivision {
            Some(s) => [self.country.as_str(), "-", s].concat(),
            None => self.country.clone(),
        }
    }
}

/// A payment request from the card frame whose proof and card have been checked.
pub struct PayRequest {
    /// The session it pays.
    pub session_id: String,
    /// Whom that session is between, as the request's session check read it.
    pub parties: Parties,
    /// The device key's thumbprint.
    pub device: String,
    /// The card, decrypted.
    pub card: Card,
    /// EMV 3DS browser fields.
    pub browser: BrowserInfo,
    /// The device fingerprint, if the frame sent one.
    pub fingerprint: Option<Fingerprint>,
    /// Where it came from.
    pub origin: Origin,
}

/// Whom a session is between. Neither changes once the session is made, so what depends only
/// on them is read before the session's lease is held, beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    /// The merchant.
    pub merchant_id: String,
    /// The shopper, as [`Session::shopper_key`] names them.
    pub shopper_key: String,
}

/// How a step-up is answered on `/verify`.
pub enum Proof {
    /// The one-time code.
    Code(String),
    /// A WebAuthn assertion.
    Passkey(Value),
}

/// A refund.
#[derive(Debug, Clone)]
pub struct Refund {
    /// `re_…`
    pub id: String,
    /// Whose.
    pub merchant_id: String,
    /// Test or live.
    pub livemode: bool,
    /// The payment it refunds.
    pub payment_id: String,
    /// How much.
    pub amount: Amount,
    /// Why.
    pub reason: Option<RefundReason>,
    /// Where it stands.
    pub status: RefundStatus,
    /// The processor took the request (its outcome may still come later).
    pub acknowledged: bool,
    /// The processor's reference.
    pub processor_reference: Option<String>,
    /// Why it failed.
    pub failure_reason: Option<String>,
    /// When it was asked for.
    pub created_at: u64,
    /// When it last changed.
    pub updated_at: u64,
}

impl Refund {
    /// The merchant's view.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "refund",
            "livemode": self.livemode,
            "payment": self.payment_id,
            "amount": self.amount.minor(),
            "currency": self.amount.currency().code(),
            "reason": self.reason,
            "status": self.status,
            "failure_reason": self.failure_reason,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

/// A dispute.
#[derive(Debug, Clone)]
pub struct Dispute {
    /// `dp_…`
    pub id: String,
    /// Whose.
    pub merchant_id: String,
    /// Test or live.
    pub livemode: bool,
    /// The payment disputed.
    pub payment_id: String,
    /// How much the cardholder disputes.
    pub amount: Amount,
    /// The bank's reason.
    pub reason: String,
    /// Where it stands.
    pub status: DisputeStatus,
    /// The merchant's text evidence.
    pub evidence: Value,
    /// Names, types and sizes of the files attached (their contents are read apart).
    pub files: Vec<(String, String, u64)>,
    /// The last day to answer.
    pub evidence_due_by: u64,
    /// When the evidence was handed in.
    pub submitted_at: Option<u64>,
    /// When it was opened.
    pub created_at: u64,
    /// When it last changed.
    pub updated_at: u64,
}

impl Dispute {
    /// The merchant's view.
    pub fn to_json(&self) -> Value {
        let files: Vec<Value> = self.files.iter().map(|(name, content_type, size)| json!({ "name": name, "content_type": content_type, "size": size })).collect();
        json!({
            "id": self.id,
            "object": "dispute",
            "livemode": self.livemode,
            "payment": self.payment_id,
            "amount": self.amount.minor(),
            "currency": self.amount.currency().code(),
            "reason": self.reason,
            "status": self.status,
            "evidence": self.evidence,
            "evidence_files": files,
            "evidence_due_by": self.evidence_due_by,
            "submitted_at": self.submitted_at,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}
