//! `tessera-edge`: the Tessera verifier on Cloudflare Workers. This file is the entry: the
//! router (`routes::table` says where a path goes) and the scheduled sweep. The checkout's use
//! cases live in `checkout`, reaching the world through the ports `adapters` implements; the
//! Durable Object classes live beside the code that uses them.
// The `durable_object` macro generates undocumented public items; this crate is a Worker, not a
// library, so its public surface is the HTTP API documented in the README.
#![allow(missing_docs)]

mod accounts;
mod adapters;
mod app;
mod auth;
mod checkout;
mod claims;
mod clock;
mod config;
mod error;
mod fault;
mod http;
mod invoices;
mod lock;
mod log;
mod objects;
mod passkey;
mod personal;
mod processor;
mod provider;
mod rate_limit;
mod replay;
mod routes;
mod sender;
mod store;
mod strikes;
mod velocity;
mod verifier;
mod webhooks;
mod zones;

pub use lock::SessionLock;
pub use processor::sandbox::SandboxProcessor;
pub use replay::ReplayGuard;
pub use strikes::ShopperStrikes;
pub use velocity::VelocityCounter;
pub use webhooks::WebhookDelivery;

use tessera_core::api::ErrorCode;
use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

use crate::app::App;
use crate::http::{ApiError, ApiResult};
use crate::routes::table::{self, Route};

#[event(fetch)]
async fn fetch(incoming: worker::web_sys::Request, env: Env, _ctx: Context) -> Result<Response> {
    // workers-rs reads a method it does not know (QUERY, say) as GET: such a request must
    // reach no handler, so it is routed as TRACE, which every path refuses.
    let known = matches!(incoming.method().as_str(), "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS" | "TRACE" | "CONNECT");
    let req = without_cf(&incoming);
    let method = if known { req.method() } else { worker::Method::Trace };
    let path = req.path();
    let answer = match App::new(env, incoming) {
        Ok(app) => dispatch(&app, req, &method, &path).await,
        Err(e) => Err(e),
    };
    let response = match answer {
        Ok(response) => Ok(response),
        Err(error) => {
            // Log what happened, never what was sent: no bodies, no query strings, no headers.
            log::info(&format!("{method} {path} -> {} {}", error.status, error.code.as_str()));
            http::error_response(error)
        }
    };
    response.map(security_headers)
}

/// The Cron Trigger: nothing lost, nothing doubled. Payments and refunds whose processor answer
/// was lost are resolved, captures and voids are sent again, uncaptured authorisations older than
/// seven days are voided, deliveries whose alarm was lost start again; sessions past their time
/// are marked expired; idempotency entries older than a day and events older than thirty days
/// are deleted.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    if let Err(e) = sweep(env).await {
        log::error(&format!("scheduled sweep failed: {}", e.code.as_str()));
    }
}

async fn sweep(env: Env) -> ApiResult<()> {
    let app = App::scheduled(env)?;
    let ports = adapters::EdgePorts::new(&app, passkey::RelyingParty { id: String::new(), origin: String::new() });
    let swept = checkout::sweep::resolve_due(&ports, app.config.sync_after).await?;
    let expired = checkout::expire_due(&ports, 500).await?;
    let overdue = store::events::overdue(&app.db, app.now, app.config.sync_after, 200).await?;
    for delivery in &overdue {
        if let Err(e) = webhooks::start(&app.env, delivery).await {
            log::error(&format!("sweep: delivery {delivery}: {}", e.code.as_str()));
        }
    }
    for session_id in store::invoices::paid_but_open(&app.db, 200).await? {
        if let Err(e) = invoices::paid(&ports, &session_id).await {
            log::error(&format!("sweep: invoice of {session_id}: {}", e.code.as_str()));
        }
    }
    let forgotten = store::idempotency::sweep(&app.db, app.now).await? + store::accounts::sweep(&app.db, app.now).await?;
    let old_reports = store::csp_reports::sweep(&app.db, app.now).await?;
    let removed = store::retention::purge(&app.db, &app.config.checkout.policy, app.now).await?;
    let old_events = removed.values().sum::<usize>();
    log::info(&format!(
        "sweep: {} payments and {} refunds looked at ({} failed), {expired} sessions expired, {} deliveries restarted, {forgotten} idempotency keys forgotten, {old_events} records past their retention removed, {old_reports} CSP reports over 90 days removed",
        swept.payments,
        swept.refunds,
        swept.failures,
        overdue.len()
    ));
    Ok(())
}

