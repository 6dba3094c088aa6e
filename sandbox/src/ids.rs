//! Object IDs: a prefix and 25 random lowercase alphanumerics.

use rand::RngExt;

const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// The number of random characters after the prefix.
pub const ID_CHARS: usize = 25;

/// A fresh ID such as `tok_k2x...` (prefix `"tok_"`, `"pay_"`, `"cus_"`).
pub fn new_id(prefix: &str) -> String {
    let mut rng = rand::rng();
    let mut id = String::with_capacity(prefix.len() + ID_CHARS);
    id.push_str(prefix);
    for _ in 0..ID_CHARS {
        let i = rng.random_range(0..ALPHABET.len());
        id.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'0')));
    }
    id
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_have_the_shape() {
        let id = super::new_id("tok_");
        let rest = id.strip_prefix("tok_").unwrap();
        assert_eq!(rest.len(), 25);
        assert!(rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    }
}
