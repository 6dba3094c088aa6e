//! Formatting as the shopper types: card numbers grouped by the brand's gaps,
//! expiries as `MM / YY`, with the caret kept after the digit it followed.
//!
//! Carets are counted in UTF-16 code units, as `selectionStart` is in the DOM.

use crate::prelude::*;

use super::brand::{detect, Brand, Detection};
use super::digits::ascii_digit;
use zeroize::Zeroizing;

/// A formatted value and where the caret goes in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The formatted text.
    pub value: String,
    /// The caret, in UTF-16 code units from the start of `value`.
    pub caret: usize,
}

impl core::fmt::Debug for Formatted {
    // A formatted card number is card data: show its shape, never its digits.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Formatted")
            .field("len", &self.value.len())
            .field("caret", &self.caret)
            .finish()
    }
}

impl Drop for Formatted {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.value);
    }
}

/// The digits of `value` (every other character dropped) and how many of them
/// come before `caret` (UTF-16 units; `None` means the end).
fn digits_and_caret(value: &str, caret: Option<usize>, max: usize) -> (Zeroizing<Vec<u8>>, usize) {
    let mut digits = Zeroizing::new(vec![0u8; max]);
    let (count, before) = digits_and_caret_into(value, caret, &mut digits);
    digits.truncate(count);
    (digits, before)
}

/// [`digits_and_caret`] into `out` (as many digits as it holds): how many
/// digits were kept, and how many of them are before the caret.
fn digits_and_caret_into(value: &str, caret: Option<usize>, out: &mut [u8]) -> (usize, usize) {
    let mut count = 0;
    let mut before = 0;
    let mut units = 0;
    for c in value.chars() {
        if let Some(d) = ascii_digit(c) {
            if let Some(slot) = out.get_mut(count) {
                *slot = d;
                count += 1;
                if caret.is_none_or(|k| units < k) {
                    before = count;
                }
            }
        }
        units += c.len_utf16();
    }
    (count, before)
}

/// What the shopper just did to the field, from the `input` event's
/// [`inputType`](https://w3c.github.io/input-events/#interface-InputEvent-Attributes).
///
/// Only the two single-character deletions change what the formatter does: a
/// formatted field's separators are not the shopper's to delete, so a
/// Backspace just after one (or a Delete just before one) deletes the digit
/// beyond it instead of a separator the formatter would put straight back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Backspace (`deleteContentBackward`).
    DeleteBackward,
    /// Forward Delete (`deleteContentForward`).
    DeleteForward,
    /// Typing, pasting, cutting, autofill, or not known.
    Other,
}

impl Edit {
    /// Reads an `InputEvent.inputType`; anything else is [`Edit::Other`].
    pub fn from_input_type(input_type: &str) -> Edit {
        match input_type {
            "deleteContentBackward" => Edit::DeleteBackward,
            "deleteContentForward" => Edit::DeleteForward,
            _ => Edit::Other,
        }
    }
}

/// When `edit` deleted one separator of the `formatted` rendering of
/// `value` (so that `value` is `formatted` less the character at `caret`),
/// `value` with the digit beyond that separator deleted too, and the caret
/// where that digit was. `None` for any other edit.
fn across_separator(
    value: &str,
    caret: Option<usize>,
    edit: Edit,
    formatted: &Formatted,
) -> Option<(Zeroizing<String>, usize)> {
    if edit == Edit::Other {
        return None;
    }
    let k = caret?;
    // `formatted` is ASCII, so bytes are UTF-16 units; a `value` equal to it
    // less one character is ASCII too.
    let f = formatted.value.as_str();
    let removed = *f.as_bytes().get(k)?;
    let same = f.len() == value.len() + 1
        && f.get(..k) == value.get(..k)
        && f.get(k + 1..) == value.get(k..);
    if !same || removed.is_ascii_digit() {
        return None;
    }
    let bytes = value.as_bytes();
    let at = match edit {
        Edit::DeleteBackward => bytes.get(..k)?.iter().rposition(u8::is_ascii_digit)?,
        _ => k + bytes.get(k..)?.iter().position(u8::is_ascii_digit)?,
    };
    let mut out = Zeroizing::new(String::with_capacity(value.len()));
    out.push_str(value.get(..at)?);
    out.push_str(value.get(at + 1..)?);
    // Backspace leaves the caret where the digit was; Delete leaves it put.
    Some((out, at.min(k)))
}

