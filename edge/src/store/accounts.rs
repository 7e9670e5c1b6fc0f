//! Business accounts in D1: users, sign-in codes, dashboard sessions, members, the business rows
//! and users' passkeys. Rows become the accounts' model types here. Writes that race are
//! conditional (`WHERE sends = ?`, `WHERE consumed_at IS NULL`, a version compare-and-swap), so
//! two requests never both win.

use serde::Deserialize;
use tessera_core::account::business::BusinessDetails;
use tessera_core::account::role::Role;
use tessera_core::account::verification::VerificationStatus;

use super::{int, opt, text, Db, Statement};
use crate::accounts::model::*;
use crate::accounts::ports::*;
use crate::checkout::ports::NewEvent;
use crate::error::{ApiError, ApiResult};
use crate::store::events;

/// The account tables, for one request.
pub struct D1Accounts<'a> {
    pub db: &'a Db,
}

fn corrupt(what: &str) -> ApiError {
    ApiError::internal("accounts", &format!("a stored {what} does not parse"))
}

#[derive(Deserialize)]
struct UserRow {
    id: String,
    email: String,
    created_at: u64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User { id: r.id, email: r.email, created_at: r.created_at }
    }
}

impl Users for D1Accounts<'_> {
    async fn by_email(&self, email: &str) -> ApiResult<Option<User>> {
        Ok(self.db.first::<UserRow>("SELECT id, email, created_at FROM users WHERE email = ?", &[text(email)]).await?.map(User::from))
    }

    async fn get(&self, id: &str) -> ApiResult<Option<User>> {
        Ok(self.db.first::<UserRow>("SELECT id, email, created_at FROM users WHERE id = ?", &[text(id)]).await?.map(User::from))
    }

    async fn insert(&self, user: &User) -> ApiResult<User> {
        self.db.run("INSERT INTO users (id, email, created_at) VALUES (?,?,?) ON CONFLICT (email) DO NOTHING", &[text(&user.id), text(&user.email), int(user.created_at)]).await?;
        self.by_email(&user.email).await?.ok_or_else(|| corrupt("user"))
    }
}

#[derive(Deserialize)]
struct CodeRow {
    id: String,
    email: String,
    code_hash: String,
    sends: u32,
    last_sent_at: u64,
    expires_at: u64,
    consumed_at: Option<u64>,
}

