//! Property tests of the clause-level rate reader and the flattened score-sheet reader:
//! no panics on any mix of the words and figures they look for, and every reading and
//! diagnostic points into the text. (The cargo-fuzz target `fuzz/fuzz_targets/audit_text.rs`
//! runs the same invariants on arbitrary bytes.)

use jixiao_audit::{audit_text, extract, normalize, Options};
use proptest::prelude::*;

fn atoms() -> impl Strategy<Value = String> {
    let a = prop_oneof![
        Just("占".to_string()),
        Just("的".to_string()),
        Just("占一般公共预算支出的".to_string()),
        Just("比上年增加".to_string()),
        Just("同比减少".to_string()),
        Just("增长".to_string()),
        Just("下降".to_string()),
        Just("增收".to_string()),
        Just("较2024年的".to_string()),
        Just("完成预算的".to_string()),
        Just("完成年初預(yù)算".to_string()),
        Just("决算数大于预算数".to_string()),
        Just("由年初的".to_string()),
        Just("调整为".to_string()),
        Just("加上".to_string()),
        Just("收入总计".to_string()),
        Just("其中：".to_string()),
        Just("全年预算数 全年执行数 分值 执行率 得分 ".to_string()),
        Just("年初预算数 ".to_string()),
        Just("指标值 完成值 分值 得分 ".to_string()),
        Just("预算执行率".to_string()),
        Just("其中:本年财政拨款 ".to_string()),
        Just(" | ".to_string()),
        Just("≧".to_string()),
        Just(">=".to_string()),
        Just("一".to_string()),
        Just("万元".to_string()),
        Just("元".to_string()),
        Just("%".to_string()),
        Just("，".to_string()),
        Just("；".to_string()),
        Just("。".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        "[0-9]{1,6}".prop_map(|s| s),
        "[0-9]{1,4}\\.[0-9]{1,3}".prop_map(|s| s),
        "\\PC{0,3}".prop_map(|s| s),
    ];
    prop::collection::vec(a, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn readers_never_panic_and_point_into_the_text(text in atoms()) {
        let a = audit_text(&text, &Options { year: Some(2021) });
        for d in &a.diagnostics {
            for r in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
                prop_assert!(r.start <= r.end && r.end <= text.len());
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
        let n = normalize::normalize(&text);
        let ex = extract::extract(&n.text);
        let q = ex.quantities.len();
        for r in &ex.rates {
            prop_assert!(r.rate < q && r.of < q);
            prop_assert!(r.delta.is_none_or(|d| d < q) && r.base.is_none_or(|b| b < q));
        }
        for r in &ex.score_rows {
            prop_assert!(r.target < q && r.actual < q && r.weight < q && r.score < q);
        }
        for b in &ex.budget_rows {
            prop_assert!(b.weight < q && b.score < q && b.own_funds.iter().all(|&i| i < q));
        }
    }
}
