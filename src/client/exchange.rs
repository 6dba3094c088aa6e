//! One call's exchange with the API, without I/O: told what each attempt
//! came to (an answer, or none), it says what happens next: the result, a
//! wait before the next attempt, or the error.
//!
//! Every decision after the request is built lives here, for every call and
//! both callers: the JavaScript `Tokenizer` class, whose small JS driver does
//! the fetches and the waits (`js/bindings/net.js`), and the Rust async
//! client (`src/wasm/client.rs`), which awaits the same JS attempt. What a
//! call reads from a 2xx answer is its [`Answer`]; statuses, KOMOJU's error
//! envelope and retries are the same for all.

use super::config::Config;
use super::error::TokenizeError;
use super::response::{self, Answer, AnswerBody};
use super::retry::{parse_retry_after, RetryPolicy};
use crate::error::ClientCode;
use crate::i18n::Locale;

/// What one attempt came to.
#[derive(Debug)]
pub enum Outcome<'a, B> {
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
pub enum Step<T> {
    /// The call succeeded.
    Done(T),
    /// Wait this many milliseconds, then send the same request again.
    Retry {
        /// The backoff.
        after_ms: u32,
    },
}

/// One call's retry count and its answer reader. Not `Clone`: one exchange
/// per call.
#[derive(Debug)]
pub struct Exchange<A> {
    policy: RetryPolicy,
    locale: Locale,
    answer: A,
    /// Whether sending the request again is safe: true for reads, for
    /// creating tokens and secure tokens, and for a pay that carries an
    /// idempotency key; false for a pay without one.
    repeatable: bool,
    /// Attempt `retry + 1` is (or is about to be) in flight; `None` once a
    /// final outcome was given.
    retry: Option<u32>,
}

impl<A: Answer> Exchange<A> {
    /// An exchange under `config` whose 2xx answers `answer` reads.
    pub fn new(config: &Config, answer: A) -> Self {
        Exchange {
            policy: RetryPolicy::new(config.max_retries),
            locale: config.locale,
            answer,
            repeatable: true,
            retry: Some(0),
        }
    }

    /// An exchange for a request that must not be sent twice (a pay without
    /// an idempotency key): only a 429, which says the request was not
    /// processed, is retried; no answer (a network failure, a timeout) is
    /// `api_connection_error` / `outcome_unknown`, and a 409 or 5xx is given
    /// back at once.
    pub fn once(config: &Config, answer: A) -> Self {
        Exchange {
            repeatable: false,
            ..Exchange::new(config, answer)
        }
    }

    /// Whether a final outcome was given.
    pub fn is_finished(&self) -> bool {
        self.retry.is_none()
    }

    /// Takes what the last attempt came to. `random` (uniform in `[0, 1)`) is
    /// the backoff's jitter. After `Ok(Step::Done)` or `Err`, the exchange is
    /// finished, and any further call is an `internal` integration error.
    pub fn step<B: AnswerBody>(
        &mut self,
        outcome: Outcome<'_, B>,
        random: f64,
    ) -> Result<Step<A::Output>, TokenizeError> {
        let Some(retry) = self.retry.take() else {
            return Err(TokenizeError::integration(
                ClientCode::Internal,
                "The tokenization is already finished.",
            ));
        };
        let failure = |code| TokenizeError::client(code, self.locale);
        let error = match outcome {
            Outcome::Answered {
                status,
                retry_after,
                body,
            } => match self.read(status, retry_after, body) {
                Ok(output) => return Ok(Step::Done(output)),
                Err(e) => e,
            },
            Outcome::NoAnswer { aborted: true, .. } => failure(ClientCode::Aborted),
            Outcome::NoAnswer { .. } if !self.repeatable => failure(ClientCode::OutcomeUnknown),
            Outcome::NoAnswer {
                timed_out: true, ..
            } => failure(ClientCode::Timeout),
            Outcome::NoAnswer { .. } => failure(ClientCode::NetworkError),
        };
        let safe = self.repeatable || error.status == Some(429);
        if !safe || !error.is_retryable() {
            return Err(error);
        }
        match self.policy.delay_after(retry, &error, random) {
            Some(after_ms) => {
                self.retry = Some(retry.saturating_add(1));
                Ok(Step::Retry { after_ms })
            }
            None => Err(error),
        }
    }

