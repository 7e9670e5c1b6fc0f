//! A few DOM helpers, so the rest reads as what it does.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlElement, HtmlInputElement, Window};

pub fn window() -> Window {
    web_sys::window().expect("the widget runs in a window")
}

pub fn document() -> Document {
    window().document().expect("a window has a document")
}

/// The element with `id`, as type `T`.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, JsValue> {
    document()
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&["#", id, " is missing"].concat()))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&["#", id, " has the wrong type"].concat()))
}

pub fn input(id: &str) -> Result<HtmlInputElement, JsValue> {
    by_id(id)
}

pub fn element(id: &str) -> Result<HtmlElement, JsValue> {
    by_id(id)
}

/// Shows `text` in the element, or hides it when `None`.
pub fn show_text(el: &HtmlElement, text: Option<&str>) {
    el.set_text_content(text);
    el.set_hidden(text.is_none());
}
