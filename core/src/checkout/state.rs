//! What the machine knows about one checkout session. The edge stores it as columns of the
//! session's row and builds it back at the store boundary.

use crate::prelude::*;

use crate::api::SessionStatus;

/// Who pays: the device key (its RFC 7638 thumbprint) and the card (its keyed fingerprint, which
/// says nothing about the number without the edge's secret).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Payer {
    /// The device key's thumbprint.
    pub device: String,
    /// The card's keyed fingerprint.
    pub card: String,
}

/// A code that was sent, and what it approves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    /// The session's binding (session, payee, amount) when the code was made: it approves that.
    pub binding: String,
    /// When it was sent.
    pub sent_at: u64,
    /// When it stops working.
    pub expires_at: u64,
}

/// A step-up in progress, bound to the payer the risk rules stepped up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepUp {
    /// The device and card it was started for; only they can finish it.
    pub payer: Payer,
    /// A passkey assertion was offered.
    pub passkey: bool,
    /// The code sent for it, if one was.
    pub code: Option<CodeSent>,
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Payable.
    Open,
    /// Waiting for the stepped-up payer to prove it is them.
    RequiresAction(StepUp),
    /// A payment is with the processor, owned by the payer that started it.
    Processing(Payer),
    /// Paid.
    Succeeded,
    /// Canceled by the merchant.
    Canceled,
    /// Its time ran out unpaid.
    Expired,
}

impl Phase {
    /// The status as the API and the database name it.
    pub fn status(&self) -> SessionStatus {
        match self {
            Phase::Open => SessionStatus::Open,
            Phase::RequiresAction(_) => SessionStatus::RequiresAction,
            Phase::Processing(_) => SessionStatus::Processing,
            Phase::Succeeded => SessionStatus::Succeeded,
            Phase::Canceled => SessionStatus::Canceled,
            Phase::Expired => SessionStatus::Expired,
        }
    }
}

/// One checkout session as the machine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// Where it stands.
    pub phase: Phase,
    /// What a code or passkey approves now (`otp::binding` of the session as it is).
    pub binding: String,
    /// When it expires unless a payment is in flight.
    pub expires_at: u64,
    /// Codes sent so far, by every step-up of the session.
    pub codes_sent: u32,
    /// When the last code was sent (0 if none).
    pub last_code_at: u64,
    /// Wrong codes so far, by every step-up of the session.
    pub codes_failed: u32,
}

impl Checkout {
    /// A new, open session.
    pub fn open(binding: String, expires_at: u64) -> Self {
        Self { phase: Phase::Open, binding, expires_at, codes_sent: 0, last_code_at: 0, codes_failed: 0 }
    }

    /// The status a reader sees at `now`: an unpaid session past its time is expired even before
    /// the edge's scheduled sweep marks it so.
    pub fn status_at(&self, now: u64) -> SessionStatus {
        match self.phase {
            Phase::Open | Phase::RequiresAction(_) if now >= self.expires_at => SessionStatus::Expired,
            _ => self.phase.status(),
        }
    }

    /// The step-up in progress, if any.
    pub fn step_up(&self) -> Option<&StepUp> {
        match &self.phase {
            Phase::RequiresAction(step_up) => Some(step_up),
            _ => None,
        }
    }
}
