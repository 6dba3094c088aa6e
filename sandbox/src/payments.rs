//! `POST /api/v1/payments` and `GET /api/v1/payments/{id}`: secret key only.
//! `payment_details` may be a token ID or an authenticated secure token ID.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{boolean, currency, given, positive_integer, text, ApiBody};
use crate::charge::Charge;
use crate::details::{self, Tokenized};
use crate::error::ApiError;
use crate::ids::new_id;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

/// Where the money comes from.
enum Source {
    Token(String),
    Details(Tokenized),
    Customer(String),
}

/// `metadata`: absent or an object.
pub fn metadata(body: &Map<String, Value>) -> Result<Value, ApiError> {
    match body.get("metadata") {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(Value::Object(map)) => Ok(Value::Object(map.clone())),
        Some(_) => Err(ApiError::invalid("metadata", "metadata must be an object")),
    }
}

pub use crate::charge::declined;

/// Creates a payment from a token, raw payment details or a customer.
pub async fn create(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let amount =
        positive_integer(given(&body, "amount").ok_or_else(|| ApiError::missing("amount"))?)
            .ok_or_else(|| ApiError::invalid("amount", "amount must be a positive integer"))?;
    let currency = currency(given(&body, "currency").ok_or_else(|| ApiError::missing("currency"))?)
        .ok_or_else(|| {
            ApiError::invalid(
                "currency",
                "currency must be three uppercase letters (ISO 4217), such as JPY",
            )
        })?;
    let capture = match body.get("capture") {
        None | Some(Value::Null) => true,
        Some(v) => boolean(v)
            .ok_or_else(|| ApiError::invalid("capture", "capture must be true or false"))?,
    };
    let external_order_num = match given(&body, "external_order_num") {
        None => None,
        Some(v) => Some(text(v).ok_or_else(|| {
            ApiError::invalid("external_order_num", "external_order_num must be a string")
        })?),
    };
    let metadata = metadata(&body)?;
    let source = match (given(&body, "payment_details"), given(&body, "customer")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "customer",
                "give payment_details or customer, not both",
            ))
        }
        (None, None) => return Err(ApiError::missing("payment_details")),
        (Some(Value::String(token)), None) => Source::Token(token.trim().to_owned()),
        (Some(object @ Value::Object(_)), None) => {
            Source::Details(details::tokenize(object, app.today())?)
        }
        (Some(_), None) => {
            return Err(ApiError::invalid(
                "payment_details",
                "payment_details must be a token ID or an object",
            ))
        }
        (None, Some(Value::String(customer))) => Source::Customer(customer.trim().to_owned()),
        (None, Some(_)) => {
            return Err(ApiError::invalid(
                "customer",
                "customer must be a customer ID",
            ))
        }
    };

    let now = app.clock().now();
    let mut store = app.store();
    if let Some(num) = &external_order_num {
        if store.order_nums.contains(num) {
            return Err(ApiError::invalid(
                "external_order_num",
                "external_order_num has already been used by another payment",
            ));
        }
    }
    let (tokenized, customer, param) = match source {
        Source::Token(id) => (
            store.take_payment_token(&id, now, &currency, amount)?.0,
            None,
            "payment_details",
        ),
        Source::Details(tokenized) => (tokenized, None, "payment_details"),
        Source::Customer(id) => {
            let record = store.customers.get(&id).ok_or_else(|| {
                ApiError::invalid("customer", "customer not found")
                    .with_details(json!({ "reason": "customer_not_found" }))
            })?;
            (record.tokenized.clone(), Some(id), "customer")
        }
    };
    let id = new_id("pay_");
    let payment = Charge {
        id: &id,
        amount,
        currency: &currency,
        tokenized: &tokenized,
        capture,
        customer: customer.as_deref(),
        session: None,
        external_order_num: external_order_num.as_deref(),
        metadata: &metadata,
        param,
    }
    .run(now, app.base_url())?;
    if let Some(num) = external_order_num {
        store.order_nums.insert(num);
    }
    store.payments.insert(id, payment.clone());
    Ok(Json(payment))
}

/// Shows a payment.
pub async fn show(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    app.store()
        .payments
        .get(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("payment not found"))
}
