//! Personal accounts in D1: the accounts, their codes, sign-ins, activity, lock links, passkeys
//! (rows of `passkeys` under `acct:{id}`) and devices (rows of `devices` under the same key).
//! Rows become the personal model's types here. Racing writes are conditional, so two requests
//! never both use one code, one challenge or one link.

use serde::Deserialize;
use serde_json::Value;
use tessera_core::account::personal::{ActivityType, SignInMethod};
use tessera_core::account::verification::VerificationStatus;
use tessera_core::api::Channel;
use tessera_core::vault::Sealed;

use crate::checkout::model::CardSummary;

use super::{int, opt, text, Db, Statement};
use crate::error::{ApiError, ApiResult};
use crate::personal::model::*;
use crate::personal::ports::*;

/// The personal-account tables, for one request.
pub struct D1Personal<'a> {
    pub db: &'a Db,
}

fn corrupt(what: &str) -> ApiError {
    ApiError::internal("personal", &format!("a stored {what} does not parse"))
}

fn json_of(text: Option<String>) -> ApiResult<Option<Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|_| corrupt("document"))).transpose()
}

#[derive(Deserialize)]
struct AccountRow {
    id: String,
    email: String,
    phone: Option<String>,
    address: Option<String>,
    identity_status: String,
    identity_reference: Option<String>,
    identity_summary: Option<String>,
    locked_at: Option<u64>,
    created_at: u64,
}

impl AccountRow {
    fn into_account(self) -> ApiResult<ShopperAccount> {
        Ok(ShopperAccount {
            identity: VerificationStatus::parse(&self.identity_status).ok_or_else(|| corrupt("account"))?,
            address: json_of(self.address)?,
            identity_summary: json_of(self.identity_summary)?,
            id: self.id,
            email: self.email,
            phone: self.phone,
            identity_reference: self.identity_reference,
            locked_at: self.locked_at,
            created_at: self.created_at,
        })
    }
}

const ACCOUNT: &str = "SELECT id, email, phone, address, identity_status, identity_reference, identity_summary, locked_at, created_at FROM shopper_accounts";

impl D1Personal<'_> {
    async fn account_where(&self, condition: &str, value: &str) -> ApiResult<Option<ShopperAccount>> {
        let row: Option<AccountRow> = self.db.first(&format!("{ACCOUNT} WHERE {condition} = ?"), &[text(value)]).await?;
        row.map(AccountRow::into_account).transpose()
    }
}

impl ShopperAccounts for D1Personal<'_> {
    async fn by_email(&self, email: &str) -> ApiResult<Option<ShopperAccount>> {
        self.account_where("email", email).await
    }

    async fn get(&self, id: &str) -> ApiResult<Option<ShopperAccount>> {
        self.account_where("id", id).await
    }

    async fn by_identity_reference(&self, reference: &str) -> ApiResult<Option<ShopperAccount>> {
        self.account_where("identity_reference", reference).await
    }

    async fn insert(&self, a: &ShopperAccount) -> ApiResult<ShopperAccount> {
        self.db
            .run("INSERT INTO shopper_accounts (id, email, created_at) VALUES (?,?,?) ON CONFLICT (email) DO NOTHING", &[text(&a.id), text(&a.email), int(a.created_at)])
            .await?;
        self.by_email(&a.email).await?.ok_or_else(|| corrupt("account"))
    }

    async fn save(&self, a: &ShopperAccount, at: u64) -> ApiResult<()> {
        let address = a.address.as_ref().map(Value::to_string);
        let summary = a.identity_summary.as_ref().map(Value::to_string);
        self.db
            .run(
                "UPDATE shopper_accounts SET phone = ?, phone_verified_at = CASE WHEN phone IS ? THEN phone_verified_at ELSE ? END, \
                 address = ?, address_at = CASE WHEN address IS ? THEN address_at ELSE ? END, identity_status = ?, identity_reference = ?, \
                 identity_summary = ?, identity_at = CASE WHEN identity_status = ? THEN identity_at ELSE ? END, locked_at = ? WHERE id = ?",
                &[
                    opt(a.phone.as_deref()),
                    opt(a.phone.as_deref()),
                    int(at),
                    opt(address.as_deref()),
                    opt(address.as_deref()),
                    int(at),
                    text(a.identity.as_str()),
                    opt(a.identity_reference.as_deref()),
                    opt(summary.as_deref()),
                    text(a.identity.as_str()),
                    int(at),
                    a.locked_at.map_or(wasm_bindgen::JsValue::NULL, int),
                    text(&a.id),
                ],
            )
            .await?;
        Ok(())
    }

    async fn delete(&self, a: &ShopperAccount) -> ApiResult<()> {
        let id = || vec![text(&a.id)];
        let key = a.shopper_key();
        let statements: Vec<Statement> = vec![
            ("DELETE FROM account_sessions WHERE account_id = ?".into(), id()),
            ("DELETE FROM account_codes WHERE account_id = ? OR destination = ?".into(), vec![text(&a.id), text(&a.email)]),
            ("DELETE FROM account_activity WHERE account_id = ?".into(), id()),
            ("DELETE FROM account_lock_links WHERE account_id = ?".into(), id()),
            ("DELETE FROM shopper_challenges WHERE account_id = ?".into(), id()),
            ("DELETE FROM passkeys WHERE shopper_key = ?".into(), vec![text(&key)]),
            ("DELETE FROM devices WHERE shopper_key = ?".into(), vec![text(&key)]),
            ("DELETE FROM shoppers WHERE shopper_key = ?".into(), vec![text(&key)]),
            ("DELETE FROM account_cards WHERE account_id = ?".into(), id()),
            ("DELETE FROM trusted_merchants WHERE account_id = ?".into(), id()),
            ("DELETE FROM consents WHERE account_id = ?".into(), id()),
            ("DELETE FROM shopper_accounts WHERE id = ?".into(), id()),
        ];
        self.db.batch(&statements).await
    }
}

