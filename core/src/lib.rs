//! `tessera-core`: the wire formats, cryptography and card rules of Tessera, in pure Rust with
//! no I/O, shared by the browser widget and the edge verifier.
//!
//! - [`jwk`]: EC P-256 keys and their thumbprints; [`jws`]: ES256 signatures; [`dpop`]: proofs
//!   that a request comes from the holder of a device key; [`jwe`]: the card's encryption.
//! - [`crypto`]: the provider trait those run on, with the pure-Rust [`crypto::RustCrypto`].
//! - [`card`]: card numbers, expiry dates and security codes that cannot be printed by accident.
//! - [`ids`]: the formats of Tessera's object ids and tokens.
//! - [`session`], [`money`], [`shopper`]: what a merchant may put in a checkout session.
//! - [`vault`], [`keyset`]: keys and encryption for what the edge stores.
//! - [`payment`], [`sandbox`], [`threeds`], [`webhook`]: payments, the sandbox processor's test
//!   cards, EMV 3DS browser fields and webhook signatures.
//! - [`checkout`]: the checkout state machine: states, events, and a pure transition function
//!   whose properties are the payment's limits.
//! - [`frame`]: the card frame's screens as a state machine: the shopper's actions and the
//!   edge's replies, the effects the widget performs, and what each element shows.
//! - [`api`]: the HTTP contract: every error code with its status, and the replies' names.
//! - [`risk`], [`otp`], [`net`]: risk rules as data, one-time codes, client addresses as
//!   rate limits count them.
//! - [`account`]: business accounts (roles, business details, verification, dashboard sign-ins);
//!   [`invoice`], [`report`], [`date`]: invoices, reports and the calendar they are dated by.
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
// No standard library: the widget links only `core` and `alloc`, which keeps std's panic and
// I/O machinery out of what every shopper downloads. The edge and the tools bring std themselves.
#![no_std]

extern crate alloc;
#[cfg(any(test, feature = "vectors"))]
extern crate std;

/// What the standard prelude would give, from `alloc`.
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::format;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

pub mod account;
pub mod address;
pub mod api;
pub mod b64;
pub mod card;
pub mod checkout;
pub mod crypto;
pub mod csp_report;
pub mod date;
pub mod dpop;
pub mod fingerprint;
pub mod frame;
pub mod i18n;
mod error;
pub mod ids;
pub mod invoice;
pub mod json;
pub mod jwe;
pub mod jwk;
pub mod jws;
pub mod kdf;
pub mod keyset;
pub mod manifest;
pub mod mode;
pub mod money;
pub mod net;
pub mod otp;
pub mod policy;
pub mod receipt;
pub mod payment;
pub mod report;
pub mod risk;
pub mod sandbox;
pub mod session;
pub mod shopper;
pub mod threeds;
#[cfg(feature = "vectors")]
pub mod vectors;
pub mod vault;
pub mod webauthn;
pub mod webhook;

pub use error::{Error, Result};
