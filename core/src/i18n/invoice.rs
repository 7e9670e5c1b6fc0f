//! The words of a hosted invoice: its page, its printable view and the email that sends its link,
//! in the merchant's language. Kept apart from the frame's tables because only the invoice page
//! and the invoice mailer read them.

use crate::prelude::*;

/// An invoice's words. In `email_subject` and `email_body`, `{number}`, `{merchant}`, `{name}`,
/// `{amount}`, `{link}` and `{due}` are filled in; `{due}` is `email_due` with `{date}`, or empty.
#[allow(missing_docs)]
pub struct InvoiceWords {
    pub tag: &'static str,
    pub invoice: &'static str,
    pub bill_to: &'static str,
    pub due: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub tax: &'static str,
    pub amount: &'static str,
    pub subtotal: &'static str,
    pub total: &'static str,
    pub paid: &'static str,
    pub void: &'static str,
    pub open: &'static str,
    pub pay: &'static str,
    pub print: &'static str,
    pub questions: &'static str,
    pub email_subject: &'static str,
    pub email_body: &'static str,
    pub email_due: &'static str,
}

/// The invoice words for a language tag (as `super::of` resolves it); English if we lack one.
pub fn words(tag: &str) -> &'static InvoiceWords {
    let tag = super::of(tag).tag;
    ALL.iter().find(|w| w.tag == tag).unwrap_or(&ALL[0])
}

