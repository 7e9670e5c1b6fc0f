//! What every handler needs: the bindings, the configuration, the database and the time.

use wasm_bindgen::{JsCast, JsValue};
use worker::Env;

use crate::clock;
use crate::config::Config;
use crate::error::ApiResult;
use crate::store::Db;

/// One request's view of the edge.
pub struct App {
    /// The Worker's bindings.
    pub env: Env,
    /// Parsed configuration.
    pub config: std::rc::Rc<Config>,
    /// D1.
    pub db: Db,
    /// Seconds since the epoch, fixed for the request.
    pub now: u64,
    /// The request as the runtime gave it, kept for `cf` (none for the scheduled sweep).
    incoming: Option<worker::web_sys::Request>,
}

impl App {
    /// The crypto provider for the hot path (DPoP proofs and card JWEs).
    pub fn crypto(&self) -> ApiResult<crate::provider::Provider> {
        Ok(crate::provider::Provider::named(self.config.crypto_provider.as_deref())?)
    }
}

/// In development only, `X-Tessera-Dev-Now: <unix seconds>` moves the request's clock, so tests
/// can make a claim on a chosen day (deadlines across weekends and holidays). Proofs stay on the
/// real clock: a moved request with a fresh DPoP proof is refused as stale, as it should be.
fn dev_now(config: &Config, incoming: &worker::web_sys::Request) -> Option<u64> {
    if config.environment != crate::config::Environment::Development {
        return None;
    }
    incoming.headers().get("X-Tessera-Dev-Now").ok().flatten()?.parse().ok().filter(|t: &u64| (1_000_000_000..10_000_000_000).contains(t))
}

impl App {
    /// Builds the view from the bindings.
    pub fn new(env: Env, incoming: worker::web_sys::Request) -> ApiResult<Self> {
        let config = Config::get(&env)?;
        let db = Db::from_env(&env)?;
        let now = dev_now(&config, &incoming).unwrap_or_else(clock::now);
        Ok(Self { env, config, db, now, incoming: Some(incoming) })
    }

    /// The view for a scheduled event, which has no request.
    pub fn scheduled(env: Env) -> ApiResult<Self> {
        let config = Config::get(&env)?;
        let db = Db::from_env(&env)?;
        Ok(Self { env, config, db, now: clock::now(), incoming: None })
    }

    /// `request.cf.country` and `request.cf.regionCode`: the ISO 3166 country Cloudflare placed
    /// the client in and its subdivision. Read through `Request.prototype`'s accessor, because
    /// the entry hid `cf` on the request itself.
    pub fn cf_place(&self) -> (Option<String>, Option<String>) {
        let key = JsValue::from_str;
        let cf = || {
            let incoming = self.incoming.as_ref()?;
            let prototype = js_sys::Object::get_prototype_of(incoming);
            let descriptor = js_sys::Object::get_own_property_descriptor(&prototype, &key("cf"));
            let getter: js_sys::Function = js_sys::Reflect::get(&descriptor, &key("get")).ok()?.dyn_into().ok()?;
            getter.call0(incoming).ok().filter(JsValue::is_object)
        };
        let Some(cf) = cf() else { return (None, None) };
        let read = |name: &str| js_sys::Reflect::get(&cf, &key(name)).ok().and_then(|v| v.as_string());
        (read("country"), read("regionCode"))
    }
}
