//! What Tessera says to a shopper, in the shopper's language: the card frame, the payment code
//! and the receipt. Each language is a module of its own (`en.rs`, `de.rs`, …) holding one
//! [`Language`]; a tag we have no words for falls back to English.
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
    /// "{} attempts left", by CLDR plural category (`one`, `few`, `other`, …; `other` is required).
    pub attempts_left: &'static [(&'static str, &'static str)],
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
    /// The text for 0, 1, … `MAX_ATTEMPTS` attempts left, each in its plural form.
    attempts_left: Vec<&'a str>,
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
        self.errors
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(self.general, |(_, m)| m)
    }
}

pub mod account_codes;
pub mod invoice;
pub mod plural;

mod ar;
mod de;
mod en;
mod es;
mod fr;
mod it;
mod ja;
mod nl;
mod pl;
mod sv;
mod zh_hans;

/// Every language Tessera speaks, English first (the fallback).
pub const LANGUAGES: &[&Language] = &[
    &en::WORDS,
    &de::WORDS,
    &fr::WORDS,
    &es::WORDS,
    &it::WORDS,
    &nl::WORDS,
    &pl::WORDS,
    &sv::WORDS,
    &ja::WORDS,
    &zh_hans::WORDS,
    &ar::WORDS,
];

/// All Tessera says in one language.
pub struct Language {
    /// The BCP 47 tag the pages claim (`lang`): only languages we have words for.
    pub tag: &'static str,
    /// Written right to left: pages set `dir="rtl"` and mirror.
    pub rtl: bool,
    /// The card frame.
    pub frame: Labels,
    /// Messages sent to the shopper.
    pub mail: Mail,
}

impl Language {
    /// The page direction attribute.
    pub const fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }

    /// The messages the widget shows after the page is drawn, as JSON.
    pub fn messages_json(&self) -> String {
        let (lang, f) = (self.tag, &self.frame);
        let messages = Messages {
            pay: f.pay,
            processing: f.processing,
            paid: f.paid,
            unavailable: f.unavailable,
            otp_intro: f.otp_intro,
            otp_submit: f.otp_submit,
            attempts_left: (0..=u64::from(crate::otp::MAX_ATTEMPTS))
                .map(|n| plural::pick(lang, n, f.attempts_left))
                .collect(),
            passkey_saved: f.passkey_saved,
            account_intro: f.account_intro,
            account_none: f.account_none,
            account_over_limit: f.account_over_limit,
            saved_card: f.saved_card,
            save_opened: f.save_opened,
            errors: f
                .errors
                .iter()
                .map(|(code, message)| (code.as_str(), *message))
                .chain([("", f.general)])
                .collect(),
        };
        serde_json::to_string(&messages).unwrap_or_else(|_| "{}".into())
    }
}

/// The messages a shopper receives about a payment.
#[allow(missing_docs)]
pub struct Mail {
    pub code_subject: &'static str,
    /// `{code}`, `{amount}` and `{merchant}` are filled in.
    pub code_message: &'static str,
    pub receipt: ReceiptWords,
}

/// The receipt's words; `{m}` is the merchant, `{e}` its support address.
#[allow(missing_docs)]
pub struct ReceiptWords {
    pub subject: &'static str,
    pub paid: &'static str,
    pub amount: &'static str,
    pub date: &'static str,
    pub reference: &'static str,
    pub contact: &'static str,
    pub contact_no_email: &'static str,
    pub not_you: &'static str,
    pub issuer: &'static str,
}

/// The language for a BCP 47 tag such as `de-DE` or `zh-Hans-CN`; Chinese is written in
/// Simplified characters unless the tag asks for Traditional (which we lack, so English).
pub fn of(tag: &str) -> &'static Language {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    if primary == "zh" {
        let traditional = tag
            .split(['-', '_'])
            .skip(1)
            .any(|p| ["hant", "tw", "hk", "mo"].contains(&p.to_ascii_lowercase().as_str()));
        return if traditional {
            &en::WORDS
        } else {
            &zh_hans::WORDS
        };
    }
    LANGUAGES
        .iter()
        .find(|l| l.tag == primary)
        .copied()
        .unwrap_or(&en::WORDS)
}

/// The frame's labels for a BCP 47 locale.
pub fn labels(locale: &str) -> &'static Labels {
    &of(locale).frame
}

