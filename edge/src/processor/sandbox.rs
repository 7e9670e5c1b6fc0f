//! The sandbox processor: a Durable Object standing in for a processor's own systems, with the
//! test cards of `tessera_core::sandbox`.
//!
//! It behaves like a real processor where it matters: it remembers every idempotency key and
//! answers a repeated request with the first answer instead of charging again, and its timeout
//! card authorises but loses the answer, so the edge's retry path is exercised for real. It keeps
//! only what a processor's ledger would show a merchant: last four digits, amount, outcome.

use serde::{Deserialize, Serialize};
use serde_json::json;
use tessera_core::card::CardNumber;
use tessera_core::payment::DeclineCode;
use tessera_core::sandbox::{self, Behaviour};
use tessera_core::threeds::BrowserInfo;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use super::{Authorization, ConnectorError, Connector, Outcome};
use crate::objects;

/// What the connector sends, as a processor's API would receive it.
#[derive(Serialize, Deserialize)]
struct AuthorizeRequest {
    idempotency_key: String,
    number: String,
    exp_month: u8,
    exp_year: u16,
    cvc: String,
    amount: u64,
    currency: String,
    authenticated: bool,
    /// EMV 3DS browser fields, as a processor's risk engine receives them.
    browser: BrowserInfo,
}

/// One ledger line.
#[derive(Serialize, Deserialize, Clone)]
struct Charge {
    idempotency_key: String,
    reference: String,
    last4: String,
    amount: u64,
    currency: String,
    outcome: String,
    decline_code: Option<String>,
    requests: u32,
}

#[derive(Serialize, Deserialize)]
struct AuthorizeAnswer {
    reference: String,
    outcome: String,
    decline_code: Option<String>,
    timed_out: bool,
}

/// The Durable Object class: the sandbox processor's ledger.
#[durable_object]
pub struct SandboxProcessor {
    state: State,
}

impl SandboxProcessor {
    async fn authorize(&self, req: AuthorizeRequest) -> Result<AuthorizeAnswer> {
        let storage = self.state.storage();
        let key = format!("charge:{}", req.idempotency_key);
        if let Some(mut charge) = storage.get::<Charge>(&key).await? {
            charge.requests += 1;
            storage.put(&key, &charge).await?;
            return Ok(AuthorizeAnswer { reference: charge.reference, outcome: charge.outcome, decline_code: charge.decline_code, timed_out: false });
        }
        let number: CardNumber = req.number.parse().map_err(|e: tessera_core::Error| worker::Error::RustError(e.code().into()))?;
        let behaviour = sandbox::behaviour(&number, req.authenticated);
        let count: u64 = storage.get("count").await?.unwrap_or(0) + 1;
        let (outcome, decline_code) = match behaviour {
            Behaviour::Approve | Behaviour::Timeout => ("approved", None),
            Behaviour::Decline(code) => ("declined", Some(code.as_str().to_owned())),
        };
        let charge = Charge {
            idempotency_key: req.idempotency_key,
            reference: format!("sbx_{count:08}"),
            last4: number.last4().to_owned(),
            amount: req.amount,
            currency: req.currency,
            outcome: outcome.into(),
            decline_code,
            requests: 1,
        };
        storage.put("count", count).await?;
        storage.put(&key, &charge).await?;
        Ok(AuthorizeAnswer {
            reference: charge.reference,
            outcome: charge.outcome,
            decline_code: charge.decline_code,
            timed_out: behaviour == Behaviour::Timeout,
        })
    }

    async fn ledger(&self) -> Result<Vec<Charge>> {
        let mut charges = Vec::new();
        let entries = self.state.storage().list_with_options(worker::ListOptions::new().prefix("charge:")).await?;
        for value in entries.values() {
            charges.push(serde_wasm_bindgen::from_value(value?)?);
        }
        Ok(charges)
    }
}

impl DurableObject for SandboxProcessor {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match req.path().as_str() {
            "/authorize" => {
                let body: AuthorizeRequest = req.json().await?;
                Response::from_json(&self.authorize(body).await?)
            }
            "/ledger" => Response::from_json(&json!({ "charges": self.ledger().await? })),
            _ => Response::error("not found", 404),
        }
    }
}

/// The connector to the sandbox processor.
pub struct Sandbox<'a> {
    pub env: &'a Env,
}

/// All sandbox charges live in one ledger object.
const LEDGER: &str = "ledger";

impl Connector for Sandbox<'_> {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn authorize(&self, a: &Authorization<'_>) -> std::result::Result<Outcome, ConnectorError> {
        let request = AuthorizeRequest {
            idempotency_key: a.idempotency_key.into(),
            number: a.card.number.reveal().into(),
            exp_month: a.card.expiry.month(),
            exp_year: a.card.expiry.year(),
            cvc: a.card.cvc.reveal().into(),
            amount: a.amount.minor(),
            currency: a.amount.currency().code().into(),
            authenticated: a.authenticated,
            browser: a.browser.clone(),
        };
        let answer: AuthorizeAnswer =
            objects::call(self.env, "SANDBOX_PROCESSOR", LEDGER, "/authorize", &request).await.map_err(|_| ConnectorError::Unavailable)?;
        if answer.timed_out {
            return Err(ConnectorError::Timeout);
        }
        match (answer.outcome.as_str(), answer.decline_code.as_deref().and_then(DeclineCode::parse)) {
            ("approved", _) => Ok(Outcome::Approved { reference: answer.reference }),
            ("declined", Some(code)) => Ok(Outcome::Declined { code, reference: Some(answer.reference) }),
            _ => Err(ConnectorError::Unavailable),
        }
    }
}

/// The sandbox ledger, for the development route that tests read.
#[cfg(feature = "dev")]
pub async fn ledger(env: &Env) -> crate::http::ApiResult<serde_json::Value> {
    objects::call(env, "SANDBOX_PROCESSOR", LEDGER, "/ledger", &json!({})).await
}
