//! Delivering one-time codes. In development the outbox keeps messages in D1, listed at
//! `/dev/outbox`; it refuses to run anywhere else. In production an HTTP sender calls a real
//! provider with credentials from secrets: Twilio's Messages API for SMS, SendGrid's v3 Mail
//! Send API for email, in the request formats those providers document.

use serde_json::json;
use tessera_core::api::{Channel, ErrorCode};
#[cfg(feature = "dev")]
use tessera_core::crypto::RustCrypto;
#[cfg(feature = "dev")]
use tessera_core::ids::{Id, Kind};
use worker::{Env, Headers};

use crate::checkout::ports::{Message, Messenger};
use crate::config::{required, setting, Environment};
use crate::error::{ApiError, ApiResult};
use crate::http;
use crate::store::Db;

/// The configured sender (`OTP_SENDER`: `outbox` in development, else `http`).
#[cfg_attr(not(feature = "dev"), allow(dead_code))]
pub struct Sender<'a> {
    pub env: &'a Env,
    pub db: &'a Db,
    pub environment: Environment,
    pub now: u64,
}

impl Messenger for Sender<'_> {
    async fn send(&self, message: &Message) -> ApiResult<()> {
        let default = if self.environment == Environment::Development { "outbox" } else { "http" };
        match setting(self.env, "OTP_SENDER").as_deref().unwrap_or(default) {
            #[cfg(feature = "dev")]
            "outbox" if self.environment == Environment::Development => {
                let id = Id::generate(&RustCrypto, Kind::Message)?;
                let d = &message.destination;
                crate::store::outbox::insert(self.db, id.as_str(), d.channel.as_str(), &d.to, &message.subject, &message.body, self.now).await
            }
            "outbox" => Err(ApiError::internal("sender", "the outbox sender is for development builds only")),
            "http" => match message.destination.channel {
                Channel::Sms => twilio(self.env, message).await,
                Channel::Email => sendgrid(self.env, message).await,
            },
            other => Err(ApiError::internal("sender", &format!("unknown OTP_SENDER {other}"))),
        }
    }
}

async fn post(url: &str, headers: Headers, body: String) -> ApiResult<()> {
    let status = http::post_out(url, headers, &body).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(ApiError::from(ErrorCode::MessageNotSent).with_extra(json!({ "provider_status": status })))
    }
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", js_sys::encode_uri_component(k), js_sys::encode_uri_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Twilio Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded
/// `To`, `From`, `Body`, HTTP Basic auth with the account SID and auth token.
async fn twilio(env: &Env, message: &Message) -> ApiResult<()> {
    let sid = required(env, "TWILIO_ACCOUNT_SID")?;
    let token = required(env, "TWILIO_AUTH_TOKEN")?;
    let from = required(env, "TWILIO_FROM")?;
    let base = setting(env, "TWILIO_API_BASE").unwrap_or_else(|| "https://api.twilio.com".into());
    let headers = Headers::new();
    headers.set("Authorization", &format!("Basic {}", tessera_core::b64::encode_standard(format!("{sid}:{token}").as_bytes())))?;
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    let body = form_encode(&[("To", &message.destination.to), ("From", &from), ("Body", &message.body)]);
    post(&format!("{base}/2010-04-01/Accounts/{sid}/Messages.json"), headers, body).await
}

/// SendGrid v3 Mail Send: `POST /v3/mail/send` with a bearer API key and a JSON body of
/// personalizations, from, subject and content.
async fn sendgrid(env: &Env, message: &Message) -> ApiResult<()> {
    let key = required(env, "SENDGRID_API_KEY")?;
    let from = required(env, "SENDGRID_FROM")?;
    let base = setting(env, "SENDGRID_API_BASE").unwrap_or_else(|| "https://api.sendgrid.com".into());
    let headers = Headers::new();
    headers.set("Authorization", &format!("Bearer {key}"))?;
    headers.set("Content-Type", "application/json")?;
    let body = json!({
        "personalizations": [{ "to": [{ "email": message.destination.to }] }],
        "from": { "email": from },
        "subject": message.subject,
        "content": [{ "type": "text/plain", "value": message.body }],
    });
    post(&format!("{base}/v3/mail/send"), headers, body.to_string()).await
}
