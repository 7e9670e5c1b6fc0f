//! Polish.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "pl",
    rtl: false,
    frame: Labels {
        number: "Numer karty",
        expiry: "Data ważności",
        cvc: "Kod zabezpieczający",
        name: "Imię i nazwisko na karcie",
        pay: "Zapłać {}",
        processing: "Przetwarzanie…",
        paid: "Płatność zakończona. Dziękujemy!",
        unavailable: "Nie udało się połączyć z usługą płatności. Spróbuj ponownie.",
        otp_intro: "Aby potwierdzić, że to Ty, wpisz 6-cyfrowy kod, który wysłaliśmy na {}.",
        otp_label: "Kod",
        otp_submit: "Potwierdź kod",
        otp_resend: "Wyślij nowy kod",
        attempts_left: &[
            ("one", "Pozostała {} próba."),
            ("few", "Pozostały {} próby."),
            ("many", "Pozostało {} prób."),
            ("other", "Pozostało {} próby."),
        ],
        passkey_offer: "Płatność zakończona. Zapisać klucz dostępu, aby potwierdzać kolejne płatności bez kodu?",
        passkey_save: "Zapisz klucz dostępu",
        passkey_skip: "Nie teraz",
        passkey_saved: "Klucz dostępu zapisany. Płatność zakończona.",
        account_pay: "Zapłać przez konto Tessera",
        account_other: "Zapłać inną kartą",
        account_intro: "Zalogowano jako {}. Wybierz, czym zapłacić:",
        account_none: "Na Twoim koncie Tessera nie ma jeszcze zapisanych kart. Zapłać kartą poniżej.",
        account_over_limit: "Ta kwota przekracza limit Twojego konta. Aby go podnieść, potwierdź swoją tożsamość na koncie albo zapłać kartą poniżej.",
        saved_card: "{b} z końcówką {l}",
        save_offer: "Płatność zakończona. Zapisać tę kartę na koncie Tessera, aby płacić w dowolnym sklepie bez wpisywania jej danych?",
        save_card: "Zapisz moją kartę",
        save_skip: "Nie, dziękuję",
        save_opened: "Dokończ zapisywanie karty w oknie Tessera.",
        consent_title: "Pomożesz nam rozpoznać to urządzenie?",
        consent_text: "Za Twoją zgodą Tessera odczyta kilka dodatkowych informacji o tej przeglądarce (np. o grafice i czcionkach), aby rozpoznać ją następnym razem i rzadziej prosić o kod. Bez zgody także możesz zapłacić; możemy wtedy poprosić o potwierdzenie kodem.",
        consent_allow: "Zezwól",
        consent_refuse: "Nie teraz",
        privacy_choices: "Ustawienia prywatności",
        notice_outside_japan: "Tessera przetwarza Twoje dane płatnicze na serwerach, które mogą znajdować się poza Japonią (w globalnej sieci Cloudflare). O szczegóły dotyczące przetwarzania Twoich danych osobowych zapytaj sklep.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "Ta kwota przekracza limit Twojego konta. Zapłać kartą poniżej.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "To urządzenie zostało usunięte z Twojego konta Tessera. Zapłać kartą poniżej.",
            ),
            (
                ErrorCode::AccountLocked,
                "Twoje konto Tessera jest zablokowane. Zapłać kartą poniżej.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Aby płacić zapisanymi kartami, zweryfikuj numer telefonu na koncie Tessera.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Ten klucz dostępu nie należy do żadnego konta Tessera.",
            ),
            (ErrorCode::IncorrectCode, "Ten kod jest nieprawidłowy."),
            (
                ErrorCode::StepUpLocked,
                "Zbyt wiele błędnych kodów. Nie można potwierdzić tej płatności; zacznij od nowa.",
            ),
            (
                ErrorCode::StepUpVoid,
                "Kwota zmieniła się po wysłaniu kodu. Poproś o nowy kod.",
            ),
            (
                ErrorCode::CodeExpired,
                "Kod wygasł. Poproś o nowy.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Poczekaj chwilę, zanim poprosisz o nowy kod.",
            ),
            (
                ErrorCode::ResendLimit,
                "Dla tej płatności nie można wysłać więcej kodów.",
            ),
            (
                ErrorCode::PaymentRefused,
                "Nie można przyjąć tej płatności. Skontaktuj się ze sklepem.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Numer karty jest niepełny lub nieprawidłowy.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "Karty tego typu nie są akceptowane.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "Data ważności karty jest niepełna lub nieprawidłowa.",
            ),
            (ErrorCode::CardExpired, "Twoja karta straciła ważność."),
            (
                ErrorCode::InvalidCvc,
                "Kod zabezpieczający karty jest niepełny.",
            ),
            (
                ErrorCode::NameRequired,
                "Wpisz imię i nazwisko widoczne na karcie.",
            ),
            (
                ErrorCode::SessionExpired,
                "Ta sesja płatności wygasła. Zacznij od nowa.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "To zamówienie zostało już opłacone.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Kod potwierdza kartę wpisaną jako pierwszą. Zapłać tą kartą albo zacznij od nowa.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Wpisano zbyt wiele błędnych kodów. Spróbuj ponownie później.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "W ostatnim czasie wysłaliśmy Ci zbyt wiele kodów. Spróbuj ponownie później.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Ta płatność jest już przetwarzana.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Ta sesja płatności została anulowana. Zacznij od nowa.",
            ),
            (
                ErrorCode::MessageNotSent,
                "Nie udało się wysłać kodu. Poproś o nowy.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "Nie możemy potwierdzić tej płatności kodem. Skontaktuj się ze sklepem.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Ta płatność jest już potwierdzana. Poczekaj chwilę.",
            ),
        ],
        general: "Coś poszło nie tak. Spróbuj ponownie.",
    },
    mail: Mail {
        code_subject: "Twój kod płatności",
        code_message: "Twój kod Tessera to {code}. Zatwierdza płatność w kwocie {amount} na rzecz {merchant} i wygasa za 5 minut. Nigdy nikomu go nie podawaj.",
        receipt: ReceiptWords {
            subject: "Twoja płatność na rzecz {m}",
            paid: "Dokonano płatności na rzecz {m}.",
            amount: "Kwota",
            date: "Data",
            reference: "Numer referencyjny",
            contact: "Pytania dotyczące zamówienia lub zwrotu? Skontaktuj się ze sprzedawcą {m}: {e}.",
            contact_no_email: "Pytania dotyczące zamówienia lub zwrotu? Skontaktuj się ze sprzedawcą {m}.",
            not_you: "To nie Twoja płatność? Zgłoś ją tutaj, a sprzedawca będzie musiał odpowiedzieć w terminie określonym przez prawo Twojego kraju:",
            issuer: "Możesz też skontaktować się z bankiem, który wydał Twoją kartę.",
        },
    },
};
