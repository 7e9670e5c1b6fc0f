//! Request bodies read as their JSON Schema documents them. JSON has one kind of number, and
//! JSON Schema counts `6320.0` as the integer 6320; a client in a language whose numbers are all
//! floats (a Python `float`, say) sends it so. Integral values with a fraction part become
//! integers before the typed parse, so such a client is not refused for a spelling; a value with
//! a real fraction still fails wherever an integer is expected. Only request bodies go through
//! here: the protocol formats (JWS, JWE, DPoP, WebAuthn) keep their own strict parsers.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The largest integer a float carries exactly.
const EXACT: f64 = 9_007_199_254_740_991.0;

/// Parses `bytes` into `T`, reading integral floats as integers.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    let mut value: Value = serde_json::from_slice(bytes)?;
    integral(&mut value);
    serde_json::from_value(value)
}

fn integral(value: &mut Value) {
    match value {
        Value::Number(n) => {
            // Within ±2^53 a float is integral exactly when it survives the trip through i64
            // (core builds without std, which has no `f64::fract`).
            if let Some(f) = n.as_f64().filter(|&f| n.is_f64() && (-EXACT..=EXACT).contains(&f) && (f as i64) as f64 == f) {
                *value = if f < 0.0 { Value::from(f as i64) } else { Value::from(f as u64) };
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral),
        Value::Object(fields) => fields.values_mut().for_each(integral),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::from_slice;
    use crate::prelude::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Body {
        amount: u64,
        delta: i32,
        share: f64,
        items: Vec<u32>,
    }

    #[test]
    fn integral_floats_are_integers_and_real_fractions_still_fail() {
        let body: Body = from_slice(br#"{"amount":6320.0,"delta":-2.0,"share":1.0,"items":[1.0,2]}"#).unwrap();
        assert_eq!(body, Body { amount: 6320, delta: -2, share: 1.0, items: vec![1, 2] });
        assert!(from_slice::<Body>(br#"{"amount":6320.5,"delta":0,"share":0.5,"items":[]}"#).is_err());
        assert!(from_slice::<Body>(br#"{"amount":1e300,"delta":0,"share":0.5,"items":[]}"#).is_err(), "beyond exact floats");
        assert!(from_slice::<Body>(br#"{"amount":-1.0,"delta":0,"share":0.5,"items":[]}"#).is_err(), "still not a u64");
        assert!(from_slice::<Body>(br#"{"amount":1,"delta":0,"share":0.5,"items":[],"x":1}"#).is_err(), "unknown fields still refused");
        assert_eq!(from_slice::<Body>(br#"{"amount":2,"delta":0,"share":0.25,"items":[]}"#).unwrap().share, 0.25);
    }
}
