//! The JavaScript API in Node.js (`wasm-pack test --node`). `npm test` runs it.
#![cfg(target_arch = "wasm32")]

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

mod client_secure {
    include!("common/client_secure.rs");
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
