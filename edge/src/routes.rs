//! One module per resource; each handler parses the request, calls the checkout's use cases
//! (or, for plain reads, the store) and renders the result. `table` says which handler a path
//! reaches.

pub mod accounts;
pub mod claims;
pub mod api_keys;
pub mod confirm;
pub mod csp_reports;
pub mod dashboard;
#[cfg(feature = "dev")]
pub mod dev;
pub mod disputes;
pub mod events;
pub mod frame;
pub mod hosted;
pub mod idempotent;
pub mod invoices;
pub mod jwks;
pub mod lists;
pub mod me;
pub mod members;
pub mod openapi;
pub mod merchants;
pub mod payments;
pub mod processors;
pub mod refunds;
pub mod regional;
pub mod reports;
pub mod risk;
pub mod sessions;
pub mod step_up;
pub mod table;
pub mod timeline;
