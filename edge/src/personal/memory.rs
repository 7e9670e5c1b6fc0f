//! In-memory ports for personal accounts, over the checkout's in-memory counters and outbox: the
//! same contracts as D1 (unique addresses, single-use codes, challenges and links).

use std::cell::RefCell;
use std::collections::HashMap;

use tessera_core::account::identity::{sandbox, IdentityClaim};
use tessera_core::account::verification::Outcome;
use tessera_core::checkout::Limits;

use super::model::*;
use super::ports::*;
use crate::checkout::memory::Memory;
use crate::checkout::ports::{Counters, Messenger};
use crate::error::ApiResult;

#[derive(Default)]
pub struct Rows {
    pub accounts: Vec<ShopperAccount>,
    pub codes: HashMap<String, AccountCode>,
    pub sessions: HashMap<String, AccountSession>,
    pub activity: Vec<Activity>,
    pub links: HashMap<String, (String, u64, bool)>,
    pub passkeys: Vec<AccountPasskey>,
    pub challenges: Vec<(String, String, Option<String>, u64)>,
    pub devices: Vec<(String, AccountDevice)>,
    pub cards: Vec<SavedCard>,
}

pub struct PersonalMemory {
    pub base: Memory,
    pub rows: RefCell<Rows>,
    settings: PersonalSettings,
}

impl PersonalMemory {
    pub fn new() -> Self {
        let settings = PersonalSettings { code_key: vec![5; 32], csrf_key: vec![6; 32], limits: Limits::default(), rp_id: "localhost".into(), origin: "http://localhost:8787".into(), language: "en" };
        Self { base: Memory::new(Limits::default()), rows: RefCell::new(Rows::default()), settings }
    }

    /// The same world, answering a browser that asks for `language`.
    pub fn speaking(mut self, language: &'static str) -> Self {
        self.settings.language = language;
        self
    }

    pub fn advance(&self, seconds: u64) {
        self.base.advance(seconds);
    }

    pub fn last_code(&self, to: &str) -> Option<String> {
        self.base.last_code(to)
    }

    pub fn messages_to(&self, to: &str) -> usize {
        self.base.messages_to(to)
    }

    pub fn last_message(&self, to: &str) -> String {
        self.base.world.borrow().outbox.iter().rev().find(|m| m.destination.to == to).map(|m| m.body.clone()).unwrap_or_default()
    }
}

impl PersonalPorts for PersonalMemory {
    fn shopper_accounts(&self) -> &impl ShopperAccounts {
        self
    }
    fn account_codes(&self) -> &impl AccountCodes {
        self
    }
    fn account_sessions(&self) -> &impl AccountSessions {
        self
    }
    fn activity(&self) -> &impl ActivityLog {
        self
    }
    fn lock_links(&self) -> &impl LockLinks {
        self
    }
    fn shopper_passkeys(&self) -> &impl ShopperPasskeys {
        self
    }
    fn account_devices(&self) -> &impl AccountDevices {
        self
    }
    fn identity_verifier(&self) -> &impl IdentityVerifier {
        self
    }
    fn account_cards(&self) -> &impl AccountCards {
        self
    }
    fn frame_grants(&self) -> &impl FrameGrants {
        self
    }
    fn counters(&self) -> &impl Counters {
        &self.base
    }
    fn messenger(&self) -> &impl Messenger {
        &self.base
    }
    fn now(&self) -> u64 {
        self.base.clock.get()
    }
    fn personal_settings(&self) -> &PersonalSettings {
        &self.settings
    }
}

impl ShopperAccounts for PersonalMemory {
    async fn by_email(&self, email: &str) -> ApiResult<Option<ShopperAccount>> {
        Ok(self.rows.borrow().accounts.iter().find(|a| a.email == email).cloned())
    }
    async fn get(&self, id: &str) -> ApiResult<Option<ShopperAccount>> {
        Ok(self.rows.borrow().accounts.iter().find(|a| a.id == id).cloned())
    }
    async fn by_identity_reference(&self, reference: &str) -> ApiResult<Option<ShopperAccount>> {
        Ok(self.rows.borrow().accounts.iter().find(|a| a.identity_reference.as_deref() == Some(reference)).cloned())
    }
    async fn insert(&self, account: &ShopperAccount) -> ApiResult<ShopperAccount> {
        let mut rows = self.rows.borrow_mut();
        if let Some(existing) = rows.accounts.iter().find(|a| a.email == account.email) {
            return Ok(existing.clone());
        }
        rows.accounts.push(account.clone());
        Ok(account.clone())
    }
    async fn save(&self, account: &ShopperAccount, _at: u64) -> ApiResult<()> {
        let mut rows = self.rows.borrow_mut();
        if let Some(a) = rows.accounts.iter_mut().find(|a| a.id == account.id) {
            *a = account.clone();
        }
        Ok(())
    }
    async fn delete(&self, account: &ShopperAccount) -> ApiResult<()> {
        let mut rows = self.rows.borrow_mut();
        let key = account.shopper_key();
        rows.accounts.retain(|a| a.id != account.id);
        rows.codes.retain(|_, c| c.account_id.as_deref() != Some(&account.id) && c.destination != account.email);
        rows.sessions.retain(|_, s| s.account_id != account.id);
        rows.activity.retain(|a| a.account_id != account.id);
        rows.links.retain(|_, (id, _, _)| id != &account.id);
        rows.passkeys.retain(|k| k.account_id != account.id);
        rows.devices.retain(|(k, _)| k != &key);
        rows.cards.retain(|c| c.account_id != account.id);
        Ok(())
    }
}