/// Whether a space goes before digit `i` (0-based) of a `len`-digit number.
/// The brand's own gaps hold up to its shortest length (4-6-5 for American
/// Express, 4-6-4 for 14-digit Diners Club, 4-4-4-4 for most); longer numbers
/// (a 19-digit Visa, a 16-digit Diners Club) are grouped in fours, so no
/// digit is ever left in an ungrouped tail.
fn gap_before(i: usize, len: usize, brand: Option<&Brand>) -> bool {
    match brand {
        Some(b) if len <= b.lengths.first().map_or(16, |&l| l as usize) => {
            b.gaps.iter().any(|&g| g as usize == i)
        }
        _ => i > 0 && i % 4 == 0,
    }
}

/// Groups card number digits (every other character dropped) and cuts them
/// at the brand's longest length (19 when the brand is not known yet): the
/// brand's gaps up to its shortest length, fours beyond it (see
/// [`format_card_number_edit`]).
///
/// ```
/// use tessera::card::format_card_number;
/// let f = format_card_number("378282246310005", None);
/// assert_eq!(f.value, "3782 822463 10005");
/// assert_eq!(format_card_number("4111111111111111111", None).value, "4111 1111 1111 1111 111");
/// ```
pub fn format_card_number(value: &str, caret: Option<usize>) -> Formatted {
    format_card_number_edit(value, caret, Edit::Other).0
}

/// [`format_card_number`] for an as-you-type field: `edit` says what the
/// shopper did, so that deleting across a space deletes the digit beyond it.
/// Also returns what the digits say about the brand.
///
/// ```
/// use tessera::card::{format_card_number_edit, Edit};
/// // "4111 |1111", Backspace: the browser deleted the space; Tessera deletes the 1 before it.
/// let (f, _) = format_card_number_edit("41111111", Some(4), Edit::DeleteBackward);
/// assert_eq!((f.value.as_str(), f.caret), ("4111 111", 3));
/// ```
pub fn format_card_number_edit(
    value: &str,
    caret: Option<usize>,
    edit: Edit,
) -> (Formatted, Detection) {
    let (f, detection) = group_number(value, caret);
    match across_separator(value, caret, edit, &f) {
        Some((edited, at)) => group_number(&edited, Some(at)),
        None => (f, detection),
    }
}

fn group_number(value: &str, caret: Option<usize>) -> (Formatted, Detection) {
    let (all, _) = digits_and_caret(value, None, 19);
    let detection = detect(&all);
    let brand = detection.brand();
    let max = brand.map_or(19, |b| b.max_length());
    let (digits, before) = digits_and_caret(value, caret, max);
    let mut out = String::with_capacity(digits.len() + 4);
    let mut new_caret = 0;
    for (i, &d) in digits.iter().enumerate() {
        if gap_before(i, digits.len(), brand) {
            out.push(' ');
        }
        out.push(d as char);
        if i + 1 == before {
            new_caret = out.len();
        }
    }
    let f = Formatted {
        value: out,
        caret: new_caret,
    };
    (f, detection)
}

/// Formats an expiry as `MM / YY`: a first digit 2–9 becomes `0N`, a month
/// that cannot be two digits (`13`) becomes `01 / 3`, and the separator shows
/// once a year digit is typed (so backspace never fights it).
///
/// Once the value has a separator (`/`, or a space after the month), the
/// month and the year are kept apart: editing the month in place (deleting
/// a digit of it, selecting it and typing) never moves a digit into or out of
/// the year. A month of one digit is kept as typed while the caret is in it
/// (`1 / 29` may become `11 / 29`), and written `01` once the caret has left.
///
/// ```
/// use tessera::card::format_expiry;
/// assert_eq!(format_expiry("1229", None).value, "12 / 29");
/// assert_eq!(format_expiry("4", None).value, "04");
/// // "12 / 29" with the month's 2 deleted: the year stays.
/// let f = format_expiry("1 / 29", Some(1));
/// assert_eq!((f.value.as_str(), f.caret), ("1 / 29", 1));
/// ```
pub fn format_expiry(value: &str, caret: Option<usize>) -> Formatted {
    format_expiry_edit(value, caret, Edit::Other)
}

