//! The message that carries a personal account's one-time code (sign-in, a new phone number, the
//! current number before a change, unlocking), in the language the shopper's browser asks for.
//! Apart from the frame's tables because only the account pages' requests send it.

use crate::prelude::*;

/// A code message's words; `{code}` is filled in.
#[allow(missing_docs)]
pub struct CodeWords {
    pub tag: &'static str,
    pub subject: &'static str,
    pub code: &'static str,
    pub sign_in: &'static str,
    pub phone: &'static str,
    pub current_phone: &'static str,
    pub unlock: &'static str,
    pub tail: &'static str,
}

/// What a code is for, which the message says in one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeUse {
    /// Signing in.
    SignIn,
    /// Adding a phone number.
    Phone,
    /// Proving the current number before changing it.
    CurrentPhone,
    /// Unlocking a locked account.
    Unlock,
}

/// The code words for a language tag (as `super::of` resolves it); English if we lack one.
pub fn words(tag: &str) -> &'static CodeWords {
    let tag = super::of(tag).tag;
    ALL.iter().find(|w| w.tag == tag).unwrap_or(&ALL[0])
}

/// The message's subject and body.
pub fn message(w: &CodeWords, purpose: CodeUse, code: &str) -> (String, String) {
    let what = match purpose {
        CodeUse::SignIn => w.sign_in,
        CodeUse::Phone => w.phone,
        CodeUse::CurrentPhone => w.current_phone,
        CodeUse::Unlock => w.unlock,
    };
    let sep = if matches!(w.tag, "ja" | "zh-Hans") { "" } else { " " };
    (w.subject.to_owned(), [w.code.replace("{code}", code).as_str(), what, w.tail].join(sep))
}

