//! What happens to a payment after it is made: `POST /api/v1/payments/{id}/capture`
//! and `/cancel` (secret key), and what the shopper does later, as the
//! sandbox's admin calls `POST /__sandbox/payments/{id}/pay-at-store` and
//! `/expire`. Each change is an event (see [`crate::events`]).

use crate::app::App;
use crate::auth::ApiKey;
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde_json::{json, Value};

fn refused(message: &str, reason: &str, status: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_entity",
        message,
    )
    .with_details(json!({ "reason": reason, "status": status }))
}

/// The payment's current status and type.
fn current(app: &App, id: &str) -> Result<(String, String), ApiError> {
    let store = app.store();
    let payment = store
        .payments
        .get(id)
        .ok_or_else(|| ApiError::not_found("payment not found"))?;
    Ok((
        payment["status"].as_str().unwrap_or("").to_owned(),
        payment["payment_details"]["type"]
            .as_str()
            .unwrap_or("")
            .to_owned(),
    ))
}

fn change(app: &App, id: &str, status: &str) -> Json<Value> {
    let now = app.clock().now();
    let mut store = app.store();
    store.set_payment_status(id, status, now);
    Json(store.payments.get(id).cloned().unwrap_or(Value::Null))
}

/// Captures an `authorized` card payment (made with `capture: false` or a
/// manual-capture session).
pub async fn capture(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let (status, kind) = current(&app, &id)?;
    if kind != "credit_card" {
        return Err(refused(
            "only card payments are captured by the merchant; this one is paid by the shopper",
            "not_capturable",
            &status,
        ));
    }
    if status != "authorized" {
        return Err(refused(
            "only an authorized payment can be captured",
            "not_authorized",
            &status,
        ));
    }
    Ok(change(&app, &id, "captured"))
}

/// Cancels a `pending` or `authorized` payment.
pub async fn cancel(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let (status, _) = current(&app, &id)?;
    if status == "cancelled" {
        return Ok(change(&app, &id, "cancelled"));
    }
    if status != "pending" && status != "authorized" {
        return Err(refused(
            "only a pending or authorized payment can be cancelled",
            "not_cancellable",
            &status,
        ));
    }
    Ok(change(&app, &id, "cancelled"))
}

/// `POST /__sandbox/payments/{id}/pay-at-store`: the shopper pays an
/// `authorized` konbini (or any non-card) payment; it becomes `captured`.
pub async fn pay_at_store(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (status, kind) = current(&app, &id)?;
    if kind == "credit_card" {
        return Err(refused(
            "a card payment is not paid at a store",
            "not_a_store_payment",
            &status,
        ));
    }
    if status != "authorized" {
        return Err(refused(
            "only an authorized payment, waiting for the shopper, can be paid",
            "not_authorized",
            &status,
        ));
    }
    Ok(change(&app, &id, "captured"))
}

/// `POST /__sandbox/payments/{id}/expire`: the shopper never paid; a
/// `pending` or `authorized` payment becomes `expired`.
pub async fn expire(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (status, _) = current(&app, &id)?;
    if status != "pending" && status != "authorized" {
        return Err(refused(
            "only a pending or authorized payment can expire",
            "not_expirable",
            &status,
        ));
    }
    Ok(change(&app, &id, "expired"))
}
