//! The checkout's ports over the Worker's bindings: D1 for sessions, payments, devices, passkeys,
//! events and merchants; Durable Objects for the lease, the counters, the shopper's wrong-code
//! count and webhook deliveries; the configured sender; and the processors, the sandbox for test
//! mode and the merchant's own for live mode.

use std::cell::RefCell;

use serde_json::Value;
use tessera_core::api::ErrorCode;
use tessera_core::checkout::{Limits, Standing};
use tessera_core::crypto::RustCrypto;
use tessera_core::vault::Purpose;

use crate::accounts::ports::{AccountPorts, AccountSettings, Accounts, DashboardSessions, EmailCodes, Members, UserPasskeys, Users, Verifier};
use crate::app::App;
use crate::checkout::ports::{Acquired, AfterPayment, Counters, Devices, Leases, MerchantInfo, Merchants, Messenger, Passkeys, Payments, Ports, Regional, Sessions, Settings, Notifier};
use crate::error::{ApiError, ApiResult};
use crate::passkey::{D1Passkeys, RelyingParty};
use crate::processor::adyen::{self, Adyen};
use crate::processor::sandbox::Sandbox;
use crate::processor::{Ack, Authorization, Connector, ConnectorError, Operation, Outcome, Sync, Target};
use crate::sender::Sender;
use crate::invoices::{InvoicePorts, InvoiceStore};
use crate::personal::ports::{
    AccountCards, AccountCodes, AccountDevices, AccountSessions, ActivityLog, FrameGrants, IdentityVerifier, LockLinks, PersonalPorts, PersonalSettings, ShopperAccounts, ShopperPasskeys,
};
use crate::store::accounts::D1Accounts;
use crate::store::personal::D1Personal;
use crate::store::invoices::D1Invoices;
use crate::store::events::D1Events;
use crate::store::payments::D1Payments;
use crate::store::sessions::D1Sessions;
use crate::store::trust::D1Devices;
use crate::store::{merchants, processors, Db};
use crate::verifier::Verifiers;
use crate::{lock, strikes, velocity};

/// Durable Objects: one lease per session, one counter per key, one count per shopper.
pub struct Objects<'a> {
    env: &'a worker::Env,
}

impl Leases for Objects<'_> {
    async fn acquire(&self, session_id: &str) -> ApiResult<Option<Acquired>> {
        lock::acquire(self.env, session_id).await
    }

    async fn release(&self, session_id: &str, holder: &str, left_at: Option<u64>) -> ApiResult<()> {
        lock::release(self.env, session_id, holder, left_at).await
    }
}

impl Counters for Objects<'_> {
    async fn hit(&self, key: &str, window: u64) -> ApiResult<u32> {
        velocity::hit(self.env, key, window).await
    }

    async fn count(&self, key: &str, window: u64) -> ApiResult<u32> {
        velocity::count(self.env, key, window).await
    }

    async fn take(&self, key: &str, limit: u32, window: u64) -> ApiResult<bool> {
        velocity::take(self.env, key, limit, window).await
    }

    async fn standing(&self, shopper: &str) -> ApiResult<Standing> {
        strikes::get(self.env, shopper).await
    }

    async fn strike(&self, shopper: &str, limits: &Limits) -> ApiResult<Standing> {
        strikes::strike(self.env, shopper, limits).await
    }

    async fn clear(&self, shopper: &str) -> ApiResult<()> {
        strikes::clear(self.env, shopper).await
    }
}

/// Merchants in D1.
pub struct D1Merchants<'a> {
    db: &'a Db,
}

impl Merchants for D1Merchants<'_> {
    async fn info(&self, id: &str) -> ApiResult<MerchantInfo> {
        #[derive(serde::Deserialize)]
        struct Support {
            support_email: Option<String>,
        }
        let params = [crate::store::text(id)];
        let support = self.db.first::<Support>("SELECT json_extract(business, '$.support_email') AS support_email FROM accounts WHERE merchant_id = ?", &params);
        let (merchant, support) = futures_util::future::try_join(merchants::by_id(self.db, id), support).await?;
        let merchant = merchant.ok_or_else(|| ApiError::internal("merchants", "a session's merchant is missing"))?;
        Ok(MerchantInfo { name: merchant.name, support_email: support.and_then(|s| s.support_email) })
    }
}

/// A merchant's live processor: its id and its connector.
pub type Live = std::rc::Rc<(String, Adyen)>;

