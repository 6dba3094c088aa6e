//! Strings that hold card data: wiped from memory when dropped, and never
//! shown whole by `Debug`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// A string holding a card number or a security code.
///
/// Its `Debug` shows only a mask (see [`crate::card::mask`]); its buffer is
/// zeroised when it is dropped. It deliberately has no `Display`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Wraps a string.
    pub fn new(value: String) -> Self {
        SecretString(Zeroizing::new(value))
    }

    /// The value, for validation and for the one request that may carry it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString::new(value.to_owned())
    }
}

impl core::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let digits = self.0.chars().filter(char::is_ascii_digit).count();
        if digits >= 8 {
            write!(f, "SecretString({})", crate::card::mask(&self.0))
        } else {
            write!(f, "SecretString(<{} chars>)", self.0.chars().count())
        }
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::string_or_number(d).map(SecretString::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_masked() {
        let s = SecretString::from("4111111111111111");
        assert_eq!(format!("{s:?}"), "SecretString(411111******1111)");
        let c = SecretString::from("123");
        assert_eq!(format!("{c:?}"), "SecretString(<3 chars>)");
    }
}
