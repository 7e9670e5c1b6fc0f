//! Regional law as data: one versioned document maps countries and regions to rules for
//! fingerprinting consent, strong customer authentication, payer claims, retention and notices.
//! The edge resolves the shopper's country against it and records the version and the rule
//! with every decision, so a merchant can see which law a checkout followed and why.
//!
//! - [`document`]: the document, its validation and the lookup by country.
//! - [`sca`]: whether a payment needs strong customer authentication and which exemption applies.
//! - [`calendar`]: business days and the end of a day in a region, for claim deadlines.

pub mod calendar;
pub mod claim;
pub mod consent;
pub mod document;
pub mod sca;
#[cfg(test)]
mod tests;

pub use document::{Applied, Calendar, Category, Claims, Fingerprinting, Notice, Policy, Region, Retention, Rules, Sca};
