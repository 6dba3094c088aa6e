//! Webhooks: every event is POSTed to each `--webhook-url`, signed as
//! KOMOJU signs them (`X-Komoju-Signature`: lower-case hex HMAC-SHA256 of
//! the raw body, keyed with the webhook secret), at least once: a non-2xx
//! answer or none within the timeout is retried with exponential backoff,
//! a bounded number of times. Every attempt is recorded for
//! `GET /__sandbox/webhooks`; `POST /__sandbox/webhooks/redeliver` sends an
//! event again.

use crate::app::App;
use crate::clock::rfc3339;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::Json;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::VecDeque;
use std::time::Duration;
use tokio::sync::mpsc;

/// The most delivery attempts kept in the log.
pub const MAX_ATTEMPTS_LOGGED: usize = 10_000;

/// How webhooks are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookConfig {
    /// Where events go (none: no webhooks).
    pub urls: Vec<String>,
    /// The HMAC key.
    pub secret: String,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// Attempts per event and URL, the first included.
    pub max_attempts: u32,
    /// The wait before the first retry; doubled before each next one.
    pub backoff: Duration,
}

/// The default webhook secret.
pub const DEFAULT_WEBHOOK_SECRET: &str = "whsec_test_sandbox";

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            urls: Vec::new(),
            secret: DEFAULT_WEBHOOK_SECRET.to_owned(),
            timeout: Duration::from_secs(3),
            max_attempts: 5,
            backoff: Duration::from_millis(500),
        }
    }
}

/// The lower-case hex HMAC-SHA256 of `body` keyed with `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        // HMAC takes a key of any length; this never happens.
        return String::new();
    };
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One delivery attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// The event's ID (also sent as `X-Komoju-ID`).
    pub event_id: String,
    /// Its type.
    pub event_type: String,
    /// Where it was sent.
    pub url: String,
    /// 1 for the first try of a delivery.
    pub attempt: u32,
    /// A redelivery asked for with `/__sandbox/webhooks/redeliver`.
    pub redelivery: bool,
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// Why it failed without a status (`timeout`, `connection`).
    pub error: Option<String>,
    /// Whether it counts as delivered (2xx).
    pub delivered: bool,
    /// When it was made (wall clock, not the sandbox clock).
    pub at: String,
}

/// Attempts so far, oldest first.
#[derive(Debug, Default)]
pub struct DeliveryLog {
    entries: VecDeque<Attempt>,
}

impl DeliveryLog {
    fn push(&mut self, attempt: Attempt) {
        if self.entries.len() >= MAX_ATTEMPTS_LOGGED {
            self.entries.pop_front();
        }
        self.entries.push_back(attempt);
    }
}

/// The sender of a running sandbox: the store's outbox feeds it event IDs.
pub fn start(app: &App) -> Option<mpsc::UnboundedSender<String>> {
    let handle = tokio::runtime::Handle::try_current().ok()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    let weak = app.downgrade();
    handle.spawn(async move {
        while let Some(id) = rx.recv().await {
            let Some(app) = App::upgrade(&weak) else {
                break;
            };
            deliver_all(&app, &id, false);
        }
    });
    Some(tx)
}

fn client(config: &WebhookConfig) -> Option<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(config.timeout)
        .user_agent("Komoju-Webhook")
        .build()
        .ok()
}

/// Sends event `id` to every URL, each delivery in its own task.
fn deliver_all(app: &App, id: &str, redelivery: bool) -> bool {
    let Some(event) = app.store().events.get(id).cloned() else {
        return false;
    };
    let config = app.config().webhooks.clone();
    let urls = app.store().webhook_urls.clone();
    if urls.is_empty() {
        return true;
    }
    let Some(client) = client(&config) else {
        return false;
    };
    let signature = signature(&config.secret, event.body.as_bytes());
    for url in urls {
        let app = app.clone();
        let client = client.clone();
        let event = event.clone();
        let signature = signature.clone();
        let config = config.clone();
        tokio::spawn(async move {
            let mut wait = config.backoff;
            for attempt in 1..=config.max_attempts.max(1) {
                let sent = client
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .header("X-Komoju-Signature", &signature)
                    .header("X-Komoju-ID", &event.id)
                    .header("X-Komoju-Event", &event.kind)
                    .body(event.body.clone())
                    .send()
                    .await;
                let (status, error) = match sent {
                    Ok(response) => (Some(response.status().as_u16()), None),
                    Err(e) if e.is_timeout() => (None, Some("timeout".to_owned())),
                    Err(_) => (None, Some("connection".to_owned())),
                };
                let delivered = status.is_some_and(|s| (200..300).contains(&s));
                app.store().webhooks.push(Attempt {
                    event_id: event.id.clone(),
                    event_type: event.kind.clone(),
                    url: url.clone(),
                    attempt,
                    redelivery,
                    status,
                    error,
                    delivered,
                    at: rfc3339(time::OffsetDateTime::now_utc()),
                });
                if delivered || attempt == config.max_attempts {
                    break;
                }
                tokio::time::sleep(wait).await;
                wait = wait.saturating_mul(2);
            }
        });
    }
    true
}

/// `GET /__sandbox/webhooks`: the configured URLs and every attempt, oldest first.
pub async fn attempts(State(app): State<App>) -> Json<Value> {
    let list: Vec<Attempt> = app.store().webhooks.entries.iter().cloned().collect();
    Json(json!({
        "urls": app.store().webhook_urls,
        "attempts": list,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Redeliver {
    event_id: String,
}

/// `POST /__sandbox/webhooks/redeliver {"event_id":"evt_..."}`: sends the
/// event again, byte for byte.
pub async fn redeliver(State(app): State<App>, req: Request) -> Result<Json<Value>, ApiError> {
    let ask: Redeliver = crate::admin::json_body(req).await?;
    if app.store().webhook_urls.is_empty() {
        return Err(ApiError::bad_request(
            "no webhook URL is configured (--webhook-url)",
        ));
    }
    if !deliver_all(&app, ask.event_id.trim(), true) {
        return Err(ApiError::not_found("event not found").with_param("event_id"));
    }
    Ok(Json(json!({ "redelivering": ask.event_id.trim() })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Endpoints {
    urls: Vec<String>,
}

/// `PUT /__sandbox/webhooks {"urls":[...]}`: where events go from now on
/// (as a merchant sets its endpoint in KOMOJU's dashboard); `[]` stops them.
pub async fn set_urls(State(app): State<App>, req: Request) -> Result<Json<Value>, ApiError> {
    let ask: Endpoints = crate::admin::json_body(req).await?;
    for url in &ask.urls {
        match url::Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
            _ => {
                return Err(ApiError::bad_request(
                    "each webhook URL must be an absolute http(s) URL",
                )
                .with_param("urls"))
            }
        }
    }
    app.store().webhook_urls = ask.urls.clone();
    Ok(Json(json!({ "urls": ask.urls })))
}

#[cfg(test)]
mod tests {
    #[test]
    fn signatures_are_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            super::signature("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
