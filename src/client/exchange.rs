//! One tokenization's exchange with the tokens endpoint, without I/O: told
//! what each attempt came to (an answer, or none), it says what happens next:
//! the token, a wait before the next attempt, or the error.
//!
//! Every decision after the request is built lives here, for both callers:
//! the JavaScript `Tokenizer` class, whose small JS driver does the fetches
//! and the waits (`js/net.js`), and the Rust async client
//! ([`super::tokenizer::Tokenizer`]), which awaits the same JS attempt.

use super::config::Config;
use super::error::{ErrorKind, TokenizeError};
use super::response::{self, ApiError, Token, TokenCard, TokenResponse};
use super::retry::{parse_retry_after, RetryPolicy};
use crate::i18n::{client_message, Locale};

/// A parsed response body, read lazily: only the part the status calls for.
pub trait AnswerBody {
    /// The Token object of a 2xx answer, `None` when it is not one.
    fn token(&self) -> Option<TokenResponse>;
    /// KOMOJU's error envelope, `None` when there is none.
    fn api_error(&self) -> Option<ApiError>;
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Outcome<'a, B: ?Sized> {
    /// The server answered.
    Answered {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header, as sent.
        retry_after: Option<&'a str>,
        /// The body parsed as JSON; `None` when it was not JSON.
        body: Option<&'a B>,
    },
    /// No answer: the request (or the wait before it) was given up.
    NoAnswer {
        /// The caller's signal aborted.
        aborted: bool,
        /// The attempt's deadline passed.
        timed_out: bool,
    },
}

/// What to do after an attempt that did not fail for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The tokenization succeeded.
    Done(Token),
    /// Wait this many milliseconds, then send the same request again.
    Retry {
        /// The backoff.
        after_ms: u32,
    },
}

/// Where the exchange stands.
#[derive(Debug)]
enum State {
    /// Attempt `retry + 1` is (or is about to be) in flight.
    Sending { retry: u32, card: Option<TokenCard> },
    /// A final outcome was given.
    Finished,
}

/// One call's retry count and what the result needs (payment type, card
/// facts, locale). Not `Clone`: one exchange per call.
#[derive(Debug)]
pub struct Exchange {
    policy: RetryPolicy,
    locale: Locale,
    kind: &'static str,
    state: State,
}

fn failure(kind: ErrorKind, code: &'static str, locale: Locale) -> TokenizeError {
    TokenizeError::new(kind, code, client_message(code, locale))
}

impl Exchange {
    /// An exchange for a prepared request of payment type `kind`.
    pub fn new(config: &Config, kind: &'static str, card: Option<TokenCard>) -> Self {
        Exchange {
            policy: RetryPolicy::new(config.max_retries),
            locale: config.locale,
            kind,
            state: State::Sending { retry: 0, card },
        }
    }

    /// Whether a final outcome was given.
    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Finished)
    }

    /// Takes what the last attempt came to. `random` (uniform in `[0, 1)`) is
    /// the backoff's jitter. After `Ok(Step::Done)` or `Err`, the exchange is
    /// finished, and any further call is an `internal` integration error.
    pub fn step<B: AnswerBody + ?Sized>(
        &mut self,
        outcome: Outcome<'_, B>,
        random: f64,
    ) -> Result<Step, TokenizeError> {
        let State::Sending { retry, card } = core::mem::replace(&mut self.state, State::Finished)
        else {
            return Err(TokenizeError::new(
                ErrorKind::Integration,
                "internal",
                "The tokenization is already finished.",
            ));
        };
        let error = match outcome {
            Outcome::Answered {
                status,
                retry_after,
                body,
            } => match read_answer(
                status,
                retry_after,
                body,
                self.kind,
                card.as_ref(),
                self.locale,
            ) {
                Ok(token) => return Ok(Step::Done(token)),
                Err(e) => e,
            },
            Outcome::NoAnswer { aborted: true, .. } => {
                failure(ErrorKind::Abort, "aborted", self.locale)
            }
            Outcome::NoAnswer {
                timed_out: true, ..
            } => failure(ErrorKind::Timeout, "timeout", self.locale),
            Outcome::NoAnswer { .. } => {
                failure(ErrorKind::ApiConnection, "network_error", self.locale)
            }
        };
        if !error.is_retryable() {
            return Err(error);
        }
        match self.policy.delay_after(retry, &error, random) {
            Some(after_ms) => {
                self.state = State::Sending {
                    retry: retry.saturating_add(1),
                    card,
                };
                Ok(Step::Retry { after_ms })
            }
            None => Err(error),
        }
    }
}

