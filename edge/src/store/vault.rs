//! The vault: card numbers sealed at rest, with only brand, last four and expiry in the clear.
//! A card is written in the same batch as the payment that uses it.

use tessera_core::vault::Sealed;

use super::{int, text, Statement};
use crate::checkout::model::Payment;

/// The vault row for a payment's card.
pub fn insert_statement(payment: &Payment, pan: &Sealed) -> Statement {
    let c = &payment.card;
    (
        "INSERT INTO vault_cards (token, merchant_id, fingerprint, brand, last4, exp_month, exp_year, pan_key_id, \
         pan_iv, pan_ciphertext, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            .into(),
        vec![
            text(&c.token), text(&payment.merchant_id), text(&c.fingerprint), text(&c.brand), text(&c.last4),
            int(c.exp_month.into()), int(c.exp_year.into()), text(&pan.key_id), text(&pan.iv), text(&pan.ciphertext), int(payment.created_at),
        ],
    )
}