    /// The one place an answer becomes a result or an error: a 2xx is the
    /// call's [`Answer`], anything else is mapped by status (see
    /// [`response::error_from_status`]).
    fn read<B: AnswerBody>(
        &self,
        status: u16,
        retry_after: Option<&str>,
        body: Option<&B>,
    ) -> Result<A::Output, TokenizeError> {
        if (200..=299).contains(&status) {
            return self.answer.read(status, body);
        }
        Err(response::error_from_status(
            status,
            body.and_then(response::api_error),
            retry_after.and_then(parse_retry_after),
            self.locale,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::response::{TokenAnswer, WrongType};
    use crate::error::ErrorType;
    use serde_json::{json, Value};

    /// A body as `serde_json` parses it: the same reader as in the browser.
    type Body = Value;

    impl AnswerBody for Value {
        fn string(&self, key: &str) -> Result<Option<String>, WrongType> {
            match self.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(WrongType),
            }
        }
        fn object(&self, key: &str) -> Option<Value> {
            self.get(key).filter(|v| v.is_object()).cloned()
        }
        fn is_object(&self) -> bool {
            self.is_object()
        }
    }

    fn empty() -> Body {
        json!({})
    }

    fn ok_body() -> Body {
        json!({"id": "tok_abc", "created_at": "2026-11-24T00:00:00Z", "resource": "token"})
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

    fn exchange(max_retries: u32) -> Exchange<TokenAnswer> {
        let mut config = Config::new("pk_test_x").unwrap();
        config.max_retries = max_retries;
        Exchange::new(
            &config,
            TokenAnswer {
                kind: "credit_card",
                card: None,
            },
        )
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
            (ErrorType::Integration, ClientCode::Internal.into())
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
            x.step(answered(503, None, Some(&empty())), 0.0),
            Ok(Step::Retry { after_ms: 250 })
        );
        let e = x.step(answered(502, None, None), 0.0).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorType::Api, Some(502)));
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
        assert_eq!((e.kind, e.retry_after), (ErrorType::RateLimit, Some(7)));
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
        let empty = empty();
        for (status, body, kind, code) in [
            (401, None, ErrorType::Authentication, "unauthorized"),
            (422, None, ErrorType::InvalidRequest, "invalid_request"),
            (200, None, ErrorType::Api, "invalid_response"),
            (201, Some(&empty), ErrorType::Api, "invalid_response"),
        ] {
            let mut x = exchange(2);
            let e = x.step(answered(status, None, body), 0.5).unwrap_err();
            assert_eq!(
                (e.kind, e.code.as_str(), e.status),
                (kind, code, Some(status))
            );
        }
        // The error envelope is read by the same reader.
        let mut x = exchange(2);
        let body = json!({"error": {"code": "invalid_parameter", "message": "bad", "param": "payment_details[number]"}});
        let e = x.step(answered(422, None, Some(&body)), 0.5).unwrap_err();
        assert_eq!(
            (e.code(), e.field.as_deref(), e.message.as_str()),
            ("invalid_parameter", Some("number"), "bad")
        );
    }

    #[test]
    fn a_request_sent_once_is_never_repeated_unless_refused_unprocessed() {
        let none: Outcome<'static, Body> = Outcome::NoAnswer {
            aborted: false,
            timed_out: true,
        };
        let mut config = Config::new("pk_test_x").unwrap();
        config.max_retries = 2;
        let once = || {
            Exchange::once(
                &config,
                TokenAnswer {
                    kind: "credit_card",
                    card: None,
                },
            )
        };
        let e = once().step(none, 0.5).unwrap_err();
        assert_eq!(
            (e.kind, e.code),
            (ErrorType::ApiConnection, ClientCode::OutcomeUnknown.into())
        );
        let e = once().step(answered(503, None, None), 0.5).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorType::Api, Some(503)));
        assert!(matches!(
            once().step(answered(429, Some("1"), None), 0.5),
            Ok(Step::Retry { .. })
        ));
        let aborted: Outcome<'static, Body> = Outcome::NoAnswer {
            aborted: true,
            timed_out: false,
        };
        assert_eq!(
            once().step(aborted, 0.5).unwrap_err().kind,
            ErrorType::Abort
        );
    }

    #[test]
    fn no_answer_is_an_abort_a_timeout_or_a_network_failure() {
        let none = |aborted, timed_out| -> Outcome<'static, Body> {
            Outcome::NoAnswer { aborted, timed_out }
        };
        let mut x = exchange(2);
        assert_eq!(
            x.step(none(true, true), 0.5).unwrap_err().kind,
            ErrorType::Abort
        );
        let mut x = exchange(1);
        assert!(matches!(
            x.step(none(false, true), 0.5),
            Ok(Step::Retry { .. })
        ));
        assert!(
            matches!(x.step(none(false, false), 0.5), Err(e) if e.kind == ErrorType::ApiConnection)
        );
        let mut x = exchange(0);
        assert_eq!(
            x.step(none(false, true), 0.5).unwrap_err().code,
            ClientCode::Timeout.into()
        );
    }
}
