//! # Tessera
//!
//! Browser-side card tokenization for KOMOJU-compatible APIs: validate and
//! format card input as the shopper types, post it straight to
//! `POST /api/v1/tokens` with the publishable key, and hand the page only the
//! token ID.
//!
//! The crate is a pure Rust core ([`fields`], [`card`], [`details`] for every
//! payment type of the tokens API, [`client`] for the API calls' decisions,
//! [`error`], [`i18n`], [`date`])
//! usable natively — a merchant's server can run the very same rules — and,
//! compiled to `wasm32`, a thin JavaScript binding (the `wasm` module).
#![deny(missing_docs)]
// Denied rather than forbidden so that the one module that needs it, the
// wasm32 allocator that wipes freed memory (`allocator`), can allow it.
#![deny(unsafe_code)]
// The npm build (`--no-default-features`) is `no_std` on wasm32: see bare.rs.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

#[cfg(target_arch = "wasm32")]
mod allocator;
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod bare;
mod prelude;

pub mod card;
pub mod client;
pub mod date;
pub mod details;
pub mod error;
pub mod field;
pub mod fields;
pub mod i18n;
pub mod secret;
mod serde_util;

pub use error::{ErrorCode, Field, FieldError};
pub use i18n::Locale;
pub use secret::SecretString;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
