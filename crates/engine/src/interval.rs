//! Intervals with explicit edge inclusivity, written the mathematical way: `"[90, 100]"`,
//! `"[80, 90)"`, `"(10, 20]"`, `"(30, )"` (unbounded above), `"(, 0]"` or `"(-inf, 0]"`.
//!
//! Used by grade bands (等级) and by the `bands` scoring rule.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

/// An interval of decimals; `None` bounds are infinite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Interval {
    #[serde(with = "crate::evaluation::opt_dec")]
    pub lower: Option<Decimal>,
    pub lower_inclusive: bool,
    #[serde(with = "crate::evaluation::opt_dec")]
    pub upper: Option<Decimal>,
    pub upper_inclusive: bool,
}

impl Interval {
    /// Parse `"[a, b)"` and friends. Blank, `-inf`, `+inf`, `inf`, `∞` mean unbounded (the
    /// edge must then be open, `(` or `)`).
    pub fn parse(text: &str) -> Result<Interval, String> {
        let t = text.trim();
        let mut chars = t.chars();
        let open = chars.next();
        let close = chars.next_back();
        let lower_inclusive = match open {
            Some('[') => true,
            Some('(') => false,
            _ => return Err(format!("区间「{t}」应以 [ 或 ( 开头")),
        };
        let upper_inclusive = match close {
            Some(']') => true,
            Some(')') => false,
            _ => return Err(format!("区间「{t}」应以 ] 或 ) 结尾")),
        };
        let inner: &str = chars.as_str();
        let parts: Vec<&str> = inner.split([',', '，']).collect();
        if parts.len() != 2 {
            return Err(format!("区间「{t}」应写成 [下限, 上限] 的形式"));
        }
        let bound = |s: &str| -> Result<Option<Decimal>, String> {
            let s = s.trim();
            match s {
                "" | "-inf" | "+inf" | "inf" | "∞" | "-∞" | "+∞" => Ok(None),
                _ => Decimal::from_str(s)
                    .map(Some)
                    .map_err(|_| format!("区间「{t}」中的「{s}」不是数字")),
            }
        };
        let lower = bound(parts[0])?;
        let upper = bound(parts[1])?;
        if lower.is_none() && lower_inclusive {
            return Err(format!("区间「{t}」的无穷下限应使用 ("));
        }
        if upper.is_none() && upper_inclusive {
            return Err(format!("区间「{t}」的无穷上限应使用 )"));
        }
        let iv = Interval {
            lower,
            lower_inclusive,
            upper,
            upper_inclusive,
        };
        if iv.is_empty() {
            return Err(format!("区间「{t}」为空"));
        }
        Ok(iv)
    }

    /// Whether no number lies in the interval.
    pub fn is_empty(&self) -> bool {
        match (self.lower, self.upper) {
            (Some(l), Some(u)) => {
                l > u || (l == u && !(self.lower_inclusive && self.upper_inclusive))
            }
            _ => false,
        }
    }

    pub fn contains(&self, v: Decimal) -> bool {
        let above_lower = match self.lower {
            None => true,
            Some(l) => v > l || (self.lower_inclusive && v == l),
        };
        let below_upper = match self.upper {
            None => true,
            Some(u) => v < u || (self.upper_inclusive && v == u),
        };
        above_lower && below_upper
    }

    /// How two intervals, sorted by lower bound (`self` first), meet.
    pub fn join(&self, next: &Interval) -> Join {
        match (self.upper, next.lower) {
            (None, _) | (_, None) => Join::Overlap,
            (Some(u), Some(l)) => {
                if u < l {
                    Join::Gap
                } else if u > l {
                    Join::Overlap
                } else {
                    match (self.upper_inclusive, next.lower_inclusive) {
                        (true, true) => Join::Overlap,
                        (false, false) => Join::Gap,
                        _ => Join::Adjacent,
                    }
                }
            }
        }
    }

    /// Sort key: lower bound, unbounded first; an inclusive edge before an exclusive one.
    pub fn sort_key(&self) -> (bool, Decimal, bool) {
        (
            self.lower.is_some(),
            self.lower.unwrap_or(Decimal::ZERO),
            !self.lower_inclusive,
        )
    }

