//! The issuer's 3-D Secure challenge page, served on its own loopback
//! listener (its own origin, as a bank's would be): the merchant, the amount,
//! the card's last four digits, a password field and Cancel, as a plain HTML
//! form (no JavaScript) that works as a full page and inside a shop's iframe.
//! When the challenge ends it answers `303 See Other` to the return URL.
//!
//! The URL carries only the opaque challenge ID; the page never holds a card
//! number, and the password is never stored or logged.

use crate::app::App;
use crate::challenge::{Answer, ChallengeRecord, Finish, Retry, State as ChallengeState, Step};
use crate::csp;
use crate::html::escape;
use crate::money;
use crate::record;
use crate::return_url;
use crate::three_ds::{Authentication, PASSWORD};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The page of challenge `id` on the issuer listener at `issuer_url`.
pub fn challenge_url(issuer_url: &str, id: &str) -> String {
    format!("{issuer_url}/challenges/{id}")
}

/// The stylesheet (served from the issuer's origin: `style-src 'self'`).
pub const STYLESHEET: &str = "\
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1b1b1f;background:#f6f7fb}\
main{max-width:26rem;margin:0 auto;background:#fff;border:1px solid #d0d3dc;border-radius:8px;padding:1.5rem}\
.bank{margin:0 0 .5rem;font-weight:600;color:#3b4a8c}h1{font-size:1.25rem;margin:0 0 1rem}\
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0 0 1rem}dt{color:#555}dd{margin:0}\
label{display:block;font-weight:600;margin-bottom:.25rem}\
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #767b8a;border-radius:4px}\
input[aria-invalid=true]{border-color:#b3261e}.error{color:#b3261e;margin:.5rem 0 0}\
.hint{color:#555;font-size:.875rem}.actions{display:flex;gap:.75rem;margin-top:1rem}\
button{font:inherit;padding:.5rem 1rem;border-radius:4px;border:1px solid #3b4a8c;background:#3b4a8c;color:#fff;cursor:pointer}\
button.secondary{background:#fff;color:#3b4a8c}\
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}\n";

/// The issuer listener's routes: the challenge page and its stylesheet. The
/// request log records these requests too (the password redacted).
pub fn router(app: App) -> Router {
    Router::new()
        .route("/challenges/{id}", get(show).post(answer))
        .route("/issuer.css", get(stylesheet))
        .fallback(not_found)
        .with_state(app.clone())
        .layer(from_fn_with_state(app, record::layer))
}

