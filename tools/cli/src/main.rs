//! `tessera-cli`: tessera-core over JSON lines, so tools in other languages can drive it.
//!
//! Each line on standard input is one request `{"op": "...", ...}`; each answer is one line,
//! `{"ok": {...}}` or `{"error": {"code", "message"}}` with the core's stable codes. The interop
//! tests use it to check Tessera against independent JOSE libraries, and `npm start` uses it to
//! make development keys. It holds DPoP replay state for the life of the process.

mod ops;

use std::io::{self, BufRead, Write};

use serde_json::{json, Value};

fn main() -> io::Result<()> {
    let session = ops::Session::default();
    let stdin = io::stdin();
    let mut out = io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(request) => match pollster::block_on(session.handle(&request)) {
                Ok(ok) => json!({ "ok": ok }),
                Err(e) => json!({ "error": { "code": e.code(), "message": e.message() } }),
            },
            Err(_) => json!({ "error": { "code": "invalid_request", "message": "Each line must be a JSON object." } }),
        };
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}
