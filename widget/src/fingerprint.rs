//! Collecting the device fingerprint in the browser. Each component's value is hashed here
//! (in `tessera-core`), so no raw value leaves the browser. Collection is bounded in time: once
//! the budget is spent, the remaining (slowest, last) components are skipped, and a component
//! that fails is left out; collecting never throws.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use js_sys::{Array, Function};
use tessera_core::crypto::WebCrypto;
use tessera_core::fingerprint::Fingerprint;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::{dom, js, text};

/// Milliseconds the whole collection may take.
const BUDGET_MS: f64 = 150.0;

/// Fonts probed by width; the ones present say a lot about the machine.
const FONTS: &[&str] = &[
    "Arial", "Helvetica", "Times New Roman", "Courier New", "Verdana", "Georgia", "Trebuchet MS", "Segoe UI",
    "Roboto", "Ubuntu", "DejaVu Sans", "Liberation Sans", "Noto Sans", "Cantarell", "Menlo", "Monaco",
    "Consolas", "Calibri", "Cambria", "Tahoma", "Lucida Grande", "SF Pro Text", "Fira Sans", "Source Code Pro",
];

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Some(js::get(target, key)).filter(|v| !v.is_undefined() && !v.is_null())
}

fn text(value: Option<JsValue>) -> Option<String> {
    let v = value?;
    // Numbers here are counts, pixels and GiB of memory (0.25, 0.5…): hundredths as an integer
    // keep float printing out of the wasm.
    v.as_string().or_else(|| v.as_f64().map(|n| text::decimal(js_sys::Math::round(n * 100.0) as i64))).or_else(|| v.as_bool().map(|b| (if b { "true" } else { "false" }).into()))
}

fn canvas() -> Option<HtmlCanvasElement> {
    dom::document().create_element("canvas").ok()?.dyn_into().ok()
}

fn canvas_image() -> Option<String> {
    let canvas = canvas()?;
    canvas.set_width(240);
    canvas.set_height(60);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_text_baseline("top");
    ctx.set_font("14px 'Arial'");
    ctx.set_fill_style_str("#f60");
    ctx.fill_rect(125.0, 1.0, 62.0, 20.0);
    ctx.set_fill_style_str("#069");
    ctx.fill_text("Tessera, <canvas> 1.0 \u{1F600}", 2.0, 15.0).ok()?;
    ctx.set_fill_style_str("rgba(102, 204, 0, 0.7)");
    ctx.begin_path();
    ctx.arc(50.0, 30.0, 20.0, 0.0, core::f64::consts::PI * 2.0).ok()?;
    ctx.fill();
    canvas.to_data_url().ok()
}

fn webgl_renderer() -> Option<String> {
    let canvas = canvas()?;
    let gl = canvas.get_context("webgl").ok()??;
    let call = |name: &str, args: &Array| -> Option<JsValue> { get(&gl, name)?.dyn_into::<Function>().ok()?.apply(&gl, args).ok() };
    let info = call("getExtension", &Array::of1(&"WEBGL_debug_renderer_info".into()));
    let (vendor, renderer) = match info {
        Some(ext) => (get(&ext, "UNMASKED_VENDOR_WEBGL")?, get(&ext, "UNMASKED_RENDERER_WEBGL")?),
        None => (get(&gl, "VENDOR")?, get(&gl, "RENDERER")?),
    };
    Some([text(call("getParameter", &Array::of1(&vendor)))?, text(call("getParameter", &Array::of1(&renderer)))?].join("~"))
}

fn fonts() -> Option<String> {
    let canvas = canvas()?;
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let width = |font: &str| {
        ctx.set_font(&["72px ", font].concat());
        ctx.measure_text("mmmmmmmmmmlli WwQq").map(|m| m.width()).unwrap_or(0.0)
    };
    let bases: Vec<f64> = ["monospace", "sans-serif", "serif"].iter().map(|b| width(b)).collect();
    let present: Vec<&str> = FONTS
        .iter()
        .filter(|f| ["monospace", "sans-serif", "serif"].iter().zip(&bases).any(|(b, w)| (width(&["'", f, "', ", b].concat()) - w).abs() > 0.1))
        .copied()
        .collect();
    Some(present.join(","))
}

/// A component's name and how to read its value (`None` when the browser does not offer it).
type Probe<'a> = (&'static str, Box<dyn Fn() -> Option<String> + 'a>);

/// Collects and hashes the components this browser offers, within the time budget. The probes
/// run at once (synchronously); only the hashing (the browser's SHA-256) waits. Unless `full`,
/// only the strictly necessary components are read: the region asks for consent first, or
/// limits collection by law (`tessera_core::fingerprint::STRICTLY_NECESSARY`).
pub async fn collect(crypto: &WebCrypto, full: bool) -> Result<Fingerprint, tessera_core::Error> {
    let window = dom::window();
    let navigator: JsValue = window.navigator().into();
    let screen: Option<JsValue> = window.screen().ok().map(Into::into);
    let started = js_sys::Date::now();
    let time_zone = || {
        let options = js_sys::Intl::DateTimeFormat::new(&Array::new(), &js_sys::Object::new()).resolved_options();
        text(get(&options, "timeZone"))
    };
    let languages = || get(&navigator, "languages").map(|l| Array::from(&l).iter().filter_map(|v| v.as_string()).collect::<Vec<_>>().join(","));
    // Cheap components first, the slow probes last, so a tight budget drops the slow ones.
    let probes: Vec<Probe<'_>> = vec![
        ("platform", Box::new(|| text(get(&navigator, "platform")))),
        ("hardware_concurrency", Box::new(|| text(get(&navigator, "hardwareConcurrency")))),
        ("device_memory", Box::new(|| text(get(&navigator, "deviceMemory")))),
        ("touch_points", Box::new(|| text(get(&navigator, "maxTouchPoints")))),
        ("screen", Box::new(|| {
            let s = screen.as_ref()?;
            Some([text(get(s, "width"))?, text(get(s, "height"))?].join("x"))
        })),
        ("color_depth", Box::new(|| text(get(screen.as_ref()?, "colorDepth")))),
        ("time_zone", Box::new(time_zone)),
        ("languages", Box::new(languages)),
        ("user_agent", Box::new(|| text(get(&navigator, "userAgent")))),
        ("canvas", Box::new(canvas_image)),
        ("webgl", Box::new(webgl_renderer)),
        ("fonts", Box::new(fonts)),
    ];
    let mut values = BTreeMap::new();
    for (name, probe) in probes {
        if js_sys::Date::now() - started > BUDGET_MS {
            break;
        }
        if !full && !tessera_core::fingerprint::strictly_necessary(name) {
            continue;
        }
        if let Some(value) = probe() {
            values.insert(name, value);
        }
    }
    Fingerprint::from_values(crypto, &values).await
}
