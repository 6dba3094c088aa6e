//! Voucher and account credentials: Culture Voucher, Happy Money and Dospara
//! IDs and passwords.

use super::text::folded_trimmed;
use crate::error::ErrorCode;
use crate::secret::SecretString;

/// The longest ID or password accepted, in characters.
pub const MAX_CREDENTIAL_CHARS: usize = 64;

fn bounded(value: &str) -> bool {
    crate::prelude::char_count(value) <= MAX_CREDENTIAL_CHARS
        && !value.chars().any(char::is_control)
}

/// Validates an ID (`culture_id`, `happy_money_id`, `user_no`): trimmed, with
/// full-width ASCII folded to ASCII; at most 64 characters, no control characters.
/// (Blank is the caller's `missing_field`.)
pub fn normalize_credential_id(value: &str) -> Result<SecretString, ErrorCode> {
    let id = SecretString::new(folded_trimmed(value));
    if bounded(id.expose()) {
        Ok(id)
    } else {
        Err(ErrorCode::InvalidCredential)
    }
}

/// Validates a password: sent exactly as typed (spaces may be part of it);
/// at most 64 characters, no control characters.
pub fn check_password(value: &str) -> Result<SecretString, ErrorCode> {
    if bounded(value) {
        Ok(SecretString::from(value))
    } else {
        Err(ErrorCode::InvalidCredential)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_passwords() {
        assert_eq!(
            normalize_credential_id(" １２３４５ ").unwrap().expose(),
            "12345"
        );
        assert_eq!(
            check_password(" pass word ").unwrap().expose(),
            " pass word "
        );
        assert!(normalize_credential_id(&"1".repeat(64)).is_ok());
        assert_eq!(
            normalize_credential_id(&"1".repeat(65)).unwrap_err(),
            ErrorCode::InvalidCredential
        );
        assert!(check_password(&"p".repeat(65)).is_err());
        assert!(check_password("pass\u{0}word").is_err());
        assert!(normalize_credential_id("12\n34").is_err());
    }
}
