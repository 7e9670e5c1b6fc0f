//! In-memory ports for business accounts, over the checkout's in-memory counters, outbox and
//! events: the same contracts as D1 (unique addresses, single-use codes and challenges, writes
//! that fail on a stale version).

use std::cell::RefCell;
use std::collections::HashMap;

use tessera_core::account::role::Role;
use tessera_core::account::verification::{sandbox, Outcome};
use tessera_core::checkout::Limits;

use super::model::*;
use super::ports::*;
use crate::checkout::memory::Memory;
use crate::checkout::ports::{Counters, Messenger, NewEvent, Notifier};
use crate::error::{ApiError, ApiResult};

#[derive(Default)]
pub struct Rows {
    pub users: Vec<User>,
    pub codes: HashMap<String, EmailCode>,
    pub sessions: HashMap<String, DashboardSession>,
    pub members: Vec<(Member, Option<String>)>,
    pub accounts: HashMap<String, Account>,
    pub history: Vec<(String, VerificationChange)>,
    pub events: Vec<NewEvent>,
    pub passkeys: Vec<UserPasskey>,
    pub challenges: Vec<(String, String, Option<String>, u64)>,
    /// The verifier's next answer, instead of the sandbox's numbers.
    pub verifier: Option<Result<(Outcome, Option<String>), ApiError>>,
}

pub struct AccountsMemory {
    pub base: Memory,
    pub rows: RefCell<Rows>,
    settings: AccountSettings,
}

