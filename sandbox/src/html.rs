//! Text put into the sandbox's own HTML pages (the issuer's challenge, the
//! wallet, the konbini instructions, the card frame's configuration).

/// `text` escaped for HTML, in an element or a quoted attribute
/// (`& < > " '`).
pub fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}