impl EmailCodes for D1Accounts<'_> {
    async fn insert(&self, c: &EmailCode) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO email_codes (id, email, code_hash, sends, last_sent_at, expires_at, created_at) VALUES (?,?,?,?,?,?,?)",
                &[text(&c.id), text(&c.email), text(&c.code_hash), int(c.sends.into()), int(c.last_sent_at), int(c.expires_at), int(c.last_sent_at)],
            )
            .await?;
        Ok(())
    }

    async fn get(&self, id: &str) -> ApiResult<Option<EmailCode>> {
        let row: Option<CodeRow> = self.db.first("SELECT id, email, code_hash, sends, last_sent_at, expires_at, consumed_at FROM email_codes WHERE id = ?", &[text(id)]).await?;
        Ok(row.map(|r| EmailCode { id: r.id, email: r.email, code_hash: r.code_hash, sends: r.sends, last_sent_at: r.last_sent_at, expires_at: r.expires_at, consumed_at: r.consumed_at }))
    }

    async fn resend(&self, id: &str, sends: u32, code_hash: &str, at: u64, expires_at: u64) -> ApiResult<bool> {
        let changed = self
            .db
            .run(
                "UPDATE email_codes SET code_hash = ?, sends = sends + 1, last_sent_at = ?, expires_at = ? WHERE id = ? AND sends = ? AND consumed_at IS NULL",
                &[text(code_hash), int(at), int(expires_at), text(id), int(sends.into())],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn consume(&self, id: &str, at: u64) -> ApiResult<bool> {
        Ok(self.db.run("UPDATE email_codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL", &[int(at), text(id)]).await? == 1)
    }
}

#[derive(Deserialize)]
struct SessionRow {
    token_hash: String,
    user_id: String,
    merchant_id: Option<String>,
    auth_method: String,
    created_at: u64,
    last_seen_at: u64,
    ended_at: Option<u64>,
}

impl DashboardSessions for D1Accounts<'_> {
    async fn insert(&self, s: &DashboardSession) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO dashboard_sessions (token_hash, user_id, merchant_id, auth_method, created_at, last_seen_at) VALUES (?,?,?,?,?,?)",
                &[text(&s.token_hash), text(&s.user_id), opt(s.merchant_id.as_deref()), text(s.auth_method.as_str()), int(s.created_at), int(s.last_seen_at)],
            )
            .await?;
        Ok(())
    }

    async fn get(&self, token_hash: &str) -> ApiResult<Option<DashboardSession>> {
        let row: Option<SessionRow> = self
            .db
            .first("SELECT token_hash, user_id, merchant_id, auth_method, created_at, last_seen_at, ended_at FROM dashboard_sessions WHERE token_hash = ?", &[text(token_hash)])
            .await?;
        row.map(|r| {
            Ok(DashboardSession {
                auth_method: AuthMethod::parse(&r.auth_method).ok_or_else(|| corrupt("session"))?,
                token_hash: r.token_hash,
                user_id: r.user_id,
                merchant_id: r.merchant_id,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                ended_at: r.ended_at,
            })
        })
        .transpose()
    }

    async fn touch(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE dashboard_sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE token_hash = ?", &[int(at), text(token_hash)]).await?;
        Ok(())
    }

    async fn set_merchant(&self, token_hash: &str, merchant_id: &str) -> ApiResult<()> {
        self.db.run("UPDATE dashboard_sessions SET merchant_id = ? WHERE token_hash = ? AND ended_at IS NULL", &[text(merchant_id), text(token_hash)]).await?;
        Ok(())
    }

    async fn end(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE dashboard_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", &[int(at), text(token_hash)]).await?;
        Ok(())
    }

    async fn end_for(&self, user_id: &str, merchant_id: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE dashboard_sessions SET ended_at = ? WHERE user_id = ? AND merchant_id = ? AND ended_at IS NULL", &[int(at), text(user_id), text(merchant_id)]).await?;
        Ok(())
    }
}

#[derive(Deserialize)]
struct MemberRow {
    id: String,
    merchant_id: String,
    email: String,
    user_id: Option<String>,
    role: String,
    status: String,
    created_at: u64,
}

impl MemberRow {
    fn into_member(self) -> ApiResult<Member> {
        Ok(Member {
            role: Role::parse(&self.role).ok_or_else(|| corrupt("member"))?,
            status: MemberStatus::parse(&self.status).ok_or_else(|| corrupt("member"))?,
            id: self.id,
            merchant_id: self.merchant_id,
            email: self.email,
            user_id: self.user_id,
            created_at: self.created_at,
        })
    }
}

const MEMBER: &str = "SELECT id, merchant_id, email, user_id, role, status, created_at FROM members";

impl D1Accounts<'_> {
    async fn members_where(&self, condition: &str, params: &[wasm_bindgen::JsValue]) -> ApiResult<Vec<Member>> {
        let rows: Vec<MemberRow> = self.db.all(&format!("{MEMBER} WHERE {condition} ORDER BY created_at, id"), params).await?;
        rows.into_iter().map(MemberRow::into_member).collect()
    }
}

