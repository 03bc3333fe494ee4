//! Amounts, durations and decimal quantities written in a topology, parsed with exact integer arithmetic.
//!
//! This module owns the textual units of the format; it does not know where a value appears (the decoder
//! adds the path and line).
//!
//! Amounts always carry a unit: `"1.5 TAO"` (up to 9 decimals) or `"1500000000 rao"` (whole numbers only);
//! the unit is case-insensitive, the space before it optional and `_` may separate digits. A bare number
//! such as `20000` is rejected rather than guessed: 20000 rao and 20000 TAO differ by a factor of 1e9.

/// Decimal places of TAO (1 TAO = 1e9 rao).
const TAO_DECIMALS: u32 = 9;

/// Parses an amount (`"1.5 TAO"`, `"1500000000 rao"`) into rao; the error is a message for the user.
pub fn parse_amount(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!(
            "`{trimmed}` is negative; amounts cannot be negative"
        ));
    }
    let lower = trimmed.to_ascii_lowercase();
    let (number, unit) = if let Some(n) = lower.strip_suffix("tao") {
        (n.trim_end(), Unit::Tao)
    } else if let Some(n) = lower.strip_suffix("rao") {
        (n.trim_end(), Unit::Rao)
    } else if parse_decimal(&lower, 0).is_ok() || parse_decimal(&lower, TAO_DECIMALS).is_ok() {
        return Err(format!(
            "`{trimmed}` has no unit; write `{trimmed} TAO` or `{trimmed} rao`"
        ));
    } else {
        return Err(format!(
            "`{trimmed}` is not an amount; write e.g. `1.5 TAO` or `1500000000 rao`"
        ));
    };
    match unit {
        Unit::Tao => parse_decimal(number, TAO_DECIMALS).map_err(|e| match e {
            DecimalError::TooManyDecimals => {
                format!("`{trimmed}` has more than 9 decimals (1 rao = 0.000000001 TAO)")
            }
            DecimalError::TooLarge => format!("`{trimmed}` is too large"),
            DecimalError::Invalid => format!("`{trimmed}` is not an amount; write e.g. `1.5 TAO`"),
        }),
        Unit::Rao => parse_decimal(number, 0).map_err(|e| match e {
            DecimalError::TooManyDecimals => {
                format!("`{trimmed}`: rao is the smallest unit and has no fractions")
            }
            DecimalError::TooLarge => format!("`{trimmed}` is too large"),
            DecimalError::Invalid => {
                format!("`{trimmed}` is not an amount; write e.g. `1500000000 rao`")
            }
        }),
    }
}

enum Unit {
    Tao,
    Rao,
}

/// Why a decimal number could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalError {
    /// Not digits with at most one `.`.
    Invalid,
    /// More fractional digits than the target scale holds.
    TooManyDecimals,
    /// The scaled value does not fit in a u64.
    TooLarge,
}

/// Parses a non-negative decimal (`"2.5"`, `"20_000"`) scaled by `10^decimals`, exactly: `("2.5", 3)` is
/// 2500. Trailing zeros beyond the scale are accepted (`"1.50"` at scale 1 is 15).
pub fn parse_decimal(text: &str, decimals: u32) -> Result<u64, DecimalError> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !digits(whole) || !digits(frac) || (whole.is_empty() && frac.is_empty()) {
        return Err(DecimalError::Invalid);
    }
    if whole.starts_with('_') || frac.starts_with('_') {
        return Err(DecimalError::Invalid);
    }
    let frac: String = frac.chars().filter(|c| *c != '_').collect();
    let frac = frac.trim_end_matches('0');
    if frac.len() > decimals as usize {
        return Err(DecimalError::TooManyDecimals);
    }
    let scale = 10u64.checked_pow(decimals).ok_or(DecimalError::TooLarge)?;
    let mut value: u64 = 0;
    for c in whole.chars().filter(|c| *c != '_') {
        let d = u64::from(c as u8 - b'0');
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(d))
            .ok_or(DecimalError::TooLarge)?;
    }
    value = value.checked_mul(scale).ok_or(DecimalError::TooLarge)?;
    let mut frac_value: u64 = 0;
    for c in frac.chars() {
        frac_value = frac_value * 10 + u64::from(c as u8 - b'0');
    }
    let pad = 10u64.pow(decimals - frac.len() as u32);
    value
        .checked_add(frac_value * pad)
        .ok_or(DecimalError::TooLarge)
}