/// Every language's invoice words, English first.
pub const ALL: &[InvoiceWords] = &[
    InvoiceWords {
        tag: "en",
        invoice: "Invoice",
        bill_to: "Bill to",
        due: "Due",
        description: "Description",
        quantity: "Qty",
        unit_price: "Unit price",
        tax: "Tax",
        amount: "Amount",
        subtotal: "Subtotal",
        total: "Total",
        paid: "Paid",
        void: "Void",
        open: "Open",
        pay: "Pay this invoice",
        print: "Printable view",
        questions: "Questions? Write to",
        email_subject: "Invoice {number} from {merchant}",
        email_body: "Hello {name},\n\n{merchant} sent you invoice {number} for {amount}{due}.\n\nView and pay it here: {link}\n\nIf you were not expecting it, you can ignore this email.",
        email_due: ", due {date}",
    },
    InvoiceWords {
        tag: "de",
        invoice: "Rechnung",
        bill_to: "Rechnung an",
        due: "Fällig",
        description: "Beschreibung",
        quantity: "Menge",
        unit_price: "Einzelpreis",
        tax: "Steuer",
        amount: "Betrag",
        subtotal: "Zwischensumme",
        total: "Gesamt",
        paid: "Bezahlt",
        void: "Storniert",
        open: "Offen",
        pay: "Diese Rechnung bezahlen",
        print: "Druckansicht",
        questions: "Fragen? Schreiben Sie an",
        email_subject: "Rechnung {number} von {merchant}",
        email_body: "Hallo {name},\n\n{merchant} hat Ihnen die Rechnung {number} über {amount} gesendet{due}.\n\nHier können Sie sie ansehen und bezahlen: {link}\n\nWenn Sie diese Rechnung nicht erwartet haben, können Sie diese E-Mail ignorieren.",
        email_due: ", fällig am {date}",
    },
    InvoiceWords {
        tag: "fr",
        invoice: "Facture",
        bill_to: "Facturer à",
        due: "Échéance",
        description: "Description",
        quantity: "Qté",
        unit_price: "Prix unitaire",
        tax: "Taxe",
        amount: "Montant",
        subtotal: "Sous-total",
        total: "Total",
        paid: "Payée",
        void: "Annulée",
        open: "Ouverte",
        pay: "Payer cette facture",
        print: "Version imprimable",
        questions: "Des questions ? Écrivez à",
        email_subject: "Facture {number} de {merchant}",
        email_body: "Bonjour {name},\n\n{merchant} vous a envoyé la facture {number} d’un montant de {amount}{due}.\n\nConsultez-la et payez-la ici : {link}\n\nSi vous ne l’attendiez pas, vous pouvez ignorer cet e-mail.",
        email_due: ", à régler avant le {date}",
    },
    InvoiceWords {
        tag: "es",
        invoice: "Factura",
        bill_to: "Facturar a",
        due: "Vencimiento",
        description: "Descripción",
        quantity: "Cant.",
        unit_price: "Precio unitario",
        tax: "Impuesto",
        amount: "Importe",
        subtotal: "Subtotal",
        total: "Total",
        paid: "Pagada",
        void: "Anulada",
        open: "Pendiente",
        pay: "Pagar esta factura",
        print: "Versión para imprimir",
        questions: "¿Tienes preguntas? Escribe a",
        email_subject: "Factura {number} de {merchant}",
        email_body: "Hola, {name}:\n\n{merchant} te ha enviado la factura {number} por {amount}{due}.\n\nConsúltala y págala aquí: {link}\n\nSi no la esperabas, puedes ignorar este correo.",
        email_due: ", con vencimiento el {date}",
    },
    InvoiceWords {
        tag: "it",
        invoice: "Fattura",
        bill_to: "Intestata a",
        due: "Scadenza",
        description: "Descrizione",
        quantity: "Qtà",
        unit_price: "Prezzo unitario",
        tax: "Imposta",
        amount: "Importo",
        subtotal: "Subtotale",
        total: "Totale",
        paid: "Pagata",
        void: "Annullata",
        open: "Da pagare",
        pay: "Paga questa fattura",
        print: "Versione stampabile",
        questions: "Domande? Scrivi a",
        email_subject: "Fattura {number} da {merchant}",
        email_body: "Ciao {name},\n\n{merchant} ti ha inviato la fattura {number} di {amount}{due}.\n\nVisualizzala e pagala qui: {link}\n\nSe non te l’aspettavi, puoi ignorare questa email.",
        email_due: ", in scadenza il {date}",
    },
    InvoiceWords {
        tag: "nl",
        invoice: "Factuur",
        bill_to: "Factuur aan",
        due: "Vervaldatum",
        description: "Omschrijving",
        quantity: "Aantal",
        unit_price: "Stukprijs",
        tax: "Btw",
        amount: "Bedrag",
        subtotal: "Subtotaal",
        total: "Totaal",
        paid: "Betaald",
        void: "Geannuleerd",
        open: "Openstaand",
        pay: "Deze factuur betalen",
        print: "Afdrukversie",
        questions: "Vragen? Schrijf naar",
        email_subject: "Factuur {number} van {merchant}",
        email_body: "Hallo {name},\n\n{merchant} heeft je factuur {number} gestuurd voor {amount}{due}.\n\nBekijk en betaal hem hier: {link}\n\nVerwachtte je deze factuur niet? Dan kun je deze e-mail negeren.",
        email_due: ", te betalen vóór {date}",
    },
    InvoiceWords {
        tag: "pl",
        invoice: "Faktura",
        bill_to: "Nabywca",
        due: "Termin płatności",
        description: "Opis",
        quantity: "Ilość",
        unit_price: "Cena jednostkowa",
        tax: "Podatek",
        amount: "Kwota",
        subtotal: "Suma częściowa",
        total: "Razem",
        paid: "Opłacona",
        void: "Anulowana",
        open: "Do zapłaty",
        pay: "Zapłać tę fakturę",
        print: "Wersja do druku",
        questions: "Pytania? Napisz na adres",
        email_subject: "Faktura {number} od sprzedawcy {merchant}",
        email_body: "Dzień dobry {name},\n\nsprzedawca {merchant} przesłał Ci fakturę {number} na kwotę {amount}{due}.\n\nZobacz ją i zapłać tutaj: {link}\n\nJeśli nie spodziewasz się tej faktury, zignoruj tę wiadomość.",
        email_due: ", z terminem płatności {date}",
    },
    InvoiceWords {
        tag: "sv",
        invoice: "Faktura",
        bill_to: "Faktureras till",
        due: "Förfallodatum",
        description: "Beskrivning",
        quantity: "Antal",
        unit_price: "Styckpris",
        tax: "Moms",
        amount: "Belopp",
        subtotal: "Delsumma",
        total: "Totalt",
        paid: "Betald",
        void: "Makulerad",
        open: "Obetald",
        pay: "Betala fakturan",
        print: "Utskriftsvänlig version",
        questions: "Frågor? Skriv till",
        email_subject: "Faktura {number} från {merchant}",
        email_body: "Hej {name},\n\n{merchant} har skickat faktura {number} på {amount} till dig{due}.\n\nVisa och betala den här: {link}\n\nOm du inte väntade dig den kan du bortse från det här mejlet.",
        email_due: ", förfaller {date}",
    },
    InvoiceWords {
        tag: "ja",
        invoice: "請求書",
        bill_to: "請求先",
        due: "支払期日",
        description: "内容",
        quantity: "数量",
        unit_price: "単価",
        tax: "税",
        amount: "金額",
        subtotal: "小計",
        total: "合計",
        paid: "支払い済み",
        void: "無効",
        open: "未払い",
        pay: "この請求書を支払う",
        print: "印刷用表示",
        questions: "ご不明な点はこちらまで：",
        email_subject: "{merchant} からの請求書 {number}",
        email_body: "{name} 様\n\n{merchant} から請求書 {number}（{amount}{due}）が届きました。\n\nこちらから確認してお支払いいただけます：{link}\n\nお心当たりがない場合は、このメールを無視してください。",
        email_due: "、支払期日 {date}",
    },
    InvoiceWords {
        tag: "zh-Hans",
        invoice: "发票",
        bill_to: "收票人",
        due: "到期日",
        description: "说明",
        quantity: "数量",
        unit_price: "单价",
        tax: "税",
        amount: "金额",
        subtotal: "小计",
        total: "合计",
        paid: "已支付",
        void: "已作废",
        open: "待支付",
        pay: "支付此发票",
        print: "打印版",
        questions: "有疑问？请写信至",
        email_subject: "来自 {merchant} 的发票 {number}",
        email_body: "{name}，您好：\n\n{merchant} 向您发送了发票 {number}，金额 {amount}{due}。\n\n在此查看并支付：{link}\n\n如果您并未预期收到此发票，可以忽略这封邮件。",
        email_due: "，到期日 {date}",
    },
    InvoiceWords {
        tag: "ar",
        invoice: "فاتورة",
        bill_to: "إلى",
        due: "تاريخ الاستحقاق",
        description: "الوصف",
        quantity: "الكمية",
        unit_price: "سعر الوحدة",
        tax: "الضريبة",
        amount: "المبلغ",
        subtotal: "المجموع الفرعي",
        total: "الإجمالي",
        paid: "مدفوعة",
        void: "ملغاة",
        open: "مستحقة",
        pay: "ادفع هذه الفاتورة",
        print: "نسخة للطباعة",
        questions: "لديك أسئلة؟ راسل",
        email_subject: "الفاتورة {number} من {merchant}",
        email_body: "مرحبًا {name}،\n\nأرسل إليك {merchant} الفاتورة {number} بمبلغ {amount}{due}.\n\nاعرضها وادفعها من هنا: {link}\n\nإذا لم تكن تتوقعها، فيمكنك تجاهل هذه الرسالة.",
        email_due: "، تستحق في {date}",
    },
];

