//! 职责履行 (outputs): D21 实际完成率, D22 完成及时率, D23 质量达标率, D24 重点工作办结率.
//!
//! The counts are read from `projects.*_count` and `key_tasks.*_count`. When a department
//! gives neither count of a ratio but lists the items (`[[projects.project]]`,
//! `[[key_tasks.task]]`) with the needed flag set on every item, both counts are taken from
//! the list, and the trace says so; a list with any item lacking the flag is not used.

use jixiao_model::{DepartmentYear, Project, ProjectStatus};

use super::{ratio, Calc};
use crate::catalogue::IndicatorDef;
use crate::params::{CompletionBasis, Params};
use crate::value::IndicatorValue;

/// Counts derived from a list, when every relevant item has the needed flag.
fn from_items<T>(
    items: &[T],
    in_denominator: impl Fn(&T) -> Option<bool>,
    in_numerator: impl Fn(&T) -> Option<bool>,
) -> Option<(u32, u32)> {
    let mut num = 0u32;
    let mut den = 0u32;
    for it in items {
        if in_denominator(it)? {
            den = den.checked_add(1)?;
            if in_numerator(it)? {
                num = num.checked_add(1)?;
            }
        }
    }
    (den > 0).then_some((num, den))
}

/// One count ratio with an optional list fallback.
#[allow(clippy::too_many_arguments)]
fn count_ratio(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    formula: &'static str,
    num: (&'static str, &'static str, Option<u32>),
    den: (&'static str, &'static str, Option<u32>),
    unit: &'static str,
    listed: impl FnOnce() -> Option<(u32, u32)>,
    list_path: &'static str,
    basis_note: Option<&'static str>,
) -> IndicatorValue {
    let mut c = Calc::new(def);
    if let Some(n) = basis_note {
        c.note(n);
    }
    // The list is only consulted when neither count is given.
    let listed = if num.2.is_none() && den.2.is_none() {
        listed()
    } else {
        None
    };
    let (n, dn, den_path) = match (num.2, den.2, listed) {
        (None, None, Some((ln, ld))) => {
            c.note(format!(
                "未提供{}和{}，按明细清单（{list_path}）逐项统计",
                num.0, den.0
            ));
            (
                c.count(num.0, format!("{list_path}（统计）"), unit, Some(ln)),
                c.count(den.0, format!("{list_path}（统计）"), unit, Some(ld)),
                list_path,
            )
        }
        _ => (
            c.count(num.0, num.1, unit, num.2),
            c.count(den.0, den.1, unit, den.2),
            den.1,
        ),
    };
    let out = n.zip(dn).map(|(a, b)| ratio(a, b, den.0, den_path));
    c.finish(formula, out, &d.stated)
}

fn completed(p: &Project) -> Option<bool> {
    p.status.map(|s| s == ProjectStatus::Completed)
}

/// D21 实际完成率 = 完成项目数 ÷ 计划项目数 × 100%.
///
/// `projects.completed_count` ÷ `projects.planned_count` (二级项目). List fallback: every
/// listed project counts as planned, those with status 已完成 as completed (every project
/// must have a status). The Longhua report: 48 ÷ 48 = 100%.
pub fn completion_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let listed = || from_items(&d.projects.items, |_| Some(true), completed);
    count_ratio(
        def,
        d,
        "完成项目数 ÷ 计划项目数 × 100%",
        (
            "完成项目数",
            "projects.completed_count",
            d.projects.completed_count,
        ),
        (
            "计划项目数",
            "projects.planned_count",
            d.projects.planned_count,
        ),
        "个",
        listed,
        "projects.project[*].status",
        None,
    )
}

