//! When to try again, and how long to wait first: capped exponential backoff
//! with jitter, honouring the server's `Retry-After`. A rate limit (429)
//! whose `Retry-After` cannot be read — cross-origin, a browser shows the page
//! that header only when the API lists it in `Access-Control-Expose-Headers`
//! — still backs off as a rate limit: a second at least, doubling.

use super::error::TokenizeError;
use crate::error::ErrorType;

/// The retry policy of one tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff, in milliseconds (doubled each retry).
    pub base_ms: u32,
    /// The longest backoff, in milliseconds.
    pub cap_ms: u32,
    /// The first backoff after a rate limit that gave no readable
    /// `Retry-After`, in milliseconds (doubled each retry, never below it).
    pub rate_limit_base_ms: u32,
    /// The longest such backoff, in milliseconds.
    pub rate_limit_cap_ms: u32,
    /// A `Retry-After` longer than this (seconds) is not waited for: the error
    /// goes back to the page, with `retryAfter`, at once.
    pub max_retry_after_s: u32,
}

impl RetryPolicy {
    /// The default policy with `max_retries` retries.
    pub const fn new(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            base_ms: 250,
            cap_ms: 4_000,
            rate_limit_base_ms: 1_000,
            rate_limit_cap_ms: 16_000,
            max_retry_after_s: 30,
        }
    }

    /// How long to wait before retry number `retry` (0 for the first retry),
    /// or `None` to give up. `random` is uniform in `[0, 1)`: half of each
    /// backoff is fixed, half is jitter, so clients that failed together do not
    /// retry together.
    pub fn delay_ms(&self, retry: u32, retry_after_s: Option<u32>, random: f64) -> Option<u32> {
        if retry >= self.max_retries {
            return None;
        }
        let exp = self
            .base_ms
            .saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX))
            .min(self.cap_ms);
        let r = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let jittered = exp / 2 + (f64::from(exp / 2) * r) as u32;
        match retry_after_s {
            Some(s) if s > self.max_retry_after_s => None,
            Some(s) => Some(jittered.max(s.saturating_mul(1000))),
            None => Some(jittered),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before retry number `retry` after `error`, or `None`
    /// to give up: [`RetryPolicy::delay_ms`] with the server's `Retry-After`,
    /// and for a rate limit without a readable one, at least
    /// `rate_limit_base_ms` doubled per retry (up to `rate_limit_cap_ms`),
    /// plus up to half as much again of jitter.
    pub fn delay_after(&self, retry: u32, error: &TokenizeError, random: f64) -> Option<u32> {
        let delay = self.delay_ms(retry, error.retry_after, random)?;
        if error.kind != ErrorType::RateLimit || error.retry_after.is_some() {
            return Some(delay);
        }
        let floor = self
            .rate_limit_base_ms
            .saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX))
            .min(self.rate_limit_cap_ms);
        let r = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.5
        };
        Some(delay.max(floor.saturating_add((f64::from(floor / 2) * r) as u32)))
    }
}

/// Reads a `Retry-After` header given in seconds. (The HTTP-date form is not
/// used by payment APIs and is ignored.)
pub fn parse_retry_after(value: &str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let p = RetryPolicy {
            max_retries: 10,
            ..RetryPolicy::new(10)
        };
        assert_eq!(p.delay_ms(0, None, 0.0), Some(125));
        assert_eq!(p.delay_ms(0, None, 0.999), Some(249));
        assert_eq!(p.delay_ms(1, None, 0.0), Some(250));
        assert_eq!(p.delay_ms(4, None, 0.0), Some(2000));
        assert_eq!(
            p.delay_ms(5, None, 0.0),
            Some(2000),
            "capped at 4 s before jitter"
        );
        assert_eq!(p.delay_ms(9, None, 1.0), Some(4000));
        assert_eq!(p.delay_ms(40, None, 0.5), None, "beyond max_retries");
    }

    #[test]
    fn retries_run_out() {
        let p = RetryPolicy::new(2);
        assert!(p.delay_ms(0, None, 0.5).is_some());
        assert!(p.delay_ms(1, None, 0.5).is_some());
        assert_eq!(p.delay_ms(2, None, 0.5), None);
        assert_eq!(RetryPolicy::new(0).delay_ms(0, None, 0.5), None);
    }

    #[test]
    fn retry_after_is_honoured_or_given_up_on() {
        let p = RetryPolicy::new(2);
        assert_eq!(p.delay_ms(0, Some(2), 0.0), Some(2000));
        assert_eq!(p.delay_ms(0, Some(0), 0.0), Some(125));
        assert_eq!(p.delay_ms(0, Some(31), 0.0), None);
        assert_eq!(p.delay_ms(0, None, f64::NAN), Some(187));
    }

    use crate::error::ClientCode;

    fn rate_limited(retry_after: Option<u32>) -> TokenizeError {
        let mut e = TokenizeError::new(ErrorType::RateLimit, ClientCode::RateLimited, "busy");
        e.retry_after = retry_after;
        e
    }

    #[test]
    fn a_rate_limit_without_retry_after_waits_a_second_and_more() {
        // Issue 15: not 125–250 ms, as for a server failure.
        let p = RetryPolicy::new(4);
        let e = rate_limited(None);
        assert_eq!(p.delay_after(0, &e, 0.0), Some(1000));
        assert_eq!(p.delay_after(0, &e, 0.999), Some(1499));
        assert_eq!(p.delay_after(1, &e, 0.0), Some(2000));
        assert_eq!(p.delay_after(2, &e, 0.5), Some(5000));
        assert_eq!(p.delay_after(4, &e, 0.5), None, "the retries still run out");
        let wide = RetryPolicy::new(40);
        assert_eq!(wide.delay_after(30, &e, 1.0), Some(24_000), "capped");
        assert_eq!(wide.delay_after(0, &e, f64::NAN), Some(1250));
        // A readable Retry-After is what counts, short or long.
        assert_eq!(p.delay_after(0, &rate_limited(Some(0)), 0.0), Some(125));
        assert_eq!(p.delay_after(0, &rate_limited(Some(3)), 0.0), Some(3000));
        assert_eq!(p.delay_after(0, &rate_limited(Some(31)), 0.0), None);
        // Other failures keep the short backoff.
        let down = TokenizeError::new(ErrorType::ApiConnection, ClientCode::NetworkError, "down");
        assert_eq!(p.delay_after(0, &down, 0.0), Some(125));
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after("2"), Some(2));
        assert_eq!(parse_retry_after(" 120 "), Some(120));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("99999999999"), None);
    }
}
