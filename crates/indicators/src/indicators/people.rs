//! 人员 (staffing): D03 在职人员控制率.

use jixiao_model::DepartmentYear;

use super::{ratio, Calc};
use crate::catalogue::IndicatorDef;
use crate::value::IndicatorValue;

/// D03 在职人员控制率 = 在职人数 ÷ 编制数 × 100%.
///
/// `staffing.actual` ÷ `staffing.authorized`. Over 100% means more staff than authorised
/// posts (超编).
pub fn staffing_control_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let num = c.count("在职人数", "staffing.actual", "人", d.staffing.actual);
    let den = c.count("编制数", "staffing.authorized", "人", d.staffing.authorized);
    let out = num
        .zip(den)
        .map(|(n, dn)| ratio(n, dn, "编制数", "staffing.authorized"));
    c.finish("在职人数 ÷ 编制数 × 100%", out, &d.stated)
}
