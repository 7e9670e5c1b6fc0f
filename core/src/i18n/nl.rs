//! Dutch.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "nl",
    rtl: false,
    frame: Labels {
        number: "Kaartnummer",
        expiry: "Vervaldatum",
        cvc: "Beveiligingscode",
        name: "Naam op kaart",
        pay: "{} betalen",
        processing: "Bezig met verwerken…",
        paid: "Betaling voltooid. Bedankt!",
        unavailable: "We konden de betaaldienst niet bereiken. Probeer het opnieuw.",
        otp_intro: "Voer ter bevestiging de 6-cijferige code in die we naar {} hebben gestuurd.",
        otp_label: "Code",
        otp_submit: "Code bevestigen",
        otp_resend: "Nieuwe code sturen",
        attempts_left: &[("one", "Nog {} poging over."), ("other", "Nog {} pogingen over.")],
        passkey_offer: "Betaling voltooid. Een passkey opslaan om toekomstige betalingen zonder code te bevestigen?",
        passkey_save: "Passkey opslaan",
        passkey_skip: "Niet nu",
        passkey_saved: "Passkey opgeslagen. Betaling voltooid.",
        account_pay: "Betalen met je Tessera-account",
        account_other: "Betalen met een andere kaart",
        account_intro: "Ingelogd als {}. Betalen met:",
        account_none: "Je Tessera-account heeft nog geen opgeslagen kaarten. Betaal hieronder met een kaart.",
        account_over_limit: "Dit bedrag is hoger dan de limiet van je account. Verifieer je identiteit in je account om de limiet te verhogen, of betaal hieronder met een kaart.",
        saved_card: "{b} eindigend op {l}",
        save_offer: "Betaling voltooid. Deze kaart opslaan in je Tessera-account om in elke winkel te betalen zonder hem in te typen?",
        save_card: "Mijn kaart opslaan",
        save_skip: "Nee, bedankt",
        save_opened: "Rond het opslaan van je kaart af in het Tessera-venster.",
        consent_title: "Ons helpen dit apparaat te herkennen?",
        consent_text: "Met je toestemming leest Tessera een paar extra gegevens van deze browser (zoals de grafische instellingen en lettertypen) om hem de volgende keer te herkennen en minder vaak om een code te vragen. Zonder toestemming kun je nog steeds betalen; we vragen je dan mogelijk om te bevestigen met een code.",
        consent_allow: "Toestaan",
        consent_refuse: "Niet nu",
        privacy_choices: "Privacykeuzes",
        notice_outside_japan: "Je betaalgegevens worden door Tessera verwerkt op servers die zich mogelijk buiten Japan bevinden (het wereldwijde netwerk van Cloudflare). Vraag de winkel hoe er met je persoonsgegevens wordt omgegaan.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "Dit bedrag is hoger dan de limiet van je account. Betaal hieronder met een kaart.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "Dit apparaat is verwijderd uit je Tessera-account. Betaal hieronder met een kaart.",
            ),
            (
                ErrorCode::AccountLocked,
                "Je Tessera-account is geblokkeerd. Betaal hieronder met een kaart.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Verifieer je telefoonnummer in je Tessera-account om met opgeslagen kaarten te betalen.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Deze passkey hoort niet bij een Tessera-account.",
            ),
            (ErrorCode::IncorrectCode, "Die code klopt niet."),
            (
                ErrorCode::StepUpLocked,
                "Te veel onjuiste codes. Deze betaling kan niet worden bevestigd; begin opnieuw.",
            ),
            (
                ErrorCode::StepUpVoid,
                "Het bedrag is gewijzigd nadat we je code hebben gestuurd. Vraag een nieuwe code aan.",
            ),
            (
                ErrorCode::CodeExpired,
                "Je code is verlopen. Vraag een nieuwe aan.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Wacht even voordat je een nieuwe code aanvraagt.",
            ),
            (
                ErrorCode::ResendLimit,
                "Voor deze betaling kunnen geen codes meer worden verstuurd.",
            ),
            (
                ErrorCode::PaymentRefused,
                "Deze betaling kan niet worden geaccepteerd. Neem contact op met de winkel.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Je kaartnummer is onvolledig of ongeldig.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "Dit kaartmerk wordt niet geaccepteerd.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "De vervaldatum van je kaart is onvolledig of ongeldig.",
            ),
            (ErrorCode::CardExpired, "Je kaart is verlopen."),
            (
                ErrorCode::InvalidCvc,
                "De beveiligingscode van je kaart is onvolledig.",
            ),
            (
                ErrorCode::NameRequired,
                "Voer de naam in die op je kaart staat.",
            ),
            (
                ErrorCode::SessionExpired,
                "Deze betaalsessie is verlopen. Begin opnieuw.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "Deze bestelling is al betaald.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Je code bevestigt de kaart die je als eerste hebt ingevoerd. Betaal met die kaart of begin opnieuw.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Er zijn te veel onjuiste codes ingevoerd. Probeer het later opnieuw.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "Er zijn onlangs te veel codes naar je verstuurd. Probeer het later opnieuw.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Deze betaling wordt al verwerkt.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Deze betaalsessie is geannuleerd. Begin opnieuw.",
            ),
            (
                ErrorCode::MessageNotSent,
                "We konden je code niet versturen. Vraag een nieuwe aan.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "We kunnen deze betaling niet met een code bevestigen. Neem contact op met de winkel.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Deze betaling wordt al bevestigd. Wacht even.",
            ),
        ],
        general: "Er is iets misgegaan. Probeer het opnieuw.",
    },
    mail: Mail {
        code_subject: "Je betaalcode",
        code_message: "Je Tessera-code is {code}. Hiermee keur je een betaling van {amount} aan {merchant} goed. De code verloopt over 5 minuten. Deel hem nooit met anderen.",
        receipt: ReceiptWords {
            subject: "Je betaling aan {m}",
            paid: "Je hebt {m} betaald.",
            amount: "Bedrag",
            date: "Datum",
            reference: "Referentie",
            contact: "Vragen over je bestelling of een terugbetaling? Neem contact op met {m} via {e}.",
            contact_no_email: "Vragen over je bestelling of een terugbetaling? Neem contact op met {m}.",
            not_you: "Heb je deze betaling niet gedaan? Meld het hier; de verkoper moet reageren binnen de termijn die de wet in jouw land stelt:",
            issuer: "Je kunt ook contact opnemen met de bank die je kaart heeft uitgegeven.",
        },
    },
};
