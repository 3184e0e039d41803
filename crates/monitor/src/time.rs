//! 序时进度 at an as-of date: the elapsed share of the year, by month, quarter or day.
//!
//! Months and quarters reuse [`Period::time_progress_pct`] (m/12; 25/50/75/100), the same
//! figures the quarterly and monthly execution rates (Q1–Q4, M01–M12) use. Only periods that
//! have ended count: on 2025-07-31 the month basis gives 7/12, on 2025-07-15 it gives 6/12.

use jixiao_model::monitoring::days_in_year;
use jixiao_model::{Date, Period};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::rules::TimeBasis;

/// 序时进度 at one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeProgress {
    pub as_of: Date,
    pub basis: TimeBasis,
    /// Percent, exact (58.333…).
    #[serde(with = "jixiao_model::number::decimal_text")]
    pub pct: Decimal,
    /// Whole months that have ended at the as-of date (for monthly series and forecasts).
    pub months_elapsed: u8,
    /// How it was counted, in Chinese: "按月：截至 2025-07-31 已过 7 个月，7 ÷ 12".
    pub description: String,
}

/// Whole months ended at `d`: the month of `d` counts only on its last day.
pub fn months_elapsed(d: Date) -> u8 {
    if d.is_month_end() {
        d.month
    } else {
        d.month - 1
    }
}

/// The last day of a reporting period in `year`.
pub fn period_end(period: Period, year: i32) -> Option<Date> {
    Date::month_end(year, period.end_month())
}

/// 序时进度 at `as_of` by `basis`.
pub fn time_progress(as_of: Date, basis: TimeBasis) -> TimeProgress {
    let months = months_elapsed(as_of);
    let (pct, description) = match basis {
        TimeBasis::Month => {
            let pct = if months == 0 {
                Decimal::ZERO
            } else {
                Period::Month(months).time_progress_pct()
            };
            (
                pct,
                format!("按月：截至 {as_of} 已过 {months} 个月，{months} ÷ 12"),
            )
        }
        TimeBasis::Quarter => {
            let q = months / 3;
            let pct = if q == 0 {
                Decimal::ZERO
            } else {
                Period::Quarter(q).time_progress_pct()
            };
            (
                pct,
                format!("按季：截至 {as_of} 已过 {q} 个季度，季末序时进度"),
            )
        }
        TimeBasis::Day => {
            let day = as_of.ordinal();
            let total = days_in_year(as_of.year);
            (
                Decimal::from(day) * Decimal::ONE_HUNDRED / Decimal::from(total),
                format!("按日：截至 {as_of} 为全年第 {day} 天，{day} ÷ {total}"),
            )
        }
    };
    TimeProgress {
        as_of,
        basis,
        pct,
        months_elapsed: months,
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn at(s: &str) -> Date {
        Date::parse(s).expect("valid date")
    }

    #[test]
    fn by_month_quarter_and_day() {
        let t = time_progress(at("2025-07-31"), TimeBasis::Month);
        assert_eq!(t.months_elapsed, 7);
        assert_eq!(crate::round2(t.pct), dec!(58.33));
        assert_eq!(
            time_progress(at("2025-07-30"), TimeBasis::Month).months_elapsed,
            6
        );
        assert_eq!(
            time_progress(at("2021-09-30"), TimeBasis::Quarter).pct,
            dec!(75)
        );
        assert_eq!(
            time_progress(at("2021-08-31"), TimeBasis::Quarter).pct,
            dec!(50)
        );
        assert_eq!(
            time_progress(at("2021-01-15"), TimeBasis::Month).pct,
            dec!(0)
        );
        let d = time_progress(at("2021-09-30"), TimeBasis::Day);
        assert_eq!(crate::round2(d.pct), dec!(74.79));
        assert_eq!(
            time_progress(at("2024-12-31"), TimeBasis::Day).pct,
            dec!(100)
        );
    }
}
