//! The KOMOJU error envelope:
//! `{"error":{"code":..,"message":..,"param":..,"details":..}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// An API error, rendered as the KOMOJU envelope. Messages never contain a
/// card number or a security code: they are built from field names and
/// stable codes only, never from what the client sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable machine code (`invalid_parameter`, ...).
    pub code: &'static str,
    /// A human message.
    pub message: String,
    /// The offending parameter (`payment_details[number]`), if any.
    pub param: Option<String>,
    /// Extra machine-readable facts (`{"reason":"invalid_number"}`), if any.
    pub details: Option<Value>,
    /// A `Retry-After` header, in seconds.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with no param, details or Retry-After.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            param: None,
            details: None,
            retry_after: None,
        }
    }

    /// Sets `param`.
    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Sets `details`.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// Sets the `Retry-After` header.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 422 `missing_parameter` for `param`.
    pub fn missing(param: &str) -> Self {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_parameter",
            format!("A required parameter ({param}) is missing"),
        )
        .with_param(param)
    }

    /// 422 `invalid_parameter` for `param`.
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_parameter",
            message,
        )
        .with_param(param)
    }

    /// The envelope as JSON. As in KOMOJU's error model, `details` is always
    /// an object (`{}` when there is nothing to add) and `param` a string,
    /// left out when no parameter is at fault.
    pub fn body(&self) -> Value {
        let mut error = json!({
            "code": self.code,
            "message": self.message,
            "details": match &self.details {
                Some(details @ Value::Object(_)) => details.clone(),
                Some(other) => json!({ "value": other }),
                None => json!({}),
            },
        });
        if let (Some(param), Value::Object(map)) = (&self.param, &mut error) {
            map.insert("param".to_owned(), Value::String(param.clone()));
        }
        json!({ "error": error })
    }
}

/// The KOMOJU-style code for an HTTP status, for injected faults.
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        402 => "request_failed",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        500 => "internal_server_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        code if code < 500 => "bad_request",
        _ => "internal_server_error",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"KOMOJU\""),
            );
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}
