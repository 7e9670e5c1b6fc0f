//! Adyen's Checkout API v71 as a connector: `/payments` with the card (the security code only for
//! this first authorisation, in memory), `/payments/{pspReference}/captures`, `/cancels` and
//! `/refunds`, each with an `Idempotency-Key` so a repeat is the same request. Amounts are minor
//! units, as Adyen's are. Captures, voids and refunds are asynchronous at Adyen: it answers
//! `received`, and the outcome arrives as a notification (`AUTHORISATION`, `CAPTURE`,
//! `CANCELLATION`, `REFUND`, chargebacks), whose HMAC signature [`verify_notification`] checks.
//! A payment whose answer was lost is resolved from its `AUTHORISATION` notification.

use tessera_core::policy::sca::Exemption;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tessera_core::payment::DeclineCode;
use tessera_core::{b64, kdf};
use worker::Headers;

use super::{Ack, Authorization, ConnectorError, Operation, Outcome, Sync};
use crate::http::{self, Unanswered};

/// How long Tessera waits for Adyen, in milliseconds.
pub const TIMEOUT_MS: u64 = 10_000;

/// A merchant's Adyen settings (not secret).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Settings {
    /// The Adyen merchant account payments are made for.
    pub merchant_account: String,
    /// The Checkout API's base, ending in `/v71` (Adyen's test or live endpoint, or a fake).
    pub base_url: String,
    /// Where the shopper would return after a redirect; Adyen requires one.
    pub return_url: String,
}

/// A merchant's Adyen credentials, stored sealed and never shown again.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credentials {
    /// The API key (`X-API-Key`).
    pub api_key: String,
    /// The HMAC key of the merchant's webhook, hex, as Adyen shows it.
    pub hmac_key: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(***)")
    }
}

/// One merchant's connection to Adyen.
pub struct Adyen {
    pub settings: Settings,
    pub credentials: Credentials,
    pub timeout_ms: u64,
}

/// What Adyen said about an authorisation: its `PaymentResponse` fields that matter here.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PaymentResponse {
    result_code: Option<String>,
    psp_reference: Option<String>,
    refusal_reason_code: Option<String>,
}

/// What Adyen said about a capture, cancel or refund.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModificationResponse {
    psp_reference: Option<String>,
    status: Option<String>,
}

/// Adyen's refusal reason codes, as decline codes.
fn decline(code: Option<&str>) -> DeclineCode {
    match code {
        Some("6") => DeclineCode::ExpiredCard,
        Some("12") => DeclineCode::InsufficientFunds,
        Some("11" | "38") => DeclineCode::AuthenticationRequired,
        Some("8" | "0") => DeclineCode::ProcessingError,
        _ => DeclineCode::GenericDecline,
    }
}

impl Adyen {
    fn headers(&self, idempotency_key: &str) -> Result<Headers, ConnectorError> {
        let headers = Headers::new();
        let set = |k: &str, v: &str| headers.set(k, v).map_err(|_| ConnectorError::Unavailable);
        set("Content-Type", "application/json")?;
        set("X-API-Key", &self.credentials.api_key)?;
        // Adyen keeps keys of at most 64 characters.
        set("Idempotency-Key", &idempotency_key.chars().take(64).collect::<String>())?;
        Ok(headers)
    }

    async fn post(&self, path: &str, idempotency_key: &str, body: &Value) -> Result<(u16, String), ConnectorError> {
        let url = format!("{}{path}", self.settings.base_url.trim_end_matches('/'));
        http::exchange(&url, self.headers(idempotency_key)?, &body.to_string(), self.timeout_ms).await.map_err(|e| match e {
            Unanswered::Timeout => ConnectorError::Timeout,
            Unanswered::Failed => ConnectorError::Unavailable,
        })
    }

