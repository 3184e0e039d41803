//! 全年预计执行数 and 预计结余, by a named method, never silently:
//!
//! - `prior_shape`: 累计支出 ÷ s, where s is the share of the year's spending the prior years
//!   had spent by the same month (pooled over the years given: Σ 同期累计 ÷ Σ 全年);
//! - `linear`: 累计支出 ÷ 序时进度 (also what `prior_shape` falls back to, with a note, when
//!   no prior year is given or its share is 0).
//!
//! With `cap_at_budget` a forecast above the budget is capped (noted). A forecast year-end
//! execution rate below `warn_below_pct` is a warning.

use jixiao_model::PriorYearMonthly;
use rust_decimal::Decimal;

use crate::light::{num, text, Input, Trace};
use crate::report::Forecast;
use crate::round2;
use crate::rules::{ForecastMethod, Rules};
use crate::time::TimeProgress;

/// The prior years' share of the year spent by the end of month `k`, with its inputs.
fn prior_share(shape: &[PriorYearMonthly], k: u8, path: &str) -> Option<(Decimal, Vec<Input>)> {
    let mut to_date = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    let mut inputs = Vec::new();
    for (y, p) in shape.iter().enumerate() {
        if p.monthly.len() != 12 {
            continue;
        }
        let cum: Decimal = p.monthly[..usize::from(k)].iter().map(|m| m.as_wan()).sum();
        let all: Decimal = p.monthly.iter().map(|m| m.as_wan()).sum();
        let year = p
            .year
            .map(|y| format!("{y} 年"))
            .unwrap_or_else(|| format!("第 {} 个以前年度", y + 1));
        inputs.push(Input {
            name: format!("{year} 1—{k} 月累计支出").into(),
            path: format!("{path}[{y}].monthly"),
            value: text(cum),
            unit: "万元".into(),
        });
        inputs.push(Input {
            name: format!("{year} 全年支出").into(),
            path: format!("{path}[{y}].monthly"),
            value: text(all),
            unit: "万元".into(),
        });
        to_date += cum;
        total += all;
    }
    if inputs.is_empty() || total <= Decimal::ZERO || to_date <= Decimal::ZERO {
        return None;
    }
    Some((to_date / total, inputs))
}

/// The forecast of a subject; `None` without cumulative spending.
pub(crate) fn forecast(
    spent: Option<Decimal>,
    budget: Option<Decimal>,
    stated: Option<Decimal>,
    tp: &TimeProgress,
    rules: &Rules,
    shape: &[PriorYearMonthly],
    shape_path: &str,
) -> Option<Forecast> {
    let spent = spent?;
    let r = &rules.forecast;
    let mut trace = Trace {
        rule: "forecast",
        ..Trace::default()
    };
    trace.inputs.push(Input {
        name: "累计支出".into(),
        path: "execution".into(),
        value: text(spent),
        unit: "万元".into(),
    });
    let k = tp.months_elapsed;
    let mut method = r.method;
    let mut year_end = None;
    if method == ForecastMethod::PriorShape {
        match (k > 0).then(|| prior_share(shape, k, shape_path)).flatten() {
            Some((share, inputs)) => {
                trace.formula =
                    format!("全年预计执行数 = 累计支出 ÷ 以前年度 1—{k} 月累计支出占全年的比例")
                        .into();
                trace.inputs.extend(inputs);
                trace.notes.push(format!(
                    "以前年度同期支出占全年 {}%",
                    num(round2(share * Decimal::ONE_HUNDRED))
                ));
                year_end = spent.checked_div(share);
            }
            None => {
                trace.notes.push(if shape.is_empty() {
                    "未提供以前年度月度支出（monitoring.prior_year），按序时进度线性外推".to_string()
                } else {
                    format!("以前年度 1—{k} 月支出为 0 或不足 12 个月，无法按历史进度推算，按序时进度线性外推")
                });
                method = ForecastMethod::Linear;
            }
        }
    }
    if method == ForecastMethod::Linear {
        trace.formula = "全年预计执行数 = 累计支出 ÷ 序时进度".into();
        trace.inputs.push(Input {
            name: "序时进度".into(),
            path: tp.description.clone(),
            value: text(tp.pct),
            unit: "%".into(),
        });
        if tp.pct.is_zero() {
            trace.notes.push("序时进度为 0，无法外推".into());
            return None;
        }
        year_end = spent
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|n| n.checked_div(tp.pct));
    }
    let mut year_end = year_end?;
    if let Some(b) = budget {
        trace.inputs.push(Input {
            name: rules.execution.budget.label().into(),
            path: "funds".into(),
            value: text(b),
            unit: "万元".into(),
        });
        if r.cap_at_budget && year_end > b {
            trace.notes.push(format!(
                "外推数 {} 万元超过预算数 {} 万元，按规则以预算数为限",
                num(round2(year_end)),
                num(b)
            ));
            year_end = b;
        }
    }
    let year_end = round2(year_end);
    trace.exact = Some(year_end);
    trace.value = Some(year_end);
    let balance = budget.map(|b| b - year_end);
    let execution_pct = budget
        .filter(|b| !b.is_zero())
        .and_then(|b| year_end.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(b))
        .map(round2);
    let warning = execution_pct.is_some_and(|p| p < r.warn_below_pct);
    if let Some(s) = stated {
        trace
            .notes
            .push(format!("单位填报的全年预计执行数为 {} 万元", num(s)));
    }
    Some(Forecast {
        method,
        method_label: method.label().to_string(),
        year_end_spent: year_end,
        balance,
        execution_pct,
        stated,
        warning,
        trace,
    })
}