#[derive(Deserialize)]
struct CodeRow {
    id: String,
    purpose: String,
    account_id: Option<String>,
    channel: String,
    destination: String,
    code_hash: String,
    sends: u32,
    attempts: u32,
    last_sent_at: u64,
    expires_at: u64,
    consumed_at: Option<u64>,
}

impl AccountCodes for D1Personal<'_> {
    async fn insert(&self, c: &AccountCode) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO account_codes (id, purpose, account_id, channel, destination, code_hash, sends, last_sent_at, expires_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                &[
                    text(&c.id),
                    text(c.purpose.as_str()),
                    opt(c.account_id.as_deref()),
                    text(c.channel.as_str()),
                    text(&c.destination),
                    text(&c.code_hash),
                    int(c.sends.into()),
                    int(c.last_sent_at),
                    int(c.expires_at),
                    int(c.last_sent_at),
                ],
            )
            .await?;
        Ok(())
    }

    async fn get(&self, id: &str) -> ApiResult<Option<AccountCode>> {
        let row: Option<CodeRow> = self
            .db
            .first("SELECT id, purpose, account_id, channel, destination, code_hash, sends, attempts, last_sent_at, expires_at, consumed_at FROM account_codes WHERE id = ?", &[text(id)])
            .await?;
        row.map(|r| {
            Ok(AccountCode {
                purpose: CodePurpose::parse(&r.purpose).ok_or_else(|| corrupt("code"))?,
                channel: Channel::parse(&r.channel).ok_or_else(|| corrupt("code"))?,
                id: r.id,
                account_id: r.account_id,
                destination: r.destination,
                code_hash: r.code_hash,
                sends: r.sends,
                attempts: r.attempts,
                last_sent_at: r.last_sent_at,
                expires_at: r.expires_at,
                consumed_at: r.consumed_at,
            })
        })
        .transpose()
    }

    async fn resend(&self, id: &str, sends: u32, code_hash: &str, at: u64, expires_at: u64) -> ApiResult<bool> {
        let changed = self
            .db
            .run(
                "UPDATE account_codes SET code_hash = ?, sends = sends + 1, last_sent_at = ?, expires_at = ? WHERE id = ? AND sends = ? AND consumed_at IS NULL",
                &[text(code_hash), int(at), int(expires_at), text(id), int(sends.into())],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn attempt(&self, id: &str) -> ApiResult<u32> {
        #[derive(Deserialize)]
        struct Tries {
            attempts: u32,
        }
        // One statement counts and reads, so concurrent tries each see their own place.
        let row: Option<Tries> = self.db.first("UPDATE account_codes SET attempts = attempts + 1 WHERE id = ? RETURNING attempts", &[text(id)]).await?;
        Ok(row.map_or(u32::MAX, |r| r.attempts.saturating_sub(1)))
    }

    async fn consume(&self, id: &str, at: u64) -> ApiResult<bool> {
        Ok(self.db.run("UPDATE account_codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL", &[int(at), text(id)]).await? == 1)
    }
}

#[derive(Deserialize)]
struct SessionRow {
    token_hash: String,
    account_id: String,
    method: String,
    device: String,
    current_phone_proved: u8,
    created_at: u64,
    last_seen_at: u64,
    ended_at: Option<u64>,
}

impl AccountSessions for D1Personal<'_> {
    async fn insert(&self, s: &AccountSession) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO account_sessions (token_hash, account_id, method, device, created_at, last_seen_at) VALUES (?,?,?,?,?,?)",
                &[text(&s.token_hash), text(&s.account_id), text(s.method.as_str()), text(&s.device), int(s.created_at), int(s.last_seen_at)],
            )
            .await?;
        Ok(())
    }

    async fn get(&self, token_hash: &str) -> ApiResult<Option<AccountSession>> {
        let row: Option<SessionRow> = self
            .db
            .first(
                "SELECT token_hash, account_id, method, device, current_phone_proved, created_at, last_seen_at, ended_at FROM account_sessions WHERE token_hash = ?",
                &[text(token_hash)],
            )
            .await?;
        row.map(|r| {
            Ok(AccountSession {
                method: SignInMethod::parse(&r.method).ok_or_else(|| corrupt("session"))?,
                token_hash: r.token_hash,
                account_id: r.account_id,
                device: r.device,
                current_phone_proved: r.current_phone_proved == 1,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                ended_at: r.ended_at,
            })
        })
        .transpose()
    }

    async fn touch(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE account_sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE token_hash = ?", &[int(at), text(token_hash)]).await?;
        Ok(())
    }

    async fn current_phone_proved(&self, token_hash: &str) -> ApiResult<()> {
        self.db.run("UPDATE account_sessions SET current_phone_proved = 1 WHERE token_hash = ? AND ended_at IS NULL", &[text(token_hash)]).await?;
        Ok(())
    }

    async fn end(&self, token_hash: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE account_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", &[int(at), text(token_hash)]).await?;
        Ok(())
    }

    async fn end_all(&self, account_id: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE account_sessions SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL", &[int(at), text(account_id)]).await?;
        Ok(())
    }

    async fn end_device(&self, account_id: &str, device: &str, at: u64) -> ApiResult<()> {
        self.db.run("UPDATE account_sessions SET ended_at = ? WHERE account_id = ? AND device = ? AND ended_at IS NULL", &[int(at), text(account_id), text(device)]).await?;
        Ok(())
    }
}

