//! 支出进度 (spending progress): the quarterly and monthly execution rates Q1–Q4 and
//! M01–M12 (季度/月度执行率), and D08 支付进度率 at an as-of period.
//!
//! 执行率 = 累计支出进度 ÷ 序时进度 × 100%, where
//! - 累计支出进度 is `progress[i].spent_pct`; when absent it is derived as
//!   `progress[i].spent ÷ budget.adjusted.total × 100%` (noted);
//! - 序时进度 is `progress[i].time_pct`; when absent it is the elapsed share of the year at
//!   the end of the period (quarters 25/50/75/100%, months m/12, exact; noted).
//!
//! The Longhua report: Q1 26 ÷ 25 = 104%, Q2 51.4 ÷ 50 = 102.8%, Q3 78.8 ÷ 75 = 105.07%,
//! Q4 99.73 ÷ 100 = 99.73%.

use std::borrow::Cow;

use jixiao_model::{round_half_up, DepartmentYear, Period, ProgressPoint};
use rust_decimal::Decimal;

use super::{parse_period, ratio, Calc, Outcome};
use crate::catalogue::IndicatorDef;
use crate::params::Params;
use crate::value::IndicatorValue;

const FORMULA: &str = "累计支出进度 ÷ 序时进度 × 100%";

macro_rules! indexed {
    ($field:literal) => {
        indexed!($field; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
    };
    ($field:literal; $($i:literal)*) => {
        [$(concat!("progress[", $i, "].", $field)),*]
    };
}

/// `progress[i].<field>` paths for the first 16 points, so that the common cases (four
/// quarters, twelve months) allocate no path text.
static SPENT_PCT: [&str; 16] = indexed!("spent_pct");
static SPENT: [&str; 16] = indexed!("spent");
static TIME_PCT: [&str; 16] = indexed!("time_pct");

fn path(table: &'static [&'static str; 16], field: &str, i: usize) -> Cow<'static, str> {
    match table.get(i) {
        Some(p) => Cow::Borrowed(p),
        None => Cow::Owned(format!("progress[{i}].{field}")),
    }
}

/// The first progress point for `period`, with its index; notes duplicates.
fn find_point<'d>(
    c: &mut Calc,
    d: &'d DepartmentYear,
    period: Period,
) -> Option<(usize, &'d ProgressPoint)> {
    let mut found = None;
    for (i, p) in d.progress.iter().enumerate() {
        if parse_period(&p.period) == Some(period) {
            if found.is_none() {
                found = Some((i, p));
            } else {
                c.note(format!(
                    "期间 {period} 有多个进度点，取第一个（progress[{}]），progress[{i}] 未用",
                    found.map_or(0, |(j, _)| j)
                ));
            }
        }
    }
    found
}