/// The denominator of D22/D23 on `basis`: 计划项目数 (default, 53号) or 完成项目数.
fn completion_denominator(
    d: &DepartmentYear,
    basis: CompletionBasis,
) -> (&'static str, &'static str, Option<u32>) {
    match basis {
        CompletionBasis::Planned => (
            "计划项目数",
            "projects.planned_count",
            d.projects.planned_count,
        ),
        CompletionBasis::Completed => (
            "完成项目数",
            "projects.completed_count",
            d.projects.completed_count,
        ),
    }
}

/// List fallback of D22/D23: on the planned basis every listed project is in the
/// denominator and a project counts when it is completed and `flag` is true; on the
/// completed basis only completed projects are in the denominator.
fn listed_with(
    items: &[Project],
    basis: CompletionBasis,
    flag: impl Fn(&Project) -> Option<bool>,
) -> Option<(u32, u32)> {
    match basis {
        CompletionBasis::Planned => from_items(
            items,
            |_| Some(true),
            |p| if completed(p)? { flag(p) } else { Some(false) },
        ),
        CompletionBasis::Completed => from_items(items, completed, flag),
    }
}

/// D22 完成及时率 = 按时完成项目数 ÷ 计划项目数（或完成项目数） × 100%.
///
/// `projects.on_time_count` ÷ the denominator on [`Params::completion_basis`]:
/// `projects.planned_count` (default; 53号 "及时完成的实际工作数与计划工作数的比率") or
/// `projects.completed_count`. List fallback: projects with status 已完成 and `on_time =
/// true` (every counted project must say).
pub fn timeliness_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let basis = params.completion_basis;
    let listed = || listed_with(&d.projects.items, basis, |p| p.on_time);
    count_ratio(
        def,
        d,
        match basis {
            CompletionBasis::Planned => "按时完成项目数 ÷ 计划项目数 × 100%",
            CompletionBasis::Completed => "按时完成项目数 ÷ 完成项目数 × 100%",
        },
        (
            "按时完成项目数",
            "projects.on_time_count",
            d.projects.on_time_count,
        ),
        completion_denominator(d, basis),
        "个",
        listed,
        "projects.project[*].on_time",
        Some(basis.label()),
    )
}

/// D23 质量达标率 = 质量达标项目数 ÷ 计划项目数（或完成项目数） × 100%.
///
/// `projects.quality_count` ÷ the denominator on [`Params::completion_basis`]
/// (`projects.planned_count` by default, or `projects.completed_count`). List fallback:
/// completed projects with `quality_ok = true` (every counted project must say).
pub fn quality_rate(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> IndicatorValue {
    let basis = params.completion_basis;
    let listed = || listed_with(&d.projects.items, basis, |p| p.quality_ok);
    count_ratio(
        def,
        d,
        match basis {
            CompletionBasis::Planned => "质量达标项目数 ÷ 计划项目数 × 100%",
            CompletionBasis::Completed => "质量达标项目数 ÷ 完成项目数 × 100%",
        },
        (
            "质量达标项目数",
            "projects.quality_count",
            d.projects.quality_count,
        ),
        completion_denominator(d, basis),
        "个",
        listed,
        "projects.project[*].quality_ok",
        Some(basis.label()),
    )
}

/// D24 重点工作办结率 = 重点工作完成数 ÷ 交办（牵头）重点工作数 × 100%.
///
/// `key_tasks.completed_count` ÷ `key_tasks.assigned_count`. List fallback: every listed
/// task is assigned, those with `completed = true` are completed (every task must say).
/// The Longhua report: 7 ÷ 7 = 100%.
pub fn key_task_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let listed = || from_items(&d.key_tasks.items, |_| Some(true), |t| t.completed);
    count_ratio(
        def,
        d,
        "重点工作完成数 ÷ 交办重点工作数 × 100%",
        (
            "重点工作完成数",
            "key_tasks.completed_count",
            d.key_tasks.completed_count,
        ),
        (
            "交办重点工作数",
            "key_tasks.assigned_count",
            d.key_tasks.assigned_count,
        ),
        "项",
        listed,
        "key_tasks.task[*].completed",
        None,
    )
}
