//! The issuer's challenge page on its own listener: the form (right, wrong,
//! thrice wrong, cancel, expired), its CSP and frame-ancestors, the 303 to
//! the return URL, and that it shows the last four digits but never the
//! number, and never logs the password.

mod common;

use common::*;
use serde_json::Value;
use tessera_sandbox::{AllowedOrigins, Config};

const CHALLENGE: &str = "4100000000005000";
const FAILS: &str = "4100000000500000";

async fn status_of(h: &Harness, id: &str) -> Value {
    h.get(&format!("/api/v1/secure_tokens/{id}"), PK).await.1
}

/// A challenged secure token for `number`: its ID and the issuer's page.
async fn challenged(h: &Harness, number: &str) -> (String, String) {
    let token = h.secure_token(number).await;
    let text = |key: &str| token[key].as_str().unwrap().to_owned();
    (text("id"), text("authentication_url"))
}

/// The issuer's page at `url`, as the shopper's browser gets it.
async fn page_text(h: &Harness, url: &str) -> String {
    h.browser()
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn expected_return(id: &str) -> String {
    format!("{RETURN_URL}&secure_token_id={id}")
}

#[tokio::test]
async fn the_page_shows_merchant_amount_and_last_four_under_a_strict_policy() {
    let h = start().await;
    let (_, url) = &challenged(&h, CHALLENGE).await;
    let page = h.browser().get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(
        header(&page, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        header(&page, "content-security-policy").as_deref(),
        Some(
            "default-src 'none'; style-src 'self'; form-action 'self' http://127.0.0.1:8080; \
             frame-ancestors http://127.0.0.1:* http://localhost:* https://127.0.0.1:* https://localhost:*; base-uri 'none'"
        )
    );
    assert_eq!(header(&page, "cache-control").as_deref(), Some("no-store"));
    assert!(
        header(&page, "x-frame-options").is_none(),
        "frame-ancestors decides"
    );
    assert!(header(&page, "access-control-allow-origin").is_none());
    let html = page.text().await.unwrap();
    assert!(
        html.starts_with("<!doctype html><html lang=\"en\">"),
        "{html}"
    );
    assert!(html.contains("Tessera Demo Shop"));
    assert!(html.contains("5,000 JPY"));
    assert!(html.contains("Visa ending in 5000"));
    assert!(!html.contains(CHALLENGE) && !html.contains("4100 0000 0000 5000"));
    assert!(!html.contains("<script"));
    assert!(html.contains("<label for=\"password\">"));
    assert!(html.contains("id=\"password\" name=\"password\" type=\"password\""));
    let id = url.rsplit('/').next().unwrap();
    assert!(html.contains(&format!(
        "<form method=\"post\" action=\"/challenges/{id}\">"
    )));
    assert!(html.contains("value=\"cancel\""));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/issuer.css\">"));
    // The stylesheet comes from the issuer's own origin.
    let css = h
        .browser()
        .get(format!("{}/issuer.css", h.sandbox.issuer_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(
        header(&css, "content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    // Unknown challenges and the API's paths are not there.
    for path in ["/challenges/acs_nope", "/api/v1/tokens"] {
        let r = h
            .browser()
            .get(format!("{}{path}", h.sandbox.issuer_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_right_password_authenticates_and_returns_with_303() {
    let h = start().await;
    let (id, url) = &challenged(&h, CHALLENGE).await;
    let r = h.submit(url, "123456", "submit").await;
    assert_eq!(r.status(), 303);
    assert_eq!(header(&r, "location"), Some(expected_return(id)));
    assert!(header(&r, "content-security-policy")
        .unwrap()
        .contains("form-action 'self' http://127.0.0.1:8080;"));
    let shown = status_of(&h, id).await;
    assert_eq!(shown["verification_status"], "OK");
    assert!(shown["authentication_url"].is_null());
    assert_eq!(shown["three_ds_auth_result"]["transStatus"], "Y");
    assert_eq!(shown["three_ds_auth_result"]["authenticationType"], "01");
    // Submitting again just returns; the page says it is over.
    let again = h.submit(url, "000000", "submit").await;
    assert_eq!(header(&again, "location"), Some(expected_return(id)));
    let page = page_text(&h, url).await;
    assert!(page.contains("This payment was confirmed."), "{page}");
    assert!(page.contains("value=\"return\""));
    let back = h.submit(url, "", "return").await;
    assert_eq!(header(&back, "location"), Some(expected_return(id)));
    assert_eq!(status_of(&h, id).await["verification_status"], "OK");
}

#[tokio::test]
async fn a_wrong_password_says_how_many_tries_are_left_and_three_fail() {
    let h = start().await;
    let (id, url) = &challenged(&h, CHALLENGE).await;
    let empty = h.submit(url, "", "submit").await;
    assert_eq!(empty.status(), 200);
    assert!(empty.text().await.unwrap().contains("Enter the password"));
    for left in ["2 tries left", "1 try left"] {
        let r = h.submit(url, "654321", "submit").await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains(&format!("Wrong password: {left}.")), "{html}");
        assert!(html
            .contains("aria-invalid=\"true\" aria-describedby=\"password-error password-hint\""));
        assert!(html.contains("<p id=\"password-error\" class=\"error\" role=\"alert\">"));
        assert!(!html.contains("654321"), "the typed password is not echoed");
        assert_eq!(
            status_of(&h, id).await["verification_status"],
            "NEEDS_VERIFY"
        );
    }
    let third = h.submit(url, "111111", "submit").await;
    assert_eq!(third.status(), 303);
    assert_eq!(header(&third, "location"), Some(expected_return(id)));
    let shown = status_of(&h, id).await;
    assert_eq!(shown["verification_status"], "ERRORED");
    assert_eq!(shown["three_ds_auth_result"]["transStatus"], "N");
    assert_eq!(shown["three_ds_auth_result"]["transStatusReason"], "01");
    // The right password is too late now.
    h.submit(url, "123456", "submit").await;
    assert_eq!(status_of(&h, id).await["verification_status"], "ERRORED");
}

#[tokio::test]
async fn wrong_then_right_passes() {
    let h = start().await;
    let (id, url) = &challenged(&h, CHALLENGE).await;
    assert_eq!(h.submit(url, "000000", "submit").await.status(), 200);
    assert_eq!(h.submit(url, "000000", "submit").await.status(), 200);
    assert_eq!(h.submit(url, "123456", "submit").await.status(), 303);
    assert_eq!(status_of(&h, id).await["verification_status"], "OK");
}

#[tokio::test]
async fn the_failing_card_fails_whatever_is_typed() {
    let h = start().await;
    let (id, url) = &challenged(&h, FAILS).await;
    let html = page_text(&h, url).await;
    assert!(html.contains("Visa ending in 0000"));
    let r = h.submit(url, "123456", "submit").await;
    assert_eq!(r.status(), 303);
    assert_eq!(status_of(&h, id).await["verification_status"], "ERRORED");
}

#[tokio::test]
async fn cancel_ends_the_challenge() {
    let h = start().await;
    let (id, url) = &challenged(&h, CHALLENGE).await;
    let r = h.submit(url, "", "cancel").await;
    assert_eq!(r.status(), 303);
    assert_eq!(header(&r, "location"), Some(expected_return(id)));
    let shown = status_of(&h, id).await;
    assert_eq!(shown["verification_status"], "ERRORED");
    assert_eq!(shown["three_ds_auth_result"]["challengeCancel"], "01");
    let page = page_text(&h, url).await;
    assert!(page.contains("This confirmation was cancelled."));
}

#[tokio::test]
async fn an_unfinished_challenge_expires_after_ten_minutes() {
    let h = start().await;
    let (id, url) = &challenged(&h, CHALLENGE).await;
    assert!(h.sandbox.clock().advance(10 * 60 - 1));
    assert_eq!(
        status_of(&h, id).await["verification_status"],
        "NEEDS_VERIFY"
    );
    assert!(h.sandbox.clock().advance(1));
    let page = h.browser().get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("has expired"), "{html}");
    assert!(!html.contains("name=\"password\""));
    // Submitting the right password now only sends the shopper back.
    let r = h.submit(url, "123456", "submit").await;
    assert_eq!(r.status(), 303);
    assert_eq!(header(&r, "location"), Some(expected_return(id)));
    let shown = status_of(&h, id).await;
    assert_eq!(shown["verification_status"], "EXPIRED");
    assert!(shown["three_ds_auth_result"].is_null());
}

#[tokio::test]
async fn an_expired_challenge_answers_a_late_submit_by_returning() {
    let h = start().await;
    let (id, url) = &challenged(&h, CHALLENGE).await;
    assert!(h.sandbox.clock().advance(600));
    // Nothing read the token before the submit: the submit expires it.
    let r = h.submit(url, "123456", "submit").await;
    assert_eq!(header(&r, "location"), Some(expected_return(id)));
    assert_eq!(status_of(&h, id).await["verification_status"], "EXPIRED");
}

#[tokio::test]
async fn frame_ancestors_follow_the_allowed_origins() {
    let h = start_with(Config {
        allowed_origins: AllowedOrigins::from_list(vec![
            "https://shop.example".into(),
            "http://127.0.0.1:8080".into(),
        ]),
        merchant_name: "Kaisha & Co <Tokyo>".into(),
        ..Config::default()
    })
    .await;
    let token = h.secure_token(CHALLENGE).await;
    let page = h
        .browser()
        .get(token["authentication_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let csp = header(&page, "content-security-policy").unwrap();
    assert!(
        csp.contains("frame-ancestors https://shop.example http://127.0.0.1:8080;"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("Kaisha &amp; Co &lt;Tokyo&gt;"));
}

#[tokio::test]
async fn the_log_records_issuer_requests_without_the_password() {
    let h = start().await;
    let (_, url) = &challenged(&h, CHALLENGE).await;
    h.submit(url, "987654", "submit").await;
    h.submit(url, "123456", "submit").await;
    let log = h.requests().await;
    let posts: Vec<&Value> = log
        .iter()
        .filter(|r| {
            r["method"] == "POST" && r["path"].as_str().unwrap_or("").starts_with("/challenges/")
        })
        .collect();
    assert_eq!(posts.len(), 2);
    for post in &posts {
        assert_eq!(post["body"]["password"], "[redacted]");
    }
    let text = Value::Array(log).to_string();
    assert!(!text.contains("987654") && !text.contains("123456") && !text.contains(CHALLENGE));
}