/// The language for the frame: the merchant's choice if it made one, else the first language
/// the browser asks for in `Accept-Language`, else English.
pub fn language(locale: &str, accept_language: &str) -> &'static Language {
    let chosen = if locale.is_empty() {
        accept_language
            .split([',', ';'])
            .next()
            .unwrap_or_default()
            .trim()
    } else {
        locale
    };
    of(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merchants_locale_then_the_browsers_then_english() {
        assert_eq!(language("de-AT", "fr-FR,fr;q=0.9").tag, "de");
        assert_eq!(language("", "fr-FR,fr;q=0.9").tag, "fr");
        assert_eq!(language("", "zh-CN,zh;q=0.9").tag, "zh-Hans");
        assert_eq!(language("", "").tag, "en");
        assert_eq!(language("", "*").tag, "en");
        assert_eq!(
            of("tlh").frame.pay,
            "Pay {}",
            "an unknown language falls back to English"
        );
        assert_eq!(of("tlh").tag, "en", "and says so");
        assert_eq!(labels("de-AT").pay, "{} bezahlen");
        assert_eq!(of("zh-CN").tag, "zh-Hans");
        assert_eq!(of("zh-Hans").tag, "zh-Hans");
        assert_eq!(
            of("zh-TW").tag,
            "en",
            "Traditional Chinese is not Simplified"
        );
        assert!(of("ar-EG").rtl && !of("ja").rtl);
    }

    /// Every text of a language with its field name, for the checks below.
    fn texts(l: &Language) -> Vec<(String, &'static str)> {
        let f = &l.frame;
        let r = &l.mail.receipt;
        let mut all: Vec<(String, &'static str)> = [
            ("number", f.number),
            ("expiry", f.expiry),
            ("cvc", f.cvc),
            ("name", f.name),
            ("pay", f.pay),
            ("processing", f.processing),
            ("paid", f.paid),
            ("unavailable", f.unavailable),
            ("otp_intro", f.otp_intro),
            ("otp_label", f.otp_label),
            ("otp_submit", f.otp_submit),
            ("otp_resend", f.otp_resend),
            ("passkey_offer", f.passkey_offer),
            ("passkey_save", f.passkey_save),
            ("passkey_skip", f.passkey_skip),
            ("passkey_saved", f.passkey_saved),
            ("account_pay", f.account_pay),
            ("account_other", f.account_other),
            ("account_intro", f.account_intro),
            ("account_none", f.account_none),
            ("account_over_limit", f.account_over_limit),
            ("saved_card", f.saved_card),
            ("save_offer", f.save_offer),
            ("save_card", f.save_card),
            ("save_skip", f.save_skip),
            ("save_opened", f.save_opened),
            ("consent_title", f.consent_title),
            ("consent_text", f.consent_text),
            ("consent_allow", f.consent_allow),
            ("consent_refuse", f.consent_refuse),
            ("privacy_choices", f.privacy_choices),
            ("notice_outside_japan", f.notice_outside_japan),
            ("general", f.general),
            ("code_subject", l.mail.code_subject),
            ("code_message", l.mail.code_message),
            ("receipt.subject", r.subject),
            ("receipt.paid", r.paid),
            ("receipt.amount", r.amount),
            ("receipt.date", r.date),
            ("receipt.reference", r.reference),
            ("receipt.contact", r.contact),
            ("receipt.contact_no_email", r.contact_no_email),
            ("receipt.not_you", r.not_you),
            ("receipt.issuer", r.issuer),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        all.extend(
            f.errors
                .iter()
                .map(|(c, m)| (format!("error.{}", c.as_str()), *m)),
        );
        all.extend(
            f.attempts_left
                .iter()
                .map(|(c, m)| (format!("attempts_left.{c}"), *m)),
        );
        all
    }

    /// The `{…}` placeholders of a text, in order.
    fn placeholders(text: &str) -> Vec<&str> {
        text.match_indices('{')
            .filter_map(|(i, _)| text[i..].find('}').map(|j| &text[i..=i + j]))
            .collect()
    }

    #[test]
    fn every_language_says_everything_english_does_with_the_same_placeholders() {
        let english = texts(&en::WORDS);
        for lang in LANGUAGES {
            assert_eq!(
                of(lang.tag).tag,
                lang.tag,
                "{} is found by its own tag",
                lang.tag
            );
            let own = texts(lang);
            for (key, text) in &own {
                assert!(!text.trim().is_empty(), "{} {key} is empty", lang.tag);
            }
            let errors = |t: &[(String, &str)]| {
                t.iter()
                    .filter(|(k, _)| k.starts_with("error."))
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                errors(&own),
                errors(&english),
                "{} names every error English does, in the same order",
                lang.tag
            );
            assert!(
                lang.frame.attempts_left.iter().any(|(c, _)| *c == "other"),
                "{} has the other plural form",
                lang.tag
            );
            for n in 0..=u64::from(crate::otp::MAX_ATTEMPTS) {
                let category = plural::category(lang.tag, n);
                assert!(
                    lang.frame.attempts_left.iter().any(|(c, _)| *c == category),
                    "{} has the {category} form used for {n}",
                    lang.tag
                );
            }
            for (key, text) in english
                .iter()
                .filter(|(k, _)| !k.starts_with("attempts_left"))
            {
                let theirs = own
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, t)| *t)
                    .unwrap_or_default();
                let mut a = placeholders(text);
                let mut b = placeholders(theirs);
                a.sort_unstable();
                b.sort_unstable();
                assert_eq!(a, b, "{} {key} has English's placeholders", lang.tag);
                if lang.tag != "en" && text.chars().count() > 12 {
                    assert_ne!(*text, theirs, "{} {key} is still English", lang.tag);
                }
            }
            for (c, text) in lang.frame.attempts_left {
                assert_eq!(placeholders(text), ["{}"], "{} attempts_left.{c}", lang.tag);
            }
        }
    }

    #[test]
    fn the_page_carries_every_message_and_a_plural_form_per_count() {
        for lang in LANGUAGES {
            let messages: serde_json::Value = serde_json::from_str(&lang.messages_json()).unwrap();
            for key in [
                "pay",
                "processing",
                "paid",
                "unavailable",
                "otp_intro",
                "otp_submit",
                "passkey_saved",
                "account_intro",
                "saved_card",
            ] {
                assert!(
                    messages[key].as_str().is_some_and(|m| !m.is_empty()),
                    "{} {key}",
                    lang.tag
                );
            }
            assert!(
                messages["errors"][""]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{}",
                lang.tag
            );
            assert_eq!(
                messages["attempts_left"].as_array().map(Vec::len),
                Some(crate::otp::MAX_ATTEMPTS as usize + 1),
                "{}",
                lang.tag
            );
        }
        let en: serde_json::Value = serde_json::from_str(&en::WORDS.messages_json()).unwrap();
        assert_eq!(en["attempts_left"][1], "{} attempt left.");
        assert_eq!(en["attempts_left"][3], "{} attempts left.");
    }
}
