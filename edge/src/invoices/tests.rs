//! Invoices on the in-memory ports: the lifecycle with its refusals, the page's session that is
//! replaced when it lapses, and the paid hook that settles an invoice once.

use std::cell::RefCell;
use std::collections::HashMap;

use pollster::block_on;
use tessera_core::api::{ErrorCode, EventType};
use tessera_core::checkout::Limits;
use tessera_core::invoice::{InvoiceInput, InvoiceStatus};

use super::*;
use crate::checkout::memory::Memory;
use crate::checkout::ports::*;
use crate::processor::Connector;

struct World {
    base: Memory,
    invoices: RefCell<HashMap<String, Invoice>>,
    numbers: RefCell<u64>,
}

impl Ports for World {
    fn sessions(&self) -> &impl Sessions {
        &self.base
    }
    fn leases(&self) -> &impl Leases {
        &self.base
    }
    fn counters(&self) -> &impl Counters {
        &self.base
    }
    fn devices(&self) -> &impl Devices {
        &self.base
    }
    fn messenger(&self) -> &impl Messenger {
        &self.base
    }
    fn processor(&self) -> &impl Connector {
        &self.base
    }
    fn passkeys(&self) -> &impl Passkeys {
        &self.base
    }
    fn notifier(&self) -> &impl Notifier {
        &self.base
    }
    fn payments(&self) -> &impl Payments {
        &self.base
    }
    fn merchants(&self) -> &impl Merchants {
        &self.base
    }
    fn after_payment(&self) -> &impl AfterPayment {
        &self.base
    }
    fn regional(&self) -> &impl crate::checkout::ports::Regional {
        &self.base
    }
    fn now(&self) -> u64 {
        self.base.clock.get()
    }
    fn settings(&self) -> &Settings {
        Ports::settings(&self.base)
    }
}

impl InvoiceStore for World {
    async fn insert(&self, invoice: &Invoice) -> ApiResult<()> {
        self.invoices.borrow_mut().insert(invoice.id.clone(), invoice.clone());
        Ok(())
    }
    async fn get(&self, id: &str) -> ApiResult<Option<Invoice>> {
        Ok(self.invoices.borrow().get(id).cloned())
    }
    async fn by_session(&self, session_id: &str) -> ApiResult<Option<Invoice>> {
        Ok(self.invoices.borrow().values().find(|i| i.session_id.as_deref() == Some(session_id)).cloned())
    }
    async fn save(&self, invoice: &Invoice, version: u64, event: Option<&NewEvent>) -> ApiResult<bool> {
        let mut all = self.invoices.borrow_mut();
        if all.get(&invoice.id).map(|i| i.version) != Some(version) {
            return Ok(false);
        }
        all.insert(invoice.id.clone(), invoice.clone());
        if let Some(e) = event {
            self.base.world.borrow_mut().events.push(e.clone());
        }
        Ok(true)
    }
    async fn next_number(&self, _merchant_id: &str, _livemode: bool) -> ApiResult<u64> {
        let mut n = self.numbers.borrow_mut();
        *n += 1;
        Ok(*n)
    }
}

impl InvoicePorts for World {
    fn invoices(&self) -> &impl InvoiceStore {
        self
    }
    fn origin(&self) -> &str {
        "https://pay.tessera.example"
    }
}

fn world() -> World {
    World { base: Memory::new(Limits::default()), invoices: RefCell::new(HashMap::new()), numbers: RefCell::new(0) }
}

fn draft(w: &World) -> Invoice {
    let input: InvoiceInput = serde_json::from_str(
        r#"{"customer":{"email":"bob@example.com","name":"Bob"},"currency":"EUR","line_items":[{"description":"Consulting","quantity":2,"unit_amount":5000,"tax_rate":19}],"memo":"Thanks"}"#,
    )
    .unwrap();
    block_on(create(w, "mer_abc12345", false, input)).unwrap()
}