/// The invoice email for `w`'s language: its subject and body.
pub fn email(w: &InvoiceWords, number: &str, merchant: &str, name: &str, amount: &str, due: Option<&str>, link: &str) -> (String, String) {
    let due = due.map(|d| w.email_due.replace("{date}", d)).unwrap_or_default();
    let fill = |text: &str| {
        text.replace("{number}", number)
            .replace("{merchant}", merchant)
            .replace("{name}", name)
            .replace("{amount}", amount)
            .replace("{due}", &due)
            .replace("{link}", link)
    };
    (fill(w.email_subject), fill(w.email_body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_invoice_words_with_the_same_placeholders() {
        for language in super::super::LANGUAGES {
            let w = words(language.tag);
            assert_eq!(w.tag, language.tag, "{} has invoice words", language.tag);
            let (subject, body) = email(w, "INV-0001", "Ada's Books", "Grace", "12.50 EUR", Some("2027-01-31"), "https://pay.example/i/inv_1");
            for (text, wanted) in [(&subject, &["INV-0001", "Ada's Books"][..]), (&body, &["INV-0001", "Ada's Books", "Grace", "12.50 EUR", "2027-01-31", "https://pay.example/i/inv_1"][..])] {
                assert!(!text.contains('{'), "{}: a placeholder left in {text}", w.tag);
                for part in wanted {
                    assert!(text.contains(part), "{}: {part} missing from {text}", w.tag);
                }
            }
            if w.tag != "en" {
                assert_ne!(w.pay, ALL[0].pay, "{} translates the page", w.tag);
                assert_ne!(w.email_body, ALL[0].email_body, "{} translates the email", w.tag);
            }
        }
        assert_eq!(ALL.len(), super::super::LANGUAGES.len());
        assert_eq!(words("de-CH").invoice, "Rechnung");
        assert_eq!(words("tlh").tag, "en");
    }
}