#[derive(Deserialize)]
struct ActivityRow {
    id: String,
    account_id: String,
    #[serde(rename = "type")]
    kind: String,
    detail: String,
    at: u64,
}

impl ActivityLog for D1Personal<'_> {
    async fn record(&self, e: &Activity) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO account_activity (id, account_id, type, detail, at) VALUES (?,?,?,?,?)",
                &[text(&e.id), text(&e.account_id), text(e.kind.as_str()), text(&e.detail.to_string()), int(e.at)],
            )
            .await?;
        Ok(())
    }

    async fn of(&self, account_id: &str, limit: u32) -> ApiResult<Vec<Activity>> {
        let rows: Vec<ActivityRow> =
            self.db.all("SELECT id, account_id, type, detail, at FROM account_activity WHERE account_id = ? ORDER BY at DESC, rowid DESC LIMIT ?", &[text(account_id), int(limit.into())]).await?;
        rows.into_iter()
            .map(|r| {
                Ok(Activity {
                    kind: ActivityType::parse(&r.kind).ok_or_else(|| corrupt("activity"))?,
                    detail: serde_json::from_str(&r.detail).map_err(|_| corrupt("activity"))?,
                    id: r.id,
                    account_id: r.account_id,
                    at: r.at,
                })
            })
            .collect()
    }
}

