//! Exact numbers as people write them: money (金额), percentages (百分比) and their parsing.
//!
//! Every amount is a [`Money`] held in 万元 (ten-thousand yuan), the unit of Chinese budget
//! documents; amounts written in 元 or 亿元 are converted exactly on the way in. Rates are
//! [`Percent`] values (26 means 26%). Nothing here uses binary floating point.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// 四舍五入 to `dp` decimal places: half away from zero.
///
/// `rust_decimal`'s default `round_dp` is banker's rounding (half to even); Chinese
/// financial documents round half away from zero, so every rounding in jixiao goes
/// through this function or [`round2`].
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// 四舍五入 to two decimal places, the precision of every published rate and score.
pub fn round2(value: Decimal) -> Decimal {
    round_half_up(value, 2)
}

/// Whether `written` states `exact` at its own precision: the figure people wrote, with as
/// many decimal places as they wrote, is `exact` 四舍五入 **or** truncated (截尾) to those
/// places. 99.67% and 99.6% both state 99.6677…%; 99.7% does too (rounded), 99.5% does not.
///
/// This is the one rule for "the same figure at its written precision": the indicator
/// trace's comparison with a report's stated rates, input validation and the report checker
/// all use it.
pub fn written_matches(written: Decimal, exact: Decimal) -> bool {
    let places = written.scale();
    round_half_up(exact, places) == written || exact.trunc_with_scale(places) == written
}

/// Two written statements of one figure agree when the more precise one, rounded or
/// truncated to the other's places, gives the other (92.71 and 92.7; 98.25 and 98).
/// Equal values with different scales (99.70 and 99.7) agree too.
pub fn written_agree(a: Decimal, b: Decimal) -> bool {
    if a == b {
        return true;
    }
    let (precise, coarse) = if a.scale() >= b.scale() {
        (a, b)
    } else {
        (b, a)
    };
    written_matches(coarse, precise)
}

/// A money unit as written in a source: 元, 万元 or 亿元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    WanYuan,
    #[serde(rename = "亿元")]
    YiYuan,
}

impl MoneyUnit {
    /// How many 万元 one of this unit is.
    pub fn in_wan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::new(1, 4),
            MoneyUnit::WanYuan => Decimal::ONE,
            MoneyUnit::YiYuan => Decimal::from(10_000),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }
}

/// An amount of money in 万元, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount already in 万元.
    pub fn wan(amount: Decimal) -> Money {
        Money(amount)
    }

    /// An amount in the given unit, converted exactly to 万元.
    pub fn new(amount: Decimal, unit: MoneyUnit) -> Money {
        Money((amount * unit.in_wan()).normalize_scale_min(amount.scale()))
    }

    /// Sum, or `None` when it exceeds what a decimal can hold.
    pub fn checked_add(self, rhs: Money) -> Option<Money> {
        self.0.checked_add(rhs.0).map(Money)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, rhs: Money) -> Option<Money> {
        self.0.checked_sub(rhs.0).map(Money)
    }

    /// The amount in 万元.
    pub fn as_wan(self) -> Decimal {
        self.0
    }

    /// The amount in `unit`, exact.
    pub fn in_unit(self, unit: MoneyUnit) -> Decimal {
        (self.0 / unit.in_wan()).normalize()
    }
}

/// Keep at least `min` places so that "1,752.00" stays as written but 元 → 万元 loses no
/// trailing zeros that were never written.
trait NormalizeScale {
    fn normalize_scale_min(self, min: u32) -> Self;
}

