//! The receipt a shopper gets after paying, in their language: who was paid, how much, when,
//! the reference, and how to complain (the merchant, the card issuer, or a report that the
//! payment was not theirs). The words are in `i18n`, like the frame's.

use crate::prelude::*;

/// What a receipt says.
pub struct Receipt<'a> {
    /// The merchant's name.
    pub merchant: &'a str,
    /// Where the merchant answers shoppers, if it said.
    pub support_email: Option<&'a str>,
    /// The amount, formatted (`EUR 20.00`).
    pub amount: &'a str,
    /// The date and time, formatted (`2026-12-02 10:15 UTC`).
    pub date: &'a str,
    /// The payment's id.
    pub reference: &'a str,
    /// The link to report the payment as not made by the shopper.
    pub claim_link: &'a str,
}

impl Receipt<'_> {
    /// The subject line and the text, in `language` (a BCP 47 tag).
    pub fn render(&self, language: &str) -> (String, String) {
        let w = &crate::i18n::of(language).mail.receipt;
        let m = |s: &str| s.replace("{m}", self.merchant);
        let contact = match self.support_email {
            Some(e) => m(w.contact).replace("{e}", e),
            None => m(w.contact_no_email),
        };
        let body = [
            m(w.paid),
            String::new(),
            format!("{}: {}", w.amount, self.amount),
            format!("{}: {}", w.date, self.date),
            format!("{}: {}", w.reference, self.reference),
            String::new(),
            contact,
            w.issuer.to_owned(),
            String::new(),
            w.not_you.to_owned(),
            self.claim_link.to_owned(),
        ]
        .join("\n");
        (m(w.subject), body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_names_merchant_amount_date_and_how_to_complain() {
        let r = Receipt { merchant: "Atelier", support_email: Some("help@atelier.example"), amount: "EUR 20.00", date: "2026-12-02 10:15 UTC", reference: "pay_1", claim_link: "https://edge.example/claim/#t=x" };
        let (subject, body) = r.render("de-DE");
        assert_eq!(subject, "Ihre Zahlung an Atelier");
        for part in ["Sie haben an Atelier bezahlt.", "Betrag: EUR 20.00", "Datum: 2026-12-02 10:15 UTC", "Referenz: pay_1", "help@atelier.example", "https://edge.example/claim/#t=x", "Bank"] {
            assert!(body.contains(part), "{part} in {body}");
        }
        let (subject, body) = Receipt { support_email: None, ..r }.render("tlh");
        assert_eq!(subject, "Your payment to Atelier", "a language without words is English");
        assert!(body.contains("contact Atelier."));
    }
}
