//! Expiry dates: parsing every way shoppers and forms write them, and deciding
//! whether a card has expired. "Today" is always an argument.

use super::digits::ascii_digit;
use crate::date::YearMonth;
use crate::error::ErrorCode;

/// How far ahead an expiry may be, by default (as card-validator does).
pub const DEFAULT_MAX_YEARS_AHEAD: u16 = 19;

/// Options for expiry validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryOptions {
    /// The current month, in the shopper's calendar.
    pub today: YearMonth,
    /// Expiries more than this many years after `today`'s year are invalid.
    pub max_years_ahead: u16,
}

impl ExpiryOptions {
    /// Options with the default window of [`DEFAULT_MAX_YEARS_AHEAD`] years.
    pub const fn new(today: YearMonth) -> Self {
        ExpiryOptions {
            today,
            max_years_ahead: DEFAULT_MAX_YEARS_AHEAD,
        }
    }
}

/// The verdict on an expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryCheck {
    /// The month, once a month 1–12 is known.
    pub month: Option<u8>,
    /// The four-digit year, once a complete year is known.
    pub year: Option<u16>,
    /// A complete expiry, not in the past and not too far ahead.
    pub is_valid: bool,
    /// Typing more could still make it valid.
    pub is_potentially_valid: bool,
    /// Why it is not valid, for a submit (`None` when valid).
    pub problem: Option<ErrorCode>,
}

/// The month part of one reading of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Month {
    /// Not typed yet, or only a first digit that more digits will complete.
    Open,
    /// A complete month as typed (possibly out of range).
    Typed(u8),
}

/// One way to read the input: a month and the year's digits (ASCII).
#[derive(Debug, Clone, Copy)]
struct Reading<'a> {
    month: Month,
    year: &'a [u8],
}

/// Input too long to be an expiry is refused outright, before any work.
const MAX_INPUT_CHARS: usize = 24;

/// Validates an expiry written as text: `MM/YY`, `M/YY`, `MM/YYYY`,
/// `MM / YY`, `MM YY`, `MM-YY`, `MMYY`, `MYY`, `MMYYYY` or `YYYY-MM`, with
/// ASCII or full-width digits. Partial input is potentially valid.
///
/// ```
/// use tessera::card::{validate_expiry, ExpiryOptions};
/// use tessera::date::YearMonth;
/// let opts = ExpiryOptions::new(YearMonth::new(2026, 11).unwrap());
/// let check = validate_expiry("11 / 26", &opts);
/// assert!(check.is_valid);
/// assert_eq!((check.month, check.year), (Some(11), Some(2026)));
/// ```
pub fn validate_expiry(value: &str, options: &ExpiryOptions) -> ExpiryCheck {
    let mut buf = [0u8; MAX_INPUT_CHARS];
    let Some(text) = simplify(value, &mut buf) else {
        return invalid(ErrorCode::InvalidExpiryMonth);
    };
    let readings = read_text(text);
    let mut best: Option<ExpiryCheck> = None;
    let mut potential = false;
    for reading in readings.iter().flatten() {
        let check = evaluate(*reading, options);
        if check.is_valid {
            return check;
        }
        potential |= check.is_potentially_valid;
        best.get_or_insert(check);
    }
    match best {
        Some(check) => ExpiryCheck {
            is_potentially_valid: potential,
            ..check
        },
        None => invalid(ErrorCode::InvalidExpiryMonth),
    }
}

/// Validates an expiry given as separate month (`"1"`, `"01"`) and year
/// (`"29"`, `"2029"`) fields.
pub fn validate_expiry_parts(month: &str, year: &str, options: &ExpiryOptions) -> ExpiryCheck {
    let (mut mb, mut yb) = ([0u8; MAX_INPUT_CHARS], [0u8; MAX_INPUT_CHARS]);
    let Some(m) =
        simplify(month, &mut mb).filter(|m| m.iter().all(u8::is_ascii_digit) && m.len() <= 2)
    else {
        return invalid(ErrorCode::InvalidExpiryMonth);
    };
    let Some(y) = simplify(year, &mut yb).filter(|y| y.iter().all(u8::is_ascii_digit)) else {
        return invalid(ErrorCode::InvalidExpiryYear);
    };
    let month = if m.is_empty() {
        Month::Open
    } else {
        Month::Typed(number(m) as u8)
    };
    evaluate(Reading { month, year: y }, options)
}

