//! Validation beyond types: accounting identities, signs, ranges, order.
//!
//! Returns diagnostics that point at field paths (`budget.initial.basic`,
//! `progress[2].spent_pct`); `jixiao-io` turns paths into file, line and column.
//! Errors make the input unusable; warnings travel beside the result.

use rust_decimal::Decimal;

use crate::department::{DepartmentYear, TargetOperator};
use crate::identities::{self, IdentityCheck, IdentityKind};
use crate::number::Percent;
use crate::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// One finding about an input, located by field path.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `identity`, `negative`, `period-order`.
    pub code: &'static str,
    /// Primary location: a field path.
    pub path: String,
    /// Other places involved (e.g. the parts of a total).
    pub related: Vec<String>,
    /// Message in Simplified Chinese.
    pub message: String,
    /// The same in English.
    pub message_en: String,
}

impl Diagnostic {
    pub(crate) fn new(
        severity: Severity,
        code: &'static str,
        path: impl Into<String>,
        zh: String,
        en: String,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.into(),
            related: Vec::new(),
            message: zh,
            message_en: en,
        }
    }
}

/// Validate a department-year. The order of diagnostics is stable (field order).
pub fn validate(d: &DepartmentYear) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if d.department.year.is_none() {
        out.push(Diagnostic::new(
            Severity::Warning,
            "missing-year",
            "department.year",
            "缺少评价年度（department.year），报告与年份核对将无法进行".into(),
            "the evaluation year (department.year) is missing".into(),
        ));
    }
    check_identities(d, &mut out);
    check_signs(d, &mut out);
    check_progress(d, &mut out);
    check_year_end_progress(d, &mut out);
    check_adjustments(d, &mut out);
    check_counts(d, &mut out);
    check_surveys(d, &mut out);
    check_targets(d, &mut out);
    check_assessments(d, &mut out);
    crate::monitoring::check(d, &mut out);
    out
}

fn check_identities(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    for id in identities::all() {
        if let IdentityCheck::Broken { total, sum } = id.check(d) {
            let parts: Vec<&str> = id.parts.iter().map(|p| p.path).collect();
            let diff = total
                .checked_sub(sum)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "∞".into());
            let (zh, en) = match id.kind {
                IdentityKind::Sum => (
                    format!(
                        "{}不成立：{} 为 {} 万元，{} 之和为 {} 万元，相差 {} 万元",
                        id.name,
                        id.total.path,
                        total,
                        parts.join(" + "),
                        sum,
                        diff
                    ),
                    format!(
                        "identity {} does not hold: {} is {} but {} add up to {} (difference {})",
                        id.id,
                        id.total.path,
                        total,
                        parts.join(" + "),
                        sum,
                        diff
                    ),
                ),
                IdentityKind::Bound => (
                    format!(
                        "{}不成立：{} 为 {} 万元，小于 {} 的 {} 万元",
                        id.name,
                        id.total.path,
                        total,
                        parts.join(" + "),
                        sum
                    ),
                    format!(
                        "{}: {} ({}) is less than its part(s) {} ({})",
                        id.id,
                        id.total.path,
                        total,
                        parts.join(" + "),
                        sum
                    ),
                ),
            };
            let mut diag = Diagnostic::new(Severity::Warning, "identity", id.total.path, zh, en);
            diag.related = parts.iter().map(|p| p.to_string()).collect();
            out.push(diag);
        }
    }
}

/// Paths whose values are changes and may be negative.
const SIGNED_PREFIXES: &[&str] = &["sangong.actual_change_vs_prior", "stated"];

fn check_signs(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    let mut leaves = Vec::new();
    crate::walk::money_leaves(d, &mut leaves);
    for (path, value) in leaves {
        if value.is_sign_negative()
            && !value.is_zero()
            && !SIGNED_PREFIXES.iter().any(|p| path.starts_with(p))
            && !crate::monitoring::is_signed_path(&path)
        {
            out.push(Diagnostic::new(
                Severity::Error,
                "negative",
                path.clone(),
                format!("金额不能为负数：{path} = {value}"),
                format!("amount must not be negative: {path} = {value}"),
            ));
        }
    }
}