impl Members for D1Accounts<'_> {
    async fn of_user(&self, user_id: &str) -> ApiResult<Vec<Member>> {
        self.members_where("user_id = ? AND status = 'active'", &[text(user_id)]).await
    }

    async fn of_merchant(&self, merchant_id: &str) -> ApiResult<Vec<Member>> {
        self.members_where("merchant_id = ? AND status != 'removed'", &[text(merchant_id)]).await
    }

    async fn get(&self, id: &str) -> ApiResult<Option<Member>> {
        Ok(self.members_where("id = ?", &[text(id)]).await?.into_iter().next())
    }

    async fn by_invite(&self, invite_hash: &str) -> ApiResult<Option<Member>> {
        Ok(self.members_where("invite_hash = ?", &[text(invite_hash)]).await?.into_iter().next())
    }

    async fn invite(&self, m: &Member, invite_hash: &str) -> ApiResult<bool> {
        let changed = self
            .db
            .run(
                "INSERT INTO members (id, merchant_id, email, role, status, invite_hash, created_at, updated_at) VALUES (?,?,?,?,'invited',?,?,?) \
                 ON CONFLICT DO NOTHING",
                &[text(&m.id), text(&m.merchant_id), text(&m.email), text(m.role.as_str()), text(invite_hash), int(m.created_at), int(m.created_at)],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn join(&self, id: &str, user_id: &str, at: u64) -> ApiResult<bool> {
        let changed = self
            .db
            .run("UPDATE members SET status = 'active', user_id = ?, invite_hash = NULL, updated_at = ? WHERE id = ? AND status = 'invited'", &[text(user_id), int(at), text(id)])
            .await?;
        Ok(changed == 1)
    }

    async fn set_role(&self, id: &str, role: Role, at: u64) -> ApiResult<bool> {
        Ok(self.db.run("UPDATE members SET role = ?, updated_at = ? WHERE id = ? AND status != 'removed' AND role != 'owner'", &[text(role.as_str()), int(at), text(id)]).await? == 1)
    }

    async fn claim_operator_invites(&self, email: &str, user_id: &str, at: u64) -> ApiResult<()> {
        self.db
            .run(
                "UPDATE members SET status = 'active', user_id = ?, updated_at = ? WHERE email = ? AND status = 'invited' AND invited_by = 'operator' AND invite_hash IS NULL",
                &[text(user_id), int(at), text(email)],
            )
            .await?;
        Ok(())
    }

    async fn remove(&self, id: &str, at: u64) -> ApiResult<bool> {
        Ok(self.db.run("UPDATE members SET status = 'removed', invite_hash = NULL, updated_at = ? WHERE id = ? AND status != 'removed' AND role != 'owner'", &[int(at), text(id)]).await? == 1)
    }
}

#[derive(Deserialize)]
struct AccountRow {
    merchant_id: String,
    name: String,
    allowed_origins: String,
    publishable_key: String,
    live_publishable_key: Option<String>,
    business: Option<String>,
    company_number: Option<String>,
    timezone: String,
    locale: String,
    verification_status: String,
    verification_reason: Option<String>,
    verification_reference: Option<String>,
    branding: String,
    version: u64,
}

impl AccountRow {
    fn into_account(self) -> ApiResult<Account> {
        let business: Option<BusinessDetails> = self.business.as_deref().map(serde_json::from_str).transpose().map_err(|_| corrupt("business"))?;
        Ok(Account {
            merchant_id: self.merchant_id,
            display_name: self.name,
            business,
            company_number: self.company_number,
            timezone: self.timezone,
            locale: self.locale,
            verification: VerificationStatus::parse(&self.verification_status).ok_or_else(|| corrupt("verification"))?,
            verification_reason: self.verification_reason,
            verification_reference: self.verification_reference,
            branding: serde_json::from_str(&self.branding).map_err(|_| corrupt("branding"))?,
            allowed_origins: serde_json::from_str(&self.allowed_origins).map_err(|_| corrupt("origins"))?,
            publishable_key: self.publishable_key,
            live_publishable_key: self.live_publishable_key,
            version: self.version,
        })
    }
}

const ACCOUNT: &str = "SELECT m.id AS merchant_id, m.name, m.allowed_origins, m.publishable_key, m.live_publishable_key, a.business, a.company_number, \
     a.timezone, a.locale, a.verification_status, a.verification_reason, a.verification_reference, a.branding, a.version \
     FROM accounts a JOIN merchants m ON m.id = a.merchant_id";

fn json_text<T: serde::Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|e| ApiError::internal("accounts", &e.to_string()))
}