/// The processors: the sandbox for test mode, the merchant's configured one for live mode.
pub struct Processors<'a> {
    app: &'a App,
    sandbox: Sandbox<'a>,
    /// The live processor of the merchant last asked for, read once per request.
    live: RefCell<Option<(String, Option<Live>)>>,
}

impl Processors<'_> {
    /// The merchant's live processor: its id and its connector.
    pub async fn live(&self, merchant_id: &str) -> ApiResult<Option<Live>> {
        if let Some((cached, live)) = self.live.borrow().as_ref()
            && cached == merchant_id
        {
            return Ok(live.clone());
        }
        let live = match processors::get(&self.app.db, merchant_id, true).await? {
            None => None,
            Some(row) => {
                let settings: adyen::Settings = serde_json::from_str(&row.settings).map_err(|_| ApiError::internal("processors", "stored settings do not parse"))?;
                let opened = self.app.config.checkout.data_keys.open(&RustCrypto, Purpose::ProcessorCredentials, row.id.as_bytes(), &row.credentials()).await?;
                let credentials: adyen::Credentials = serde_json::from_slice(&opened).map_err(|_| ApiError::internal("processors", "stored credentials do not parse"))?;
                Some(std::rc::Rc::new((row.id, Adyen { settings, credentials, timeout_ms: self.app.config.processor_timeout_ms })))
            }
        };
        *self.live.borrow_mut() = Some((merchant_id.to_owned(), live.clone()));
        Ok(live)
    }

    async fn adyen(&self, target: Target<'_>) -> Result<Live, ConnectorError> {
        self.live(target.merchant_id).await.map_err(|_| ConnectorError::Unavailable)?.ok_or(ConnectorError::NotConfigured)
    }
}

fn unanswered(e: &ConnectorError) -> &'static str {
    match e {
        ConnectorError::Timeout => "timeout",
        ConnectorError::Unavailable => "unavailable",
        ConnectorError::NotConfigured => "not_configured",
    }
}

impl Processors<'_> {
    /// Records a call for the payment's timeline. A failure to record is logged, never the
    /// payment's failure: the call itself happened either way.
    #[allow(clippy::too_many_arguments)]
    async fn log(&self, payment_id: &str, refund_id: Option<&str>, operation: &str, outcome: &str, code: Option<&str>, reference: Option<&str>, started_ms: u64) {
        let call = crate::store::timeline::Call { payment_id, refund_id, operation, outcome, code, reference, duration_ms: crate::clock::now_ms().saturating_sub(started_ms), at: self.app.now };
        if let Err(e) = crate::store::timeline::record(&self.app.db, &call).await {
            crate::log::error(&format!("processor call not recorded: {}", e.code.as_str()));
        }
    }

    async fn log_ack(&self, op: &Operation<'_>, refund_id: Option<&str>, operation: &str, answer: &Result<Ack, ConnectorError>, started_ms: u64) {
        let (outcome, code, reference) = match answer {
            Ok(Ack::Done { reference }) => ("done", None, reference.as_deref()),
            Ok(Ack::Pending { reference }) => ("pending", None, reference.as_deref()),
            Ok(Ack::Refused { reason }) => ("refused", Some(reason.as_str()), None),
            Err(e) => ("no_answer", Some(unanswered(e)), None),
        };
        self.log(op.payment_id, refund_id, operation, outcome, code, reference, started_ms).await;
    }
}

