//! Request bodies: JSON or `application/x-www-form-urlencoded` with Rails-style
//! bracket keys (`payment_details[number]=...`), both parsed into the same
//! JSON object; and typed readers for the loosely typed values that result
//! (a form sends `amount=5000` and `capture=false` as strings).

use crate::error::ApiError;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

/// The largest body read, in bytes.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The deepest bracket nesting a form field name may have (JSON bodies are
/// limited by serde_json's own recursion limit).
pub const MAX_FORM_DEPTH: usize = 32;

/// The body encodings the API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json` (or any `+json` type).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// The encoding named by a `Content-Type` value, ignoring parameters.
pub fn encoding(content_type: &str) -> Option<Encoding> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
    {
        Some(Encoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(Encoding::Form)
    } else {
        None
    }
}

/// The `Content-Type` header as text, if present and readable.
pub fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

/// Parses a body into a JSON value. An empty body is an empty object whatever
/// the content type. Error messages name positions and keys' shapes, never values.
pub fn parse(content_type: Option<&str>, bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    match content_type.map(encoding) {
        None => Err(ApiError::bad_request(
            "Content-Type is missing: send application/json or application/x-www-form-urlencoded",
        )),
        Some(None) => Err(ApiError::bad_request(
            "unsupported Content-Type: send application/json or application/x-www-form-urlencoded",
        )),
        Some(Some(Encoding::Json)) => serde_json::from_slice(bytes).map_err(|e| {
            ApiError::bad_request(format!(
                "the request body is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        }),
        Some(Some(Encoding::Form)) => parse_form(bytes).map(Value::Object),
    }
}

/// Parses a form body, nesting bracket keys: `a[b][c]=v` is
/// `{"a":{"b":{"c":"v"}}}` and `a[]=1&a[]=2` is `{"a":["1","2"]}`. A plain
/// key given twice keeps the last value (as Rails does).
pub fn parse_form(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let mut root = Map::new();
    for (key, value) in form_urlencoded::parse(bytes) {
        let path = split_key(&key)?;
        insert(&mut root, &path, value.into_owned())?;
    }
    Ok(root)
}

/// One step of a bracket key: a name, or `[]` (append).
#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Name(&'a str),
    Append,
}

fn split_key(key: &str) -> Result<Vec<Segment<'_>>, ApiError> {
    let malformed =
        || ApiError::bad_request("a form field name has unbalanced or misplaced brackets");
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if head.is_empty() || head.contains(']') {
        return Err(malformed());
    }
    let mut path = vec![Segment::Name(head)];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or_else(malformed)?;
        let close = inner.find(']').ok_or_else(malformed)?;
        let name = &inner[..close];
        if name.contains('[') {
            return Err(malformed());
        }
        path.push(if name.is_empty() {
            Segment::Append
        } else {
            Segment::Name(name)
        });
        rest = &inner[close + 1..];
        if path.len() > MAX_FORM_DEPTH {
            return Err(ApiError::bad_request(
                "a form field name is nested too deeply",
            ));
        }
    }
    Ok(path)
}

fn insert(
    root: &mut Map<String, Value>,
    path: &[Segment<'_>],
    value: String,
) -> Result<(), ApiError> {
    let conflict = || {
        ApiError::bad_request(
            "a form field is given both as a value and as a nested object or list",
        )
    };
    let mut slot: &mut Value = match path.first() {
        Some(Segment::Name(name)) => {
            if path.len() == 1 {
                if root
                    .get(*name)
                    .is_some_and(|v| v.is_object() || v.is_array())
                {
                    return Err(conflict());
                }
                root.insert((*name).to_owned(), Value::String(value));
                return Ok(());
            }
            root.entry((*name).to_owned()).or_insert(Value::Null)
        }
        _ => return Err(conflict()),
    };
    for (i, segment) in path.iter().enumerate().skip(1) {
        let last = i + 1 == path.len();
        match segment {
            Segment::Name(name) => {
                if slot.is_null() {
                    *slot = Value::Object(Map::new());
                }
                let Value::Object(map) = slot else {
                    return Err(conflict());
                };
                if last {
                    if map
                        .get(*name)
                        .is_some_and(|v| v.is_object() || v.is_array())
                    {
                        return Err(conflict());
                    }
                    map.insert((*name).to_owned(), Value::String(value));
                    return Ok(());
                }
                slot = map.entry((*name).to_owned()).or_insert(Value::Null);
            }
            Segment::Append => {
                if slot.is_null() {
                    *slot = Value::Array(Vec::new());
                }
                let Value::Array(items) = slot else {
                    return Err(conflict());
                };
                if last {
                    items.push(Value::String(value));
                    return Ok(());
                }
                // `a[][b]=..`: each such field starts a new element.
                items.push(Value::Null);
                let Some(next) = items.last_mut() else {
                    return Err(conflict());
                };
                slot = next;
            }
        }
    }
    Err(conflict())
}

/// The request body of an API call, parsed and required to be an object.
#[derive(Debug, Clone)]
pub struct ApiBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = content_type(req.headers()).map(str::to_owned);
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                ApiError::bad_request("the request body could not be read or is too large")
            })?;
        match parse(content_type.as_deref(), &bytes)? {
            Value::Object(map) => Ok(ApiBody(map)),
            _ => Err(ApiError::bad_request(
                "the request body must be a JSON object",
            )),
        }
    }
}

