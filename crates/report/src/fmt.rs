//! How figures are written in the report: money with thousands separators exactly as stored,
//! rates rounded 四舍五入 to two places, and "未提供" for anything missing.

use jixiao_model::{round2, Money, Percent};
use rust_decimal::Decimal;

/// What the report writes for a figure the input does not have.
pub const MISSING: &str = "未提供";

/// Insert thousands separators into a decimal written exactly as stored:
/// `23260` → `23,260`, `1752.00` → `1,752.00`, `-0.21` → `-0.21`.
pub fn thousands(value: Decimal) -> String {
    let text = value.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    let len = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Money in 万元 with separators, without the unit.
pub fn money(m: Money) -> String {
    thousands(m.as_wan())
}

/// Optional money: the figure, or "未提供".
pub fn money_opt(m: Option<Money>) -> String {
    m.map(money).unwrap_or_else(|| MISSING.to_string())
}

/// A computed rate in percent: 四舍五入 to two places, trailing zeros dropped
/// (`104.00` → `104`, `102.80` → `102.8`).
pub fn rate(value: Decimal) -> String {
    round2(value).normalize().to_string()
}

/// A percentage as the input states it (`26`, `51.4`, `99.73`).
pub fn percent(p: Percent) -> String {
    p.value().normalize().to_string()
}

/// A score or weight: 四舍五入 to two places, trailing zeros dropped.
pub fn score(value: Decimal) -> String {
    round2(value).normalize().to_string()
}

/// `num ÷ den × 100`, if the denominator is not zero. Exact (no rounding).
pub fn ratio_pct(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn thousands_keeps_the_stored_scale() {
        assert_eq!(thousands(dec!(23260)), "23,260");
        assert_eq!(thousands(dec!(1752.00)), "1,752.00");
        assert_eq!(thousands(dec!(40161.25)), "40,161.25");
        assert_eq!(thousands(dec!(0.085)), "0.085");
        assert_eq!(thousands(dec!(-1234567.5)), "-1,234,567.5");
        assert_eq!(thousands(dec!(100)), "100");
        assert_eq!(thousands(dec!(999)), "999");
        assert_eq!(thousands(dec!(1000)), "1,000");
    }

    #[test]
    fn rates_round_half_up() {
        assert_eq!(rate(dec!(104.00)), "104");
        assert_eq!(rate(dec!(102.8)), "102.8");
        assert_eq!(rate(dec!(105.066666)), "105.07");
        assert_eq!(rate(dec!(0.125)), "0.13");
        assert_eq!(ratio_pct(dec!(1), dec!(0)), None);
    }
}
