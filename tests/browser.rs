//! The JavaScript API in a real browser (`wasm-pack test --headless --chrome`
//! or `--firefox`). `npm test` runs it.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

mod validation {
    include!("common/validation.rs");
}

mod tokenizer {
    include!("common/tokenizer.rs");
}

mod secure {
    include!("common/secure.rs");
}

mod details {
    include!("common/details.rs");
}

mod parity {
    include!("common/parity.rs");
}

mod memory {
    include!("common/memory.rs");
}

mod redaction {
    include!("common/redaction.rs");
}
