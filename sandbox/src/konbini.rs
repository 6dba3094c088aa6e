//! The page behind a non-card payment's `instructions_url`
//! (`/__sandbox/konbini/{id}`, `/__sandbox/instructions/{id}`).

use crate::app::App;
use crate::html::escape;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

fn field(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Shows how to pay a non-card payment (sandbox only: nothing to pay).
pub async fn page(State(app): State<App>, Path(id): Path<String>) -> Response {
    let payment = app.store().payments.get(&id).cloned();
    let Some(payment) = payment.filter(|p| p["payment_details"]["instructions_url"].is_string())
    else {
        return (
            StatusCode::NOT_FOUND,
            Html("<!doctype html><title>Not found</title><p>No such payment.</p>".to_owned()),
        )
            .into_response();
    };
    let details = &payment["payment_details"];
    let rows: String = [
        ("Payment", field(&payment["id"])),
        ("Method", field(&details["type"])),
        ("Store", field(&details["store"])),
        (
            "Amount",
            format!(
                "{} {}",
                field(&payment["amount"]),
                field(&payment["currency"])
            ),
        ),
        ("Status", field(&payment["status"])),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("<tr><th>{k}</th><td>{}</td></tr>", escape(v)))
    .collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Payment instructions (sandbox)</title></head>\
         <body><h1>Payment instructions</h1><p>This is the Tessera sandbox: there is nothing to pay.</p>\
         <table>{rows}</table><p>Receipt number: <code>{}</code></p></body></html>",
        escape(&field(&payment["id"]))
    ))
    .into_response()
}
