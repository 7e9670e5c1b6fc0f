//! Content Security Policy violation reports from the card frame (PCI DSS 11.6.1: detect a
//! payment page that changed). Browsers send them in two shapes — `application/csp-report`
//! (`{"csp-report": {…}}`, CSP Level 2) and the Reporting API's `application/reports+json`
//! (`[{"type": "csp-violation", "body": {…}}]`) — and either is reduced here to the few facts a
//! merchant needs: which page, what was blocked, by which directive.
//!
//! A report is written by whatever runs in the page, so it is untrusted text: URLs keep only
//! their scheme, host, port and path (a query or fragment could carry a token), the script
//! sample is dropped, and every field is bounded.

use crate::prelude::*;
use serde_json::Value;

/// Reports taken from one request: a browser batches a few.
pub const MAX_PER_REQUEST: usize = 10;
const MAX_URL: usize = 512;

/// Whether the policy blocked the load or only reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// The resource was blocked.
    Enforce,
    /// A report-only policy: it was allowed, and reported.
    Report,
}

impl Disposition {
    /// The stored and rendered name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Enforce => "enforce",
            Self::Report => "report",
        }
    }

    /// The disposition named `s`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "enforce" => Some(Self::Enforce),
            "report" => Some(Self::Report),
            _ => None,
        }
    }
}

/// One violation, as stored and shown to the merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The page that was protected (scheme, host, path).
    pub document: String,
    /// What was blocked: a URL reduced like `document`, or a keyword (`inline`, `eval`, …).
    pub blocked: String,
    /// The directive that applied (`script-src-elem`, `connect-src`, …).
    pub directive: String,
    /// Blocked or only reported.
    pub disposition: Disposition,
    /// The script that made the attempt, reduced like `document`, when the browser says.
    pub source: Option<String>,
    /// Its line, when known.
    pub line: Option<u32>,
}

/// Why a body is not a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not JSON in either shape.
    Shape,
    /// A shape we know, with no violation we could read in it.
    Empty,
}

/// The violations in `body`, sent as `content_type`; at most [`MAX_PER_REQUEST`].
pub fn parse(body: &[u8], content_type: &str) -> Result<Vec<Violation>, Refusal> {
    let value: Value = serde_json::from_slice(body).map_err(|_| Refusal::Shape)?;
    let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let found: Vec<Violation> = match (media.as_str(), &value) {
        ("application/csp-report" | "application/json", Value::Object(o)) => {
            let report = o.get("csp-report").ok_or(Refusal::Shape)?;
            level2(report).into_iter().collect()
        }
        ("application/reports+json" | "application/json", Value::Array(items)) => items
            .iter()
            .take(MAX_PER_REQUEST)
            .filter(|r| r.get("type").and_then(Value::as_str) == Some("csp-violation"))
            .filter_map(|r| r.get("body").and_then(reporting_api))
            .collect(),
        _ => return Err(Refusal::Shape),
    };
    if found.is_empty() { Err(Refusal::Empty) } else { Ok(found) }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn level2(r: &Value) -> Option<Violation> {
    let directive = text(r, "effective-directive").or_else(|| text(r, "violated-directive"))?;
    build(text(r, "document-uri")?, text(r, "blocked-uri").unwrap_or_default(), directive, text(r, "disposition"), text(r, "source-file"), r.get("line-number"))
}

fn reporting_api(b: &Value) -> Option<Violation> {
    build(text(b, "documentURL")?, text(b, "blockedURL").unwrap_or_default(), text(b, "effectiveDirective")?, text(b, "disposition"), text(b, "sourceFile"), b.get("lineNumber"))
}

fn build(document: &str, blocked: &str, directive: &str, disposition: Option<&str>, source: Option<&str>, line: Option<&Value>) -> Option<Violation> {
    let directive = directive.split_whitespace().next().unwrap_or_default();
    let directive_ok = (1..=40).contains(&directive.len()) && directive.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    if !directive_ok {
        return None;
    }
    Some(Violation {
        document: reduce_url(document)?,
        blocked: reduce_blocked(blocked),
        directive: directive.to_owned(),
        disposition: disposition.and_then(Disposition::parse).unwrap_or(Disposition::Enforce),
        source: source.and_then(reduce_url),
        line: line.and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()),
    })
}

