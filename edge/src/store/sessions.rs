//! Checkout sessions with the checkout machine's state, and the step-up in progress. A row
//! becomes a [`Stored`] here and nowhere else; a transition is written as one D1 batch whose
//! first statement fails its CHECK unless the row still has the version that was read, so a
//! write that lost a race changes nothing at all.

use serde::Deserialize;
use tessera_core::api::{Channel, ErrorCode, SessionStatus};
use tessera_core::checkout::{Checkout, CodeSent, Payer, Phase, StepUp};
use tessera_core::money::Amount;
use tessera_core::payment::CaptureMethod;

use super::{events, history, int, opt, payments, text, vault, Db, Statement};
use crate::checkout::model::{Payment, Session, StepUpRecord, Stored};
use crate::checkout::ports::{Commit, PaymentWrite, Sessions, StepUpWrite};
use crate::error::{ApiError, ApiResult};

/// A session row joined with its step-up in progress.
#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    merchant_id: String,
    client_secret_hash: String,
    amount: u64,
    currency: String,
    reference: String,
    shopper_email: Option<String>,
    shopper_phone: Option<String>,
    status: SessionStatus,
    payment_id: Option<String>,
    livemode: u8,
    capture_method: CaptureMethod,
    recurring_series: Option<String>,
    expires_at: u64,
    created_at: u64,
    version: u64,
    payer_device: Option<String>,
    payer_card: Option<String>,
    codes_sent: u32,
    last_code_at: u64,
    codes_failed: u32,
    step_up_id: Option<String>,
    su_channel: Option<Channel>,
    su_destination: Option<String>,
    su_passkey: Option<u8>,
    su_code_hash: Option<String>,
    su_code_binding: Option<String>,
    su_code_sent_at: Option<u64>,
    su_code_expires_at: Option<u64>,
}

const SELECT: &str = "SELECT s.id, s.merchant_id, s.client_secret_hash, s.amount, s.currency, s.reference, s.shopper_email, \
    s.shopper_phone, s.status, s.payment_id, s.livemode, s.capture_method, s.recurring_series, s.expires_at, s.created_at, s.version, s.payer_device, s.payer_card, s.codes_sent, \
    s.last_code_at, s.codes_failed, s.step_up_id, u.channel AS su_channel, u.destination_masked AS su_destination, \
    u.passkey AS su_passkey, u.code_hash AS su_code_hash, u.code_binding AS su_code_binding, u.code_sent_at AS su_code_sent_at, \
    u.code_expires_at AS su_code_expires_at \
    FROM checkout_sessions s LEFT JOIN step_ups u ON u.id = s.step_up_id";

fn corrupt(what: &str) -> ApiError {
    ApiError::internal("sessions", &format!("stored session has {what}"))
}

impl Row {
    fn into_stored(self) -> ApiResult<Stored> {
        let currency = self.currency.parse().map_err(|_| corrupt("an unknown currency"))?;
        let amount = Amount::new(self.amount, currency).map_err(|_| corrupt("a bad amount"))?;
        let session = Session {
            id: self.id,
            merchant_id: self.merchant_id,
            client_secret_hash: self.client_secret_hash,
            amount,
            reference: self.reference,
            email: self.shopper_email.as_deref().map(str::parse).transpose().map_err(|_| corrupt("a bad email"))?,
            phone: self.shopper_phone.as_deref().map(str::parse).transpose().map_err(|_| corrupt("a bad phone"))?,
            payment_id: self.payment_id,
            livemode: self.livemode == 1,
            capture_method: self.capture_method,
            recurring_series: self.recurring_series,
            expires_at: self.expires_at,
            created_at: self.created_at,
        };
        let payer = match (self.payer_device, self.payer_card) {
            (Some(device), Some(card)) => Some(Payer { device, card }),
            _ => None,
        };
        let code = match (self.su_code_binding, self.su_code_sent_at, self.su_code_expires_at) {
            (Some(binding), Some(sent_at), Some(expires_at)) => Some(CodeSent { binding, sent_at, expires_at }),
            _ => None,
        };
        let (phase, step_up) = match (self.status, payer) {
            (SessionStatus::Open, None) => (Phase::Open, None),
            (SessionStatus::RequiresAction, Some(payer)) => {
                let id = self.step_up_id.ok_or_else(|| corrupt("a step-up without its row"))?;
                let record = StepUpRecord {
                    id,
                    channel: self.su_channel.ok_or_else(|| corrupt("a step-up without its row"))?,
                    destination_masked: self.su_destination.unwrap_or_default(),
                    code_hash: self.su_code_hash,
                };
                (Phase::RequiresAction(StepUp { payer, passkey: self.su_passkey == Some(1), code }), Some(record))
            }
            (SessionStatus::Processing, Some(payer)) => (Phase::Processing(payer), None),
            (SessionStatus::Succeeded, None) => (Phase::Succeeded, None),
            (SessionStatus::Canceled, None) => (Phase::Canceled, None),
            (SessionStatus::Expired, None) => (Phase::Expired, None),
            _ => return Err(corrupt("a status that does not fit its payer")),
        };
        let checkout = Checkout {
            phase,
            binding: session.binding(),
            expires_at: session.expires_at,
            codes_sent: self.codes_sent,
            last_code_at: self.last_code_at,
            codes_failed: self.codes_failed,
        };
        Ok(Stored { session, checkout, version: self.version, step_up })
    }
}

