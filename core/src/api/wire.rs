//! The names the card frame and the edge exchange besides error codes: a session's status, the
//! kind of step-up a `next_action` asks for, and where a code went. Each is an enum with its
//! wire spelling in one place, so neither side compares strings of its own.

use serde::{Deserialize, Serialize};

macro_rules! names {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $text:literal, )* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The wire and database spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// The value spelled `text`, if any.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

names! {
    /// Where a checkout session stands.
    SessionStatus {
        /// Payable.
        Open = "open",
        /// A step-up is pending: the shopper must enter a code or use a passkey.
        RequiresAction = "requires_action",
        /// A payment is with the processor.
        Processing = "processing",
        /// Paid.
        Succeeded = "succeeded",
        /// Canceled by the merchant; no longer payable.
        Canceled = "canceled",
        /// Its time ran out before it was paid.
        Expired = "expired",
    }
}

names! {
    /// What a `requires_action` answer asks the frame to do.
    NextActionType {
        /// Enter the one-time code sent to `destination`.
        Otp = "otp",
        /// Run a WebAuthn assertion with `public_key`; a code is the fallback.
        Passkey = "passkey",
    }
}

names! {
    /// How a one-time code reaches the shopper.
    Channel {
        /// An email to the session's address.
        Email = "email",
        /// A text message to the session's phone.
        Sms = "sms",
    }
}

/// A `next_action` as the edge writes it.
#[derive(Debug, Clone, Serialize)]
pub struct NextAction {
    /// What to do.
    #[serde(rename = "type")]
    pub kind: NextActionType,
    /// Where a code goes (or would go, for a passkey).
    pub channel: Channel,
    /// That destination, masked.
    pub destination: alloc::string::String,
    /// When the code sent expires (codes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
    /// The assertion options (passkeys only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<serde_json::Value>,
}

/// A payment as the card frame is told it: the outcome and the card's display fields, never
/// the vault token.
#[derive(Debug, Clone, Serialize)]
pub struct FramePayment {
    /// `pay_…`
    pub id: alloc::string::String,
    /// Always `payment`.
    pub object: &'static str,
    /// Where it stands.
    pub status: crate::payment::PaymentStatus,
    /// Minor units.
    pub amount: u64,
    /// ISO 4217.
    pub currency: &'static str,
    /// Why it was declined.
    pub decline_code: Option<crate::payment::DeclineCode>,
    /// What the shopper recognises the card by.
    pub card: CardDisplay,
}

/// A card's display fields.
#[derive(Debug, Clone, Serialize)]
pub struct CardDisplay {
    /// The network.
    pub brand: alloc::string::String,
    /// Last four digits.
    pub last4: alloc::string::String,
}

/// The answer to a confirm, a verify or a resend that needs the shopper.
#[derive(Debug, Clone, Serialize)]
pub struct RequiresAction {
    /// Always [`SessionStatus::RequiresAction`].
    pub status: SessionStatus,
    /// What to do.
    pub next_action: NextAction,
}

impl RequiresAction {
    /// The answer for `next_action`.
    pub fn new(next_action: NextAction) -> Self {
        Self { status: SessionStatus::RequiresAction, next_action }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_serde() {
        for &s in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::from(s.as_str()));
        }
        assert_eq!(SessionStatus::parse("paid"), None);
        let action = RequiresAction::new(NextAction {
            kind: NextActionType::Otp,
            channel: Channel::Sms,
            destination: "+44*******958".into(),
            expires_at: Some(10),
            public_key: None,
        });
        assert_eq!(
            serde_json::to_string(&action).unwrap(),
            r#"{"status":"requires_action","next_action":{"type":"otp","channel":"sms","destination":"+44*******958","expires_at":10}}"#
        );
    }
}