impl NormalizeScale for Decimal {
    fn normalize_scale_min(self, min: u32) -> Self {
        let n = self.normalize();
        if n.scale() < min {
            let mut v = n;
            v.rescale(min);
            v
        } else {
            n
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// A percentage: `Percent(26)` is 26%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Percent(pub Decimal);

impl Percent {
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// Why a written number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("不是数字：「{0}」")]
    NotANumber(String),
    #[error("数值超出范围：「{0}」")]
    OutOfRange(String),
    #[error("单位「{unit}」不适用于{expected}：「{text}」")]
    WrongUnit {
        text: String,
        unit: String,
        expected: &'static str,
    },
}

/// A number as written by a person, with the unit it carried, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenNumber {
    pub value: Decimal,
    pub unit: Option<WrittenUnit>,
}

/// The unit a written number carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenUnit {
    Money(MoneyUnit),
    Percent,
}

/// Read a number the way finance officers write it: full-width digits (１２３), thousands
/// separators (`,` `，` and spaces, "51，019.77"), a sign, and an optional unit suffix
/// (元, 万元, 万, 亿元, 亿, %, ％).
///
/// ```
/// use jixiao_model::number::{parse_written_number, WrittenUnit, MoneyUnit};
/// let n = parse_written_number("51，019.77 万元").unwrap();
/// assert_eq!(n.value.to_string(), "51019.77");
/// assert_eq!(n.unit, Some(WrittenUnit::Money(MoneyUnit::WanYuan)));
/// ```
pub fn parse_written_number(text: &str) -> Result<WrittenNumber, NumberError> {
    let mut digits = String::with_capacity(text.len());
    let mut rest = String::new();
    let mut in_suffix = false;
    for ch in text.trim().chars() {
        let c = fold_width(ch);
        if !in_suffix {
            match c {
                '0'..='9' | '.' | '-' | '+' => {
                    digits.push(c);
                    continue;
                }
                ',' | ' ' | '\u{a0}' | '\u{3000}' | '_' if !digits.is_empty() => continue,
                _ => in_suffix = true,
            }
        }
        if !c.is_whitespace() {
            rest.push(c);
        }
    }
    let unit = match rest.as_str() {
        "" => None,
        "元" => Some(WrittenUnit::Money(MoneyUnit::Yuan)),
        "万元" | "万" => Some(WrittenUnit::Money(MoneyUnit::WanYuan)),
        "亿元" | "亿" => Some(WrittenUnit::Money(MoneyUnit::YiYuan)),
        "%" => Some(WrittenUnit::Percent),
        _ => return Err(NumberError::NotANumber(text.to_string())),
    };
    if digits.is_empty() || digits == "-" || digits == "+" {
        return Err(NumberError::NotANumber(text.to_string()));
    }
    let value = Decimal::from_str(&digits).map_err(|e| match e {
        rust_decimal::Error::ExceedsMaximumPossibleValue
        | rust_decimal::Error::LessThanMinimumPossibleValue
        | rust_decimal::Error::Underflow => NumberError::OutOfRange(text.to_string()),
        _ => NumberError::NotANumber(text.to_string()),
    })?;
    Ok(WrittenNumber { value, unit })
}

/// Fold full-width ASCII variants (０-９, ．, ，, ％, －, ＋) to their ASCII forms.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{ff10}'..='\u{ff19}' => {
            char::from_u32(c as u32 - 0xff10 + '0' as u32).expect("full-width digit maps to ASCII")
        }
        '．' | '。' => '.',
        '，' => ',',
        '％' => '%',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// Read money: a bare number is 万元; a unit suffix converts exactly.
pub fn parse_money(text: &str) -> Result<Money, NumberError> {
    let n = parse_written_number(text)?;
    match n.unit {
        None => Ok(Money::wan(n.value)),
        Some(WrittenUnit::Money(u)) => Ok(Money::new(n.value, u)),
        Some(WrittenUnit::Percent) => Err(NumberError::WrongUnit {
            text: text.to_string(),
            unit: "%".into(),
            expected: "金额",
        }),
    }
}

/// Read a percentage: "26", "26%" and "２６％" are all 26%.
pub fn parse_percent(text: &str) -> Result<Percent, NumberError> {
    let n = parse_written_number(text)?;
    match n.unit {
        None | Some(WrittenUnit::Percent) => Ok(Percent(n.value)),
        Some(WrittenUnit::Money(u)) => Err(NumberError::WrongUnit {
            text: text.to_string(),
            unit: u.label().into(),
            expected: "百分比",
        }),
    }
}

impl FromStr for Money {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_money(s)
    }
}

impl FromStr for Percent {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_percent(s)
    }
}

// Serde: decimals travel as strings ("40161.25"); integers are accepted as numbers.
// Binary floats are refused on purpose: `jixiao-io` turns TOML floats into strings using
// the exact text the user wrote before they reach these impls.

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

struct DecimalTextVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, NumberError>,
}

impl<T> de::Visitor<'_> for DecimalTextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        (self.parse)(&v.to_string()).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        (self.parse)(&v.to_string()).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalTextVisitor {
            expecting: "金额（万元），如 1752 或 \"1,752.00\" 或 \"3500 元\"",
            parse: parse_money,
        })
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalTextVisitor {
            expecting: "百分比，如 26 或 \"99.73%\"",
            parse: parse_percent,
        })
    }
}

/// `#[serde(serialize_with)]` helpers: a bare `Decimal` as a JSON string ("92.71"), the
/// output convention of every jixiao JSON document. Use as `#[serde(with = "decimal_text")]`.
pub mod decimal_text {
    use rust_decimal::Decimal;
    use serde::Serializer;
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }
}