/// [`format_expiry`] for an as-you-type field: `edit` says what the shopper
/// did, so that deleting across the ` / ` deletes the digit beyond it.
///
/// ```
/// use tessera::card::{format_expiry_edit, Edit};
/// // "12 / |29", Backspace: the browser deleted a space; Tessera deletes the month's 2.
/// let f = format_expiry_edit("12 /29", Some(4), Edit::DeleteBackward);
/// assert_eq!((f.value.as_str(), f.caret), ("1 / 29", 1));
/// ```
pub fn format_expiry_edit(value: &str, caret: Option<usize>, edit: Edit) -> Formatted {
    let f = expiry(value, caret);
    match across_separator(value, caret, edit, &f) {
        Some((edited, at)) => expiry(&edited, Some(at)),
        None => f,
    }
}

fn expiry(value: &str, caret: Option<usize>) -> Formatted {
    // YYYY-MM (as some autofill writes it) is rewritten as MM / YY, when MM
    // is a month: "4481-34" is not a date, and "34 / 81" would not read back.
    let trimmed = value.trim();
    if let [y1, y2, y3, y4, b'-', m1, m2] = trimmed.as_bytes() {
        let month = matches!((m1, m2), (b'0', b'1'..=b'9') | (b'1', b'0'..=b'2'));
        if month && [y1, y2, y3, y4].iter().all(|b| b.is_ascii_digit()) {
            let v: String = [*m1, *m2, b' ', b'/', b' ', *y3, *y4]
                .iter()
                .map(|&b| b as char)
                .collect();
            return Formatted {
                caret: v.len(),
                value: v,
            };
        }
    }
    if let Some(parts) = split_expiry(value, caret) {
        return parts.render();
    }
    // An explicit separator after one digit ("1-") means a one-digit month.
    let one_digit_month = {
        let mut it = trimmed.chars().filter(|c| !c.is_whitespace());
        matches!(
            (it.next().and_then(ascii_digit), it.next()),
            (Some(_), Some('/' | '\u{FF0F}' | '-'))
        )
    };
    // At most six digits, after a 0 the month may need in front (on the
    // stack: an expiry is formatted on every keystroke).
    let mut buf = Zeroizing::new([b'0'; 7]);
    let (count, before) = digits_and_caret_into(value, caret, buf.get_mut(1..).unwrap_or_default());
    let typed = buf.get(1..1 + count).unwrap_or_default();
    let pad = match typed {
        [d, ..] if *d >= b'2' => true,
        [d, ..] if one_digit_month && *d >= b'1' => true,
        [b'1', d, ..] if *d > b'2' => true,
        _ => false,
    };
    let shift = usize::from(pad);
    let all = buf.get(1 - shift..1 + count).unwrap_or_default();
    // A four-digit year only makes sense as 20xx: "01 / 320" is a typo for "01 / 32".
    let year_digits = if all.get(2..4) == Some(&b"20"[..]) {
        4
    } else {
        2
    };
    let digits = all
        .get(..all.len().min(2 + year_digits))
        .unwrap_or_default();
    let mut out = String::with_capacity(9);
    let mut new_caret = 0;
    let caret_after = if before == 0 {
        0
    } else {
        (before + shift).min(digits.len())
    };
    for (i, &d) in digits.iter().enumerate() {
        if i == 2 {
            out.push_str(" / ");
        }
        out.push(d as char);
        if i + 1 == caret_after {
            new_caret = out.len();
        }
    }
    Formatted {
        value: out,
        caret: new_caret,
    }
}

/// Where the caret is in an expiry read as month and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExpiryCaret {
    /// After this many of the month's digits.
    Month(usize),
    /// After this many of the year's digits.
    Year(usize),
}

