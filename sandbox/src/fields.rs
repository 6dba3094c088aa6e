//! Tessera's card frame (`dist/fields/`, issue 14) served as a payment
//! provider would: `GET /fields/fields.html` (also `/fields/`), `fields.js`,
//! `fields.css` and `tessera_bg.wasm`, from `--fields-dir`.
//!
//! The frame's configuration comes from here, never from the page that embeds
//! it: the page's two meta tags are filled per request (the origins allowed to
//! embed it, from `--fields-origin`; the API base, this sandbox's own URL),
//! and the same origins go into the Content-Security-Policy's
//! `frame-ancestors`. No origin configured: `frame-ancestors 'none'` and an
//! empty list, so the frame refuses every page.

use crate::app::App;
use crate::html::escape;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;

/// Where the frame's files are and who may embed it.
#[derive(Debug, Clone, Default)]
pub struct FieldsConfig {
    /// `dist/fields/`; `None` serves nothing under `/fields/`.
    pub dir: Option<PathBuf>,
    /// Exact page origins (`http://127.0.0.1:8080`) allowed to embed the frame.
    pub origins: Vec<String>,
}

/// The command-line flags for [`FieldsConfig`].
#[derive(Debug, Clone, clap::Args)]
pub struct FieldsArgs {
    /// Serve Tessera's card frame (the build's dist/fields/) under /fields/.
    #[arg(long, env = "SANDBOX_FIELDS_DIR")]
    pub fields_dir: Option<PathBuf>,

    /// A page origin allowed to embed the card frame (repeatable; the env var
    /// is comma-separated). Exact origins only: scheme, host and port.
    #[arg(
        long = "fields-origin",
        env = "SANDBOX_FIELDS_ORIGIN",
        value_delimiter = ','
    )]
    pub fields_origin: Vec<String>,
}

impl FieldsArgs {
    /// The [`FieldsConfig`] these flags describe; an origin that is not exact is an error.
    pub fn config(&self) -> Result<FieldsConfig, String> {
        let mut origins = Vec::new();
        for origin in &self.fields_origin {
            let origin = origin.trim();
            if origin.is_empty() {
                continue;
            }
            if !is_exact_origin(origin) {
                return Err(format!(
                    "--fields-origin {origin:?} is not an exact origin such as https://shop.example or http://127.0.0.1:8080"
                ));
            }
            origins.push(origin.to_owned());
        }
        Ok(FieldsConfig {
            dir: self.fields_dir.clone(),
            origins,
        })
    }
}

/// `http(s)://host[:port]` with nothing after it, no wildcard, no user info,
/// and only the characters a host name or an IP literal uses.
pub fn is_exact_origin(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = if rest.starts_with('[') {
        match rest.find(']') {
            Some(end) => (&rest[..=end], &rest[end + 1..]),
            None => return false,
        }
    } else {
        match rest.rfind(':') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        }
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'))
        && !host.starts_with('.')
        && !host.ends_with('.');
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(p) => {
            !p.is_empty()
                && p.len() <= 5
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| (1..=65_535).contains(&n))
        }
    };
    host_ok && port_ok
}

/// The files of the frame, and their types. Nothing else is served.
const FILES: [(&str, &str); 4] = [
    ("fields.html", "text/html; charset=utf-8"),
    ("fields.js", "text/javascript; charset=utf-8"),
    ("fields.css", "text/css; charset=utf-8"),
    ("tessera_bg.wasm", "application/wasm"),
];

/// The meta tags of `fields.html` that the host fills.
const ORIGINS_META: &str = "<meta name=\"tessera-allowed-origins\" content=\"\">";
const API_META_PREFIX: &str = "<meta name=\"tessera-api-base\" content=\"";

/// The routes under `/fields/`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/fields/", get(index))
        .route("/fields/{file}", get(file))
}

/// The frame page's Content-Security-Policy.
pub fn policy(api_base: &str, origins: &[String]) -> String {
    let ancestors = if origins.is_empty() {
        "'none'".to_owned()
    } else {
        origins.join(" ")
    };
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' {api_base}; \
         style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}; \
         require-trusted-types-for 'script'; trusted-types 'none'"
    )
}

