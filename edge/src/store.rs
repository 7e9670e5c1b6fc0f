//! D1 access: one module per table, each a handful of queries. Nothing here decides anything;
//! rows become core's types here, at the boundary, and the checkout's use cases reach the
//! session tables through the `Sessions` port that `sessions` implements.

pub mod accounts;
pub mod api_keys;
pub mod claims;
pub mod csp_reports;
pub mod deletion;
pub mod disputes;
pub mod events;
pub mod history;
pub mod idempotency;
pub mod invoices;
pub mod merchants;
#[cfg(feature = "dev")]
pub mod outbox;
pub mod passkeys;
pub mod personal;
pub mod payments;
pub mod processors;
pub mod refunds;
pub mod regional;
pub mod retention;
pub mod reports;
pub mod sessions;
pub mod timeline;
pub mod trust;
pub mod vault;

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use worker::{D1Database, Env};

use crate::error::{ApiError, ApiResult};

/// One statement of a batch: SQL and its parameters.
pub type Statement = (String, Vec<JsValue>);

/// The database binding.
pub struct Db(D1Database);

/// A text parameter.
pub fn text(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// An integer parameter (D1 numbers are doubles; every integer here is far below 2^53).
pub fn int(v: u64) -> JsValue {
    JsValue::from_f64(v as f64)
}

/// A nullable text parameter.
pub fn opt(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_str)
}

/// Development-only counts of the D1 round trips and statements this isolate made, for
/// `GET /dev/storage_calls` (a benchmark reads them around one request). Workers run one
/// thread per isolate; the atomics only make the statics safe to share.
#[cfg(feature = "dev")]
pub mod calls {
    use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

    /// Round trips to D1 (a batch is one).
    pub static ROUND_TRIPS: AtomicU32 = AtomicU32::new(0);
    /// Statements that only read.
    pub static READS: AtomicU32 = AtomicU32::new(0);
    /// Statements that insert, update or delete.
    pub static WRITES: AtomicU32 = AtomicU32::new(0);

    /// Storage round trips (D1 or Durable Object) that began while no other was under way: what
    /// a request waits for in sequence. Calls made at once count as one.
    pub static SEQUENTIAL: AtomicU32 = AtomicU32::new(0);
    static IN_FLIGHT: AtomicU32 = AtomicU32::new(0);

    thread_local! {
        /// What each of the last sequential round trips was, oldest first, so a benchmark can
        /// name the waits of one request instead of guessing them.
        static SEQUENCE: core::cell::RefCell<std::collections::VecDeque<String>> = const { core::cell::RefCell::new(std::collections::VecDeque::new()) };
    }
    const SEQUENCE_KEPT: usize = 128;

    /// One storage round trip under way, until it is dropped.
    pub struct Flight(());

    /// Marks a storage round trip as begun; `label` says what it is (a statement's first words,
    /// an object's binding and path; never a parameter).
    pub fn flight(label: impl FnOnce() -> String) -> Flight {
        if IN_FLIGHT.fetch_add(1, Relaxed) == 0 {
            SEQUENTIAL.fetch_add(1, Relaxed);
            SEQUENCE.with(|q| {
                let mut q = q.borrow_mut();
                if q.len() == SEQUENCE_KEPT {
                    q.pop_front();
                }
                q.push_back(label());
            });
        }
        Flight(())
    }

    /// The last sequential round trips, oldest first.
    pub fn sequence() -> Vec<String> {
        SEQUENCE.with(|q| q.borrow().iter().cloned().collect())
    }

    impl Drop for Flight {
        fn drop(&mut self) {
            IN_FLIGHT.fetch_sub(1, Relaxed);
        }
    }

    /// Counts one round trip carrying `statements`.
    #[must_use]
    pub fn count<'a>(statements: impl IntoIterator<Item = &'a str>) -> Flight {
        ROUND_TRIPS.fetch_add(1, Relaxed);
        let mut labels = Vec::new();
        for sql in statements {
            labels.push(sql.split_whitespace().take(4).collect::<Vec<_>>().join(" "));
            let writes = sql.split(|c: char| !c.is_ascii_alphabetic()).any(|w| ["INSERT", "UPDATE", "DELETE", "REPLACE"].iter().any(|v| w.eq_ignore_ascii_case(v)));
            if writes { &WRITES } else { &READS }.fetch_add(1, Relaxed);
        }
        flight(|| format!("d1 {}", labels.join(" | ")))
    }
}

fn db_error(sql: &str, e: worker::Error) -> ApiError {
    // Log the statement's first words, never its parameters.
    let verb: String = sql.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    ApiError::internal("d1", &format!("{verb}: {e}"))
}

impl Db {
    /// The `DB` binding.
    pub fn from_env(env: &Env) -> ApiResult<Self> {
        Ok(Self(env.d1("DB")?))
    }

    /// Runs a statement; returns how many rows it changed.
    pub async fn run(&self, sql: &str, params: &[JsValue]) -> ApiResult<usize> {
        #[cfg(feature = "dev")]
        let _flight = calls::count([sql]);
        let result = self.0.prepare(sql).bind(params).map_err(|e| db_error(sql, e))?.run().await.map_err(|e| db_error(sql, e))?;
        Ok(result.meta().map_err(|e| db_error(sql, e))?.and_then(|m| m.changes).unwrap_or(0))
    }

    /// The first row, if any.
    pub async fn first<T: DeserializeOwned>(&self, sql: &str, params: &[JsValue]) -> ApiResult<Option<T>> {
        #[cfg(feature = "dev")]
        let _flight = calls::count([sql]);
        self.0.prepare(sql).bind(params).map_err(|e| db_error(sql, e))?.first::<T>(None).await.map_err(|e| db_error(sql, e))
    }

    /// Runs statements as one transaction: all of them or, if any fails, none.
    pub async fn batch(&self, statements: &[Statement]) -> ApiResult<()> {
        #[cfg(feature = "dev")]
        let _flight = calls::count(statements.iter().map(|(sql, _)| sql.as_str()));
        let mut prepared = Vec::with_capacity(statements.len());
        for (sql, params) in statements {
            prepared.push(self.0.prepare(sql.as_str()).bind(params).map_err(|e| db_error(sql, e))?);
        }
        let first = statements.first().map_or("", |(sql, _)| sql.as_str());
        self.0.batch(prepared).await.map_err(|e| db_error(first, e))?;
        Ok(())
    }

    /// All rows.
    pub async fn all<T: DeserializeOwned>(&self, sql: &str, params: &[JsValue]) -> ApiResult<Vec<T>> {
        #[cfg(feature = "dev")]
        let _flight = calls::count([sql]);
        let result = self.0.prepare(sql).bind(params).map_err(|e| db_error(sql, e))?.all().await.map_err(|e| db_error(sql, e))?;
        result.results::<T>().map_err(|e| db_error(sql, e))
    }
}
