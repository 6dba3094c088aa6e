//! The Luhn (mod 10) check used by card numbers.

/// Whether `digits` (ASCII digits) pass the Luhn check. Empty input does not.
pub fn is_valid(digits: &[u8]) -> bool {
    !digits.is_empty() && sum(digits, false) % 10 == 0
}

/// The check digit that, appended to `payload` (ASCII digits), makes it pass.
pub fn check_digit(payload: &[u8]) -> u8 {
    let s = sum(payload, true);
    ((10 - s % 10) % 10) as u8
}

/// Luhn sum; `double_last` doubles the rightmost digit (as when a check digit
/// will still be appended).
fn sum(digits: &[u8], double_last: bool) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| {
            let d = u32::from(c.wrapping_sub(b'0')) % 10;
            if (i % 2 == 1) != double_last {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_numbers() {
        assert!(is_valid(b"4111111111111111"));
        assert!(is_valid(b"378282246310005"));
        assert!(is_valid(b"30569309025904"));
        assert!(!is_valid(b"4111111111111112"));
        assert!(!is_valid(b"5555555555554446"));
        assert!(is_valid(b"0"));
        assert!(!is_valid(b""));
    }

    #[test]
    fn check_digit_completes_known_numbers() {
        assert_eq!(check_digit(b"411111111111111"), 1);
        assert_eq!(check_digit(b"37828224631000"), 5);
        assert_eq!(check_digit(b"412311111111100"), 0);
    }
}
