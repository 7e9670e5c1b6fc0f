//! `GET /v1/payments/{id}/timeline`: everything that happened to a payment, oldest first: its
//! checkout session, each risk decision with its reasons and signals, the step-ups, every call
//! to the processor and its answer, the session's transitions, refunds, the dispute, and every
//! webhook delivery of the events about them.

use serde_json::{json, Value};
use tessera_core::account::role::Action;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::operations;
use crate::http::{self, ApiResult};
use crate::passkey::RelyingParty;
use crate::store::{disputes, events, history, refunds, timeline};

fn entry(at: u64, kind: &str, detail: Value) -> (u64, usize, Value) {
    (at, 0, json!({ "at": at, "type": kind, "detail": detail }))
}

/// History lines say what the state machine did; these are the ones a person reads as steps.
fn from_history(line: &history::Line) -> Option<(String, Value)> {
    let refused = line.detail.as_deref().is_some_and(|d| d.contains("incorrect") || d.contains("locked") || d.contains("expired") || d.contains("blocked"));
    let (kind, detail) = match line.event.as_str() {
        "code_entered" if refused => ("step_up.failed", json!({ "code": line.detail })),
        "code_entered" => ("step_up.passed", json!({ "method": "code" })),
        "passkey_verified" => ("step_up.passed", json!({ "method": "passkey" })),
        "resend_requested" => ("step_up.resent", json!({})),
        "assessed" => return None,
        other => (other, json!({ "from": line.from_status, "to": line.to_status, "detail": line.detail })),
    };
    let kind = if kind.contains('.') { kind.to_owned() } else { format!("session.{kind}") };
    Some((kind, detail))
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let payment = operations::payment_for(&ports, &caller.merchant.id, caller.livemode, id).await?;
    let db = &app.db;
    let mut entries = Vec::new();
    if let Some(s) = timeline::session(db, &payment.session_id).await? {
        entries.push(entry(s.created_at, "session.created", json!({ "session": payment.session_id, "amount": s.amount, "currency": s.currency, "reference": s.reference })));
    }
    for d in timeline::decisions(db, &payment.session_id).await? {
        let reasons: Value = serde_json::from_str(&d.reasons).unwrap_or(Value::Null);
        let all: Value = serde_json::from_str(&d.signals).unwrap_or(Value::Null);
        // Only what this merchant's own checkout showed: the device registry and the velocity
        // counts span every merchant, and a merchant learns nothing of a shopper beyond its own
        // payments (the reasons say which rules those signals met).
        let signals = json!({ "amount": all["amount"], "fingerprint_missing": all["fingerprint_missing"] });
        entries.push(entry(d.created_at, "risk.decision", json!({ "action": d.action, "reasons": reasons, "signals": signals, "country": d.country })));
    }
    for s in timeline::step_ups(db, &payment.session_id).await? {
        let kind = if s.passkey == 1 { "passkey" } else { s.channel.as_str() };
        entries.push(entry(s.code_sent_at.unwrap_or(s.created_at), "step_up.sent", json!({ "channel": kind, "destination": s.destination_masked })));
    }
    for c in timeline::calls(db, &payment.id).await? {
        entries.push(entry(
            c.created_at,
            "processor.call",
            json!({ "operation": c.operation, "outcome": c.outcome, "code": c.code, "reference": c.reference, "refund": c.refund_id, "duration_ms": c.duration_ms }),
        ));
    }
    for line in history::of_session(db, &payment.session_id).await? {
        if let Some((kind, detail)) = from_history(&line) {
            entries.push(entry(line.created_at, &kind, detail));
        }
    }
    let refunds = refunds::list(db, &caller.merchant.id, caller.livemode, Some(&payment.id), None, 100).await?;
    let dispute = disputes::of_payment(db, &payment.id).await?;
    let mut objects: Vec<&str> = vec![payment.id.as_str(), payment.session_id.as_str()];
    objects.extend(refunds.iter().map(|r| r.id.as_str()));
    if let Some(d) = &dispute {
        objects.push(d.id.as_str());
    }
    for e in timeline::events(db, &caller.merchant.id, caller.livemode, &objects).await? {
        entries.push(entry(e.created_at, &e.kind, json!({ "event": e.id, "object": e.object_id })));
        let attempts = events::attempts_of(db, &e.id).await?;
        for d in events::deliveries_of(db, &e.id).await? {
            let mine: Vec<&events::AttemptRow> = attempts.iter().filter(|a| a.delivery_id == d.id).collect();
            let last = mine.last();
            let at = last.map_or(e.created_at, |a| a.attempted_at);
            entries.push(entry(
                at,
                "webhook.delivery",
                json!({
                    "event": e.id, "event_type": e.kind, "endpoint": d.endpoint_id, "url": last.map(|a| a.url.clone()),
                    "status": d.status, "attempts": mine.len(), "response_status": last.and_then(|a| a.response_status), "error": last.and_then(|a| a.error.clone()),
                }),
            ));
        }
    }
    // Stable: by time, then in the order gathered (a session before its decision, a call before
    // the event it caused).
    for (i, e) in entries.iter_mut().enumerate() {
        e.1 = i;
    }
    entries.sort_by_key(|(at, i, _)| (*at, *i));
    let data: Vec<Value> = entries.into_iter().map(|(_, _, v)| v).collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false }))
}
