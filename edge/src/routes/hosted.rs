//! The hosted invoice page `/i/{id}` (the merchant's branding, the items and totals, and the card
//! frame to pay while the invoice is open) and its printable view `/i/{id}/print`; and the
//! stylesheet that carries a merchant's colours into the frame and the page (`/v1/frame/brand.css`).
//!
//! The page is public to whoever holds its link, as an emailed invoice is: the id is 120 random
//! bits, the page is never indexed and sends no referrer.

use tessera_core::account::business;
use tessera_core::i18n;
use tessera_core::invoice::{self, InvoiceStatus};
use tessera_core::money::Amount;
use worker::{Request, Response};

use crate::accounts::ports::{AccountPorts, Accounts};
use crate::adapters::EdgePorts;
use crate::app::App;
use crate::http::{ApiError, ApiResult};
use crate::invoices::{self, Invoice};
use crate::passkey::RelyingParty;
use crate::store::merchants;

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&#39;".into(),
            c => c.to_string(),
        })
        .collect()
}

fn money(minor: u64, invoice: &Invoice) -> String {
    let currency = invoice.draft.currency;
    let text = Amount::new(minor, currency).map_or_else(|_| "0".to_owned(), Amount::to_major_string);
    format!("{text} {}", currency.code())
}

/// `/v1/frame/brand.css?primary=rrggbb&background=rrggbb`: a merchant's colours as the custom
/// properties the frame's and the page's styles read. Only hex colours pass.
pub fn brand_css(req: &Request) -> ApiResult<Response> {
    let mut css = String::from(":root{");
    for (k, v) in req.url()?.query_pairs() {
        let property = match k.as_ref() {
            "primary" => "--tessera-primary",
            "background" => "--tessera-page-background",
            _ => continue,
        };
        if let Ok(colour) = business::colour(&format!("#{v}")) {
            css.push_str(&format!("{property}:{colour};"));
        }
    }
    css.push('}');
    let response = Response::ok(css)?;
    response.headers().set("Content-Type", "text/css; charset=utf-8")?;
    response.headers().set("Cache-Control", "public, max-age=3600")?;
    Ok(response)
}

/// The link to the brand stylesheet for a merchant's colours, if it chose any.
pub fn brand_link(primary: Option<&str>, background: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(p) = primary {
        query.push(format!("primary={}", p.trim_start_matches('#')));
    }
    if let Some(b) = background {
        query.push(format!("background={}", b.trim_start_matches('#')));
    }
    if query.is_empty() { String::new() } else { format!("<link rel=\"stylesheet\" href=\"/v1/frame/brand.css?{}\">", query.join("&amp;")) }
}

