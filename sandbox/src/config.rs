//! Settings, and the command line (every flag also read from an environment variable).

use crate::clock::{parse_rfc3339, Clock};
use crate::cors::AllowedOrigins;
use crate::fields::{FieldsArgs, FieldsConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How the sandbox behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where [`crate::Sandbox::start`] listens (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// Where the issuer's 3-D Secure pages listen: a second origin, as a
    /// bank's would be (`127.0.0.1:0` picks a free port).
    pub issuer_listen: SocketAddr,
    /// The merchant name the issuer's challenge page shows.
    pub merchant_name: String,
    /// The publishable key (`pk_...`): tokens only.
    pub publishable_key: String,
    /// The secret key (`sk_...`): everything.
    pub secret_key: String,
    /// Page origins allowed to read responses.
    pub allowed_origins: AllowedOrigins,
    /// "Now", for token and card expiry and timestamps.
    pub clock: Clock,
    /// How long a `hang` fault holds a connection before closing it unanswered.
    pub hang_limit: Duration,
    /// Tessera's card frame under `/fields/` (see [`crate::fields`]).
    pub fields: FieldsConfig,
}

/// The default publishable key.
pub const DEFAULT_PUBLISHABLE_KEY: &str = "pk_test_sandbox";
/// The default secret key.
pub const DEFAULT_SECRET_KEY: &str = "sk_test_sandbox";
/// The default merchant name on the challenge page.
pub const DEFAULT_MERCHANT_NAME: &str = "Tessera Demo Shop";

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            issuer_listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            merchant_name: DEFAULT_MERCHANT_NAME.to_owned(),
            publishable_key: DEFAULT_PUBLISHABLE_KEY.to_owned(),
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            allowed_origins: AllowedOrigins::Loopback,
            clock: Clock::system(),
            hang_limit: Duration::from_secs(300),
            fields: FieldsConfig::default(),
        }
    }
}

impl Config {
    /// Checks the keys: non-empty, distinct, usable in a Basic user name.
    pub fn validate(&self) -> Result<(), String> {
        for (name, key) in [
            ("publishable key", &self.publishable_key),
            ("secret key", &self.secret_key),
        ] {
            if key.is_empty() || key.contains(':') || !key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "the {name} must be non-empty printable ASCII without ':'"
                ));
            }
        }
        if self.publishable_key == self.secret_key {
            return Err("the publishable and secret keys must differ".to_owned());
        }
        if self.merchant_name.trim().is_empty() || self.merchant_name.chars().count() > 100 {
            return Err("the merchant name must be 1 to 100 characters".to_owned());
        }
        Ok(())
    }
}

/// `tessera-sandbox`: a local KOMOJU-compatible API for demos and tests.
#[derive(Debug, clap::Parser)]
#[command(
    name = "tessera-sandbox",
    version,
    about,
    after_help = "Endpoints: /api/v1/tokens, /secure_tokens, /sessions (+ /{id}/pay, /{id}/cancel), \
/payments, /customers; control under /__sandbox/. The issuer's 3-D Secure challenge \
pages are served on the second listener (--issuer-listen).\n\
3-D Secure test cards (secure tokens and Session: Pay): 4100000000000100 frictionless; \
4100000000005000 challenge, password 123456; 4100000000500000 challenge that always fails; \
any other valid card frictionless. See sandbox/README.md."
)]
pub struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "SANDBOX_LISTEN", default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,

    /// Write the API's base URL (`http://127.0.0.1:PORT`, no newline) to this file once listening.
    #[arg(long, env = "SANDBOX_PORT_FILE")]
    pub port_file: Option<PathBuf>,

    /// Address of the issuer's 3-D Secure challenge pages: a second listener,
    /// so they have their own origin (port 0 picks a free port).
    #[arg(long, env = "SANDBOX_ISSUER_LISTEN", default_value = "127.0.0.1:0")]
    pub issuer_listen: SocketAddr,

    /// Write the issuer pages' base URL (`http://127.0.0.1:PORT`, no newline) to this file once listening.
    #[arg(long, env = "SANDBOX_ISSUER_PORT_FILE")]
    pub issuer_port_file: Option<PathBuf>,

    /// The merchant name the challenge page shows.
    #[arg(long, env = "SANDBOX_MERCHANT_NAME", default_value = DEFAULT_MERCHANT_NAME)]
    pub merchant_name: String,

    /// The publishable key accepted by POST /api/v1/tokens.
    #[arg(long, env = "SANDBOX_PUBLISHABLE_KEY", default_value = DEFAULT_PUBLISHABLE_KEY)]
    pub publishable_key: String,

    /// The secret key, accepted everywhere.
    #[arg(long, env = "SANDBOX_SECRET_KEY", default_value = DEFAULT_SECRET_KEY)]
    pub secret_key: String,

    /// A page origin allowed by CORS, and to frame the challenge page
    /// (repeatable; the env var is comma-separated; `*` allows any).
    /// Default: any loopback origin.
    #[arg(
        long = "allow-origin",
        env = "SANDBOX_ALLOW_ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origin: Vec<String>,

    /// Freeze the clock at this RFC 3339 instant (e.g. 2026-11-24T06:20:21Z);
    /// POST /__sandbox/clock still moves it.
    #[arg(long, env = "SANDBOX_FROZEN_TIME")]
    pub frozen_time: Option<String>,

    /// Log only warnings (the default logs one line per request to stderr).
    #[arg(long, env = "SANDBOX_QUIET", value_parser = clap::builder::FalseyValueParser::new())]
    pub quiet: bool,

    /// The card frame (`--fields-dir`, `--fields-origin`).
    #[command(flatten)]
    pub fields: FieldsArgs,
}

impl Cli {
    /// The [`Config`] these flags describe.
    pub fn config(&self) -> Result<Config, String> {
        let clock = match &self.frozen_time {
            None => Clock::system(),
            Some(text) => {
                Clock::frozen(parse_rfc3339(text).map_err(|e| format!("--frozen-time: {e}"))?)
            }
        };
        let config = Config {
            listen: self.listen,
            issuer_listen: self.issuer_listen,
            merchant_name: self.merchant_name.clone(),
            publishable_key: self.publishable_key.clone(),
            secret_key: self.secret_key.clone(),
            allowed_origins: AllowedOrigins::from_list(self.allow_origin.clone()),
            clock,
            fields: self.fields.config()?,
            ..Config::default()
        };
        config.validate()?;
        Ok(config)
    }
}
