//! Stripe's list shape: `{object: "list", data, has_more}`, with `limit` (1–100, 10 by default)
//! and `starting_after` (an id of the caller's, from which the next page starts).

use serde::Serialize;
use serde_json::{json, Value};
use tessera_core::api::ErrorCode;
use worker::Request;

use crate::http::{ApiError, ApiResult};

/// A page request.
pub struct Page {
    /// How many.
    pub limit: u64,
    /// After which id.
    pub starting_after: Option<String>,
    /// Other query parameters the route takes.
    pub filters: Vec<(String, String)>,
}

/// Reads `limit`, `starting_after` and the filters `allowed`; anything else is refused.
pub fn page(req: &Request, allowed: &[&str]) -> ApiResult<Page> {
    let mut page = Page { limit: 10, starting_after: None, filters: Vec::new() };
    for (k, v) in req.url()?.query_pairs() {
        match k.as_ref() {
            "limit" => page.limit = v.parse::<u64>().ok().filter(|l| (1..=100).contains(l)).ok_or_else(|| ApiError::from(ErrorCode::InvalidLimit))?,
            "starting_after" => page.starting_after = Some(v.into_owned()),
            other if allowed.contains(&other) => page.filters.push((k.into_owned(), v.into_owned())),
            _ => return Err(ErrorCode::InvalidQuery.into()),
        }
    }
    Ok(page)
}

impl Page {
    /// The filter `name`, if given.
    pub fn filter(&self, name: &str) -> Option<&str> {
        self.filters.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A list answer from a page fetched with one extra item.
pub fn render<T, S: Serialize>(mut items: Vec<T>, limit: u64, show: impl Fn(&T) -> S) -> Value {
    let has_more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let data: Vec<Value> = items.iter().map(|i| serde_json::to_value(show(i)).unwrap_or(Value::Null)).collect();
    json!({ "object": "list", "data": data, "has_more": has_more })
}
