//! Offsite payment types (wallets such as PayPay): a session lists them in
//! `payment_types`; Session: Pay answers `pending` with a `redirect_url` to
//! a sandbox page standing in for the wallet (`/__sandbox/wallet/{payment}`),
//! where the shopper approves (the payment `captured`, the session
//! `completed`) or cancels (the payment `cancelled`, the session still
//! payable); either way they are sent to the session's `return_url` with
//! `session_id=`. Tokens and Payment: Create do not take them, as on KOMOJU.

use crate::app::App;
use crate::details::{Method, Tokenized};
use crate::html::escape;
use crate::return_url;
use crate::sessions::SessionStatus;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value};

/// The offsite types the sandbox stands in for.
pub const OFFSITE_TYPES: &[&str] = &[
    "paypay",
    "linepay",
    "merpay",
    "rakutenpay",
    "aupay",
    "alipay",
    "wechatpay",
    "paidy",
];

/// Whether `name` is an offsite type.
pub fn is_offsite(name: &str) -> bool {
    OFFSITE_TYPES.contains(&name)
}

/// Offsite `payment_details` (`{type, email?}`) as validated details.
pub fn tokenize(kind: &str, email: Option<&str>) -> Tokenized {
    let mut echo = Map::new();
    echo.insert("type".into(), Value::String(kind.to_owned()));
    if let Some(email) = email {
        echo.insert("email".into(), Value::String(email.trim().to_owned()));
    }
    Tokenized {
        echo,
        method: Method::Other {
            kind: kind.to_owned(),
        },
    }
}

/// The wallet page's URL for payment `id`.
pub fn wallet_url(base_url: &str, id: &str) -> String {
    format!("{base_url}/__sandbox/wallet/{id}")
}

const CSP: &str = "default-src 'none'; form-action *; base-uri 'none'; frame-ancestors 'none'";

fn page(status: StatusCode, body: String) -> Response {
    let mut response = (status, Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wallet (sandbox)</title></head><body><main>{body}</main></body></html>"
    )))
    .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}

/// `GET /__sandbox/wallet/{id}`: approve or cancel.
pub async fn show(State(app): State<App>, Path(id): Path<String>) -> Response {
    let payment = app.store().payments.get(&id).cloned();
    let Some(payment) = payment.filter(|p| p["status"] == "pending") else {
        return page(
            StatusCode::NOT_FOUND,
            "<h1>Nothing to pay</h1><p>No pending wallet payment here.</p>".into(),
        );
    };
    let kind = escape(payment["payment_details"]["type"].as_str().unwrap_or(""));
    let amount = crate::money::display(
        payment["amount"].as_u64().unwrap_or(0),
        payment["currency"].as_str().unwrap_or(""),
    );
    let id = escape(&id);
    page(
        StatusCode::OK,
        format!(
            "<h1>{kind} (sandbox wallet)</h1><p>Pay {}?</p>\
             <form method=\"post\" action=\"/__sandbox/wallet/{id}\"><button name=\"action\" value=\"approve\">Approve</button> \
             <button name=\"action\" value=\"cancel\">Cancel</button></form>",
            escape(&amount)
        ),
    )
}

/// `POST /__sandbox/wallet/{id}` (`action=approve|cancel`).
pub async fn answer(State(app): State<App>, Path(id): Path<String>, body: Bytes) -> Response {
    let approve = form_urlencoded::parse(&body).any(|(k, v)| k == "action" && v == "approve");
    let now = app.clock().now();
    let mut store = app.store();
    let Some(payment) = store.payments.get(&id).cloned() else {
        return page(StatusCode::NOT_FOUND, "<h1>No such payment</h1>".into());
    };
    if payment["status"] != "pending" {
        return page(StatusCode::CONFLICT, "<h1>This payment is over</h1>".into());
    }
    let session_id = payment["session"].as_str().unwrap_or("").to_owned();
    store.set_payment_status(&id, if approve { "captured" } else { "cancelled" }, now);
    let mut return_to = None;
    if let Some(session) = store.sessions.get_mut(&session_id) {
        if approve && session.status == SessionStatus::Pending {
            session.status = SessionStatus::Completed;
            session.completed_at = Some(now);
        }
        return_to = session
            .return_url
            .as_deref()
            .map(|url| return_url::with_param(url, "session_id", &session.id));
    }
    drop(store);
    match return_to.and_then(|to| HeaderValue::from_str(&to).ok()) {
        Some(location) => {
            let mut response = page(StatusCode::SEE_OTHER, String::new());
            response.headers_mut().insert(header::LOCATION, location);
            response
        }
        None => page(
            StatusCode::OK,
            format!(
                "<h1>{}</h1><p>You may close this page.</p>",
                if approve { "Paid" } else { "Cancelled" }
            ),
        ),
    }
}
