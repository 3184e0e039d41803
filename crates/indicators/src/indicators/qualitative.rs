//! 定性指标 (qualitative indicators: D01, D02, D14–D19, D25–D27, L04, L05): the evaluator's
//! judgement against the checklist in the catalogue's definition.
//!
//! The value is the `[[assessments]]` entry whose `indicator` is the id, unchanged; scoring
//! it (checklist, tier, manual score, violations) is the framework rule's job. Without an
//! assessment the indicator is not scorable: jixiao never judges on the evaluator's behalf.

use std::borrow::Cow;

use jixiao_model::DepartmentYear;

use super::{Calc, Outcome};
use crate::catalogue::IndicatorDef;
use crate::value::IndicatorValue;

macro_rules! assessment_paths {
    ($id:expr; $($known:literal)*) => {
        match $id {
            $($known => Cow::Borrowed(concat!("assessments[indicator=", $known, "]")),)*
            other => Cow::Owned(format!("assessments[indicator={other}]")),
        }
    };
}

/// `assessments[indicator=<id>]`, static for the catalogue's qualitative ids.
fn assessment_path(id: &str) -> Cow<'static, str> {
    assessment_paths!(id; "D01" "D02" "D14" "D15" "D16" "D17" "D18" "D19" "D25" "D26" "D27" "L04" "L05")
}

/// The evaluator's judgement of `def`, or not scorable (missing "评价人判断",
/// `assessments[indicator=D14]`). With several assessments for one id the first is used and
/// the trace notes it.
pub fn judgement(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let mut matching = d
        .assessments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.indicator == def.id);
    let first = matching.next();
    let others: Vec<usize> = matching.map(|(i, _)| i).collect();
    let Some((i, a)) = first else {
        c.missing("评价人判断", assessment_path(def.id));
        return c.finish(def.formula, None, &d.stated);
    };
    if !others.is_empty() {
        c.note(format!(
            "有多条评价人判断，取第一条（assessments[{i}]），其余未用：{}",
            others
                .iter()
                .map(|j| format!("assessments[{j}]"))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    if let Some(tier) = &a.tier {
        c.note(format!("评价人判断（assessments[{i}]）：{tier}"));
    }
    c.finish(def.formula, Some(Outcome::Judgement(a.clone())), &d.stated)
}
