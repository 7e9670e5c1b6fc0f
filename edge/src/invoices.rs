//! Invoices: a draft the merchant writes, finalized into a numbered invoice with a hosted page
//! that pays through the card frame, paid when its checkout session's payment succeeds, or
//! voided. The rules (totals, the lifecycle) are `tessera_core::invoice`; the payment is an
//! ordinary checkout session, so every limit of a checkout holds on an invoice's page too.
//!
//! The page needs the session's client secret each time it is opened; the secret is kept sealed
//! with the vault's data key, bound to the invoice, never in clear.

use serde_json::{json, Value};
use tessera_core::api::{Channel, ErrorCode, EventType};
use tessera_core::crypto::RustCrypto;
use tessera_core::date::Date;
use tessera_core::i18n;
use tessera_core::ids::{Id, Kind};
use tessera_core::invoice::{self, Current, Customer, Draft, InvoiceEvent, InvoiceInput, InvoiceStatus, Line};
use tessera_core::money::Amount;
use tessera_core::payment::CaptureMethod;
use tessera_core::session::NewSession;
use tessera_core::vault::{Purpose, Sealed};

use crate::checkout::model::{Destination, Stored};
use crate::checkout::ports::{Message, Messenger, NewEvent, Notifier, Ports, Sessions};
use crate::checkout::{self};
use crate::error::{ApiError, ApiResult};

#[cfg(test)]
mod tests;

/// An invoice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    /// `in_…`
    pub id: String,
    /// Whose.
    pub merchant_id: String,
    /// Test or live.
    pub livemode: bool,
    /// Given at finalization.
    pub number: Option<String>,
    /// Draft, open, paid or void.
    pub status: InvoiceStatus,
    /// What it says and what it costs.
    pub draft: Draft,
    /// The checkout session its page pays through.
    pub session_id: Option<String>,
    /// That session's client secret, sealed.
    pub client_secret: Option<Sealed>,
    /// The payment that paid it.
    pub payment_id: Option<String>,
    /// When written, finalized, paid, voided.
    pub created_at: u64,
    pub finalized_at: Option<u64>,
    pub paid_at: Option<u64>,
    pub voided_at: Option<u64>,
    /// Bumped by every write.
    pub version: u64,
}

impl Invoice {
    /// The API's view; `origin` makes the hosted page's URL.
    pub fn to_json(&self, origin: &str) -> Value {
        let d = &self.draft;
        let lines: Vec<Value> = d
            .lines
            .iter()
            .map(|l| json!({ "description": l.description, "quantity": l.quantity, "unit_amount": l.unit_amount, "tax_rate": invoice::tax_rate_text(l.tax_rate_bp), "amount": l.amount, "tax": l.tax }))
            .collect();
        let hosted = (self.status != InvoiceStatus::Draft).then(|| format!("{origin}/i/{}", self.id));
        json!({
            "id": self.id,
            "object": "invoice",
            "livemode": self.livemode,
            "number": self.number,
            "status": self.status,
            "customer": d.customer,
            "currency": d.currency.code(),
            "line_items": lines,
            "subtotal": d.subtotal,
            "tax": d.tax,
            "total": d.total.minor(),
            "amount_paid": if self.status == InvoiceStatus::Paid { d.total.minor() } else { 0 },
            "due_date": d.due_date.map(|x| x.to_string()),
            "memo": d.memo,
            "footer": d.footer,
            "hosted_invoice_url": hosted,
            "payment": self.payment_id,
            "created_at": self.created_at,
            "finalized_at": self.finalized_at,
            "paid_at": self.paid_at,
            "voided_at": self.voided_at,
        })
    }

    fn current(&self) -> Current<'_> {
        let d = &self.draft;
        Current { customer: &d.customer, currency: d.currency, lines: &d.lines, due_date: d.due_date, memo: d.memo.as_deref(), footer: d.footer.as_deref() }
    }
}

