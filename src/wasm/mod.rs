//! The JavaScript bindings (wasm32 only): thin layers over the pure core.
//! Every function here only reads JS values into core types, calls the core,
//! and writes the result back; the transport (`net.rs`, over
//! `js/bindings/net.js`) is the only I/O. No rule lives here.
//!
//! - `validate.rs`: the validators and formatters, as JS functions;
//! - `tokenizer.rs` + `exchange.rs` + `flow.rs`: the JS `Tokenizer` class
//!   and the per-call objects its JS driver steps (one request; several,
//!   with the 3-D Secure challenge);
//! - `challenge.rs`: `handleChallenge`, the issuer's challenge UI of
//!   `js/bindings/challenge.js`;
//! - `client.rs`: the same tokenizer for Rust front ends, with
//!   `client_flow.rs` (its 3-D Secure calls) and `client_challenge.rs` (the
//!   challenge: the caller's `show` or Tessera's dialog);
//! - `read.rs`, `options.rs`: reading JS arguments; `results.rs`, `error.rs`:
//!   writing results and `TesseraError`s; `types.rs`: the TypeScript types.

mod challenge;
// The Rust client is for Rust front ends, which build with `std`; the npm
// build (`--no-default-features`) leaves it out, so that its extra callers of
// shared helpers cannot change how the JS API's code is inlined.
#[cfg(feature = "std")]
pub mod client;
#[cfg(feature = "std")]
mod client_challenge;
#[cfg(feature = "std")]
mod client_flow;
mod error;
mod exchange;
mod flow;
mod net;
mod options;
mod packed;
mod read;
mod results;
mod tokenizer;
mod types;
mod typing;
mod validate;

pub use challenge::handle_challenge;
pub use error::{error_to_js, js_error};
pub use packed::*;
pub use tokenizer::Tokenizer;
pub use typing::*;
pub use validate::*;