fn percent_in(p: Option<Percent>, lo: Decimal, hi: Decimal) -> Option<Decimal> {
    p.map(|p| p.value()).filter(|v| *v < lo || *v > hi)
}

fn check_progress(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    let mut last: Option<(Period, usize)> = None;
    let mut last_spent: Option<(Decimal, usize)> = None;
    for (i, p) in d.progress.iter().enumerate() {
        let base = format!("progress[{i}]");
        let period = match Period::parse(&p.period) {
            Ok(period) => period,
            Err(_) => {
                out.push(Diagnostic::new(
                    Severity::Error,
                    "period",
                    format!("{base}.period"),
                    format!("无法识别的期间「{}」：应为 Q1–Q4 或 M01–M12", p.period),
                    format!("unknown period '{}': expected Q1–Q4 or M01–M12", p.period),
                ));
                continue;
            }
        };
        if let Some((prev, j)) = last {
            if period.end_month() <= prev.end_month() {
                let mut diag = Diagnostic::new(
                    Severity::Error,
                    "period-order",
                    format!("{base}.period"),
                    format!(
                        "期间顺序错误：{} 排在 {} 之后（支出进度应按时间先后、累计填写）",
                        p.period, prev
                    ),
                    format!("periods out of order: {} comes after {}", p.period, prev),
                );
                diag.related.push(format!("progress[{j}].period"));
                out.push(diag);
            }
        }
        last = Some((period, i));
        if let Some(v) = percent_in(p.spent_pct, Decimal::ZERO, Decimal::from(100)) {
            let severity = if v < Decimal::ZERO {
                Severity::Error
            } else {
                Severity::Warning
            };
            out.push(Diagnostic::new(
                severity,
                "percent-range",
                format!("{base}.spent_pct"),
                format!("累计支出进度 {v}% 超出 0–100% 的范围"),
                format!("cumulative spending progress {v}% is outside 0–100%"),
            ));
        }
        if let Some(t) = p.time_pct.map(|t| t.value()) {
            if t <= Decimal::ZERO || t > Decimal::from(100) {
                out.push(Diagnostic::new(
                    Severity::Error,
                    "percent-range",
                    format!("{base}.time_pct"),
                    format!("序时进度 {t}% 应大于 0 且不超过 100%"),
                    format!("time progress {t}% must be in (0, 100]"),
                ));
            }
        }
        if let Some(s) = p.spent_pct.map(|s| s.value()) {
            if let Some((prev, j)) = last_spent {
                if s < prev {
                    let mut diag = Diagnostic::new(
                        Severity::Error,
                        "progress-decreasing",
                        format!("{base}.spent_pct"),
                        format!(
                            "累计支出进度下降：{}% 低于上一期的 {}%（应填累计数）",
                            s, prev
                        ),
                        format!("cumulative spending progress decreases: {s}% after {prev}%"),
                    );
                    diag.related.push(format!("progress[{j}].spent_pct"));
                    out.push(diag);
                }
            }
            last_spent = Some((s, i));
        }
    }
}

/// The year-end period's cumulative spending progress (Q4 or M12) and the year's execution
/// rate (决算 ÷ 调整预算) describe the same thing; they must agree at the progress figure's
/// written precision (rounded or truncated). The Longhua report writes 99.73% for a year whose
/// 40,161.25 ÷ 40,295.14 is 99.67%.
fn check_year_end_progress(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    let (Some(fin), Some(adj)) = (d.budget.final_accounts.total, d.budget.adjusted.total) else {
        return;
    };
    if adj.as_wan() <= Decimal::ZERO {
        return;
    }
    let Some(exact) = fin
        .as_wan()
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(adj.as_wan()))
    else {
        return;
    };
    for (i, p) in d.progress.iter().enumerate() {
        let year_end = matches!(
            Period::parse(&p.period),
            Ok(Period::Quarter(4)) | Ok(Period::Month(12))
        );
        let Some(spent) = p.spent_pct.map(|s| s.value()) else {
            continue;
        };
        if !year_end || crate::number::written_matches(spent, exact) {
            continue;
        }
        let shown = crate::number::round_half_up(exact, spent.scale().max(2)).normalize();
        let mut diag = Diagnostic::new(
            Severity::Warning,
            "progress-vs-execution",
            format!("progress[{i}].spent_pct"),
            format!(
                "{} 累计支出进度 {spent}% 与全年预算执行率（决算 {} ÷ 调整预算 {}）{shown}% 不一致（超出 {spent}% 的书写精度）",
                p.period,
                fin,
                adj
            ),
            format!(
                "{} cumulative spending progress {spent}% disagrees with the year's execution rate (final {} ÷ adjusted {}) {shown}% beyond its written precision",
                p.period, fin, adj
            ),
        );
        diag.related.push("budget.final.total".into());
        diag.related.push("budget.adjusted.total".into());
        out.push(diag);
    }
}

