//! Stated figures (`[[stated]]`) compared with computed values at the stated precision.

use super::{assert_note, check, m, stated};

fn sangong(d: &mut jixiao_model::DepartmentYear) {
    d.sangong.actual.total = m("33.45");
    // 33.45 ÷ 36.08 = 92.71…% (on the default basis, the 三公 budget as compiled).
    d.sangong.initial_budget.total = m("36.08");
}

#[test]
fn stated_precision_decides_agreement() {
    // (stated, computed at its precision, agrees): rounded or truncated to the stated places
    // (exact 92.7106…)
    let rows = [
        ("92.71", "92.71", true),
        ("92.7", "92.7", true),
        ("92.710", "92.711", true),
        ("92.712", "92.711", false),
        ("93", "93", true),
        ("92.8", "92.7", false),
        ("92.72", "92.71", false),
        ("92.70", "92.71", false),
    ];
    for (value, computed, agrees) in rows {
        let v = check(
            "D12",
            |d| {
                sangong(d);
                d.stated = vec![stated("D12", value)];
            },
            "92.71",
        );
        assert_eq!(v.stated.len(), 1);
        let s = &v.stated[0];
        assert_eq!(s.stated.to_string(), value);
        assert_eq!(
            s.computed_at_stated_precision.to_string(),
            computed,
            "{value}"
        );
        assert_eq!(s.agrees, agrees, "{value}");
        if !agrees {
            assert_note(&v, &format!("报告写明 {value}%"));
            assert_note(&v, "两者不一致");
        } else {
            assert!(
                !v.trace.notes.iter().any(|n| n.contains("不一致")),
                "{value}: {:?}",
                v.trace.notes
            );
        }
    }
}

#[test]
fn stated_rounds_half_up_or_truncates_at_its_precision() {
    // 0.625% stated as 0.63 agrees (四舍五入; banker's rounding would give 0.62) and as 0.62
    // too (truncated); 0.61 does not.
    let v = check(
        "D03",
        |d| {
            (d.staffing.actual, d.staffing.authorized) = (Some(1), Some(160));
            d.stated = vec![
                stated("D03", "0.63"),
                stated("D03", "0.62"),
                stated("D03", "0.61"),
                stated("D12", "1"),
            ];
        },
        "0.63",
    );
    let agrees: Vec<bool> = v.stated.iter().map(|s| s.agrees).collect();
    assert_eq!(
        agrees,
        [true, true, false],
        "only D03's stated figures are compared"
    );
}

#[test]
fn stated_figure_for_an_uncomputable_value_is_noted() {
    let v = check(
        "D12",
        |d| d.stated = vec![stated("D12", "92.71")],
        "缺少 三公经费实际支出@sangong.actual.total; 三公经费年初预算@sangong.initial_budget.total",
    );
    assert!(v.stated.is_empty());
    assert_note(&v, "报告写明 92.71%，但本指标无法计算，未能核对");
}
