//! The scheduled sweep: nothing lost, nothing doubled. Payments whose authorisation's answer was
//! lost are resolved through the processor's sync; captures, voids and refunds sent and not
//! answered are sent again under their idempotency keys; authorisations left uncaptured for
//! seven days are voided. No client has to retry for any of it.

use tessera_core::payment::lifecycle::PaymentEvent;

use super::charge::target;
use super::notifications::{never_received, resolve};
use super::operations::{apply, send_pending, send_refund};
use super::ports::{Payments, Ports};
use crate::error::ApiResult;
use crate::processor::{Connector, Outcome, Sync};

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Payments looked at.
    pub payments: u32,
    /// Refunds looked at.
    pub refunds: u32,
    /// Failures (left for the next sweep).
    pub failures: u32,
}

/// Resolves what has waited longer than `wait` seconds.
pub async fn resolve_due(p: &impl Ports, wait: u64) -> ApiResult<Swept> {
    let now = p.now();
    let due = p.payments().due(now.saturating_sub(wait), now, 200).await?;
    let mut swept = Swept::default();
    let count = |result: ApiResult<()>, what: &str, id: &str, counter: &mut u32, failures: &mut u32| {
        *counter += 1;
        if let Err(e) = result {
            *failures += 1;
            crate::log::error(&format!("sweep: {what} {id}: {}", e.code.as_str()));
        }
    };
    for id in &due.processing {
        let result = sync(p, id).await;
        count(result, "payment", id, &mut swept.payments, &mut swept.failures);
    }
    for id in &due.pending {
        let result = async {
            let Some(payment) = p.payments().load(id).await? else { return Ok(()) };
            send_pending(p, &payment).await.map(|_| ())
        }
        .await;
        count(result, "payment", id, &mut swept.payments, &mut swept.failures);
    }
    for id in &due.expiring {
        let result = async {
            let Some(payment) = p.payments().load(id).await? else { return Ok(()) };
            let (payment, _) = apply(p, &payment, PaymentEvent::AuthorizationExpired).await?;
            send_pending(p, &payment).await.map(|_| ())
        }
        .await;
        count(result, "authorisation", id, &mut swept.payments, &mut swept.failures);
    }
    for id in &due.refunds {
        let result = async {
            let Some(refund) = p.payments().refund(id).await? else { return Ok(()) };
            let Some(payment) = p.payments().load(&refund.payment_id).await? else { return Ok(()) };
            send_refund(p, &payment, &refund).await.map(|_| ())
        }
        .await;
        count(result, "refund", id, &mut swept.refunds, &mut swept.failures);
    }
    Ok(swept)
}

/// Asks the processor what became of a payment in flight and records it.
async fn sync(p: &impl Ports, payment_id: &str) -> ApiResult<()> {
    let Some(payment) = p.payments().load(payment_id).await? else { return Ok(()) };
    let waited = p.now().saturating_sub(payment.updated_at);
    let answer = p.processor().sync_payment(target(&payment.merchant_id, payment.livemode), payment_id, waited).await;
    let outcome = match answer {
        Ok(Sync::Authorized { reference }) => Outcome::Approved { reference },
        Ok(Sync::Declined { code, reference }) => Outcome::Declined { code, reference },
        Ok(Sync::Unknown) => never_received(),
        // Nothing known yet: the next sweep asks again.
        Ok(Sync::Pending) | Err(_) => return Ok(()),
    };
    resolve(p, payment_id, outcome).await
}
