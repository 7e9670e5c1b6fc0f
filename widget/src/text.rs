//! Integers as text without `format!`: the widget builds its few strings by concatenation, so
//! `alloc::fmt::format` and its machinery stay out of the wasm. (What remains of `core::fmt`
//! there comes from the panic paths of indexing and slicing, which stable Rust keeps.)

use crate::prelude::*;

/// `n` in decimal.
pub fn decimal(n: i64) -> String {
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    loop {
        digits.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        digits.push(b'-');
    }
    digits.iter().rev().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 25, 1999, -3, i64::MAX, i64::MIN] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
