//! The hand-written TypeScript types agree with the Rust core: the error
//! types and `TesseraError`'s properties (`js/entry/tessera.d.ts`, which
//! `js/bindings/error.js` sets), and each payment type's fields
//! (`src/wasm/types.rs`). Native only: it reads the files as text.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use tessera::client::error::JS_FIELDS;
use tessera::details::{Need, PaymentKind};
use tessera::error::ErrorType;
use tessera::field::Field;

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The text after `start` up to (not including) the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"))
        + start.len();
    let rest = &text[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("`{end}` not found after `{start}`"))]
}

/// The string literals of a union such as `"a" | "b"`.
fn literals(union: &str) -> BTreeSet<String> {
    union
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn set<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> BTreeSet<String> {
    items.into_iter().map(Into::into).collect()
}

/// `name?: type; other: type` → {(name, optional)}.
fn members(body: &str) -> BTreeSet<(String, bool)> {
    // Inline object types (`{ field: string; ... }[]`) are one member's type.
    let mut flat = String::new();
    let mut depth = 0;
    for c in body.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => flat.push(c),
            _ => {}
        }
    }
    flat.split([';', '\n'])
        .map(str::trim)
        .filter(|m| !m.is_empty() && !m.starts_with("/**") && !m.starts_with('*'))
        .filter_map(|m| {
            let (name, _) = m.split_once(':')?;
            let name = name.trim().trim_start_matches("readonly ").trim();
            Some(match name.strip_suffix('?') {
                Some(n) => (n.to_owned(), true),
                None => (name.to_owned(), false),
            })
        })
        .collect()
}

#[test]
fn the_error_type_union_is_the_rust_enum() {
    let dts = read("js/entry/tessera.d.ts");
    let union = between(&dts, "export type TesseraErrorType =", ";");
    assert_eq!(literals(union), set(ErrorType::ALL.map(ErrorType::as_str)));
}

#[test]
fn tessera_errors_properties_are_declared_and_set() {
    let dts = read("js/entry/tessera.d.ts");
    let class = between(
        &dts,
        "export declare class TesseraError extends Error {",
        "\n}",
    );
    let declared: BTreeSet<String> = members(class).into_iter().map(|(n, _)| n).collect();
    assert_eq!(declared, set(JS_FIELDS), "TesseraError in tessera.d.ts");
    // What error.js sets: `this.x =` in the class.
    let js = read("js/bindings/error.js");
    let class = between(&js, "export class TesseraError extends Error {", "\n}");
    let set_by_js: BTreeSet<String> = class
        .split("this.")
        .skip(1)
        .filter_map(|s| s.split_once(" =").map(|(n, _)| n.trim().to_owned()))
        .collect();
    assert_eq!(set_by_js, set(JS_FIELDS), "TesseraError in error.js");
}

/// The keys a payment type's TypeScript member must have: each field under
/// its name (a card's expiry as `month`, `year` or `expiry`), required ones
/// without `?`. Cards are all optional in `CardDetails` (validation reports
/// what is missing) and may name their `type`.
fn expected(kind: PaymentKind) -> BTreeSet<(String, bool)> {
    let card = kind == PaymentKind::CreditCard;
    let mut out = BTreeSet::new();
    for spec in kind.fields() {
        let optional = card || spec.need == Need::Optional;
        if spec.field == Field::Expiry && card {
            for k in ["month", "year", "expiry"] {
                out.insert((k.to_owned(), true));
            }
        } else {
            out.insert((spec.field.as_str().to_owned(), optional));
        }
    }
    out.insert(("type".to_owned(), card));
    out
}

#[test]
fn payment_details_types_match_the_field_tables() {
    let ts = read("src/wasm/types.rs");
    let union = between(&ts, "export type PaymentDetails =", ";\n");
    let mut seen = BTreeSet::new();
    for member in union
        .split("\n  | ")
        .map(|m| m.trim().trim_start_matches("| "))
        .filter(|m| !m.is_empty())
    {
        let member = member.trim_end_matches(';');
        let (names, keys) = if member == "CardDetails" {
            let body = between(&ts, "export interface CardDetails {", "\n}");
            (set(["credit_card"]), members(body))
        } else {
            let body = member.trim().trim_start_matches('{').trim_end_matches('}');
            let type_union = between(body, "type:", ";");
            (literals(type_union), members(body))
        };
        assert!(!names.is_empty(), "a member without a type: {member}");
        for name in names {
            let kind =
                PaymentKind::parse(&name).unwrap_or_else(|| panic!("{name} is no payment type"));
            assert_eq!(keys, expected(kind), "the TypeScript fields of {name}");
            assert!(seen.insert(kind.as_str()), "{name} twice");
        }
    }
    assert_eq!(
        seen.len(),
        PaymentKind::ALL.len(),
        "every payment type has a TypeScript member"
    );
}

#[test]
fn field_unions_match_the_fields() {
    let ts = read("src/wasm/types.rs");
    let card = literals(between(&ts, "export type CardField =", ";"));
    let card_required: BTreeSet<String> = PaymentKind::CreditCard
        .required_fields()
        .map(|f| f.as_str().to_owned())
        .collect();
    assert_eq!(card, card_required, "CardField");
    let mut all = card;
    all.extend(literals(between(&ts, "export type PaymentField =", ";")));
    assert_eq!(all, set(Field::ALL.map(Field::as_str)), "PaymentField");
}
