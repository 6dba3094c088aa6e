//! `POST /api/v1/tokens`: publishable or secret key.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{given, ApiBody};
use crate::clock::rfc3339;
use crate::details;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::store::TokenRecord;
use axum::extract::State;
use axum::{Extension, Json};
use serde_json::{json, Value};

/// What a Token shows of its `payment_details`: as KOMOJU's token
/// responses (seed 003) do, the type and the shopper's own fields (names,
/// email, store, phone...), never what the sandbox derived from the card
/// (brand, last four digits, expiry) nor the card holder's `name`.
fn token_echo(echo: &serde_json::Map<String, Value>) -> Value {
    let card = echo.get("type").and_then(Value::as_str) == Some("credit_card");
    Value::Object(
        echo.iter()
            .filter(|(k, _)| {
                !card
                    || !matches!(
                        k.as_str(),
                        "brand" | "last_four_digits" | "month" | "year" | "name"
                    )
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

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
        Some(value) => Some(crate::money::supported_currency(value)?),
    };
    let now = app.clock().now();
    let tokenized = details::tokenize(details, app.today())?;
    let id = new_id("tok_");
    let response = json!({
        "id": id,
        "resource": "token",
        "created_at": rfc3339(now),
        "payment_details": token_echo(&tokenized.echo),
    });
    let mut store = app.store();
    store.sweep(now, false);
    store.tokens.insert(
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
