//! The checkout's ports over the Worker's bindings: D1 for sessions, devices, passkeys and
//! merchants; Durable Objects for the lease, the counters, the shopper's wrong-code count and
//! webhook delivery; the configured sender; the sandbox processor.

use tessera_core::checkout::{Limits, Standing};

use crate::app::App;
use crate::checkout::ports::{Counters, Leases, MerchantInfo, Merchants, Notifier, Ports, Sessions, Settings, Devices, Messenger, Passkeys};
use crate::error::{ApiError, ApiResult};
use crate::passkey::{D1Passkeys, RelyingParty};
use crate::processor::sandbox::Sandbox;
use crate::processor::Connector;
use crate::sender::Sender;
use crate::store::sessions::D1Sessions;
use crate::store::trust::D1Devices;
use crate::store::merchants;
use crate::{lock, strikes, velocity, webhooks};

/// Durable Objects: one lease per session, one counter per key, one count per shopper.
pub struct Objects<'a> {
    env: &'a worker::Env,
}

impl Leases for Objects<'_> {
    async fn acquire(&self, session_id: &str) -> ApiResult<Option<String>> {
        lock::acquire(self.env, session_id).await
    }

    async fn release(&self, session_id: &str, holder: &str) -> ApiResult<()> {
        lock::release(self.env, session_id, holder).await
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

impl Notifier for Objects<'_> {
    async fn deliver(&self, event_id: &str) -> ApiResult<()> {
        webhooks::start(self.env, event_id).await
    }
}

/// Merchants in D1.
pub struct D1Merchants<'a> {
    db: &'a crate::store::Db,
}

impl Merchants for D1Merchants<'_> {
    async fn info(&self, id: &str) -> ApiResult<MerchantInfo> {
        let merchant = merchants::by_id(self.db, id).await?.ok_or_else(|| ApiError::internal("merchants", "a session's merchant is missing"))?;
        Ok(MerchantInfo { name: merchant.name, webhooks: merchant.webhook_url.is_some() })
    }
}

/// Every port, for one request.
pub struct EdgePorts<'a> {
    app: &'a App,
    sessions: D1Sessions<'a>,
    objects: Objects<'a>,
    devices: D1Devices<'a>,
    sender: Sender<'a>,
    processor: Sandbox<'a>,
    passkeys: D1Passkeys<'a>,
    merchants: D1Merchants<'a>,
}

impl<'a> EdgePorts<'a> {
    /// The ports of `app`; `rp` is the relying party passkeys are checked for.
    pub fn new(app: &'a App, rp: RelyingParty) -> Self {
        EdgePorts {
            app,
            sessions: D1Sessions { db: &app.db },
            objects: Objects { env: &app.env },
            devices: D1Devices { db: &app.db },
            sender: Sender { env: &app.env, db: &app.db, environment: app.config.environment, now: app.now },
            processor: Sandbox { env: &app.env },
            passkeys: D1Passkeys { db: &app.db, rp, now: app.now },
            merchants: D1Merchants { db: &app.db },
        }
    }

    /// The D1 passkeys, for registration.
    pub fn d1_passkeys(&self) -> &D1Passkeys<'a> {
        &self.passkeys
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
        &self.processor
    }
    fn passkeys(&self) -> &impl Passkeys {
        &self.passkeys
    }
    fn notifier(&self) -> &impl Notifier {
        &self.objects
    }
    fn merchants(&self) -> &impl Merchants {
        &self.merchants
    }
    fn now(&self) -> u64 {
        self.app.now
    }
    fn settings(&self) -> &Settings {
        &self.app.config.checkout
    }
}
