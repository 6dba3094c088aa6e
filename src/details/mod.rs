//! Every payment type of the tokens API: the `payment_details` a page gives
//! ([`RawDetails`]), the rules per type ([`PaymentKind`]), and the validated,
//! normalised request body and its non-secret echo ([`NormalizedDetails`],
//! [`Echo`]). Pure Rust: no JavaScript here.
//!
//! `type` defaults to `credit_card` when absent. Required fields (**bold**)
//! that are absent or blank fail with `missing_field`; optional ones are
//! checked only when given. Fields of other types are ignored and not sent.
//!
//! | `type` | required | optional | echoed |
//! | --- | --- | --- | --- |
//! | `credit_card` | **number**, **month**+**year** (or **expiry**), **verification_value**, **name** (or **given_name**+**family_name**) | email | given_name, family_name (or name), email |
//! | `konbini` | **store**, **email** | phone, expiry_days (1–60) | store, email, phone |
//! | `bank_transfer` | **given_name**, **family_name**, **given_name_kana**, **family_name_kana**, **phone**, **email** | expiry_days (1–60) | all but expiry_days |
//! | `pay_easy` | **given_name**, **family_name**, **given_name_kana**, **family_name_kana**, **phone**, **email** | | all |
//! | `web_money`, `net_cash`, `bit_cash`, `nanaco`, `steam_prepaid_card` | **prepaid_number**, **email** | | email |
//! | `culture_voucher` | **culture_id**, **culture_password** | | — |
//! | `happy_money` | **happy_money_id**, **happy_money_password** | | — |
//! | `dospara` | **user_no**, **user_password** | | — |
//! | `mobile`, `cvs`, `toss` | **email** | | email |
//! | `zgold` | **email**, **return_url** | | email |
//!
//! Why these choices, where KOMOJU's reference only gives examples:
//! - konbini `phone` is optional: KOMOJU's payment-details reference marks only
//!   `store` and `email` required. When given it must be a valid number.
//! - bank_transfer and pay_easy need all six contact fields: the payer's kana
//!   name and phone are what the bank and Pay-easy show and match on.
//! - `expiry_days` is 1–60 for both types that take it (the widest window
//!   convenience-store schemes offer); KOMOJU applies its own defaults when absent.
//! - Voucher and account IDs are treated as credentials, like the passwords:
//!   together they spend money, so they are never echoed or shown by `Debug`.
//!
//! Normalisation (what is sent): email trimmed, full-width ASCII folded;
//! phone as ASCII digits with the shopper's grouping kept as single hyphens
//! (`０９０ー１１１１ー２２２２` → `090-1111-2222`, as KOMOJU's examples send
//! it); kana as full-width katakana (half-width and hiragana converted, voicing
//! marks joined); store lower case; expiry_days a plain decimal string; prepaid
//! numbers without separators; names trimmed. See each `normalize_*` function.
//!
//! ```
//! use tessera::date::YearMonth;
//! use tessera::details::{normalize_details, DetailsOptions, PaymentKind, RawDetails};
//! let raw: RawDetails = serde_json::from_str(
//!     r#"{"type":"web_money","prepaid_number":"1111-1111-1111-1111","email":"test@example.com"}"#,
//! ).unwrap();
//! let details = normalize_details(&raw, &DetailsOptions::new(YearMonth::new(2026, 11).unwrap())).unwrap();
//! assert_eq!(details.kind(), PaymentKind::WebMoney);
//! assert_eq!(
//!     serde_json::to_string(&details.echo()).unwrap(),
//!     r#"{"type":"web_money","email":"test@example.com"}"#
//! );
//! ```

mod credential;
mod email;
mod kana;
mod kind;
mod konbini;
mod normalize;
mod normalized;
mod phone;
mod prepaid;
mod text;
mod url;

#[cfg(test)]
mod tests;

pub use crate::fields::{is_secret, RawDetails};
pub use credential::{check_password, normalize_credential_id, MAX_CREDENTIAL_CHARS};
pub use email::{normalize_email, MAX_EMAIL_CHARS};
pub use kana::{normalize_kana, to_katakana, MAX_KANA_CHARS};
pub use kind::{is_echoed, FieldSpec, Need, PaymentKind};
pub use konbini::{normalize_expiry_days, Store};
pub use normalize::{
    check_field, normalize_details, payment_kind, validate_details, DetailsOptions,
};
pub use normalized::{Echo, NormalizedDetails};
pub use phone::normalize_phone;
pub use prepaid::{normalize_prepaid_number, PREPAID_NUMBER_CHARS};
pub use url::{normalize_return_url, MAX_URL_LEN};
