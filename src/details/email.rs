//! Email addresses: a practical check, no network.

use crate::prelude::*;

use super::text::folded_trimmed;
use crate::error::ErrorCode;

/// The longest address accepted, in characters (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// The longest local part (before `@`), in characters.
pub const MAX_LOCAL_CHARS: usize = 64;

/// Validates an email address and returns it trimmed, with full-width ASCII
/// (`ｔａｒｏ＠…`, typed with a Japanese IME) folded to ASCII.
///
/// Accepted: at most 254 characters; exactly one `@`; a local part of 1–64
/// characters; a domain with a dot inside it, not at either end, and no empty
/// label (`a..b`); no whitespace or control characters anywhere. Anything
/// stricter (quoted local parts, IP literals, DNS) is the mail server's job.
///
/// ```
/// use tessera::details::normalize_email;
/// assert_eq!(normalize_email(" taro@example.com ").unwrap(), "taro@example.com");
/// assert!(normalize_email("taro@localhost").is_err());
/// ```
pub fn normalize_email(value: &str) -> Result<String, ErrorCode> {
    let email = folded_trimmed(value);
    let ok = crate::prelude::char_count(&email) <= MAX_EMAIL_CHARS
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && crate::prelude::char_count(local) <= MAX_LOCAL_CHARS
                    && !domain.contains('@')
                    && domain.contains('.')
                    && domain.split('.').all(|label| !label.is_empty())
            }
            None => false,
        };
    if ok {
        Ok(email)
    } else {
        Err(ErrorCode::InvalidEmail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_addresses() {
        for (input, out) in [
            ("taro@example.com", "taro@example.com"),
            ("  foo@bar.com\n", "foo@bar.com"),
            (
                "Taro.Yamada+shop@mail.example.co.jp",
                "Taro.Yamada+shop@mail.example.co.jp",
            ),
            ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@example.com"),
            ("太郎@例え.jp", "太郎@例え.jp"),
        ] {
            assert_eq!(normalize_email(input).as_deref(), Ok(out), "{input}");
        }
        let longest = format!("{}@{}.com", "a".repeat(64), "b".repeat(185));
        assert_eq!(longest.len(), 254);
        assert!(normalize_email(&longest).is_ok());
    }

    #[test]
    fn bad_addresses() {
        for bad in [
            "",
            "   ",
            "taro",
            "taro@",
            "@example.com",
            "taro@example",
            "taro@@example.com",
            "ta@ro@example.com",
            "taro @example.com",
            "taro@exa mple.com",
            "taro@example.com.",
            "taro@.example.com",
            "taro@example..com",
            "taro\u{0}@example.com",
            "ta\u{3000}ro@example.com",
        ] {
            assert_eq!(
                normalize_email(bad),
                Err(ErrorCode::InvalidEmail),
                "{bad:?}"
            );
        }
        let too_long = format!("{}@{}.com", "a".repeat(64), "b".repeat(186));
        assert!(normalize_email(&too_long).is_err());
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert!(normalize_email(&long_local).is_err());
    }
}
