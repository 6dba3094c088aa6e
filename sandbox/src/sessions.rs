//! `POST /api/v1/sessions` and `POST /api/v1/sessions/{id}/cancel` (secret
//! key), `GET /api/v1/sessions/{id}` (secret key: everything; publishable
//! key: what a browser needs). Paying is in [`crate::session_pay`].

use crate::app::App;
use crate::auth::{ApiKey, KeyKind};
use crate::body::{given, positive_integer, text, ApiBody};
use crate::clock::rfc3339;
use crate::details::Tokenized;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::money::{amount, required_currency};
use crate::payments::metadata;
use crate::return_url;
use crate::store::Store;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde_json::{json, Map, Value};
use tessera::details::PaymentKind;
use time::{Duration, OffsetDateTime};

/// The longest (and default) `expires_in_seconds`.
pub const MAX_EXPIRES_IN: u64 = 86_400;

/// The locales a session may default to.
const LOCALES: &[&str] = &["ja", "en", "ko"];

/// The card brands a session's `credit_card` method lists.
const CARD_BRANDS: &[&str] = &["visa", "master", "jcb", "american_express", "diners_club"];

/// A session's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    /// Not paid yet (possibly with a payment waiting for its challenge).
    Pending,
    /// Paid.
    Completed,
    /// Cancelled by the merchant.
    Cancelled,
}

impl SessionStatus {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Pending => "pending",
            SessionStatus::Completed => "completed",
            SessionStatus::Cancelled => "cancelled",
        }
    }
}

/// A card payment waiting for the shopper's 3-D Secure challenge.
#[derive(Debug, Clone)]
pub struct PendingCharge {
    /// The `pending` payment's ID.
    pub payment: String,
    /// The challenge's ID.
    pub challenge: String,
    /// The card.
    pub tokenized: Tokenized,
    /// Capture once authenticated.
    pub capture: bool,
}

/// A session as the sandbox keeps it.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// 25 lowercase alphanumerics (KOMOJU's session IDs have no prefix).
    pub id: String,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it stops being payable.
    pub expires_at: OffsetDateTime,
    /// The amount to pay.
    pub amount: u64,
    /// Its currency.
    pub currency: String,
    /// Where the shopper lands, with `session_id=` appended.
    pub return_url: Option<String>,
    /// The shopper's email (fills `payment_details[email]` when absent).
    pub email: Option<String>,
    /// The payment types it accepts.
    pub payment_types: Vec<String>,
    /// `ja`, `en` or `ko`.
    pub default_locale: String,
    /// As given (or null).
    pub line_items: Value,
    /// As given (or null).
    pub metadata: Value,
    /// As given (or null).
    pub external_customer_id: Value,
    /// `payment` (the only mode the sandbox runs).
    pub mode: String,
    /// `payment_data` as normalised: capture, external_order_num, name, name_kana.
    pub payment_data: Value,
    /// Capture cards at once unless `payment_data.capture` is `manual`.
    pub capture: bool,
    /// Where it stands.
    pub status: SessionStatus,
    /// When it was paid.
    pub completed_at: Option<OffsetDateTime>,
    /// When it was cancelled.
    pub cancelled_at: Option<OffsetDateTime>,
    /// The latest payment (the one that completed it, or the last attempt).
    pub payment: Option<String>,
    /// The payment waiting for a challenge.
    pub pending: Option<PendingCharge>,
}

impl SessionRecord {
    /// Whether it can no longer be paid because time ran out.
    pub fn expired(&self, now: OffsetDateTime) -> bool {
        self.status == SessionStatus::Pending && now >= self.expires_at
    }

    fn payment_methods(&self) -> Value {
        Value::Array(
            self.payment_types
                .iter()
                .map(|t| {
                    if t == "credit_card" {
                        json!({"type": t, "brands": CARD_BRANDS, "offsite": false})
                    } else {
                        json!({"type": t, "offsite": false})
                    }
                })
                .collect(),
        )
    }