/// Gross adjustments: an excluded (policy) adjustment larger than the adjustments it is part of.
fn check_adjustments(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    let a = &d.budget.adjustments;
    let Some(x) = d.budget.excluded_adjustment else {
        return;
    };
    if a.is_empty() {
        return;
    }
    let gross = [a.added, a.reduced, a.reallocated]
        .iter()
        .flatten()
        .try_fold(Decimal::ZERO, |acc, m| acc.checked_add(m.as_wan()));
    if let Some(g) = gross {
        if x.as_wan() > g {
            let mut diag = Diagnostic::new(
                Severity::Warning,
                "excluded-exceeds-adjustment",
                "budget.excluded_adjustment",
                format!(
                    "可剔除的调整数 {} 万元大于预算调整发生额合计（追加 + 追减 + 调剂）{} 万元",
                    x,
                    g.normalize()
                ),
                format!(
                    "excluded adjustment {x} exceeds the gross adjustments (added + reduced + reallocated) {}",
                    g.normalize()
                ),
            );
            diag.related.push("budget.adjustments".into());
            out.push(diag);
        }
    }
}

fn part_le_whole(
    out: &mut Vec<Diagnostic>,
    part: Option<u32>,
    part_path: &str,
    part_zh: &str,
    whole: Option<u32>,
    whole_path: &str,
    whole_zh: &str,
) {
    if let (Some(p), Some(w)) = (part, whole) {
        if p > w {
            let mut diag = Diagnostic::new(
                Severity::Warning,
                "count-exceeds",
                part_path,
                format!("{part_zh}（{p}）大于{whole_zh}（{w}）"),
                format!("{part_path} ({p}) exceeds {whole_path} ({w})"),
            );
            diag.related.push(whole_path.to_string());
            out.push(diag);
        }
    }
}

fn check_counts(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    let p = &d.projects;
    part_le_whole(
        out,
        p.completed_count,
        "projects.completed_count",
        "完成项目数",
        p.planned_count,
        "projects.planned_count",
        "计划项目数",
    );
    part_le_whole(
        out,
        p.on_time_count,
        "projects.on_time_count",
        "按时完成项目数",
        p.completed_count,
        "projects.completed_count",
        "完成项目数",
    );
    part_le_whole(
        out,
        p.quality_count,
        "projects.quality_count",
        "质量达标项目数",
        p.completed_count,
        "projects.completed_count",
        "完成项目数",
    );
    let k = &d.key_tasks;
    part_le_whole(
        out,
        k.completed_count,
        "key_tasks.completed_count",
        "完成重点工作数",
        k.assigned_count,
        "key_tasks.assigned_count",
        "交办重点工作数",
    );
    part_le_whole(
        out,
        k.on_time_count,
        "key_tasks.on_time_count",
        "按期完成重点工作数",
        k.completed_count,
        "key_tasks.completed_count",
        "完成重点工作数",
    );
    let t = &d.petitions;
    part_le_whole(
        out,
        t.answered,
        "petitions.answered",
        "已回复信访件数",
        t.received,
        "petitions.received",
        "收到信访件数",
    );
    part_le_whole(
        out,
        t.answered_on_time,
        "petitions.answered_on_time",
        "按期回复件数",
        t.answered,
        "petitions.answered",
        "已回复件数",
    );
    if !k.items.is_empty() {
        if let Some(n) = k.assigned_count {
            if n as usize != k.items.len() {
                out.push(Diagnostic::new(
                    Severity::Warning,
                    "count-mismatch",
                    "key_tasks.assigned_count",
                    format!("重点工作数写为 {n} 项，但列出了 {} 项", k.items.len()),
                    format!(
                        "key_tasks.assigned_count is {n} but {} tasks are listed",
                        k.items.len()
                    ),
                ));
            }
        }
    }
}

