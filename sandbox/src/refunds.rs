//! `POST /api/v1/payments/{id}/refund` (secret key): refunds `amount` (all
//! that is left when absent) of a captured card payment, as KOMOJU's
//! "Payment: Refund" does. The answer is the Payment: the refund appended to
//! `refunds`, `amount_refunded` raised, and `status` `refunded` once nothing
//! is left (a partly refunded payment stays `captured`). Each refund is a
//! `payment.refund.created` event; the last one also `payment.refunded`.
//!
//! Konbini and the other payments the shopper pays at a store or in an app
//! cannot be refunded this way (KOMOJU has a manual "refund request" for
//! them, not modelled here): refused with `not_refundable`.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{given, positive_integer, text, ApiBody};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::ids::new_id;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde_json::{json, Value};

/// The longest `description` kept.
const DESCRIPTION_MAX: usize = 255;

fn refused(message: &str, reason: &str, payment: &Value) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_entity",
        message,
    )
    .with_details(json!({ "reason": reason, "status": payment["status"] }))
}

/// Refunds payment `id`.
pub async fn refund(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let description = match given(&body, "description") {
        None => Value::Null,
        Some(v) => match text(v) {
            Some(s) if s.chars().count() <= DESCRIPTION_MAX => Value::String(s),
            _ => {
                return Err(ApiError::invalid(
                    "description",
                    "description must be a string of at most 255 characters",
                ))
            }
        },
    };
    let asked = match given(&body, "amount") {
        None => None,
        Some(v) => Some(
            positive_integer(v)
                .ok_or_else(|| ApiError::invalid("amount", "amount must be a positive integer"))?,
        ),
    };
    let now = app.clock().now();
    let mut store = app.store();
    let Some(Value::Object(mut payment)) = store.payments.get(&id).cloned() else {
        return Err(ApiError::not_found("payment not found"));
    };
    let whole = Value::Object(payment.clone());
    if whole["payment_details"]["type"] != "credit_card" {
        return Err(refused(
            "only card payments are refunded through the API; this one was paid at a store or in an app",
            "not_refundable",
            &whole,
        ));
    }
    if whole["status"] != "captured" {
        return Err(refused(
            "only a captured payment can be refunded (cancel an authorized one instead)",
            "not_captured",
            &whole,
        ));
    }
    let total = whole["total"]
        .as_u64()
        .or_else(|| whole["amount"].as_u64())
        .unwrap_or(0);
    let refunded = whole["amount_refunded"].as_u64().unwrap_or(0);
    let left = total.saturating_sub(refunded);
    let amount = asked.unwrap_or(left);
    if amount == 0 || amount > left {
        return Err(ApiError::invalid(
            "amount",
            format!("amount must be at most what is left to refund ({left})"),
        )
        .with_details(json!({ "reason": "exceeds_refundable", "refundable": left })));
    }
    let refund = json!({
        "id": new_id("ref_"),
        "resource": "refund",
        "amount": amount,
        "currency": whole["currency"],
        "payment": id,
        "description": description,
        "created_at": rfc3339(now),
        "chargeback": false,
    });
    let mut refunds = whole["refunds"].as_array().cloned().unwrap_or_default();
    refunds.push(refund);
    payment.insert("refunds".into(), Value::Array(refunds));
    payment.insert("amount_refunded".into(), json!(refunded + amount));
    if refunded + amount == total {
        payment.insert("status".into(), Value::String("refunded".into()));
        payment.insert("refunded_at".into(), Value::String(rfc3339(now)));
    }
    let payment = Value::Object(payment);
    store.put_refunded_payment(payment.clone(), now);
    Ok(Json(payment))
}