    /// The `/payments` request for an authorisation (public for the connector's tests).
    pub fn payment_request(&self, a: &Authorization<'_>) -> Value {
        let b = a.browser;
        let mut body = json!({
            "amount": { "currency": a.amount.currency().code(), "value": a.amount.minor() },
            "merchantAccount": self.settings.merchant_account,
            "reference": a.payment_id,
            "returnUrl": self.settings.return_url,
            "shopperInteraction": "Ecommerce",
            "paymentMethod": {
                "type": "scheme",
                "number": a.card.number.reveal(),
                "expiryMonth": format!("{:02}", a.card.expiry.month()),
                "expiryYear": a.card.expiry.year().to_string(),
            },
            "browserInfo": {
                "acceptHeader": b.browser_accept_header,
                "colorDepth": b.browser_color_depth,
                "javaEnabled": b.browser_java_enabled,
                "javaScriptEnabled": b.browser_javascript_enabled,
                "language": b.browser_language,
                "screenHeight": b.browser_screen_height,
                "screenWidth": b.browser_screen_width,
                "timeZoneOffset": b.browser_tz,
                "userAgent": b.browser_user_agent,
            },
        });
        match &a.card.cvc {
            Some(cvc) => body["paymentMethod"]["cvc"] = json!(cvc.reveal()),
            // A card the shopper saved, paid while they are present with their passkey: on file.
            None => body["recurringProcessingModel"] = json!("CardOnFile"),
        }
        if !a.capture {
            body["additionalData"] = json!({ "manualCapture": "true" });
        }
        // The exemption Tessera applied, asked of the issuer (Adyen's `scaExemption`); a later
        // payment of a recurring series has no such value, and the issuer sees the series itself.
        let exemption = match a.exemption {
            Some(Exemption::LowValue) => Some("lowValue"),
            Some(Exemption::TransactionRiskAnalysis) => Some("transactionRiskAnalysis"),
            Some(Exemption::TrustedBeneficiary) => Some("trustedBeneficiary"),
            Some(Exemption::Recurring) | None => None,
        };
        if let Some(value) = exemption.filter(|_| !a.authenticated) {
            body["additionalData"]["scaExemption"] = json!(value);
        }
        if let Some(ip) = a.shopper_ip {
            body["shopperIP"] = json!(ip);
        }
        body
    }

    pub async fn authorize(&self, a: &Authorization<'_>) -> Result<Outcome, ConnectorError> {
        let (status, text) = self.post("/payments", a.payment_id, &self.payment_request(a)).await?;
        if status >= 500 {
            return Err(ConnectorError::Unavailable);
        }
        let Ok(answer) = serde_json::from_str::<PaymentResponse>(&text) else { return Err(ConnectorError::Unavailable) };
        if !(200..300).contains(&status) {
            // A request Adyen would not take (4xx): nothing was charged.
            return Ok(Outcome::Declined { code: DeclineCode::ProcessingError, reference: answer.psp_reference });
        }
        match (answer.result_code.as_deref(), answer.psp_reference) {
            (Some("Authorised"), Some(reference)) => Ok(Outcome::Approved { reference }),
            (Some("Refused"), reference) => Ok(Outcome::Declined { code: decline(answer.refusal_reason_code.as_deref()), reference }),
            (Some("Error" | "Cancelled"), reference) => Ok(Outcome::Declined { code: DeclineCode::ProcessingError, reference }),
            // Received, Pending or anything asynchronous: the AUTHORISATION notification decides.
            _ => Err(ConnectorError::Timeout),
        }
    }

    async fn modification(&self, path: String, op: &Operation<'_>, body: Value) -> Result<Ack, ConnectorError> {
        let (status, text) = self.post(&path, op.idempotency_key, &body).await?;
        if status >= 500 {
            return Err(ConnectorError::Unavailable);
        }
        let answer = serde_json::from_str::<ModificationResponse>(&text).map_err(|_| ConnectorError::Unavailable)?;
        match (status, answer.status.as_deref()) {
            (200..=299, Some("received")) => Ok(Ack::Pending { reference: answer.psp_reference }),
            _ => Ok(Ack::Refused { reason: format!("adyen answered {status}") }),
        }
    }

    pub async fn capture(&self, op: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let body = json!({
            "amount": { "currency": op.amount.currency().code(), "value": op.amount.minor() },
            "merchantAccount": self.settings.merchant_account,
            "reference": op.reference,
        });
        self.modification(format!("/payments/{}/captures", op.payment_reference), op, body).await
    }

