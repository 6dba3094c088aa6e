//! The tokens client: everything between validated card details and a token
//! ID. The decisions (configuration checks, the request, reading responses,
//! retries: [`exchange`]) are pure Rust here; the transport (`fetch` and
//! timers, done by `js/net.js`) is compiled for wasm32 only.

pub mod config;
pub mod error;
pub mod exchange;
pub mod request;
pub mod response;
pub mod retry;
#[cfg(target_arch = "wasm32")]
pub mod tokenizer;
#[cfg(target_arch = "wasm32")]
pub(crate) mod transport;

pub use config::{Config, DEFAULT_API_BASE};
pub use error::{ErrorKind, TokenizeError};
pub use exchange::{Exchange, Step};
pub use request::TokenRequest;
pub use response::{Token, TokenCard};
pub use retry::RetryPolicy;
