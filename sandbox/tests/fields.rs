//! The card frame's files under `/fields/` (`--fields-dir`), over real HTTP:
//! each with exactly one Content-Type (a `.wasm` with two is refused by
//! `WebAssembly.instantiateStreaming`), the page configured and under its own
//! policy, and nothing else served.

mod common;

use common::*;
use reqwest::Method;
use tessera_sandbox::fields::FieldsConfig;
use tessera_sandbox::Config;

/// A `dist/fields/` of its own for this test (the real one is built by
/// `npm run build`; the sandbox only serves what is there).
fn frame_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tessera-fields-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let page = "<!doctype html><head>\
                <meta name=\"tessera-allowed-origins\" content=\"\">\
                <meta name=\"tessera-api-base\" content=\"\"></head>";
    std::fs::write(dir.join("fields.html"), page).unwrap();
    std::fs::write(dir.join("fields.js"), "export {};\n").unwrap();
    std::fs::write(dir.join("fields.css"), "body{}\n").unwrap();
    std::fs::write(dir.join("tessera_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("secret.txt"), "not served").unwrap();
    dir
}

async fn get(h: &Harness, file: &str) -> reqwest::Response {
    h.request(Method::GET, &format!("/fields/{file}"), None)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_frame_files_are_served_with_one_content_type_each() {
    let dir = frame_dir();
    let config = Config {
        fields: FieldsConfig {
            dir: Some(dir.clone()),
            origins: vec![ORIGIN.to_owned()],
        },
        ..Config::default()
    };
    let h = start_with(config).await;
    for (file, expected) in [
        ("fields.html", "text/html; charset=utf-8"),
        ("fields.js", "text/javascript; charset=utf-8"),
        ("fields.css", "text/css; charset=utf-8"),
        ("tessera_bg.wasm", "application/wasm"),
    ] {
        let response = get(&h, file).await;
        assert_eq!(response.status(), 200, "{file}");
        let types: Vec<_> = response
            .headers()
            .get_all("content-type")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(types, [expected], "{file}");
        assert_eq!(
            response
                .headers()
                .get_all("x-content-type-options")
                .iter()
                .count(),
            1,
            "{file}"
        );
        if file == "fields.html" {
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(
                policy.contains(&format!("frame-ancestors {ORIGIN};")),
                "{policy}"
            );
            let page = response.text().await.unwrap();
            assert!(page.contains(&format!(
                "<meta name=\"tessera-allowed-origins\" content=\"{ORIGIN}\">"
            )));
            assert!(page.contains(&format!(
                "<meta name=\"tessera-api-base\" content=\"{}\">",
                h.sandbox.url()
            )));
        } else {
            assert_eq!(
                response.headers()["cross-origin-resource-policy"],
                "same-origin",
                "{file}"
            );
        }
    }
    for other in ["secret.txt", "..%2Fsecret.txt", "fields.html.bak"] {
        assert_eq!(get(&h, other).await.status(), 404, "{other}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
