//! `POST /api/v1/customers` and `GET /api/v1/customers/{id}`: secret key only.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{given, text, ApiBody};
use crate::clock::rfc3339;
use crate::details;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::payments::metadata;
use crate::store::CustomerRecord;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::{json, Value};

/// Creates a customer from a token or an authenticated secure token
/// (consuming it), or raw payment details.
pub async fn create(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    let details =
        given(&body, "payment_details").ok_or_else(|| ApiError::missing("payment_details"))?;
    let email = match given(&body, "email") {
        None => None,
        Some(v) => {
            Some(text(v).ok_or_else(|| ApiError::invalid("email", "email must be a string"))?)
        }
    };
    let metadata = metadata(&body)?;
    let now = app.clock().now();
    let tokenized = match details {
        Value::String(token) => {
            let token = token.trim();
            let mut store = app.store();
            match store.take_secure_token(token, now, None, None)? {
                Some(tokenized) => tokenized,
                None => store.take_token(token, now, None)?,
            }
        }
        Value::Object(_) => details::tokenize(details, app.today())?,
        _ => {
            return Err(ApiError::invalid(
                "payment_details",
                "payment_details must be a token ID or an object",
            ))
        }
    };
    let id = new_id("cus_");
    let object = json!({
        "id": id,
        "resource": "customer",
        "payment_details": tokenized.echo,
        "email": email,
        "metadata": metadata,
        "created_at": rfc3339(now),
    });
    app.store().customers.insert(
        id,
        CustomerRecord {
            tokenized,
            object: object.clone(),
        },
    );
    Ok(Json(object))
}

/// Shows a customer.
pub async fn show(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    key.require_secret()?;
    app.store()
        .customers
        .get(&id)
        .map(|c| Json(c.object.clone()))
        .ok_or_else(|| ApiError::not_found("customer not found"))
}
