//! Step 6 of the design: whether a verified confirm goes on, needs a step-up, or is refused.
//!
//! Device trust, fingerprints and step-up authentication decide here. Until they exist every
//! confirm that passed its proof, decryption and card checks is allowed, and the payment says it
//! was not authenticated.

use tessera_core::dpop::Verified;

use crate::store::sessions::Session;

/// What to do with a confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go on to the processor.
    Allow,
}

/// Decides for the device that made `proof` paying `session`.
pub fn decide(_session: &Session, _proof: &Verified) -> Decision {
    Decision::Allow
}
