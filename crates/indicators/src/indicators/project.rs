//! 项目支出绩效自评 (project self-evaluation, 财预〔2020〕10号): the per-project 预算执行率,
//! which the engine scores with `budget_exec_10` (min(10, rate × 10)).

use jixiao_model::Project;

use super::{ratio, Calc};
use crate::catalogue::{Direction, IndicatorDef, Kind};
use crate::value::IndicatorValue;

/// The definition of the per-project 预算执行率. Not part of [`crate::catalogue()`], which
/// lists department-level indicators; its id `P01` is stable.
pub static PROJECT_EXECUTION_RATE: IndicatorDef = IndicatorDef {
    id: "P01",
    name: "预算执行率",
    level1: "项目",
    level2: "预算执行",
    direction: Direction::Towards100,
    kind: Kind::Computed,
    unit: "%",
    formula: "预算执行率 = 全年执行数 ÷ 全年预算数 × 100%",
};

/// 预算执行率 of one project = 全年执行数 (B) ÷ 全年预算数 (A) × 100%.
///
/// `projects.project[index].spent` ÷ `projects.project[index].budget_annual`; `index` is the
/// project's position in `projects.project`, used only for the paths in the trace. There is
/// no fallback to `budget_initial`: 全年预算数 is the adjusted full-year figure. The trace
/// notes the project's name.
pub fn project_execution_rate(p: &Project, index: usize) -> IndicatorValue {
    let def = &PROJECT_EXECUTION_RATE;
    let mut c = Calc::new(def);
    c.note(format!("项目：{}", p.name));
    let num = c.money(
        "全年执行数",
        format!("projects.project[{index}].spent"),
        p.spent,
    );
    let den_path = format!("projects.project[{index}].budget_annual");
    let den = c.money("全年预算数", den_path.clone(), p.budget_annual);
    let out = num
        .zip(den)
        .map(|(n, dn)| ratio(n, dn, "全年预算数", &den_path));
    c.finish("全年执行数 ÷ 全年预算数 × 100%", out, &[])
}
