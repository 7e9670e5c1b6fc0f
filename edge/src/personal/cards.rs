//! Cards saved to a personal account. A card gets there only from a payment the shopper just made
//! as a guest: the card frame that paid asks for a single-use offer (its own device key, right
//! after paying), and the account page that the shopper signs in to redeems it. The number is
//! opened from the merchant's vault entry and sealed again under the saved card's own id; it is
//! never sent to a browser, and the merchant's entry stays the merchant's.

use serde_json::{json, Value};
use tessera_core::account::personal::{ActivityType, Capability, MAX_SAVED_CARDS};
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::payment::PaymentStatus;

use super::model::SavedCard;
use super::ports::{AccountCards, PersonalPorts};
use super::sessions::{log, Signed};
use crate::checkout::model::Stored;
use crate::checkout::ports::{Payments, Ports};
use crate::checkout::secret_hash;
use crate::error::{ApiError, ApiResult};

/// How long the frame's offer lasts: long enough to sign up, not to be kept.
const OFFER_SECONDS: u64 = 30 * 60;

/// `POST /v1/checkout_sessions/{id}/save_card`: the frame that paid gets an offer to save the card.
pub async fn offer(p: &(impl Ports + PersonalPorts), stored: &Stored, device: &str) -> ApiResult<Value> {
    let not_offered = || ApiError::from(ErrorCode::SaveNotOffered);
    let payment_id = stored.session.payment_id.as_deref().ok_or_else(not_offered)?;
    let payment = Payments::load(p.payments(), payment_id).await?.ok_or_else(not_offered)?;
    let now = Ports::now(p);
    let paid = matches!(payment.state.status, PaymentStatus::Succeeded | PaymentStatus::RequiresCapture);
    if !paid || payment.device.as_deref() != Some(device) || now > payment.created_at + OFFER_SECONDS {
        return Err(not_offered());
    }
    let token = Id::generate(&RustCrypto, Kind::CardOffer)?.as_str().to_owned();
    p.account_cards().offer(&secret_hash(&token), &payment.card.token, now + OFFER_SECONDS).await?;
    Ok(json!({ "object": "card_save_offer", "offer": token, "expires_at": now + OFFER_SECONDS, "card": { "brand": payment.card.brand, "last4": payment.card.last4 } }))
}

/// `POST /v1/me/cards`: redeems an offer into the signed-in account.
pub async fn save(p: &(impl Ports + PersonalPorts), signed: &Signed, offer: &str) -> ApiResult<SavedCard> {
    let account = &signed.account;
    if !account.proofs().may(Capability::SaveCards) {
        return Err(ErrorCode::CapabilityLocked.into());
    }
    let existing = p.account_cards().of(&account.id).await?;
    let now = Ports::now(p);
    let (card, sealed) = p.account_cards().take_offer(&secret_hash(offer), now).await?.ok_or_else(|| ApiError::from(ErrorCode::LinkInvalid))?;
    if let Some(same) = existing.iter().find(|c| c.fingerprint == card.fingerprint) {
        return Ok(same.clone());
    }
    if existing.len() >= MAX_SAVED_CARDS {
        return Err(ErrorCode::TooManyCards.into());
    }
    let keys = &p.settings().data_keys;
    let pan = keys.open_pan(&RustCrypto, &card.token, &sealed).await?;
    let id = Id::generate(&RustCrypto, Kind::SavedCard)?.as_str().to_owned();
    let resealed = keys.seal_pan(&RustCrypto, &id, &pan).await?;
    let saved = SavedCard {
        id,
        account_id: account.id.clone(),
        fingerprint: card.fingerprint,
        brand: card.brand,
        last4: card.last4,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        created_at: now,
    };
    if !p.account_cards().insert(&saved, &resealed).await? {
        // Saved by a concurrent request meanwhile: that one stands.
        return p.account_cards().of(&account.id).await?.into_iter().find(|c| c.fingerprint == saved.fingerprint).ok_or_else(|| ApiError::internal("cards", "a saved card vanished"));
    }
    log(p, &account.id, ActivityType::CardSaved, json!({ "brand": saved.brand, "last4": saved.last4 })).await?;
    Ok(saved)
}

/// The account's saved cards.
pub async fn list(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<Value> {
    let data: Vec<Value> = p.account_cards().of(&signed.account.id).await?.iter().map(SavedCard::to_json).collect();
    Ok(json!({ "object": "list", "data": data, "has_more": false }))
}

/// Removes a saved card: its sealed number goes with it.
pub async fn remove(p: &impl PersonalPorts, signed: &Signed, id: &str) -> ApiResult<()> {
    if !p.account_cards().delete(&signed.account.id, id).await? {
        return Err(ErrorCode::CardMissing.into());
    }
    log(p, &signed.account.id, ActivityType::CardRemoved, json!({ "id": id })).await
}