/// Every language's code words, English first.
pub const ALL: &[CodeWords] = &[
    CodeWords {
        tag: "en",
        subject: "Your Tessera code",
        code: "Your Tessera code is {code}.",
        sign_in: "Use it to sign in to your Tessera account.",
        phone: "Use it to add this number to your Tessera account.",
        current_phone: "Use it to confirm it is you before changing your number.",
        unlock: "Use it to unlock your Tessera account.",
        tail: "It works once, for five minutes. Nobody from Tessera will ask you for it.",
    },
    CodeWords {
        tag: "de",
        subject: "Ihr Tessera-Code",
        code: "Ihr Tessera-Code lautet {code}.",
        sign_in: "Damit melden Sie sich bei Ihrem Tessera-Konto an.",
        phone: "Damit fügen Sie diese Nummer Ihrem Tessera-Konto hinzu.",
        current_phone: "Damit bestätigen Sie, dass Sie es sind, bevor Sie Ihre Nummer ändern.",
        unlock: "Damit entsperren Sie Ihr Tessera-Konto.",
        tail: "Er gilt einmal und fünf Minuten lang. Niemand von Tessera wird Sie danach fragen.",
    },
    CodeWords {
        tag: "fr",
        subject: "Votre code Tessera",
        code: "Votre code Tessera est {code}.",
        sign_in: "Utilisez-le pour vous connecter à votre compte Tessera.",
        phone: "Utilisez-le pour ajouter ce numéro à votre compte Tessera.",
        current_phone: "Utilisez-le pour confirmer votre identité avant de changer de numéro.",
        unlock: "Utilisez-le pour déverrouiller votre compte Tessera.",
        tail: "Il ne sert qu’une fois, pendant cinq minutes. Personne chez Tessera ne vous le demandera.",
    },
    CodeWords {
        tag: "es",
        subject: "Tu código de Tessera",
        code: "Tu código de Tessera es {code}.",
        sign_in: "Úsalo para iniciar sesión en tu cuenta de Tessera.",
        phone: "Úsalo para añadir este número a tu cuenta de Tessera.",
        current_phone: "Úsalo para confirmar que eres tú antes de cambiar tu número.",
        unlock: "Úsalo para desbloquear tu cuenta de Tessera.",
        tail: "Solo sirve una vez, durante cinco minutos. Nadie de Tessera te lo pedirá.",
    },
    CodeWords {
        tag: "it",
        subject: "Il tuo codice Tessera",
        code: "Il tuo codice Tessera è {code}.",
        sign_in: "Usalo per accedere al tuo account Tessera.",
        phone: "Usalo per aggiungere questo numero al tuo account Tessera.",
        current_phone: "Usalo per confermare che sei tu prima di cambiare numero.",
        unlock: "Usalo per sbloccare il tuo account Tessera.",
        tail: "Vale una sola volta, per cinque minuti. Nessuno di Tessera te lo chiederà.",
    },
    CodeWords {
        tag: "nl",
        subject: "Je Tessera-code",
        code: "Je Tessera-code is {code}.",
        sign_in: "Gebruik hem om in te loggen op je Tessera-account.",
        phone: "Gebruik hem om dit nummer aan je Tessera-account toe te voegen.",
        current_phone: "Gebruik hem om te bevestigen dat jij het bent voordat je je nummer wijzigt.",
        unlock: "Gebruik hem om je Tessera-account te deblokkeren.",
        tail: "Hij werkt één keer, vijf minuten lang. Niemand van Tessera zal je erom vragen.",
    },
    CodeWords {
        tag: "pl",
        subject: "Twój kod Tessera",
        code: "Twój kod Tessera to {code}.",
        sign_in: "Użyj go, aby zalogować się do konta Tessera.",
        phone: "Użyj go, aby dodać ten numer do konta Tessera.",
        current_phone: "Użyj go, aby potwierdzić swoją tożsamość przed zmianą numeru.",
        unlock: "Użyj go, aby odblokować konto Tessera.",
        tail: "Działa raz, przez pięć minut. Nikt z Tessera nie poprosi Cię o ten kod.",
    },
    CodeWords {
        tag: "sv",
        subject: "Din Tessera-kod",
        code: "Din Tessera-kod är {code}.",
        sign_in: "Använd den för att logga in på ditt Tessera-konto.",
        phone: "Använd den för att lägga till numret i ditt Tessera-konto.",
        current_phone: "Använd den för att bekräfta att det är du innan du byter nummer.",
        unlock: "Använd den för att låsa upp ditt Tessera-konto.",
        tail: "Den fungerar en gång, i fem minuter. Ingen från Tessera kommer att be dig om den.",
    },
    CodeWords {
        tag: "ja",
        subject: "Tessera の確認コード",
        code: "Tessera の確認コードは {code} です。",
        sign_in: "Tessera アカウントへのサインインに使用してください。",
        phone: "この電話番号を Tessera アカウントに追加するために使用してください。",
        current_phone: "電話番号を変更する前のご本人確認に使用してください。",
        unlock: "Tessera アカウントのロック解除に使用してください。",
        tail: "1 回限り、5 分間有効です。Tessera がこのコードをお尋ねすることはありません。",
    },
    CodeWords {
        tag: "zh-Hans",
        subject: "您的 Tessera 验证码",
        code: "您的 Tessera 验证码是 {code}。",
        sign_in: "请用它登录您的 Tessera 账户。",
        phone: "请用它将此号码添加到您的 Tessera 账户。",
        current_phone: "更改号码前，请用它确认是您本人。",
        unlock: "请用它解锁您的 Tessera 账户。",
        tail: "验证码只能使用一次，5 分钟内有效。Tessera 的工作人员绝不会向您索要。",
    },
    CodeWords {
        tag: "ar",
        subject: "رمز Tessera الخاص بك",
        code: "رمز Tessera الخاص بك هو {code}.",
        sign_in: "استخدمه لتسجيل الدخول إلى حسابك في Tessera.",
        phone: "استخدمه لإضافة هذا الرقم إلى حسابك في Tessera.",
        current_phone: "استخدمه لتأكيد هويتك قبل تغيير رقمك.",
        unlock: "استخدمه لإلغاء قفل حسابك في Tessera.",
        tail: "يصلح لمرة واحدة ولمدة خمس دقائق. لن يطلبه منك أحد من Tessera.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_says_what_the_code_is_for() {
        assert_eq!(ALL.len(), super::super::LANGUAGES.len());
        for language in super::super::LANGUAGES {
            let w = words(language.tag);
            assert_eq!(w.tag, language.tag, "{} has code words", language.tag);
            let bodies: Vec<String> = [CodeUse::SignIn, CodeUse::Phone, CodeUse::CurrentPhone, CodeUse::Unlock].iter().map(|&u| message(w, u, "314159").1).collect();
            for body in &bodies {
                assert!(body.contains("314159") && !body.contains('{'), "{}: {body}", w.tag);
            }
            for (i, a) in bodies.iter().enumerate() {
                assert!(bodies[i + 1..].iter().all(|b| b != a), "{}: each purpose reads differently", w.tag);
            }
            if w.tag != "en" {
                assert_ne!(w.tail, ALL[0].tail, "{} is translated", w.tag);
            }
        }
        assert_eq!(message(words("en-GB"), CodeUse::SignIn, "123456").1, "Your Tessera code is 123456. Use it to sign in to your Tessera account. It works once, for five minutes. Nobody from Tessera will ask you for it.");
    }
}
