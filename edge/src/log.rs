//! Log lines: the runtime's console in workerd, standard error in native tests. Callers log what
//! happened, never what was sent: no bodies, no query strings, no headers, no SQL parameters.

/// An error line.
pub fn error(line: &str) {
    #[cfg(target_arch = "wasm32")]
    worker::console_error!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}

/// An information line.
pub fn info(line: &str) {
    #[cfg(target_arch = "wasm32")]
    worker::console_log!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}