#[test]
fn a_draft_is_finalized_numbered_and_sent_then_cannot_change() {
    let w = world();
    let d = draft(&w);
    assert_eq!(d.draft.total.minor(), 11_900);
    let changed: InvoiceInput = serde_json::from_str(r#"{"footer":"IBAN on request"}"#).unwrap();
    let d = block_on(update(&w, d, changed)).unwrap();
    let open = block_on(finalize(&w, d, "Mosaic Books", "en")).unwrap();
    assert_eq!(open.status, InvoiceStatus::Open);
    assert_eq!(open.number.as_deref(), Some("ABC12345-0001"));
    let mail = w.base.world.borrow().outbox.last().cloned().unwrap();
    assert_eq!(mail.destination.to, "bob@example.com");
    assert!(mail.body.contains(&format!("https://pay.tessera.example/i/{}", open.id)));
    assert!(mail.body.contains("119.00 EUR"));
    let again: InvoiceInput = serde_json::from_str(r#"{"memo":null}"#).unwrap();
    assert_eq!(block_on(update(&w, open.clone(), again)).unwrap_err().code, ErrorCode::InvoiceNotEditable);
    assert_eq!(block_on(finalize(&w, open, "Mosaic Books", "en")).unwrap_err().code, ErrorCode::InvoiceNotEditable);
    assert!(w.base.event_types().contains(&EventType::InvoiceFinalized));
}

#[test]
fn the_invoice_email_speaks_the_merchants_language() {
    let w = world();
    let open = block_on(finalize(&w, draft(&w), "Mosaic Books", "de-DE")).unwrap();
    let mail = w.base.world.borrow().outbox.last().cloned().unwrap();
    assert_eq!(mail.subject, "Rechnung ABC12345-0001 von Mosaic Books");
    assert!(mail.body.contains("Mosaic Books hat Ihnen die Rechnung ABC12345-0001 über 119.00 EUR gesendet"), "{}", mail.body);
    assert!(mail.body.contains(&format!("https://pay.tessera.example/i/{}", open.id)));
}

#[test]
fn the_page_gets_a_client_secret_and_a_fresh_session_when_one_lapses() {
    let w = world();
    let open = block_on(finalize(&w, draft(&w), "Mosaic Books", "en")).unwrap();
    let (_, secret) = block_on(for_page(&w, &open.id)).unwrap();
    let secret = secret.expect("payable");
    assert!(secret.starts_with(open.session_id.as_deref().unwrap()));
    assert_eq!(block_on(for_page(&w, &open.id)).unwrap().1.as_deref(), Some(secret.as_str()), "the same session while it lives");
    w.base.advance(25 * 3600);
    let (renewed, fresh) = block_on(for_page(&w, &open.id)).unwrap();
    assert_ne!(renewed.session_id, open.session_id);
    assert_ne!(fresh.as_deref(), Some(secret.as_str()));
    // A draft has no page.
    let d = draft(&w);
    assert_eq!(block_on(for_page(&w, &d.id)).unwrap_err().code, ErrorCode::ResourceMissing);
}

#[test]
fn voided_invoices_are_not_payable_and_paid_ones_are_not_voidable() {
    let w = world();
    let open = block_on(finalize(&w, draft(&w), "Mosaic Books", "en")).unwrap();
    let session = open.session_id.clone().unwrap();
    let voided = block_on(void(&w, open)).unwrap();
    assert_eq!(voided.status, InvoiceStatus::Void);
    assert_eq!(block_on(for_page(&w, &voided.id)).unwrap().1, None, "no client secret for a void invoice");
    let stored = w.base.stored(&session);
    assert_eq!(stored.checkout.phase, tessera_core::checkout::Phase::Canceled, "its session can no longer be paid");
    assert_eq!(block_on(void(&w, voided)).unwrap_err().code, ErrorCode::InvoiceNotVoidable);
}

#[test]
fn the_paid_hook_settles_an_open_invoice_once() {
    let w = world();
    let open = block_on(finalize(&w, draft(&w), "Mosaic Books", "en")).unwrap();
    let session = open.session_id.clone().unwrap();
    // Not paid yet: nothing happens.
    block_on(paid(&w, &session)).unwrap();
    assert_eq!(block_on(InvoiceStore::get(&w, &open.id)).unwrap().unwrap().status, InvoiceStatus::Open);
    {
        let mut world = w.base.world.borrow_mut();
        let row = world.sessions.get_mut(&session).unwrap();
        row.0.payment_id = Some("pay_1".into());
        row.1.phase = tessera_core::checkout::Phase::Succeeded;
    }
    block_on(paid(&w, &session)).unwrap();
    block_on(paid(&w, &session)).unwrap();
    let settled = block_on(InvoiceStore::get(&w, &open.id)).unwrap().unwrap();
    assert_eq!((settled.status, settled.payment_id.as_deref()), (InvoiceStatus::Paid, Some("pay_1")));
    assert_eq!(w.base.event_types().iter().filter(|t| **t == EventType::InvoicePaid).count(), 1);
}