fn check_surveys(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    for (i, s) in d.satisfaction.iter().enumerate() {
        let base = format!("satisfaction[{i}]");
        if let Some(v) = percent_in(s.rate, Decimal::ZERO, Decimal::from(100)) {
            out.push(Diagnostic::new(
                Severity::Error,
                "percent-range",
                format!("{base}.rate"),
                format!("满意率 {v}% 超出 0–100% 的范围"),
                format!("satisfaction rate {v}% is outside 0–100%"),
            ));
        }
        part_le_whole(
            out,
            s.satisfied,
            &format!("{base}.satisfied"),
            "满意样本数",
            s.respondents,
            &format!("{base}.respondents"),
            "有效样本数",
        );
    }
}

fn check_targets(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    for (pi, project) in d.projects.items.iter().enumerate() {
        for (ti, t) in project.targets.iter().enumerate() {
            let base = format!("projects.project[{pi}].target[{ti}]");
            match t.operator {
                TargetOperator::Qualitative => {
                    if t.value_text.is_none() && t.value.is_none() {
                        out.push(Diagnostic::new(
                            Severity::Warning,
                            "target-value",
                            format!("{base}.value_text"),
                            format!("定性指标「{}」缺少目标（如“达成”）", t.name),
                            format!("qualitative target '{}' has no target text", t.name),
                        ));
                    }
                }
                TargetOperator::Range => match (t.value, t.value_high) {
                    (Some(lo), Some(hi)) if lo.0 > hi.0 => out.push(Diagnostic::new(
                        Severity::Error,
                        "target-range",
                        format!("{base}.value_high"),
                        format!("区间指标「{}」的上限 {} 小于下限 {}", t.name, hi, lo),
                        format!(
                            "range target '{}': upper bound {} is below lower bound {}",
                            t.name, hi, lo
                        ),
                    )),
                    (Some(_), Some(_)) => {}
                    _ => out.push(Diagnostic::new(
                        Severity::Error,
                        "target-range",
                        format!("{base}.value"),
                        format!("区间指标「{}」需要 value 与 value_high", t.name),
                        format!("range target '{}' needs value and value_high", t.name),
                    )),
                },
                _ => {
                    if t.value.is_none() {
                        out.push(Diagnostic::new(
                            Severity::Error,
                            "target-value",
                            format!("{base}.value"),
                            format!("指标「{}」缺少指标值（value）", t.name),
                            format!("target '{}' has no value", t.name),
                        ));
                    }
                }
            }
            if let Some(w) = t.weight {
                if w.0.is_sign_negative() && !w.0.is_zero() {
                    out.push(Diagnostic::new(
                        Severity::Error,
                        "negative",
                        format!("{base}.weight"),
                        format!("分值不能为负数：{}", w),
                        format!("weight must not be negative: {w}"),
                    ));
                }
            }
        }
    }
}