/// An expiry with a separator, read as its month's and its year's digits.
struct ExpiryParts {
    month: [u8; 2],
    month_len: usize,
    year: [u8; 4],
    year_len: usize,
    caret: ExpiryCaret,
}

fn is_expiry_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{3000}')
}

/// Reads `value` as month and year when it has a separator (a `/` anywhere,
/// or a space after the month's digits) and a year digit after it. The month is every digit before the
/// separator (at most two kept), the year every digit after it (at most four).
fn split_expiry(value: &str, caret: Option<usize>) -> Option<ExpiryParts> {
    let mut parts = ExpiryParts {
        month: [0; 2],
        month_len: 0,
        year: [0; 4],
        year_len: 0,
        caret: ExpiryCaret::Month(0),
    };
    let mut in_year = false;
    let mut caret_set = caret == Some(0);
    let mut month_digits = 0;
    let mut units = 0;
    for c in value.chars() {
        if let Some(d) = ascii_digit(c) {
            if in_year {
                if let Some(slot) = parts.year.get_mut(parts.year_len) {
                    *slot = d;
                    parts.year_len += 1;
                }
            } else {
                month_digits += 1;
                if let Some(slot) = parts.month.get_mut(parts.month_len) {
                    *slot = d;
                    parts.month_len += 1;
                }
            }
        } else if !in_year
            && (matches!(c, '/' | '\u{FF0F}') || (is_expiry_space(c) && month_digits > 0))
        {
            in_year = true;
        }
        units += c.len_utf16();
        if !caret_set && caret.is_some_and(|k| units >= k) {
            caret_set = true;
            parts.caret = if in_year {
                ExpiryCaret::Year(parts.year_len)
            } else {
                ExpiryCaret::Month(parts.month_len)
            };
        }
    }
    // No year digit yet: nothing to keep apart (the plain rules apply, and
    // "1/" is month 1, "12 /" is "12").
    if !in_year || parts.year_len == 0 {
        return None;
    }
    if !caret_set {
        parts.caret = ExpiryCaret::Year(parts.year_len);
    }
    Some(parts)
}

impl ExpiryParts {
    fn render(mut self) -> Formatted {
        let caret_in_month = matches!(self.caret, ExpiryCaret::Month(_));
        // A single month digit 2–9 can only be 0N; a 1 is 01 once the caret
        // has left the month (while it is there, a second digit may follow).
        if let ([d, _], 1) = (self.month, self.month_len) {
            if d >= b'2' || (d == b'1' && !caret_in_month) {
                self.month = [b'0', d];
                self.month_len = 2;
                if let ExpiryCaret::Month(i) = self.caret {
                    self.caret = ExpiryCaret::Month(i + 1);
                }
            }
        }
        // A four-digit year only makes sense as 20xx.
        if self.year_len > 2 && self.year[..2] != *b"20" {
            self.year_len = 2;
        }
        let month = self.month.get(..self.month_len).unwrap_or_default();
        let year = self.year.get(..self.year_len).unwrap_or_default();
        let mut out = String::with_capacity(9);
        out.extend(month.iter().map(|&b| b as char));
        if !year.is_empty() {
            out.push_str(" / ");
            out.extend(year.iter().map(|&b| b as char));
        }
        let caret = match self.caret {
            ExpiryCaret::Month(i) => i.min(month.len()),
            ExpiryCaret::Year(_) if year.is_empty() => month.len(),
            ExpiryCaret::Year(j) => month.len() + 3 + j.min(year.len()),
        };
        self.month = [0; 2];
        self.year = [0; 4];
        Formatted { value: out, caret }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: &str) -> String {
        format_card_number(v, None).value.clone()
    }

