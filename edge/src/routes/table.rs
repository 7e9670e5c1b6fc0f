//! Which handler a method and path reach, as a pure function, so the table is tested natively
//! and a production build provably has no development routes: they exist only with the `dev`
//! feature (`npm run build` turns it on for local use and tests; a deployment builds without).

use worker::Method;

/// A route, with the ids its path carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Jwks,
    Health,
    CreateMerchant,
    CreateSession,
    GetSession(&'a str),
    UpdateSession(&'a str),
    Confirm(&'a str),
    Verify(&'a str),
    Resend(&'a str),
    PasskeyOptions(&'a str),
    PasskeyRegister(&'a str),
    Summary(&'a str),
    Frame,
    ListPayments,
    GetPayment(&'a str),
    GetRiskRules,
    PutRiskRules,
    RollApiKey,
    CancelSession(&'a str),
    CapturePayment(&'a str),
    CancelPayment(&'a str),
    CreateRefund,
    ListRefunds,
    GetRefund(&'a str),
    ListDisputes,
    GetDispute(&'a str),
    UpdateDispute(&'a str),
    CloseDispute(&'a str),
    ListEvents,
    GetEvent(&'a str),
    EventDeliveries(&'a str),
    RetryEvent(&'a str),
    CreateEndpoint,
    ListEndpoints,
    GetEndpoint(&'a str),
    DeleteEndpoint(&'a str),
    RollEndpointSecret(&'a str),
    ConfigureProcessor,
    GetProcessors,
    SandboxNotification,
    ProcessorNotification(&'a str),
    #[cfg(feature = "dev")]
    DevFaults,
    #[cfg(feature = "dev")]
    DevOutbox,
    #[cfg(feature = "dev")]
    DevLedger,
    #[cfg(feature = "dev")]
    DevBenchCrypto,
    /// A known path with another method.
    MethodNotAllowed,
    NotFound,
}

/// The route for `method` on the path's `segments`.
pub fn route<'a>(method: &Method, segments: &[&'a str]) -> Route<'a> {
    use Method::{Delete, Get, Post, Put};
    match (method, segments) {
        (Get, [".well-known", "jwks.json"]) => Route::Jwks,
        (Get, ["health"]) => Route::Health,
        (Post, ["v1", "merchants"]) => Route::CreateMerchant,
        (Post, ["v1", "checkout_sessions"]) => Route::CreateSession,
        (Get, ["v1", "checkout_sessions", id]) => Route::GetSession(id),
        (Post, ["v1", "checkout_sessions", id]) => Route::UpdateSession(id),
        (Post, ["v1", "checkout_sessions", id, "confirm"]) => Route::Confirm(id),
        (Post, ["v1", "checkout_sessions", id, "verify"]) => Route::Verify(id),
        (Post, ["v1", "checkout_sessions", id, "step_up", "resend"]) => Route::Resend(id),
        (Post, ["v1", "checkout_sessions", id, "passkeys", "options"]) => Route::PasskeyOptions(id),
        (Post, ["v1", "checkout_sessions", id, "passkeys"]) => Route::PasskeyRegister(id),
        (Post, ["v1", "checkout_sessions", id, "summary"]) => Route::Summary(id),
        (Get, ["v1", "frame"]) => Route::Frame,
        (Get, ["v1", "payments"]) => Route::ListPayments,
        (Get, ["v1", "payments", id]) => Route::GetPayment(id),
        (Get, ["v1", "risk", "rules"]) => Route::GetRiskRules,
        (Put, ["v1", "risk", "rules"]) => Route::PutRiskRules,
        (Post, ["v1", "api_keys", "roll"]) => Route::RollApiKey,
        (Post, ["v1", "checkout_sessions", id, "cancel"]) => Route::CancelSession(id),
        (Post, ["v1", "payments", id, "capture"]) => Route::CapturePayment(id),
        (Post, ["v1", "payments", id, "cancel"]) => Route::CancelPayment(id),
        (Post, ["v1", "refunds"]) => Route::CreateRefund,
        (Get, ["v1", "refunds"]) => Route::ListRefunds,
        (Get, ["v1", "refunds", id]) => Route::GetRefund(id),
        (Get, ["v1", "disputes"]) => Route::ListDisputes,
        (Get, ["v1", "disputes", id]) => Route::GetDispute(id),
        (Post, ["v1", "disputes", id]) => Route::UpdateDispute(id),
        (Post, ["v1", "disputes", id, "close"]) => Route::CloseDispute(id),
        (Get, ["v1", "events"]) => Route::ListEvents,
        (Get, ["v1", "events", id]) => Route::GetEvent(id),
        (Get, ["v1", "events", id, "deliveries"]) => Route::EventDeliveries(id),
        (Post, ["v1", "events", id, "retry"]) => Route::RetryEvent(id),
        (Post, ["v1", "webhook_endpoints"]) => Route::CreateEndpoint,
        (Get, ["v1", "webhook_endpoints"]) => Route::ListEndpoints,
        (Get, ["v1", "webhook_endpoints", id]) => Route::GetEndpoint(id),
        (Delete, ["v1", "webhook_endpoints", id]) => Route::DeleteEndpoint(id),
        (Post, ["v1", "webhook_endpoints", id, "roll_secret"]) => Route::RollEndpointSecret(id),
        (Post, ["v1", "processors"]) => Route::ConfigureProcessor,
        (Get, ["v1", "processors"]) => Route::GetProcessors,
        (Post, ["v1", "processors", "sandbox", "notifications"]) => Route::SandboxNotification,
        (Post, ["v1", "processors", id, "notifications"]) => Route::ProcessorNotification(id),
        #[cfg(feature = "dev")]
        (Put, ["dev", "sandbox", "faults"]) => Route::DevFaults,
        #[cfg(feature = "dev")]
        (Get, ["dev", "outbox"]) => Route::DevOutbox,
        #[cfg(feature = "dev")]
        (Get, ["dev", "sandbox", "ledger"]) => Route::DevLedger,
        #[cfg(feature = "dev")]
        (Post, ["dev", "bench", "crypto"]) => Route::DevBenchCrypto,
        (
            _,
            [".well-known", "jwks.json"]
            | ["v1", "merchants"]
            | ["v1", "checkout_sessions", ..]
            | ["v1", "payments", ..]
            | ["v1", "risk", ..]
            | ["v1", "api_keys", ..]
            | ["v1", "refunds", ..]
            | ["v1", "disputes", ..]
            | ["v1", "events", ..]
            | ["v1", "webhook_endpoints", ..]
            | ["v1", "processors", ..],
        ) => Route::MethodNotAllowed,
        _ => Route::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(method: Method, path: &str) -> Route<'_> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        route(&method, &segments)
    }

    #[test]
    fn paths_reach_their_handlers() {
        assert_eq!(at(Method::Post, "/v1/checkout_sessions/cs_1/confirm"), Route::Confirm("cs_1"));
        assert_eq!(at(Method::Post, "/v1/checkout_sessions/cs_1/step_up/resend"), Route::Resend("cs_1"));
        assert_eq!(at(Method::Delete, "/v1/checkout_sessions/cs_1"), Route::MethodNotAllowed);
        assert_eq!(at(Method::Get, "/v1/nothing"), Route::NotFound);
        assert_eq!(at(Method::Post, "/v1/payments/pay_1/capture"), Route::CapturePayment("pay_1"));
        assert_eq!(at(Method::Delete, "/v1/webhook_endpoints/we_1"), Route::DeleteEndpoint("we_1"));
        assert_eq!(at(Method::Post, "/v1/processors/sandbox/notifications"), Route::SandboxNotification);
        assert_eq!(at(Method::Put, "/v1/refunds"), Route::MethodNotAllowed);
    }

    #[cfg(not(feature = "dev"))]
    #[test]
    fn a_production_build_has_no_development_routes() {
        for (method, path) in [(Method::Get, "/dev/outbox"), (Method::Get, "/dev/sandbox/ledger"), (Method::Post, "/dev/bench/crypto"), (Method::Put, "/dev/sandbox/faults")] {
            assert_eq!(at(method, path), Route::NotFound, "{path}");
        }
    }

    #[cfg(feature = "dev")]
    #[test]
    fn a_development_build_has_them() {
        assert_eq!(at(Method::Get, "/dev/outbox"), Route::DevOutbox);
    }
}
