//! The request log behind `GET /__sandbox/requests`: every request to the API
//! (preflights included), with its body parsed and card data masked.

use crate::app::App;
use crate::body::{self, MAX_BODY_BYTES};
use crate::cors;
use crate::error::ApiError;
use crate::redact;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::time::Instant;

/// The most entries kept; older ones are dropped first.
pub const MAX_ENTRIES: usize = 10_000;

/// The name of the idempotency header.
pub const IDEMPOTENCY_HEADER: &str = "x-komoju-idempotency";

/// One request as received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// 1, 2, 3, ... in arrival order.
    pub seq: u64,
    /// `POST`, `OPTIONS`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The `Origin` header.
    pub origin: Option<String>,
    /// The `X-KOMOJU-IDEMPOTENCY` header.
    pub idempotency_key: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The status answered; `null` while pending, or when the connection was
    /// dropped or hung by a fault.
    pub status: Option<u16>,
    /// The parsed body, card numbers masked and codes `"[redacted]"`; `null`
    /// when empty; a note when it could not be parsed.
    pub body: Value,
}

/// Requests received so far.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<RequestRecord>,
    last_seq: u64,
}

impl RequestLog {
    /// Adds a record (its `seq` is assigned here) and returns its `seq`.
    pub fn push(&mut self, mut record: RequestRecord) -> u64 {
        self.last_seq += 1;
        record.seq = self.last_seq;
        if self.entries.len() >= MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(record);
        self.last_seq
    }

    /// Sets the status of request `seq`.
    pub fn set_status(&mut self, seq: u64, status: u16) {
        if let Some(r) = self.entries.iter_mut().rev().find(|r| r.seq == seq) {
            r.status = Some(status);
        }
    }

    /// Requests after `seq` (all with 0).
    pub fn since(&self, seq: u64) -> Vec<RequestRecord> {
        self.entries
            .iter()
            .filter(|r| r.seq > seq)
            .cloned()
            .collect()
    }
}

fn header_text(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Records every request outside `/__sandbox/`, and logs one line per request
/// (method, path, status, duration; nothing else).
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    if path.starts_with("/__sandbox/") {
        let response = next.run(req).await;
        tracing::debug!("{method} {path} {}", response.status().as_u16());
        return response;
    }
    let mut record = RequestRecord {
        seq: 0,
        method: method.to_string(),
        path: path.clone(),
        origin: cors::origin(req.headers()).map(str::to_owned),
        idempotency_key: header_text(&req, IDEMPOTENCY_HEADER),
        content_type: body::content_type(req.headers()).map(str::to_owned),
        status: None,
        body: Value::Null,
    };
    let (parts, raw) = req.into_parts();
    let bytes = match axum::body::to_bytes(raw, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            record.body = Value::String("[unreadable or larger than 1 MiB]".to_owned());
            record.status = Some(StatusCode::PAYLOAD_TOO_LARGE.as_u16());
            app.store().requests.push(record);
            let error = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the request body could not be read or is larger than 1 MiB",
            );
            tracing::info!("{method} {path} 413 {}ms", started.elapsed().as_millis());
            return error.into_response();
        }
    };
    if !bytes.is_empty() {
        record.body = match body::parse(record.content_type.as_deref(), &bytes) {
            Ok(value) => redact::for_log(&value),
            Err(_) => Value::String(format!("[unparseable body: {} bytes]", bytes.len())),
        };
    }
    if path.starts_with("/api/") {
        if let Some(error) =
            crate::envelope::refuse_bad_form(record.content_type.as_deref(), &bytes)
        {
            record.status = Some(error.status.as_u16());
            app.store().requests.push(record);
            return error.into_response();
        }
    }
    let seq = app.store().requests.push(record);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status().as_u16();
    app.store().requests.set_status(seq, status);
    tracing::info!(
        "{method} {path} {status} {}ms",
        started.elapsed().as_millis()
    );
    response
}
