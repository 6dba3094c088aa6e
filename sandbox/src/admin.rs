//! The sandbox's own control endpoints under `/__sandbox/`: no API key, but
//! only from loopback peers, and (for anything but GET) only from allowed
//! page origins when a browser sends one.

use crate::app::App;
use crate::body::MAX_BODY_BYTES;
use crate::clock::rfc3339;
use crate::cors;
use crate::error::ApiError;
use crate::faults::FaultSpec;
use crate::server::Connection;
use axum::extract::{Request, State};
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

/// Refuses non-loopback peers, and cross-site pages that try to change state.
pub async fn guard(State(app): State<App>, req: Request, next: Next) -> Response {
    if let Some(connection) = req.extensions().get::<Connection>() {
        if !connection.peer.ip().to_canonical().is_loopback() {
            return ApiError::forbidden("/__sandbox/ is only served to loopback clients")
                .into_response();
        }
    }
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD);
    if changes_state {
        if let Some(origin) = cors::origin(req.headers()) {
            if !app.config().allowed_origins.allows(origin) {
                return ApiError::forbidden("this origin may not control the sandbox")
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// Reads a JSON body (whatever the Content-Type); an empty body is `{}`.
pub async fn json_body<T: DeserializeOwned>(req: Request) -> Result<T, ApiError> {
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::bad_request("the request body could not be read"))?;
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &bytes
    };
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

fn pending(app: &App) -> Value {
    json!({ "pending": app.store().faults.pending() })
}

/// `POST /__sandbox/faults`: queues a fault for the next token requests.
pub async fn add_fault(State(app): State<App>, req: Request) -> Result<Json<Value>, ApiError> {
    let spec: FaultSpec = json_body(req).await?;
    app.store()
        .faults
        .push(spec)
        .map_err(ApiError::bad_request)?;
    Ok(Json(pending(&app)))
}

/// `GET /__sandbox/faults`: the queued faults.
pub async fn list_faults(State(app): State<App>) -> Json<Value> {
    Json(pending(&app))
}

/// `DELETE /__sandbox/faults`: drops every queued fault.
pub async fn clear_faults(State(app): State<App>) -> Json<Value> {
    let cleared = app.store().faults.clear();
    Json(json!({ "cleared": cleared, "pending": [] }))
}

/// `GET /__sandbox/requests[?since=SEQ]`: the request log, oldest first.
pub async fn requests(State(app): State<App>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let mut since = 0u64;
    for (key, value) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        if key == "since" {
            since = value.trim().parse().map_err(|_| {
                ApiError::bad_request("since must be a request sequence number").with_param("since")
            })?;
        }
    }
    let list = app.store().requests.since(since);
    Ok(Json(
        serde_json::to_value(list).unwrap_or(Value::Array(Vec::new())),
    ))
}

/// `POST /__sandbox/reset`: forgets tokens, payments, customers, idempotency
/// keys, faults and requests, and undoes clock moves.
pub async fn reset(State(app): State<App>) -> Json<Value> {
    app.store().reset();
    app.clock().reset();
    Json(json!({ "reset": true, "now": rfc3339(app.clock().now()) }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockMove {
    #[serde(default)]
    advance_seconds: i64,
}

/// `POST /__sandbox/clock {"advance_seconds":N}`: moves the clock.
pub async fn move_clock(State(app): State<App>, req: Request) -> Result<Json<Value>, ApiError> {
    let change: ClockMove = json_body(req).await?;
    if !app.clock().advance(change.advance_seconds) {
        return Err(
            ApiError::bad_request("that would move the clock outside the years 1 to 9999")
                .with_param("advance_seconds"),
        );
    }
    Ok(Json(json!({ "now": rfc3339(app.clock().now()) })))
}

/// `GET /__sandbox/clock`: the sandbox's "now".
pub async fn clock(State(app): State<App>) -> Json<Value> {
    Json(json!({ "now": rfc3339(app.clock().now()) }))
}

/// `GET /__sandbox/stats`: how many of each thing the sandbox holds (to
/// watch memory stay bounded).
pub async fn stats(State(app): State<App>) -> Json<Value> {
    let now = app.clock().now();
    let mut store = app.store();
    store.sweep(now, true);
    Json(json!({
        "tokens": store.tokens.len(),
        "secure_tokens": store.secure_tokens.len(),
        "challenges": store.challenges.len(),
        "idempotency_keys": store.idempotency.len(),
        "payments": store.payments.len(),
        "customers": store.customers.len(),
        "sessions": store.sessions.len(),
        "events": store.events.len(),
    }))
}

/// `GET /__sandbox/health`.
pub async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}
