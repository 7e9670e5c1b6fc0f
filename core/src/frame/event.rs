//! What can happen to the frame: the shopper's actions, and the ends of the effects it asked for.

use crate::prelude::*;

use super::state::SavedCard;
use crate::api::ErrorCode;

/// The checkout the widget read when it started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Start {
    /// Why the session can no longer be paid, if it cannot (paid, expired, canceled).
    pub closed: Option<ErrorCode>,
    /// The region asks for consent before the full fingerprint.
    pub consent_region: bool,
    /// The device has not chosen yet: ask now.
    pub ask_consent: bool,
    /// The region's notice that data is processed outside Japan is due.
    pub outside_japan: bool,
}

/// How the edge answered a confirm, a verify, a resend or a payment with a saved card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Paid.
    Succeeded {
        /// The payment.
        payment_id: String,
    },
    /// The card was declined; another may work.
    Declined {
        /// The edge's words for it.
        message: String,
        /// The processor's reason.
        decline_code: String,
        /// The declined payment.
        payment_id: String,
    },
    /// The shopper must prove it is them.
    StepUp {
        /// Where the code went (masked).
        destination: String,
        /// A passkey may answer instead (assertion options came with it).
        passkey: bool,
    },
    /// The edge refused. `code` is `None` for a code this frame does not know, treated as a
    /// failure on the edge's side.
    Refused {
        /// The stable code.
        code: Option<ErrorCode>,
        /// The edge's words, used when the frame has none for the code.
        message: String,
        /// Wrong codes left, for `incorrect_code`.
        attempts_left: Option<u64>,
    },
    /// No answer (the network, or a reply that is not the API's).
    Unreachable,
}

/// A signed-in account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// Its email, masked.
    pub email_masked: String,
    /// Its saved cards.
    pub cards: Vec<SavedCard>,
    /// The amount is within what it may pay.
    pub within_limit: bool,
}

/// The shopper's fingerprinting choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentChoice {
    /// Every component may be read.
    Granted,
    /// Only the strictly necessary ones.
    Refused,
}

impl ConsentChoice {
    /// As the consent endpoint spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Refused => "refused",
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The widget read the checkout, made the device key and the fingerprint.
    Started(Start),
    /// It could not: a bad secret, no device key, no edge.
    StartFailed {
        /// Why.
        code: ErrorCode,
        /// The edge's words, if it gave some.
        message: String,
    },
    /// The shopper pressed Pay (or Enter).
    Submit {
        /// Every card field is valid.
        card_complete: bool,
        /// The digits in the step-up code's field.
        code: String,
    },
    /// The shopper asked for a new code.
    ResendClicked,
    /// The edge answered the task in flight.
    Answered(Answer),
    /// The step-up's passkey prompt ended: with an assertion, or cancelled (or no passkey here).
    PasskeyPrompted {
        /// An assertion came back.
        asserted: bool,
    },
    /// The shopper chose to pay with a Tessera account.
    AccountClicked,
    /// The account's passkey sign-in ended: signed in, refused, or cancelled (`None`).
    SignInEnded(Option<Result<SignedIn, Answer>>),
    /// The shopper chose a saved card.
    CardChosen(String),
    /// The shopper left the account for another card.
    OtherCardClicked,
    /// The shopper accepts the passkey offer.
    PasskeyAccepted,
    /// Registering the passkey ended.
    PasskeyAdded {
        /// It was saved.
        saved: bool,
    },
    /// The shopper declines the offer.
    OfferSkipped,
    /// The shopper chose to save the card: the Tessera window opened, or a blocker stopped it.
    SaveClicked {
        /// The window is open.
        opened: bool,
    },
    /// The Tessera window has the offer; or there is none to give it (`false`).
    SaveOfferEnded {
        /// The window received it.
        delivered: bool,
    },
    /// The shopper opened the privacy choices.
    PrivacyChoicesClicked,
    /// The shopper answered the consent prompt.
    ConsentChosen(ConsentChoice),
    /// Storing the choice ended.
    ConsentStored {
        /// The edge stored it.
        stored: bool,
    },
}
