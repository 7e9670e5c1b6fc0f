//! `tessera-cli`: tessera-core over JSON lines, so tools in other languages can drive it.
//!
//! Each line on standard input is one request `{"op": "...", ...}`; each answer is one line,
//! `{"ok": {...}}` or `{"error": {"code", "message"}}` with the core's stable codes. The interop
//! tests use it to check Tessera against independent JOSE libraries, and `npm start` uses it to
//! make development keys. It holds DPoP replay state for the life of the process.
//!
//! `tessera-cli verify-manifest URL` is the one command with arguments: see `verify_manifest`.

mod ops;
mod verify_manifest;

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use serde_json::{json, Value};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "verify-manifest") {
        return verify_manifest::run(&args[1..]);
    }
    match json_lines() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn json_lines() -> io::Result<()> {
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