impl AccountsMemory {
    pub fn new() -> Self {
        let settings = AccountSettings { code_key: vec![3; 32], csrf_key: vec![4; 32], idle_seconds: 1800, rp_id: "localhost".into(), origin: "http://localhost:8787".into() };
        Self { base: Memory::new(Limits::default()), rows: RefCell::new(Rows::default()), settings }
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

    /// The newest message's text to `to`.
    pub fn last_message(&self, to: &str) -> String {
        self.base.world.borrow().outbox.iter().rev().find(|m| m.destination.to == to).map(|m| m.body.clone()).unwrap_or_default()
    }
}

impl AccountPorts for AccountsMemory {
    fn users(&self) -> &impl Users {
        self
    }
    fn codes(&self) -> &impl EmailCodes {
        self
    }
    fn dashboard_sessions(&self) -> &impl DashboardSessions {
        self
    }
    fn members(&self) -> &impl Members {
        self
    }
    fn accounts(&self) -> &impl Accounts {
        self
    }
    fn user_passkeys(&self) -> &impl UserPasskeys {
        self
    }
    fn verifier(&self) -> &impl Verifier {
        self
    }
    fn counters(&self) -> &impl Counters {
        &self.base
    }
    fn messenger(&self) -> &impl Messenger {
        &self.base
    }
    fn notifier(&self) -> &impl Notifier {
        &self.base
    }
    fn now(&self) -> u64 {
        self.base.clock.get()
    }
    fn account_settings(&self) -> &AccountSettings {
        &self.settings
    }
}

impl Users for AccountsMemory {
    async fn by_email(&self, email: &str) -> ApiResult<Option<User>> {
        Ok(self.rows.borrow().users.iter().find(|u| u.email == email).cloned())
    }
    async fn get(&self, id: &str) -> ApiResult<Option<User>> {
        Ok(self.rows.borrow().users.iter().find(|u| u.id == id).cloned())
    }
    async fn insert(&self, user: &User) -> ApiResult<User> {
        let mut rows = self.rows.borrow_mut();
        if let Some(existing) = rows.users.iter().find(|u| u.email == user.email) {
            return Ok(existing.clone());
        }
        rows.users.push(user.clone());
        Ok(user.clone())
    }
}

impl EmailCodes for AccountsMemory {
    async fn insert(&self, code: &EmailCode) -> ApiResult<()> {
        self.rows.borrow_mut().codes.insert(code.id.clone(), code.clone());
        Ok(())
    }
    async fn get(&self, id: &str) -> ApiResult<Option<EmailCode>> {
        Ok(self.rows.borrow().codes.get(id).cloned())
    }
    async fn resend(&self, id: &str, sends: u32, code_hash: &str, at: u64, expires_at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.codes.get_mut(id) {
            Some(c) if c.sends == sends && c.consumed_at.is_none() => {
                *c = EmailCode { code_hash: code_hash.to_owned(), sends: sends + 1, last_sent_at: at, expires_at, ..c.clone() };
                Ok(true)
            }
            _ => Ok(false),
        }
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

impl DashboardSessions for AccountsMemory {
    async fn insert(&self, session: &DashboardSession) -> ApiResult<()> {
        self.rows.borrow_mut().sessions.insert(session.token_hash.clone(), session.clone());
        Ok(())
    }
    async fn get(&self, token_hash: &str) -> ApiResult<Option<DashboardSession>> {
        Ok(self.rows.borrow().sessions.get(token_hash).cloned())
    }
    async fn touch(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        if let Some(s) = self.rows.borrow_mut().sessions.get_mut(token_hash) {
            s.last_seen_at = at;
        }
        Ok(())
    }
    async fn set_merchant(&self, token_hash: &str, merchant_id: &str) -> ApiResult<()> {
        if let Some(s) = self.rows.borrow_mut().sessions.get_mut(token_hash) {
            s.merchant_id = Some(merchant_id.to_owned());
        }
        Ok(())
    }
    async fn end(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        if let Some(s) = self.rows.borrow_mut().sessions.get_mut(token_hash) {
            s.ended_at.get_or_insert(at);
        }
        Ok(())
    }
    async fn end_for(&self, user_id: &str, merchant_id: &str, at: u64) -> ApiResult<()> {
        for s in self.rows.borrow_mut().sessions.values_mut() {
            if s.user_id == user_id && s.merchant_id.as_deref() == Some(merchant_id) {
                s.ended_at.get_or_insert(at);
            }
        }
        Ok(())
    }
}

impl Members for AccountsMemory {
    async fn of_user(&self, user_id: &str) -> ApiResult<Vec<Member>> {
        Ok(self.rows.borrow().members.iter().map(|(m, _)| m).filter(|m| m.user_id.as_deref() == Some(user_id) && m.status == MemberStatus::Active).cloned().collect())
    }
    async fn of_merchant(&self, merchant_id: &str) -> ApiResult<Vec<Member>> {
        Ok(self.rows.borrow().members.iter().map(|(m, _)| m).filter(|m| m.merchant_id == merchant_id && m.status != MemberStatus::Removed).cloned().collect())
    }
    async fn get(&self, id: &str) -> ApiResult<Option<Member>> {
        Ok(self.rows.borrow().members.iter().map(|(m, _)| m).find(|m| m.id == id).cloned())
    }
    async fn by_invite(&self, invite_hash: &str) -> ApiResult<Option<Member>> {
        Ok(self.rows.borrow().members.iter().find(|(_, h)| h.as_deref() == Some(invite_hash)).map(|(m, _)| m.clone()))
    }
    async fn invite(&self, member: &Member, invite_hash: &str) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        if rows.members.iter().any(|(m, _)| m.merchant_id == member.merchant_id && m.email == member.email && m.status != MemberStatus::Removed) {
            return Ok(false);
        }
        rows.members.push((member.clone(), Some(invite_hash.to_owned())));
        Ok(true)
    }
    async fn join(&self, id: &str, user_id: &str, _at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.members.iter_mut().find(|(m, _)| m.id == id && m.status == MemberStatus::Invited) {
            Some((m, hash)) => {
                m.status = MemberStatus::Active;
                m.user_id = Some(user_id.to_owned());
                *hash = None;
                Ok(true)
            }
            None => Ok(false),
        }
    }
    async fn set_role(&self, id: &str, role: Role, _at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.members.iter_mut().find(|(m, _)| m.id == id && m.status != MemberStatus::Removed) {
            Some((m, _)) => {
                m.role = role;
                Ok(true)
            }
            None => Ok(false),
        }
    }
    async fn claim_operator_invites(&self, email: &str, user_id: &str, _at: u64) -> ApiResult<()> {
        for (m, hash) in self.rows.borrow_mut().members.iter_mut() {
            if m.email == email && m.status == MemberStatus::Invited && hash.is_none() {
                m.status = MemberStatus::Active;
                m.user_id = Some(user_id.to_owned());
            }
        }
        Ok(())
    }

    async fn remove(&self, id: &str, _at: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        match rows.members.iter_mut().find(|(m, _)| m.id == id && m.status != MemberStatus::Removed) {
            Some((m, hash)) => {
                m.status = MemberStatus::Removed;
                *hash = None;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

impl Accounts for AccountsMemory {
    async fn get(&self, merchant_id: &str) -> ApiResult<Option<Account>> {
        Ok(self.rows.borrow().accounts.get(merchant_id).cloned())
    }
    async fn by_verification(&self, reference: &str) -> ApiResult<Option<Account>> {
        Ok(self.rows.borrow().accounts.values().find(|a| a.verification_reference.as_deref() == Some(reference)).cloned())
    }
    async fn create(&self, new: &NewBusiness) -> ApiResult<()> {
        let mut rows = self.rows.borrow_mut();
        rows.accounts.insert(new.account.merchant_id.clone(), new.account.clone());
        rows.members.push((new.owner.clone(), None));
        Ok(())
    }
    async fn save(&self, account: &Account, version: u64, change: Option<&VerificationChange>, event: Option<&NewEvent>) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        if rows.accounts.get(&account.merchant_id).map(|a| a.version) != Some(version) {
            return Ok(false);
        }
        rows.accounts.insert(account.merchant_id.clone(), account.clone());
        if let Some(change) = change {
            rows.history.push((account.merchant_id.clone(), change.clone()));
        }
        rows.events.extend(event.cloned());
        Ok(true)
    }
    async fn history(&self, merchant_id: &str) -> ApiResult<Vec<VerificationChange>> {
        Ok(self.rows.borrow().history.iter().filter(|(m, _)| m == merchant_id).map(|(_, c)| c.clone()).collect())
    }
}

impl UserPasskeys for AccountsMemory {
    async fn challenge(&self, challenge: &str, purpose: &str, user_id: Option<&str>, expires_at: u64) -> ApiResult<()> {
        self.rows.borrow_mut().challenges.push((challenge.to_owned(), purpose.to_owned(), user_id.map(str::to_owned), expires_at));
        Ok(())
    }
    async fn consume(&self, challenge: &str, purpose: &str, user_id: Option<&str>, now: u64) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        let found = rows.challenges.iter().position(|(c, p, u, exp)| c == challenge && p == purpose && u.as_deref() == user_id && now < *exp);
        Ok(found.map(|i| rows.challenges.remove(i)).is_some())
    }
    async fn get(&self, credential_id: &str) -> ApiResult<Option<UserPasskey>> {
        Ok(self.rows.borrow().passkeys.iter().find(|k| k.credential_id == credential_id).cloned())
    }
    async fn of_user(&self, user_id: &str) -> ApiResult<Vec<UserPasskey>> {
        Ok(self.rows.borrow().passkeys.iter().filter(|k| k.user_id == user_id).cloned().collect())
    }
    async fn insert(&self, passkey: &UserPasskey) -> ApiResult<bool> {
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
    async fn delete(&self, user_id: &str, credential_id: &str) -> ApiResult<bool> {
        let mut rows = self.rows.borrow_mut();
        let before = rows.passkeys.len();
        rows.passkeys.retain(|k| !(k.user_id == user_id && k.credential_id == credential_id));
        Ok(rows.passkeys.len() < before)
    }
}

impl Verifier for AccountsMemory {
    async fn submit(&self, _account: &Account, company_number: &str) -> ApiResult<(Outcome, Option<String>)> {
        match self.rows.borrow_mut().verifier.take() {
            Some(answer) => answer,
            None => Ok((sandbox::outcome(company_number), None)),
        }
    }
}
