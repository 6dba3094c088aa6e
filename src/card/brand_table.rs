//! The card brands' public prefix facts, as data.
//!
//! The shape of a brand's facts ([`Brand`], [`Pattern`], [`SecurityCode`])
//! and one const table of them, read by the one matcher in [`super::brand`]
//! (which imports this file, never the other way round). A new brand is one
//! entry here (plus its tests). The facts and
//! their order are those of npm `credit-card-type` 10.3.0 (see
//! `shared/brand-table.md`): order breaks ties between brands whose patterns
//! match equally strongly, so it must not be changed casually.

use Pattern::{Prefix as P, Range as R};

/// A card brand's public facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brand {
    /// Stable identifier, as in `credit-card-type` (`"visa"`, `"american-express"`, ...).
    pub kind: &'static str,
    /// Human name (`"American Express"`).
    pub nice_type: &'static str,
    /// KOMOJU's name for the brand, where KOMOJU has one (`"master"`, `"american_express"`).
    pub komoju: Option<&'static str>,
    /// Prefix patterns, first match wins.
    pub patterns: &'static [Pattern],
    /// Valid card number lengths, ascending.
    pub lengths: &'static [u8],
    /// Positions (in digits) after which a space is shown.
    pub gaps: &'static [u8],
    /// The security code's printed name and size.
    pub code: SecurityCode,
}

/// A brand's security code: its printed name and its number of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityCode {
    /// The name printed on cards of the brand (`"CVV"`, `"CID"`, ...).
    pub name: &'static str,
    /// Number of digits.
    pub size: u8,
}

/// One prefix pattern of a brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The number starts with these digits.
    Prefix(&'static str),
    /// The number's first `len(lo)` digits lie in `lo..=hi` (both the same length).
    Range(&'static str, &'static str),
}

const GAPS_4_8_12: &[u8] = &[4, 8, 12];
const GAPS_4_10: &[u8] = &[4, 10];

const fn code(name: &'static str, size: u8) -> SecurityCode {
    SecurityCode { name, size }
}

