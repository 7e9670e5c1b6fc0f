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