fn check_assessments(d: &DepartmentYear, out: &mut Vec<Diagnostic>) {
    for (i, a) in d.assessments.iter().enumerate() {
        if a.reason.trim().is_empty() {
            out.push(Diagnostic::new(
                Severity::Error,
                "assessment-reason",
                format!("assessments[{i}].reason"),
                format!("定性指标 {} 的判断缺少理由（reason 必填）", a.indicator),
                format!("assessment of {} has no reason", a.indicator),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::department::ProgressPoint;
    use crate::number::Money;
    use rust_decimal_macros::dec;

    fn codes(d: &DepartmentYear) -> Vec<(&'static str, String)> {
        validate(d).into_iter().map(|x| (x.code, x.path)).collect()
    }

    #[test]
    fn broken_total_names_both_places_and_the_difference() {
        let mut d = DepartmentYear::default();
        d.department.year = Some(2021);
        d.budget.initial.total = Some(Money::wan(dec!(23260)));
        d.budget.initial.basic = Some(Money::wan(dec!(2900)));
        d.budget.initial.project = Some(Money::wan(dec!(20361)));
        let diags = validate(&d);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].path, "budget.initial.total");
        assert_eq!(
            diags[0].related,
            ["budget.initial.basic", "budget.initial.project"]
        );
        assert!(
            diags[0].message.contains("相差 -1 万元"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn negative_money_is_an_error_but_a_change_may_be_negative() {
        let mut d = DepartmentYear::default();
        d.department.year = Some(2021);
        d.carryover.closing = Some(Money::wan(dec!(-1)));
        d.sangong.actual_change_vs_prior.vehicle_operation = Some(Money::wan(dec!(-0.21)));
        assert_eq!(codes(&d), [("negative", "carryover.closing".to_string())]);
    }

    #[test]
    fn quarters_out_of_order_and_decreasing_progress() {
        let mut d = DepartmentYear::default();
        d.department.year = Some(2021);
        let pt = |p: &str, s| ProgressPoint {
            period: p.into(),
            spent_pct: Some(Percent(s)),
            ..Default::default()
        };
        d.progress = vec![
            pt("Q2", dec!(51.4)),
            pt("Q1", dec!(26)),
            pt("Q3", dec!(20)),
            pt("Q9", dec!(1)),
        ];
        let c = codes(&d);
        assert!(
            c.contains(&("period-order", "progress[1].period".into())),
            "{c:?}"
        );
        assert!(
            c.contains(&("progress-decreasing", "progress[1].spent_pct".into())),
            "{c:?}"
        );
        assert!(
            c.contains(&("progress-decreasing", "progress[2].spent_pct".into())),
            "{c:?}"
        );
        assert!(
            c.contains(&("period", "progress[3].period".into())),
            "{c:?}"
        );
    }
}

#[cfg(test)]
mod overflow_tests {
    use super::*;
    use crate::department::ProgressPoint;
    use crate::number::Money;
    use rust_decimal_macros::dec;

    fn codes(d: &DepartmentYear) -> Vec<(&'static str, String)> {
        validate(d).into_iter().map(|x| (x.code, x.path)).collect()
    }

    #[test]
    fn year_end_progress_must_match_the_execution_rate() {
        let mut d = DepartmentYear::default();
        d.budget.final_accounts.total = Some(Money::wan(dec!(40161.25)));
        d.budget.adjusted.total = Some(Money::wan(dec!(40295.14)));
        let point = |period: &str, pct| ProgressPoint {
            period: period.into(),
            spent_pct: Some(Percent(pct)),
            ..Default::default()
        };
        // The Longhua report: Q4 99.73% against 99.6677…%.
        d.progress = vec![point("Q3", dec!(78.8)), point("Q4", dec!(99.73))];
        let diags = validate(&d);
        let w: Vec<_> = diags
            .iter()
            .filter(|x| x.code == "progress-vs-execution")
            .collect();
        assert_eq!(w.len(), 1, "{diags:?}");
        assert_eq!(w[0].path, "progress[1].spent_pct");
        assert!(w[0].message.contains("99.73%"), "{}", w[0].message);
        assert!(w[0].message.contains("99.67%"), "{}", w[0].message);
        // At its written precision (rounded or truncated) it agrees.
        for ok in [dec!(99.67), dec!(99.7), dec!(99.6), dec!(100)] {
            d.progress = vec![point("M12", ok)];
            assert!(
                !codes(&d).iter().any(|(c, _)| *c == "progress-vs-execution"),
                "{ok}"
            );
        }
        d.progress = vec![point("M12", dec!(99.5))];
        assert!(codes(&d).iter().any(|(c, _)| *c == "progress-vs-execution"));
    }

    #[test]
    fn huge_amounts_do_not_panic() {
        let mut d = DepartmentYear::default();
        d.budget.initial.total = Some(Money::wan(Decimal::MAX));
        d.budget.initial.basic = Some(Money::wan(Decimal::MAX));
        d.budget.initial.project = Some(Money::wan(Decimal::MAX));
        d.budget.initial.personnel = Some(Money::wan(Decimal::MIN));
        d.budget.initial.public_funds = Some(Money::wan(Decimal::MAX));
        let diags = validate(&d);
        assert!(diags.iter().any(|x| x.code == "negative"), "{diags:?}");
    }
}
