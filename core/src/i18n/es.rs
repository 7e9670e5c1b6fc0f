//! PLACEHOLDER: to be translated.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "es",
    rtl: false,
    frame: Labels {
        number: "Card number",
        expiry: "Expiry date",
        cvc: "Security code",
        name: "Name on card",
        pay: "Pay {}",
        processing: "Processing…",
        paid: "Payment complete. Thank you!",
        unavailable: "We could not reach the payment service. Please try again.",
        otp_intro: "To confirm it's you, enter the 6-digit code we sent to {}.",
        otp_label: "Code",
        otp_submit: "Confirm code",
        otp_resend: "Send a new code",
        attempts_left: &[("one", "{} attempt left."), ("other", "{} attempts left.")],
        passkey_offer: "Payment complete. Save a passkey to confirm future payments without a code?",
        passkey_save: "Save a passkey",
        passkey_skip: "Not now",
        passkey_saved: "Passkey saved. Payment complete.",
        account_pay: "Pay with your Tessera account",
        account_other: "Pay with another card",
        account_intro: "Signed in as {}. Pay with:",
        account_none: "Your Tessera account has no saved cards yet. Pay with a card below.",
        account_over_limit: "This amount is above your account's limit. Verify your identity in your account to raise it, or pay with a card below.",
        saved_card: "{b} ending in {l}",
        save_offer: "Payment complete. Save this card to your Tessera account to pay at any shop without typing it?",
        save_card: "Save my card",
        save_skip: "No thanks",
        save_opened: "Finish saving your card in the Tessera window.",
        consent_title: "Help us recognise this device?",
        consent_text: "With your permission, Tessera reads a few more details of this browser (such as its graphics and fonts) to recognise it next time and ask for a code less often. Without it you can still pay; we may ask you to confirm with a code.",
        consent_allow: "Allow",
        consent_refuse: "Not now",
        privacy_choices: "Privacy choices",
        notice_outside_japan: "Your payment details are processed by Tessera on servers that may be outside Japan (Cloudflare's global network). Ask the shop for details about how your personal data is handled.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "This amount is above your account's limit. Pay with a card below.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "This device was removed from your Tessera account. Pay with a card below.",
            ),
            (
                ErrorCode::AccountLocked,
                "Your Tessera account is locked. Pay with a card below.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Verify your phone in your Tessera account to pay with saved cards.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "This passkey does not belong to a Tessera account.",
            ),
            (ErrorCode::IncorrectCode, "That code is not right."),
            (
                ErrorCode::StepUpLocked,
                "Too many wrong codes. This payment cannot be confirmed; please start again.",
            ),
            (
                ErrorCode::StepUpVoid,
                "The amount changed after we sent your code. Ask for a new code.",
            ),
            (
                ErrorCode::CodeExpired,
                "Your code has expired. Ask for a new one.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Please wait a moment before asking for a new code.",
            ),
            (
                ErrorCode::ResendLimit,
                "No more codes can be sent for this payment.",
            ),
            (
                ErrorCode::PaymentRefused,
                "This payment cannot be accepted. Please contact the shop.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Your card number is incomplete or invalid.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "This card brand is not accepted.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "Your card's expiry date is incomplete or invalid.",
            ),
            (ErrorCode::CardExpired, "Your card has expired."),
            (
                ErrorCode::InvalidCvc,
                "Your card's security code is incomplete.",
            ),
            (
                ErrorCode::NameRequired,
                "Enter the name shown on your card.",
            ),
            (
                ErrorCode::SessionExpired,
                "This checkout has expired. Please start again.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "This order has already been paid.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Your code confirms the card you entered first. Pay with that card, or start again.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Too many wrong codes were entered. Please try again later.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "Too many codes were sent to you recently. Please try again later.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "This payment is already being processed.",
            ),
            (
                ErrorCode::SessionCanceled,
                "This checkout was canceled. Please start again.",
            ),
            (
                ErrorCode::MessageNotSent,
                "We could not send your code. Please ask for a new one.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "We cannot confirm this payment with a code. Please contact the shop.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "This payment is already being confirmed. Please wait a moment.",
            ),
        ],
        general: "Something went wrong. Please try again.",
    },
    mail: Mail {
        code_subject: "Your payment code",
        code_message: "Your Tessera code is {code}. It approves a payment of {amount} to {merchant} and expires in 5 minutes. Never share it.",
        receipt: ReceiptWords {
            subject: "Your payment to {m}",
            paid: "You paid {m}.",
            amount: "Amount",
            date: "Date",
            reference: "Reference",
            contact: "Questions about your order or a refund: contact {m} at {e}.",
            contact_no_email: "Questions about your order or a refund: contact {m}.",
            not_you: "Did you not make this payment? Report it here and the merchant must answer by the deadline your country's law sets:",
            issuer: "You can also contact the bank that issued your card.",
        },
    },
};
