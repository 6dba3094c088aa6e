//! Brand detection: the one matcher that reads [`BRANDS`].
//!
//! Semantics follow npm `credit-card-type` so that as-you-type behaviour is
//! what shoppers already know: every brand whose first matching pattern fits
//! the digits so far is a candidate; a pattern fully typed gives the candidate
//! a *strength* (its digit count); a single candidate is the brand (even while
//! its pattern is still partial: "9" can only be Troy), and when every one of
//! several candidates has a strength, the strongest one wins alone (table
//! order breaks ties). `credit-card-type` answers the same, and card-validator
//! reports a brand exactly when that answer is one brand.

use crate::prelude::*;

use super::brand_table::BRANDS;
pub use super::brand_table::{Brand, Pattern, SecurityCode};

impl Pattern {
    /// `None` if `digits` cannot start a number of this pattern; otherwise
    /// `Some(strength)`, where the strength is the pattern's digit count once
    /// all of it has been typed, and `None` while it is still partial.
    fn matches(self, digits: &[u8]) -> Option<Option<u8>> {
        let (lo, hi) = match self {
            Pattern::Prefix(p) => (p.as_bytes(), p.as_bytes()),
            Pattern::Range(lo, hi) => (lo.as_bytes(), hi.as_bytes()),
        };
        let n = lo.len().min(digits.len());
        // `get` rather than indexing: a table entry with `hi` shorter than
        // `lo` simply never matches.
        let (head, lo_head, hi_head) = (digits.get(..n)?, lo.get(..n)?, hi.get(..n)?);
        if head < lo_head || head > hi_head {
            return None;
        }
        // Pattern lengths are at most 8, so the cast cannot truncate.
        Some((digits.len() >= lo.len()).then_some(lo.len() as u8))
    }
}

impl Brand {
    /// The longest valid length.
    pub fn max_length(&self) -> usize {
        self.lengths.last().map_or(19, |&l| l as usize)
    }

    /// Whether `len` is one of the brand's valid lengths.
    pub fn has_length(&self, len: usize) -> bool {
        self.lengths.iter().any(|&l| l as usize == len)
    }

    /// Looks a brand up by its `kind` or its KOMOJU name.
    pub fn find(name: &str) -> Option<&'static Brand> {
        BRANDS
            .iter()
            .find(|b| b.kind == name)
            .or_else(|| BRANDS.iter().find(|b| b.komoju == Some(name)))
    }

    /// Every brand, in table order.
    pub fn all() -> &'static [Brand] {
        BRANDS
    }
}

/// What the digits typed so far say about the brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// Exactly one brand remains.
    One(&'static Brand),
    /// Several brands remain (or nothing has been typed yet).
    Many,
    /// No brand can start with these digits.
    None,
}

impl Detection {
    /// The brand, when exactly one remains.
    pub fn brand(self) -> Option<&'static Brand> {
        match self {
            Detection::One(b) => Some(b),
            _ => None,
        }
    }
}

