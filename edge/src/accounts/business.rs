//! The business behind a dashboard: made by a signed-in user (who becomes its owner and gets
//! test keys at once), its details, branding and allowed origins, and its verification, which
//! alone opens live mode. A change to who the business is (name, country, address) closes live
//! mode again until the new details are verified.

use serde_json::json;
use tessera_core::account::business::{self, BusinessDetails, BusinessInput};
use tessera_core::account::role::{Action, Role};
use tessera_core::account::verification::{self, Outcome, VerificationEvent, VerificationStatus};
use tessera_core::api::{ErrorCode, EventType};
use tessera_core::crypto::RustCrypto;
use tessera_core::dpop::htu;
use tessera_core::ids::{Id, Kind};
use tessera_core::mode::{KeyKind, Mode};

use super::members::acting;
use super::model::{Account, Branding, Member, MemberStatus, VerificationChange};
use super::ports::{AccountPorts, Accounts, DashboardSessions, Members, NewBusiness, Verifier};
use super::sessions::Signed;
use crate::checkout::ports::Notifier;
use crate::checkout::secret_hash;
use crate::error::{ApiError, ApiResult};

/// Businesses one user may belong to.
const MAX_BUSINESSES: usize = 10;

/// An origin is scheme://host[:port] and nothing more; frames are allowed per exact origin.
pub fn valid_origin(origin: &str) -> bool {
    let host = origin.split_once("://").map_or("", |(_, rest)| rest.split(':').next().unwrap_or_default());
    origin.len() <= MAX_URL_LEN && plain_host(host) && htu::normalize(origin).is_ok_and(|n| n == format!("{}/", origin.to_ascii_lowercase()))
}

/// Longest origin or URL a merchant may register.
pub const MAX_URL_LEN: usize = 2048;

