//! A personal account inside any merchant's card frame: the shopper signs in with the account's
//! passkey and pays with a saved card, typing nothing. The passkey answers a challenge bound to
//! this session, this frame's device key, the amount and the payee (PSD2 dynamic linking), so the
//! assertion is the payment's strong authentication; the device key then signs the payment. The
//! merchant gets the payment as from any card frame, and nothing of the account.

use serde_json::{json, Value};
use tessera_core::account::personal::{saved_card_limit, ActivityType, Capability};
use tessera_core::api::ErrorCode;
use tessera_core::card::{Card, YearMonth};
use tessera_core::crypto::RustCrypto;
use tessera_core::shopper::Email;
use tessera_core::{webauthn, Error as CoreError};

use super::model::ShopperAccount;
use super::ports::{AccountCards, AccountDevices, FrameGrants, PersonalPorts, ShopperAccounts, ShopperPasskeys};
use super::sessions::{log, notify};
use crate::checkout::model::{Origin, PayRequest, Stored};
use tessera_core::fingerprint::Fingerprint;
use tessera_core::threeds::BrowserInfo;
use crate::checkout::ports::Ports;
use crate::checkout::{self, Reply};
use crate::error::{ApiError, ApiResult};
use crate::passkey::{webauthn_error, Assertion};

/// Seconds a ceremony may take, and a sign-in in a frame lasts.
const CEREMONY_SECONDS: u64 = 300;

/// What a frame's account challenge is bound to: the session's own binding (session, payee,
/// amount), marked so no other ceremony's challenge can stand in for it.
fn binding(stored: &Stored) -> String {
    format!("account:{}", stored.session.binding())
}

/// `POST /v1/checkout_sessions/{id}/account/options`: any passkey of the site may answer.
pub async fn options(p: &(impl Ports + PersonalPorts), stored: &Stored, device: &str) -> ApiResult<Value> {
    let challenge = webauthn::challenge(&RustCrypto)?;
    let now = Ports::now(p);
    p.frame_grants().challenge(&challenge, &stored.session.id, device, &binding(stored), now + CEREMONY_SECONDS).await?;
    let s = p.personal_settings();
    Ok(json!({ "publicKey": { "challenge": challenge, "rpId": s.rp_id, "userVerification": "required", "timeout": CEREMONY_SECONDS * 1000 } }))
}

/// Whether `account` may pay this session from `device`: not locked, device not revoked, cards
/// unlocked. A device new to the account is recorded and announced.
async fn admit(p: &(impl Ports + PersonalPorts), account: &ShopperAccount, device: &str, country: &str) -> ApiResult<()> {
    if account.locked_at.is_some() {
        return Err(ErrorCode::AccountLocked.into());
    }
    let key = account.shopper_key();
    if p.account_devices().list(&key).await?.iter().any(|d| d.id == device && d.revoked) {
        return Err(ErrorCode::DeviceRevoked.into());
    }
    if !account.proofs().may(Capability::SaveCards) {
        return Err(ErrorCode::CapabilityLocked.into());
    }
    if p.account_devices().seen(&key, device, country, "Card frame", Ports::now(p)).await? {
        log(p, &account.id, ActivityType::NewDevice, json!({ "device": device, "country": country, "browser": "Card frame" })).await?;
        notify(p, account, None, "Your Tessera account was used on a new device", &format!("Your Tessera account signed in to pay on a new device in {country}.")).await?;
    }
    Ok(())
}

/// `POST /v1/checkout_sessions/{id}/account/sign_in`: the assertion signs the account in for this
/// payment; the answer is what the frame shows: the saved cards and whether the amount fits.
pub async fn sign_in(p: &(impl Ports + PersonalPorts), stored: &Stored, device: &str, country: &str, assertion: &Value) -> ApiResult<Value> {
    let assertion = Assertion::parse(assertion)?;
    let now = Ports::now(p);
    let bound = binding(stored);
    // Single use, and bound to the amount: a changed session makes the challenge worthless.
    if !p.frame_grants().consume_challenge(&assertion.challenge, &stored.session.id, device, &bound, now).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let passkey = p.shopper_passkeys().get(assertion.id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
    let s = p.personal_settings();
    let count = assertion.verify(&passkey.public_jwk, passkey.sign_count, &s.rp_id, &s.origin).await?;
    if !p.shopper_passkeys().used(&passkey.credential_id, passkey.sign_count, count, now).await? {
        return Err(webauthn_error(CoreError::WebauthnSignCount));
    }
    let account = p.shopper_accounts().get(&passkey.account_id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
    admit(p, &account, device, country).await?;
    p.frame_grants().grant(&stored.session.id, device, &account.id, &bound, now + CEREMONY_SECONDS).await?;
    let amount = stored.session.amount;
    let limit = saved_card_limit(&account.proofs(), amount.currency()).unwrap_or(0);
    let cards: Vec<Value> = p.account_cards().of(&account.id).await?.iter().map(|c| c.to_json()).collect();
    let masked = account.email.parse::<Email>().map(|e| e.masked()).unwrap_or_default();
    Ok(json!({
        "object": "account_sign_in",
        "account": { "email_masked": masked },
        "cards": cards,
        "limit": limit,
        "within_limit": amount.minor() <= limit,
        "expires_at": now + CEREMONY_SECONDS,
    }))
}

/// What the frame sends to pay with a saved card: everything of a confirm but the card.
pub struct FramePayment {
    /// The frame's device key (thumbprint), from its proof.
    pub device: String,
    /// EMV 3DS browser fields.
    pub browser: BrowserInfo,
    /// The device's fingerprint.
    pub fingerprint: Option<Fingerprint>,
    /// Where the request came from.
    pub origin: Origin,
}

/// `POST /v1/checkout_sessions/{id}/account/pay`: one of the signed-in account's saved cards pays.
pub async fn pay(p: &(impl Ports + PersonalPorts), stored: &Stored, base: FramePayment, card_id: &str) -> ApiResult<Reply> {
    let now = Ports::now(p);
    let account_id = p.frame_grants().granted(&stored.session.id, &base.device, &binding(stored), now).await?.ok_or_else(|| ApiError::from(ErrorCode::NotSignedInAccount))?;
    let account = p.shopper_accounts().get(&account_id).await?.ok_or_else(|| ApiError::from(ErrorCode::NotSignedInAccount))?;
    admit(p, &account, &base.device, &base.origin.country).await?;
    let amount = stored.session.amount;
    if saved_card_limit(&account.proofs(), amount.currency()).is_none_or(|limit| amount.minor() > limit) {
        return Err(ErrorCode::AmountOverAccountLimit.into());
    }
    let (saved, sealed) = p.frame_grants().card(&account.id, card_id).await?.ok_or_else(|| ApiError::from(ErrorCode::CardMissing))?;
    let number = p.settings().data_keys.open_pan(&RustCrypto, &saved.id, &sealed).await?;
    let card = Card::on_file(number, saved.exp_month, saved.exp_year, YearMonth::from_unix(now))?;
    let request = PayRequest { session_id: stored.session.id.clone(), parties: stored.session.parties(), device: base.device, card, browser: base.browser, fingerprint: base.fingerprint, origin: base.origin };
    let reply = checkout::account_pay(p, &request).await?;
    if let Reply::Paid(payment) = &reply {
        let merchant = crate::checkout::ports::Merchants::info(p.merchants(), &stored.session.merchant_id).await?.name;
        log(p, &account.id, ActivityType::Payment, json!({ "merchant": merchant, "amount": amount.minor(), "currency": amount.currency().code(), "card": saved.last4, "payment": payment.id })).await?;
    }
    Ok(reply)
}