/// [`decimal_text`] for `Option<Decimal>` (`None` is `null`).
pub mod opt_decimal_text {
    use rust_decimal::Decimal;
    use serde::Serializer;
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }
}

/// A plain exact decimal (target values, weights, counts with fractions) that accepts the
/// same written forms as money but no unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Num(pub Decimal);

fn parse_num(text: &str) -> Result<Num, NumberError> {
    let n = parse_written_number(text)?;
    match n.unit {
        None | Some(WrittenUnit::Percent) => Ok(Num(n.value)),
        Some(WrittenUnit::Money(u)) => Ok(Num(n.value * u.in_wan())),
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalTextVisitor {
            expecting: "数值，如 30 或 \"1.5\"",
            parse: parse_num,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounding_is_half_away_from_zero_not_bankers() {
        assert_eq!(round2(dec!(0.125)), dec!(0.13));
        assert_eq!(round2(dec!(0.135)), dec!(0.14));
        assert_eq!(round2(dec!(-0.125)), dec!(-0.13));
        assert_eq!(round2(dec!(105.0666)), dec!(105.07));
        // banker's would give 0.12 for the first case
        assert_eq!(dec!(0.125).round_dp(2), dec!(0.12));
    }

    #[test]
    fn written_precision_accepts_rounding_and_truncation() {
        let exact = dec!(40161.25) * dec!(100) / dec!(40295.14); // 99.6677…
        assert!(written_matches(dec!(99.67), exact));
        assert!(written_matches(dec!(99.7), exact));
        assert!(written_matches(dec!(99.6), exact), "truncation");
        assert!(written_matches(dec!(100), exact), "rounded to an integer");
        assert!(written_matches(dec!(99), exact), "truncated to an integer");
        assert!(!written_matches(dec!(99.73), exact));
        assert!(!written_matches(dec!(99.5), exact));
        assert!(
            written_matches(dec!(99.66), exact),
            "truncated to two places"
        );
        assert!(!written_matches(dec!(99.65), exact));
        assert!(written_agree(dec!(92.71), dec!(92.7)));
        assert!(written_agree(dec!(98), dec!(98.25)));
        assert!(written_agree(dec!(99.70), dec!(99.7)));
        assert!(!written_agree(dec!(92.71), dec!(92.8)));
        assert!(!written_agree(dec!(92.71), dec!(92.72)));
    }

    #[test]
    fn written_numbers() {
        let cases = [
            ("23,260", "23260", None),
            (
                "51，019.77万元",
                "51019.77",
                Some(WrittenUnit::Money(MoneyUnit::WanYuan)),
            ),
            ("１，７５２", "1752", None),
            ("99.73%", "99.73", Some(WrittenUnit::Percent)),
            ("９９．８７％", "99.87", Some(WrittenUnit::Percent)),
            (
                "-0.21 万元",
                "-0.21",
                Some(WrittenUnit::Money(MoneyUnit::WanYuan)),
            ),
            ("3500 元", "3500", Some(WrittenUnit::Money(MoneyUnit::Yuan))),
            (
                "4.98亿元",
                "4.98",
                Some(WrittenUnit::Money(MoneyUnit::YiYuan)),
            ),
        ];
        for (text, value, unit) in cases {
            let n = parse_written_number(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(n.value.to_string(), value, "{text}");
            assert_eq!(n.unit, unit, "{text}");
        }
        for bad in [
            "",
            "约3万",
            "abc",
            "-",
            "1.2.3",
            "12 公里",
            "99999999999999999999999999999999",
        ] {
            assert!(parse_written_number(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn money_units_convert_exactly() {
        assert_eq!(parse_money("3500 元").unwrap().as_wan(), dec!(0.35));
        assert_eq!(parse_money("4.98亿元").unwrap().as_wan(), dec!(49800));
        assert_eq!(parse_money("1752").unwrap().as_wan(), dec!(1752));
        assert_eq!(parse_money("0.01 元").unwrap().as_wan(), dec!(0.000001));
        assert_eq!(
            parse_money("850 元").unwrap().in_unit(MoneyUnit::Yuan),
            dec!(850)
        );
        assert!(parse_money("26%").is_err());
        assert!(parse_percent("26 万元").is_err());
    }

    #[test]
    fn serde_round_trip_keeps_written_scale() {
        let m: Money = serde_json::from_str("\"1,752.00\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1752.00\"");
        let m: Money = serde_json::from_str("23260").unwrap();
        assert_eq!(m.as_wan(), dec!(23260));
        assert!(
            serde_json::from_str::<Money>("1.5").is_err(),
            "binary floats are refused"
        );
    }
}