    pub async fn void(&self, op: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let body = json!({ "merchantAccount": self.settings.merchant_account, "reference": op.reference });
        self.modification(format!("/payments/{}/cancels", op.payment_reference), op, body).await
    }

    pub async fn refund(&self, op: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let body = json!({
            "amount": { "currency": op.amount.currency().code(), "value": op.amount.minor() },
            "merchantAccount": self.settings.merchant_account,
            "reference": op.reference,
        });
        self.modification(format!("/payments/{}/refunds", op.payment_reference), op, body).await
    }
}

/// An `AUTHORISATION` notification recorded for a payment, as a sync answer.
pub fn sync_from(notification: Option<(bool, String, Option<String>)>) -> Sync {
    match notification {
        Some((true, reference, _)) => Sync::Authorized { reference },
        Some((false, reference, reason)) => Sync::Declined { code: decline(reason.as_deref()), reference: Some(reference) },
        None => Sync::Pending,
    }
}

/// One notification item, as Adyen sends it (`NotificationRequestItem`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationItem {
    pub event_code: String,
    pub psp_reference: String,
    #[serde(default)]
    pub original_reference: Option<String>,
    pub merchant_account_code: String,
    pub merchant_reference: String,
    pub amount: Amount,
    pub success: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub additional_data: Option<Value>,
}

/// An amount as Adyen writes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Amount {
    pub currency: String,
    pub value: u64,
}

impl NotificationItem {
    /// Whether Adyen reports success.
    pub fn succeeded(&self) -> bool {
        self.success == "true"
    }
}

/// Checks an item's `additionalData.hmacSignature`: base64 of HMAC-SHA256, with the hex key, over
/// `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`.
pub fn verify_notification(item: &NotificationItem, hmac_key_hex: &str) -> bool {
    let Some(key) = hex(hmac_key_hex) else { return false };
    let Some(given) = item.additional_data.as_ref().and_then(|d| d.get("hmacSignature")).and_then(Value::as_str) else { return false };
    let payload = [
        item.psp_reference.as_str(),
        item.original_reference.as_deref().unwrap_or(""),
        &item.merchant_account_code,
        &item.merchant_reference,
        &item.amount.value.to_string(),
        &item.amount.currency,
        &item.event_code,
        &item.success,
    ]
    .join(":");
    let expected = b64::encode_standard(&kdf::hmac_sha256(&key, payload.as_bytes()));
    kdf::constant_time_eq(expected.as_bytes(), given.as_bytes())
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.is_empty() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notification of Adyen's own HMAC test (adyen-node-api-library's hmacValidator spec).
    fn item(signature: &str) -> NotificationItem {
        serde_json::from_value(json!({
            "eventCode": "CAPTURE", "pspReference": "pspReference", "originalReference": "originalReference",
            "merchantAccountCode": "merchantAccount", "merchantReference": "reference",
            "amount": { "currency": "EUR", "value": 1000 }, "success": "true", "reason": "reason",
            "additionalData": { "hmacSignature": signature },
        }))
        .unwrap()
    }

    const KEY: &str = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
    const SIGNATURE: &str = "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=";

    #[test]
    fn notification_signatures_match_adyens_vector() {
        assert!(verify_notification(&item(SIGNATURE), KEY));
        assert!(!verify_notification(&item(SIGNATURE), "00"), "another key");
        let mut tampered = item(SIGNATURE);
        tampered.amount.value = 1;
        assert!(!verify_notification(&tampered, KEY), "another amount");
        let mut swapped = item(SIGNATURE);
        swapped.success = "false".into();
        assert!(!verify_notification(&swapped, KEY), "another outcome");
        assert!(!verify_notification(&item("bm9wZQ=="), KEY));
        assert_eq!(hex("0g"), None);
    }

    #[test]
    fn refusal_reasons_become_decline_codes() {
        assert_eq!(decline(Some("12")), DeclineCode::InsufficientFunds);
        assert_eq!(decline(Some("6")), DeclineCode::ExpiredCard);
        assert_eq!(decline(Some("2")), DeclineCode::GenericDecline);
        assert_eq!(sync_from(None), Sync::Pending);
    }
}
