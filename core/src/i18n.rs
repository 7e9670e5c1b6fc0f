//! What the card frame says, in the shopper's language. English and German for now; anything
//! else falls back to English.
//!
//! The edge renders the frame page in one language: the fixed labels go into the HTML and the
//! messages the widget shows later travel in the page as JSON (`Labels::messages_json`). The
//! widget carries no words of its own, so a new language costs shoppers nothing.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::Serialize;

use crate::api::ErrorCode;

/// The frame's words in one language.
#[allow(missing_docs)]
pub struct Labels {
    /// The language these words are in (the page's `lang`, which must not claim one we lack).
    pub lang: &'static str,
    pub number: &'static str,
    pub expiry: &'static str,
    pub cvc: &'static str,
    pub name: &'static str,
    /// "Pay {amount}"; `{}` is replaced by the formatted amount.
    pub pay: &'static str,
    pub processing: &'static str,
    pub paid: &'static str,
    pub unavailable: &'static str,
    /// "Enter the code we sent to {}".
    pub otp_intro: &'static str,
    pub otp_label: &'static str,
    pub otp_submit: &'static str,
    pub otp_resend: &'static str,
    /// "{} attempts left".
    pub attempts_left: &'static str,
    pub passkey_offer: &'static str,
    pub passkey_save: &'static str,
    pub passkey_skip: &'static str,
    pub passkey_saved: &'static str,
    pub account_pay: &'static str,
    pub account_other: &'static str,
    /// "Signed in as {}. Pay with:".
    pub account_intro: &'static str,
    pub account_none: &'static str,
    pub account_over_limit: &'static str,
    /// "{brand} ending in {last4}": `{b}` and `{l}` are replaced.
    pub saved_card: &'static str,
    pub save_offer: &'static str,
    pub save_card: &'static str,
    pub save_skip: &'static str,
    pub save_opened: &'static str,
    pub consent_title: &'static str,
    pub consent_text: &'static str,
    pub consent_allow: &'static str,
    pub consent_refuse: &'static str,
    pub privacy_choices: &'static str,
    pub notice_outside_japan: &'static str,
    /// Messages by error code; a code without one gets [`Labels::general`].
    errors: &'static [(ErrorCode, &'static str)],
    /// The message for any other error.
    general: &'static str,
}

/// What the widget needs after the page is drawn, as the page carries it.
#[derive(Serialize)]
struct Messages<'a> {
    pay: &'a str,
    processing: &'a str,
    paid: &'a str,
    unavailable: &'a str,
    otp_intro: &'a str,
    otp_submit: &'a str,
    attempts_left: &'a str,
    passkey_saved: &'a str,
    account_intro: &'a str,
    account_none: &'a str,
    account_over_limit: &'a str,
    saved_card: &'a str,
    save_opened: &'a str,
    /// Error code → message; `""` is the general one.
    errors: BTreeMap<&'static str, &'a str>,
}

impl Labels {
    /// The message for an error code, or the general one.
    pub fn error(&self, code: ErrorCode) -> &'static str {
        self.errors.iter().find(|(c, _)| *c == code).map_or(self.general, |(_, m)| m)
    }

    /// The messages the widget shows after the page is drawn, as JSON.
    pub fn messages_json(&self) -> String {
        let messages = Messages {
            pay: self.pay,
            processing: self.processing,
            paid: self.paid,
            unavailable: self.unavailable,
            otp_intro: self.otp_intro,
            otp_submit: self.otp_submit,
            attempts_left: self.attempts_left,
            passkey_saved: self.passkey_saved,
            account_intro: self.account_intro,
            account_none: self.account_none,
            account_over_limit: self.account_over_limit,
            saved_card: self.saved_card,
            save_opened: self.save_opened,
            errors: self.errors.iter().map(|(code, message)| (code.as_str(), *message)).chain([("", self.general)]).collect(),
        };
        serde_json::to_string(&messages).unwrap_or_else(|_| "{}".into())
    }
}