impl AccountCodes for PersonalMemory {
    async fn insert(&self, code: &AccountCode) -> ApiResult<()> {
        self.rows.borrow_mut().codes.insert(code.id.clone(), code.clone());
        Ok(())
    }
    async fn get(&self, id: &str) -> ApiResult<Option<AccountCode>> {
        Ok(self.rows.borrow().codes.get(id).cloned())
    }
    async fn resend(&self, id: &str, sends: u32, code_hash: &str, at: u64, expires_at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.codes.get_mut(id) {
            Some(c) if c.sends == sends && c.consumed_at.is_none() => {
                *c = AccountCode { code_hash: code_hash.to_owned(), sends: sends + 1, last_sent_at: at, expires_at, ..c.clone() };
                Ok(true)
            }
            _ => Ok(false),
        }
    }
    async fn attempt(&self, id: &str) -> ApiResult<u32> {
        let mut rows = self.rows.borrow_mut();
        Ok(rows.codes.get_mut(id).map_or(u32::MAX, |c| {
            c.attempts += 1;
            c.attempts - 1
        }))
    }
    async fn consume(&self, id: &str, at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.codes.get_mut(id) {
            Some(c) if c.consumed_at.is_none() => {
                c.consumed_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

impl AccountSessions for PersonalMemory {
    async fn insert(&self, session: &AccountSession) -> ApiResult<()> {
        self.rows.borrow_mut().sessions.insert(session.token_hash.clone(), session.clone());
        Ok(())
    }
    async fn get(&self, token_hash: &str) -> ApiResult<Option<AccountSession>> {
        Ok(self.rows.borrow().sessions.get(token_hash).cloned())
    }
    async fn touch(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        if let Some(s) = self.rows.borrow_mut().sessions.get_mut(token_hash) {
            s.last_seen_at = at;
        }
        Ok(())
    }
    async fn current_phone_proved(&self, token_hash: &str) -> ApiResult<()> {
        if let Some(s) = self.rows.borrow_mut().sessions.get_mut(token_hash) {
            s.current_phone_proved = true;
        }
        Ok(())
    }
    async fn end(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        if let Some(s) = self.rows.borrow_mut().sessions.get_mut(token_hash) {
            s.ended_at.get_or_insert(at);
        }
        Ok(())
    }
    async fn end_all(&self, account_id: &str, at: u64) -> ApiResult<()> {
        for s in self.rows.borrow_mut().sessions.values_mut().filter(|s| s.account_id == account_id) {
            s.ended_at.get_or_insert(at);
        }
        Ok(())
    }
    async fn end_device(&self, account_id: &str, device: &str, at: u64) -> ApiResult<()> {
        for s in self.rows.borrow_mut().sessions.values_mut().filter(|s| s.account_id == account_id && s.device == device) {
            s.ended_at.get_or_insert(at);
        }
        Ok(())
    }
}

impl ActivityLog for PersonalMemory {
    async fn record(&self, entry: &Activity) -> ApiResult<()> {
        self.rows.borrow_mut().activity.push(entry.clone());
        Ok(())
    }
    async fn of(&self, account_id: &str, limit: u32) -> ApiResult<Vec<Activity>> {
        Ok(self.rows.borrow().activity.iter().rev().filter(|a| a.account_id == account_id).take(limit as usize).cloned().collect())
    }
}

impl LockLinks for PersonalMemory {
    async fn insert(&self, token_hash: &str, account_id: &str, expires_at: u64) -> ApiResult<()> {
        self.rows.borrow_mut().links.insert(token_hash.to_owned(), (account_id.to_owned(), expires_at, false));
        Ok(())
    }
    async fn consume(&self, token_hash: &str, at: u64) -> ApiResult<Option<String>> {
        let mut rows = self.rows.borrow_mut();
        match rows.links.get_mut(token_hash) {
            Some((id, expires, used)) if !*used && at < *expires => {
                *used = true;
                Ok(Some(id.clone()))
            }
            _ => Ok(None),
        }
    }
}

impl ShopperPasskeys for PersonalMemory {
    async fn challenge(&self, challenge: &str, purpose: &str, account_id: Option<&str>, expires_at: u64) -> ApiResult<()> {
        self.rows.borrow_mut().challenges.push((challenge.to_owned(), purpose.to_owned(), account_id.map(str::to_owned), expires_at));
        Ok(())
    }
    async fn consume(&self, challenge: &str, purpose: &str, account_id: Option<&str>, now: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        let found = rows.challenges.iter().position(|(c, p, a, e)| c == challenge && p == purpose && a.as_deref() == account_id && now < *e);
        Ok(found.map(|i| rows.challenges.remove(i)).is_some())
    }
    async fn get(&self, credential_id: &str) -> ApiResult<Option<AccountPasskey>> {
        Ok(self.rows.borrow().passkeys.iter().find(|k| k.credential_id == credential_id).cloned())
    }
    async fn of(&self, account_id: &str) -> ApiResult<Vec<AccountPasskey>> {
        Ok(self.rows.borrow().passkeys.iter().filter(|k| k.account_id == account_id).cloned().collect())
    }
    async fn insert(&self, passkey: &AccountPasskey) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        if rows.passkeys.iter().any(|k| k.credential_id == passkey.credential_id) {
            return Ok(false);
        }
        rows.passkeys.push(passkey.clone());
        Ok(true)
    }
    async fn used(&self, credential_id: &str, from: u32, to: u32, at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.passkeys.iter_mut().find(|k| k.credential_id == credential_id && k.sign_count == from) {
            Some(k) => {
                k.sign_count = to;
                k.last_used_at = Some(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }
    async fn delete(&self, account_id: &str, credential_id: &str) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        let before = rows.passkeys.len();
        rows.passkeys.retain(|k| !(k.account_id == account_id && k.credential_id == credential_id));
        Ok(rows.passkeys.len() < before)
    }
}

impl AccountDevices for PersonalMemory {
    async fn list(&self, shopper_key: &str) -> ApiResult<Vec<AccountDevice>> {
        Ok(self.rows.borrow().devices.iter().filter(|(k, _)| k == shopper_key).map(|(_, d)| d.clone()).collect())
    }
    async fn seen(&self, shopper_key: &str, device: &str, country: &str, browser: &str, at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        if let Some((_, d)) = rows.devices.iter_mut().find(|(k, d)| k == shopper_key && d.id == device) {
            d.last_seen = at;
            if !d.countries.iter().any(|c| c == country) {
                d.countries.push(country.to_owned());
            }
            return Ok(false);
        }
        let d = AccountDevice { id: device.to_owned(), revoked: false, first_seen: at, last_seen: at, countries: vec![country.to_owned()], browser: Some(browser.to_owned()) };
        rows.devices.push((shopper_key.to_owned(), d));
        Ok(true)
    }
    async fn revoke(&self, shopper_key: &str, device: &str) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.devices.iter_mut().find(|(k, d)| k == shopper_key && d.id == device) {
            Some((_, d)) => {
                d.revoked = true;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

impl IdentityVerifier for PersonalMemory {
    async fn submit(&self, account: &ShopperAccount, claim: &IdentityClaim) -> ApiResult<(Outcome, Option<String>)> {
        Ok((sandbox::outcome(&claim.document_number), Some(format!("idv_memory_{}", account.id))))
    }
}

/// Offers need the checkout's vault, which these tests do not have: saving is tested over HTTP.
impl AccountCards for PersonalMemory {
    async fn offer(&self, _token_hash: &str, _vault_token: &str, _expires_at: u64) -> ApiResult<()> {
        Ok(())
    }
    async fn take_offer(&self, _token_hash: &str, _at: u64) -> ApiResult<Option<(crate::checkout::model::CardSummary, tessera_core::vault::Sealed)>> {
        Ok(None)
    }
    async fn insert(&self, card: &SavedCard, _pan: &tessera_core::vault::Sealed) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        if rows.cards.iter().any(|c| c.account_id == card.account_id && c.fingerprint == card.fingerprint) {
            return Ok(false);
        }
        rows.cards.push(card.clone());
        Ok(true)
    }
    async fn of(&self, account_id: &str) -> ApiResult<Vec<SavedCard>> {
        Ok(self.rows.borrow().cards.iter().filter(|c| c.account_id == account_id).cloned().collect())
    }
    async fn delete(&self, account_id: &str, id: &str) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        let before = rows.cards.len();
        rows.cards.retain(|c| !(c.account_id == account_id && c.id == id));
        Ok(rows.cards.len() < before)
    }
}

/// Paying in a frame needs the checkout's sessions and vault: it is tested over HTTP.
impl FrameGrants for PersonalMemory {
    async fn challenge(&self, _c: &str, _s: &str, _d: &str, _b: &str, _e: u64) -> ApiResult<()> {
        Ok(())
    }
    async fn consume_challenge(&self, _c: &str, _s: &str, _d: &str, _b: &str, _n: u64) -> ApiResult<bool> {
        Ok(false)
    }
    async fn grant(&self, _s: &str, _d: &str, _a: &str, _b: &str, _e: u64) -> ApiResult<()> {
        Ok(())
    }
    async fn granted(&self, _s: &str, _d: &str, _b: &str, _n: u64) -> ApiResult<Option<String>> {
        Ok(None)
    }
    async fn card(&self, _a: &str, _c: &str) -> ApiResult<Option<(SavedCard, tessera_core::vault::Sealed)>> {
        Ok(None)
    }
}