/// Parses a duration (`"250ms"`, `"1s"`, `"2.5s"`, `"1m"`) into whole milliseconds.
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!(
            "`{trimmed}` is negative; durations cannot be negative"
        ));
    }
    let lower = trimmed.to_ascii_lowercase();
    let (number, decimals, factor) = if let Some(n) = lower.strip_suffix("ms") {
        (n, 0, 1)
    } else if let Some(n) = lower.strip_suffix('s') {
        (n, 3, 1)
    } else if let Some(n) = lower.strip_suffix('m') {
        (n, 3, 60)
    } else if parse_decimal(&lower, 3).is_ok() {
        return Err(format!(
            "`{trimmed}` has no unit; write e.g. `{trimmed}ms` or `{trimmed}s`"
        ));
    } else {
        return Err(format!(
            "`{trimmed}` is not a duration; write e.g. `250ms`, `1s` or `2.5s`"
        ));
    };
    match parse_decimal(number.trim_end(), decimals) {
        Ok(v) => v
            .checked_mul(factor)
            .ok_or_else(|| format!("`{trimmed}` is too long")),
        Err(DecimalError::TooManyDecimals) => Err(format!(
            "`{trimmed}` is finer than a millisecond, the smallest step"
        )),
        Err(DecimalError::TooLarge) => Err(format!("`{trimmed}` is too long")),
        Err(DecimalError::Invalid) => Err(format!(
            "`{trimmed}` is not a duration; write e.g. `250ms`, `1s` or `2.5s`"
        )),
    }
}

/// Parses a fraction (`"0.05"` or `"5%"`) into parts per million (at most 6 decimals of the fraction).
pub fn parse_ppm(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!("`{trimmed}` is negative"));
    }
    let (number, decimals) = match trimmed.strip_suffix('%') {
        Some(n) => (n.trim_end(), 4),
        None => (trimmed, 6),
    };
    parse_decimal(number, decimals).map_err(|e| match e {
        DecimalError::TooManyDecimals => format!("`{trimmed}` is finer than one part per million"),
        DecimalError::TooLarge => format!("`{trimmed}` is too large"),
        DecimalError::Invalid => {
            format!("`{trimmed}` is not a fraction; write e.g. `0.05` or `5%`")
        }
    })
}

/// Parses a price in TAO per alpha (`"0.01"`, `"0.01 TAO"`) into rao per alpha.
pub fn parse_price_rao(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!(
            "`{trimmed}` is negative; prices cannot be negative"
        ));
    }
    let lower = trimmed.to_ascii_lowercase();
    let number = lower.strip_suffix("tao").unwrap_or(&lower).trim_end();
    parse_decimal(number, TAO_DECIMALS).map_err(|e| match e {
        DecimalError::TooManyDecimals => format!("`{trimmed}` has more than 9 decimals"),
        DecimalError::TooLarge => format!("`{trimmed}` is too large"),
        DecimalError::Invalid => {
            format!("`{trimmed}` is not a price; write TAO per alpha, e.g. `0.01`")
        }
    })
}

