//! Normalising the `htu` of a DPoP proof and the URL of the request it came with, so the two
//! compare equal exactly when they name the same resource (RFC 9449 §4.3 step 9, using RFC 3986
//! §6.2.2 syntax-based and §6.2.3 scheme-based normalisation). Query and fragment are dropped.

use crate::prelude::*;
use crate::{Error, Result};

/// The normalised form of an absolute http(s) URL, without query and fragment.
pub fn normalize(url: &str) -> Result<String> {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Error::InvalidUrl);
    }
    let (scheme, rest) = url.split_once("://").ok_or(Error::InvalidUrl)?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return Err(Error::InvalidUrl),
    };
    let without_fragment = rest.split('#').next().unwrap_or_default();
    let without_query = without_fragment.split('?').next().unwrap_or_default();
    let (authority, path) = match without_query.find('/') {
        Some(i) => without_query.split_at(i),
        None => (without_query, ""),
    };
    let authority = normalize_authority(authority, default_port)?;
    let path = remove_dot_segments(&normalize_percent_encoding(path)?);
    let path = if path.is_empty() { "/".to_string() } else { path };
    Ok(format!("{scheme}://{authority}{path}"))
}

fn normalize_authority(authority: &str, default_port: &str) -> Result<String> {
    // Credentials in a URL have no place in a proof of possession.
    if authority.is_empty() || authority.contains('@') {
        return Err(Error::InvalidUrl);
    }
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err(Error::InvalidUrl);
    }
    let host = host.to_ascii_lowercase();
    match port {
        None | Some("") => Ok(host),
        Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 5 => Err(Error::InvalidUrl),
        Some(p) => {
            let p = p.trim_start_matches('0');
            if p == default_port {
                Ok(host)
            } else {
                Ok(format!("{host}:{}", if p.is_empty() { "0" } else { p }))
            }
        }
    }
}

/// Upper-cases percent-encoded octets and decodes those that encode unreserved characters.
fn normalize_percent_encoding(path: &str) -> Result<String> {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i] as char);
            i += 1;
            continue;
        }
        let hex = bytes.get(i + 1..i + 3).ok_or(Error::InvalidUrl)?;
        let value = u8::from_str_radix(core::str::from_utf8(hex).map_err(|_| Error::InvalidUrl)?, 16)
            .map_err(|_| Error::InvalidUrl)?;
        if value.is_ascii_alphanumeric() || b"-._~".contains(&value) {
            out.push(value as char);
        } else {
            out.push_str(&format!("%{value:02X}"));
        }
        i += 3;
    }
    Ok(out)
}

/// RFC 3986 §5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate().skip(1) {
        match *segment {
            "." | ".." if i == last => {
                if *segment == ".." {
                    output.pop();
                }
                output.push("");
            }
            "." => {}
            ".." => {
                output.pop();
            }
            s => output.push(s),
        }
    }
    if path.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(path.len());
    for s in output {
        out.push('/');
        out.push_str(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equivalent_urls_normalise_alike() {
        let base = "https://edge.example/v1/checkout_sessions/cs_1/confirm";
        for same in [
            "https://edge.example/v1/checkout_sessions/cs_1/confirm",
            "HTTPS://EDGE.example:443/v1/checkout_sessions/cs_1/confirm",
            "https://edge.example/v1/checkout_sessions/cs_1/confirm?x=1#frag",
            "https://edge.example/v1/./checkout_sessions/x/../cs_1/confirm",
            "https://edge.example/v1/checkout%5Fsessions/cs_1/confirm",
        ] {
            assert_eq!(normalize(same).unwrap(), base, "{same}");
        }
        assert_eq!(normalize("http://127.0.0.1:8787").unwrap(), "http://127.0.0.1:8787/");
        assert_eq!(normalize("http://localhost:80/a%2fb").unwrap(), "http://localhost/a%2Fb");
        assert_eq!(normalize("http://[::1]:8080/x").unwrap(), "http://[::1]:8080/x");
    }

    #[test]
    fn different_resources_stay_different() {
        let a = normalize("https://edge.example/v1/a").unwrap();
        for other in ["http://edge.example/v1/a", "https://edge.example:8443/v1/a", "https://evil.example/v1/a", "https://edge.example/v1/a/"] {
            assert_ne!(normalize(other).unwrap(), a, "{other}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_http_url() {
        for bad in ["ftp://x/y", "/relative", "https://", "https://user@host/", "https://h:12a/", "https://h/%zz", "https://h/a b", "https://h:123456/"] {
            assert_eq!(normalize(bad), Err(Error::InvalidUrl), "{bad}");
        }
    }
}