async fn stylesheet() -> Response {
    let mut response = STYLESHEET.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=600"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// An HTML answer with the page's security headers; `return_to` widens
/// `form-action` to the return URL's origin.
fn html(app: &App, status: StatusCode, body: String, return_to: Option<&str>) -> Response {
    let origin = return_to.and_then(return_url::origin);
    let policy = csp::challenge_page(&app.config().allowed_origins, origin.as_deref());
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn document(title: &str, main: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/issuer.css\"></head>\
         <body><main aria-labelledby=\"title\"><p class=\"bank\">Sandbox Card Issuer (test mode)</p>{main}</main></body></html>"
    )
}

fn brand_name(brand: &str) -> &str {
    match brand {
        "visa" => "Visa",
        "master" => "Mastercard",
        "jcb" => "JCB",
        "american_express" => "American Express",
        "diners_club" => "Diners Club",
        other => other,
    }
}

/// The form, with the error of the last try if any.
fn form_page(app: &App, challenge: &ChallengeRecord, retry: Option<Retry>) -> String {
    let error = match retry {
        None => None,
        Some(Retry::Empty) => Some("Enter the password to continue.".to_owned()),
        Some(Retry::Wrong(1)) => Some("Wrong password: 1 try left.".to_owned()),
        Some(Retry::Wrong(n)) => Some(format!("Wrong password: {n} tries left.")),
    };
    let (invalid, error_html) = match &error {
        Some(text) => (
            " aria-invalid=\"true\" aria-describedby=\"password-error password-hint\"",
            format!(
                "<p id=\"password-error\" class=\"error\" role=\"alert\">{}</p>",
                escape(text)
            ),
        ),
        None => (" aria-describedby=\"password-hint\"", String::new()),
    };
    let hint = match challenge.authentication {
        Authentication::ChallengeFails => {
            "Test mode: this card fails authentication whatever you type.".to_owned()
        }
        _ => format!("Test mode: the password is {PASSWORD}."),
    };
    let main = format!(
        "<h1 id=\"title\">Confirm your payment</h1>\
         <dl><dt>Merchant</dt><dd>{merchant}</dd><dt>Amount</dt><dd>{amount}</dd>\
         <dt>Card</dt><dd>{brand} ending in {last4}</dd></dl>\
         <form method=\"post\" action=\"/challenges/{id}\">\
         <label for=\"password\">Password sent by your bank</label>\
         <input id=\"password\" name=\"password\" type=\"password\" inputmode=\"numeric\" \
         autocomplete=\"one-time-code\" required autofocus{invalid}>{error_html}\
         <p id=\"password-hint\" class=\"hint\">{hint}</p>\
         <div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"submit\">Confirm</button>\
         <button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\" formnovalidate>Cancel</button></div>\
         </form>",
        merchant = escape(&app.config().merchant_name),
        amount = escape(&money::display(challenge.amount, &challenge.currency)),
        brand = escape(brand_name(&challenge.brand)),
        last4 = escape(&challenge.last4),
        id = escape(&challenge.id),
        hint = escape(&hint),
    );
    document("Confirm your payment (3-D Secure)", &main)
}

/// The page of a challenge that is over: a button back to the shop.
fn ended_page(challenge: &ChallengeRecord, finish: Finish) -> String {
    let why = match finish {
        Finish::Authenticated => "This payment was confirmed.",
        Finish::Failed => "This payment could not be confirmed.",
        Finish::Cancelled => "This confirmation was cancelled.",
        Finish::Expired => "This confirmation has expired: it was not finished within 10 minutes.",
        Finish::Superseded => "This confirmation is no longer needed.",
    };
    let back = if challenge.return_to.is_some() {
        format!(
            "<form method=\"post\" action=\"/challenges/{}\"><div class=\"actions\">\
             <button type=\"submit\" name=\"action\" value=\"return\">Return to the shop</button></div></form>",
            escape(&challenge.id)
        )
    } else {
        "<p>You may close this page and return to the shop.</p>".to_owned()
    };
    document(
        "Payment confirmation ended (3-D Secure)",
        &format!("<h1 id=\"title\">Confirmation ended</h1><p>{why}</p>{back}"),
    )
}

fn missing_page(app: &App) -> Response {
    html(
        app,
        StatusCode::NOT_FOUND,
        document(
            "Not found",
            "<h1 id=\"title\">No such confirmation</h1><p>This link is not valid.</p>",
        ),
        None,
    )
}

async fn not_found(State(app): State<App>) -> Response {
    missing_page(&app)
}

/// `GET /challenges/{id}`: the form, or the page of an ended challenge.
async fn show(State(app): State<App>, Path(id): Path<String>) -> Response {
    let now = app.clock().now();
    let challenge = {
        let mut store = app.store();
        store.expire_challenges(now, app.base_url());
        store.challenges.get(&id).cloned()
    };
    let Some(challenge) = challenge else {
        return missing_page(&app);
    };
    let body = match challenge.state {
        ChallengeState::Open { .. } => form_page(&app, &challenge, None),
        ChallengeState::Finished(finish) => ended_page(&challenge, finish),
    };
    html(&app, StatusCode::OK, body, challenge.return_to.as_deref())
}

/// `POST /challenges/{id}` (form-encoded `password`, `action`): checks the
/// password or cancels; when the challenge is over, 303 to the return URL.
async fn answer(State(app): State<App>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut password = String::new();
    let mut action = String::new();
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "password" => password = value.into_owned(),
            "action" => action = value.into_owned(),
            _ => {}
        }
    }
    let answer = match action.as_str() {
        "cancel" => Answer::Cancel,
        "return" => Answer::Return,
        _ => Answer::Password(password.trim()),
    };
    let now = app.clock().now();
    let (step, challenge) = {
        let mut store = app.store();
        let step = store.answer_challenge(&id, answer, now, app.base_url());
        (step, store.challenges.get(&id).cloned())
    };
    drop(password);
    let (Some(step), Some(challenge)) = (step, challenge) else {
        return missing_page(&app);
    };
    match step {
        Step::Ask(retry) => html(
            &app,
            StatusCode::OK,
            form_page(&app, &challenge, Some(retry)),
            challenge.return_to.as_deref(),
        ),
        Step::Done(Some(to)) => match HeaderValue::from_str(&to) {
            Ok(location) => {
                let mut response = html(&app, StatusCode::SEE_OTHER, String::new(), Some(&to));
                response.headers_mut().insert(header::LOCATION, location);
                response
            }
            Err(_) => missing_page(&app),
        },
        Step::Done(None) => {
            let finish = match challenge.state {
                ChallengeState::Finished(finish) => finish,
                ChallengeState::Open { .. } => Finish::Superseded,
            };
            html(&app, StatusCode::OK, ended_page(&challenge, finish), None)
        }
    }
}
