//! Payment processors behind one trait, modelled on Hyperswitch's flows: authorise, capture,
//! void, refund, and sync of a payment whose answer was lost. A capture, void or refund is
//! idempotent by its key, so sending it again is how its lost answer is found; a connector
//! never learns more of a card than one authorisation needs, and the security code only ever
//! travels in memory for the first one.
//!
//! The built-in sandbox (`sandbox`) serves test mode; a merchant's own processor (`adyen`, the
//! Checkout API v71) serves live mode. `adapters::Processors` picks one by the payment's mode.
#![allow(async_fn_in_trait)]

pub mod adyen;
pub mod sandbox;

use serde_json::Value;
use tessera_core::card::Card;
use tessera_core::money::Amount;
use tessera_core::payment::DeclineCode;
use tessera_core::threeds::BrowserInfo;

use crate::error::ApiResult;

/// Whose processor: the merchant and the mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// The merchant.
    pub merchant_id: &'a str,
    /// Live mode goes to the merchant's processor, test mode to the sandbox.
    pub livemode: bool,
}

/// One authorisation request.
pub struct Authorization<'a> {
    /// The payment's id: the idempotency key of every attempt, and the reference the processor
    /// reports back, so it authorises at most once.
    pub payment_id: &'a str,
    /// The card, with its security code for this authorisation only.
    pub card: &'a Card,
    /// What to charge.
    pub amount: Amount,
    /// Capture with the authorisation.
    pub capture: bool,
    /// EMV 3DS browser fields for the issuer's risk engine.
    pub browser: &'a BrowserInfo,
    /// Whether the shopper passed a step-up for this payment.
    pub authenticated: bool,
    /// The shopper's address, when the processor wants it.
    pub shopper_ip: Option<&'a str>,
    /// The SCA exemption the regional policy applied, for the issuer to honour or not.
    pub exemption: Option<tessera_core::policy::sca::Exemption>,
}

/// What the processor said to an authorisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Authorised, with the processor's reference.
    Approved { reference: String },
    /// Refused.
    Declined { code: DeclineCode, reference: Option<String> },
}

/// A capture, a void or a refund of a payment.
pub struct Operation<'a> {
    /// The key that makes sending it twice do it once (the refund's id, or the payment's id and
    /// the operation for a capture or a void).
    pub idempotency_key: &'a str,
    /// Tessera's reference the processor reports back (the refund's or the payment's id).
    pub reference: &'a str,
    /// The processor's reference of the payment.
    pub payment_reference: &'a str,
    /// How much (captures and refunds).
    pub amount: Amount,
    /// The payment it is about (for the payment's timeline).
    pub payment_id: &'a str,
}

/// What the processor said to a capture, a void or a refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ack {
    /// Done.
    Done { reference: Option<String> },
    /// Taken; the outcome comes later by notification.
    Pending { reference: Option<String> },
    /// Refused.
    Refused { reason: String },
}

/// What a processor knows of a payment whose answer was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sync {
    /// It was authorised.
    Authorized { reference: String },
    /// It was declined.
    Declined { code: DeclineCode, reference: Option<String> },
    /// The processor never received it: nothing was charged.
    Unknown,
    /// No answer yet (an asynchronous processor has not notified).
    Pending,
}

/// Why there is no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectorError {
    /// No answer in time: it may or may not have been done; send it again with the same key.
    Timeout,
    /// The processor could not be reached or answered an error.
    Unavailable,
    /// This merchant has no processor for this mode.
    NotConfigured,
}

/// A payment processor.
pub trait Connector {
    /// The processor that serves `target`, by the name stored with each payment.
    async fn name(&self, target: Target<'_>) -> ApiResult<&'static str>;
    /// Authorises (and, with `capture`, captures) a payment.
    async fn authorize(&self, target: Target<'_>, request: &Authorization<'_>) -> Result<Outcome, ConnectorError>;
    /// Captures an authorisation, all or part of it.
    async fn capture(&self, target: Target<'_>, operation: &Operation<'_>) -> Result<Ack, ConnectorError>;
    /// Voids an authorisation.
    async fn void(&self, target: Target<'_>, operation: &Operation<'_>) -> Result<Ack, ConnectorError>;
    /// Refunds a captured payment, all or part of it.
    async fn refund(&self, target: Target<'_>, operation: &Operation<'_>) -> Result<Ack, ConnectorError>;
    /// What became of an authorisation whose answer was lost, `waited` seconds ago.
    async fn sync_payment(&self, target: Target<'_>, payment_id: &str, waited: u64) -> Result<Sync, ConnectorError>;
    /// Hands a dispute's evidence to the processor.
    async fn submit_evidence(&self, target: Target<'_>, dispute_id: &str, payment_reference: &str, evidence: &Value) -> Result<Ack, ConnectorError>;
}
