//! How many codes may be tried and sent, and how long they live. Data, so an operator can tighten
//! them and tests can shorten them; the defaults follow PSD2 RTS Art. 4(3)(b) (at most five
//! failed attempts in a row) and what SMS costs.

/// The limits of one checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wrong codes per session before it is locked, and in a row per shopper before the shopper
    /// is blocked from codes.
    pub max_failed_codes: u32,
    /// Codes a session may send in all: the first and the resends, whichever device asks.
    pub max_codes_per_session: u32,
    /// Codes one email address or phone number may receive per [`Limits::destination_window`].
    pub max_codes_per_destination: u32,
    /// Seconds over which codes to one destination are counted.
    pub destination_window: u64,
    /// Seconds a code stays valid.
    pub code_ttl: u64,
    /// Seconds between two codes of one session.
    pub resend_interval: u64,
    /// Seconds a shopper stays blocked from codes after too many wrong ones in a row.
    pub shopper_block: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_failed_codes: 5,
            max_codes_per_session: 4,
            max_codes_per_destination: 10,
            destination_window: 3600,
            code_ttl: 300,
            resend_interval: 30,
            shopper_block: 24 * 3600,
        }
    }
}