const EN: Labels = Labels {
    lang: "en",
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
    attempts_left: "{} attempts left.",
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
        (ErrorCode::AmountOverAccountLimit, "This amount is above your account's limit. Pay with a card below."),
        (ErrorCode::DeviceRevoked, "This device was removed from your Tessera account. Pay with a card below."),
        (ErrorCode::AccountLocked, "Your Tessera account is locked. Pay with a card below."),
        (ErrorCode::CapabilityLocked, "Verify your phone in your Tessera account to pay with saved cards."),
        (ErrorCode::UnknownPasskey, "This passkey does not belong to a Tessera account."),
        (ErrorCode::IncorrectCode, "That code is not right."),
        (ErrorCode::StepUpLocked, "Too many wrong codes. This payment cannot be confirmed; please start again."),
        (ErrorCode::StepUpVoid, "The amount changed after we sent your code. Ask for a new code."),
        (ErrorCode::CodeExpired, "Your code has expired. Ask for a new one."),
        (ErrorCode::ResendTooSoon, "Please wait a moment before asking for a new code."),
        (ErrorCode::ResendLimit, "No more codes can be sent for this payment."),
        (ErrorCode::PaymentRefused, "This payment cannot be accepted. Please contact the shop."),
        (ErrorCode::InvalidCardNumber, "Your card number is incomplete or invalid."),
        (ErrorCode::UnsupportedCardBrand, "This card brand is not accepted."),
        (ErrorCode::InvalidExpiry, "Your card's expiry date is incomplete or invalid."),
        (ErrorCode::CardExpired, "Your card has expired."),
        (ErrorCode::InvalidCvc, "Your card's security code is incomplete."),
        (ErrorCode::NameRequired, "Enter the name shown on your card."),
        (ErrorCode::SessionExpired, "This checkout has expired. Please start again."),
        (ErrorCode::SessionAlreadyPaid, "This order has already been paid."),
        (ErrorCode::StepUpCardMismatch, "Your code confirms the card you entered first. Pay with that card, or start again."),
        (ErrorCode::ShopperBlocked, "Too many wrong codes were entered. Please try again later."),
        (ErrorCode::DestinationRateLimited, "Too many codes were sent to you recently. Please try again later."),
        (ErrorCode::PaymentInProgress, "This payment is already being processed."),
        (ErrorCode::SessionCanceled, "This checkout was canceled. Please start again."),
        (ErrorCode::MessageNotSent, "We could not send your code. Please ask for a new one."),
        (ErrorCode::StepUpUnavailable, "We cannot confirm this payment with a code. Please contact the shop."),
        (ErrorCode::ConfirmInProgress, "This payment is already being confirmed. Please wait a moment."),
    ],
    general: "Something went wrong. Please try again.",
};

const DE: Labels = Labels {
    lang: "de",
    number: "Kartennummer",
    expiry: "Ablaufdatum",
    cvc: "Prüfnummer",
    name: "Name auf der Karte",
    pay: "{} bezahlen",
    processing: "Wird verarbeitet…",
    paid: "Zahlung abgeschlossen. Vielen Dank!",
    unavailable: "Der Zahlungsdienst ist nicht erreichbar. Bitte versuchen Sie es erneut.",
    otp_intro: "Zur Bestätigung geben Sie den 6-stelligen Code ein, den wir an {} gesendet haben.",
    otp_label: "Code",
    otp_submit: "Code bestätigen",
    otp_resend: "Neuen Code senden",
    attempts_left: "Noch {} Versuche.",
    passkey_offer: "Zahlung abgeschlossen. Einen Passkey speichern, um künftige Zahlungen ohne Code zu bestätigen?",
    passkey_save: "Passkey speichern",
    passkey_skip: "Nicht jetzt",
    passkey_saved: "Passkey gespeichert. Zahlung abgeschlossen.",
    account_pay: "Mit Ihrem Tessera-Konto bezahlen",
    account_other: "Mit einer anderen Karte bezahlen",
    account_intro: "Angemeldet als {}. Bezahlen mit:",
    account_none: "In Ihrem Tessera-Konto ist noch keine Karte gespeichert. Bezahlen Sie unten mit einer Karte.",
    account_over_limit: "Dieser Betrag liegt über dem Limit Ihres Kontos. Bestätigen Sie Ihre Identität im Konto, um es zu erhöhen, oder bezahlen Sie unten mit einer Karte.",
    saved_card: "{b} mit Endziffern {l}",
    save_offer: "Zahlung abgeschlossen. Diese Karte in Ihrem Tessera-Konto speichern, um in jedem Shop ohne Eintippen zu bezahlen?",
    save_card: "Karte speichern",
    save_skip: "Nein, danke",
    save_opened: "Speichern Sie Ihre Karte im Tessera-Fenster zu Ende.",
    consent_title: "Dieses Gerät wiedererkennen?",
    consent_text: "Mit Ihrer Einwilligung liest Tessera einige weitere Merkmale dieses Browsers (etwa Grafik und Schriften), um ihn beim nächsten Mal wiederzuerkennen und seltener nach einem Code zu fragen. Ohne Einwilligung können Sie trotzdem bezahlen; eventuell bitten wir Sie dann um einen Code.",
    consent_allow: "Erlauben",
    consent_refuse: "Nicht jetzt",
    privacy_choices: "Datenschutz-Einstellungen",
    notice_outside_japan: "Ihre Zahlungsdaten werden von Tessera auf Servern verarbeitet, die außerhalb Japans liegen können (das weltweite Netz von Cloudflare). Fragen Sie den Shop, wie Ihre personenbezogenen Daten verarbeitet werden.",
    errors: &[
        (ErrorCode::AmountOverAccountLimit, "Dieser Betrag liegt über dem Limit Ihres Kontos. Bezahlen Sie unten mit einer Karte."),
        (ErrorCode::DeviceRevoked, "Dieses Gerät wurde aus Ihrem Tessera-Konto entfernt. Bezahlen Sie unten mit einer Karte."),
        (ErrorCode::AccountLocked, "Ihr Tessera-Konto ist gesperrt. Bezahlen Sie unten mit einer Karte."),
        (ErrorCode::CapabilityLocked, "Bestätigen Sie Ihre Telefonnummer im Tessera-Konto, um mit gespeicherten Karten zu bezahlen."),
        (ErrorCode::UnknownPasskey, "Dieser Passkey gehört zu keinem Tessera-Konto."),
        (ErrorCode::IncorrectCode, "Der Code ist nicht richtig."),
        (ErrorCode::StepUpLocked, "Zu viele falsche Codes. Diese Zahlung kann nicht bestätigt werden; bitte beginnen Sie erneut."),
        (ErrorCode::StepUpVoid, "Der Betrag hat sich geändert. Fordern Sie einen neuen Code an."),
        (ErrorCode::CodeExpired, "Ihr Code ist abgelaufen. Fordern Sie einen neuen an."),
        (ErrorCode::ResendTooSoon, "Bitte warten Sie kurz, bevor Sie einen neuen Code anfordern."),
        (ErrorCode::ResendLimit, "Für diese Zahlung können keine weiteren Codes gesendet werden."),
        (ErrorCode::PaymentRefused, "Diese Zahlung kann nicht angenommen werden. Bitte wenden Sie sich an den Shop."),
        (ErrorCode::InvalidCardNumber, "Ihre Kartennummer ist unvollständig oder ungültig."),
        (ErrorCode::UnsupportedCardBrand, "Diese Kartenmarke wird nicht akzeptiert."),
        (ErrorCode::InvalidExpiry, "Das Ablaufdatum ist unvollständig oder ungültig."),
        (ErrorCode::CardExpired, "Ihre Karte ist abgelaufen."),
        (ErrorCode::InvalidCvc, "Die Prüfnummer ist unvollständig."),
        (ErrorCode::NameRequired, "Geben Sie den Namen auf Ihrer Karte ein."),
        (ErrorCode::SessionExpired, "Dieser Bezahlvorgang ist abgelaufen. Bitte beginnen Sie erneut."),
        (ErrorCode::SessionAlreadyPaid, "Diese Bestellung wurde bereits bezahlt."),
        (ErrorCode::StepUpCardMismatch, "Ihr Code bestätigt die zuerst eingegebene Karte. Zahlen Sie mit dieser Karte oder beginnen Sie erneut."),
        (ErrorCode::ShopperBlocked, "Es wurden zu viele falsche Codes eingegeben. Bitte versuchen Sie es später erneut."),
        (ErrorCode::DestinationRateLimited, "Es wurden Ihnen zuletzt zu viele Codes gesendet. Bitte versuchen Sie es später erneut."),
        (ErrorCode::PaymentInProgress, "Diese Zahlung wird bereits verarbeitet."),
        (ErrorCode::SessionCanceled, "Dieser Bezahlvorgang wurde abgebrochen. Bitte beginnen Sie erneut."),
        (ErrorCode::MessageNotSent, "Wir konnten Ihren Code nicht senden. Bitte fordern Sie einen neuen an."),
        (ErrorCode::StepUpUnavailable, "Diese Zahlung kann nicht mit einem Code bestätigt werden. Bitte wenden Sie sich an den Shop."),
        (ErrorCode::ConfirmInProgress, "Diese Zahlung wird bereits bestätigt. Bitte warten Sie einen Moment."),
    ],
    general: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
};

