//! Payment processors behind one trait. The built-in sandbox is the default so everything runs
//! locally; a real processor is another [`Connector`] making HTTPS calls with the same
//! idempotency key on every retry.

pub mod sandbox;

use tessera_core::card::Card;
use tessera_core::money::Amount;
use tessera_core::payment::DeclineCode;
use tessera_core::threeds::BrowserInfo;

/// One authorisation request.
pub struct Authorization<'a> {
    /// Sent on every attempt for the same payment, so the processor charges at most once.
    pub idempotency_key: &'a str,
    /// The card, with its CVC for this authorisation only.
    pub card: &'a Card,
    /// What to charge.
    pub amount: Amount,
    /// EMV 3DS browser fields for the issuer's risk engine.
    pub browser: &'a BrowserInfo,
    /// Whether the shopper passed a step-up for this payment.
    pub authenticated: bool,
}

/// What the processor said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Authorised, with the processor's reference.
    Approved { reference: String },
    /// Refused.
    Declined { code: DeclineCode, reference: Option<String> },
}

/// Why there is no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectorError {
    /// No answer in time: the payment may or may not have been made; retry with the same key.
    Timeout,
    /// The processor could not be reached or answered nonsense.
    Unavailable,
}

/// A payment processor.
#[allow(async_fn_in_trait)]
pub trait Connector {
    /// The name stored with each payment.
    fn name(&self) -> &'static str;
    /// Authorises a payment.
    async fn authorize(&self, request: &Authorization<'_>) -> Result<Outcome, ConnectorError>;
}