impl Accounts for D1Accounts<'_> {
    async fn get(&self, merchant_id: &str) -> ApiResult<Option<Account>> {
        self.db.first::<AccountRow>(&format!("{ACCOUNT} WHERE a.merchant_id = ?"), &[text(merchant_id)]).await?.map(AccountRow::into_account).transpose()
    }

    async fn by_verification(&self, reference: &str) -> ApiResult<Option<Account>> {
        self.db.first::<AccountRow>(&format!("{ACCOUNT} WHERE a.verification_reference = ?"), &[text(reference)]).await?.map(AccountRow::into_account).transpose()
    }

    async fn create(&self, new: &NewBusiness) -> ApiResult<()> {
        let a = &new.account;
        let (secret_hash, hint) = &new.test_secret;
        let o = &new.owner;
        let statements: Vec<Statement> = vec![
            (
                "INSERT INTO merchants (id, name, publishable_key, live_publishable_key, secret_key_hash, allowed_origins, webhook_secret_key_id, webhook_secret_iv, webhook_secret_ciphertext, created_at) \
                 VALUES (?,?,?,?,?,'[]','','','',?)"
                    .into(),
                vec![text(&a.merchant_id), text(&a.display_name), text(&a.publishable_key), opt(a.live_publishable_key.as_deref()), text(secret_hash), int(new.at)],
            ),
            (
                "INSERT INTO api_keys (secret_hash, merchant_id, livemode, created_at, hint) VALUES (?,?,0,?,?)".into(),
                vec![text(secret_hash), text(&a.merchant_id), int(new.at), text(hint)],
            ),
            (
                "INSERT INTO accounts (merchant_id, business, timezone, locale, verification_status, branding, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)".into(),
                vec![
                    text(&a.merchant_id),
                    opt(a.business.as_ref().map(json_text).transpose()?.as_deref()),
                    text(&a.timezone),
                    text(&a.locale),
                    text(a.verification.as_str()),
                    text(&json_text(&a.branding)?),
                    int(new.at),
                    int(new.at),
                ],
            ),
            (
                "INSERT INTO members (id, merchant_id, email, user_id, role, status, created_at, updated_at) VALUES (?,?,?,?,'owner','active',?,?)".into(),
                vec![text(&o.id), text(&a.merchant_id), text(&o.email), opt(o.user_id.as_deref()), int(new.at), int(new.at)],
            ),
        ];
        self.db.batch(&statements).await
    }

    async fn save(&self, a: &Account, version: u64, change: Option<&VerificationChange>, event: Option<&NewEvent>) -> ApiResult<bool> {
        let business = a.business.as_ref().map(json_text).transpose()?;
        let mut statements: Vec<Statement> = vec![
            (
                "UPDATE accounts SET version = CASE WHEN version = ? THEN version + 1 ELSE -1 END, business = ?, company_number = ?, timezone = ?, locale = ?, \
                 verification_status = ?, verification_reason = ?, verification_reference = ?, branding = ?, updated_at = unixepoch() WHERE merchant_id = ?"
                    .into(),
                vec![
                    int(version),
                    opt(business.as_deref()),
                    opt(a.company_number.as_deref()),
                    text(&a.timezone),
                    text(&a.locale),
                    text(a.verification.as_str()),
                    opt(a.verification_reason.as_deref()),
                    opt(a.verification_reference.as_deref()),
                    text(&json_text(&a.branding)?),
                    text(&a.merchant_id),
                ],
            ),
            ("UPDATE merchants SET name = ?, allowed_origins = ? WHERE id = ?".into(), vec![text(&a.display_name), text(&json_text(&a.allowed_origins)?), text(&a.merchant_id)]),
        ];
        if let Some(c) = change {
            statements.push((
                "INSERT INTO verification_history (merchant_id, from_status, to_status, reason, actor, created_at) VALUES (?,?,?,?,?,?)".into(),
                vec![text(&a.merchant_id), text(c.from.as_str()), text(c.to.as_str()), opt(c.reason.as_deref()), text(&c.actor), int(c.at)],
            ));
        }
        if let Some(e) = event {
            statements.extend(events::insert_statements(e, change.map_or(0, |c| c.at)));
        }
        match self.db.batch(&statements).await {
            Ok(()) => Ok(true),
            Err(error) => {
                #[derive(Deserialize)]
                struct Version {
                    version: u64,
                }
                let now: Option<Version> = self.db.first("SELECT version FROM accounts WHERE merchant_id = ?", &[text(&a.merchant_id)]).await?;
                if now.is_some_and(|v| v.version != version) { Ok(false) } else { Err(error) }
            }
        }
    }

    async fn history(&self, merchant_id: &str) -> ApiResult<Vec<VerificationChange>> {
        #[derive(Deserialize)]
        struct Row {
            from_status: String,
            to_status: String,
            reason: Option<String>,
            actor: String,
            created_at: u64,
        }
        let rows: Vec<Row> = self
            .db
            .all("SELECT from_status, to_status, reason, actor, created_at FROM verification_history WHERE merchant_id = ? ORDER BY id", &[text(merchant_id)])
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(VerificationChange {
                    from: VerificationStatus::parse(&r.from_status).ok_or_else(|| corrupt("history"))?,
                    to: VerificationStatus::parse(&r.to_status).ok_or_else(|| corrupt("history"))?,
                    reason: r.reason,
                    actor: r.actor,
                    at: r.created_at,
                })
            })
            .collect()
    }
}