    #[test]
    fn numbers_group_by_brand() {
        assert_eq!(f("4111111111111111"), "4111 1111 1111 1111");
        assert_eq!(f("378282246310005"), "3782 822463 10005");
        assert_eq!(f("30569309025904"), "3056 930902 5904");
        assert_eq!(f("4111-1111 11"), "4111 1111 11");
        assert_eq!(f("４１１１１"), "4111 1");
        assert_eq!(f(""), "");
        // Cut at the brand's longest length: American Express stops at 15.
        assert_eq!(f("3782822463100051234"), "3782 822463 10005");
        // Issue 15: past the brand's shortest length, fours: never an
        // ungrouped tail. A 19-digit Visa, a 16- and a 19-digit Diners Club:
        assert_eq!(f("41111111111111111111111"), "4111 1111 1111 1111 111");
        assert_eq!(f("4111111111111111 extra 22"), "4111 1111 1111 1111 22");
        assert_eq!(f("3056930902590412"), "3056 9309 0259 0412");
        assert_eq!(f("3056930902590412345"), "3056 9309 0259 0412 345");
        // Not known yet: fours, cut at 19.
        assert_eq!(f("1234567890123456789012"), "1234 5678 9012 3456 789");
    }

    #[test]
    fn caret_stays_after_its_digit() {
        // Typing the fifth digit at the end: caret after it, past the new space.
        let r = format_card_number("41111", Some(5));
        assert_eq!((r.value.as_str(), r.caret), ("4111 1", 6));
        // Inserting a digit in the middle of "4111 1111" after the 2nd digit.
        let r = format_card_number("41911 1111", Some(3));
        assert_eq!((r.value.as_str(), r.caret), ("4191 1111 1", 3));
        // Deleting the space: caret stays after the 4th digit.
        let r = format_card_number("41111111", Some(4));
        assert_eq!((r.value.as_str(), r.caret), ("4111 1111", 4));
        // A caret at 0 stays at 0; a caret counted past full-width digits maps to ASCII.
        assert_eq!(format_card_number("4111", Some(0)).caret, 0);
        assert_eq!(format_card_number("４１１１１", Some(5)).caret, 6);
    }

    #[test]
    fn expiry_formats() {
        let e = |v: &str| format_expiry(v, None).value.clone();
        assert_eq!(e(""), "");
        assert_eq!(e("1"), "1");
        assert_eq!(e("4"), "04");
        assert_eq!(e("12"), "12");
        assert_eq!(e("13"), "01 / 3");
        assert_eq!(e("122"), "12 / 2");
        assert_eq!(e("1229"), "12 / 29");
        assert_eq!(e("12 / 29"), "12 / 29");
        assert_eq!(e("12 /"), "12");
        assert_eq!(e("1/29"), "01 / 29");
        assert_eq!(e("122029"), "12 / 2029");
        assert_eq!(e("2029-12"), "12 / 29");
        assert_eq!(e("4481-34"), "04 / 48");
        assert_eq!(e("１２２９"), "12 / 29");
        // Only a 20xx year may have four digits.
        assert_eq!(e("1320"), "01 / 32");
        assert_eq!(e("12 / 295"), "12 / 29");
        assert_eq!(e("12 / 202"), "12 / 202");
    }

    #[test]
    fn expiry_caret() {
        let r = format_expiry("4", Some(1));
        assert_eq!((r.value.as_str(), r.caret), ("04", 2));
        let r = format_expiry("123", Some(3));
        assert_eq!((r.value.as_str(), r.caret), ("12 / 3", 6));
        // A caret after a space is in the year.
        let r = format_expiry("12 3", Some(3));
        assert_eq!((r.value.as_str(), r.caret), ("12 / 3", 5));
        // A digit typed past the end of a full expiry is dropped; the caret stays at the end.
        let r = format_expiry("12 / 295", Some(8));
        assert_eq!((r.value.as_str(), r.caret), ("12 / 29", 7));
    }

    fn edit(v: &str, caret: usize, edit: Edit) -> (String, usize) {
        let (f, _) = format_card_number_edit(v, Some(caret), edit);
        (f.value.clone(), f.caret)
    }

    fn exp(v: &str, caret: usize, edit: Edit) -> (String, usize) {
        let f = format_expiry_edit(v, Some(caret), edit);
        (f.value.clone(), f.caret)
    }

