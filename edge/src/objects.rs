//! Calling Durable Objects: a JSON request to one named object, a JSON answer back.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit};

use crate::http::{ApiError, ApiResult};

/// Development-only counts of the Durable Object calls this isolate made, by binding, for
/// `GET /dev/storage_calls`.
#[cfg(feature = "dev")]
pub mod calls {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    thread_local! {
        static BY_BINDING: RefCell<BTreeMap<String, u32>> = const { RefCell::new(BTreeMap::new()) };
    }

    pub(super) fn count(binding: &str, path: &str) {
        BY_BINDING.with(|m| *m.borrow_mut().entry(format!("{binding}{path}")).or_default() += 1);
    }

    /// Calls so far, by binding and path (`REPLAY_GUARD/check`).
    pub fn by_binding() -> BTreeMap<String, u32> {
        BY_BINDING.with(|m| m.borrow().clone())
    }
}

/// Sends `body` to the object `name` of the namespace bound as `binding`, at `path`.
pub async fn call<B: Serialize, T: DeserializeOwned>(env: &Env, binding: &str, name: &str, path: &str, body: &B) -> ApiResult<T> {
    #[cfg(feature = "dev")]
    calls::count(binding, path);
    #[cfg(feature = "dev")]
    let _flight = crate::store::calls::flight(|| format!("do {binding}{path}"));
    let stub = env.durable_object(binding)?.id_from_name(name)?.get_stub()?;
    let json = serde_json::to_string(body).map_err(|e| ApiError::internal("objects", &e.to_string()))?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_body(Some(JsValue::from_str(&json)));
    let request = Request::new_with_init(&format!("https://{binding}.internal{path}"), &init)?;
    let mut response = stub.fetch_with_request(request).await?;
    if response.status_code() != 200 {
        return Err(ApiError::internal("objects", &format!("{binding}{path} answered {}", response.status_code())));
    }
    Ok(response.json().await?)
}