#[derive(Deserialize)]
struct PasskeyRow {
    credential_id: String,
    user_id: String,
    public_jwk: String,
    sign_count: u32,
    name: String,
    created_at: u64,
    last_used_at: Option<u64>,
}

impl From<PasskeyRow> for UserPasskey {
    fn from(r: PasskeyRow) -> Self {
        UserPasskey { credential_id: r.credential_id, user_id: r.user_id, public_jwk: r.public_jwk, sign_count: r.sign_count, name: r.name, created_at: r.created_at, last_used_at: r.last_used_at }
    }
}

const PASSKEY: &str = "SELECT credential_id, user_id, public_jwk, sign_count, name, created_at, last_used_at FROM user_passkeys";

impl UserPasskeys for D1Accounts<'_> {
    async fn challenge(&self, challenge: &str, purpose: &str, user_id: Option<&str>, expires_at: u64) -> ApiResult<()> {
        self.db
            .run("INSERT INTO account_challenges (challenge, purpose, user_id, expires_at) VALUES (?,?,?,?)", &[text(challenge), text(purpose), opt(user_id), int(expires_at)])
            .await?;
        Ok(())
    }

    async fn consume(&self, challenge: &str, purpose: &str, user_id: Option<&str>, now: u64) -> ApiResult<bool> {
        let changed = self
            .db
            .run(
                "UPDATE account_challenges SET consumed = 1 WHERE challenge = ? AND purpose = ? AND user_id IS ? AND expires_at > ? AND consumed = 0",
                &[text(challenge), text(purpose), opt(user_id), int(now)],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn get(&self, credential_id: &str) -> ApiResult<Option<UserPasskey>> {
        Ok(self.db.first::<PasskeyRow>(&format!("{PASSKEY} WHERE credential_id = ?"), &[text(credential_id)]).await?.map(UserPasskey::from))
    }

    async fn of_user(&self, user_id: &str) -> ApiResult<Vec<UserPasskey>> {
        Ok(self.db.all::<PasskeyRow>(&format!("{PASSKEY} WHERE user_id = ? ORDER BY created_at"), &[text(user_id)]).await?.into_iter().map(UserPasskey::from).collect())
    }

    async fn insert(&self, k: &UserPasskey) -> ApiResult<bool> {
        let changed = self
            .db
            .run(
                "INSERT INTO user_passkeys (credential_id, user_id, public_jwk, sign_count, name, created_at) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                &[text(&k.credential_id), text(&k.user_id), text(&k.public_jwk), int(k.sign_count.into()), text(&k.name), int(k.created_at)],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn used(&self, credential_id: &str, from: u32, to: u32, at: u64) -> ApiResult<bool> {
        let changed = self
            .db
            .run("UPDATE user_passkeys SET sign_count = ?, last_used_at = ? WHERE credential_id = ? AND sign_count = ?", &[int(to.into()), int(at), text(credential_id), int(from.into())])
            .await?;
        Ok(changed == 1)
    }

    async fn delete(&self, user_id: &str, credential_id: &str) -> ApiResult<bool> {
        Ok(self.db.run("DELETE FROM user_passkeys WHERE user_id = ? AND credential_id = ?", &[text(user_id), text(credential_id)]).await? == 1)
    }
}

/// Forgets used and old sign-in codes, challenges and sessions.
pub async fn sweep(db: &Db, now: u64) -> ApiResult<usize> {
    let day = 24 * 3600;
    let mut n = db.run("DELETE FROM email_codes WHERE created_at < ?", &[int(now.saturating_sub(day))]).await?;
    n += db.run("DELETE FROM account_challenges WHERE expires_at < ?", &[int(now)]).await?;
    n += db.run("DELETE FROM dashboard_sessions WHERE created_at < ?", &[int(now.saturating_sub(7 * day))]).await?;
    Ok(n)
}