/// The D1 session store.
pub struct D1Sessions<'a> {
    pub db: &'a Db,
}

impl Sessions for D1Sessions<'_> {
    async fn insert(&self, s: &Session, checkout: &Checkout) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO checkout_sessions (id, merchant_id, client_secret_hash, amount, currency, reference, \
                 shopper_email, shopper_phone, status, livemode, capture_method, recurring_series, expires_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                &[
                    text(&s.id), text(&s.merchant_id), text(&s.client_secret_hash), int(s.amount.minor()), text(s.amount.currency().code()),
                    text(&s.reference), opt(s.email.as_ref().map(|e| e.as_str())), opt(s.phone.as_ref().map(|p| p.as_str())),
                    text(checkout.phase.status().as_str()), int(u64::from(s.livemode)), text(s.capture_method.as_str()), opt(s.recurring_series.as_deref()), int(s.expires_at), int(s.created_at),
                ],
            )
            .await?;
        Ok(())
    }

    async fn load(&self, id: &str) -> ApiResult<Option<Stored>> {
        let row: Option<Row> = self.db.first(&format!("{SELECT} WHERE s.id = ?"), &[text(id)]).await?;
        row.map(Row::into_stored).transpose()
    }

    async fn commit(&self, c: &Commit) -> ApiResult<()> {
        let statements = statements(c);
        if let Err(error) = self.db.batch(&statements).await {
            // The version CHECK is what fails when another write came first; anything else is ours.
            #[derive(Deserialize)]
            struct Version {
                version: u64,
            }
            let now: Option<Version> = self.db.first("SELECT version FROM checkout_sessions WHERE id = ?", &[text(&c.session_id)]).await?;
            if now.is_some_and(|v| v.version != c.version) {
                return Err(ErrorCode::ConfirmInProgress.into());
            }
            return Err(error);
        }
        Ok(())
    }

    async fn in_flight(&self, session_id: &str) -> ApiResult<Option<Payment>> {
        payments::in_flight(self.db, session_id).await
    }

    async fn passed_step_up(&self, session_id: &str, device: &str, since: u64) -> ApiResult<bool> {
        #[derive(Deserialize)]
        struct Found {
            #[allow(dead_code)]
            id: String,
        }
        let found: Option<Found> = self
            .db
            .first("SELECT id FROM step_ups WHERE session_id = ? AND device = ? AND verified_at >= ? LIMIT 1", &[text(session_id), text(device), int(since)])
            .await?;
        Ok(found.is_some())
    }

    async fn due_to_expire(&self, now: u64, limit: u32) -> ApiResult<Vec<String>> {
        #[derive(Deserialize)]
        struct Id {
            id: String,
        }
        let rows: Vec<Id> = self
            .db
            .all(
                "SELECT id FROM checkout_sessions WHERE status IN ('open', 'requires_action') AND expires_at <= ? ORDER BY expires_at LIMIT ?",
                &[int(now), int(limit.into())],
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.id).collect())
    }
}