/// The one place an answer becomes a token or an error: a 2xx must carry a
/// Token object, anything else is mapped by status (see
/// [`response::error_from_status`]).
pub fn read_answer<B: AnswerBody + ?Sized>(
    status: u16,
    retry_after: Option<&str>,
    body: Option<&B>,
    kind: &str,
    card: Option<&TokenCard>,
    locale: Locale,
) -> Result<Token, TokenizeError> {
    if (200..=299).contains(&status) {
        let token = body
            .and_then(AnswerBody::token)
            .ok_or_else(|| response::malformed(status))?;
        return response::token_from_response(status, token, kind, card.cloned());
    }
    Err(response::error_from_status(
        status,
        body.and_then(AnswerBody::api_error),
        retry_after.and_then(parse_retry_after),
        locale,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body given as the two things a status may call for.
    struct Body(Option<TokenResponse>, Option<ApiError>);

    impl AnswerBody for Body {
        fn token(&self) -> Option<TokenResponse> {
            self.0.clone()
        }
        fn api_error(&self) -> Option<ApiError> {
            self.1.clone()
        }
    }

    const EMPTY: Body = Body(None, None);

    fn ok_body() -> Body {
        Body(
            Some(TokenResponse {
                id: "tok_abc".into(),
                created_at: Some("2026-11-24T00:00:00Z".into()),
                resource: Some("token".into()),
            }),
            None,
        )
    }

    fn answered<'a>(
        status: u16,
        retry_after: Option<&'a str>,
        body: Option<&'a Body>,
    ) -> Outcome<'a, Body> {
        Outcome::Answered {
            status,
            retry_after,
            body,
        }
    }

    fn exchange(max_retries: u32) -> Exchange {
        let mut config = Config::new("pk_test_x").unwrap();
        config.max_retries = max_retries;
        Exchange::new(&config, "credit_card", None)
    }

    #[test]
    fn a_token_finishes_the_exchange() {
        let mut x = exchange(2);
        let ok = ok_body();
        let Ok(Step::Done(token)) = x.step(answered(200, None, Some(&ok)), 0.5) else {
            panic!("a token");
        };
        assert_eq!(
            (token.id.as_str(), token.kind.as_str()),
            ("tok_abc", "credit_card")
        );
        assert!(x.is_finished());
        let again = x.step(answered(200, None, Some(&ok)), 0.5).unwrap_err();
        assert_eq!(
            (again.kind, again.code),
            (ErrorKind::Integration, "internal")
        );
    }

    #[test]
    fn server_failures_are_retried_until_the_retries_run_out() {
        let mut x = exchange(2);
        assert_eq!(
            x.step(answered(500, None, None), 0.0),
            Ok(Step::Retry { after_ms: 125 })
        );
        assert_eq!(
            x.step(answered(503, None, Some(&EMPTY)), 0.0),
            Ok(Step::Retry { after_ms: 250 })
        );
        let e = x.step(answered(502, None, None), 0.0).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(502)));
        assert!(x.is_finished());
    }

    #[test]
    fn retry_after_is_read_from_the_header() {
        let mut x = exchange(2);
        assert_eq!(
            x.step(answered(429, Some(" 2 "), None), 0.0),
            Ok(Step::Retry { after_ms: 2000 })
        );
        let mut x = exchange(0);
        let e = x.step(answered(429, Some("7"), None), 0.0).unwrap_err();
        assert_eq!((e.kind, e.retry_after), (ErrorKind::RateLimit, Some(7)));
        let mut x = exchange(2);
        let e = x.step(answered(429, Some("31"), None), 0.0).unwrap_err();
        assert_eq!(
            e.retry_after,
            Some(31),
            "too long to wait for: given up at once"
        );
    }

    #[test]
    fn refusals_and_malformed_answers_are_not_retried() {
        for (status, body, kind, code) in [
            (401, None, ErrorKind::Authentication, "unauthorized"),
            (422, None, ErrorKind::InvalidRequest, "invalid_request"),
            (200, None, ErrorKind::Api, "invalid_response"),
            (201, Some(&EMPTY), ErrorKind::Api, "invalid_response"),
        ] {
            let mut x = exchange(2);
            let e = x.step(answered(status, None, body), 0.5).unwrap_err();
            assert_eq!((e.kind, e.code, e.status), (kind, code, Some(status)));
        }
    }

    #[test]
    fn no_answer_is_an_abort_a_timeout_or_a_network_failure() {
        let none = |aborted, timed_out| -> Outcome<'static, Body> {
            Outcome::NoAnswer { aborted, timed_out }
        };
        let mut x = exchange(2);
        assert_eq!(
            x.step(none(true, true), 0.5).unwrap_err().kind,
            ErrorKind::Abort
        );
        let mut x = exchange(1);
        assert!(matches!(
            x.step(none(false, true), 0.5),
            Ok(Step::Retry { .. })
        ));
        assert!(
            matches!(x.step(none(false, false), 0.5), Err(e) if e.kind == ErrorKind::ApiConnection)
        );
        let mut x = exchange(0);
        assert_eq!(x.step(none(false, true), 0.5).unwrap_err().code, "timeout");
    }
}
