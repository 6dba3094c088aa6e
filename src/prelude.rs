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