impl Connector for Processors<'_> {
    async fn name(&self, target: Target<'_>) -> ApiResult<&'static str> {
        if !target.livemode {
            return self.sandbox.name(target).await;
        }
        match self.live(target.merchant_id).await? {
            Some(_) => Ok("adyen"),
            None => Err(ErrorCode::ProcessorNotConfigured.into()),
        }
    }

    async fn authorize(&self, target: Target<'_>, request: &Authorization<'_>) -> Result<Outcome, ConnectorError> {
        let started = crate::clock::now_ms();
        let answer = if target.livemode { self.adyen(target).await?.1.authorize(request).await } else { self.sandbox.authorize(target, request).await };
        let (outcome, code, reference) = match &answer {
            Ok(Outcome::Approved { reference }) => ("approved", None, Some(reference.as_str())),
            Ok(Outcome::Declined { code, reference }) => ("declined", Some(code.as_str()), reference.as_deref()),
            Err(e) => ("no_answer", Some(unanswered(e)), None),
        };
        self.log(request.payment_id, None, "authorize", outcome, code, reference, started).await;
        answer
    }

    async fn capture(&self, target: Target<'_>, op: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let started = crate::clock::now_ms();
        let answer = if target.livemode { self.adyen(target).await?.1.capture(op).await } else { self.sandbox.capture(target, op).await };
        self.log_ack(op, None, "capture", &answer, started).await;
        answer
    }

    async fn void(&self, target: Target<'_>, op: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let started = crate::clock::now_ms();
        let answer = if target.livemode { self.adyen(target).await?.1.void(op).await } else { self.sandbox.void(target, op).await };
        self.log_ack(op, None, "void", &answer, started).await;
        answer
    }

    async fn refund(&self, target: Target<'_>, op: &Operation<'_>) -> Result<Ack, ConnectorError> {
        let started = crate::clock::now_ms();
        let answer = if target.livemode { self.adyen(target).await?.1.refund(op).await } else { self.sandbox.refund(target, op).await };
        self.log_ack(op, Some(op.reference), "refund", &answer, started).await;
        answer
    }

    async fn sync_payment(&self, target: Target<'_>, payment_id: &str, waited: u64) -> Result<Sync, ConnectorError> {
        if !target.livemode {
            return self.sandbox.sync_payment(target, payment_id, waited).await;
        }
        // Adyen has no status lookup: its AUTHORISATION notification says how it ended, and Adyen
        // sends one for every payment it received; none within the window means it never did.
        let found = processors::authorisation(&self.app.db, payment_id).await.map_err(|_| ConnectorError::Unavailable)?;
        Ok(match adyen::sync_from(found) {
            Sync::Pending if waited >= self.app.config.notification_window => Sync::Unknown,
            other => other,
        })
    }

    async fn submit_evidence(&self, target: Target<'_>, dispute_id: &str, payment_reference: &str, evidence: &Value) -> Result<Ack, ConnectorError> {
        if !target.livemode {
            return self.sandbox.submit_evidence(target, dispute_id, payment_reference, evidence).await;
        }
        // Adyen's defence documents go through its Disputes API; its decision still arrives as a
        // notification (CHARGEBACK_REVERSED or PREARBITRATION_LOST).
        Ok(Ack::Pending { reference: None })
    }
}

/// Every port, for one request.
pub struct EdgePorts<'a> {
    app: &'a App,
    sessions: D1Sessions<'a>,
    payments: D1Payments<'a>,
    objects: Objects<'a>,
    devices: D1Devices<'a>,
    sender: Sender<'a>,
    processors: Processors<'a>,
    passkeys: D1Passkeys<'a>,
    events: D1Events<'a>,
    merchants: D1Merchants<'a>,
    accounts: D1Accounts<'a>,
    invoices: D1Invoices<'a>,
    verifiers: Verifiers<'a>,
    account_settings: AccountSettings,
    personal: D1Personal<'a>,
    personal_settings: PersonalSettings,
}

impl<'a> EdgePorts<'a> {
    /// The ports of `app`; `rp` is the relying party passkeys are checked for, and its origin the
    /// edge's, where the sandbox sends its notifications.
    pub fn new(app: &'a App, rp: RelyingParty) -> Self {
        let notify_url = (!rp.origin.is_empty()).then(|| format!("{}/v1/processors/sandbox/notifications", rp.origin));
        let account_settings = AccountSettings {
            code_key: app.config.dashboard_code_key.clone(),
            csrf_key: app.config.dashboard_csrf_key.clone(),
            idle_seconds: app.config.dashboard_idle,
            rp_id: rp.id.clone(),
            origin: rp.origin.clone(),
        };
        EdgePorts {
            app,
            sessions: D1Sessions { db: &app.db },
            payments: D1Payments { db: &app.db },
            objects: Objects { env: &app.env },
            devices: D1Devices { db: &app.db },
            sender: Sender { env: &app.env, db: &app.db, environment: app.config.environment, now: app.now },
            processors: Processors { app, sandbox: Sandbox { env: &app.env, notify_url }, live: RefCell::new(None) },
            passkeys: D1Passkeys { db: &app.db, rp, now: app.now },
            events: D1Events { db: &app.db, env: &app.env, now: app.now, read_ahead: Default::default() },
            merchants: D1Merchants { db: &app.db },
            accounts: D1Accounts { db: &app.db },
            invoices: D1Invoices { db: &app.db },
            verifiers: Verifiers { env: &app.env },
            personal: D1Personal { db: &app.db },
            personal_settings: PersonalSettings {
                code_key: app.config.dashboard_code_key.clone(),
                csrf_key: app.config.dashboard_csrf_key.clone(),
                limits: app.config.checkout.limits,
                rp_id: account_settings.rp_id.clone(),
                origin: account_settings.origin.clone(),
                language: "en",
            },
            account_settings,
        }
    }

