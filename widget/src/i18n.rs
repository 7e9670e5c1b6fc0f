//! The frame's words, as the edge wrote them into the page in the shopper's language (see
//! `tessera_core::i18n`): the labels are already in the HTML; the messages shown later come as
//! JSON in `data-messages`. The widget carries no words of its own.

use crate::prelude::*;
use wasm_bindgen::JsCast;

use tessera_core::api::ErrorCode;

use crate::js;

/// The messages the frame shows after it is drawn.
pub struct Labels {
    /// "Pay {amount}"; `{}` is replaced by the formatted amount.
    pub pay: String,
    pub processing: String,
    pub paid: String,
    pub unavailable: String,
    /// "Enter the code we sent to {}".
    pub otp_intro: String,
    pub otp_submit: String,
    /// "{} attempts left" for 0, 1, 2 … attempts, each already in its plural form.
    attempts_left: Vec<String>,
    pub passkey_saved: String,
    /// "Signed in as {}. Pay with:".
    pub account_intro: String,
    pub account_none: String,
    pub account_over_limit: String,
    /// "{b} ending in {l}".
    pub saved_card: String,
    pub save_opened: String,
    /// Error code → message; `""` is the general one.
    errors: Vec<(String, String)>,
}

impl Labels {
    /// The page's messages (`data-messages`). Read once, kept for the page's life.
    pub fn from_page(json: &str) -> &'static Labels {
        let m = js::parse(json);
        let errors = js::get(&m, "errors");
        let errors = if errors.is_object() { js_sys::Object::entries(errors.unchecked_ref()) } else { js_sys::Array::new() };
        let errors = errors
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                (pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default())
            })
            .collect();
        let labels = Labels {
            pay: js::text(&m, "pay"),
            processing: js::text(&m, "processing"),
            paid: js::text(&m, "paid"),
            unavailable: js::text(&m, "unavailable"),
            otp_intro: js::text(&m, "otp_intro"),
            otp_submit: js::text(&m, "otp_submit"),
            attempts_left: js_sys::Array::from(&js::get(&m, "attempts_left")).iter().map(|t| t.as_string().unwrap_or_default()).collect(),
            passkey_saved: js::text(&m, "passkey_saved"),
            account_intro: js::text(&m, "account_intro"),
            account_none: js::text(&m, "account_none"),
            account_over_limit: js::text(&m, "account_over_limit"),
            saved_card: js::text(&m, "saved_card"),
            save_opened: js::text(&m, "save_opened"),
            errors,
        };
        // One per page, alive as long as the frame: leaking it lets handlers hold `&'static`.
        Box::leak(Box::new(labels))
    }

    /// "`n` attempts left", in the plural form the page chose for `n` (the last for larger `n`).
    pub fn attempts_left(&self, n: u64) -> String {
        let form = self.attempts_left.get(n as usize).or(self.attempts_left.last()).map_or("", String::as_str);
        form.replace("{}", &crate::text::decimal(n as i64))
    }

    /// The message for an error code (`None`: one the frame does not know), or the general one.
    pub fn error(&self, code: Option<ErrorCode>) -> &str {
        let find = |code: &str| self.errors.iter().find(|(c, _)| c == code).map(|(_, m)| m.as_str());
        code.and_then(|c| find(c.as_str())).or_else(|| find("")).unwrap_or_default()
    }
}
