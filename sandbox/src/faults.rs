//! Fault injection for the endpoints a browser calls (tokens, secure tokens,
//! reading and paying sessions): queued with
//! `POST /__sandbox/faults`, each applied to the next `count` such requests
//! (preflights never consume one).

use crate::app::App;
use crate::error::{code_for_status, ApiError};
use crate::server::Connection;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::time::Duration;

/// The longest `delay_ms` accepted (10 minutes).
pub const MAX_DELAY_MS: u64 = 600_000;
/// The most requests one fault may apply to.
pub const MAX_COUNT: u32 = 10_000;

/// A fault as posted to `/__sandbox/faults` (and listed back, with `count`
/// the number of requests it still applies to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// How many token requests it applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Answer this status (400–599) with a KOMOJU error envelope.
    #[serde(default)]
    pub status: Option<u16>,
    /// With `status`: a `Retry-After` header, in seconds.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Wait this long first, then answer normally or apply the fault.
    #[serde(default)]
    pub delay_ms: u64,
    /// Answer 200 with a body that is not JSON.
    #[serde(default)]
    pub malformed: bool,
    /// Close the connection without answering.
    #[serde(default)]
    pub drop: bool,
    /// Never answer (the connection is closed, unanswered, after the hang limit).
    #[serde(default)]
    pub hang: bool,
}

const fn one() -> u32 {
    1
}

/// What a fault does once its delay has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Answer normally.
    Pass,
    /// Answer an error status.
    Status {
        /// The status.
        status: StatusCode,
        /// `Retry-After`, in seconds.
        retry_after: Option<u64>,
    },
    /// 200 with a broken body.
    Malformed,
    /// Close the connection.
    Drop,
    /// Never answer.
    Hang,
}

/// One application of a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    /// Wait first.
    pub delay: Duration,
    /// Then do this.
    pub action: Action,
}

impl FaultSpec {
    /// Checks the spec: one action at most, `retry_after` only with `status`,
    /// a status of 400–599, and something to do.
    pub fn fault(&self) -> Result<Fault, String> {
        if self.count == 0 || self.count > MAX_COUNT {
            return Err(format!("count must be 1 to {MAX_COUNT}"));
        }
        if self.delay_ms > MAX_DELAY_MS {
            return Err(format!("delay_ms must be at most {MAX_DELAY_MS}"));
        }
        let actions = [self.status.is_some(), self.malformed, self.drop, self.hang];
        if actions.iter().filter(|&&a| a).count() > 1 {
            return Err("give at most one of status, malformed, drop and hang".to_owned());
        }
        if self.retry_after.is_some() && self.status.is_none() {
            return Err("retry_after goes with status".to_owned());
        }
        let action = match (self.status, self.malformed, self.drop, self.hang) {
            (Some(code), ..) => {
                let status = StatusCode::from_u16(code)
                    .ok()
                    .filter(|s| s.is_client_error() || s.is_server_error())
                    .ok_or("status must be 400 to 599")?;
                Action::Status {
                    status,
                    retry_after: self.retry_after,
                }
            }
            (None, true, ..) => Action::Malformed,
            (None, false, true, _) => Action::Drop,
            (None, false, false, true) => Action::Hang,
            (None, false, false, false) if self.delay_ms > 0 => Action::Pass,
            _ => return Err("a fault needs status, malformed, drop, hang or a delay_ms".to_owned()),
        };
        Ok(Fault {
            delay: Duration::from_millis(self.delay_ms),
            action,
        })
    }
}

/// Queued faults, first in first out.
#[derive(Debug, Default)]
pub struct FaultQueue {
    entries: VecDeque<(FaultSpec, Fault)>,
}

impl FaultQueue {
    /// Queues a fault; `Err` says what is wrong with it.
    pub fn push(&mut self, spec: FaultSpec) -> Result<(), String> {
        let fault = spec.fault()?;
        self.entries.push_back((spec, fault));
        Ok(())
    }

    /// The fault for the next token request, if any (one use of it).
    pub fn take(&mut self) -> Option<Fault> {
        let (spec, fault) = self.entries.front_mut()?;
        let fault = *fault;
        spec.count = spec.count.saturating_sub(1);
        if spec.count == 0 {
            self.entries.pop_front();
        }
        Some(fault)
    }

    /// The faults still queued, `count` being what is left of each.
    pub fn pending(&self) -> Vec<FaultSpec> {
        self.entries.iter().map(|(spec, _)| spec.clone()).collect()
    }

    /// Drops every queued fault; returns how many there were.
    pub fn clear(&mut self) -> usize {
        let n = self.entries.len();
        self.entries.clear();
        n
    }
}

/// Marks a response made up by a fault, so idempotency does not remember it.
#[derive(Debug, Clone, Copy)]
pub struct Injected;

/// The body of a `malformed` fault: JSON cut short.
pub const MALFORMED_BODY: &str = "{\"id\":\"tok_sandbox_malformed\",\"resource\":\"tok";

/// Applies the next queued fault, if any, to a tokens request.
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let Some(fault) = app.store().faults.take() else {
        return next.run(req).await;
    };
    let connection = req.extensions().get::<Connection>().cloned();
    if !fault.delay.is_zero() {
        tokio::time::sleep(fault.delay).await;
    }
    let mut response = match fault.action {
        Action::Pass => return next.run(req).await,
        Action::Status {
            status,
            retry_after,
        } => {
            let mut error = ApiError::new(
                status,
                code_for_status(status),
                format!("sandbox fault: injected HTTP {}", status.as_u16()),
            );
            error.retry_after = retry_after;
            error.into_response()
        }
        Action::Malformed => {
            let mut response = Response::new(Body::from(MALFORMED_BODY));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Action::Drop => {
            tracing::info!("fault: dropping the connection");
            if let Some(connection) = connection {
                connection.close();
            }
            return std::future::pending().await;
        }
        Action::Hang => {
            tracing::info!("fault: hanging");
            tokio::time::sleep(app.config().hang_limit).await;
            if let Some(connection) = connection {
                connection.close();
            }
            return std::future::pending().await;
        }
    };
    response.extensions_mut().insert(Injected);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn specs_are_checked() {
        assert!(spec(r#"{"status":503,"retry_after":2}"#).fault().is_ok());
        assert!(spec(r#"{"delay_ms":10}"#).fault().is_ok());
        for bad in [
            r#"{}"#,
            r#"{"status":200}"#,
            r#"{"status":503,"drop":true}"#,
            r#"{"retry_after":1,"drop":true}"#,
            r#"{"count":0,"drop":true}"#,
            r#"{"delay_ms":600001}"#,
        ] {
            assert!(spec(bad).fault().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<FaultSpec>(r#"{"stauts":500}"#).is_err());
    }

    #[test]
    fn the_queue_counts_down_in_order() {
        let mut q = FaultQueue::default();
        q.push(spec(r#"{"count":2,"status":500}"#)).unwrap();
        q.push(spec(r#"{"drop":true}"#)).unwrap();
        assert_eq!(q.pending()[0].count, 2);
        assert!(matches!(q.take().unwrap().action, Action::Status { .. }));
        assert!(matches!(q.take().unwrap().action, Action::Status { .. }));
        assert_eq!(q.take().unwrap().action, Action::Drop);
        assert!(q.take().is_none());
    }
}