    #[test]
    fn input_types_are_read() {
        assert_eq!(
            Edit::from_input_type("deleteContentBackward"),
            Edit::DeleteBackward
        );
        assert_eq!(
            Edit::from_input_type("deleteContentForward"),
            Edit::DeleteForward
        );
        assert_eq!(Edit::from_input_type("insertText"), Edit::Other);
        assert_eq!(Edit::from_input_type(""), Edit::Other);
    }

    #[test]
    fn deleting_across_a_space_deletes_the_digit_beyond_it() {
        use Edit::*;
        // "4111| 1111", Delete: the browser removed the space.
        assert_eq!(edit("41111111", 4, DeleteForward), ("4111 111".into(), 4));
        // Again and again: each Delete takes the next digit.
        assert_eq!(edit("4111111", 4, DeleteForward), ("4111 11".into(), 4));
        // "4111 |1111", Backspace: the browser removed the space.
        assert_eq!(edit("41111111", 4, DeleteBackward), ("4111 111".into(), 3));
        // American Express, across its second space.
        assert_eq!(
            edit("3782 82246310005", 11, DeleteBackward),
            ("3782 822461 0005".into(), 10)
        );
        // A plain digit deletion is left as it is.
        assert_eq!(edit("4111 111", 8, DeleteBackward), ("4111 111".into(), 8));
        assert_eq!(edit("411 1111", 3, DeleteBackward), ("4111 111".into(), 3));
        // Not a deleted separator: an unformatted value just shortened.
        assert_eq!(
            edit("411111111111111", 15, DeleteBackward),
            ("4111 1111 1111 111".into(), 18)
        );
        // Without the edit, the old behaviour: the space comes back.
        assert_eq!(edit("41111111", 4, Other), ("4111 1111".into(), 4));
        // Nothing beyond: nothing happens.
        assert_eq!(edit("4111", 0, DeleteBackward), ("4111".into(), 0));
    }

    #[test]
    fn editing_the_month_keeps_the_year() {
        use Edit::*;
        // "12 / 29": Home, →, →, Backspace, then "1".
        assert_eq!(exp("1 / 29", 1, DeleteBackward), ("1 / 29".into(), 1));
        assert_eq!(exp("11 / 29", 2, Other), ("11 / 29".into(), 2));
        // Select the month, type "1", "1"; or "0", "2".
        assert_eq!(exp("1 / 29", 1, Other), ("1 / 29".into(), 1));
        assert_eq!(exp("0 / 29", 1, Other), ("0 / 29".into(), 1));
        assert_eq!(exp("02 / 29", 2, Other), ("02 / 29".into(), 2));
        // A month digit 2–9 is 0N at once.
        assert_eq!(exp("4 / 29", 1, Other), ("04 / 29".into(), 2));
        // A third month digit is refused rather than pushed into the year.
        assert_eq!(exp("123 / 29", 3, Other), ("12 / 29".into(), 2));
        // Leaving a one-digit month (caret in the year) writes it 01.
        assert_eq!(exp("1 / 29", 6, Other), ("01 / 29".into(), 7));
        // The whole month deleted: the year stays for the next month typed.
        assert_eq!(exp(" / 29", 0, DeleteBackward), (" / 29".into(), 0));
        assert_eq!(exp("1 / 29", 1, Other), ("1 / 29".into(), 1));
    }

    #[test]
    fn deleting_across_the_expiry_separator() {
        use Edit::*;
        // "12 / |29", Backspace removed the space before the year.
        assert_eq!(exp("12 /29", 4, DeleteBackward), ("1 / 29".into(), 1));
        // "12 /| 29", Backspace removed the slash.
        assert_eq!(exp("12  29", 3, DeleteBackward), ("1 / 29".into(), 1));
        // "12| / 29", Delete removed the space after the month.
        assert_eq!(exp("12/ 29", 2, DeleteForward), ("12 / 9".into(), 2));
        // "12 |/ 29", Delete removed the slash.
        assert_eq!(exp("12  29", 3, DeleteForward), ("12 / 9".into(), 5));
        // Backspace at the end of the year, then the last year digit.
        assert_eq!(exp("12 / 2", 6, DeleteBackward), ("12 / 2".into(), 6));
        assert_eq!(exp("12 / ", 5, DeleteBackward), ("12".into(), 2));
    }
}
