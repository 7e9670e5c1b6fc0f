//! Business verification (KYB) before live mode, as a small machine: a business submits its
//! company number, a verifier answers (at once or later), a person decides what the verifier
//! could not. Only `Verified` opens live mode; a change to the vouched-for details closes it
//! again until they are verified anew.

use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;

/// Where a business's verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    /// Nothing submitted yet: test mode only.
    Unverified,
    /// Submitted; the verifier has not answered.
    Pending,
    /// The verifier could not decide; a person will.
    InReview,
    /// Verified: live mode is open.
    Verified,
    /// Refused; the business may correct its details and submit again.
    Rejected,
}

impl VerificationStatus {
    /// The name in the API and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Unverified => "unverified",
            VerificationStatus::Pending => "pending",
            VerificationStatus::InReview => "in_review",
            VerificationStatus::Verified => "verified",
            VerificationStatus::Rejected => "rejected",
        }
    }

    /// The status of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Unverified, Self::Pending, Self::InReview, Self::Verified, Self::Rejected].into_iter().find(|s| s.as_str() == name)
    }

    /// Whether live mode is open.
    pub const fn live_mode_enabled(self) -> bool {
        matches!(self, VerificationStatus::Verified)
    }
}

/// What a verifier said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not known yet: it will say later.
    Pending,
    /// The business is who it says.
    Verified,
    /// It is not, or cannot be shown to be.
    Rejected,
    /// A person must look.
    NeedsReview,
}

/// What moves a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationEvent {
    /// The business submitted its company number.
    Submit,
    /// The verifier answered.
    Verifier(Outcome),
    /// A person decided (`true`: verified).
    Reviewed(bool),
    /// The business changed details a verification vouched for.
    DetailsChanged,
}

/// The status after `event`, or why it cannot happen.
pub fn step(status: VerificationStatus, event: VerificationEvent) -> Result<VerificationStatus, ErrorCode> {
    use VerificationStatus::*;
    let outcome = |o: Outcome| match o {
        Outcome::Pending => Pending,
        Outcome::Verified => Verified,
        Outcome::Rejected => Rejected,
        Outcome::NeedsReview => InReview,
    };
    match (status, event) {
        (Unverified | Rejected, VerificationEvent::Submit) => Ok(Pending),
        (Pending, VerificationEvent::Verifier(o)) => Ok(outcome(o)),
        (InReview, VerificationEvent::Reviewed(true)) => Ok(Verified),
        (InReview, VerificationEvent::Reviewed(false)) => Ok(Rejected),
        // Live mode was opened for the details that were checked, not for new ones.
        (Verified | Pending | InReview, VerificationEvent::DetailsChanged) => Ok(Unverified),
        (Unverified | Rejected, VerificationEvent::DetailsChanged) => Ok(status),
        _ => Err(ErrorCode::VerificationNotAllowed),
    }
}

/// The sandbox verifier's company numbers.
pub mod sandbox {
    use super::Outcome;

    /// Verified at once.
    pub const VERIFIED: &str = "00000000";
    /// Rejected at once.
    pub const REJECTED: &str = "11111111";
    /// Sent to a person.
    pub const NEEDS_REVIEW: &str = "22222222";

    /// What the sandbox says of a company number: the test numbers as documented, any other
    /// number verified.
    pub fn outcome(company_number: &str) -> Outcome {
        match company_number {
            REJECTED => Outcome::Rejected,
            NEEDS_REVIEW => Outcome::NeedsReview,
            _ => Outcome::Verified,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::VerificationStatus::*;
    use super::*;

    #[test]
    fn only_a_verified_business_has_live_mode() {
        for s in [Unverified, Pending, InReview, Rejected] {
            assert!(!s.live_mode_enabled());
        }
        assert!(Verified.live_mode_enabled());
        assert_eq!(VerificationStatus::parse("in_review"), Some(InReview));
    }

    #[test]
    fn submit_answer_review() {
        assert_eq!(step(Unverified, VerificationEvent::Submit), Ok(Pending));
        assert_eq!(step(Pending, VerificationEvent::Verifier(Outcome::NeedsReview)), Ok(InReview));
        assert_eq!(step(InReview, VerificationEvent::Reviewed(true)), Ok(Verified));
        assert_eq!(step(Rejected, VerificationEvent::Submit), Ok(Pending), "a rejected business may try again");
    }

    #[test]
    fn what_cannot_happen() {
        assert_eq!(step(Verified, VerificationEvent::Submit), Err(ErrorCode::VerificationNotAllowed));
        assert_eq!(step(Pending, VerificationEvent::Submit), Err(ErrorCode::VerificationNotAllowed), "no second submission while one runs");
        assert_eq!(step(Verified, VerificationEvent::Verifier(Outcome::Rejected)), Err(ErrorCode::VerificationNotAllowed), "a late answer changes nothing");
        assert_eq!(step(Pending, VerificationEvent::Reviewed(true)), Err(ErrorCode::VerificationNotAllowed), "a person decides only what is in review");
        assert_eq!(step(Verified, VerificationEvent::DetailsChanged), Ok(Unverified));
    }

    #[test]
    fn the_sandbox_numbers() {
        assert_eq!(sandbox::outcome(sandbox::VERIFIED), Outcome::Verified);
        assert_eq!(sandbox::outcome(sandbox::REJECTED), Outcome::Rejected);
        assert_eq!(sandbox::outcome(sandbox::NEEDS_REVIEW), Outcome::NeedsReview);
        assert_eq!(sandbox::outcome("HRB 12345"), Outcome::Verified);
    }
}
