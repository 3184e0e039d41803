//! Target-quality rules (绩效目标质量), one definition shared by every place that judges
//! targets: 复核 of structured submissions (RV002, RV003, RV102 in jixiao-review), the
//! report checker on target tables read from text (AU104–AU106 in jixiao-audit) and the
//! 绩效目标 review in the server.
//!
//! The rules take plain views of a target (is it a cost indicator, its operator, value and
//! unit), so a target typed into a form and one read out of a flattened PDF table are
//! judged the same way.

use rust_decimal::Decimal;

use crate::{TargetLevel1, TargetOperator};

/// A percentage target at or above this value counts as "high" (≥95%).
pub const HIGH_PERCENT: Decimal = Decimal::from_parts(95, 0, 0, false, 0);

/// Targets with no basis: at least this many high percentage targets …
pub const HIGH_MIN_COUNT: usize = 3;
/// … making up at least this share (in percent) of all percentage targets.
pub const HIGH_MIN_SHARE: usize = 80;

/// An indicator table is compared with others only when it has at least this many rows.
pub const TABLE_MIN_ROWS: usize = 3;

/// The comparison written as a symbol or in words, as reports and forms write it:
/// ≥ ≧ >= 不低于 不少于 大于等于 …; full-width forms and spaces are accepted.
pub fn parse_operator(text: &str) -> Option<TargetOperator> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '＞' => '>',
            '＜' => '<',
            '＝' | '═' => '=',
            c => c,
        })
        .collect();
    Some(match t.as_str() {
        "≥" | "≧" | ">=" | "=>" | "不少于" | "不低于" | "大于等于" | "大于或等于" | "至少" => {
            TargetOperator::AtLeast
        }
        "≤" | "≦" | "<=" | "=<" | "不多于" | "不高于" | "不超过" | "小于等于" | "小于或等于"
        | "至多" => TargetOperator::AtMost,
        "=" | "==" | "等于" => TargetOperator::Equal,
        ">" | "大于" | "高于" | "超过" => TargetOperator::Above,
        "<" | "小于" | "低于" => TargetOperator::Below,
        _ => return None,
    })
}

/// The operator sets a floor (≥ or >).
pub fn is_floor(op: TargetOperator) -> bool {
    matches!(op, TargetOperator::AtLeast | TargetOperator::Above)
}

/// A cost indicator (成本指标): the 一级 is 成本指标, or the 二级 names a cost
/// (经济成本指标, 社会成本指标 …).
pub fn is_cost(level1: Option<TargetLevel1>, level2: &str) -> bool {
    level1 == Some(TargetLevel1::Cost) || level2.contains("成本")
}

/// A cost indicator written as a floor: a cost target is a ceiling (≤), so "≥" or ">"
/// rewards spending more.
pub fn cost_written_as_floor(cost: bool, op: TargetOperator) -> bool {
    cost && is_floor(op)
}

/// One target as the high-target rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PercentView {
    /// The unit is %.
    pub percent: bool,
    pub operator: TargetOperator,
    pub value: Option<Decimal>,
}

/// The result of [`high_targets`]: which targets were high.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighTargets {
    /// Percentage targets with a value.
    pub percent_targets: usize,
    /// Positions (in the order given) of the targets set at ≥95% or above.
    pub high: Vec<usize>,
}

/// Targets with no basis (目标值缺乏测算依据): at least [`HIGH_MIN_COUNT`] percentage
/// targets written as a floor at ≥95%, and they are at least [`HIGH_MIN_SHARE`]% of all
/// percentage targets. `None` when the targets do not look like that.
pub fn high_targets(targets: impl IntoIterator<Item = PercentView>) -> Option<HighTargets> {
    let mut percent_targets = 0;
    let mut high = Vec::new();
    for (i, t) in targets.into_iter().enumerate() {
        let Some(v) = t.value.filter(|_| t.percent) else {
            continue;
        };
        percent_targets += 1;
        if is_floor(t.operator) && v >= HIGH_PERCENT {
            high.push(i);
        }
    }
    (high.len() >= HIGH_MIN_COUNT && high.len() * 100 >= percent_targets * HIGH_MIN_SHARE)
        .then_some(HighTargets {
            percent_targets,
            high,
        })
}

