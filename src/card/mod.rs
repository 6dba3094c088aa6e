//! Card input: numbers, brands, expiries, security codes and names — pure
//! Rust, no JavaScript, so a merchant's server can run the very same rules.

pub mod brand;
mod brand_table;
pub mod cvc;
pub mod details;
pub mod digits;
pub mod expiry;
pub mod format;
pub mod luhn;
pub mod name;
pub mod number;
pub mod typing;

pub use brand::{detect, possible_brands, Brand, Detection, SecurityCode};
pub use cvc::{validate_cvc, CvcCheck};
pub use details::{normalize_card, validate_card, CardDetails, CardOptions, NormalizedCard};
pub use expiry::{validate_expiry, validate_expiry_parts, ExpiryCheck, ExpiryOptions};
pub use format::{
    format_card_number, format_card_number_edit, format_expiry, format_expiry_edit, Edit, Formatted,
};
pub use name::{validate_name, NameCheck};
pub use number::{last4, mask, validate_number, NumberCheck, NumberOptions};
pub use typing::{card_number_input, cvc_input, expiry_input, CvcInput, ExpiryInput, NumberInput};