/// Where invoices are kept.
#[allow(async_fn_in_trait)]
pub trait InvoiceStore {
    /// Adds a draft.
    async fn insert(&self, invoice: &Invoice) -> ApiResult<()>;
    /// The invoice `id`.
    async fn get(&self, id: &str) -> ApiResult<Option<Invoice>>;
    /// The invoice paid through a checkout session.
    async fn by_session(&self, session_id: &str) -> ApiResult<Option<Invoice>>;
    /// Writes `invoice` if it is still at `version`, with its event.
    async fn save(&self, invoice: &Invoice, version: u64, event: Option<&NewEvent>) -> ApiResult<bool>;
    /// The merchant's next invoice number in a mode.
    async fn next_number(&self, merchant_id: &str, livemode: bool) -> ApiResult<u64>;
}

/// What the use cases reach: the checkout's ports and the invoice store.
pub trait InvoicePorts: Ports {
    /// Invoices.
    fn invoices(&self) -> &impl InvoiceStore;
    /// The edge's origin, for the hosted pages' links.
    fn origin(&self) -> &str;
}

/// The merchant's invoice `id` in its mode, or `resource_missing`.
pub async fn for_merchant(p: &impl InvoicePorts, merchant_id: &str, livemode: bool, id: &str) -> ApiResult<Invoice> {
    match p.invoices().get(id).await? {
        Some(i) if i.merchant_id == merchant_id && i.livemode == livemode => Ok(i),
        _ => Err(ApiError::not_found("invoice")),
    }
}

/// `POST /v1/invoices`.
pub async fn create(p: &impl InvoicePorts, merchant_id: &str, livemode: bool, input: InvoiceInput) -> ApiResult<Invoice> {
    let draft = input.apply(None)?;
    let invoice = Invoice {
        id: Id::generate(&RustCrypto, Kind::Invoice)?.as_str().to_owned(),
        merchant_id: merchant_id.to_owned(),
        livemode,
        number: None,
        status: InvoiceStatus::Draft,
        draft,
        session_id: None,
        client_secret: None,
        payment_id: None,
        created_at: p.now(),
        finalized_at: None,
        paid_at: None,
        voided_at: None,
        version: 0,
    };
    p.invoices().insert(&invoice).await?;
    Ok(invoice)
}

async fn save(p: &impl InvoicePorts, before: &Invoice, mut next: Invoice, kind: Option<EventType>) -> ApiResult<Invoice> {
    next.version = before.version + 1;
    let event = match kind {
        Some(kind) => Some(p.notifier().plan(&next.merchant_id, next.livemode, kind, &next.id, &next.to_json(p.origin())).await?),
        None => None,
    };
    if !p.invoices().save(&next, before.version, event.as_ref()).await? {
        return Err(ErrorCode::ConcurrentUpdate.into());
    }
    if let Some(event) = &event {
        checkout::deliver_events(p, std::slice::from_ref(event)).await;
    }
    Ok(next)
}

/// `POST /v1/invoices/{id}`: changes a draft.
pub async fn update(p: &impl InvoicePorts, invoice: Invoice, input: InvoiceInput) -> ApiResult<Invoice> {
    invoice::step(invoice.status, InvoiceEvent::Edit)?;
    let draft = input.apply(Some(invoice.current()))?;
    save(p, &invoice, Invoice { draft, ..invoice.clone() }, None).await
}

/// Opens a checkout session for what the invoice asks, and seals its client secret to it.
async fn open_session(p: &impl InvoicePorts, invoice: &Invoice) -> ApiResult<(Stored, Sealed)> {
    let d = &invoice.draft;
    let reference = invoice.number.clone().unwrap_or_else(|| invoice.id.clone());
    let email = d.customer.email.parse().map_err(|_| ApiError::from(ErrorCode::InvalidCustomer))?;
    let new = NewSession { amount: d.total, reference, email: Some(email), phone: None, ttl: 24 * 3600, capture_method: CaptureMethod::Automatic, recurring_series: None };
    let (stored, client_secret) = checkout::create(p, &invoice.merchant_id, invoice.livemode, &new).await?;
    let sealed = p.settings().data_keys.seal(&RustCrypto, Purpose::InvoiceClientSecret, invoice.id.as_bytes(), client_secret.as_bytes()).await?;
    Ok((stored, sealed))
}

