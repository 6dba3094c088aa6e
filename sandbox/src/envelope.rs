//! Every answer of the API in KOMOJU's JSON envelope, even those axum or
//! the sandbox's limits make up before a handler runs: a path that cannot be
//! decoded (`/api/v1/payments/%FF`), a URI longer than [`MAX_URI_BYTES`]
//! (414), and a form body that is not UTF-8 (refused, never stored with
//! U+FFFD in place of the bytes).
//!
//! A URI longer than hyper's own limit (64 KiB) is answered by hyper itself,
//! before any of this runs, with an empty 414.

use crate::body::{self, Encoding};
use crate::error::{code_for_status, ApiError};
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The longest request target (path and query) the API reads.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Refuses over-long URIs, and rewrites any non-JSON error (other than an
/// HTML page) as the envelope.
pub async fn layer(req: Request, next: Next) -> Response {
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_URI_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the request URI is longer than {MAX_URI_BYTES} bytes"),
        )
        .into_response();
    }
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if kind.contains("json") || kind.starts_with("text/html") {
        return response;
    }
    let message = match status.as_u16() {
        400 => "the request path or query could not be read (is it valid UTF-8?)",
        404 => "no such endpoint",
        405 => "this endpoint does not accept that method",
        _ => "the request could not be processed",
    };
    let mut answer = ApiError::new(status, code_for_status(status), message);
    if status == StatusCode::BAD_REQUEST {
        answer = answer.with_details(json!({ "reason": "invalid_path" }));
    }
    answer.into_response()
}

/// Whether every key and value of a form body decodes to UTF-8 (`+` and
/// `%XX` undone).
pub fn form_is_utf8(bytes: &[u8]) -> bool {
    bytes.split(|b| *b == b'&').all(|pair| {
        pair.split(|b| *b == b'=').all(|part| {
            let mut out = Vec::with_capacity(part.len());
            let mut i = 0;
            while let Some(&b) = part.get(i) {
                match b {
                    b'+' => out.push(b' '),
                    b'%' => {
                        let hex = |j: usize| part.get(j).and_then(|c| (*c as char).to_digit(16));
                        match (hex(i + 1), hex(i + 2)) {
                            (Some(h), Some(l)) => {
                                out.push(u8::try_from(h * 16 + l).unwrap_or(0));
                                i += 2;
                            }
                            _ => out.push(b'%'),
                        }
                    }
                    other => out.push(other),
                }
                i += 1;
            }
            std::str::from_utf8(&out).is_ok()
        })
    })
}

/// The 400 for a form body that is not UTF-8, if `bytes` is one.
pub fn refuse_bad_form(content_type: Option<&str>, bytes: &[u8]) -> Option<ApiError> {
    let form = content_type.and_then(body::encoding) == Some(Encoding::Form);
    (form && !form_is_utf8(bytes)).then(|| {
        ApiError::bad_request("the form body is not valid UTF-8")
            .with_details(json!({ "reason": "invalid_utf8" }))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn forms_must_decode_to_utf8() {
        assert!(super::form_is_utf8(b"a=1&b=%E3%81%82&c=x+y&d=%"));
        assert!(!super::form_is_utf8(b"a=%FF"));
        assert!(!super::form_is_utf8(b"%C3=1"));
        assert!(!super::form_is_utf8(b"a=\xff"));
    }
}
