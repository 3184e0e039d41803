//! Reporting periods for spending progress: quarters (Q1–Q4) and months (M01–M12).

use std::fmt;

use rust_decimal::Decimal;

/// A period label that is not Q1–Q4, M01–M12 or 第一季度…第四季度.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别的期间「{0}」：应为 Q1–Q4 或 M01–M12")]
pub struct PeriodError(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// 第 n 季度 (1–4)
    Quarter(u8),
    /// n 月 (1–12)
    Month(u8),
}

impl Period {
    /// Parse "Q1"…"Q4", "M1"/"M01"…"M12" (case-insensitive), or 第一季度…第四季度.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let t = text.trim();
        let zh = ["第一季度", "第二季度", "第三季度", "第四季度"];
        if let Some(i) = zh.iter().position(|z| *z == t) {
            return Ok(Period::Quarter(i as u8 + 1));
        }
        let upper = t.to_ascii_uppercase();
        let (kind, num) = upper.split_at(
            upper
                .char_indices()
                .nth(1)
                .map(|(i, _)| i)
                .unwrap_or(upper.len()),
        );
        let bad = || PeriodError(text.to_string());
        let n: u8 = num.parse().map_err(|_| bad())?;
        match kind {
            "Q" if (1..=4).contains(&n) => Ok(Period::Quarter(n)),
            "M" if (1..=12).contains(&n) => Ok(Period::Month(n)),
            _ => Err(bad()),
        }
    }

    /// The last month of the period (for ordering).
    pub fn end_month(self) -> u8 {
        match self {
            Period::Quarter(q) => q * 3,
            Period::Month(m) => m,
        }
    }

    /// 序时进度 at the end of the period, in percent: the elapsed share of the year
    /// (quarters 25/50/75/100; months m/12, exact).
    pub fn time_progress_pct(self) -> Decimal {
        Decimal::from(self.end_month()) * Decimal::from(100) / Decimal::from(12)
    }

    pub fn label_zh(self) -> String {
        match self {
            Period::Quarter(q) => format!("第{}季度", ["一", "二", "三", "四"][q as usize - 1]),
            Period::Month(m) => format!("{m}月"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Quarter(q) => write!(f, "Q{q}"),
            Period::Month(m) => write!(f, "M{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parse_and_time_progress() {
        assert_eq!(Period::parse("Q3"), Ok(Period::Quarter(3)));
        assert_eq!(Period::parse("m06"), Ok(Period::Month(6)));
        assert_eq!(Period::parse("第二季度"), Ok(Period::Quarter(2)));
        assert!(Period::parse("Q5").is_err());
        assert!(Period::parse("").is_err());
        assert!(Period::parse("季").is_err());
        assert_eq!(Period::Quarter(1).time_progress_pct(), dec!(25));
        assert_eq!(Period::Month(6).time_progress_pct(), dec!(50));
    }
}