/// A value absent, `null` or a blank string counts as not given.
pub fn given<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(v) => Some(v),
    }
}

/// A string, or a whole number written as one (`month: 1`); `None` for any
/// other type.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// A positive whole number, as a JSON number or a string of digits.
pub fn positive_integer(value: &Value) -> Option<u64> {
    let n = match value {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()?
        }
        _ => return None,
    };
    (n > 0 && n <= i64::MAX as u64).then_some(n)
}

/// A boolean, as JSON or as the strings `true`/`false`/`1`/`0`.
pub fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An ISO 4217-shaped currency: exactly three uppercase ASCII letters.
pub fn currency(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) => {
            Some(s.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_nest_like_json() {
        let body = b"payment_details%5Bnumber%5D=4111&payment_details[month]=01&currency=JPY&tags[]=a&tags[]=b&metadata[order][id]=7";
        let parsed = parse(
            Some("application/x-www-form-urlencoded; charset=utf-8"),
            body,
        )
        .unwrap();
        assert_eq!(
            parsed,
            json!({
                "payment_details": {"number": "4111", "month": "01"},
                "currency": "JPY",
                "tags": ["a", "b"],
                "metadata": {"order": {"id": "7"}}
            })
        );
    }

    #[test]
    fn malformed_forms_and_bodies_are_refused() {
        for bad in [
            &b"a[b=1"[..],
            b"[a]=1",
            b"a]=1",
            b"a=1&a[b]=2",
            b"a[b]=1&a[b][c]=2",
            b"a[b][c]=2&a[b]=1",
            b"a[b]=1&a=2",
        ] {
            assert_eq!(
                parse(Some("application/x-www-form-urlencoded"), bad)
                    .unwrap_err()
                    .code,
                "bad_request",
                "{bad:?}"
            );
        }
        let deep = format!("a{}=1", "[b]".repeat(MAX_FORM_DEPTH + 1));
        assert!(parse(Some("application/x-www-form-urlencoded"), deep.as_bytes()).is_err());
        assert!(parse(Some("application/json"), b"{nope").is_err());
        assert!(parse(Some("text/plain"), b"a=1").is_err());
        assert!(parse(None, b"a=1").is_err());
        assert_eq!(parse(None, b"  ").unwrap(), json!({}));
    }

    #[test]
    fn loose_values_read_as_typed() {
        assert_eq!(positive_integer(&json!("5000")), Some(5000));
        assert_eq!(positive_integer(&json!(5000)), Some(5000));
        for bad in [
            json!(0),
            json!(-1),
            json!(1.5),
            json!("1e3"),
            json!(""),
            json!(true),
        ] {
            assert_eq!(positive_integer(&bad), None, "{bad}");
        }
        assert_eq!(boolean(&json!("false")), Some(false));
        assert_eq!(currency(&json!("JPY")).as_deref(), Some("JPY"));
        assert_eq!(currency(&json!("jpy")), None);
    }
}
