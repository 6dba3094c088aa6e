//! The binary: the two stdout lines (API, issuer pages), --port-file and
//! --issuer-port-file, flags from env vars, and a
//! stderr log free of card data.

mod common;

use common::card;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn the_binary_prints_its_url_writes_the_port_file_and_logs_safely() {
    let dir = std::env::temp_dir().join(format!("tessera-sandbox-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port_file = dir.join("url");
    let issuer_file = dir.join("issuer-url");
    let _ = std::fs::remove_file(&port_file);
    let _ = std::fs::remove_file(&issuer_file);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tessera-sandbox"))
        .arg("--port-file")
        .arg(&port_file)
        .arg("--issuer-port-file")
        .arg(&issuer_file)
        .env("SANDBOX_PUBLISHABLE_KEY", "pk_test_from_env")
        .env("SANDBOX_LISTEN", "127.0.0.1:0")
        .env_remove("SANDBOX_SECRET_KEY")
        .env_remove("SANDBOX_ALLOW_ORIGIN")
        .env_remove("SANDBOX_QUIET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim_end()
        .strip_prefix("tessera-sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(
        url["http://127.0.0.1:".len()..]
            .parse::<u16>()
            .is_ok_and(|p| p > 0),
        "{url}"
    );
    assert_eq!(std::fs::read_to_string(&port_file).unwrap(), url);
    let mut second = String::new();
    stdout.read_line(&mut second).unwrap();
    let issuer = second
        .trim_end()
        .strip_prefix("tessera-sandbox issuer pages on ")
        .unwrap_or_else(|| panic!("unexpected second line {second:?}"))
        .to_owned();
    assert!(
        issuer.starts_with("http://127.0.0.1:") && issuer != url,
        "{issuer}"
    );
    assert_eq!(std::fs::read_to_string(&issuer_file).unwrap(), issuer);

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .build()
        .unwrap();
    let ok = client
        .post(format!("{url}/api/v1/tokens"))
        .basic_auth("pk_test_from_env", Some(""))
        .json(&card("4111111111111111"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let refused = client
        .post(format!("{url}/api/v1/tokens"))
        .basic_auth("pk_test_sandbox", Some(""))
        .json(&card("4111111111111111"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        401,
        "the env var replaced the default key"
    );

    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("POST /api/v1/tokens 200"), "{stderr}");
    assert!(
        !stderr.contains("4111111111111111") && !stderr.contains("verification_value"),
        "{stderr}"
    );
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "exactly two lines on stdout");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_flags_fail_fast() {
    let output = Command::new(env!("CARGO_BIN_EXE_tessera-sandbox"))
        .args(["--publishable-key", "same", "--secret-key", "same"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("must differ"));
    let output = Command::new(env!("CARGO_BIN_EXE_tessera-sandbox"))
        .args(["--frozen-time", "yesterday"])
        .output()
        .unwrap();
    assert!(!output.status.success());
}
