//! What the frame says, in the shopper's language. English and German for now; anything else
//! falls back to English.

/// The frame's words in one language.
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
    errors: &'static [(&'static str, &'static str)],
}

impl Labels {
    /// The message for an error code, or a general one.
    pub fn error(&self, code: &str) -> &'static str {
        self.errors.iter().find(|(c, _)| *c == code).or_else(|| self.errors.iter().find(|(c, _)| c.is_empty())).map_or("", |(_, m)| m)
    }
}

const EN: Labels = Labels {
    number: "Card number",
    expiry: "Expiry date",
    cvc: "Security code",
    name: "Name on card",
    pay: "Pay {}",
    processing: "Processing…",
    paid: "Payment complete. Thank you!",
    unavailable: "We could not reach the payment service. Please try again.",
    errors: &[
        ("invalid_card_number", "Your card number is incomplete or invalid."),
        ("unsupported_card_brand", "This card brand is not accepted."),
        ("invalid_expiry", "Your card's expiry date is incomplete or invalid."),
        ("card_expired", "Your card has expired."),
        ("invalid_cvc", "Your card's security code is incomplete."),
        ("name_required", "Enter the name shown on your card."),
        ("session_expired", "This checkout has expired. Please start again."),
        ("session_already_paid", "This order has already been paid."),
        ("", "Something went wrong. Please try again."),
    ],
};

const DE: Labels = Labels {
    number: "Kartennummer",
    expiry: "Ablaufdatum",
    cvc: "Prüfnummer",
    name: "Name auf der Karte",
    pay: "{} bezahlen",
    processing: "Wird verarbeitet…",
    paid: "Zahlung abgeschlossen. Vielen Dank!",
    unavailable: "Der Zahlungsdienst ist nicht erreichbar. Bitte versuchen Sie es erneut.",
    errors: &[
        ("invalid_card_number", "Ihre Kartennummer ist unvollständig oder ungültig."),
        ("unsupported_card_brand", "Diese Kartenmarke wird nicht akzeptiert."),
        ("invalid_expiry", "Das Ablaufdatum ist unvollständig oder ungültig."),
        ("card_expired", "Ihre Karte ist abgelaufen."),
        ("invalid_cvc", "Die Prüfnummer ist unvollständig."),
        ("name_required", "Geben Sie den Namen auf Ihrer Karte ein."),
        ("session_expired", "Dieser Bezahlvorgang ist abgelaufen. Bitte beginnen Sie erneut."),
        ("session_already_paid", "Diese Bestellung wurde bereits bezahlt."),
        ("", "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut."),
    ],
};

/// The labels for a BCP 47 locale such as `de-DE`.
pub fn labels(locale: &str) -> &'static Labels {
    match locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase().as_str() {
        "de" => &DE,
        _ => &EN,
    }
}
