//! `tessera-cli verify-manifest URL [--key FILE]`: checks a Tessera edge's signed asset manifest
//! the way a merchant's compliance check would (PCI DSS 6.4.3, 11.6.1). The signature must hold
//! under a key the merchant pinned — by default the development key printed in the README,
//! otherwise `--key` with the operator's published public JWK — and every listed asset, fetched
//! from the same origin, must have exactly the listed length and SHA-384. Exit status 0 when all
//! holds, 1 when anything does not, 2 for a usage error.

use std::process::ExitCode;
use std::time::Duration;

use tessera_core::crypto::RustCrypto;
use tessera_core::jwk::PublicJwk;
use tessera_core::manifest;

/// The development signing key's public half (scripts/keys/, printed in the README).
const DEVELOPMENT_KEY: &str = include_str!("../../../scripts/keys/manifest-development.public.jwk");
/// The most a single asset may weigh: the widget's wasm is a fraction of it.
const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// Why a check failed, with a stable code for scripts reading the output.
enum Failure {
    Fetch(String),
    Manifest(tessera_core::Error),
    Asset { url: String, code: &'static str },
}

impl Failure {
    fn line(&self) -> String {
        match self {
            Failure::Fetch(why) => format!("error fetch_failed: {why}"),
            Failure::Manifest(e) => format!("error manifest_{}: {}", e.code(), e.message()),
            Failure::Asset { url, code } => format!("error {code}: {url}"),
        }
    }
}

fn fetch(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>, Failure> {
    let mut response = agent.get(url).call().map_err(|e| Failure::Fetch(format!("{url}: {e}")))?;
    response.body_mut().with_config().limit(MAX_ASSET_BYTES).read_to_vec().map_err(|e| Failure::Fetch(format!("{url}: {e}")))
}

/// Runs the check; `args` are what follows `verify-manifest`.
pub fn run(args: &[String]) -> ExitCode {
    let (url, key_file) = match args {
        [url] => (url, None),
        [url, flag, file] if flag == "--key" => (url, Some(file)),
        _ => {
            eprintln!("usage: tessera-cli verify-manifest URL [--key PUBLIC_JWK_FILE]");
            return ExitCode::from(2);
        }
    };
    let key_text = match key_file.map(std::fs::read_to_string) {
        Some(Ok(text)) => text,
        Some(Err(e)) => {
            eprintln!("error key_unreadable: {e}");
            return ExitCode::from(2);
        }
        None => DEVELOPMENT_KEY.to_owned(),
    };
    let key = match serde_json::from_str(&key_text).map_err(|_| tessera_core::Error::InvalidJwk).and_then(PublicJwk::from_value) {
        Ok(key) => key,
        Err(e) => {
            eprintln!("error key_{}: {}", e.code(), e.message());
            return ExitCode::from(2);
        }
    };
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build().into();
    match check(&agent, url, &key) {
        Ok(count) => {
            println!("ok: the manifest's signature holds and all {count} assets match");
            ExitCode::SUCCESS
        }
        Err(failures) => {
            for f in &failures {
                println!("{}", f.line());
            }
            ExitCode::from(1)
        }
    }
}

fn check(agent: &ureq::Agent, url: &str, key: &PublicJwk) -> Result<usize, Vec<Failure>> {
    let origin = origin_of(url).ok_or_else(|| vec![Failure::Fetch(format!("{url} is not an http(s) URL"))])?;
    let body = fetch(agent, url).map_err(|f| vec![f])?;
    let listed = pollster::block_on(manifest::verify(&RustCrypto, key, &body)).map_err(|e| vec![Failure::Manifest(e)])?;
    println!("signed by {} for version {} (and {} earlier)", key.thumbprint(), listed.current, listed.versions.len() - 1);
    let mut failures = Vec::new();
    let mut count = 0;
    for asset in listed.versions.iter().flat_map(|v| &v.assets) {
        count += 1;
        match fetch(agent, &[origin, &asset.url].concat()) {
            Err(f) => failures.push(f),
            Ok(bytes) if bytes.len() as u64 != asset.bytes => failures.push(Failure::Asset { url: asset.url.clone(), code: "length_mismatch" }),
            Ok(bytes) if manifest::integrity(&bytes) != asset.integrity => failures.push(Failure::Asset { url: asset.url.clone(), code: "integrity_mismatch" }),
            Ok(_) => println!("ok {} {}", asset.integrity, asset.url),
        }
    }
    if failures.is_empty() { Ok(count) } else { Err(failures) }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find('/').unwrap_or(rest.len());
    (end > 0).then(|| &url[..url.len() - rest.len() + end])
}
