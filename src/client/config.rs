//! Tokenizer configuration, checked before any network use.

use crate::prelude::*;

use super::error::TokenizeError;
use crate::card::Brand;
use crate::error::ClientCode;
use crate::i18n::Locale;

/// KOMOJU's production API.
pub const DEFAULT_API_BASE: &str = "https://komoju.com";
/// Per-attempt timeout by default.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// Retries by default (so at most three attempts).
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest per-attempt timeout accepted, in milliseconds (10 minutes).
pub const MAX_TIMEOUT_MS: u32 = 600_000;
/// The most retries accepted.
pub const MAX_RETRIES: u32 = 10;

/// A checked tokenizer configuration.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    publishable_key: String,
    api_base: String,
    /// Language of messages.
    pub locale: Locale,
    /// Per-attempt timeout, in milliseconds.
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Send `X-KOMOJU-IDEMPOTENCY` (the same key on every attempt of one call).
    pub idempotency: bool,
    /// Whether a Session pay carries an idempotency key (so it may be
    /// retried safely): on unless the page turned idempotency off. A pay is
    /// the one call whose repetition could charge the shopper twice; without
    /// a key it is sent once, and a lost answer is `outcome_unknown`.
    pub pay_idempotency: bool,
    /// Sent as `X-KOMOJU-API-VERSION` when set.
    pub api_version: Option<String>,
    /// Accepted brands (`kind` or KOMOJU name); `None` accepts all.
    pub brands: Option<Vec<String>>,
}

impl core::fmt::Debug for Config {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Config")
            .field("publishable_key", &self.publishable_key)
            .field("api_base", &self.api_base)
            .field("locale", &self.locale)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("idempotency", &self.idempotency)
            .field("pay_idempotency", &self.pay_idempotency)
            .field("api_version", &self.api_version)
            .field("brands", &self.brands)
            .finish()
    }
}

fn integration(code: ClientCode) -> TokenizeError {
    TokenizeError::client(code, Locale::En)
}

impl Config {
    /// A configuration for `publishable_key` with every default. Refuses a
    /// secret key (`secret_key_in_browser`) and anything that is not a
    /// publishable key (`invalid_publishable_key`).
    pub fn new(publishable_key: &str) -> Result<Config, TokenizeError> {
        let key = publishable_key.trim();
        if key.starts_with("sk_") {
            return Err(integration(ClientCode::SecretKeyInBrowser));
        }
        let valid_chars = key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key.starts_with("pk_") || key.len() < 4 || key.len() > 256 || !valid_chars {
            return Err(integration(ClientCode::InvalidPublishableKey));
        }
        Ok(Config {
            publishable_key: key.to_owned(),
            api_base: DEFAULT_API_BASE.to_owned(),
            locale: Locale::En,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            idempotency: false,
            pay_idempotency: true,
            api_version: None,
            brands: None,
        })
    }

    /// Sets the API base: `https:` anywhere, `http:` only for `localhost`,
    /// `127.0.0.1` or `[::1]` (`insecure_api_base` otherwise).
    pub fn with_api_base(mut self, base: &str) -> Result<Config, TokenizeError> {
        self.api_base = check_api_base(base)?;
        Ok(self)
    }

    /// Sets the API version header's value (`invalid_option` for anything but
    /// a short printable ASCII string).
    pub fn with_api_version(mut self, version: &str) -> Result<Config, TokenizeError> {
        if version.is_empty()
            || version.len() > 64
            || !version.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(TokenizeError::integration(
                ClientCode::InvalidOption,
                "Option `apiVersion` must be a short ASCII string such as \"2024-07-15\".",
            ));
        }
        self.api_version = Some(version.to_owned());
        Ok(self)
    }

    /// Sets the per-attempt timeout: at least 1 ms, and `ms` must be at most
    /// [`MAX_TIMEOUT_MS`] (the caller reports a larger one as `invalid_option`).
    pub fn with_timeout_ms(mut self, ms: u32) -> Config {
        self.timeout_ms = ms.clamp(1, MAX_TIMEOUT_MS);
        self
    }

    /// Sets the retries after the first attempt (at most [`MAX_RETRIES`]).
    pub fn with_max_retries(mut self, retries: u32) -> Config {
        self.max_retries = retries.min(MAX_RETRIES);
        self
    }

    /// Accepts only `brands` (each a brand's `type` or KOMOJU name): a card
    /// of any other brand fails validation with `unsupported_brand`. An
    /// unknown name is an `invalid_option`.
    pub fn with_brands(mut self, brands: Vec<String>) -> Result<Config, TokenizeError> {
        if let Some(unknown) = brands.iter().find(|b| Brand::find(b).is_none()) {
            return Err(TokenizeError::integration(
                ClientCode::InvalidOption,
                ["Option `brands` has an unknown brand: \"", unknown, "\"."].concat(),
            ));
        }
        self.brands = Some(brands);
        Ok(self)
    }

    /// Whether a card of `brand` is accepted.
    pub fn accepts_brand(&self, brand: &Brand) -> bool {
        crate::card::details::is_accepted(brand, self.brands.as_deref())
    }

    /// `{apiBase}{path}`, for every endpoint of the API (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        [self.api_base.as_str(), path].concat()
    }

    /// The publishable key.
    pub fn publishable_key(&self) -> &str {
        &self.publishable_key
    }

    /// The API base, without a trailing slash.
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// `{apiBase}/api/v1/tokens`.
    pub fn tokens_url(&self) -> String {
        self.url("/api/v1/tokens")
    }
}

