//! The HTTP contract the card frame, the edge and merchants share: every error code with its
//! status and what a client can do about it ([`ErrorCode`]), and the typed names of the
//! replies ([`SessionStatus`], [`NextActionType`], [`Channel`]).

mod code;
mod events;
pub mod rate_limit;
mod wire;

pub use code::{Disposition, ErrorCode};
pub use events::{subscribes, EventType};
pub use wire::{CardDisplay, Channel, FramePayment, NextAction, NextActionType, RequiresAction, SessionStatus};