/// The batch of one transition: the session row first (the compare-and-swap), then the rows
/// that go with it.
fn statements(c: &Commit) -> Vec<Statement> {
    let next = &c.next;
    let payer = match &next.phase {
        Phase::RequiresAction(step_up) => Some(&step_up.payer),
        Phase::Processing(payer) => Some(payer),
        _ => None,
    };
    let new_step_up = match &c.step_up {
        Some(StepUpWrite::New { id, .. }) => Some(id.as_str()),
        _ => None,
    };
    let requires_action = matches!(next.phase, Phase::RequiresAction(_));
    let (amount, reference) = match &c.amount {
        Some((amount, reference)) => (Some(amount.minor()), Some(reference.as_str())),
        None => (None, None),
    };
    let null = wasm_bindgen::JsValue::NULL;
    let mut out: Vec<Statement> = vec![(
        "UPDATE checkout_sessions SET version = CASE WHEN version = ? THEN version + 1 ELSE -1 END, status = ?, \
         payer_device = ?, payer_card = ?, \
         step_up_id = CASE WHEN ? IS NOT NULL THEN ? WHEN ? = 1 THEN step_up_id ELSE NULL END, \
         codes_sent = ?, last_code_at = ?, codes_failed = ?, payment_id = COALESCE(?, payment_id), \
         amount = COALESCE(?, amount), reference = COALESCE(?, reference) WHERE id = ?"
            .into(),
        vec![
            int(c.version), text(next.phase.status().as_str()),
            opt(payer.map(|p| p.device.as_str())), opt(payer.map(|p| p.card.as_str())),
            opt(new_step_up), opt(new_step_up), int(u64::from(requires_action)),
            int(next.codes_sent.into()), int(next.last_code_at), int(next.codes_failed.into()), opt(c.paid_by.as_deref()),
            amount.map_or(null.clone(), int), opt(reference), text(&c.session_id),
        ],
    )];
    match &c.step_up {
        Some(StepUpWrite::New { id, destination, passkey, code }) => {
            let sent = next.step_up().and_then(|s| s.code.as_ref());
            let payer = next.step_up().map(|s| &s.payer);
            out.push((
                "INSERT INTO step_ups (id, session_id, device, card, channel, destination_masked, passkey, code_hash, code_binding, \
                 code_sent_at, code_expires_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                    .into(),
                vec![
                    text(id), text(&c.session_id), opt(payer.map(|p| p.device.as_str())), opt(payer.map(|p| p.card.as_str())),
                    text(destination.channel.as_str()), text(&destination.masked), int(u64::from(*passkey)),
                    opt(code.as_ref().map(|c| c.hash.as_str())), opt(sent.map(|s| s.binding.as_str())),
                    sent.map_or(null.clone(), |s| int(s.sent_at)), sent.map_or(null.clone(), |s| int(s.expires_at)), int(c.at),
                ],
            ));
        }
        Some(StepUpWrite::Code { id, code }) => {
            let sent = next.step_up().and_then(|s| s.code.as_ref());
            out.push((
                "UPDATE step_ups SET code_hash = ?, code_binding = ?, code_sent_at = ?, code_expires_at = ? WHERE id = ?".into(),
                vec![
                    text(&code.hash), opt(sent.map(|s| s.binding.as_str())), sent.map_or(null.clone(), |s| int(s.sent_at)),
                    sent.map_or(null.clone(), |s| int(s.expires_at)), text(id),
                ],
            ));
        }
        Some(StepUpWrite::Passed { id }) => out.push(("UPDATE step_ups SET verified_at = ? WHERE id = ?".into(), vec![int(c.at), text(id)])),
        None => {}
    }
    match &c.payment {
        Some(PaymentWrite::Start { payment, sealed_pan }) => {
            out.push(vault::insert_statement(payment, sealed_pan));
            out.push(payments::insert_statement(payment));
        }
        Some(PaymentWrite::Finish { id, state, decline_code, reference }) => out.push(payments::finish_statement(id, state, *decline_code, reference.as_deref(), c.at)),
        None => {}
    }
    for event in &c.events {
        out.extend(events::insert_statements(event, c.at));
    }
    out.push(history::insert_statement(c));
    out
}
