//! One module per resource; each handler parses, calls `tessera-core` and the store, and maps
//! the result to a response.

pub mod confirm;
pub mod dev;
pub mod frame;
pub mod jwks;
pub mod merchants;
pub mod payments;
pub mod risk;
pub mod sessions;
pub mod step_up;