/// Each brand whose first matching pattern fits `digits`, with its strength.
fn candidates(digits: &[u8]) -> impl Iterator<Item = (&'static Brand, Option<u8>)> + '_ {
    BRANDS.iter().filter_map(move |b| {
        b.patterns
            .iter()
            .find_map(|p| p.matches(digits))
            .map(|s| (b, s))
    })
}

/// Detects the brand of `digits` (ASCII digits only, already normalised).
pub fn detect(digits: &[u8]) -> Detection {
    if digits.is_empty() {
        return Detection::Many;
    }
    let mut best: Option<(&'static Brand, u8)> = None;
    let mut first: Option<&'static Brand> = None;
    let mut count = 0usize;
    let mut all_strong = true;
    for (brand, strength) in candidates(digits) {
        count += 1;
        first.get_or_insert(brand);
        match strength {
            Some(s) if best.is_none_or(|(_, b)| s > b) => best = Some((brand, s)),
            Some(_) => {}
            None => all_strong = false,
        }
    }
    match (count, all_strong, best, first) {
        (0, _, _, _) => Detection::None,
        // The only brand left, whether or not its pattern is complete.
        (1, _, _, Some(only)) => Detection::One(only),
        (_, true, Some((brand, _)), _) => Detection::One(brand),
        _ => Detection::Many,
    }
}

/// Every brand still possible for `digits`, in table order: all of them for
/// no digits, the single best one when it stands out, none when nothing fits.
pub fn possible_brands(digits: &[u8]) -> Vec<&'static Brand> {
    match detect(digits) {
        Detection::One(b) => vec![b],
        Detection::None => Vec::new(),
        Detection::Many if digits.is_empty() => BRANDS.iter().collect(),
        Detection::Many => candidates(digits).map(|(b, _)| b).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(digits: &str) -> Option<&'static str> {
        detect(digits.as_bytes()).brand().map(|b| b.kind)
    }

    #[test]
    fn table_has_fifteen_brands_in_library_order() {
        let kinds: Vec<_> = BRANDS.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                "visa",
                "mastercard",
                "american-express",
                "diners-club",
                "discover",
                "troy",
                "jcb",
                "unionpay",
                "naranja",
                "verve",
                "maestro",
                "elo",
                "mir",
                "hiper",
                "hipercard"
            ]
        );
        for b in BRANDS {
            assert!(
                b.lengths.windows(2).all(|w| w[0] < w[1]),
                "{} lengths ascend",
                b.kind
            );
            for p in b.patterns {
                if let Pattern::Range(lo, hi) = p {
                    assert_eq!(lo.len(), hi.len(), "{} range {lo}..{hi}", b.kind);
                    assert!(lo <= hi);
                }
            }
        }
    }

    #[test]
    fn single_digit_four_is_ambiguous() {
        assert_eq!(detect(b"4"), Detection::Many);
        let kinds: Vec<_> = possible_brands(b"4").iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ["visa", "naranja", "maestro", "elo"]);
    }

    #[test]
    fn prefixes_pick_their_brand() {
        assert_eq!(kind("41"), Some("visa"));
        assert_eq!(kind("2720"), Some("mastercard"));
        assert_eq!(kind("2221"), Some("mastercard"));
        assert_eq!(kind("2721"), None);
        assert_eq!(detect(b"2721"), Detection::None);
        assert_eq!(kind("34"), Some("american-express"));
        assert_eq!(kind("37"), Some("american-express"));
        assert_eq!(kind("300"), Some("diners-club"));
        assert_eq!(kind("36"), Some("diners-club"));
        assert_eq!(kind("6011"), Some("discover"));
        assert_eq!(kind("3528"), Some("jcb"));
        assert_eq!(kind("3589"), Some("jcb"));
        assert_eq!(kind("3590"), None);
        assert_eq!(kind("62123"), Some("unionpay"));
        assert_eq!(kind("62183"), Some("maestro"));
        assert_eq!(kind("2200"), Some("mir"));
        assert_eq!(kind("9792"), Some("troy"));
        assert_eq!(kind("650052"), Some("troy"));
        assert_eq!(kind("589562"), Some("naranja"));
        assert_eq!(kind("402918"), Some("naranja"));
        assert_eq!(kind("506099"), Some("verve"));
        assert_eq!(kind("504175"), Some("elo"));
        assert_eq!(kind("636297"), Some("elo"));
        assert_eq!(kind("637095"), Some("hiper"));
        assert_eq!(kind("606282"), Some("hipercard"));
        assert_eq!(
            kind("5018"),
            Some("maestro"),
            "maestro's range is still partial, but no other brand is left"
        );
        assert_eq!(kind("5041"), None, "maestro and elo are both open");
        assert_eq!(kind("501800"), Some("maestro"));
    }

    #[test]
    fn partial_long_pattern_keeps_brands_open() {
        // "65" is discover by a full pattern, but troy/elo patterns are still partial.
        assert_eq!(detect(b"65"), Detection::Many);
        assert_eq!(kind("6500"), None);
        assert_eq!(kind("6011"), Some("discover"));
    }

    #[test]
    fn a_single_candidate_is_the_brand_even_while_partial() {
        // Issue 15: credit-card-type (and card-validator) answer one brand here.
        assert_eq!(kind("9"), Some("troy"));
        assert_eq!(kind("979"), Some("troy"));
        assert_eq!(kind("30"), Some("diners-club"));
        assert_eq!(kind("3"), None, "amex, diners, jcb are all open");
        // possible_brands agrees with detect everywhere: one brand exactly
        // when detect names it.
        for prefix in [
            "9", "30", "979", "3", "4", "5", "6", "65", "2", "22", "1", "18", "8", "81",
        ] {
            let list = possible_brands(prefix.as_bytes());
            match detect(prefix.as_bytes()) {
                Detection::One(b) => assert_eq!(list, [b], "{prefix}"),
                Detection::Many => assert!(list.len() > 1, "{prefix}"),
                Detection::None => assert!(list.is_empty(), "{prefix}"),
            }
        }
    }

    #[test]
    fn lookup_by_kind_or_komoju_name() {
        assert_eq!(Brand::find("master").map(|b| b.kind), Some("mastercard"));
        assert_eq!(
            Brand::find("american-express").map(|b| b.code.size),
            Some(4)
        );
        assert_eq!(Brand::find("nope"), None);
    }
}