impl LockLinks for D1Personal<'_> {
    async fn insert(&self, token_hash: &str, account_id: &str, expires_at: u64) -> ApiResult<()> {
        self.db.run("INSERT INTO account_lock_links (token_hash, account_id, expires_at) VALUES (?,?,?)", &[text(token_hash), text(account_id), int(expires_at)]).await?;
        Ok(())
    }

    async fn consume(&self, token_hash: &str, at: u64) -> ApiResult<Option<String>> {
        #[derive(Deserialize)]
        struct Link {
            account_id: String,
        }
        let row: Option<Link> = self
            .db
            .first("UPDATE account_lock_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING account_id", &[int(at), text(token_hash), int(at)])
            .await?;
        Ok(row.map(|r| r.account_id))
    }
}

#[derive(Deserialize)]
struct PasskeyRow {
    credential_id: String,
    shopper_key: String,
    public_jwk: String,
    sign_count: u32,
    name: Option<String>,
    created_at: u64,
    last_used_at: Option<u64>,
}

impl PasskeyRow {
    fn into_passkey(self) -> Option<AccountPasskey> {
        let account_id = self.shopper_key.strip_prefix("acct:")?.to_owned();
        Some(AccountPasskey {
            credential_id: self.credential_id,
            account_id,
            public_jwk: self.public_jwk,
            sign_count: self.sign_count,
            name: self.name.unwrap_or_else(|| "Passkey".into()),
            created_at: self.created_at,
            last_used_at: self.last_used_at,
        })
    }
}

const PASSKEY: &str = "SELECT credential_id, shopper_key, public_jwk, sign_count, name, created_at, last_used_at FROM passkeys";

impl ShopperPasskeys for D1Personal<'_> {
    async fn challenge(&self, challenge: &str, purpose: &str, account_id: Option<&str>, expires_at: u64) -> ApiResult<()> {
        self.db
            .run("INSERT INTO shopper_challenges (challenge, purpose, account_id, expires_at) VALUES (?,?,?,?)", &[text(challenge), text(purpose), opt(account_id), int(expires_at)])
            .await?;
        Ok(())
    }

    async fn consume(&self, challenge: &str, purpose: &str, account_id: Option<&str>, now: u64) -> ApiResult<bool> {
        Ok(self
            .db
            .run(
                "UPDATE shopper_challenges SET consumed = 1 WHERE challenge = ? AND purpose = ? AND account_id IS ? AND consumed = 0 AND expires_at > ?",
                &[text(challenge), text(purpose), opt(account_id), int(now)],
            )
            .await?
            == 1)
    }

    async fn get(&self, credential_id: &str) -> ApiResult<Option<AccountPasskey>> {
        let row: Option<PasskeyRow> = self.db.first(&format!("{PASSKEY} WHERE credential_id = ? AND shopper_key LIKE 'acct:%'"), &[text(credential_id)]).await?;
        Ok(row.and_then(PasskeyRow::into_passkey))
    }

    async fn of(&self, account_id: &str) -> ApiResult<Vec<AccountPasskey>> {
        let rows: Vec<PasskeyRow> = self.db.all(&format!("{PASSKEY} WHERE shopper_key = ? ORDER BY created_at"), &[text(&shopper_key(account_id))]).await?;
        Ok(rows.into_iter().filter_map(PasskeyRow::into_passkey).collect())
    }

    async fn insert(&self, k: &AccountPasskey) -> ApiResult<bool> {
        Ok(self
            .db
            .run(
                "INSERT OR IGNORE INTO passkeys (credential_id, shopper_key, public_jwk, sign_count, name, created_at) VALUES (?,?,?,?,?,?)",
                &[text(&k.credential_id), text(&shopper_key(&k.account_id)), text(&k.public_jwk), int(k.sign_count.into()), text(&k.name), int(k.created_at)],
            )
            .await?
            == 1)
    }

    async fn used(&self, credential_id: &str, from: u32, to: u32, at: u64) -> ApiResult<bool> {
        Ok(self
            .db
            .run("UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE credential_id = ? AND sign_count = ?", &[int(to.into()), int(at), text(credential_id), int(from.into())])
            .await?
            == 1)
    }

    async fn delete(&self, account_id: &str, credential_id: &str) -> ApiResult<bool> {
        Ok(self.db.run("DELETE FROM passkeys WHERE shopper_key = ? AND credential_id = ?", &[text(&shopper_key(account_id)), text(credential_id)]).await? == 1)
    }
}

#[derive(Deserialize)]
struct DeviceRow {
    jkt: String,
    state: String,
    first_seen: u64,
    last_seen: u64,
    countries: String,
    browser: Option<String>,
}

