//! The card frame as a state machine without I/O: what the shopper sees and may do, the
//! [`Event`]s that move it (a click, a reply from the edge, a passkey prompt's end), a pure
//! [`step`] that returns the [`Effect`]s the widget must perform, and [`view`], what every
//! element of the frame shows in a state.
//!
//! The widget keeps one [`Frame`], feeds it events from its listeners and from the effects it
//! ran, and redraws from [`view`] after each step: no screen logic lives in async code, so the
//! rules are tested natively here and the widget's wasm carries one small dispatcher instead of
//! one async state machine per screen.

mod effect;
mod event;
mod machine;
mod state;
mod view;

pub use effect::{Effect, Focus, HostEvent};
pub use event::{Answer, ConsentChoice, Event, SignedIn, Start};
pub use machine::step;
pub use state::{AccountNote, Frame, OfferKind, SavedCard, Stage, Status, Task};
pub use view::{view, Inputs, PayLabel, View};

#[cfg(test)]
mod tests;