const fn invalid(problem: ErrorCode) -> ExpiryCheck {
    ExpiryCheck {
        month: None,
        year: None,
        is_valid: false,
        is_potentially_valid: false,
        problem: Some(problem),
    }
}

/// Copies `value` into `buf` as ASCII digits, `/`, `-` and spaces (full-width
/// forms mapped), trimmed. `None` for any other character or too long input.
fn simplify<'b>(value: &str, buf: &'b mut [u8; MAX_INPUT_CHARS]) -> Option<&'b [u8]> {
    let mut n = 0;
    for c in value.trim().chars() {
        let b = match c {
            '/' | '\u{FF0F}' => b'/',
            '-' | '\u{FF0D}' => b'-',
            ' ' | '\u{3000}' | '\u{00A0}' | '\t' => b' ',
            c => ascii_digit(c)?,
        };
        *buf.get_mut(n)? = b;
        n += 1;
    }
    buf.get(..n)
}

/// The value of ASCII digits (callers pass digits only; anything else counts
/// as 0 rather than panicking), saturating rather than overflowing.
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |acc, &d| {
        acc.saturating_mul(10)
            .saturating_add(u32::from(d.saturating_sub(b'0')))
    })
}

fn is_month(digits: &[u8]) -> bool {
    (1..=12).contains(&number(digits))
}

/// The ways `text` can be read (at most two).
fn read_text(text: &[u8]) -> [Option<Reading<'_>>; 2] {
    let d1_end = text
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    let (d1, rest) = text.split_at(d1_end);
    let sep_end = rest
        .iter()
        .position(u8::is_ascii_digit)
        .unwrap_or(rest.len());
    let (sep, d2) = rest.split_at(sep_end);
    if !d2.iter().all(u8::is_ascii_digit) {
        return [None, None];
    }
    let marks = sep.iter().filter(|&&b| b != b' ').count();
    if marks > 1 {
        return [None, None];
    }
    let hyphen = sep.contains(&b'-');
    match (sep.is_empty(), d1.len(), d2.len()) {
        (true, _, _) => read_digits(d1),
        // YYYY-MM
        (false, 4, 0..=2) if hyphen => {
            let month = if d2.is_empty() {
                Month::Open
            } else {
                Month::Typed(number(d2) as u8)
            };
            [Some(Reading { month, year: d1 }), None]
        }
        (false, 1..=2, _) => [
            Some(Reading {
                month: Month::Typed(number(d1) as u8),
                year: d2,
            }),
            None,
        ],
        // A trailing separator after digits only: "1229 ".
        (false, 3.., 0) => read_digits(d1),
        _ => [None, None],
    }
}

/// Readings of digits typed with no separator, most likely first.
fn read_digits(d: &[u8]) -> [Option<Reading<'_>>; 2] {
    // The first `at` digits as the month, the rest as the year.
    let reading = |at: usize| {
        let (m, year) = d.split_at_checked(at)?;
        Some(Reading {
            month: Month::Typed(number(m) as u8),
            year,
        })
    };
    let open = Reading {
        month: Month::Open,
        year: b"",
    };
    // Slice patterns rather than indexing: every length is covered and no
    // arm can go out of bounds.
    match d {
        [] => [Some(open), None],
        [first] if *first <= b'1' => [Some(open), None],
        [_] => [reading(1), None],
        [first, _] if is_month(d) || *first == b'0' => [reading(2), None],
        [_, _] => [reading(1), None],
        [first, second, _] => {
            let mm_y = if is_month(&[*first, *second]) {
                reading(2)
            } else {
                None
            };
            let m_yy = if *first != b'0' { reading(1) } else { None };
            match mm_y {
                Some(_) => [mm_y, m_yy],
                None => [m_yy, None],
            }
        }
        _ => [reading(2), None],
    }
}

