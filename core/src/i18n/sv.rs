//! Swedish.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "sv",
    rtl: false,
    frame: Labels {
        number: "Kortnummer",
        expiry: "Giltighetsdatum",
        cvc: "Säkerhetskod",
        name: "Namn på kortet",
        pay: "Betala {}",
        processing: "Bearbetar…",
        paid: "Betalningen är klar. Tack!",
        unavailable: "Vi kunde inte nå betaltjänsten. Försök igen.",
        otp_intro: "Bekräfta att det är du genom att ange den 6-siffriga kod vi skickade till {}.",
        otp_label: "Kod",
        otp_submit: "Bekräfta koden",
        otp_resend: "Skicka en ny kod",
        attempts_left: &[("one", "{} försök kvar."), ("other", "{} försök kvar.")],
        passkey_offer: "Betalningen är klar. Vill du spara en passkey så att du kan bekräfta framtida betalningar utan kod?",
        passkey_save: "Spara en passkey",
        passkey_skip: "Inte nu",
        passkey_saved: "Passkey sparad. Betalningen är klar.",
        account_pay: "Betala med ditt Tessera-konto",
        account_other: "Betala med ett annat kort",
        account_intro: "Inloggad som {}. Betala med:",
        account_none: "Ditt Tessera-konto har inga sparade kort än. Betala med ett kort nedan.",
        account_over_limit: "Beloppet överstiger ditt kontos gräns. Verifiera din identitet i ditt konto för att höja den, eller betala med ett kort nedan.",
        saved_card: "{b} som slutar på {l}",
        save_offer: "Betalningen är klar. Vill du spara kortet i ditt Tessera-konto så att du kan betala i vilken butik som helst utan att skriva in det?",
        save_card: "Spara mitt kort",
        save_skip: "Nej tack",
        save_opened: "Slutför sparandet av ditt kort i Tessera-fönstret.",
        consent_title: "Vill du hjälpa oss att känna igen den här enheten?",
        consent_text: "Med ditt tillstånd läser Tessera några fler uppgifter om den här webbläsaren (till exempel grafik och typsnitt) för att känna igen den nästa gång och be om en kod mer sällan. Utan tillstånd kan du fortfarande betala, men vi kan be dig bekräfta med en kod.",
        consent_allow: "Tillåt",
        consent_refuse: "Inte nu",
        privacy_choices: "Integritetsval",
        notice_outside_japan: "Dina betalningsuppgifter behandlas av Tessera på servrar som kan finnas utanför Japan (Cloudflares globala nätverk). Fråga butiken hur dina personuppgifter hanteras.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "Beloppet överstiger ditt kontos gräns. Betala med ett kort nedan.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "Den här enheten har tagits bort från ditt Tessera-konto. Betala med ett kort nedan.",
            ),
            (
                ErrorCode::AccountLocked,
                "Ditt Tessera-konto är låst. Betala med ett kort nedan.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Verifiera ditt telefonnummer i ditt Tessera-konto för att betala med sparade kort.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Den här passkeyn tillhör inget Tessera-konto.",
            ),
            (ErrorCode::IncorrectCode, "Koden är inte korrekt."),
            (
                ErrorCode::StepUpLocked,
                "För många felaktiga koder. Betalningen kan inte bekräftas. Börja om.",
            ),
            (
                ErrorCode::StepUpVoid,
                "Beloppet ändrades efter att vi skickade din kod. Be om en ny kod.",
            ),
            (
                ErrorCode::CodeExpired,
                "Din kod har gått ut. Be om en ny.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Vänta en stund innan du ber om en ny kod.",
            ),
            (
                ErrorCode::ResendLimit,
                "Det går inte att skicka fler koder för den här betalningen.",
            ),
            (
                ErrorCode::PaymentRefused,
                "Betalningen kan inte godkännas. Kontakta butiken.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Kortnumret är ofullständigt eller ogiltigt.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "Den här korttypen accepteras inte.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "Kortets giltighetsdatum är ofullständigt eller ogiltigt.",
            ),
            (ErrorCode::CardExpired, "Ditt kort har gått ut."),
            (
                ErrorCode::InvalidCvc,
                "Kortets säkerhetskod är ofullständig.",
            ),
            (
                ErrorCode::NameRequired,
                "Ange namnet som står på kortet.",
            ),
            (
                ErrorCode::SessionExpired,
                "Den här betalsessionen har gått ut. Börja om.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "Den här beställningen är redan betald.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Din kod bekräftar kortet du angav först. Betala med det kortet eller börja om.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "För många felaktiga koder har angetts. Försök igen senare.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "För många koder har skickats till dig nyligen. Försök igen senare.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Betalningen behandlas redan.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Den här betalsessionen avbröts. Börja om.",
            ),
            (
                ErrorCode::MessageNotSent,
                "Vi kunde inte skicka din kod. Be om en ny.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "Vi kan inte bekräfta den här betalningen med en kod. Kontakta butiken.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Betalningen håller redan på att bekräftas. Vänta en stund.",
            ),
        ],
        general: "Något gick fel. Försök igen.",
    },
    mail: Mail {
        code_subject: "Din betalningskod",
        code_message: "Din Tessera-kod är {code}. Den godkänner en betalning på {amount} till {merchant} och går ut om 5 minuter. Dela den aldrig med någon.",
        receipt: ReceiptWords {
            subject: "Din betalning till {m}",
            paid: "Du har betalat till {m}.",
            amount: "Belopp",
            date: "Datum",
            reference: "Referens",
            contact: "Frågor om din beställning eller en återbetalning: kontakta {m} på {e}.",
            contact_no_email: "Frågor om din beställning eller en återbetalning: kontakta {m}.",
            not_you: "Har du inte gjort den här betalningen? Anmäl det här, så måste handlaren svara inom den tidsfrist som lagen i ditt land anger:",
            issuer: "Du kan också kontakta banken som har utfärdat ditt kort.",
        },
    },
};