impl AccountDevices for D1Personal<'_> {
    async fn list(&self, key: &str) -> ApiResult<Vec<AccountDevice>> {
        let rows: Vec<DeviceRow> = self.db.all("SELECT jkt, state, first_seen, last_seen, countries, browser FROM devices WHERE shopper_key = ?", &[text(key)]).await?;
        rows.into_iter()
            .map(|r| {
                Ok(AccountDevice {
                    revoked: r.state == "revoked",
                    countries: serde_json::from_str(&r.countries).map_err(|_| corrupt("device"))?,
                    id: r.jkt,
                    first_seen: r.first_seen,
                    last_seen: r.last_seen,
                    browser: r.browser,
                })
            })
            .collect()
    }

    async fn seen(&self, key: &str, device: &str, country: &str, browser: &str, at: u64) -> ApiResult<bool> {
        let inserted = self
            .db
            .run(
                "INSERT INTO devices (shopper_key, jkt, state, first_seen, last_seen, countries, browser) VALUES (?,?,'trusted',?,?,?,?) ON CONFLICT (shopper_key, jkt) DO NOTHING",
                &[text(key), text(device), int(at), int(at), text(&serde_json::json!([country]).to_string()), text(browser)],
            )
            .await?
            == 1;
        if !inserted {
            self.db
                .run(
                    "UPDATE devices SET last_seen = ?, countries = CASE WHEN EXISTS (SELECT 1 FROM json_each(countries) WHERE value = ?) THEN countries ELSE json_insert(countries, '$[#]', ?) END \
                     WHERE shopper_key = ? AND jkt = ?",
                    &[int(at), text(country), text(country), text(key), text(device)],
                )
                .await?;
        }
        Ok(inserted)
    }

    async fn revoke(&self, key: &str, device: &str) -> ApiResult<bool> {
        Ok(self.db.run("UPDATE devices SET state = 'revoked' WHERE shopper_key = ? AND jkt = ?", &[text(key), text(device)]).await? == 1)
    }
}

#[derive(Deserialize)]
struct VaultRow {
    token: String,
    fingerprint: String,
    brand: String,
    last4: String,
    exp_month: u8,
    exp_year: u16,
    pan_key_id: String,
    pan_iv: String,
    pan_ciphertext: String,
}

#[derive(Deserialize)]
struct SavedCardRow {
    id: String,
    account_id: String,
    fingerprint: String,
    brand: String,
    last4: String,
    exp_month: u8,
    exp_year: u16,
    created_at: u64,
}

impl From<SavedCardRow> for SavedCard {
    fn from(r: SavedCardRow) -> Self {
        SavedCard { id: r.id, account_id: r.account_id, fingerprint: r.fingerprint, brand: r.brand, last4: r.last4, exp_month: r.exp_month, exp_year: r.exp_year, created_at: r.created_at }
    }
}