/// `fields.html` with its configuration filled in, or why not.
pub fn configure_page(page: &str, api_base: &str, origins: &[String]) -> Result<String, String> {
    if page.matches(ORIGINS_META).count() != 1 {
        return Err("fields.html lacks its tessera-allowed-origins meta tag".to_owned());
    }
    let page = page.replace(
        ORIGINS_META,
        &format!(
            "<meta name=\"tessera-allowed-origins\" content=\"{}\">",
            escape(&origins.join(" "))
        ),
    );
    let start = page
        .find(API_META_PREFIX)
        .ok_or("fields.html lacks its tessera-api-base meta tag")?;
    let value_start = start + API_META_PREFIX.len();
    let value_len = page[value_start..]
        .find('"')
        .ok_or("fields.html has a broken tessera-api-base meta tag")?;
    Ok(format!(
        "{}{}{}",
        &page[..value_start],
        escape(api_base),
        &page[value_start + value_len..]
    ))
}

async fn index(state: State<App>) -> Response {
    file(state, Path("fields.html".to_owned())).await
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found\n",
    )
        .into_response()
}

async fn file(State(app): State<App>, Path(name): Path<String>) -> Response {
    let config = &app.config().fields;
    let Some(dir) = config.dir.clone() else {
        return not_found();
    };
    let Some(&(name, content_type)) = FILES.iter().find(|(file, _)| *file == name) else {
        return not_found();
    };
    let path = dir.join(name);
    let Ok(Ok(bytes)) = tokio::task::spawn_blocking(move || std::fs::read(path)).await else {
        return not_found();
    };
    let mut headers = vec![
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
    ];
    if name != "fields.html" {
        // Only the frame itself loads these.
        headers.push((
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ));
        return with_headers(bytes.into_response(), headers);
    }
    let page = String::from_utf8_lossy(&bytes);
    let page = match configure_page(&page, app.base_url(), &config.origins) {
        Ok(page) => page,
        Err(why) => {
            tracing::warn!("fields: {why}");
            return (StatusCode::INTERNAL_SERVER_ERROR, why).into_response();
        }
    };
    let Ok(csp) = HeaderValue::from_str(&policy(app.base_url(), &config.origins)) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "bad policy").into_response();
    };
    headers.push((header::CONTENT_SECURITY_POLICY, csp));
    with_headers(page.into_response(), headers)
}

/// `response` with `headers` set, each replacing what the body's own
/// `IntoResponse` put there (`extend` would append: a `.wasm` answered with
/// two Content-Types is refused by `WebAssembly.instantiateStreaming`).
fn with_headers(
    mut response: Response,
    headers: Vec<(header::HeaderName, HeaderValue)>,
) -> Response {
    for (name, value) in headers {
        response.headers_mut().insert(name, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_origins() {
        for ok in [
            "http://127.0.0.1:8080",
            "https://shop.example",
            "http://[::1]:3000",
            "http://localhost",
        ] {
            assert!(is_exact_origin(ok), "{ok}");
        }
        for bad in [
            "https://shop.example/",
            "https://*.shop.example",
            "http://127.0.0.1:*",
            "shop.example",
            "javascript:alert(1)",
            "https://a@shop.example",
            "http://127.0.0.1:0",
            "http://127.0.0.1:99999",
            "https://shop.example/path",
            "https://shop.example\"><script>",
            "",
        ] {
            assert!(!is_exact_origin(bad), "{bad}");
        }
    }

    #[test]
    fn the_page_gets_its_configuration() {
        let page = "<head><meta name=\"tessera-allowed-origins\" content=\"\">\n\
                    <meta name=\"tessera-api-base\" content=\"https://komoju.com\"></head>";
        let origins = vec![
            "http://127.0.0.1:1".to_owned(),
            "https://a.example".to_owned(),
        ];
        let out = configure_page(page, "http://127.0.0.1:9", &origins).unwrap();
        assert!(out.contains("content=\"http://127.0.0.1:1 https://a.example\""));
        assert!(out.contains("<meta name=\"tessera-api-base\" content=\"http://127.0.0.1:9\">"));
        assert!(configure_page("<head></head>", "x", &origins).is_err());
        assert!(policy("http://127.0.0.1:9", &[]).contains("frame-ancestors 'none';"));
        assert!(policy("http://127.0.0.1:9", &origins)
            .contains("frame-ancestors http://127.0.0.1:1 https://a.example;"));
    }
}