fn evaluate(reading: Reading<'_>, options: &ExpiryOptions) -> ExpiryCheck {
    let m = match reading.month {
        Month::Open => {
            let potential = year_potential(reading.year, None, options);
            return ExpiryCheck {
                month: None,
                year: None,
                is_valid: false,
                is_potentially_valid: potential,
                problem: Some(ErrorCode::IncompleteExpiry),
            };
        }
        Month::Typed(m) if (1..=12).contains(&m) => m,
        Month::Typed(_) => return invalid(ErrorCode::InvalidExpiryMonth),
    };
    let y = reading.year;
    let potential = year_potential(y, Some(m), options);
    let base = ExpiryCheck {
        month: Some(m),
        year: None,
        is_valid: false,
        is_potentially_valid: potential,
        problem: None,
    };
    let year = match y.len() {
        2 => options.today.century() + number(y) as u16,
        4 => number(y) as u16,
        0 | 1 | 3 => {
            return ExpiryCheck {
                problem: Some(ErrorCode::IncompleteExpiry),
                ..base
            }
        }
        _ => {
            return ExpiryCheck {
                problem: Some(ErrorCode::InvalidExpiryYear),
                ..base
            }
        }
    };
    let today = options.today;
    let problem = if (year, m) < (today.year, today.month) {
        Some(ErrorCode::ExpiredCard)
    } else if u32::from(year) > u32::from(today.year) + u32::from(options.max_years_ahead) {
        Some(ErrorCode::InvalidExpiryYear)
    } else {
        None
    };
    ExpiryCheck {
        year: Some(year),
        is_valid: problem.is_none(),
        is_potentially_valid: potential || problem.is_none(),
        problem,
        ..base
    }
}

/// Whether the year digits typed so far can still become a valid year, read
/// as two digits (this century) or four.
fn year_potential(typed: &[u8], month: Option<u8>, options: &ExpiryOptions) -> bool {
    // The years still to come: this one (unless its month has passed) up to
    // `max_years_ahead` from now. The typed digits are the start of a year
    // written with four digits, or (two at most) with two in this century:
    // each reading is a range of years, which must meet the years to come.
    let Some(places) = 4u32.checked_sub(typed.len() as u32) else {
        return false;
    };
    let today = options.today;
    let this = u32::from(today.year);
    let first = this + u32::from(month.is_some_and(|m| m < today.month));
    let last = this
        .saturating_add(u32::from(options.max_years_ahead))
        .min(9999);
    let meets = |from: u32, span: u32| first <= last && from <= last && from + span > first;
    let p = number(typed);
    let four = meets(p * 10u32.pow(places), 10u32.pow(places));
    let two = places >= 2 && {
        let span = 10u32.pow(places - 2);
        meets(u32::from(today.century()) + p * span, span)
    };
    four || two
}

#[cfg(test)]
mod tests {
    use super::*;

    // The first form of `year_potential`, year by year: the oracle its
    // arithmetic must agree with.
    fn year_potential_by_year(typed: &[u8], month: Option<u8>, options: &ExpiryOptions) -> bool {
        if typed.len() > 4 {
            return false;
        }
        let today = options.today;
        let last = u32::from(today.year)
            .saturating_add(u32::from(options.max_years_ahead))
            .min(9999);
        (u32::from(today.year)..=last).any(|y| {
            if y == u32::from(today.year) && month.is_some_and(|m| m < today.month) {
                return false;
            }
            let four = [
                (y / 1000) as u8,
                (y / 100 % 10) as u8,
                (y / 10 % 10) as u8,
                (y % 10) as u8,
            ]
            .map(|d| d + b'0');
            let [_, _, two @ ..] = four;
            let as_two = typed.len() <= 2
                && y / 100 * 100 == u32::from(today.century())
                && two.starts_with(typed);
            as_two || four.starts_with(typed)
        })
    }

