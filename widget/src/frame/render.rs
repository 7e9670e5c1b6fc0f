//! Draws the frame from the machine's view: every hidden panel, disabled button and line of
//! text comes from `view` and the state's words, here and nowhere else.

use crate::prelude::*;

use tessera_core::frame::{view, Inputs, PayLabel, Stage, Status};
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlInputElement};

use super::Shared;
use crate::form::FieldName;
use crate::i18n::Labels;
use crate::dom;

/// The digits typed in the step-up code's field.
pub(super) fn code_digits() -> String {
    dom::input("otp-code").map(|i| i.value()).unwrap_or_default().chars().filter(char::is_ascii_digit).collect()
}

/// A status in the shopper's words: the frame's own for a code it knows, else the edge's.
pub(super) fn status_text(labels: &Labels, status: &Status) -> String {
    match status {
        Status::None => String::new(),
        Status::Paid => labels.paid.clone(),
        Status::PasskeySaved => labels.passkey_saved.clone(),
        Status::SaveOpened => labels.save_opened.clone(),
        Status::Error { code, message } => {
            let known = labels.error(*code);
            if known == labels.error(None) && !message.is_empty() { message.clone() } else { known.to_owned() }
        }
        Status::Declined(message) => message.clone(),
        Status::Unavailable => labels.unavailable.clone(),
    }
}

fn hide(id: &str, hidden: bool) {
    if let Ok(el) = dom::element(id) {
        el.set_hidden(hidden);
    }
}

pub(super) fn render(widget: &Shared) {
    let w = widget.borrow();
    let (f, labels) = (&w.frame, w.labels);
    let v = view(f, Inputs { card_complete: w.form.complete(), code_digits: code_digits().len() });
    for name in FieldName::ALL {
        let error = w.form.visible_error(name);
        if let Ok(el) = dom::element(&[name.id(), "-error"].concat()) {
            dom::show_text(&el, error.map(|c| labels.error(Some(c))));
        }
        if let Ok(input) = dom::input(name.id()) {
            let _ = input.set_attribute("aria-invalid", if error.is_some() { "true" } else { "false" });
            input.set_read_only(v.fields_read_only);
        }
    }
    hide("card-fields", !v.card_fields);
    hide("otp", !v.step_up);
    hide("passkey-offer", !v.passkey_offer);
    hide("save-offer", !v.save_offer);
    hide("consent", !v.consent);
    hide("privacy-choices", !v.privacy_choices);
    hide("notice-outside-japan", !v.outside_japan);
    hide("account", !v.account);
    hide("account-pay", !v.account_pay);
    if let Ok(button) = dom::element("account-pay") {
        let _ = button.toggle_attribute_with_force("disabled", v.account_pay_disabled);
    }
    if let (Stage::StepUp { destination }, Ok(intro)) = (&f.stage, dom::element("otp-intro")) {
        intro.set_text_content(Some(&labels.otp_intro.replace("{}", destination)));
    }
    if let Ok(el) = dom::element("otp-error") {
        let text = f.code_error.as_ref().map(|(status, left)| match left {
            Some(n) => [status_text(labels, status).as_str(), " ", &labels.attempts_left(*n)].concat(),
            None => status_text(labels, status),
        });
        dom::show_text(&el, text.as_deref());
    }
    if let Ok(status) = dom::element("status") {
        status.set_text_content(Some(&status_text(labels, &f.status)));
        let _ = status.class_list().toggle_with_force("status-error", f.status.is_error());
    }
    if let Ok(brand) = dom::element("brand") {
        let name = w.form.brand();
        brand.set_text_content(name.as_deref());
        let _ = brand.set_attribute("data-brand", name.as_deref().unwrap_or(""));
    }
    if let Ok(button) = dom::by_id::<HtmlButtonElement>("pay") {
        button.set_disabled(v.pay_disabled);
        let _ = button.set_attribute("aria-busy", if v.pay_busy { "true" } else { "false" });
        let label = match v.pay_label {
            PayLabel::Processing => labels.processing.clone(),
            PayLabel::SubmitCode => labels.otp_submit.clone(),
            PayLabel::Pay => labels.pay.replace("{}", &w.amount).trim().to_owned(),
        };
        button.set_text_content(Some(&label));
    }
    // The form is the widget's once it started: `aria-busy` (drawn `true` by the edge) says so
    // to assistive technology, and to a test.
    if let Ok(form) = dom::element("card-form") {
        let _ = form.set_attribute("aria-busy", if f.stage == Stage::Starting { "true" } else { "false" });
    }
}

/// Draws the account's cards as radio buttons, the chosen one checked, with the account's
/// email and why no card is offered, if none is.
pub(super) fn draw_account(widget: &Shared) {
    let w = widget.borrow();
    let labels = w.labels;
    let Stage::Account { email_masked, cards, selected, note } = &w.frame.stage else { return };
    if let Ok(intro) = dom::element("account-intro") {
        intro.set_text_content(Some(&labels.account_intro.replace("{}", email_masked)));
    }
    if let Ok(el) = dom::element("account-note") {
        let text = note.map(|n| match n {
            tessera_core::frame::AccountNote::NoCards => labels.account_none.as_str(),
            tessera_core::frame::AccountNote::OverLimit => labels.account_over_limit.as_str(),
        });
        dom::show_text(&el, text);
    }
    let Ok(list) = dom::element("account-cards") else { return };
    list.set_text_content(None);
    let document = dom::document();
    for card in cards {
        let (Ok(label), Ok(input), Ok(text)) = (document.create_element("label"), document.create_element("input"), document.create_element("span")) else { continue };
        let _ = label.set_attribute("class", "saved-card");
        let _ = input.set_attribute("type", "radio");
        let _ = input.set_attribute("name", "saved-card");
        let _ = input.set_attribute("value", &card.id);
        if selected.as_deref() == Some(card.id.as_str()) {
            let _ = input.set_attribute("checked", "");
        }
        // Brands are ASCII words ("visa"): capitalised without Unicode's case tables.
        let mut brand = card.brand.clone();
        if let Some(first) = brand.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text.set_text_content(Some(&labels.saved_card.replace("{b}", &brand).replace("{l}", &card.last4)));
        let _ = label.append_child(&input);
        let _ = label.append_child(&text);
        let _ = list.append_child(&label);
    }
}

/// The first saved card's radio button.
pub(super) fn first_saved_card() -> Option<HtmlInputElement> {
    dom::document().query_selector("#account-cards input").ok().flatten()?.dyn_into().ok()
}
