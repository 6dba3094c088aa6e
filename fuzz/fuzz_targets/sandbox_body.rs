//! The sandbox's request body parser (`tessera_sandbox::body::parse`): JSON
//! and Rails-style bracketed forms, under every content type, then the typed
//! readers on every value. Nothing panics or overflows the stack, a form
//! parses to an object, and an error message never quotes the body.
//! Input: one byte choosing the content type, then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tessera_sandbox::body::{boolean, currency, given, parse, positive_integer, text};

const CONTENT_TYPES: [Option<&str>; 6] = [
    Some("application/json"),
    Some("application/x-www-form-urlencoded"),
    Some("application/x-www-form-urlencoded; charset=utf-8"),
    Some("application/vnd.api+json"),
    Some("text/plain"),
    None,
];

fn read_all(value: &Value, depth: usize) {
    let _ = (
        text(value),
        positive_integer(value),
        boolean(value),
        currency(value),
    );
    match value {
        Value::Object(map) if depth < 256 => {
            for (key, v) in map {
                let _ = given(map, key);
                read_all(v, depth + 1);
            }
        }
        Value::Array(items) if depth < 256 => items.iter().for_each(|v| read_all(v, depth + 1)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let [kind, body @ ..] = data else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(*kind) % CONTENT_TYPES.len()];
    match parse(content_type, body) {
        Ok(value) => {
            if content_type.is_some_and(|c| c.contains("form")) {
                assert!(value.is_object());
            }
            read_all(&value, 0);
        }
        Err(e) => {
            // Messages are fixed texts (plus a line and column), never
            // anything from the body.
            assert!(e.param.is_none());
            let shape: String = e.message.chars().filter(|c| !c.is_ascii_digit()).collect();
            assert!(MESSAGES.contains(&shape.as_str()), "{:?}", e.message);
        }
    }
});

/// Every message `parse` gives, with its digits removed.
const MESSAGES: &[&str] = &[
    "Content-Type is missing: send application/json or application/x-www-form-urlencoded",
    "unsupported Content-Type: send application/json or application/x-www-form-urlencoded",
    "the request body is not valid JSON (line , column )",
    "a form field name has unbalanced or misplaced brackets",
    "a form field name is nested too deeply",
    "a form field is given both as a value and as a nested object or list",
];
