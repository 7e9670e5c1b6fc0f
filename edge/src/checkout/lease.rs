//! A session's lease while one payment request holds it: one confirm at a time per session.
//! It is given back once, as soon as the session's answer is recorded (beside the work that
//! follows the commit, which needs no lease), or when the request ends, whichever is first.
//!
//! The holder says which version it left the session at, so the next holder can tell whether
//! the session it read beside taking the lease is the latest (`edge/src/lock.rs`).

use core::cell::Cell;
use std::future::Future;

use tessera_core::api::ErrorCode;

use super::model::Stored;
use super::ports::{Acquired, Leases, Ports, Sessions};
use crate::error::{ApiError, ApiResult};

/// The lease this request holds, under a holder the edge made up (never a value the client chose).
pub struct Lease<'a> {
    session_id: &'a str,
    acquired: Acquired,
    /// The session's version after this holder's last write, once it wrote.
    wrote: Cell<Option<u64>>,
    given_back: Cell<bool>,
}

impl Lease<'_> {
    /// Notes that this holder moved the session from `version` (a commit succeeded).
    pub fn wrote(&self, version: u64) {
        self.wrote.set(Some(version + 1));
    }

    /// The session as of now: `read` (made beside taking the lease) if the last holder left it
    /// at that version, else read again now that the lease is held.
    pub async fn latest(&self, p: &impl Ports, read: Option<Stored>) -> ApiResult<Stored> {
        match read {
            Some(stored) if self.acquired.left_at == Some(stored.version) => Ok(stored),
            _ => p.sessions().load(self.session_id).await?.ok_or_else(|| ApiError::not_found("checkout session")),
        }
    }

    /// Gives the lease back, if this request still holds it. A failure is logged: the lease
    /// runs out on its own.
    pub async fn give_back(&self, p: &impl Ports) {
        if self.given_back.replace(true) {
            return;
        }
        if let Err(e) = p.leases().release(self.session_id, &self.acquired.holder, self.wrote.get()).await {
            crate::log::error(&format!("could not release the lease of {}: {}", self.session_id, e.code.as_str()));
        }
    }
}

/// Runs `work` holding the session's lease and gives it back whatever happened; another
/// request holding it is `confirm_in_progress`. `work` is handed the session as read beside
/// taking the lease; [`Lease::latest`] says whether it can be used.
pub async fn leased<T>(p: &impl Ports, session_id: &str, work: impl AsyncFnOnce(&Lease<'_>, Option<Stored>) -> ApiResult<T>) -> ApiResult<T> {
    leased_beside(p, session_id, async { Ok(()) }, async |lease, read, ()| work(lease, read).await).await
}

/// [`leased`], with `beside` (work that needs no lease) done while the lease is asked for and
/// its result handed to `work`.
pub async fn leased_beside<A, T>(
    p: &impl Ports,
    session_id: &str,
    beside: impl Future<Output = ApiResult<A>>,
    work: impl AsyncFnOnce(&Lease<'_>, Option<Stored>, A) -> ApiResult<T>,
) -> ApiResult<T> {
    let (acquired, read, beside) = futures_util::future::join3(p.leases().acquire(session_id), p.sessions().load(session_id), beside).await;
    let Some(acquired) = acquired? else { return Err(ErrorCode::ConfirmInProgress.into()) };
    let lease = Lease { session_id, acquired, wrote: Cell::new(None), given_back: Cell::new(false) };
    // A read that failed is made again under the lease.
    let result = match beside {
        Ok(beside) => work(&lease, read.ok().flatten(), beside).await,
        Err(e) => Err(e),
    };
    lease.give_back(p).await;
    result
}
