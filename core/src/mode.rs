//! Test and live mode. Every key, and so every object made with it, belongs to one mode: test
//! keys reach only the sandbox processor, live keys only a merchant's real one, and an object of
//! one mode does not exist for a key of the other.

use crate::ids::{Id, Kind};

/// A mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Sandbox processor, test cards, no money moves.
    Test,
    /// A real processor.
    Live,
}

/// What an API key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// For the browser: mounts the card frame.
    Publishable,
    /// For the merchant's server.
    Secret,
}

impl Mode {
    /// Stripe's name for it on every object.
    pub const fn livemode(self) -> bool {
        matches!(self, Mode::Live)
    }

    /// The mode `livemode` names.
    pub const fn of(livemode: bool) -> Self {
        if livemode { Mode::Live } else { Mode::Test }
    }

    /// The id kind of this mode's keys of `kind`.
    pub const fn key(self, kind: KeyKind) -> Kind {
        match (self, kind) {
            (Mode::Test, KeyKind::Publishable) => Kind::PublishableTestKey,
            (Mode::Live, KeyKind::Publishable) => Kind::PublishableLiveKey,
            (Mode::Test, KeyKind::Secret) => Kind::SecretTestKey,
            (Mode::Live, KeyKind::Secret) => Kind::SecretLiveKey,
        }
    }

    /// The mode and kind of a well-formed key.
    pub fn of_key(text: &str) -> Option<(Mode, KeyKind)> {
        [Mode::Test, Mode::Live]
            .into_iter()
            .flat_map(|mode| [(mode, KeyKind::Publishable), (mode, KeyKind::Secret)])
            .find(|&(mode, kind)| Id::parse(mode.key(kind), text).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;

    #[test]
    fn a_key_says_its_mode_and_kind() {
        for mode in [Mode::Test, Mode::Live] {
            for kind in [KeyKind::Publishable, KeyKind::Secret] {
                let key = Id::generate(&RustCrypto, mode.key(kind)).unwrap();
                assert_eq!(Mode::of_key(key.as_str()), Some((mode, kind)));
            }
        }
        assert_eq!(Mode::of_key("sk_test_short"), None);
        assert_eq!(Mode::of_key("sk_ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWX"), None, "the old unmoded keys are gone");
        assert!(Mode::Live.livemode() && !Mode::Test.livemode());
        assert_eq!(Mode::of(true), Mode::Live);
    }
}
