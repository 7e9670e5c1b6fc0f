//! One module per resource; each handler parses the request, calls the checkout's use cases
//! (or, for plain reads, the store) and renders the result. `table` says which handler a path
//! reaches.

pub mod confirm;
#[cfg(feature = "dev")]
pub mod dev;
pub mod frame;
pub mod jwks;
pub mod merchants;
pub mod payments;
pub mod risk;
pub mod sessions;
pub mod step_up;
pub mod table;
