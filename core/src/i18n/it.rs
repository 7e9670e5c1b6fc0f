//! Italian.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "it",
    rtl: false,
    frame: Labels {
        number: "Numero della carta",
        expiry: "Data di scadenza",
        cvc: "Codice di sicurezza",
        name: "Nome sulla carta",
        pay: "Paga {}",
        processing: "Elaborazione in corso…",
        paid: "Pagamento completato. Grazie!",
        unavailable: "Non è stato possibile raggiungere il servizio di pagamento. Riprova.",
        otp_intro: "Per confermare che sei tu, inserisci il codice di 6 cifre che abbiamo inviato a {}.",
        otp_label: "Codice",
        otp_submit: "Conferma il codice",
        otp_resend: "Invia un nuovo codice",
        attempts_left: &[("one", "Ti resta {} tentativo."), ("other", "Ti restano {} tentativi.")],
        passkey_offer: "Pagamento completato. Vuoi salvare una passkey per confermare i pagamenti futuri senza codice?",
        passkey_save: "Salva una passkey",
        passkey_skip: "Non ora",
        passkey_saved: "Passkey salvata. Pagamento completato.",
        account_pay: "Paga con il tuo account Tessera",
        account_other: "Paga con un’altra carta",
        account_intro: "Accesso effettuato come {}. Paga con:",
        account_none: "Il tuo account Tessera non ha ancora carte salvate. Paga con una carta qui sotto.",
        account_over_limit: "Questo importo supera il limite del tuo account. Verifica la tua identità nel tuo account per aumentarlo, oppure paga con una carta qui sotto.",
        saved_card: "{b} che termina con {l}",
        save_offer: "Pagamento completato. Vuoi salvare questa carta nel tuo account Tessera per pagare in qualsiasi negozio senza doverla digitare?",
        save_card: "Salva la mia carta",
        save_skip: "No, grazie",
        save_opened: "Completa il salvataggio della carta nella finestra di Tessera.",
        consent_title: "Vuoi aiutarci a riconoscere questo dispositivo?",
        consent_text: "Con il tuo consenso, Tessera legge alcuni dettagli aggiuntivi di questo browser (ad esempio la grafica e i caratteri) per riconoscerlo la prossima volta e chiederti un codice meno spesso. Senza consenso puoi comunque pagare; potremmo chiederti di confermare con un codice.",
        consent_allow: "Consenti",
        consent_refuse: "Non ora",
        privacy_choices: "Scelte sulla privacy",
        notice_outside_japan: "I tuoi dati di pagamento sono trattati da Tessera su server che potrebbero trovarsi al di fuori del Giappone (la rete globale di Cloudflare). Chiedi al negozio come vengono trattati i tuoi dati personali.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "Questo importo supera il limite del tuo account. Paga con una carta qui sotto.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "Questo dispositivo è stato rimosso dal tuo account Tessera. Paga con una carta qui sotto.",
            ),
            (
                ErrorCode::AccountLocked,
                "Il tuo account Tessera è bloccato. Paga con una carta qui sotto.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Verifica il tuo numero di telefono nel tuo account Tessera per pagare con le carte salvate.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Questa passkey non appartiene a un account Tessera.",
            ),
            (ErrorCode::IncorrectCode, "Il codice non è corretto."),
            (
                ErrorCode::StepUpLocked,
                "Troppi codici errati. Questo pagamento non può essere confermato; ricomincia.",
            ),
            (
                ErrorCode::StepUpVoid,
                "L’importo è cambiato dopo l’invio del codice. Chiedi un nuovo codice.",
            ),
            (
                ErrorCode::CodeExpired,
                "Il tuo codice è scaduto. Chiedine uno nuovo.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Attendi un momento prima di chiedere un nuovo codice.",
            ),
            (
                ErrorCode::ResendLimit,
                "Non è possibile inviare altri codici per questo pagamento.",
            ),
            (
                ErrorCode::PaymentRefused,
                "Questo pagamento non può essere accettato. Contatta il negozio.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Il numero della carta è incompleto o non valido.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "Questo circuito di carte non è accettato.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "La data di scadenza della carta è incompleta o non valida.",
            ),
            (ErrorCode::CardExpired, "La tua carta è scaduta."),
            (
                ErrorCode::InvalidCvc,
                "Il codice di sicurezza della carta è incompleto.",
            ),
            (
                ErrorCode::NameRequired,
                "Inserisci il nome riportato sulla carta.",
            ),
            (
                ErrorCode::SessionExpired,
                "Questa sessione di pagamento è scaduta. Ricomincia.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "Questo ordine è già stato pagato.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Il tuo codice conferma la carta che hai inserito per prima. Paga con quella carta oppure ricomincia.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Sono stati inseriti troppi codici errati. Riprova più tardi.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "Di recente ti sono stati inviati troppi codici. Riprova più tardi.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Questo pagamento è già in fase di elaborazione.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Questa sessione di pagamento è stata annullata. Ricomincia.",
            ),
            (
                ErrorCode::MessageNotSent,
                "Non è stato possibile inviare il codice. Chiedine uno nuovo.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "Non possiamo confermare questo pagamento con un codice. Contatta il negozio.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Questo pagamento è già in fase di conferma. Attendi un momento.",
            ),
        ],
        general: "Si è verificato un errore. Riprova.",
    },
    mail: Mail {
        code_subject: "Il tuo codice di pagamento",
        code_message: "Il tuo codice Tessera è {code}. Autorizza un pagamento di {amount} a {merchant} e scade tra 5 minuti. Non condividerlo mai.",
        receipt: ReceiptWords {
            subject: "Il tuo pagamento a {m}",
            paid: "Hai effettuato un pagamento a {m}.",
            amount: "Importo",
            date: "Data",
            reference: "Riferimento",
            contact: "Per domande sull’ordine o su un rimborso, contatta {m} all’indirizzo {e}.",
            contact_no_email: "Per domande sull’ordine o su un rimborso, contatta {m}.",
            not_you: "Non hai effettuato tu questo pagamento? Segnalalo qui e l’esercente dovrà rispondere entro il termine stabilito dalla legge del tuo paese:",
            issuer: "Puoi anche contattare la banca che ha emesso la tua carta.",
        },
    },
};
