//! How long a dashboard sign-in lasts and what proves a request came from the dashboard itself.
//!
//! A session ends 12 hours after sign-in whatever happens, and after 30 minutes without a request.
//! The cookie carries a random token; the edge stores only its hash. State-changing requests also
//! carry a CSRF token derived from the session token with a key only the edge holds, so a page on
//! another site, which can make the browser send the cookie but cannot read the token, gets nowhere.

use crate::prelude::*;
use crate::{b64, kdf};

/// Longest a sign-in lasts, in seconds.
pub const MAX_AGE_SECONDS: u64 = 12 * 3600;
/// Longest a session may go without a request.
pub const IDLE_SECONDS: u64 = 30 * 60;
/// How often a session's last-seen time is written (fewer writes; idle is then exact to this).
pub const TOUCH_EVERY_SECONDS: u64 = 60;
/// The cookie's name: `__Host-` makes the browser refuse it unless Secure, host-only, Path=/.
pub const COOKIE: &str = "__Host-tessera_dashboard";

/// Email sign-in codes: how many wrong codes in a row block an address, and for how long.
pub const MAX_FAILED_CODES: u32 = 5;
/// Seconds an address stays blocked after that.
pub const BLOCK_SECONDS: u64 = 3600;
/// Codes sent to one address per hour, across every sign-in attempt.
pub const MAX_CODES_PER_HOUR: u32 = 10;

/// Whether a session is still alive at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Alive.
    Live {
        /// Whether its last-seen time should be written now.
        touch: bool,
    },
    /// Over: too old, idle too long, or ended.
    Ended,
}

/// A session's standing from when it began and when it was last used.
pub fn standing(created_at: u64, last_seen_at: u64, ended: bool, now: u64, idle_seconds: u64) -> Standing {
    let too_old = now >= created_at.saturating_add(MAX_AGE_SECONDS);
    let idle = now >= last_seen_at.saturating_add(idle_seconds);
    if ended || too_old || idle {
        Standing::Ended
    } else {
        Standing::Live { touch: now >= last_seen_at.saturating_add(TOUCH_EVERY_SECONDS) }
    }
}

/// When a session ends if nothing else happens: the earlier of its age limit and its idle limit.
pub fn ends_at(created_at: u64, last_seen_at: u64, idle_seconds: u64) -> (u64, u64) {
    (created_at.saturating_add(MAX_AGE_SECONDS), last_seen_at.saturating_add(idle_seconds))
}

/// The CSRF token of a session token.
pub fn csrf_token(key: &[u8], session_token: &str) -> String {
    b64::encode(&kdf::hmac_sha256(key, format!("tessera-csrf:{session_token}").as_bytes()))
}

/// Whether `given` is the CSRF token of `session_token`, compared in constant time.
pub fn csrf_matches(key: &[u8], session_token: &str, given: &str) -> bool {
    kdf::constant_time_eq(csrf_token(key, session_token).as_bytes(), given.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_hours_at_most_thirty_minutes_idle() {
        let t0 = 1_000_000;
        assert_eq!(standing(t0, t0, false, t0 + 10, IDLE_SECONDS), Standing::Live { touch: false });
        assert_eq!(standing(t0, t0, false, t0 + 61, IDLE_SECONDS), Standing::Live { touch: true });
        assert_eq!(standing(t0, t0, false, t0 + IDLE_SECONDS, IDLE_SECONDS), Standing::Ended, "idle");
        // Busy all day, still over at twelve hours.
        let last = t0 + MAX_AGE_SECONDS - 5;
        assert_eq!(standing(t0, last, false, t0 + MAX_AGE_SECONDS, IDLE_SECONDS), Standing::Ended);
        assert_eq!(standing(t0, t0, true, t0 + 1, IDLE_SECONDS), Standing::Ended);
    }

    #[test]
    fn a_csrf_token_belongs_to_one_session() {
        let key = [7u8; 32];
        let token = csrf_token(&key, "session-a");
        assert!(csrf_matches(&key, "session-a", &token));
        assert!(!csrf_matches(&key, "session-b", &token));
        assert!(!csrf_matches(&[8u8; 32], "session-a", &token));
        assert!(!csrf_matches(&key, "session-a", ""));
    }
}
