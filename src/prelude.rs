//! What std's prelude would bring, for modules that must also build `no_std`
//! (the wasm32 npm build): `use crate::prelude::*;`.

#[allow(unused_imports)]
pub(crate) use alloc::{
    borrow::ToOwned,
    boxed::Box,
    format,
    string::{String, ToString},
    vec,
    vec::Vec,
};

/// How many `char`s `s` holds. Not `s.chars().count()`: core's counting is
/// built for long texts and costs ~1 KB of wasm; these texts are short.
pub(crate) fn char_count(s: &str) -> usize {
    s.chars().fold(0, |n, _| n + 1)
}
