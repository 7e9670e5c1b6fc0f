//! What the frame is showing and doing.

use crate::prelude::*;

use crate::api::ErrorCode;

/// Where the shopper is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The widget is reading the page's checkout, making the device key and the fingerprint.
    Starting,
    /// Typing a card.
    Card,
    /// A code was sent to `destination` (masked); the shopper types it.
    StepUp {
        /// Where the code went, as the edge masked it.
        destination: String,
    },
    /// Signed in to a Tessera account, choosing one of its cards.
    Account {
        /// The account's email, masked.
        email_masked: String,
        /// The cards the shopper may pay with here (empty when none may be used).
        cards: Vec<SavedCard>,
        /// The card chosen.
        selected: Option<String>,
        /// Why no card is offered, if none is.
        note: Option<AccountNote>,
    },
    /// Paid; the shopper decides on an offer before the host hears the payment is complete.
    Offer {
        /// The payment made.
        payment_id: String,
        /// What is offered.
        kind: OfferKind,
    },
    /// Paid and told.
    Paid {
        /// With a saved card of an account: the (empty) card form stays hidden.
        with_saved_card: bool,
    },
    /// Nothing more can be done here: the session is closed, or the edge refused for good.
    Ended,
}

/// What a paid shopper is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferKind {
    /// Paid after a code: a passkey, so the next step-up is one touch.
    Passkey,
    /// Paid as a guest where the merchant offers accounts: saving the card.
    SaveCard,
}

/// A saved card of a Tessera account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCard {
    /// The card's id in the account.
    pub id: String,
    /// Its brand (`visa`).
    pub brand: String,
    /// Its last four digits.
    pub last4: String,
}

/// Why a signed-in account offers no card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountNote {
    /// It has none.
    NoCards,
    /// The amount is over what the account may pay without a card's own checks.
    OverLimit,
}

/// The request in flight; while one is, nothing else starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Confirming with the typed card.
    Confirm,
    /// Sending a step-up code.
    Verify,
    /// Asking for a new code.
    Resend,
    /// The step-up's passkey: its prompt, then sending its assertion.
    Passkey,
    /// Signing in to an account with its passkey.
    SignIn,
    /// Paying with a saved card.
    PaySaved,
    /// Registering a passkey after a payment.
    AddPasskey,
    /// Fetching the offer to save the card for the Tessera window.
    SaveOffer,
}

/// The status line under the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Nothing to say.
    None,
    /// The payment is made.
    Paid,
    /// The payment is made and a passkey was saved.
    PasskeySaved,
    /// The payment is made and the Tessera window has the card to save.
    SaveOpened,
    /// The edge refused: the frame words `code` in the shopper's language, or shows the edge's
    /// `message` where it has no words of its own (`code` is `None` for a code it does not know).
    Error {
        /// The stable code.
        code: Option<ErrorCode>,
        /// The edge's words.
        message: String,
    },
    /// A decline, as the edge worded it.
    Declined(String),
    /// The edge could not be reached.
    Unavailable,
}

impl Status {
    /// Whether the line shows as an error.
    pub fn is_error(&self) -> bool {
        matches!(self, Self::Error { .. } | Self::Declined(_) | Self::Unavailable)
    }
}

/// The whole frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Where the shopper is.
    pub stage: Stage,
    /// The request in flight.
    pub task: Option<Task>,
    /// The status line.
    pub status: Status,
    /// The error beside the step-up code, with the attempts left for a wrong code.
    pub code_error: Option<(Status, Option<u64>)>,
    /// The shopper's fingerprinting choice is being stored (Pay still works meanwhile).
    pub storing_consent: bool,
    /// The region asks for consent before the full fingerprint.
    pub consent_region: bool,
    /// The consent prompt is showing.
    pub asking_consent: bool,
    /// The region's notice that data is processed outside Japan is due.
    pub outside_japan: bool,
    /// The merchant offers Tessera accounts in this frame.
    pub accounts: bool,
    /// This browser can use passkeys.
    pub passkeys: bool,
}

impl Frame {
    /// A frame starting, as the page's data attributes and the browser describe it.
    pub fn new(accounts: bool, passkeys: bool) -> Self {
        Self {
            stage: Stage::Starting,
            task: None,
            status: Status::None,
            code_error: None,
            storing_consent: false,
            consent_region: false,
            asking_consent: false,
            outside_japan: false,
            accounts,
            passkeys,
        }
    }

    /// Whether the payment is made or can no longer be.
    pub fn finished(&self) -> bool {
        matches!(self.stage, Stage::Offer { .. } | Stage::Paid { .. } | Stage::Ended)
    }

    /// Whether the checkout is loaded and open.
    pub fn started(&self) -> bool {
        !matches!(self.stage, Stage::Starting)
    }
}
