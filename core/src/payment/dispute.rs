//! A dispute: opened by the cardholder's bank, answered by the merchant with evidence (or
//! accepted), decided by the bank. Evidence can be saved and changed until it is submitted.

use serde::{Deserialize, Serialize};

use crate::api::{ErrorCode, EventType};

/// Where a dispute stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Waiting for the merchant's evidence.
    NeedsResponse,
    /// Evidence submitted; the bank decides.
    UnderReview,
    /// Decided for the merchant.
    Won,
    /// Decided for the cardholder, or accepted by the merchant.
    Lost,
}

impl DisputeStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            DisputeStatus::NeedsResponse => "needs_response",
            DisputeStatus::UnderReview => "under_review",
            DisputeStatus::Won => "won",
            DisputeStatus::Lost => "lost",
        }
    }
}

/// What happens to a dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeEvent {
    /// The merchant saved evidence; `submit` hands it to the bank.
    Evidence {
        /// Hand it in now.
        submit: bool,
    },
    /// The merchant accepts the dispute.
    Accept,
    /// The bank decided.
    Decided {
        /// For the merchant.
        won: bool,
    },
}

/// What a dispute event leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisputeTransition {
    /// The status after.
    pub status: DisputeStatus,
    /// The event for the merchant.
    pub notify: EventType,
    /// Hand the evidence to the processor.
    pub submit: bool,
}

/// The next status of a dispute, or why the event is refused.
pub fn step(status: DisputeStatus, event: DisputeEvent) -> Result<DisputeTransition, ErrorCode> {
    use DisputeStatus::*;
    let to = |status, notify, submit| Ok(DisputeTransition { status, notify, submit });
    match (status, event) {
        (NeedsResponse, DisputeEvent::Evidence { submit: false }) => to(NeedsResponse, EventType::DisputeUpdated, false),
        (NeedsResponse, DisputeEvent::Evidence { submit: true }) => to(UnderReview, EventType::DisputeUpdated, true),
        (NeedsResponse, DisputeEvent::Accept) => to(Lost, EventType::DisputeClosed, false),
        (UnderReview, DisputeEvent::Decided { won }) => to(if won { Won } else { Lost }, EventType::DisputeClosed, false),
        _ => Err(ErrorCode::DisputeNotOpen),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_then_a_decision_or_an_acceptance() {
        let saved = step(DisputeStatus::NeedsResponse, DisputeEvent::Evidence { submit: false }).unwrap();
        assert_eq!((saved.status, saved.submit), (DisputeStatus::NeedsResponse, false));
        let submitted = step(saved.status, DisputeEvent::Evidence { submit: true }).unwrap();
        assert_eq!((submitted.status, submitted.submit), (DisputeStatus::UnderReview, true));
        assert_eq!(step(submitted.status, DisputeEvent::Evidence { submit: true }), Err(ErrorCode::DisputeNotOpen), "no evidence after submitting");
        assert_eq!(step(submitted.status, DisputeEvent::Decided { won: true }).unwrap().status, DisputeStatus::Won);
        assert_eq!(step(DisputeStatus::NeedsResponse, DisputeEvent::Accept).unwrap().status, DisputeStatus::Lost);
        assert_eq!(step(DisputeStatus::Won, DisputeEvent::Accept), Err(ErrorCode::DisputeNotOpen));
        assert_eq!(step(DisputeStatus::NeedsResponse, DisputeEvent::Decided { won: true }), Err(ErrorCode::DisputeNotOpen), "the bank decides on evidence");
    }
}
