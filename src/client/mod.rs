//! The client's decisions, in pure Rust: the configuration and its checks
//! ([`config`]), preparing a request ([`prepare`], [`request`]), reading
//! answers ([`response`]), retries ([`exchange`], [`retry`]), the in-flight
//! policy ([`in_flight`]), and 3-D Secure: secure tokens ([`secure_token`]),
//! Session: Pay ([`session`]) and the calls of several steps ([`flow`]). No I/O and no JavaScript here: the transport
//! (`fetch` and timers, done by `js/bindings/net.js`) and both tokenizers that
//! drive these decisions live in `src/wasm/`.

pub mod config;
pub mod error;
pub mod exchange;
#[cfg(test)]
mod fixtures;
pub mod flow;
pub mod in_flight;
pub mod prepare;
pub mod request;
pub mod response;
pub mod retry;
pub mod secure_token;
pub mod session;

pub use config::{Config, DEFAULT_API_BASE};
pub use error::TokenizeError;
pub use exchange::{Exchange, Outcome, Step};
pub use flow::{Finished, Flow, Next, Request, Returned};
pub use in_flight::{Admission, InFlight};
pub use prepare::{prepare, Prepared};
pub use request::{Method, TokenRequest};
pub use response::{Answer, AnswerBody, Token, TokenAnswer, TokenCard};
pub use retry::RetryPolicy;
