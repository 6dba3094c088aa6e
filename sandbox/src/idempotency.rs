//! `X-KOMOJU-IDEMPOTENCY` on API POSTs: the same key and body replay the first
//! response; the same key while the first request runs gets 409 `conflict`;
//! the same key with a different request gets 422 `unprocessable_entity`.
//!
//! Keys are scoped by API key. Responses made up by injected faults are not
//! remembered, so a retry after an injected failure is processed afresh. The
//! request is remembered only as a keyed hash, never as its body.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{content_type, MAX_BODY_BYTES};
use crate::error::ApiError;
use crate::faults::Injected;
use crate::record::IDEMPOTENCY_HEADER;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::hash::BuildHasher;
use time::OffsetDateTime;

/// The longest idempotency key.
pub const MAX_KEY_CHARS: usize = 100;

type Scope = (String, String);

#[derive(Debug, Clone)]
enum Entry {
    InFlight {
        fingerprint: u64,
        generation: u64,
    },
    Done {
        fingerprint: u64,
        status: StatusCode,
        content_type: Option<HeaderValue>,
        body: Bytes,
    },
}

/// Idempotency keys seen, by API key and idempotency key.
#[derive(Debug, Default)]
pub struct IdempotencyStore {
    entries: HashMap<Scope, Entry>,
    born: HashMap<Scope, OffsetDateTime>,
    last_generation: u64,
}

/// How long a finished key is remembered (KOMOJU: 24 hours).
pub const KEY_LIFETIME: time::Duration = time::Duration::hours(24);

/// What to do with a request carrying a key.
enum Verdict {
    Run(u64),
    Replay(Response),
    Refuse(ApiError),
}

impl IdempotencyStore {
    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets finished keys older than [`KEY_LIFETIME`] at `now`.
    pub fn evict(&mut self, now: OffsetDateTime) {
        let born = &mut self.born;
        self.entries.retain(|scope, entry| {
            let keep = matches!(entry, Entry::InFlight { .. })
                || born.get(scope).is_some_and(|t| now < *t + KEY_LIFETIME);
            if !keep {
                born.remove(scope);
            }
            keep
        });
        let entries = &self.entries;
        self.born.retain(|scope, _| entries.contains_key(scope));
    }

    fn claim(&mut self, scope: &Scope, fingerprint: u64, now: OffsetDateTime) -> Verdict {
        match self.entries.get(scope) {
            Some(Entry::InFlight { fingerprint: f, .. }) if *f == fingerprint => Verdict::Refuse(
                ApiError::conflict("a request with this idempotency key is still being processed")
                    .with_retry_after(1),
            ),
            Some(Entry::Done {
                fingerprint: f,
                status,
                content_type,
                body,
            }) if *f == fingerprint => {
                let mut response = Response::new(Body::from(body.clone()));
                *response.status_mut() = *status;
                if let Some(ct) = content_type {
                    response
                        .headers_mut()
                        .insert(header::CONTENT_TYPE, ct.clone());
                }
                Verdict::Replay(response)
            }
            Some(_) => Verdict::Refuse(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable_entity",
                "this idempotency key was already used with a different request",
            )),
            None => {
                self.last_generation += 1;
                let generation = self.last_generation;
                self.born.insert(scope.clone(), now);
                self.entries.insert(
                    scope.clone(),
                    Entry::InFlight {
                        fingerprint,
                        generation,
                    },
                );
                Verdict::Run(generation)
            }
        }
    }

    fn is_ours(&self, scope: &Scope, generation: u64) -> bool {
        matches!(self.entries.get(scope), Some(Entry::InFlight { generation: g, .. }) if *g == generation)
    }
}

/// An in-flight claim; released if the request never completes (a dropped
/// connection), so a retry is not refused forever.
struct Claim {
    app: App,
    scope: Scope,
    generation: u64,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut store = self.app.store();
        if store.idempotency.is_ours(&self.scope, self.generation) {
            store.idempotency.entries.remove(&self.scope);
        }
    }
}

/// Checks the header's shape: 1 to 100 visible ASCII characters.
fn key_of(req: &Request) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    let bad = || {
        ApiError::bad_request("X-KOMOJU-IDEMPOTENCY must be 1 to 100 printable ASCII characters")
            .with_param("X-KOMOJU-IDEMPOTENCY")
    };
    let text = value.to_str().map_err(|_| bad())?;
    if text.is_empty()
        || text.len() > MAX_KEY_CHARS
        || !text.bytes().all(|b| (0x20..0x7f).contains(&b))
    {
        return Err(bad());
    }
    Ok(Some(text.to_owned()))
}

/// Applies idempotency to API POSTs (after authentication).
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let key = match key_of(&req) {
        Ok(Some(key)) => key,
        Ok(None) => return next.run(req).await,
        Err(error) => return error.into_response(),
    };
    let api_key = req
        .extensions()
        .get::<ApiKey>()
        .map(|k| k.key.clone())
        .unwrap_or_default();
    let scope = (api_key, key);
    let (parts, raw) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(raw, MAX_BODY_BYTES).await else {
        return ApiError::bad_request("the request body could not be read").into_response();
    };
    let fingerprint = app.hasher().hash_one((
        parts.method.as_str(),
        parts.uri.path(),
        content_type(&parts.headers),
        &bytes[..],
    ));
    let now = app.clock().now();
    let claimed = {
        let mut store = app.store();
        store.sweep(now, false);
        store.idempotency.claim(&scope, fingerprint, now)
    };
    let generation = match claimed {
        Verdict::Run(generation) => generation,
        Verdict::Replay(response) => return response,
        Verdict::Refuse(error) => return error.into_response(),
    };
    let claim = Claim {
        app: app.clone(),
        scope,
        generation,
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if response.extensions().get::<Injected>().is_some() {
        return response; // the claim is released on drop
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_server_error",
            "the response could not be buffered",
        )
        .into_response();
    };
    {
        let mut store = app.store();
        if store.idempotency.is_ours(&claim.scope, claim.generation) {
            store.idempotency.entries.insert(
                claim.scope.clone(),
                Entry::Done {
                    fingerprint,
                    status: parts.status,
                    content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
                    body: body.clone(),
                },
            );
        }
    }
    drop(claim);
    Response::from_parts(parts, Body::from(body))
}