/// Formats rao as TAO for messages, exactly (`1500000000` → `1.5 TAO`): the chain's formatter.
pub use taonet_chain::format_tao;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tao_amounts_are_exact() {
        assert_eq!(parse_amount("1.5 TAO"), Ok(1_500_000_000));
        assert_eq!(parse_amount("20000 TAO"), Ok(20_000_000_000_000));
        assert_eq!(parse_amount("0.000000001 TAO"), Ok(1));
        assert_eq!(parse_amount("1TAO"), Ok(1_000_000_000));
        assert_eq!(parse_amount("2 tao"), Ok(2_000_000_000));
        assert_eq!(parse_amount("20_000 TAO"), Ok(20_000_000_000_000));
        assert_eq!(parse_amount("0.1 TAO"), Ok(100_000_000));
        assert_eq!(parse_amount(".5 TAO"), Ok(500_000_000));
        assert_eq!(parse_amount("1.250000000000 TAO"), Ok(1_250_000_000));
    }

    #[test]
    fn rao_amounts_are_whole() {
        assert_eq!(parse_amount("1500000000 rao"), Ok(1_500_000_000));
        assert_eq!(parse_amount("0 rao"), Ok(0));
        assert_eq!(parse_amount("7 RAO"), Ok(7));
        let err = parse_amount("1.5 rao").unwrap_err();
        assert!(err.contains("smallest unit"), "{err}");
    }

    #[test]
    fn bad_amounts_say_why() {
        assert!(parse_amount("-5 TAO").unwrap_err().contains("negative"));
        assert!(parse_amount("20000").unwrap_err().contains("has no unit"));
        assert!(parse_amount("1.5").unwrap_err().contains("has no unit"));
        assert!(parse_amount("lots TAO")
            .unwrap_err()
            .contains("not an amount"));
        assert!(parse_amount("5 ETH").unwrap_err().contains("not an amount"));
        assert!(parse_amount("").unwrap_err().contains("not an amount"));
        assert!(parse_amount("1.0000000001 TAO")
            .unwrap_err()
            .contains("more than 9"));
        // u64::MAX rao is about 18.4e9 TAO.
        assert!(parse_amount("20000000000 TAO")
            .unwrap_err()
            .contains("too large"));
        assert_eq!(parse_amount("18446744073709551615 rao"), Ok(u64::MAX));
        assert!(parse_amount("18446744073709551616 rao")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_amount("1..5 TAO").is_err());
        assert!(parse_amount("1.5.1 TAO").is_err());
        assert!(parse_amount(". TAO").is_err());
    }

    #[test]
    fn decimals_scale_exactly() {
        assert_eq!(parse_decimal("2.5", 3), Ok(2500));
        assert_eq!(parse_decimal("1.50", 1), Ok(15));
        assert_eq!(
            parse_decimal("0.125", 2),
            Err(DecimalError::TooManyDecimals)
        );
        assert_eq!(parse_decimal("abc", 2), Err(DecimalError::Invalid));
        assert_eq!(parse_decimal("_1", 0), Err(DecimalError::Invalid));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("250ms"), Ok(250));
        assert_eq!(parse_duration_ms("1s"), Ok(1000));
        assert_eq!(parse_duration_ms("2.5s"), Ok(2500));
        assert_eq!(parse_duration_ms("1m"), Ok(60_000));
        assert_eq!(parse_duration_ms("12 s"), Ok(12_000));
        assert!(parse_duration_ms("250").unwrap_err().contains("no unit"));
        assert!(parse_duration_ms("0.5ms")
            .unwrap_err()
            .contains("millisecond"));
        assert!(parse_duration_ms("-1s").unwrap_err().contains("negative"));
        assert!(parse_duration_ms("soon")
            .unwrap_err()
            .contains("not a duration"));
    }

    #[test]
    fn fractions_and_prices() {
        assert_eq!(parse_ppm("0.05"), Ok(50_000));
        assert_eq!(parse_ppm("5%"), Ok(50_000));
        assert_eq!(parse_ppm("1"), Ok(1_000_000));
        assert_eq!(parse_price_rao("0.01"), Ok(10_000_000));
        assert_eq!(parse_price_rao("0.01 TAO"), Ok(10_000_000));
        assert!(parse_price_rao("-1").is_err());
    }

    #[test]
    fn formats_tao() {
        assert_eq!(format_tao(1_500_000_000), "1.5 TAO");
        assert_eq!(format_tao(3_000_000_000_000), "3000 TAO");
        assert_eq!(format_tao(1), "0.000000001 TAO");
    }
}
