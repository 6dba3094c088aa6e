//! `POST /api/v1/tokens`: publishable or secret key.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{currency, given, ApiBody};
use crate::clock::rfc3339;
use crate::details;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::store::TokenRecord;
use axum::extract::State;
use axum::{Extension, Json};
use serde_json::{json, Value};

/// Creates a one-use token from `payment_details` (and binds it to `currency` if given).
pub async fn create(
    State(app): State<App>,
    Extension(_key): Extension<ApiKey>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    let details =
        given(&body, "payment_details").ok_or_else(|| ApiError::missing("payment_details"))?;
    let currency = match body.get("currency") {
        None | Some(Value::Null) => None,
        Some(value) => Some(currency(value).ok_or_else(|| {
            ApiError::invalid(
                "currency",
                "currency must be three uppercase letters (ISO 4217), such as JPY",
            )
        })?),
    };
    let now = app.clock().now();
    let tokenized = details::tokenize(details, app.today())?;
    let id = new_id("tok_");
    let response = json!({
        "id": id,
        "resource": "token",
        "created_at": rfc3339(now),
        "payment_details": tokenized.echo,
    });
    app.store().tokens.insert(
        id,
        TokenRecord {
            created_at: now,
            currency,
            tokenized,
            used: false,
        },
    );
    Ok(Json(response))
}
