//! Events: one for every change of a payment's status, kept for
//! `GET /api/v1/events` and `/events/{id}` (secret key) and handed to the
//! webhook sender. Every payment the sandbox stores goes through
//! [`Store::put_payment`], the one place that notices a change.

use crate::app::App;
use crate::auth::ApiKey;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::store::Store;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::{Extension, Json};
use serde_json::{json, Value};
use std::collections::VecDeque;
use time::OffsetDateTime;

/// The most events kept; older ones are dropped first.
pub const MAX_EVENTS: usize = 10_000;

/// An event as sent: its ID, type and the exact JSON text of its body (a
/// redelivery sends the same bytes, so the same signature).
#[derive(Debug, Clone)]
pub struct EventRecord {
    /// `evt_...`.
    pub id: String,
    /// `payment.captured`, ...
    pub kind: String,
    /// The Event object's JSON text.
    pub body: String,
}

/// Events so far, oldest first.
#[derive(Debug, Default)]
pub struct EventLog {
    entries: VecDeque<EventRecord>,
}

impl EventLog {
    /// Adds an event, dropping the oldest past [`MAX_EVENTS`].
    pub fn push(&mut self, event: EventRecord) {
        if self.entries.len() >= MAX_EVENTS {
            self.entries.pop_front();
        }
        self.entries.push_back(event);
    }

    /// The event `id`.
    pub fn get(&self, id: &str) -> Option<&EventRecord> {
        self.entries.iter().rev().find(|e| e.id == id)
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &EventRecord> {
        self.entries.iter().rev()
    }
}

/// The event type for a payment entering `status`, if that is an event.
pub fn event_type(status: &str) -> Option<&'static str> {
    Some(match status {
        "authorized" => "payment.authorized",
        "captured" => "payment.captured",
        "failed" => "payment.failed",
        "expired" => "payment.expired",
        "cancelled" => "payment.cancelled",
        "refunded" => "payment.refunded",
        _ => return None,
    })
}

impl Store {
    /// Stores `payment` (a Payment object) and, when its status changed (or
    /// it is new), records the event and queues it for the webhooks.
    pub fn put_payment(&mut self, payment: Value, now: OffsetDateTime) {
        let Some(id) = payment["id"].as_str().map(str::to_owned) else {
            return;
        };
        let before = self
            .payments
            .get(&id)
            .and_then(|p| p["status"].as_str())
            .map(str::to_owned);
        let after = payment["status"].as_str().unwrap_or("").to_owned();
        self.payments.insert(id, payment.clone());
        if before.as_deref() == Some(after.as_str()) {
            return;
        }
        if let Some(kind) = event_type(&after) {
            self.emit(kind, payment, now);
        }
    }

    /// Changes the status of stored payment `id` (and its time stamps).
    pub fn set_payment_status(&mut self, id: &str, status: &str, now: OffsetDateTime) {
        let Some(Value::Object(mut payment)) = self.payments.get(id).cloned() else {
            return;
        };
        payment.insert("status".into(), Value::String(status.to_owned()));
        let stamp = match status {
            "captured" => Some("captured_at"),
            "cancelled" => Some("cancelled_at"),
            "expired" => Some("expired_at"),
            "failed" => Some("failed_at"),
            _ => None,
        };
        if let Some(key) = stamp {
            payment.insert(key.into(), Value::String(rfc3339(now)));
        }
        self.put_payment(Value::Object(payment), now);
    }

    /// Stores `payment` just refunded: `payment.refund.created`, then, when
    /// nothing is left to refund, `payment.refunded` (its status changed).
    pub fn put_refunded_payment(&mut self, payment: Value, now: OffsetDateTime) {
        self.emit("payment.refund.created", payment.clone(), now);
        self.put_payment(payment, now);
    }

    fn emit(&mut self, kind: &str, data: Value, now: OffsetDateTime) {
        let id = new_id("evt_");
        let body = json!({
            "id": id,
            "type": kind,
            "resource": "event",
            "data": data,
            "created_at": rfc3339(now),
            "reason": Value::Null,
        })
        .to_string();
        self.events.push(EventRecord {
            id: id.clone(),
            kind: kind.to_owned(),
            body,
        });
        if let Some(outbox) = &self.webhook_outbox {
            let _ = outbox.send(id);
        }
    }
}

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or(Value::Null)
}

/// `GET /api/v1/events[?page=N&per_page=M]` (secret key): newest first, as
/// KOMOJU's paginated lists: `{resource: "list", data, total, page,
/// per_page, last_page}`.
pub async fn list(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    uri: Uri,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let mut page = 1usize;
    let mut per_page = 10usize;
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        let number = || {
            v.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1_000_000).contains(n))
        };
        match k.as_ref() {
            "page" => {
                page = number().ok_or_else(|| {
                    ApiError::invalid("page", "page must be a positive whole number")
                })?
            }
            "per_page" => {
                per_page = number().filter(|n| *n <= 100).ok_or_else(|| {
                    ApiError::invalid("per_page", "per_page must be a whole number from 1 to 100")
                })?
            }
            _ => {}
        }
    }
    let store = app.store();
    let total = store.events.len();
    let data: Vec<Value> = store
        .events
        .newest_first()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|e| parse(&e.body))
        .collect();
    Ok(Json(json!({
        "resource": "list",
        "data": data,
        "total": total,
        "page": page,
        "per_page": per_page,
        "last_page": total.div_ceil(per_page).max(1),
    })))
}

/// `GET /api/v1/events/{id}` (secret key).
pub async fn show(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    app.store()
        .events
        .get(&id)
        .map(|e| Json(parse(&e.body)))
        .ok_or_else(|| ApiError::not_found("event not found"))
}
