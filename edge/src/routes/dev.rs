//! Development-only routes, compiled only with the `dev` feature and refused at run time outside
//! development as well: the outbox, the sandbox processor's ledger (which tests read to count
//! what was really charged) and the benchmark's crypto route.

use worker::Response;

use crate::app::App;
use crate::config::Environment;
use crate::http::{self, ApiError, ApiResult};
use crate::processor::sandbox;
use crate::store::outbox;
use tessera_core::api::ErrorCode;

fn development(app: &App) -> ApiResult<()> {
    if app.config.environment == Environment::Development {
        Ok(())
    } else {
        Err(ErrorCode::RouteNotFound.into())
    }
}

/// A replay guard that remembers nothing, so a benchmark can verify one proof many times.
struct Forgetful;

impl tessera_core::dpop::ReplayGuard for Forgetful {
    async fn first_use(&self, _: &tessera_core::jwk::Thumbprint, _: &str, _: u64) -> tessera_core::Result<bool> {
        Ok(true)
    }
}

#[derive(serde::Deserialize)]
struct BenchCrypto {
    provider: String,
    n: u32,
    proof: String,
    url: String,
    card: String,
    session_id: String,
}

/// `POST /dev/bench/crypto`: verifies one DPoP proof and decrypts one card JWE `n` times with
/// the named provider: the confirm's cryptography alone, for `npm run bench` to time from
/// outside (a Worker's clock does not move while it computes).
pub async fn bench_crypto(app: &App, mut req: worker::Request) -> ApiResult<Response> {
    development(app)?;
    let body = http::body(&mut req).await?;
    let input: BenchCrypto = http::parse(&body, "provider, n, proof, url, card, session_id")?;
    let crypto = crate::provider::Provider::named(Some(&input.provider))?;
    let expected = tessera_core::dpop::Expected { method: "POST", url: &input.url, now: app.now, nonce: None, access_token: None };
    let today = tessera_core::card::YearMonth::from_unix(app.now);
    for _ in 0..input.n.min(10_000) {
        crypto.verify_dpop(&input.proof, &expected, app.config.dpop_window, &Forgetful).await.map_err(ApiError::dpop)?;
        crypto.decrypt_card(&app.config.encryption_keys, &input.card, &input.session_id, today).await?;
    }
    http::json(200, &serde_json::json!({ "provider": crypto.name(), "n": input.n }))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionRun {
    as_of: u64,
}

/// `POST /dev/retention`: runs the retention job as of a chosen time, so tests can move the
/// clock past a window and see exactly what goes (the Cron Trigger runs it at the real time).
pub async fn retention(app: &App, mut req: worker::Request) -> ApiResult<Response> {
    development(app)?;
    let input: RetentionRun = http::parse(&http::body(&mut req).await?, "Send {\"as_of\": unix seconds}.")?;
    let removed = crate::store::retention::purge(&app.db, &app.config.checkout.policy, input.as_of).await?;
    http::json(200, &serde_json::json!({ "object": "retention_run", "as_of": input.as_of, "removed": removed }))
}

/// `GET /dev/storage_calls`: the D1 round trips (and their statements, reads and writes) and
/// Durable Object calls this isolate has made since it started, for a benchmark to read before
/// and after one request.
pub fn storage_calls(app: &App) -> ApiResult<Response> {
    use core::sync::atomic::Ordering::Relaxed;
    use crate::store::calls;
    development(app)?;
    let objects = crate::objects::calls::by_binding();
    http::json(
        200,
        &serde_json::json!({
            "d1": calls::ROUND_TRIPS.load(Relaxed),
            "d1_reads": calls::READS.load(Relaxed),
            "d1_writes": calls::WRITES.load(Relaxed),
            "durable_objects": objects.values().sum::<u32>(),
            "sequential": calls::SEQUENTIAL.load(Relaxed),
            "sequence": calls::sequence(),
            "durable_object_calls": objects,
        }),
    )
}

/// `GET /dev/outbox?to=…`: the messages the development sender kept, newest first.
pub async fn outbox(app: &App, req: worker::Request) -> ApiResult<Response> {
    development(app)?;
    let to = req.url()?.query_pairs().find(|(k, _)| k == "to").map(|(_, v)| v.into_owned());
    http::json(200, &serde_json::json!({ "messages": outbox::list(&app.db, to.as_deref()).await? }))
}

/// `PUT /dev/sandbox/faults {rate, kinds}`: makes the sandbox fail a share of its requests.
pub async fn faults(app: &App, mut req: worker::Request) -> ApiResult<Response> {
    development(app)?;
    let faults: sandbox::Faults = http::parse(&http::body(&mut req).await?, "rate (0 to 1) and kinds (timeout, error, dropped, slow)")?;
    let known = faults.kinds.iter().all(|k| ["timeout", "error", "dropped", "slow"].contains(&k.as_str()));
    if !(0.0..=1.0).contains(&faults.rate) || !known {
        return Err(ErrorCode::InvalidJson.into());
    }
    http::json(200, &sandbox::set_faults(&app.env, &faults).await?)
}

pub async fn ledger(app: &App) -> ApiResult<Response> {
    development(app)?;
    http::json(200, &sandbox::ledger(&app.env).await?)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Seed {
    count: u64,
    from: u64,
    to: u64,
}

/// `POST /dev/seed/payments {count, from, to}` with a test secret key: `count` settled test
/// payments spread evenly over `[from, to)`, every tenth declined and every fifth partly
/// refunded, written by SQL in a few statements, so a test can export a year of them. The vault
/// rows hold no card number: their sealed field is a placeholder.
pub async fn seed_payments(app: &App, mut req: worker::Request) -> ApiResult<Response> {
    development(app)?;
    let caller = crate::auth::merchant(app, &req, tessera_core::account::role::Action::ManageSessions).await?;
    let input: Seed = http::parse(&http::body(&mut req).await?, "count, from, to")?;
    if caller.livemode || input.count == 0 || input.count > 200_000 || input.to <= input.from {
        return Err(ErrorCode::InvalidJson.into());
    }
    let m = crate::store::text(&caller.merchant.id);
    let n = crate::store::int(input.count - 1);
    let (from, span) = (input.from, input.to - input.from);
    let step = format!("({from} + (i * {span}) / {})", input.count);
    let rows = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)";
    // Ids unique to this call (base32: safe inside the SQL text).
    let nonce = tessera_core::ids::Id::generate(&tessera_core::crypto::RustCrypto, tessera_core::ids::Kind::Message)?.as_str()[4..12].to_owned();
    let tag = |i: &str| format!("printf('seed{nonce}%07d', {i})");
    let statements: Vec<crate::store::Statement> = vec![
        (
            format!(
                "{rows} INSERT INTO checkout_sessions (id, merchant_id, client_secret_hash, amount, currency, reference, shopper_email, status, payment_id, expires_at, created_at, livemode) \
                 SELECT 'cs_' || {t}, ?, 'seeded', 1000 + (i % 50) * 100, 'USD', 'order-' || i, 'shopper' || (i % 97) || '@example.com', \
                 CASE WHEN i % 10 = 9 THEN 'open' ELSE 'succeeded' END, CASE WHEN i % 10 = 9 THEN NULL ELSE 'pay_' || {t} END, {step} + 3600, {step}, 0 FROM n",
                t = tag("i")
            ),
            vec![n.clone(), m.clone()],
        ),
        (
            format!(
                "{rows} INSERT INTO vault_cards (token, merchant_id, fingerprint, brand, last4, exp_month, exp_year, pan_key_id, pan_iv, pan_ciphertext, created_at) \
                 SELECT 'tok_' || {t}, ?, 'seeded', CASE WHEN i % 3 = 0 THEN 'mastercard' ELSE 'visa' END, printf('%04d', 4242 + i % 7), 12, 2034, 'seeded', 'seeded', 'seeded', {step} FROM n",
                t = tag("i")
            ),
            vec![n.clone(), m.clone()],
        ),
        (
            format!(
                "{rows} INSERT INTO payments (id, merchant_id, livemode, session_id, token, amount, currency, status, amount_captured, authorized_at, decline_code, processor, created_at, updated_at) \
                 SELECT 'pay_' || {t}, ?, 0, 'cs_' || {t}, 'tok_' || {t}, 1000 + (i % 50) * 100, 'USD', CASE WHEN i % 10 = 9 THEN 'failed' ELSE 'succeeded' END, \
                 CASE WHEN i % 10 = 9 THEN 0 ELSE 1000 + (i % 50) * 100 END, CASE WHEN i % 10 = 9 THEN 0 ELSE {step} END, CASE WHEN i % 10 = 9 THEN 'insufficient_funds' END, 'sandbox', {step}, {step} FROM n",
                t = tag("i")
            ),
            vec![n.clone(), m.clone()],
        ),
        (
            format!(
                "{rows} INSERT INTO refunds (id, merchant_id, livemode, payment_id, amount, currency, reason, status, acknowledged, created_at, updated_at) \
                 SELECT 're_' || {t}, ?, 0, 'pay_' || {t}, 500, 'USD', 'requested_by_customer', 'succeeded', 1, {step} + 60, {step} + 60 FROM n WHERE i % 5 = 0 AND i % 10 != 9",
                t = tag("i")
            ),
            vec![n.clone(), m.clone()],
        ),
        (
            format!("{rows} UPDATE payments SET amount_refunded = 500 WHERE merchant_id = ? AND id IN (SELECT 'pay_' || {t} FROM n WHERE i % 5 = 0 AND i % 10 != 9)", t = tag("i")),
            vec![n, m],
        ),
    ];
    app.db.batch(&statements).await?;
    http::json(201, &serde_json::json!({ "seeded": input.count }))
}
