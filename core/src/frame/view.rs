//! What every element of the frame shows in a state: the widget applies a [`View`] to the page
//! after each step, and nothing else decides what is hidden or disabled.

use super::state::{Frame, OfferKind, Stage};

/// What the view reads from the page's inputs (the card form's own state lives in `Form`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Every card field is valid.
    pub card_complete: bool,
    /// Digits typed in the step-up code's field.
    pub code_digits: usize,
}

/// What the Pay button says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayLabel {
    /// "Pay {amount}".
    Pay,
    /// A request is in flight.
    Processing,
    /// "Verify" the step-up code.
    SubmitCode,
}

/// The frame's elements, as a state shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// The card fields take no input.
    pub fields_read_only: bool,
    /// The card fields are shown (not while an account's cards are).
    pub card_fields: bool,
    /// The step-up code's panel.
    pub step_up: bool,
    /// The passkey offer after a payment.
    pub passkey_offer: bool,
    /// The offer to save the card after a payment.
    pub save_offer: bool,
    /// The consent prompt.
    pub consent: bool,
    /// The link to change the fingerprinting choice.
    pub privacy_choices: bool,
    /// The notice that data is processed outside Japan.
    pub outside_japan: bool,
    /// The "pay with a Tessera account" button.
    pub account_pay: bool,
    /// It is shown but a request is in flight.
    pub account_pay_disabled: bool,
    /// The account's panel with its cards.
    pub account: bool,
    /// The Pay button is disabled.
    pub pay_disabled: bool,
    /// The Pay button is busy.
    pub pay_busy: bool,
    /// What the Pay button says.
    pub pay_label: PayLabel,
}

/// The frame's elements in `frame`, with the page's `inputs`.
pub fn view(frame: &Frame, inputs: Inputs) -> View {
    let busy = frame.task.is_some();
    let finished = frame.finished();
    let started = frame.started();
    let in_step_up = matches!(frame.stage, Stage::StepUp { .. });
    let in_account = matches!(frame.stage, Stage::Account { .. });
    let offer = match frame.stage {
        Stage::Offer { kind, .. } => Some(kind),
        _ => None,
    };
    let ready = match &frame.stage {
        Stage::Account { selected, .. } => selected.is_some(),
        Stage::StepUp { .. } => inputs.code_digits == 6,
        Stage::Card => inputs.card_complete,
        _ => false,
    };
    View {
        fields_read_only: busy || finished || in_step_up,
        card_fields: !in_account && !matches!(frame.stage, Stage::Paid { with_saved_card: true }),
        step_up: in_step_up,
        passkey_offer: offer == Some(OfferKind::Passkey),
        save_offer: offer == Some(OfferKind::SaveCard),
        consent: frame.asking_consent && !finished,
        privacy_choices: frame.consent_region && !frame.asking_consent && !finished && started,
        outside_japan: frame.outside_japan,
        account_pay: frame.accounts && frame.passkeys && frame.stage == Stage::Card,
        account_pay_disabled: busy,
        account: in_account,
        pay_disabled: busy || !ready,
        pay_busy: busy,
        pay_label: if busy {
            PayLabel::Processing
        } else if in_step_up {
            PayLabel::SubmitCode
        } else {
            PayLabel::Pay
        },
    }
}