impl AccountCards for D1Personal<'_> {
    async fn offer(&self, token_hash: &str, vault_token: &str, expires_at: u64) -> ApiResult<()> {
        self.db.run("INSERT INTO card_save_offers (token_hash, vault_token, expires_at) VALUES (?,?,?)", &[text(token_hash), text(vault_token), int(expires_at)]).await?;
        Ok(())
    }

    async fn take_offer(&self, token_hash: &str, at: u64) -> ApiResult<Option<(CardSummary, Sealed)>> {
        #[derive(Deserialize)]
        struct Offer {
            vault_token: String,
        }
        let offer: Option<Offer> = self
            .db
            .first("UPDATE card_save_offers SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING vault_token", &[int(at), text(token_hash), int(at)])
            .await?;
        let Some(offer) = offer else { return Ok(None) };
        let row: Option<VaultRow> = self
            .db
            .first("SELECT token, fingerprint, brand, last4, exp_month, exp_year, pan_key_id, pan_iv, pan_ciphertext FROM vault_cards WHERE token = ?", &[text(&offer.vault_token)])
            .await?;
        Ok(row.map(|r| {
            let card = CardSummary { token: r.token, brand: r.brand, last4: r.last4, exp_month: r.exp_month, exp_year: r.exp_year, fingerprint: r.fingerprint };
            (card, Sealed { key_id: r.pan_key_id, iv: r.pan_iv, ciphertext: r.pan_ciphertext })
        }))
    }

    async fn insert(&self, c: &SavedCard, pan: &Sealed) -> ApiResult<bool> {
        Ok(self
            .db
            .run(
                "INSERT INTO account_cards (id, account_id, fingerprint, brand, last4, exp_month, exp_year, pan_key_id, pan_iv, pan_ciphertext, created_at) \
                 VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (account_id, fingerprint) DO NOTHING",
                &[
                    text(&c.id),
                    text(&c.account_id),
                    text(&c.fingerprint),
                    text(&c.brand),
                    text(&c.last4),
                    int(c.exp_month.into()),
                    int(c.exp_year.into()),
                    text(&pan.key_id),
                    text(&pan.iv),
                    text(&pan.ciphertext),
                    int(c.created_at),
                ],
            )
            .await?
            == 1)
    }

    async fn of(&self, account_id: &str) -> ApiResult<Vec<SavedCard>> {
        let rows: Vec<SavedCardRow> = self
            .db
            .all("SELECT id, account_id, fingerprint, brand, last4, exp_month, exp_year, created_at FROM account_cards WHERE account_id = ? ORDER BY created_at, id", &[text(account_id)])
            .await?;
        Ok(rows.into_iter().map(SavedCard::from).collect())
    }

    async fn delete(&self, account_id: &str, id: &str) -> ApiResult<bool> {
        Ok(self.db.run("DELETE FROM account_cards WHERE account_id = ? AND id = ?", &[text(account_id), text(id)]).await? == 1)
    }
}

impl FrameGrants for D1Personal<'_> {
    async fn challenge(&self, challenge: &str, session_id: &str, device: &str, binding: &str, expires_at: u64) -> ApiResult<()> {
        super::passkeys::insert_challenge(self.db, challenge, session_id, device, "account", binding, expires_at).await
    }

    async fn consume_challenge(&self, challenge: &str, session_id: &str, device: &str, binding: &str, now: u64) -> ApiResult<bool> {
        super::passkeys::consume_challenge(self.db, challenge, session_id, device, "account", binding, now).await
    }

    async fn grant(&self, session_id: &str, device: &str, account_id: &str, binding: &str, expires_at: u64) -> ApiResult<()> {
        self.db
            .run(
                "INSERT INTO account_grants (session_id, jkt, account_id, binding, expires_at) VALUES (?,?,?,?,?) \
                 ON CONFLICT (session_id, jkt) DO UPDATE SET account_id = excluded.account_id, binding = excluded.binding, expires_at = excluded.expires_at",
                &[text(session_id), text(device), text(account_id), text(binding), int(expires_at)],
            )
            .await?;
        Ok(())
    }

    async fn granted(&self, session_id: &str, device: &str, binding: &str, now: u64) -> ApiResult<Option<String>> {
        #[derive(Deserialize)]
        struct Grant {
            account_id: String,
        }
        let row: Option<Grant> = self
            .db
            .first("SELECT account_id FROM account_grants WHERE session_id = ? AND jkt = ? AND binding = ? AND expires_at > ?", &[text(session_id), text(device), text(binding), int(now)])
            .await?;
        Ok(row.map(|g| g.account_id))
    }

    async fn card(&self, account_id: &str, card_id: &str) -> ApiResult<Option<(SavedCard, Sealed)>> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            account_id: String,
            fingerprint: String,
            brand: String,
            last4: String,
            exp_month: u8,
            exp_year: u16,
            created_at: u64,
            pan_key_id: String,
            pan_iv: String,
            pan_ciphertext: String,
        }
        let row: Option<Row> = self
            .db
            .first(
                "SELECT id, account_id, fingerprint, brand, last4, exp_month, exp_year, created_at, pan_key_id, pan_iv, pan_ciphertext FROM account_cards WHERE account_id = ? AND id = ?",
                &[text(account_id), text(card_id)],
            )
            .await?;
        Ok(row.map(|r| {
            let card = SavedCard { id: r.id, account_id: r.account_id, fingerprint: r.fingerprint, brand: r.brand, last4: r.last4, exp_month: r.exp_month, exp_year: r.exp_year, created_at: r.created_at };
            (card, Sealed { key_id: r.pan_key_id, iv: r.pan_iv, ciphertext: r.pan_ciphertext })
        }))
    }
}