/// Every brand Tessera knows, in matching order. A `static`, not a `const`:
/// brands are told apart by address (`results.rs` caches the JS brand objects
/// by index), and a `const` may be copied into each codegen unit, so two
/// references to one brand could differ (the debug wasm tests saw it).
pub static BRANDS: &[Brand] = &[
    Brand {
        kind: "visa",
        nice_type: "Visa",
        komoju: Some("visa"),
        patterns: &[P("4")],
        lengths: &[16, 18, 19],
        gaps: GAPS_4_8_12,
        code: code("CVV", 3),
    },
    Brand {
        kind: "mastercard",
        nice_type: "Mastercard",
        komoju: Some("master"),
        patterns: &[
            R("51", "55"),
            R("2221", "2229"),
            R("223", "229"),
            R("23", "26"),
            R("270", "271"),
            P("2720"),
        ],
        lengths: &[16],
        gaps: GAPS_4_8_12,
        code: code("CVC", 3),
    },
    Brand {
        kind: "american-express",
        nice_type: "American Express",
        komoju: Some("american_express"),
        patterns: &[P("34"), P("37")],
        lengths: &[15],
        gaps: GAPS_4_10,
        code: code("CID", 4),
    },
    Brand {
        kind: "diners-club",
        nice_type: "Diners Club",
        komoju: Some("diners_club"),
        patterns: &[R("300", "305"), P("36"), P("38"), P("39")],
        lengths: &[14, 16, 19],
        gaps: GAPS_4_10,
        code: code("CVV", 3),
    },
    Brand {
        kind: "discover",
        nice_type: "Discover",
        komoju: Some("discover"),
        patterns: &[P("6011"), R("644", "649"), P("65")],
        lengths: &[16, 19],
        gaps: GAPS_4_8_12,
        code: code("CID", 3),
    },
    Brand {
        kind: "troy",
        nice_type: "Troy",
        komoju: None,
        patterns: &[
            P("9792"),
            P("650052"),
            R("650082", "650083"),
            P("650092"),
            P("650161"),
            P("650170"),
            P("650173"),
            P("650175"),
            P("650268"),
            P("650271"),
            R("650273", "650274"),
            R("650456", "650457"),
            P("650836"),
            R("650846", "650850"),
            P("650923"),
            P("650987"),
            P("650990"),
            P("654997"),
            P("657366"),
            P("657998"),
            P("658758"),
            R("658767", "658768"),
            R("65083700", "65083704"),
            R("65085800", "65085804"),
            R("65085900", "65085901"),
            P("65086000"),
            R("65086100", "65086105"),
            R("65086200", "65086203"),
            R("65875000", "65875003"),
            P("65875009"),
            R("65875101", "65875104"),
            P("65875200"),
            P("65875501"),
            P("65875601"),
            P("65875900"),
            R("65876000", "65876002"),
            R("65876100", "65876103"),
            P("65876110"),
            R("65876115", "65876116"),
            R("65876200", "65876201"),
            P("65876500"),
            R("65876504", "65876505"),
            R("65876600", "65876602"),
            R("65877100", "65877101"),
            R("65877600", "65877602"),
            P("65877700"),
            R("65877801", "65877802"),
            R("65878200", "65878202"),
            R("65878300", "65878311"),
            R("65878400", "65878405"),
            R("65878500", "65878505"),
            R("65878600", "65878601"),
            P("65879800"),
            P("65880800"),
            P("65880900"),
        ],
        lengths: &[16],
        gaps: GAPS_4_8_12,
        code: code("CVV", 3),
    },
    Brand {
        kind: "jcb",
        nice_type: "JCB",
        komoju: Some("jcb"),
        patterns: &[P("2131"), P("1800"), R("3528", "3589")],
        lengths: &[16, 17, 18, 19],
        gaps: GAPS_4_8_12,
        code: code("CVV", 3),
    },
    Brand {
        kind: "unionpay",
        nice_type: "UnionPay",
        komoju: None,
        patterns: &[
            P("620"),
            R("62100", "62182"),
            R("62184", "62187"),
            R("62185", "62197"),
            R("62200", "62205"),
            R("622010", "622999"),
            P("622018"),
            R("62207", "62209"),
            R("623", "626"),
            P("6270"),
            P("6272"),
            P("6276"),
            R("627700", "627779"),
            R("627781", "627799"),
            R("6282", "6289"),
            P("6291"),
            P("6292"),
            P("810"),
            R("8110", "8131"),
            R("8132", "8151"),
            R("8152", "8163"),
            R("8164", "8171"),
        ],
        lengths: &[14, 15, 16, 17, 18, 19],
        gaps: GAPS_4_8_12,
        code: code("CVN", 3),
    },
    Brand {
        kind: "naranja",
        nice_type: "Naranja",
        komoju: None,
        patterns: &[P("589562"), P("402918"), P("527572")],
        lengths: &[16],
        gaps: GAPS_4_8_12,
        code: code("CVV", 3),
    },
    Brand {
        kind: "verve",
        nice_type: "Verve",
        komoju: None,
        patterns: &[
            R("506099", "506127"),
            P("506129"),
            R("506133", "506150"),
            R("506158", "506163"),
            P("506166"),
            P("506168"),
            P("506170"),
            P("506173"),
            R("506176", "506180"),
            P("506184"),
            R("506187", "506188"),
            P("506191"),
            P("506195"),
            P("506197"),
            P("507865"),
            P("507866"),
            R("507868", "507877"),
            R("507880", "507888"),
            P("507900"),
            P("507941"),
        ],
        lengths: &[16, 18, 19],
        gaps: GAPS_4_8_12,
        code: code("CVV", 3),
    },
    Brand {
        kind: "maestro",
        nice_type: "Maestro",
        komoju: None,
        patterns: &[
            P("493698"),
            R("500000", "504174"),
            R("504176", "506698"),
            R("506779", "508999"),
            R("56", "59"),
            P("63"),
            P("67"),
            P("6"),
        ],
        lengths: &[12, 13, 14, 15, 16, 17, 18, 19],
        gaps: GAPS_4_8_12,
        code: code("CVC", 3),
    },
    Brand {
        kind: "elo",
        nice_type: "Elo",
        komoju: None,
        patterns: &[
            P("401178"),
            P("401179"),
            P("438935"),
            P("457631"),
            P("457632"),
            P("431274"),
            P("451416"),
            P("457393"),
            P("504175"),
            R("506699", "506778"),
            R("509000", "509999"),
            P("627780"),
            P("636297"),
            P("636368"),
            R("650031", "650033"),
            R("650035", "650051"),
            R("650405", "650439"),
            R("650485", "650538"),
            R("650541", "650598"),
            R("650700", "650718"),
            R("650720", "650727"),
            R("650901", "650978"),
            R("651652", "651679"),
            R("655000", "655019"),
            R("655021", "655058"),
        ],
        lengths: &[16],
        gaps: GAPS_4_8_12,
        code: code("CVE", 3),
    },
    Brand {
        kind: "mir",
        nice_type: "Mir",
        komoju: None,
        patterns: &[R("2200", "2204")],
        lengths: &[16, 17, 18, 19],
        gaps: GAPS_4_8_12,
        code: code("CVP2", 3),
    },
    Brand {
        kind: "hiper",
        nice_type: "Hiper",
        komoju: None,
        patterns: &[
            P("637095"),
            P("63737423"),
            P("63743358"),
            P("637568"),
            P("637599"),
            P("637609"),
            P("637612"),
        ],
        lengths: &[16],
        gaps: GAPS_4_8_12,
        code: code("CVC", 3),
    },
    Brand {
        kind: "hipercard",
        nice_type: "Hipercard",
        komoju: None,
        patterns: &[P("606282")],
        lengths: &[16],
        gaps: GAPS_4_8_12,
        code: code("CVC", 3),
    },
];