/// A host name as DNS writes it (letters, digits, dots and hyphens; an international name in its
/// `xn--` form) or an IPv4 address: nothing a browser or a URL parser could read two ways.
pub fn plain_host(host: &str) -> bool {
    !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// What a new business's owner sees once: its keys.
#[derive(Debug)]
pub struct Created {
    /// The business.
    pub account: Account,
    /// `pk_test_…`
    pub publishable_key: String,
    /// `sk_test_…`, shown only now.
    pub secret_key: String,
}

/// Checks a time zone and a language: `exists` asks the runtime about the zone.
fn zone_and_locale(timezone: Option<&str>, locale: Option<&str>, exists: impl Fn(&str) -> bool) -> ApiResult<()> {
    if let Some(tz) = timezone
        && !(business::timezone_shape(tz) && exists(tz))
    {
        return Err(ErrorCode::InvalidTimezone.into());
    }
    if locale.is_some_and(|l| !business::is_locale(l)) {
        return Err(ErrorCode::InvalidLocale.into());
    }
    Ok(())
}

/// `POST /v1/account` by a user about to have a(nother) business.
pub async fn create(p: &impl AccountPorts, signed: Signed, input: BusinessInput, timezone: Option<String>, locale: Option<String>, exists: impl Fn(&str) -> bool) -> ApiResult<(Signed, Created)> {
    let details = input.apply(None)?;
    zone_and_locale(timezone.as_deref(), locale.as_deref(), exists)?;
    if p.members().of_user(&signed.user.id).await?.len() >= MAX_BUSINESSES {
        return Err(ErrorCode::MemberExists.into());
    }
    let merchant_id = Id::generate(&RustCrypto, Kind::Merchant)?.as_str().to_owned();
    let key = |mode: Mode, kind| Id::generate(&RustCrypto, mode.key(kind)).map(|k| k.as_str().to_owned());
    let (publishable_key, secret_key, live_publishable_key) = (key(Mode::Test, KeyKind::Publishable)?, key(Mode::Test, KeyKind::Secret)?, key(Mode::Live, KeyKind::Publishable)?);
    let now = p.now();
    let account = Account {
        merchant_id: merchant_id.clone(),
        display_name: details.legal_name.chars().take(100).collect(),
        business: Some(details),
        company_number: None,
        timezone: timezone.unwrap_or_else(|| "UTC".into()),
        locale: locale.unwrap_or_else(|| "en".into()),
        verification: VerificationStatus::Unverified,
        verification_reason: None,
        verification_reference: None,
        branding: Branding::default(),
        allowed_origins: Vec::new(),
        publishable_key: publishable_key.clone(),
        live_publishable_key: Some(live_publishable_key),
        version: 0,
    };
    let owner = Member {
        id: Id::generate(&RustCrypto, Kind::Member)?.as_str().to_owned(),
        merchant_id: merchant_id.clone(),
        email: signed.user.email.clone(),
        user_id: Some(signed.user.id.clone()),
        role: Role::Owner,
        status: MemberStatus::Active,
        created_at: now,
    };
    let hint = secret_key[secret_key.len() - 4..].to_owned();
    p.accounts().create(&NewBusiness { account: account.clone(), test_secret: (secret_hash(&secret_key), hint), owner: owner.clone(), at: now }).await?;
    p.dashboard_sessions().set_merchant(&signed.session.token_hash, &merchant_id).await?;
    let session = super::model::DashboardSession { merchant_id: Some(merchant_id), ..signed.session };
    let signed = Signed { session, member: Some(owner), ..signed };
    Ok((signed, Created { account, publishable_key, secret_key }))
}

/// The caller's business.
pub async fn of(p: &impl AccountPorts, merchant_id: &str) -> ApiResult<Account> {
    p.accounts().get(merchant_id).await?.ok_or_else(|| ApiError::not_found("account"))
}

/// Writes `next` over `before`, with its verification change (if the status moved) and event.
async fn save(p: &impl AccountPorts, before: &Account, mut next: Account, actor: &str, reason: Option<String>) -> ApiResult<Account> {
    next.version = before.version + 1;
    let change = (next.verification != before.verification).then(|| VerificationChange { from: before.verification, to: next.verification, reason, actor: actor.to_owned(), at: p.now() });
    let event = match &change {
        Some(_) => Some(p.notifier().plan(&next.merchant_id, false, EventType::AccountUpdated, &next.merchant_id, &next.to_json(&[])).await?),
        None => None,
    };
    if !p.accounts().save(&next, before.version, change.as_ref(), event.as_ref()).await? {
        return Err(ErrorCode::ConcurrentUpdate.into());
    }
    if let Some(event) = &event
        && let Err(e) = p.notifier().deliver(event).await
    {
        crate::log::error(&format!("deliveries of {} not started: {}", event.id, e.code.as_str()));
    }
    Ok(next)
}

/// Whether the details that say who the business is changed.
fn identity_changed(before: Option<&BusinessDetails>, after: &BusinessDetails) -> bool {
    before.is_none_or(|b| b.legal_name != after.legal_name || b.country != after.country || b.address != after.address)
}

/// `POST /v1/account` by an owner or admin: details, time zone, language.
pub async fn update(p: &impl AccountPorts, signed: &Signed, input: BusinessInput, timezone: Option<String>, locale: Option<String>, exists: impl Fn(&str) -> bool) -> ApiResult<Account> {
    let actor = acting(signed, Action::ManageBusiness)?;
    let before = of(p, &actor.merchant_id).await?;
    zone_and_locale(timezone.as_deref(), locale.as_deref(), exists)?;
    let mut next = before.clone();
    if !input.is_empty() {
        let details = input.apply(before.business.as_ref())?;
        if identity_changed(before.business.as_ref(), &details) {
            next.verification = verification::step(before.verification, VerificationEvent::DetailsChanged)?;
        }
        next.business = Some(details);
    }
    next.timezone = timezone.unwrap_or(next.timezone);
    next.locale = locale.unwrap_or(next.locale);
    save(p, &before, next, &signed.user.id, Some("business details changed".into())).await
}

/// What branding a request sets; `Some(None)` removes the logo.
#[derive(Debug, Default)]
pub struct BrandingInput {
    /// Shown to shoppers.
    pub display_name: Option<String>,
    /// `#rrggbb`.
    pub color_primary: Option<String>,
    /// `#rrggbb`.
    pub color_background: Option<String>,
    /// A data URL, or `None` to remove it.
    pub logo: Option<Option<String>>,
}

/// `POST /v1/account/branding`.
pub async fn brand(p: &impl AccountPorts, signed: &Signed, input: BrandingInput) -> ApiResult<Account> {
    let actor = acting(signed, Action::ManageBusiness)?;
    let before = of(p, &actor.merchant_id).await?;
    let mut next = before.clone();
    if let Some(name) = &input.display_name {
        next.display_name = business::display_name(name)?;
    }
    if let Some(c) = &input.color_primary {
        next.branding.color_primary = Some(business::colour(c)?);
    }
    if let Some(c) = &input.color_background {
        next.branding.color_background = Some(business::colour(c)?);
    }
    if let Some(logo) = input.logo {
        next.branding.logo = logo.as_deref().map(business::logo).transpose()?;
    }
    save(p, &before, next, &signed.user.id, None).await
}

/// `POST /v1/account/allowed_origins`.
pub async fn allow_origins(p: &impl AccountPorts, signed: &Signed, origins: Vec<String>) -> ApiResult<Account> {
    let actor = acting(signed, Action::ManageIntegration)?;
    if origins.len() > 20 || !origins.iter().all(|o| valid_origin(o)) {
        return Err(ErrorCode::InvalidOrigin.into());
    }
    let before = of(p, &actor.merchant_id).await?;
    let next = Account { allowed_origins: origins, ..before.clone() };
    save(p, &before, next, &signed.user.id, None).await
}

/// `POST /v1/account/verification`: submits the company number to the verifier.
pub async fn submit(p: &impl AccountPorts, signed: &Signed, company_number: &str) -> ApiResult<Account> {
    let actor = acting(signed, Action::ManageBusiness)?;
    let number = business::company_number(company_number)?;
    let before = of(p, &actor.merchant_id).await?;
    if before.business.is_none() {
        return Err(ErrorCode::VerificationNotAllowed.into());
    }
    let status = verification::step(before.verification, VerificationEvent::Submit)?;
    let pending = save(p, &before, Account { verification: status, company_number: Some(number.clone()), verification_reason: None, verification_reference: None, ..before.clone() }, &signed.user.id, None).await?;
    let (outcome, reference) = match p.verifier().submit(&pending, &number).await {
        Ok(answer) => answer,
        Err(error) => {
            // Nothing was asked: back to where it was, so the business can submit again.
            let back = Account { verification: before.verification, ..pending.clone() };
            save(p, &pending, back, "verifier", Some("the verifier could not be reached".into())).await?;
            return Err(error);
        }
    };
    decided(p, pending, outcome, reference, None).await
}

/// A verifier's answer about a verification in progress.
pub async fn decided(p: &impl AccountPorts, account: Account, outcome: Outcome, reference: Option<String>, reason: Option<String>) -> ApiResult<Account> {
    let status = verification::step(account.verification, VerificationEvent::Verifier(outcome))?;
    let next = Account { verification: status, verification_reference: reference.or(account.verification_reference.clone()), verification_reason: reason.clone(), ..account.clone() };
    if next == account {
        return Ok(account);
    }
    save(p, &account, next, "verifier", reason).await
}

/// A verifier's later answer, by its reference.
pub async fn notified(p: &impl AccountPorts, reference: &str, outcome: Outcome, reason: Option<String>) -> ApiResult<Account> {
    let account = p.accounts().by_verification(reference).await?.ok_or_else(|| ApiError::not_found("verification"))?;
    decided(p, account, outcome, None, reason).await
}

/// `POST /v1/operator/accounts/{id}/verification`: the operator decides a business in review.
pub async fn review(p: &impl AccountPorts, merchant_id: &str, verified: bool, reason: Option<String>) -> ApiResult<Account> {
    let before = of(p, merchant_id).await?;
    let status = verification::step(before.verification, VerificationEvent::Reviewed(verified))?;
    let next = Account { verification: status, verification_reason: reason.clone(), ..before.clone() };
    save(p, &before, next, "operator", reason).await
}

/// The account as the API shows it, with its history.
pub async fn view(p: &impl AccountPorts, account: &Account) -> ApiResult<serde_json::Value> {
    let history = p.accounts().history(&account.merchant_id).await?;
    Ok(account.to_json(&history))
}

/// The keys a new business's owner is shown once.
pub fn created_json(created: &Created, history: &[VerificationChange]) -> serde_json::Value {
    json!({ "account": created.account.to_json(history), "keys": { "publishable_key": created.publishable_key, "secret_key": created.secret_key } })
}