/// Checks an API base URL and returns it without a trailing slash.
fn check_api_base(base: &str) -> Result<String, TokenizeError> {
    let bad = || integration(ClientCode::InvalidApiBase);
    let base = base.trim().trim_end_matches('/');
    // By characters, not `split_once("://")`: a substring search and a
    // panicking `split_at` were 4 KB of the wasm. A scheme has no ':'.
    let (scheme, rest) = base.split_once(':').ok_or_else(bad)?;
    let rest = rest.strip_prefix("//").ok_or_else(bad)?;
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at_checked(authority_end).ok_or_else(bad)?;
    let clean = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_graphic() && !b"@?#\\\"'<>`{}|^".contains(&b))
    };
    if !clean(authority) || !(path.is_empty() || clean(path)) {
        return Err(bad());
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or_else(bad)?;
        // `[` + the address + `]`: both brackets are one byte.
        authority.get(..end + 2).ok_or_else(bad)?
    } else {
        authority.split(':').next().unwrap_or("")
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http"
            if matches!(
                host.to_ascii_lowercase().as_str(),
                "localhost" | "127.0.0.1" | "[::1]"
            ) => {}
        "http" => return Err(integration(ClientCode::InsecureApiBase)),
        _ => return Err(bad()),
    }
    Ok(base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<Config, TokenizeError>) -> &'static str {
        r.err().map_or("ok", |e| e.code.as_str())
    }

    #[test]
    fn keys() {
        assert_eq!(code(Config::new("pk_test_sandbox")), "ok");
        assert_eq!(code(Config::new("pk_0123abcd")), "ok");
        assert_eq!(code(Config::new("sk_live_123")), "secret_key_in_browser");
        assert_eq!(code(Config::new("sk_")), "secret_key_in_browser");
        assert_eq!(code(Config::new("")), "invalid_publishable_key");
        assert_eq!(code(Config::new("pk_")), "invalid_publishable_key");
        assert_eq!(code(Config::new("abc")), "invalid_publishable_key");
        assert_eq!(code(Config::new("pk_a b")), "invalid_publishable_key");
    }

    #[test]
    fn limits_and_brands() {
        let c = || Config::new("pk_test_x").unwrap();
        assert_eq!(c().with_timeout_ms(0).timeout_ms, 1);
        assert_eq!(c().with_timeout_ms(u32::MAX).timeout_ms, MAX_TIMEOUT_MS);
        assert_eq!(c().with_max_retries(99).max_retries, MAX_RETRIES);
        let visa = Brand::find("visa").unwrap();
        let amex = Brand::find("american_express").unwrap();
        assert!(c().accepts_brand(amex));
        let only = c()
            .with_brands(vec!["visa".into(), "master".into()])
            .unwrap();
        assert!(only.accepts_brand(visa) && !only.accepts_brand(amex));
        let e = c()
            .with_brands(vec!["visa".into(), "bogus".into()])
            .unwrap_err();
        assert_eq!(e.code.as_str(), "invalid_option");
        assert_eq!(
            e.message,
            "Option `brands` has an unknown brand: \"bogus\"."
        );
    }

    #[test]
    fn api_bases() {
        let c = || Config::new("pk_test_x").unwrap();
        assert_eq!(c().api_base(), "https://komoju.com");
        assert_eq!(
            c().with_api_base("https://komoju.com/")
                .unwrap()
                .tokens_url(),
            "https://komoju.com/api/v1/tokens"
        );
        for ok in [
            "http://localhost:8080",
            "http://127.0.0.1:1234",
            "http://[::1]:9000",
            "HTTP://LOCALHOST",
            "https://api.example.com/komoju",
        ] {
            assert_eq!(code(c().with_api_base(ok)), "ok", "{ok}");
        }
        for (bad, want) in [
            ("http://komoju.com", "insecure_api_base"),
            ("http://127.0.0.2", "insecure_api_base"),
            ("http://localhost.evil.com", "insecure_api_base"),
            ("ftp://komoju.com", "invalid_api_base"),
            ("komoju.com", "invalid_api_base"),
            ("https://user@komoju.com", "invalid_api_base"),
            ("https://komoju.com/?x=1", "invalid_api_base"),
            ("https:// komoju.com", "invalid_api_base"),
            ("https://", "invalid_api_base"),
        ] {
            assert_eq!(code(c().with_api_base(bad)), want, "{bad}");
        }
    }
}