    /// The Session object: everything for the secret key; for the
    /// publishable key only what a browser needs (no email, metadata, line
    /// items, customer or order data; the payment without them).
    pub fn object(&self, store: &Store, now: OffsetDateTime, kind: KeyKind) -> Value {
        let payment = self
            .payment
            .as_ref()
            .and_then(|id| store.payments.get(id))
            .cloned()
            .unwrap_or(Value::Null);
        let time = |t: Option<OffsetDateTime>| t.map(rfc3339);
        let mut object = json!({
            "id": self.id,
            "resource": "session",
            "status": self.status.as_str(),
            "amount": self.amount,
            "currency": self.currency,
            "payment_methods": self.payment_methods(),
            "return_url": self.return_url,
            "default_locale": self.default_locale,
            "expired": self.expired(now),
        });
        let Value::Object(map) = &mut object else {
            return object;
        };
        match kind {
            KeyKind::Publishable => {
                let browser_payment = match &payment {
                    Value::Object(p) => Value::Object(
                        [
                            "id",
                            "resource",
                            "status",
                            "amount",
                            "currency",
                            "payment_details",
                            "created_at",
                            "captured_at",
                        ]
                        .iter()
                        .filter_map(|k| p.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                        .collect(),
                    ),
                    _ => Value::Null,
                };
                map.insert("payment".into(), browser_payment);
            }
            KeyKind::Secret => {
                for (k, v) in [
                    ("mode", json!(self.mode)),
                    ("session_url", Value::Null),
                    ("payment_types", json!(self.payment_types)),
                    ("created_at", json!(rfc3339(self.created_at))),
                    ("expires_at", json!(rfc3339(self.expires_at))),
                    ("completed_at", json!(time(self.completed_at))),
                    ("cancelled_at", json!(time(self.cancelled_at))),
                    ("payment", payment),
                    ("payment_data", self.payment_data.clone()),
                    ("metadata", self.metadata.clone()),
                    ("email", json!(self.email)),
                    ("line_items", self.line_items.clone()),
                    ("external_customer_id", self.external_customer_id.clone()),
                    ("secure_token", Value::Null),
                ] {
                    map.insert(k.to_owned(), v);
                }
            }
        }
        object
    }
}

fn optional_text(body: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match given(body, key) {
        None => Ok(None),
        Some(v) => text(v)
            .map(|s| Some(s.trim().to_owned()))
            .ok_or_else(|| ApiError::invalid(key, format!("{key} must be a string"))),
    }
}

fn payment_types(body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let all = || {
        PaymentKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect()
    };
    let list = match given(body, "payment_types") {
        None => return Ok(all()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::invalid(
                "payment_types",
                "payment_types must be a list of payment type names",
            ))
        }
    };
    let mut out: Vec<String> = Vec::new();
    for item in list {
        let name = item.as_str().map(str::trim).unwrap_or("");
        let Some(kind) = PaymentKind::parse(name) else {
            return Err(ApiError::invalid(
                "payment_types",
                "payment_types holds a payment type the sandbox does not know",
            )
            .with_details(json!({ "reason": "unknown_payment_type" })));
        };
        if !out.iter().any(|k| k == kind.as_str()) {
            out.push(kind.as_str().to_owned());
        }
    }
    if out.is_empty() {
        return Err(ApiError::invalid(
            "payment_types",
            "payment_types must name at least one payment type",
        ));
    }
    Ok(out)
}

fn line_items(body: &Map<String, Value>) -> Result<Value, ApiError> {
    let Some(value) = given(body, "line_items") else {
        return Ok(Value::Null);
    };
    let bad = |i: usize, what: &str| {
        ApiError::invalid(
            &format!("line_items[{i}]"),
            format!("line_items[{i}] {what}"),
        )
    };
    let Value::Array(items) = value else {
        return Err(ApiError::invalid(
            "line_items",
            "line_items must be a list of objects",
        ));
    };
    for (i, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(bad(i, "must be an object"));
        };
        if let Some(q) = given(map, "quantity") {
            positive_integer(q).ok_or_else(|| bad(i, "quantity must be a positive integer"))?;
        }
        if let Some(a) = given(map, "amount") {
            let zero = a == &json!(0) || a == &json!("0");
            if !zero && positive_integer(a).is_none() {
                return Err(bad(i, "amount must be a whole number"));
            }
        }
        for key in ["description", "image", "external_product_num"] {
            if given(map, key).is_some_and(|v| !v.is_string()) {
                return Err(bad(i, &format!("{key} must be a string")));
            }
        }
    }
    Ok(value.clone())
}

/// `payment_data`: its normalised echo and whether to capture.
fn payment_data(body: &Map<String, Value>) -> Result<(Value, bool), ApiError> {
    let map = match given(body, "payment_data") {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                "payment_data",
                "payment_data must be an object",
            ))
        }
    };
    let capture = match given(&map, "capture").map(|v| v.as_str().map(str::trim)) {
        None | Some(Some("auto")) => true,
        Some(Some("manual")) => false,
        Some(_) => {
            return Err(ApiError::invalid(
                "payment_data[capture]",
                "payment_data[capture] must be auto or manual",
            ))
        }
    };
    let mut echo = json!({ "capture": if capture { "auto" } else { "manual" } });
    for key in ["external_order_num", "name", "name_kana"] {
        let param = format!("payment_data[{key}]");
        if let Some(v) = given(&map, key) {
            let text = text(v)
                .ok_or_else(|| ApiError::invalid(&param, format!("{param} must be a string")))?;
            echo[key] = Value::String(text.trim().to_owned());
        } else {
            echo[key] = Value::Null;
        }
    }
    Ok((echo, capture))
}

