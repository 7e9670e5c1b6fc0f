//! German.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "de",
    rtl: false,
    frame: Labels {
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
        attempts_left: &[("one", "Noch {} Versuch."), ("other", "Noch {} Versuche.")],
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
            (
                ErrorCode::AmountOverAccountLimit,
                "Dieser Betrag liegt über dem Limit Ihres Kontos. Bezahlen Sie unten mit einer Karte.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "Dieses Gerät wurde aus Ihrem Tessera-Konto entfernt. Bezahlen Sie unten mit einer Karte.",
            ),
            (
                ErrorCode::AccountLocked,
                "Ihr Tessera-Konto ist gesperrt. Bezahlen Sie unten mit einer Karte.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Bestätigen Sie Ihre Telefonnummer im Tessera-Konto, um mit gespeicherten Karten zu bezahlen.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Dieser Passkey gehört zu keinem Tessera-Konto.",
            ),
            (ErrorCode::IncorrectCode, "Der Code ist nicht richtig."),
            (
                ErrorCode::StepUpLocked,
                "Zu viele falsche Codes. Diese Zahlung kann nicht bestätigt werden; bitte beginnen Sie erneut.",
            ),
            (
                ErrorCode::StepUpVoid,
                "Der Betrag hat sich geändert. Fordern Sie einen neuen Code an.",
            ),
            (
                ErrorCode::CodeExpired,
                "Ihr Code ist abgelaufen. Fordern Sie einen neuen an.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Bitte warten Sie kurz, bevor Sie einen neuen Code anfordern.",
            ),
            (
                ErrorCode::ResendLimit,
                "Für diese Zahlung können keine weiteren Codes gesendet werden.",
            ),
            (
                ErrorCode::PaymentRefused,
                "Diese Zahlung kann nicht angenommen werden. Bitte wenden Sie sich an den Shop.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Ihre Kartennummer ist unvollständig oder ungültig.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "Diese Kartenmarke wird nicht akzeptiert.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "Das Ablaufdatum ist unvollständig oder ungültig.",
            ),
            (ErrorCode::CardExpired, "Ihre Karte ist abgelaufen."),
            (ErrorCode::InvalidCvc, "Die Prüfnummer ist unvollständig."),
            (
                ErrorCode::NameRequired,
                "Geben Sie den Namen auf Ihrer Karte ein.",
            ),
            (
                ErrorCode::SessionExpired,
                "Dieser Bezahlvorgang ist abgelaufen. Bitte beginnen Sie erneut.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "Diese Bestellung wurde bereits bezahlt.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Ihr Code bestätigt die zuerst eingegebene Karte. Zahlen Sie mit dieser Karte oder beginnen Sie erneut.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Es wurden zu viele falsche Codes eingegeben. Bitte versuchen Sie es später erneut.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "Es wurden Ihnen zuletzt zu viele Codes gesendet. Bitte versuchen Sie es später erneut.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Diese Zahlung wird bereits verarbeitet.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Dieser Bezahlvorgang wurde abgebrochen. Bitte beginnen Sie erneut.",
            ),
            (
                ErrorCode::MessageNotSent,
                "Wir konnten Ihren Code nicht senden. Bitte fordern Sie einen neuen an.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "Diese Zahlung kann nicht mit einem Code bestätigt werden. Bitte wenden Sie sich an den Shop.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Diese Zahlung wird bereits bestätigt. Bitte warten Sie einen Moment.",
            ),
        ],
        general: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    },
    mail: Mail {
        code_subject: "Ihr Zahlungscode",
        code_message: "Ihr Tessera-Code lautet {code}. Er bestätigt eine Zahlung von {amount} an {merchant} und läuft in 5 Minuten ab. Geben Sie ihn niemals weiter.",
        receipt: ReceiptWords {
            subject: "Ihre Zahlung an {m}",
            paid: "Sie haben an {m} bezahlt.",
            amount: "Betrag",
            date: "Datum",
            reference: "Referenz",
            contact: "Fragen zur Bestellung oder zu einer Erstattung: Wenden Sie sich an {m} unter {e}.",
            contact_no_email: "Fragen zur Bestellung oder zu einer Erstattung: Wenden Sie sich an {m}.",
            not_you: "Sie haben diese Zahlung nicht veranlasst? Melden Sie sie hier; der Händler muss bis zu der Frist antworten, die das Recht Ihres Landes setzt:",
            issuer: "Sie können sich auch an die Bank wenden, die Ihre Karte ausgegeben hat.",
        },
    },
};
