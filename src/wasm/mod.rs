//! The JavaScript API (wasm32 only): thin bindings over the pure core. Every
//! function here only converts values and errors; no rule lives here.

mod error;
mod exchange;
mod options;
mod packed;
mod read;
mod results;
mod tokenizer;
mod types;
mod typing;
mod validate;

pub use error::{js_error, ErrorType};
pub use packed::*;
pub use tokenizer::{error_to_js, Tokenizer};
pub use typing::*;
pub use validate::*;