async fn dispatch(app: &App, req: Request, method: &worker::Method, path: &str) -> ApiResult<Response> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let route = table::route(method, &segments);
    // A payment request takes the address's limit beside its other checks (routes::confirm).
    if !matches!(route, Route::Health | Route::Confirm(_) | Route::Verify(_)) {
        rate_limit::client(app, &req).await?;
    }
    match route {
        Route::Jwks => routes::jwks::get(app),
        Route::Health => http::json(200, &serde_json::json!({ "status": "ok" })),
        Route::OpenApi => routes::openapi::get(),
        Route::CreateMerchant => routes::merchants::create(app, req).await,
        Route::CreateSession => routes::sessions::create(app, req).await,
        Route::GetSession(id) => routes::sessions::get(app, req, id).await,
        Route::UpdateSession(id) => routes::sessions::update(app, req, id).await,
        Route::Confirm(id) => routes::confirm::post(app, req, id).await,
        Route::Verify(id) => routes::confirm::verify(app, req, id).await,
        Route::Resend(id) => routes::step_up::resend(app, req, id).await,
        Route::PasskeyOptions(id) => routes::step_up::passkey_options(app, req, id).await,
        Route::PasskeyRegister(id) => routes::step_up::passkey_register(app, req, id).await,
        Route::Summary(id) => routes::frame::summary(app, req, id).await,
        Route::Consent(id) => routes::regional::consent(app, req, id).await,
        Route::Policy => routes::regional::get(app, req).await,
        Route::ClaimLookup => routes::claims::lookup(app, req).await,
        Route::CreateClaim => routes::claims::create(app, req).await,
        Route::ListClaims => routes::claims::list(app, req).await,
        Route::GetClaim(id) => routes::claims::get(app, req, id).await,
        Route::RefundClaim(id) => routes::claims::refund(app, req, id).await,
        Route::RejectClaim(id) => routes::claims::reject(app, req, id).await,
        Route::MeClaim(id) => routes::me::claim(app, req, id).await,
        Route::MePayments => routes::me::payments(app, req).await,
        Route::MeTrustedMerchants => routes::me::trusted_merchants(app, req).await,
        Route::MeTrustMerchant => routes::me::trust_merchant(app, req).await,
        Route::MeUntrustMerchant(id) => routes::me::untrust_merchant(app, req, id).await,
        Route::OperatorDeletion => routes::me::operator_deletion(app, req).await,
        Route::Frame => routes::frame::page(app, req).await,
        Route::FramePosted => routes::frame::posted(app, req).await,
        Route::ListPayments => routes::payments::list(app, req).await,
        Route::GetPayment(id) => routes::payments::get(app, req, id).await,
        Route::GetRiskRules => routes::risk::get(app, req).await,
        Route::PutRiskRules => routes::risk::put(app, req).await,
        Route::RollApiKey => routes::api_keys::roll(app, req).await,
        Route::CancelSession(id) => routes::sessions::cancel(app, req, id).await,
        Route::CapturePayment(id) => routes::payments::capture(app, req, id).await,
        Route::CancelPayment(id) => routes::payments::cancel(app, req, id).await,
        Route::CreateRefund => routes::refunds::create(app, req).await,
        Route::ListRefunds => routes::refunds::list(app, req).await,
        Route::GetRefund(id) => routes::refunds::get(app, req, id).await,
        Route::ListDisputes => routes::disputes::list(app, req).await,
        Route::GetDispute(id) => routes::disputes::get(app, req, id).await,
        Route::UpdateDispute(id) => routes::disputes::update(app, req, id).await,
        Route::CloseDispute(id) => routes::disputes::close(app, req, id).await,
        Route::ListEvents => routes::events::list(app, req).await,
        Route::PostCspReport => routes::csp_reports::post(app, req).await,
        Route::ListCspReports => routes::csp_reports::list(app, req).await,
        Route::GetEvent(id) => routes::events::get(app, req, id).await,
        Route::EventDeliveries(id) => routes::events::deliveries(app, req, id).await,
        Route::RetryEvent(id) => routes::events::retry(app, req, id).await,
        Route::CreateEndpoint => routes::events::create_endpoint(app, req).await,
        Route::ListEndpoints => routes::events::list_endpoints(app, req).await,
        Route::GetEndpoint(id) => routes::events::get_endpoint(app, req, id).await,
        Route::DeleteEndpoint(id) => routes::events::delete_endpoint(app, req, id).await,
        Route::RollEndpointSecret(id) => routes::events::roll_secret(app, req, id).await,
        Route::ConfigureProcessor => routes::processors::configure(app, req).await,
        Route::GetProcessors => routes::processors::get(app, req).await,
        Route::SandboxNotification => routes::processors::sandbox_notification(app, req).await,
        Route::ProcessorNotification(id) => routes::processors::adyen_notification(app, req, id).await,
        Route::ListApiKeys => routes::api_keys::list(app, req).await,
        Route::MeSendCode => routes::me::send_code(app, req).await,
        Route::MeResendCode(id) => routes::me::resend_code(app, req, id).await,
        Route::MeVerifyCode(id) => routes::me::verify_code(app, req, id).await,
        Route::MeUnlock => routes::me::unlock(app, req).await,
        Route::MeLock => routes::me::lock(app, req).await,
        Route::Me => routes::me::get(app, req).await,
        Route::MeConsents => routes::me::consents(app, req).await,
        Route::MeWithdrawConsent(id) => routes::me::withdraw_consent(app, req, id).await,
        Route::MeDelete => routes::me::delete(app, req).await,
        Route::MeSignOut => routes::me::sign_out(app, req).await,
        Route::MeSignOutEverywhere => routes::me::sign_out_everywhere(app, req).await,
        Route::MeStartPhone => routes::me::start_phone(app, req).await,
        Route::MeVerifyPhone => routes::me::verify_phone(app, req).await,
        Route::MeStartCurrentPhone => routes::me::start_current_phone(app, req).await,
        Route::MeVerifyCurrentPhone => routes::me::verify_current_phone(app, req).await,
        Route::MeAddress => routes::me::put_address(app, req).await,
        Route::MeIdentity => routes::me::post_identity(app, req).await,
        Route::MePasskeyOptions => routes::me::passkey_options(app, req).await,
        Route::MePasskeySignIn => routes::me::passkey_sign_in(app, req).await,
        Route::MePasskeyRegister => routes::me::passkey_register(app, req).await,
        Route::MePasskeys => routes::me::passkey_list(app, req).await,
        Route::MeDeletePasskey(id) => routes::me::passkey_delete(app, req, id).await,
        Route::MeDevices => routes::me::devices(app, req).await,
        Route::MeRevokeDevice(id) => routes::me::revoke_device(app, req, id).await,
        Route::MeActivity => routes::me::activity(app, req).await,
        Route::MeExport => routes::me::export(app, req).await,
        Route::MeSaveCard => routes::me::save_card(app, req).await,
        Route::MeCards => routes::me::cards(app, req).await,
        Route::MeDeleteCard(id) => routes::me::delete_card(app, req, id).await,
        Route::SaveCardOffer(id) => routes::step_up::save_card_offer(app, req, id).await,
        Route::AccountOptions(id) => routes::step_up::account_options(app, req, id).await,
        Route::AccountSignIn(id) => routes::step_up::account_sign_in(app, req, id).await,
        Route::AccountPay(id) => routes::step_up::account_pay(app, req, id).await,
        Route::ReviewShopperIdentity(id) => routes::me::review_identity(app, req, id).await,
        Route::IdentityNotification => routes::me::identity_notification(app, req).await,
        Route::SendCode => routes::dashboard::send_code(app, req).await,
        Route::ResendCode(id) => routes::dashboard::resend_code(app, req, id).await,
        Route::VerifyCode(id) => routes::dashboard::verify_code(app, req, id).await,
        Route::DashboardPasskeyOptions => routes::dashboard::passkey_options(app, req).await,
        Route::DashboardPasskeySignIn => routes::dashboard::passkey_sign_in(app, req).await,
        Route::DashboardPasskeyRegister => routes::dashboard::passkey_register(app, req).await,
        Route::DashboardPasskeys => routes::dashboard::passkey_list(app, req).await,
        Route::DeleteDashboardPasskey(id) => routes::dashboard::passkey_delete(app, req, id).await,
        Route::DashboardSession => routes::dashboard::session(app, req).await,
        Route::SignOut => routes::dashboard::sign_out(app, req).await,
        Route::SwitchMerchant => routes::dashboard::switch(app, req).await,
        Route::AcceptInvite => routes::dashboard::accept_invite(app, req).await,
        Route::PostAccount => routes::accounts::post(app, req).await,
        Route::GetAccount => routes::accounts::get(app, req).await,
        Route::VerifyAccount => routes::accounts::verify(app, req).await,
        Route::BrandAccount => routes::accounts::brand(app, req).await,
        Route::AccountOrigins => routes::accounts::allow_origins(app, req).await,
        Route::ReviewAccount(id) => routes::accounts::review(app, req, id).await,
        Route::VerificationNotification => routes::accounts::notification(app, req).await,
        Route::ListMembers => routes::members::list(app, req).await,
        Route::InviteMember => routes::members::invite(app, req).await,
        Route::UpdateMember(id) => routes::members::update(app, req, id).await,
        Route::RemoveMember(id) => routes::members::remove(app, req, id).await,
        Route::PaymentTimeline(id) => routes::timeline::get(app, req, id).await,
        Route::ReportSummary => routes::reports::summary(app, req).await,
        Route::ReportPaymentsCsv => routes::reports::payments_csv(app, req).await,
        Route::ReportRefundsCsv => routes::reports::refunds_csv(app, req).await,
        Route::CreateInvoice => routes::invoices::create(app, req).await,
        Route::ListInvoices => routes::invoices::list(app, req).await,
        Route::GetInvoice(id) => routes::invoices::get(app, req, id).await,
        Route::UpdateInvoice(id) => routes::invoices::update(app, req, id).await,
        Route::FinalizeInvoice(id) => routes::invoices::finalize(app, req, id).await,
        Route::VoidInvoice(id) => routes::invoices::void(app, req, id).await,
        Route::BrandCss => routes::hosted::brand_css(&req),
        Route::HostedInvoice(id) => routes::hosted::page(app, req, id, false).await,
        Route::PrintInvoice(id) => routes::hosted::page(app, req, id, true).await,
        #[cfg(feature = "dev")]
        Route::DevSeedPayments => routes::dev::seed_payments(app, req).await,
        #[cfg(feature = "dev")]
        Route::DevFaults => routes::dev::faults(app, req).await,
        #[cfg(feature = "dev")]
        Route::DevOutbox => routes::dev::outbox(app, req).await,
        #[cfg(feature = "dev")]
        Route::DevLedger => routes::dev::ledger(app).await,
        #[cfg(feature = "dev")]
        Route::DevBenchCrypto => routes::dev::bench_crypto(app, req).await,
        #[cfg(feature = "dev")]
        Route::DevRetention => routes::dev::retention(app, req).await,
        #[cfg(feature = "dev")]
        Route::DevStorageCalls => routes::dev::storage_calls(app),
        Route::MethodNotAllowed => Err(ApiError::from(ErrorCode::MethodNotAllowed).with_header("Allow", table::allowed(&segments))),
        Route::NotFound => Err(ApiError::from(ErrorCode::RouteNotFound)),
    }
}

/// The request as workers-rs wraps it, with `request.cf` hidden. Wrapping reads `cf`, and
/// workerd builds that object afresh on every read: profiled locally it was the largest single
/// cost of a small request. `cf` is an accessor on `Request.prototype`, so an own property
/// shadows it on this request; the country, the one thing the edge uses from it, is read
/// through the prototype only when the risk checks ask (`App::cf_place`).
fn without_cf(incoming: &worker::web_sys::Request) -> Request {
    let hidden = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&hidden, &"value".into(), &wasm_bindgen::JsValue::UNDEFINED);
    js_sys::Object::define_property(incoming, &"cf".into(), &hidden);
    Request::from(Clone::clone(incoming))
}

/// Headers every response carries.
fn security_headers(response: Response) -> Response {
    let headers = response.headers();
    let _ = headers.set("X-Content-Type-Options", "nosniff");
    let _ = headers.set("Cache-Control", headers.get("Cache-Control").ok().flatten().as_deref().unwrap_or("no-store"));
    response
}