/// `POST /v1/invoices/{id}/finalize`: numbered, payable, sent to the customer.
/// `locale` is the merchant's language: the email speaks it, as the invoice's page does.
pub async fn finalize(p: &impl InvoicePorts, invoice: Invoice, merchant_name: &str, locale: &str) -> ApiResult<Invoice> {
    let status = invoice::step(invoice.status, InvoiceEvent::Finalize)?;
    if let Some(due) = invoice.draft.due_date
        && due < Date::of(p.now(), 0)
    {
        return Err(ErrorCode::InvalidDate.into());
    }
    let sequence = p.invoices().next_number(&invoice.merchant_id, invoice.livemode).await?;
    let numbered = Invoice { number: Some(invoice::number(&invoice::prefix_of(&invoice.merchant_id), sequence)), ..invoice.clone() };
    let (stored, sealed) = open_session(p, &numbered).await?;
    let now = p.now();
    let next = Invoice { status, session_id: Some(stored.session.id.clone()), client_secret: Some(sealed), finalized_at: Some(now), ..numbered };
    let saved = save(p, &invoice, next, Some(EventType::InvoiceFinalized)).await?;
    send(p, &saved, merchant_name, locale).await?;
    Ok(saved)
}

/// Emails the customer the invoice's link, in the merchant's language.
pub async fn send(p: &impl InvoicePorts, invoice: &Invoice, merchant_name: &str, locale: &str) -> ApiResult<()> {
    let d = &invoice.draft;
    let amount = format!("{} {}", d.total.to_major_string(), d.currency.code());
    let due = d.due_date.map(|x| x.to_string());
    let link = format!("{}/i/{}", p.origin(), invoice.id);
    let words = i18n::invoice::words(locale);
    let (subject, body) = i18n::invoice::email(words, invoice.number.as_deref().unwrap_or(""), merchant_name, &d.customer.name, &amount, due.as_deref(), &link);
    let to = Destination { channel: Channel::Email, to: d.customer.email.clone(), masked: String::new() };
    p.messenger().send(&Message { destination: to, subject, body }).await
}

/// `POST /v1/invoices/{id}/void`: no longer payable. A payment under way on its page keeps it
/// from being voided; one already made marks it paid instead.
pub async fn void(p: &impl InvoicePorts, invoice: Invoice) -> ApiResult<Invoice> {
    let status = invoice::step(invoice.status, InvoiceEvent::Void)?;
    if let Some(session_id) = &invoice.session_id
        && let Some(stored) = p.sessions().load(session_id).await?
    {
        match checkout::cancel(p, stored).await {
            Ok(_) => {}
            Err(e) if e.code == ErrorCode::SessionCanceled || e.code == ErrorCode::SessionExpired => {}
            Err(e) if e.code == ErrorCode::SessionAlreadyPaid => {
                paid(p, session_id).await?;
                return Err(ErrorCode::InvoiceNotVoidable.into());
            }
            Err(e) => return Err(e),
        }
    }
    save(p, &invoice, Invoice { status, voided_at: Some(p.now()), ..invoice.clone() }, Some(EventType::InvoiceVoided)).await
}

