//! 3-D Secure as the sandbox's issuer plays it: which test card is
//! frictionless, which is challenged (and with which password), which always
//! fails, and the `three_ds_auth_result` an authentication leaves behind.
//!
//! These rules apply to secure tokens and Session: Pay only; a plain token
//! paid with Payment: Create skips 3-D Secure, as on KOMOJU.

use base64::Engine;
use rand::RngExt;
use serde_json::{json, Value};
use time::Duration;

/// What 3-D Secure does with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authentication {
    /// Authenticated at once, no challenge (`4100000000000100` and every
    /// card not listed below).
    Frictionless,
    /// The issuer challenges the shopper; [`PASSWORD`] passes
    /// (`4100000000005000`).
    Challenge,
    /// The issuer challenges the shopper and fails whatever is typed
    /// (`4100000000500000`).
    ChallengeFails,
}

/// The 3-D Secure test cards.
const CARDS: &[(&str, Authentication)] = &[
    ("4100000000000100", Authentication::Frictionless),
    ("4100000000005000", Authentication::Challenge),
    ("4100000000500000", Authentication::ChallengeFails),
];

/// The challenge password of the challenge test card.
pub const PASSWORD: &str = "123456";

/// Wrong passwords allowed before the challenge fails.
pub const MAX_ATTEMPTS: u8 = 3;

/// How long a challenge may stay unfinished before it expires.
pub const CHALLENGE_LIFETIME: Duration = Duration::minutes(10);

/// How 3-D Secure treats the card whose ASCII digits are `digits`.
pub fn authentication(digits: &[u8]) -> Authentication {
    CARDS
        .iter()
        .find(|(number, _)| number.as_bytes() == digits)
        .map_or(Authentication::Frictionless, |&(_, a)| a)
}

impl Authentication {
    /// Whether the shopper must go through the issuer's page.
    pub const fn needs_challenge(self) -> bool {
        !matches!(self, Authentication::Frictionless)
    }
}

/// How an authentication ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Authenticated (frictionless or the right password).
    Authenticated,
    /// Not authenticated (wrong password three times, or the failing card).
    Failed,
    /// The shopper pressed Cancel on the issuer's page.
    Cancelled,
}

fn uuid() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill(&mut bytes[..]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or(""),
        hex.get(8..12).unwrap_or(""),
        hex.get(12..16).unwrap_or(""),
        hex.get(16..20).unwrap_or(""),
        hex.get(20..32).unwrap_or("")
    )
}

/// The `three_ds_auth_result` of a finished authentication, with the EMV
/// 3-D Secure names KOMOJU uses on the wire (camelCase). `brand` picks the
/// ECI values (Mastercard's differ from the others').
pub fn auth_result(verdict: Verdict, brand: &str, challenged: bool) -> Value {
    let master = brand == "master";
    let (status, eci) = match verdict {
        Verdict::Authenticated => ("Y", if master { "02" } else { "05" }),
        Verdict::Failed | Verdict::Cancelled => ("N", if master { "00" } else { "07" }),
    };
    let authentication_value = (verdict == Verdict::Authenticated).then(|| {
        let mut cavv = [0u8; 20];
        rand::rng().fill(&mut cavv[..]);
        base64::engine::general_purpose::STANDARD.encode(cavv)
    });
    let mut result = json!({
        "transStatus": status,
        "eci": eci,
        "authenticationValue": authentication_value,
        "dsTransID": uuid(),
        "acsTransID": uuid(),
        "threeDSServerTransID": uuid(),
        "messageVersion": "2.2.0",
        // EMV 3DS: 01 = static (a password), shown only when challenged.
        "authenticationType": if challenged { Value::from("01") } else { Value::Null },
    });
    match verdict {
        // EMV 3DS: 01 = card authentication failed; challengeCancel 01 =
        // the cardholder selected Cancel.
        Verdict::Failed => result["transStatusReason"] = json!("01"),
        Verdict::Cancelled => result["challengeCancel"] = json!("01"),
        Verdict::Authenticated => {}
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera::card::{validate_number, NumberOptions};

    #[test]
    fn the_test_cards() {
        for (number, _) in CARDS {
            assert!(validate_number(number, &NumberOptions::default()).is_valid);
        }
        assert_eq!(
            authentication(b"4100000000005000"),
            Authentication::Challenge
        );
        assert_eq!(
            authentication(b"4100000000500000"),
            Authentication::ChallengeFails
        );
        assert_eq!(
            authentication(b"4111111111111111"),
            Authentication::Frictionless
        );
        assert!(!Authentication::Frictionless.needs_challenge());
    }

    #[test]
    fn results_carry_emv_names() {
        let ok = auth_result(Verdict::Authenticated, "visa", true);
        assert_eq!(
            (ok["transStatus"].as_str(), ok["eci"].as_str()),
            (Some("Y"), Some("05"))
        );
        assert_eq!(ok["authenticationValue"].as_str().map(str::len), Some(28));
        assert_eq!(ok["dsTransID"].as_str().map(str::len), Some(36));
        assert_eq!(ok["authenticationType"], "01");
        let no = auth_result(Verdict::Cancelled, "master", false);
        assert_eq!(
            (no["transStatus"].as_str(), no["eci"].as_str()),
            (Some("N"), Some("00"))
        );
        assert!(no["authenticationValue"].is_null() && no["authenticationType"].is_null());
        assert_eq!(no["challengeCancel"], "01");
        assert_eq!(
            auth_result(Verdict::Failed, "jcb", true)["transStatusReason"],
            "01"
        );
    }
}
