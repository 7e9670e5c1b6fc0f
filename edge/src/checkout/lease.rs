//! A session's lease while one payment request holds it: one confirm at a time per session.
//! It is given back once, as soon as the session's answer is recorded (beside the work that
//! follows the commit, which needs no lease), or when the request ends, whichever is first.

use core::cell::Cell;
use std::future::Future;

use tessera_core::api::ErrorCode;

use super::ports::{Leases, Ports};
use crate::error::ApiResult;

/// The lease this request holds, under a holder the edge made up (never a value the client chose).
pub struct Lease<'a> {
    session_id: &'a str,
    holder: String,
    given_back: Cell<bool>,
}

impl Lease<'_> {
    /// Gives the lease back, if this request still holds it. A failure is logged: the lease
    /// runs out on its own.
    pub async fn give_back(&self, p: &impl Ports) {
        if self.given_back.replace(true) {
            return;
        }
        if let Err(e) = p.leases().release(self.session_id, &self.holder).await {
            crate::log::error(&format!("could not release the lease of {}: {}", self.session_id, e.code.as_str()));
        }
    }
}

/// Runs `work` holding the session's lease and gives it back whatever happened; another
/// request holding it is `confirm_in_progress`.
pub async fn leased<T>(p: &impl Ports, session_id: &str, work: impl AsyncFnOnce(&Lease<'_>) -> ApiResult<T>) -> ApiResult<T> {
    leased_beside(p, session_id, async { Ok(()) }, async |lease, ()| work(lease).await).await
}

/// [`leased`], with `beside` (a read that needs no lease) done while the lease is asked for and
/// handed to `work`.
pub async fn leased_beside<A, T>(p: &impl Ports, session_id: &str, beside: impl Future<Output = ApiResult<A>>, work: impl AsyncFnOnce(&Lease<'_>, A) -> ApiResult<T>) -> ApiResult<T> {
    let (holder, read) = futures_util::future::join(p.leases().acquire(session_id), beside).await;
    let Some(holder) = holder? else { return Err(ErrorCode::ConfirmInProgress.into()) };
    let lease = Lease { session_id, holder, given_back: Cell::new(false) };
    let result = match read {
        Ok(read) => work(&lease, read).await,
        Err(e) => Err(e),
    };
    lease.give_back(p).await;
    result
}