/// Creates a session (secret key).
pub async fn create(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let amount = amount(&body)?;
    let currency = required_currency(&body)?;
    let return_url = match given(&body, "return_url") {
        None => None,
        Some(v) => Some(return_url::parse("return_url", v)?),
    };
    let email = optional_text(&body, "email")?;
    let expires_in = match given(&body, "expires_in_seconds") {
        None => MAX_EXPIRES_IN,
        Some(v) => positive_integer(v)
            .filter(|n| *n <= MAX_EXPIRES_IN)
            .ok_or_else(|| {
                ApiError::invalid(
                    "expires_in_seconds",
                    format!("expires_in_seconds must be a whole number from 1 to {MAX_EXPIRES_IN}"),
                )
            })?,
    };
    let payment_types = payment_types(&body)?;
    let default_locale = match optional_text(&body, "default_locale")? {
        None => "ja".to_owned(),
        Some(l) if LOCALES.contains(&l.as_str()) => l,
        Some(_) => {
            return Err(ApiError::invalid(
                "default_locale",
                "default_locale must be ja, en or ko",
            ))
        }
    };
    let line_items = line_items(&body)?;
    let metadata = metadata(&body)?;
    let external_customer_id = json!(optional_text(&body, "external_customer_id")?);
    let mode = match optional_text(&body, "mode")?.as_deref() {
        None | Some("payment") => "payment".to_owned(),
        Some("customer" | "customer_payment") => {
            return Err(
                ApiError::invalid("mode", "the sandbox runs sessions in mode payment only")
                    .with_details(json!({ "reason": "unsupported_mode" })),
            )
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "mode",
                "mode must be payment, customer or customer_payment",
            ))
        }
    };
    let (payment_data, capture) = payment_data(&body)?;
    let now = app.clock().now();
    let expires_in = i64::try_from(expires_in).unwrap_or(86_400);
    let record = SessionRecord {
        id: new_id(""),
        created_at: now,
        expires_at: now + Duration::seconds(expires_in),
        amount,
        currency,
        return_url,
        email,
        payment_types,
        default_locale,
        line_items,
        metadata,
        external_customer_id,
        mode,
        payment_data,
        capture,
        status: SessionStatus::Pending,
        completed_at: None,
        cancelled_at: None,
        payment: None,
        pending: None,
    };
    let mut store = app.store();
    let object = record.object(&store, now, KeyKind::Secret);
    store.sessions.insert(record.id.clone(), record);
    Ok(Json(object))
}

/// Reads a session: all of it with the secret key, the browser's view with
/// the publishable key.
pub async fn show(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let now = app.clock().now();
    let mut store = app.store();
    store.expire_challenges(now, app.base_url());
    let session = store
        .sessions
        .get(&id)
        .ok_or_else(|| ApiError::not_found("session not found"))?;
    Ok(Json(session.object(&store, now, key.kind)))
}

/// The 422 for a session that cannot be paid or cancelled.
pub fn refused(message: &str, reason: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_entity",
        message,
    )
    .with_details(json!({ "reason": reason }))
}

/// Cancels a pending session (secret key); cancelling twice is harmless.
pub async fn cancel(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let now = app.clock().now();
    let mut store = app.store();
    store.expire_challenges(now, app.base_url());
    let session = store
        .sessions
        .get(&id)
        .ok_or_else(|| ApiError::not_found("session not found"))?;
    match session.status {
        SessionStatus::Completed => {
            return Err(refused(
                "the session is completed and cannot be cancelled",
                "session_completed",
            ))
        }
        SessionStatus::Cancelled => {}
        SessionStatus::Pending => {
            if let Some(pending) = session.pending.clone() {
                store.finish_challenge(
                    &pending.challenge,
                    crate::challenge::Finish::Superseded,
                    now,
                    app.base_url(),
                );
            }
            if let Some(session) = store.sessions.get_mut(&id) {
                session.status = SessionStatus::Cancelled;
                session.cancelled_at = Some(now);
            }
        }
    }
    let session = store
        .sessions
        .get(&id)
        .ok_or_else(|| ApiError::not_found("session not found"))?;
    Ok(Json(session.object(&store, now, KeyKind::Secret)))
}