/// A checkout session's payment succeeded: its invoice, if it has one, is paid. Called after the
/// payment's commit, and again by the sweep for any it missed; a second call changes nothing.
pub async fn paid(p: &impl InvoicePorts, session_id: &str) -> ApiResult<()> {
    let Some(invoice) = p.invoices().by_session(session_id).await? else { return Ok(()) };
    if invoice.status != InvoiceStatus::Open {
        return Ok(());
    }
    let Some(stored) = p.sessions().load(session_id).await? else { return Ok(()) };
    let Some(payment_id) = stored.session.payment_id.clone() else { return Ok(()) };
    let status = invoice::step(invoice.status, InvoiceEvent::Paid)?;
    save(p, &invoice, Invoice { status, payment_id: Some(payment_id), paid_at: Some(p.now()), ..invoice.clone() }, Some(EventType::InvoicePaid)).await?;
    Ok(())
}

/// What the hosted page needs: the invoice and, while it is payable, a client secret for the
/// card frame. A session that expired or was canceled is replaced by a fresh one.
pub async fn for_page(p: &impl InvoicePorts, id: &str) -> ApiResult<(Invoice, Option<String>)> {
    let invoice = p.invoices().get(id).await?.filter(|i| i.status != InvoiceStatus::Draft).ok_or_else(|| ApiError::not_found("invoice"))?;
    if invoice.status != InvoiceStatus::Open {
        return Ok((invoice, None));
    }
    let stored = match &invoice.session_id {
        Some(s) => p.sessions().load(s).await?,
        None => None,
    };
    let usable = stored.as_ref().is_some_and(|s| {
        use tessera_core::checkout::Phase;
        matches!(s.checkout.phase, Phase::Open | Phase::RequiresAction(_) | Phase::Processing(_)) && s.checkout.expires_at > p.now()
    });
    if stored.as_ref().is_some_and(|s| matches!(s.checkout.phase, tessera_core::checkout::Phase::Succeeded)) {
        paid(p, invoice.session_id.as_deref().unwrap_or_default()).await?;
        let now_paid = p.invoices().get(id).await?.ok_or_else(|| ApiError::not_found("invoice"))?;
        return Ok((now_paid, None));
    }
    if usable && let Some(sealed) = &invoice.client_secret {
        let secret = p.settings().data_keys.open(&RustCrypto, Purpose::InvoiceClientSecret, invoice.id.as_bytes(), sealed).await?;
        return Ok((invoice, Some(String::from_utf8_lossy(&secret).into_owned())));
    }
    let (fresh, sealed) = open_session(p, &invoice).await?;
    let next = Invoice { session_id: Some(fresh.session.id.clone()), client_secret: Some(sealed), ..invoice.clone() };
    let saved = save(p, &invoice, next, None).await?;
    let secret = p.settings().data_keys.open(&RustCrypto, Purpose::InvoiceClientSecret, saved.id.as_bytes(), saved.client_secret.as_ref().ok_or_else(|| ApiError::internal("invoices", "no secret"))?).await?;
    Ok((saved, Some(String::from_utf8_lossy(&secret).into_owned())))
}

/// A line's pieces, for the store.
pub fn lines_json(lines: &[Line]) -> ApiResult<String> {
    serde_json::to_string(lines).map_err(|e| ApiError::internal("invoices", &e.to_string()))
}

/// A stored draft's pieces back into a draft.
#[allow(clippy::too_many_arguments)]
pub fn draft_of(email: String, name: String, currency: &str, lines: &str, subtotal: u64, tax: u64, total: u64, due: Option<&str>, memo: Option<String>, footer: Option<String>) -> ApiResult<Draft> {
    let corrupt = || ApiError::internal("invoices", "a stored invoice does not parse");
    let currency = currency.parse().map_err(|_| corrupt())?;
    Ok(Draft {
        customer: Customer { email, name },
        currency,
        lines: serde_json::from_str(lines).map_err(|_| corrupt())?,
        due_date: due.map(str::parse).transpose().map_err(|_| corrupt())?,
        memo,
        footer,
        subtotal,
        tax,
        total: Amount::new(total, currency).map_err(|_| corrupt())?,
    })
}
