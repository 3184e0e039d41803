//! 政府采购 (government procurement): D13 政府采购执行率.

use jixiao_model::DepartmentYear;

use super::{ratio, Calc};
use crate::catalogue::IndicatorDef;
use crate::value::IndicatorValue;

/// D13 政府采购执行率 = 实际政府采购金额 ÷ 政府采购计划金额 × 100%.
///
/// `procurement.actual.total` ÷ `procurement.plan.total`. The Longhua report states
/// 44,874.55 ÷ 45,674.32 = 98.25% (and elsewhere 98%: the same figure at no places).
/// The plan is the 采购计划, not the 政府采购年初预算 (`procurement.initial_budget`), which
/// is a different figure (2,190 万元 in Longhua).
pub fn execution_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "实际政府采购金额",
        "procurement.actual.total",
        d.procurement.actual.total,
    );
    let den = c.money(
        "政府采购计划金额",
        "procurement.plan.total",
        d.procurement.plan.total,
    );
    let out = num
        .zip(den)
        .map(|(n, dn)| ratio(n, dn, "政府采购计划金额", "procurement.plan.total"));
    c.finish("实际政府采购金额 ÷ 政府采购计划金额 × 100%", out, &d.stated)
}
