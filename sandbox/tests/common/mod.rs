//! Shared helpers: an in-process sandbox on 127.0.0.1:0 with a frozen clock,
//! and a small HTTP client.
#![allow(dead_code)]

use reqwest::{Client, Method, Response};
use serde_json::Value;
use std::time::Duration;
use tessera_sandbox::{Clock, Config, Sandbox};
use time::macros::datetime;

pub const PK: &str = "pk_test_sandbox";
pub const SK: &str = "sk_test_sandbox";
pub const ORIGIN: &str = "http://127.0.0.1:8080";

pub struct Harness {
    pub sandbox: Sandbox,
    pub client: Client,
}

pub async fn start() -> Harness {
    start_with(Config::default()).await
}

pub async fn start_with(mut config: Config) -> Harness {
    config.clock = Clock::frozen(datetime!(2026-11-24 06:20:21 UTC));
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let client = Client::builder()
        .timeout(Duration::from_secs(20))
        .no_proxy()
        .build()
        .expect("client");
    Harness { sandbox, client }
}

/// The card number and code used in most tests.
pub const VISA: &str = "4111111111111111";
pub const CVC: &str = "987";

pub fn card(number: &str) -> Value {
    serde_json::json!({
        "payment_details": {
            "type": "credit_card",
            "number": number,
            "month": "01",
            "year": "29",
            "verification_value": CVC,
            "name": "TARO YAMADA",
            "email": "taro@example.com"
        }
    })
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sandbox.url(), path)
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let rb = self.client.request(method, self.url(path));
        match key {
            Some(key) => rb.basic_auth(key, Some("")),
            None => rb,
        }
    }

    pub async fn post_json(&self, path: &str, key: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(key))
            .json(body)
            .send()
            .await
            .expect("response")
    }

    pub async fn post_form(&self, path: &str, key: &str, body: &str) -> Response {
        self.request(Method::POST, path, Some(key))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
            .await
            .expect("response")
    }

    /// Posts, and returns status and parsed JSON body.
    pub async fn call(&self, path: &str, key: &str, body: &Value) -> (u16, Value) {
        read(self.post_json(path, key, body).await).await
    }

    /// Creates a token for `number` and returns its ID.
    pub async fn token(&self, number: &str) -> String {
        let (status, body) = self.call("/api/v1/tokens", PK, &card(number)).await;
        assert_eq!(status, 200, "{body}");
        body["id"].as_str().expect("token id").to_owned()
    }

    /// A token bound to `currency`.
    pub async fn token_in(&self, number: &str, currency: &str) -> String {
        let mut body = card(number);
        body["currency"] = Value::String(currency.to_owned());
        let (status, body) = self.call("/api/v1/tokens", PK, &body).await;
        assert_eq!(status, 200, "{body}");
        body["id"].as_str().expect("token id").to_owned()
    }

    pub async fn pay(&self, token: &str) -> (u16, Value) {
        self.call(
            "/api/v1/payments",
            SK,
            &serde_json::json!({"amount": 5000, "currency": "JPY", "payment_details": token}),
        )
        .await
    }

    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut rb = self.request(method, path, None);
        if let Some(body) = body {
            rb = rb.json(&body);
        }
        read(rb.send().await.expect("response")).await
    }

    pub async fn requests(&self) -> Vec<Value> {
        let (status, body) = self.admin(Method::GET, "/__sandbox/requests", None).await;
        assert_eq!(status, 200);
        body.as_array().cloned().unwrap_or_default()
    }
}

pub async fn read(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

/// Asserts the KOMOJU error envelope and returns its `error` object.
pub fn envelope(body: &Value, code: &str) -> Value {
    let error = body
        .get("error")
        .unwrap_or_else(|| panic!("no error envelope: {body}"));
    let obj = error.as_object().expect("error object");
    let mut keys: Vec<_> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "details", "message", "param"], "{body}");
    assert_eq!(error["code"], code, "{body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(
        error["param"].is_null() || error["param"].is_string(),
        "{body}"
    );
    error.clone()
}

/// The return URL used by 3-D Secure tests (the shop's page).
pub const RETURN_URL: &str = "http://127.0.0.1:8080/checkout/done?order=7";

/// A secure-token request body for `number`.
pub fn secure_card(number: &str, amount: u64) -> Value {
    let mut body = card(number);
    body["amount"] = serde_json::json!(amount);
    body["currency"] = serde_json::json!("JPY");
    body["return_url"] = serde_json::json!(RETURN_URL);
    body
}

impl Harness {
    /// GET `path` with `key`; status and JSON body.
    pub async fn get(&self, path: &str, key: &str) -> (u16, Value) {
        read(
            self.request(Method::GET, path, Some(key))
                .send()
                .await
                .expect("response"),
        )
        .await
    }

    /// Creates a secure token for `number` (amount 5000 JPY).
    pub async fn secure_token(&self, number: &str) -> Value {
        let (status, body) = self
            .call("/api/v1/secure_tokens", PK, &secure_card(number, 5000))
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// A client that does not follow redirects, for the issuer's page.
    pub fn browser(&self) -> Client {
        Client::builder()
            .timeout(Duration::from_secs(20))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Submits the challenge form at `url` (`action` = submit or cancel).
    pub async fn submit(&self, url: &str, password: &str, action: &str) -> Response {
        self.browser()
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("password={password}&action={action}"))
            .send()
            .await
            .expect("response")
    }
}

/// A response header as text.
pub fn header(r: &Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
