//! The card security code (CVC/CVV/CID).

use crate::prelude::*;
use core::fmt;

use zeroize::Zeroizing;

use super::Brand;
use crate::{Error, Result};

/// A security code of the length its brand uses. Never printed; never stored after
/// authorisation (PCI DSS 3.3.1.2).
#[derive(Clone, PartialEq, Eq)]
pub struct Cvc(Zeroizing<String>);

impl Cvc {
    /// Checks `text` is all digits and as long as `brand` requires.
    pub fn parse(text: &str, brand: Brand) -> Result<Self> {
        if text.len() != brand.cvc_length() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidCvc);
        }
        Ok(Self(Zeroizing::new(text.into())))
    }

    /// The digits, for the authorisation request only.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Cvc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cvc(***)")
    }
}