/// Read the point's progress and 序时进度 into the trace and divide.
fn rate_at(
    c: &mut Calc,
    d: &DepartmentYear,
    i: usize,
    point: &ProgressPoint,
    period: Period,
) -> Option<Outcome> {
    let spent_pct = match (point.spent_pct, point.spent) {
        (Some(pct), spent) => {
            let v = c.percent("累计支出进度", path(&SPENT_PCT, "spent_pct", i), Some(pct));
            // Cross-check against the amount when both are given.
            if let (Some(spent), Some(budget)) = (spent, d.budget.adjusted.total) {
                let derived = spent
                    .as_wan()
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|n| n.checked_div(budget.as_wan()));
                if let Some(derived) = derived {
                    // same figure at its written precision: rounded or truncated
                    if !jixiao_model::written_matches(pct.value(), derived) {
                        c.note(format!(
                            "累计支出进度 {}% 与累计支出金额推算的 {}%（progress[{i}].spent ÷ budget.adjusted.total）不一致，按报告的进度计算",
                            pct.value(),
                            round_half_up(derived, 4).normalize()
                        ));
                    }
                }
            }
            v
        }
        (None, Some(spent)) => {
            let spent = c.money("累计支出金额", path(&SPENT, "spent", i), Some(spent));
            let budget = c.money(
                "全年预算（调整后预算）",
                "budget.adjusted.total",
                d.budget.adjusted.total,
            );
            let (spent, budget) = spent.zip(budget)?;
            match ratio(
                spent,
                budget,
                "全年预算（调整后预算）",
                "budget.adjusted.total",
            ) {
                Outcome::Exact(v) => {
                    c.note(format!(
                        "未提供累计支出进度（progress[{i}].spent_pct），以累计支出金额 ÷ 调整后预算推算"
                    ));
                    Some(c.derived(
                        "累计支出进度（推算）",
                        format!("progress[{i}].spent ÷ budget.adjusted.total × 100%"),
                        "%",
                        v,
                    ))
                }
                undefined => return Some(undefined),
            }
        }
        (None, None) => {
            c.missing("累计支出进度", path(&SPENT_PCT, "spent_pct", i));
            c.note(format!(
                "也可填写累计支出金额（progress[{i}].spent），与调整后预算推算支出进度"
            ));
            None
        }
    };
    let by_period = period.time_progress_pct();
    let time_pct = match point.time_pct {
        Some(t) => {
            if t.value() != by_period {
                c.note(format!(
                    "报告的序时进度 {}% 与按期间推算的 {}% 不同，按报告数计算",
                    t.value(),
                    round_half_up(by_period, 4).normalize()
                ));
            }
            c.percent("序时进度", path(&TIME_PCT, "time_pct", i), Some(t))
        }
        None => {
            c.note(format!(
                "未提供序时进度（progress[{i}].time_pct），按期间推算（{}）",
                period.label_zh()
            ));
            Some(c.derived(
                "序时进度（按期间推算）",
                format!("按期间 {period} 推算"),
                "%",
                by_period,
            ))
        }
    };
    let (s, t) = spent_pct.zip(time_pct)?;
    Some(ratio(s, t, "序时进度", &path(&TIME_PCT, "time_pct", i)))
}

/// Q1–Q4, M01–M12: the execution rate at the end of the period named by the id.
///
/// Not scorable when `progress` has no point for the period (missing
/// `progress[period=Q1].spent_pct`).
pub fn period_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let Some(period) = parse_period(def.id) else {
        c.missing("期间", "progress[].period");
        return c.finish(FORMULA, None, &d.stated);
    };
    let out = match find_point(&mut c, d, period) {
        Some((i, p)) => rate_at(&mut c, d, i, p, period),
        None => {
            c.missing(
                "累计支出进度",
                format!("progress[period={period}].spent_pct"),
            );
            None
        }
    };
    c.finish(FORMULA, out, &d.stated)
}

/// D08 支付进度率 = 实际支付进度 ÷ 既定（序时）支付进度 × 100%, at one period.
///
/// The period is [`Params::payment_progress_as_of`] when set, else the latest period in
/// `progress` (by the month the period ends; between a quarter and the month it ends in,
/// the later-listed point). The computation is the same as for Q1–Q4/M01–M12, and the trace
/// names the period used.
pub fn payment_progress_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    let period = match &params.payment_progress_as_of {
        Some(text) => match Period::parse(text) {
            Ok(p) => {
                c.note(format!("按参数取{}末的支付进度", p.label_zh()));
                Some(p)
            }
            Err(_) => {
                let note = format!(
                    "参数 payment_progress_as_of 的期间「{text}」无效，应为 Q1–Q4 或 M01–M12"
                );
                return c.finish(FORMULA, Some(Outcome::Undefined(note)), &d.stated);
            }
        },
        None => {
            let latest = d
                .progress
                .iter()
                .filter_map(|p| parse_period(&p.period))
                .enumerate()
                .max_by_key(|(i, p)| (p.end_month(), *i))
                .map(|(_, p)| p);
            if let Some(p) = latest {
                c.note(format!("取最后一个进度点：{}末", p.label_zh()));
            }
            latest
        }
    };
    let out = match period {
        Some(period) => match find_point(&mut c, d, period) {
            Some((i, p)) => rate_at(&mut c, d, i, p, period),
            None => {
                c.missing(
                    "累计支出进度",
                    format!("progress[period={period}].spent_pct"),
                );
                None
            }
        },
        None => {
            c.missing("累计支出进度", "progress[].spent_pct");
            None
        }
    };
    c.finish(FORMULA, out, &d.stated)
}
