//! The operations `tessera-cli` offers, one per core feature the interop tests exercise.

use std::cell::RefCell;
use std::collections::HashSet;

use serde_json::{json, Value};
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::dpop::{self, Expected, ReplayGuard, Request, Window};
use tessera_core::jwe::{self, KeyRing};
use tessera_core::jwk::{PrivateJwk, PublicJwk, Thumbprint};
use tessera_core::jws::{self, UnverifiedJws};
use tessera_core::{Error, Result};

/// State kept between requests: the `jti`s already seen.
#[derive(Default)]
pub struct Session {
    seen: RefCell<HashSet<String>>,
}

impl ReplayGuard for Session {
    async fn first_use(&self, jkt: &Thumbprint, jti: &str, _expires_at: u64) -> Result<bool> {
        Ok(self.seen.borrow_mut().insert(format!("{jkt} {jti}")))
    }
}

fn text<'a>(request: &'a Value, field: &str) -> Result<&'a str> {
    request.get(field).and_then(Value::as_str).ok_or(Error::InvalidJson)
}

fn number(request: &Value, field: &str) -> Result<u64> {
    request.get(field).and_then(Value::as_u64).ok_or(Error::InvalidJson)
}

fn public_jwk(request: &Value, field: &str) -> Result<PublicJwk> {
    PublicJwk::from_value(request.get(field).cloned().ok_or(Error::InvalidJson)?)
}

fn private_jwk(value: &Value) -> Result<PrivateJwk> {
    value.to_string().parse()
}

impl Session {
    /// Runs one request.
    pub async fn handle(&self, request: &Value) -> Result<Value> {
        let c = RustCrypto;
        match text(request, "op")? {
            "generate_key" => {
                let kid = text(request, "kid")?;
                let key = c.generate_private_jwk()?.with_metadata(kid, "enc", "ECDH-ES");
                let private: Value = serde_json::from_str(&key.to_json_secret()).map_err(|_| Error::InvalidJson)?;
                Ok(json!({ "private_jwk": private, "public_jwk": key.public().to_value() }))
            }
            "thumbprint" => Ok(json!({ "jkt": public_jwk(request, "jwk")?.thumbprint().as_str() })),
            "jwe_encrypt" => {
                let recipient = public_jwk(request, "jwk")?;
                let plaintext = text(request, "plaintext")?;
                let jwe = jwe::encrypt(&c, &recipient, text(request, "session_id")?, plaintext.as_bytes()).await?;
                Ok(json!({ "jwe": jwe }))
            }
            "jwe_decrypt" => {
                let mut ring = KeyRing::new();
                for key in request.get("keys").and_then(Value::as_array).ok_or(Error::InvalidJson)? {
                    let private = private_jwk(key)?;
                    let kid = private.public().kid().ok_or(Error::InvalidJwk)?.to_owned();
                    ring.insert(kid, c.import_agreement_key(&private).await?);
                }
                let out = jwe::decrypt(&c, &ring, text(request, "jwe")?).await?;
                if let Some(session) = request.get("session_id").and_then(Value::as_str) {
                    out.expect_session(session)?;
                }
                let plaintext = String::from_utf8(out.plaintext.to_vec()).map_err(|_| Error::InvalidJson)?;
                Ok(json!({ "plaintext": plaintext, "kid": out.header.kid, "session_id": out.header.session_id }))
            }
            "jws_sign" => {
                let key = c.import_signing_key(&private_jwk(request.get("jwk").ok_or(Error::InvalidJson)?)?).await?;
                let header = request.get("header").and_then(Value::as_object).cloned().unwrap_or_default();
                let jws = jws::sign(&c, &key, header, text(request, "payload")?.as_bytes()).await?;
                Ok(json!({ "jws": jws }))
            }
            "jws_verify" => {
                let key = c.import_verifying_key(&public_jwk(request, "jwk")?).await?;
                let payload = UnverifiedJws::parse(text(request, "jws")?)?.verify(&c, &key).await?;
                Ok(json!({ "payload": String::from_utf8(payload).map_err(|_| Error::InvalidJson)? }))
            }
            "dpop_build" => {
                let private = private_jwk(request.get("jwk").ok_or(Error::InvalidJson)?)?;
                let key = c.import_signing_key(&private).await?;
                let proof = dpop::build(&c, &key, private.public(), &Request {
                    method: text(request, "method")?,
                    url: text(request, "url")?,
                    iat: number(request, "iat")?,
                    nonce: request.get("nonce").and_then(Value::as_str),
                    access_token: request.get("access_token").and_then(Value::as_str),
                })
                .await?;
                Ok(json!({ "proof": proof }))
            }
            "dpop_verify" => {
                let expected = Expected {
                    method: text(request, "method")?,
                    url: text(request, "url")?,
                    now: number(request, "now")?,
                    nonce: request.get("nonce").and_then(Value::as_str),
                    access_token: request.get("access_token").and_then(Value::as_str),
                };
                let verified = dpop::verify(&c, text(request, "proof")?, &expected, Window::default(), self).await?;
                Ok(json!({ "jkt": verified.jkt.as_str(), "jti": verified.jti, "iat": verified.iat }))
            }
            "test_cards" => {
                let cards: Vec<Value> = tessera_core::sandbox::TEST_CARDS
                    .iter()
                    .map(|c| json!({ "number": c.number, "description": c.description }))
                    .collect();
                Ok(json!({ "cards": cards }))
            }
            "error_codes" => {
                let codes: Vec<Value> = tessera_core::api::ErrorCode::ALL
                    .iter()
                    .map(|c| json!({ "code": c.as_str(), "status": c.status(), "ends_payment": c.ends_payment(), "retryable": c.retryable() }))
                    .collect();
                Ok(json!({ "codes": codes }))
            }
            _ => Err(Error::InvalidJson),
        }
    }
}