pub async fn page(app: &App, req: Request, id: &str, print: bool) -> ApiResult<Response> {
    let p = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let (invoice, client_secret) = invoices::for_page(&p, id).await?;
    let account = p.accounts().get(&invoice.merchant_id).await?.ok_or_else(|| ApiError::not_found("invoice"))?;
    let merchant = merchants::by_id(&app.db, &invoice.merchant_id).await?.ok_or_else(|| ApiError::not_found("invoice"))?;
    // The page speaks the merchant's language, as its dashboard and its emails do.
    let w = i18n::invoice::words(&account.locale);
    let language = i18n::of(w.tag);
    let d = &invoice.draft;
    let status = match invoice.status {
        InvoiceStatus::Paid => w.paid,
        InvoiceStatus::Void => w.void,
        _ => w.open,
    };
    let rows: String = d
        .lines
        .iter()
        .map(|l| {
            format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} %</td><td class=\"num\">{}</td></tr>",
                escape(&l.description),
                l.quantity,
                money(l.unit_amount, &invoice),
                invoice::tax_rate_text(l.tax_rate_bp),
                money(l.amount, &invoice)
            )
        })
        .collect();
    let logo = account.branding.logo.as_deref().map(|l| format!("<img class=\"logo\" src=\"{}\" alt=\"{}\">", escape(l), escape(&account.display_name))).unwrap_or_default();
    let due = d.due_date.map(|x| format!("<p><span class=\"label\">{}</span> {x}</p>", w.due)).unwrap_or_default();
    let memo = d.memo.as_deref().map(|m| format!("<p class=\"memo\">{}</p>", escape(m))).unwrap_or_default();
    let footer = d.footer.as_deref().map(|f| format!("<p class=\"footer-note\">{}</p>", escape(f))).unwrap_or_default();
    let support = account.business.as_ref().map(|b| format!("<p class=\"support\">{} <a href=\"mailto:{e}\">{e}</a></p>", w.questions, e = escape(&b.support_email))).unwrap_or_default();
    let pay = match (&client_secret, print) {
        (Some(secret), false) => {
            let pk = if invoice.livemode { merchant.live_publishable_key.clone().unwrap_or_default() } else { merchant.publishable_key.clone() };
            format!(
                "<section class=\"pay\" aria-labelledby=\"pay-title\"><h2 id=\"pay-title\">{}</h2><div id=\"pay\" data-pk=\"{}\" data-client-secret=\"{}\" data-locale=\"{}\"></div>\
                 <p id=\"pay-message\" class=\"message\" role=\"status\"></p></section>\
                 <script src=\"/v1/tessera.js\"></script><script src=\"/v1/invoice/invoice.js\"></script>",
                w.pay,
                escape(&pk),
                escape(secret),
                w.tag
            )
        }
        _ => String::new(),
    };
    let print_link = if print { String::new() } else { format!("<p class=\"print-link\"><a href=\"/i/{}/print\">{}</a></p>", escape(&invoice.id), w.print) };
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{invoice_word} {number} · {name}</title><link rel=\"stylesheet\" href=\"/v1/invoice/invoice.css\">{brand}</head>\
         <body class=\"{body_class}\"><main class=\"sheet\"><header class=\"head\">{logo}<div><h1>{invoice_word} {number}</h1><p class=\"from\">{name}</p></div>\
         <p class=\"status status-{status_class}\">{status}</p></header>\
         <section class=\"meta\"><p><span class=\"label\">{bill_to}</span> {customer}<br>{email}</p>{due}</section>{memo}\
         <table class=\"items\"><caption class=\"visually-hidden\">{invoice_word} {number}</caption><thead><tr><th scope=\"col\">{description}</th><th scope=\"col\" class=\"num\">{quantity}</th>\
         <th scope=\"col\" class=\"num\">{unit_price}</th><th scope=\"col\" class=\"num\">{tax}</th><th scope=\"col\" class=\"num\">{amount}</th></tr></thead><tbody>{rows}</tbody>\
         <tfoot><tr><th scope=\"row\" colspan=\"4\">{subtotal}</th><td class=\"num\">{subtotal_v}</td></tr><tr><th scope=\"row\" colspan=\"4\">{tax}</th><td class=\"num\">{tax_v}</td></tr>\
         <tr class=\"total\"><th scope=\"row\" colspan=\"4\">{total}</th><td class=\"num\" id=\"total\">{total_v}</td></tr></tfoot></table>{footer}{pay}{support}{print_link}</main></body></html>",
        lang = w.tag,
        dir = language.dir(),
        invoice_word = w.invoice,
        number = escape(invoice.number.as_deref().unwrap_or("")),
        name = escape(&account.display_name),
        brand = brand_link(account.branding.color_primary.as_deref(), account.branding.color_background.as_deref()),
        body_class = if print { "print" } else { "screen" },
        status_class = invoice.status.as_str(),
        bill_to = w.bill_to,
        customer = escape(&d.customer.name),
        email = escape(&d.customer.email),
        description = w.description,
        quantity = w.quantity,
        unit_price = w.unit_price,
        tax = w.tax,
        amount = w.amount,
        subtotal = w.subtotal,
        total = w.total,
        subtotal_v = money(d.subtotal, &invoice),
        tax_v = money(d.tax, &invoice),
        total_v = money(d.total.minor(), &invoice),
    );
    let response = Response::from_html(html)?;
    let h = response.headers();
    h.set(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )?;
    h.set("Referrer-Policy", "no-referrer")?;
    h.set("X-Robots-Tag", "noindex")?;
    Ok(response)
}