    /// Scale both bounds (for tiers given in percent of the weight).
    pub fn scaled(&self, factor: Decimal) -> Interval {
        Interval {
            lower: self.lower.map(|l| crate::rules::smul(l, factor)),
            upper: self.upper.map(|u| crate::rules::smul(u, factor)),
            ..*self
        }
    }

    /// Chinese description: "≥80 且 <90", "≤0", ">30".
    pub fn describe(&self) -> String {
        let lo = self.lower.map(|l| {
            format!(
                "{}{}",
                if self.lower_inclusive { "≥" } else { ">" },
                l.normalize()
            )
        });
        let hi = self.upper.map(|u| {
            format!(
                "{}{}",
                if self.upper_inclusive { "≤" } else { "<" },
                u.normalize()
            )
        });
        match (lo, hi) {
            (Some(l), Some(h)) => {
                if self.lower == self.upper {
                    format!("={}", self.lower.unwrap_or_default().normalize())
                } else {
                    format!("{l} 且 {h}")
                }
            }
            (Some(l), None) => l,
            (None, Some(h)) => h,
            (None, None) => "任意值".to_string(),
        }
    }
}

/// How two neighbouring intervals meet (see [`Interval::join`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Adjacent,
    Gap,
    Overlap,
}

impl Interval {
    /// The interval written as a target value on a score sheet: "≥90%", "≤100%", "0%",
    /// "80–90%"; `unit` is appended to the numbers.
    pub fn as_target(&self, unit: &str) -> String {
        let n = |d: Decimal| d.normalize().to_string();
        match (self.lower, self.upper) {
            (Some(a), Some(b)) if a == b => format!("{}{unit}", n(a)),
            (Some(a), None) => format!(
                "{}{}{unit}",
                if self.lower_inclusive { "≥" } else { ">" },
                n(a)
            ),
            (None, Some(b)) => format!(
                "{}{}{unit}",
                if self.upper_inclusive { "≤" } else { "<" },
                n(b)
            ),
            (Some(a), Some(b)) => format!("{}–{}{unit}", n(a), n(b)),
            (None, None) => String::new(),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lo = self
            .lower
            .map(|l| l.normalize().to_string())
            .unwrap_or_else(|| "-∞".into());
        let hi = self
            .upper
            .map(|u| u.normalize().to_string())
            .unwrap_or_else(|| "+∞".into());
        write!(
            f,
            "{}{lo}, {hi}{}",
            if self.lower_inclusive { '[' } else { '(' },
            if self.upper_inclusive { ']' } else { ')' }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parse_and_contains_respect_inclusivity() {
        let iv = Interval::parse("[80, 90)").unwrap();
        assert!(iv.contains(dec!(80)));
        assert!(!iv.contains(dec!(90)));
        assert!(iv.contains(dec!(89.99)));
        let iv = Interval::parse("(10，20]").unwrap();
        assert!(!iv.contains(dec!(10)));
        assert!(iv.contains(dec!(20)));
        let iv = Interval::parse("(30, )").unwrap();
        assert!(iv.contains(dec!(1000000)));
        assert!(!iv.contains(dec!(30)));
        let iv = Interval::parse("(-inf, 0]").unwrap();
        assert!(iv.contains(dec!(-5)));
        assert_eq!(iv.to_string(), "(-∞, 0]");
        assert_eq!(Interval::parse("[0,0]").unwrap().describe(), "=0");
    }

    #[test]
    fn parse_errors() {
        for bad in [
            "80, 90", "[80 90]", "[a, 9]", "[, 9]", "[9, 8]", "(5, 5]", "[1, inf]",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn joins() {
        let a = Interval::parse("[80, 90)").unwrap();
        let b = Interval::parse("[90, 100]").unwrap();
        let c = Interval::parse("(90, 100]").unwrap();
        let d = Interval::parse("[85, 100]").unwrap();
        assert_eq!(a.join(&b), Join::Adjacent);
        assert_eq!(a.join(&c), Join::Gap);
        assert_eq!(a.join(&d), Join::Overlap);
        let e = Interval::parse("[80, 90]").unwrap();
        assert_eq!(e.join(&b), Join::Overlap);
    }
}
