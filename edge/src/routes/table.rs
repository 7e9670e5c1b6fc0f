//! Which handler a method and path reach, as a pure function, so the table is tested natively
//! and a production build provably has no development routes: they exist only with the `dev`
//! feature (`npm run build` turns it on for local use and tests; a deployment builds without).

use worker::Method;

/// A route, with the ids its path carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Jwks,
    Health,
    OpenApi,
    MeSendCode,
    MeResendCode(&'a str),
    MeVerifyCode(&'a str),
    MeUnlock,
    MeLock,
    Me,
    MeDelete,
    MeSignOut,
    MeSignOutEverywhere,
    MeStartPhone,
    MeVerifyPhone,
    MeStartCurrentPhone,
    MeVerifyCurrentPhone,
    MeAddress,
    MeIdentity,
    MePasskeyOptions,
    MePasskeySignIn,
    MePasskeyRegister,
    MePasskeys,
    MeDeletePasskey(&'a str),
    MeDevices,
    MeConsents,
    MeWithdrawConsent(&'a str),
    MeRevokeDevice(&'a str),
    MeActivity,
    MeExport,
    MeSaveCard,
    MeCards,
    MeDeleteCard(&'a str),
    SaveCardOffer(&'a str),
    AccountOptions(&'a str),
    AccountSignIn(&'a str),
    AccountPay(&'a str),
    ReviewShopperIdentity(&'a str),
    IdentityNotification,
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
    Consent(&'a str),
    Policy,
    ClaimLookup,
    CreateClaim,
    ListClaims,
    GetClaim(&'a str),
    RefundClaim(&'a str),
    RejectClaim(&'a str),
    MeClaim(&'a str),
    MePayments,
    MeTrustedMerchants,
    MeTrustMerchant,
    MeUntrustMerchant(&'a str),
    OperatorDeletion,
    Frame,
    FramePosted,
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
    PostCspReport,
    ListCspReports,
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
    ListApiKeys,
    SendCode,
    ResendCode(&'a str),
    VerifyCode(&'a str),
    DashboardPasskeyOptions,
    DashboardPasskeySignIn,
    DashboardPasskeyRegister,
    DashboardPasskeys,
    DeleteDashboardPasskey(&'a str),
    DashboardSession,
    SignOut,
    SwitchMerchant,
    AcceptInvite,
    PostAccount,
    GetAccount,
    VerifyAccount,
    BrandAccount,
    AccountOrigins,
    ReviewAccount(&'a str),
    VerificationNotification,
    ListMembers,
    InviteMember,
    UpdateMember(&'a str),
    RemoveMember(&'a str),
    PaymentTimeline(&'a str),
    ReportSummary,
    ReportPaymentsCsv,
    ReportRefundsCsv,
    CreateInvoice,
    ListInvoices,
    GetInvoice(&'a str),
    UpdateInvoice(&'a str),
    FinalizeInvoice(&'a str),
    VoidInvoice(&'a str),
    BrandCss,
    HostedInvoice(&'a str),
    PrintInvoice(&'a str),
    #[cfg(feature = "dev")]
    DevSeedPayments,
    #[cfg(feature = "dev")]
    DevFaults,
    #[cfg(feature = "dev")]
    DevOutbox,
    #[cfg(feature = "dev")]
    DevLedger,
    #[cfg(feature = "dev")]
    DevBenchCrypto,
    #[cfg(feature = "dev")]
    DevRetention,
    #[cfg(feature = "dev")]
    DevStorageCalls,
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
        (Get, ["openapi.json"]) => Route::OpenApi,
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
        (Post, ["v1", "checkout_sessions", id, "consent"]) => Route::Consent(id),
        (Get, ["v1", "policy"]) => Route::Policy,
        (Post, ["v1", "claims", "lookup"]) => Route::ClaimLookup,
        (Post, ["v1", "claims"]) => Route::CreateClaim,
        (Get, ["v1", "claims"]) => Route::ListClaims,
        (Get, ["v1", "claims", id]) if *id != "lookup" => Route::GetClaim(id),
        (Post, ["v1", "claims", id, "refund"]) => Route::RefundClaim(id),
        (Post, ["v1", "claims", id, "reject"]) => Route::RejectClaim(id),
        (Post, ["v1", "me", "payments", id, "claim"]) => Route::MeClaim(id),
        (Get, ["v1", "me", "payments"]) => Route::MePayments,
        (Get, ["v1", "me", "trusted_merchants"]) => Route::MeTrustedMerchants,
        (Post, ["v1", "me", "trusted_merchants"]) => Route::MeTrustMerchant,
        (Delete, ["v1", "me", "trusted_merchants", id]) => Route::MeUntrustMerchant(id),
        (Post, ["v1", "operator", "deletion_requests"]) => Route::OperatorDeletion,
        (Get, ["v1", "frame"]) => Route::Frame,
        (Post, ["v1", "frame"]) => Route::FramePosted,
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
        (Post, ["v1", "csp_reports"]) => Route::PostCspReport,
        (Get, ["v1", "csp_reports"]) => Route::ListCspReports,
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
        (Get, ["v1", "api_keys"]) => Route::ListApiKeys,
        (Post, ["v1", "me", "codes"]) => Route::MeSendCode,
        (Post, ["v1", "me", "codes", id, "resend"]) => Route::MeResendCode(id),
        (Post, ["v1", "me", "codes", id, "verify"]) => Route::MeVerifyCode(id),
        (Post, ["v1", "me", "unlock"]) => Route::MeUnlock,
        (Post, ["v1", "me", "lock"]) => Route::MeLock,
        (Get, ["v1", "me"]) => Route::Me,
        (Delete, ["v1", "me"]) => Route::MeDelete,
        (Post, ["v1", "me", "sign_out"]) => Route::MeSignOut,
        (Post, ["v1", "me", "sign_out_everywhere"]) => Route::MeSignOutEverywhere,
        (Post, ["v1", "me", "phone"]) => Route::MeStartPhone,
        (Get, ["v1", "me", "consents"]) => Route::MeConsents,
        (Post, ["v1", "me", "consents", id, "withdraw"]) => Route::MeWithdrawConsent(id),
        (Post, ["v1", "me", "phone", "verify"]) => Route::MeVerifyPhone,
        (Post, ["v1", "me", "phone", "current"]) => Route::MeStartCurrentPhone,
        (Post, ["v1", "me", "phone", "current", "verify"]) => Route::MeVerifyCurrentPhone,
        (Put, ["v1", "me", "address"]) => Route::MeAddress,
        (Post, ["v1", "me", "identity"]) => Route::MeIdentity,
        (Post, ["v1", "me", "passkeys", "options"]) => Route::MePasskeyOptions,
        (Post, ["v1", "me", "passkeys", "sign_in"]) => Route::MePasskeySignIn,
        (Post, ["v1", "me", "passkeys"]) => Route::MePasskeyRegister,
        (Get, ["v1", "me", "passkeys"]) => Route::MePasskeys,
        (Delete, ["v1", "me", "passkeys", id]) if !matches!(*id, "options" | "sign_in") => Route::MeDeletePasskey(id),
        (Get, ["v1", "me", "devices"]) => Route::MeDevices,
        (Post, ["v1", "me", "devices", id, "revoke"]) => Route::MeRevokeDevice(id),
        (Get, ["v1", "me", "activity"]) => Route::MeActivity,
        (Get, ["v1", "me", "export"]) => Route::MeExport,
        (Post, ["v1", "me", "cards"]) => Route::MeSaveCard,
        (Get, ["v1", "me", "cards"]) => Route::MeCards,
        (Delete, ["v1", "me", "cards", id]) => Route::MeDeleteCard(id),
        (Post, ["v1", "checkout_sessions", id, "save_card"]) => Route::SaveCardOffer(id),
        (Post, ["v1", "checkout_sessions", id, "account", "options"]) => Route::AccountOptions(id),
        (Post, ["v1", "checkout_sessions", id, "account", "sign_in"]) => Route::AccountSignIn(id),
        (Post, ["v1", "checkout_sessions", id, "account", "pay"]) => Route::AccountPay(id),
        (Post, ["v1", "operator", "shopper_accounts", id, "identity"]) => Route::ReviewShopperIdentity(id),
        (Post, ["v1", "identity_checks", "notifications"]) => Route::IdentityNotification,
        (Post, ["v1", "dashboard", "email_codes"]) => Route::SendCode,
        (Post, ["v1", "dashboard", "email_codes", id, "resend"]) => Route::ResendCode(id),
        (Post, ["v1", "dashboard", "email_codes", id, "verify"]) => Route::VerifyCode(id),
        (Post, ["v1", "dashboard", "passkeys", "options"]) => Route::DashboardPasskeyOptions,
        (Post, ["v1", "dashboard", "passkeys", "sign_in"]) => Route::DashboardPasskeySignIn,
        (Post, ["v1", "dashboard", "passkeys"]) => Route::DashboardPasskeyRegister,
        (Get, ["v1", "dashboard", "passkeys"]) => Route::DashboardPasskeys,
        (Delete, ["v1", "dashboard", "passkeys", id]) if !matches!(*id, "options" | "sign_in") => Route::DeleteDashboardPasskey(id),
        (Get, ["v1", "dashboard", "session"]) => Route::DashboardSession,
        (Post, ["v1", "dashboard", "sign_out"]) => Route::SignOut,
        (Post, ["v1", "dashboard", "session", "merchant"]) => Route::SwitchMerchant,
        (Post, ["v1", "dashboard", "invites", "accept"]) => Route::AcceptInvite,
        (Post, ["v1", "account"]) => Route::PostAccount,
        (Get, ["v1", "account"]) => Route::GetAccount,
        (Post, ["v1", "account", "verification"]) => Route::VerifyAccount,
        (Post, ["v1", "account", "branding"]) => Route::BrandAccount,
        (Post, ["v1", "account", "allowed_origins"]) => Route::AccountOrigins,
        (Post, ["v1", "operator", "accounts", id, "verification"]) => Route::ReviewAccount(id),
        (Post, ["v1", "verifications", "notifications"]) => Route::VerificationNotification,
        (Get, ["v1", "members"]) => Route::ListMembers,
        (Post, ["v1", "members"]) => Route::InviteMember,
        (Post, ["v1", "members", id]) => Route::UpdateMember(id),
        (Delete, ["v1", "members", id]) => Route::RemoveMember(id),
        (Get, ["v1", "payments", id, "timeline"]) => Route::PaymentTimeline(id),
        (Get, ["v1", "reports", "summary"]) => Route::ReportSummary,
        (Get, ["v1", "reports", "payments.csv"]) => Route::ReportPaymentsCsv,
        (Get, ["v1", "reports", "refunds.csv"]) => Route::ReportRefundsCsv,
        (Post, ["v1", "invoices"]) => Route::CreateInvoice,
        (Get, ["v1", "invoices"]) => Route::ListInvoices,
        (Get, ["v1", "invoices", id]) => Route::GetInvoice(id),
        (Post, ["v1", "invoices", id]) => Route::UpdateInvoice(id),
        (Post, ["v1", "invoices", id, "finalize"]) => Route::FinalizeInvoice(id),
        (Post, ["v1", "invoices", id, "void"]) => Route::VoidInvoice(id),
        (Get, ["v1", "frame", "brand.css"]) => Route::BrandCss,
        (Get, ["i", id]) => Route::HostedInvoice(id),
        (Get, ["i", id, "print"]) => Route::PrintInvoice(id),
        #[cfg(feature = "dev")]
        (Post, ["dev", "seed", "payments"]) => Route::DevSeedPayments,
        #[cfg(feature = "dev")]
        (Put, ["dev", "sandbox", "faults"]) => Route::DevFaults,
        #[cfg(feature = "dev")]
        (Get, ["dev", "outbox"]) => Route::DevOutbox,
        #[cfg(feature = "dev")]
        (Get, ["dev", "sandbox", "ledger"]) => Route::DevLedger,
        #[cfg(feature = "dev")]
        (Post, ["dev", "bench", "crypto"]) => Route::DevBenchCrypto,
        #[cfg(feature = "dev")]
        (Post, ["dev", "retention"]) => Route::DevRetention,
        #[cfg(feature = "dev")]
        (Get, ["dev", "storage_calls"]) => Route::DevStorageCalls,
        (
            _,
            [".well-known", "jwks.json"]
            | ["openapi.json"]
            | ["health"]
            | ["v1", "frame", ..]
            | ["v1", "merchants"]
            | ["v1", "checkout_sessions", ..]
            | ["v1", "payments", ..]
            | ["v1", "risk", ..]
            | ["v1", "policy"]
            | ["v1", "claims", ..]
            | ["v1", "api_keys", ..]
            | ["v1", "refunds", ..]
            | ["v1", "disputes", ..]
            | ["v1", "events", ..]
            | ["v1", "csp_reports"]
            | ["v1", "webhook_endpoints", ..]
            | ["v1", "processors", ..]
            | ["v1", "dashboard", ..]
            | ["v1", "account", ..]
            | ["v1", "me", ..]
            | ["v1", "identity_checks", ..]
            | ["v1", "operator", ..]
            | ["v1", "verifications", ..]
            | ["v1", "members", ..]
            | ["v1", "reports", ..]
            | ["v1", "invoices", ..]
            | ["i", ..],
        ) => Route::MethodNotAllowed,
        _ => Route::NotFound,
    }
}

/// The methods a path answers, for the `Allow` header of a 405 (RFC 9110 §15.5.6).
pub fn allowed(segments: &[&str]) -> String {
    use Method::{Delete, Get, Post, Put};
    let methods: Vec<&str> = [(Get, "GET"), (Post, "POST"), (Put, "PUT"), (Delete, "DELETE")]
        .into_iter()
        .filter(|(m, _)| !matches!(route(m, segments), Route::MethodNotAllowed | Route::NotFound))
        .map(|(_, name)| name)
        .collect();
    methods.join(", ")
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
        assert_eq!(at(Method::Post, "/v1/dashboard/email_codes/ec_1/verify"), Route::VerifyCode("ec_1"));
        assert_eq!(at(Method::Get, "/v1/payments/pay_1/timeline"), Route::PaymentTimeline("pay_1"));
        assert_eq!(at(Method::Get, "/v1/reports/payments.csv"), Route::ReportPaymentsCsv);
        assert_eq!(at(Method::Get, "/i/in_1/print"), Route::PrintInvoice("in_1"));
        assert_eq!(at(Method::Delete, "/v1/account"), Route::MethodNotAllowed);
        assert_eq!(at(Method::Post, "/health"), Route::MethodNotAllowed);
        assert_eq!(at(Method::Post, "/v1/frame"), Route::FramePosted);
        assert_eq!(at(Method::Put, "/v1/frame"), Route::MethodNotAllowed);
    }

    #[test]
    fn a_405_says_which_methods_the_path_has() {
        assert_eq!(allowed(&["v1", "checkout_sessions", "cs_1"]), "GET, POST");
        assert_eq!(allowed(&["v1", "risk", "rules"]), "GET, PUT");
        assert_eq!(allowed(&["v1", "webhook_endpoints", "we_1"]), "GET, DELETE");
        assert_eq!(allowed(&["health"]), "GET");
        assert_eq!(allowed(&["v1", "me", "passkeys", "options"]), "POST", "a passkey's id is never a sub-resource's name");
    }

    #[cfg(not(feature = "dev"))]
    #[test]
    fn a_production_build_has_no_development_routes() {
        for (method, path) in [(Method::Post, "/dev/seed/payments"), (Method::Get, "/dev/outbox"), (Method::Get, "/dev/sandbox/ledger"), (Method::Post, "/dev/bench/crypto"), (Method::Put, "/dev/sandbox/faults"), (Method::Get, "/dev/storage_calls")] {
            assert_eq!(at(method, path), Route::NotFound, "{path}");
        }
    }

    #[cfg(feature = "dev")]
    #[test]
    fn a_development_build_has_them() {
        assert_eq!(at(Method::Get, "/dev/outbox"), Route::DevOutbox);
        assert_eq!(at(Method::Get, "/dev/storage_calls"), Route::DevStorageCalls);
    }
}
