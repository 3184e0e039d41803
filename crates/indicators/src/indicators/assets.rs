//! 资产管理 (asset management): D20 固定资产利用率.

use jixiao_model::DepartmentYear;

use super::{ratio, Calc};
use crate::catalogue::IndicatorDef;
use crate::value::IndicatorValue;

/// D20 固定资产利用率 = 实际在用固定资产 ÷ 全部固定资产 × 100%.
///
/// `assets.fixed_in_use_value` ÷ `assets.fixed_original_value` (year-end original values).
/// A report that only says "均为在用" must still give the in-use value (equal to the
/// original value) for the rate to be computed: nothing is inferred from prose.
pub fn fixed_asset_utilisation(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.money(
        "在用固定资产原值",
        "assets.fixed_in_use_value",
        d.assets.fixed_in_use_value,
    );
    let den = c.money(
        "固定资产账面原值",
        "assets.fixed_original_value",
        d.assets.fixed_original_value,
    );
    let out = num
        .zip(den)
        .map(|(n, dn)| ratio(n, dn, "固定资产账面原值", "assets.fixed_original_value"));
    c.finish("在用固定资产原值 ÷ 固定资产账面原值 × 100%", out, &d.stated)
}