    #[test]
    fn year_potential_agrees_with_trying_every_year() {
        for (year, month) in [
            (2026, 11),
            (2026, 1),
            (1999, 12),
            (2099, 6),
            (9990, 3),
            (1, 1),
        ] {
            for ahead in [0, 1, 19, 40] {
                let mut o = ExpiryOptions::new(YearMonth::new(year, month).unwrap());
                o.max_years_ahead = ahead;
                for len in 0..=5u32 {
                    for p in 0..10u32.pow(len.min(4)) {
                        let typed: Vec<u8> = (0..len)
                            .map(|i| b'0' + (p / 10u32.pow(len - 1 - i) % 10) as u8)
                            .collect();
                        for m in [None, Some(1), Some(month), Some(12)] {
                            assert_eq!(
                                year_potential(&typed, m, &o),
                                year_potential_by_year(&typed, m, &o),
                                "{year}-{month} +{ahead} {typed:?} {m:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    fn opts() -> ExpiryOptions {
        ExpiryOptions::new(YearMonth::new(2026, 11).unwrap())
    }

    fn v(s: &str) -> (bool, bool, Option<u8>, Option<u16>) {
        let c = validate_expiry(s, &opts());
        (c.is_valid, c.is_potentially_valid, c.month, c.year)
    }

    #[test]
    fn every_listed_format_parses() {
        for s in [
            "12/29",
            "12/2029",
            "12 / 29",
            "12 29",
            "1229",
            "122029",
            "2029-12",
            "12-29",
            "１２／２９",
            " 12/29 ",
        ] {
            assert_eq!(v(s), (true, true, Some(12), Some(2029)), "{s}");
        }
        assert_eq!(v("1/29"), (true, true, Some(1), Some(2029)));
        assert_eq!(v("129"), (true, true, Some(1), Some(2029)));
        assert_eq!(v("529"), (true, true, Some(5), Some(2029)));
    }

    #[test]
    fn the_current_month_is_valid_and_the_last_is_expired() {
        assert!(validate_expiry("11/26", &opts()).is_valid);
        let c = validate_expiry("10/26", &opts());
        assert_eq!(
            (c.is_valid, c.problem),
            (false, Some(ErrorCode::ExpiredCard))
        );
    }

    #[test]
    fn nineteen_years_ahead_is_the_limit() {
        assert!(validate_expiry("12/2045", &opts()).is_valid);
        let c = validate_expiry("01/2046", &opts());
        assert_eq!(c.problem, Some(ErrorCode::InvalidExpiryYear));
        let wide = ExpiryOptions {
            max_years_ahead: 30,
            ..opts()
        };
        assert!(validate_expiry("01/2046", &wide).is_valid);
    }

    #[test]
    fn partial_input_is_potentially_valid() {
        for s in [
            "", "0", "1", "12", "12/", "12 / 2", "12/202", "2", "05 / ", "2029-",
        ] {
            let c = validate_expiry(s, &opts());
            assert!(c.is_potentially_valid && !c.is_valid, "{s}");
            assert_eq!(c.problem, Some(ErrorCode::IncompleteExpiry), "{s}");
        }
        // "12/20" is 2020 (expired), but could still become 12/2030.
        let c = validate_expiry("12/20", &opts());
        assert_eq!(
            (c.is_valid, c.is_potentially_valid, c.problem),
            (false, true, Some(ErrorCode::ExpiredCard))
        );
    }

    #[test]
    fn impossible_input_is_not_potentially_valid() {
        for (s, code) in [
            ("13/29", ErrorCode::InvalidExpiryMonth),
            ("00/29", ErrorCode::InvalidExpiryMonth),
            ("ab", ErrorCode::InvalidExpiryMonth),
            ("12/19", ErrorCode::ExpiredCard),
            ("12/1", ErrorCode::IncompleteExpiry),
            ("12/29999", ErrorCode::InvalidExpiryYear),
            ("12//29", ErrorCode::InvalidExpiryMonth),
        ] {
            let c = validate_expiry(s, &opts());
            assert_eq!(
                (c.is_potentially_valid, c.is_valid, c.problem),
                (false, false, Some(code)),
                "{s}"
            );
        }
    }

    #[test]
    fn parts_take_two_or_four_digit_years() {
        let o = opts();
        assert!(validate_expiry_parts("1", "29", &o).is_valid);
        assert!(validate_expiry_parts("01", "2029", &o).is_valid);
        assert_eq!(
            validate_expiry_parts("", "29", &o).problem,
            Some(ErrorCode::IncompleteExpiry)
        );
        assert_eq!(
            validate_expiry_parts("13", "29", &o).problem,
            Some(ErrorCode::InvalidExpiryMonth)
        );
        assert_eq!(
            validate_expiry_parts("1", "x", &o).problem,
            Some(ErrorCode::InvalidExpiryYear)
        );
        assert_eq!(
            validate_expiry_parts("1", "", &o).problem,
            Some(ErrorCode::IncompleteExpiry)
        );
    }
}
