//! The receipt after a payment: an email in the shopper's language naming the merchant, the
//! amount, the date and how to complain, with the link that reports the payment as not theirs.
//! Only sessions with an email get one; a receipt that cannot be sent never undoes a payment.

use tessera_core::api::Channel;
use tessera_core::receipt::Receipt;

use super::model::{Destination, Payment, Session};
use super::ports::{Merchants, Message, Messenger, Ports};
use crate::error::ApiResult;

/// Sends the receipt of `payment` in `language` (the browser's, a BCP 47 tag).
pub async fn send(p: &impl Ports, session: &Session, payment: &Payment, language: &str) -> ApiResult<()> {
    let Some(email) = &session.email else { return Ok(()) };
    let merchant = p.merchants().info(&session.merchant_id).await?;
    let token = crate::claims::link_key(p).map(|key| tessera_core::policy::claim::link_token(&key, &payment.id))?;
    let link = [p.public_origin(), "/claim/#t=", &token].concat();
    let date = tessera_core::date::local_time(payment.created_at, 0);
    let amount = payment.amount.to_string();
    let receipt = Receipt { merchant: &merchant.name, support_email: merchant.support_email.as_deref(), amount: &amount, date: &date, reference: &payment.id, claim_link: &link };
    let (subject, body) = receipt.render(language);
    let destination = Destination { channel: Channel::Email, to: email.as_str().to_owned(), masked: email.masked() };
    p.messenger().send(&Message { destination, subject, body }).await
}