/// The labels for a BCP 47 locale such as `de-DE`.
pub fn labels(locale: &str) -> &'static Labels {
    match locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase().as_str() {
        "de" => &DE,
        _ => &EN,
    }
}

/// The language for the frame: the merchant's choice if it made one, else the first language
/// the browser asks for in `Accept-Language`, else English.
pub fn language(locale: &str, accept_language: &str) -> String {
    let chosen = if locale.is_empty() { accept_language.split([',', ';']).next().unwrap_or_default().trim() } else { locale };
    let primary = chosen.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    if (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()) { primary } else { "en".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merchants_locale_then_the_browsers_then_english() {
        assert_eq!(language("de-AT", "fr-FR,fr;q=0.9"), "de");
        assert_eq!(language("", "fr-FR,fr;q=0.9"), "fr");
        assert_eq!(language("", ""), "en");
        assert_eq!(language("", "*"), "en");
        assert_eq!(labels("fr").pay, "Pay {}", "an unknown language falls back to English");
        assert_eq!(labels("fr").lang, "en", "and says so");
        assert_eq!(labels("de").pay, "{} bezahlen");
    }

    #[test]
    fn every_language_has_every_message_and_a_general_error() {
        for lang in ["en", "de"] {
            let messages: serde_json::Value = serde_json::from_str(&labels(lang).messages_json()).unwrap();
            for key in ["pay", "processing", "paid", "unavailable", "otp_intro", "otp_submit", "attempts_left", "passkey_saved"] {
                assert!(messages[key].as_str().is_some_and(|m| !m.is_empty()), "{lang} {key}");
            }
            assert!(messages["errors"][""].as_str().is_some_and(|m| !m.is_empty()), "{lang}");
            assert_eq!(labels(lang).errors.len(), labels("en").errors.len(), "{lang} names every error English does");
        }
    }
}