    /// Sends the shopper's codes in the first language `req`'s browser asks for.
    pub fn speaking(mut self, req: &worker::Request) -> Self {
        let accept = req.headers().get("Accept-Language").ok().flatten().unwrap_or_default();
        self.personal_settings.language = tessera_core::i18n::language("", &accept).tag;
        self
    }

    /// The D1 passkeys, for registration.
    pub fn d1_passkeys(&self) -> &D1Passkeys<'a> {
        &self.passkeys
    }

    /// The processors, for their notifications.
    pub fn processors(&self) -> &Processors<'a> {
        &self.processors
    }
}

impl Ports for EdgePorts<'_> {
    fn sessions(&self) -> &impl Sessions {
        &self.sessions
    }
    fn leases(&self) -> &impl Leases {
        &self.objects
    }
    fn counters(&self) -> &impl Counters {
        &self.objects
    }
    fn devices(&self) -> &impl Devices {
        &self.devices
    }
    fn messenger(&self) -> &impl Messenger {
        &self.sender
    }
    fn processor(&self) -> &impl Connector {
        &self.processors
    }
    fn passkeys(&self) -> &impl Passkeys {
        &self.passkeys
    }
    fn notifier(&self) -> &impl Notifier {
        &self.events
    }
    fn payments(&self) -> &impl Payments {
        &self.payments
    }
    fn merchants(&self) -> &impl Merchants {
        &self.merchants
    }
    fn after_payment(&self) -> &impl AfterPayment {
        self
    }
    fn regional(&self) -> &impl Regional {
        &self.devices
    }
    fn public_origin(&self) -> &str {
        &self.personal_settings.origin
    }
    fn now(&self) -> u64 {
        self.app.now
    }
    fn settings(&self) -> &Settings {
        &self.app.config.checkout
    }
}

impl AccountPorts for EdgePorts<'_> {
    fn users(&self) -> &impl Users {
        &self.accounts
    }
    fn codes(&self) -> &impl EmailCodes {
        &self.accounts
    }
    fn dashboard_sessions(&self) -> &impl DashboardSessions {
        &self.accounts
    }
    fn members(&self) -> &impl Members {
        &self.accounts
    }
    fn accounts(&self) -> &impl Accounts {
        &self.accounts
    }
    fn user_passkeys(&self) -> &impl UserPasskeys {
        &self.accounts
    }
    fn verifier(&self) -> &impl Verifier {
        &self.verifiers
    }
    fn counters(&self) -> &impl Counters {
        &self.objects
    }
    fn messenger(&self) -> &impl Messenger {
        &self.sender
    }
    fn notifier(&self) -> &impl Notifier {
        &self.events
    }
    fn now(&self) -> u64 {
        self.app.now
    }
    fn account_settings(&self) -> &AccountSettings {
        &self.account_settings
    }
}

impl PersonalPorts for EdgePorts<'_> {
    fn shopper_accounts(&self) -> &impl ShopperAccounts {
        &self.personal
    }
    fn account_codes(&self) -> &impl AccountCodes {
        &self.personal
    }
    fn account_sessions(&self) -> &impl AccountSessions {
        &self.personal
    }
    fn activity(&self) -> &impl ActivityLog {
        &self.personal
    }
    fn lock_links(&self) -> &impl LockLinks {
        &self.personal
    }
    fn shopper_passkeys(&self) -> &impl ShopperPasskeys {
        &self.personal
    }
    fn account_devices(&self) -> &impl AccountDevices {
        &self.personal
    }
    fn identity_verifier(&self) -> &impl IdentityVerifier {
        &self.verifiers
    }
    fn account_cards(&self) -> &impl AccountCards {
        &self.personal
    }
    fn frame_grants(&self) -> &impl FrameGrants {
        &self.personal
    }
    fn counters(&self) -> &impl Counters {
        &self.objects
    }
    fn messenger(&self) -> &impl Messenger {
        &self.sender
    }
    fn now(&self) -> u64 {
        self.app.now
    }
    fn personal_settings(&self) -> &PersonalSettings {
        &self.personal_settings
    }
}

impl AfterPayment for EdgePorts<'_> {
    async fn paid(&self, session_id: &str) -> ApiResult<()> {
        crate::invoices::paid(self, session_id).await
    }
}

impl InvoicePorts for EdgePorts<'_> {
    fn invoices(&self) -> &impl InvoiceStore {
        &self.invoices
    }
    fn origin(&self) -> &str {
        &self.account_settings.origin
    }
}