/// The key under which two indicator tables are "identical": the rows' name, operator,
/// value and unit with spaces removed, in sorted order (row order is layout, not content).
/// `None` for tables of fewer than [`TABLE_MIN_ROWS`] rows.
pub fn table_key<'a>(
    rows: impl IntoIterator<Item = (&'a str, TargetOperator, Option<Decimal>, &'a str)>,
) -> Option<Vec<String>> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut key: Vec<String> = rows
        .into_iter()
        .map(|(name, op, value, unit)| {
            format!(
                "{}|{}|{}|{}",
                squeeze(name),
                op.symbol(),
                value.map(|v| v.normalize().to_string()).unwrap_or_default(),
                squeeze(unit)
            )
        })
        .collect();
    if key.len() < TABLE_MIN_ROWS {
        return None;
    }
    key.sort();
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn pv(percent: bool, op: TargetOperator, v: Decimal) -> PercentView {
        PercentView {
            percent,
            operator: op,
            value: Some(v),
        }
    }

    #[test]
    fn operators_in_words_and_symbols() {
        for (t, op) in [
            ("≧", TargetOperator::AtLeast),
            (" 不低于 ", TargetOperator::AtLeast),
            ("＞＝", TargetOperator::AtLeast),
            ("不超过", TargetOperator::AtMost),
            ("═", TargetOperator::Equal),
            ("＜", TargetOperator::Below),
            ("大于", TargetOperator::Above),
        ] {
            assert_eq!(parse_operator(t), Some(op), "{t}");
        }
        assert_eq!(parse_operator("约"), None);
        assert_eq!(parse_operator(""), None);
    }

    #[test]
    fn high_targets_need_three_and_eighty_percent() {
        use TargetOperator::*;
        let three_of_four = [
            pv(true, AtLeast, dec!(95)),
            pv(true, AtLeast, dec!(98)),
            pv(true, Above, dec!(99.5)),
            pv(true, AtLeast, dec!(90)),
        ];
        // 3 of 4 = 75% < 80%
        assert_eq!(high_targets(three_of_four), None);
        let mut four_of_five = three_of_four.to_vec();
        four_of_five.push(pv(true, AtLeast, dec!(100)));
        four_of_five.push(pv(false, AtLeast, dec!(500))); // not a percentage: not counted
        let h = high_targets(four_of_five).unwrap();
        assert_eq!(h.percent_targets, 5);
        assert_eq!(h.high, vec![0, 1, 2, 4]);
        // ≤ 95% is a ceiling, not a high floor
        assert_eq!(
            high_targets([
                pv(true, AtMost, dec!(95)),
                pv(true, AtMost, dec!(96)),
                pv(true, Equal, dec!(100)),
            ]),
            None
        );
    }

    #[test]
    fn cost_floor() {
        assert!(cost_written_as_floor(
            is_cost(Some(TargetLevel1::Cost), ""),
            TargetOperator::AtLeast
        ));
        assert!(cost_written_as_floor(
            is_cost(Some(TargetLevel1::Output), "经济成本指标"),
            TargetOperator::Above
        ));
        assert!(!cost_written_as_floor(
            is_cost(Some(TargetLevel1::Cost), ""),
            TargetOperator::AtMost
        ));
        assert!(!is_cost(Some(TargetLevel1::Output), "数量指标"));
    }

    #[test]
    fn table_keys_ignore_order_and_spaces() {
        use TargetOperator::*;
        let a = table_key([
            ("培训 人次", AtLeast, Some(dec!(500)), "人次"),
            ("满意度", AtLeast, Some(dec!(95.0)), "%"),
            ("完成时间", AtMost, Some(dec!(12)), "月"),
        ]);
        let b = table_key([
            ("满意度", AtLeast, Some(dec!(95)), " %"),
            ("完成时间", AtMost, Some(dec!(12)), "月"),
            ("培训人次", AtLeast, Some(dec!(500)), "人次"),
        ]);
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(table_key([("a", AtLeast, None, "")]), None);
    }
}
