//! The built-in sandbox processor's rules: which test card does what.
//!
//! Any other valid card number is approved, so a person can also try their own test numbers.

use crate::card::CardNumber;
use crate::payment::DeclineCode;

/// What the sandbox processor does with an authorisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Authorise.
    Approve,
    /// Refuse with a code.
    Decline(DeclineCode),
    /// Authorise, but let the answer be lost on the way back, as a network timeout would.
    Timeout,
    /// Authorise; once captured, the cardholder disputes the payment a few seconds later.
    Dispute,
}

/// A documented test card.
#[derive(Debug, Clone, Copy)]
pub struct TestCard {
    /// The number, grouped as printed on a card.
    pub number: &'static str,
    /// What it does.
    pub description: &'static str,
    behaviour: Behaviour,
}

/// The test cards, in the order the README and `npm start` list them.
pub const TEST_CARDS: &[TestCard] = &[
    TestCard { number: "4242 4242 4242 4242", description: "approved", behaviour: Behaviour::Approve },
    TestCard { number: "4000 0000 0000 0002", description: "declined (generic_decline)", behaviour: Behaviour::Decline(DeclineCode::GenericDecline) },
    TestCard { number: "4000 0000 0000 9995", description: "declined (insufficient_funds)", behaviour: Behaviour::Decline(DeclineCode::InsufficientFunds) },
    TestCard { number: "4000 0000 0000 0069", description: "declined (expired_card)", behaviour: Behaviour::Decline(DeclineCode::ExpiredCard) },
    TestCard { number: "4000 0000 0000 0119", description: "declined (processing_error)", behaviour: Behaviour::Decline(DeclineCode::ProcessingError) },
    TestCard { number: "4000 0000 0000 3220", description: "declined (authentication_required) unless the shopper passed a step-up", behaviour: Behaviour::Decline(DeclineCode::AuthenticationRequired) },
    TestCard { number: "4000 0000 0000 0770", description: "processor times out (authorised, answer lost; a retry resolves it)", behaviour: Behaviour::Timeout },
    TestCard { number: "4000 0000 0000 0259", description: "approved, then disputed (fraudulent) a few seconds after capture", behaviour: Behaviour::Dispute },
];

/// The dispute evidence text that wins a sandbox dispute; any other evidence loses it.
pub const WINNING_EVIDENCE: &str = "winning_evidence";

/// What the sandbox does with `card`; `authenticated` says the shopper passed a step-up.
pub fn behaviour(card: &CardNumber, authenticated: bool) -> Behaviour {
    let digits = card.reveal();
    let found = TEST_CARDS.iter().find(|t| t.number.bytes().filter(u8::is_ascii_digit).eq(digits.bytes()));
    match found.map(|t| t.behaviour) {
        Some(Behaviour::Decline(DeclineCode::AuthenticationRequired)) if authenticated => Behaviour::Approve,
        Some(b) => b,
        None => Behaviour::Approve,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_card_is_a_valid_number_with_its_behaviour() {
        for card in TEST_CARDS {
            let number: CardNumber = card.number.parse().unwrap_or_else(|e| panic!("{}: {e:?}", card.number));
            assert_eq!(behaviour(&number, false), card.behaviour, "{}", card.number);
        }
        let three_ds: CardNumber = "4000000000003220".parse().unwrap();
        assert_eq!(behaviour(&three_ds, true), Behaviour::Approve);
        let other: CardNumber = "5555555555554444".parse().unwrap();
        assert_eq!(behaviour(&other, false), Behaviour::Approve);
    }
}