/// `scheme://host[:port]/path` of an http(s) URL, without query, fragment or credentials; `None`
/// for anything else.
pub fn reduce_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    let path_ok = path.bytes().all(|b| b.is_ascii_graphic());
    let reduced = [scheme.as_str(), "://", &host, path].concat();
    (host_ok && path_ok && reduced.len() <= MAX_URL).then_some(reduced)
}

/// A blocked resource: a URL reduced, one of the CSP keywords, or `other`.
fn reduce_blocked(blocked: &str) -> String {
    const KEYWORDS: [&str; 6] = ["inline", "eval", "wasm-eval", "trusted-types-policy", "trusted-types-sink", "data"];
    if let Some(url) = reduce_url(blocked) {
        return url;
    }
    let word = blocked.split(':').next().unwrap_or_default().to_ascii_lowercase();
    if KEYWORDS.contains(&word.as_str()) { word } else { "other".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_2_report_keeps_only_what_a_merchant_needs() {
        let body = br#"{"csp-report":{"document-uri":"https://edge.example/v1/frame?pk=pk_test_x&origin=https://shop","referrer":"","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'none'","disposition":"enforce","blocked-uri":"https://evil.example/skim.js?card=4242#x","line-number":12,"source-file":"https://edge.example/v1/0.1.0/frame/frame.js","status-code":200,"script-sample":"secret"}}"#;
        let v = parse(body, "application/csp-report").unwrap();
        assert_eq!(
            v,
            [Violation {
                document: "https://edge.example/v1/frame".into(),
                blocked: "https://evil.example/skim.js".into(),
                directive: "script-src-elem".into(),
                disposition: Disposition::Enforce,
                source: Some("https://edge.example/v1/0.1.0/frame/frame.js".into()),
                line: Some(12),
            }]
        );
    }

    #[test]
    fn a_reporting_api_batch_gives_each_violation() {
        let body = br#"[{"type":"csp-violation","age":2,"url":"https://edge.example/v1/frame","body":{"documentURL":"https://edge.example/v1/frame?x=1","blockedURL":"inline","effectiveDirective":"script-src-elem","disposition":"report","sample":"alert(1)"}},{"type":"deprecation","body":{}},{"type":"csp-violation","body":{"documentURL":"https://edge.example/v1/frame","blockedURL":"eval","effectiveDirective":"script-src"}}]"#;
        let v = parse(body, "application/reports+json").unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].blocked.as_str(), v[0].disposition, v[0].document.as_str()), ("inline", Disposition::Report, "https://edge.example/v1/frame"));
        assert_eq!(v[1].blocked, "eval");
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(parse(b"not json", "application/csp-report"), Err(Refusal::Shape));
        assert_eq!(parse(br#"{"csp-report":{}}"#, "application/csp-report"), Err(Refusal::Empty));
        assert_eq!(parse(br#"[]"#, "application/reports+json"), Err(Refusal::Empty));
        assert_eq!(parse(br#"{"csp-report":{}}"#, "text/plain"), Err(Refusal::Shape));
        let odd = br#"{"csp-report":{"document-uri":"javascript:alert(1)","effective-directive":"script-src"}}"#;
        assert_eq!(parse(odd, "application/csp-report"), Err(Refusal::Empty), "only http(s) pages");
        let bad_directive = br#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"<script>"}}"#;
        assert_eq!(parse(bad_directive, "application/csp-report"), Err(Refusal::Empty));
        assert_eq!(reduce_url("https://user:pass@Edge.Example:8443/a?b#c").as_deref(), Some("https://edge.example:8443/a"));
        assert_eq!(reduce_blocked("chrome-extension://abc/x.js"), "other");
    }
}
