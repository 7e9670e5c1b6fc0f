//! The EMV 3DS browser fields, read from this browser. The Accept header cannot be read from
//! script, so the edge writes the one this frame was loaded with into the page.

use crate::prelude::*;
use tessera_core::threeds::{color_depth, BrowserInfo};

use crate::dom;

fn clip(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

/// The fields for a confirm.
pub fn collect(accept_header: &str) -> BrowserInfo {
    let window = dom::window();
    let navigator = window.navigator();
    let screen = window.screen().ok();
    let dimension = |v: Option<i32>| v.unwrap_or(1).clamp(1, 999_999) as u32;
    let language: String = navigator.language().unwrap_or_else(|| "en".into()).chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(35).collect();
    BrowserInfo {
        browser_accept_header: if accept_header.is_empty() { "*/*".into() } else { clip(accept_header, 2048) },
        browser_java_enabled: false,
        browser_javascript_enabled: true,
        browser_language: if language.is_empty() { "en".into() } else { language },
        browser_color_depth: color_depth(screen.as_ref().and_then(|s| s.color_depth().ok()).unwrap_or(24).max(0) as u32),
        browser_screen_height: dimension(screen.as_ref().and_then(|s| s.height().ok())),
        browser_screen_width: dimension(screen.as_ref().and_then(|s| s.width().ok())),
        browser_tz: (js_sys::Date::new_0().get_timezone_offset() as i32).clamp(-840, 720),
        browser_user_agent: clip(&navigator.user_agent().unwrap_or_default(), 2048),
    }
}
