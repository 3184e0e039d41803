//! 结果应用 rules: the shipped file, every kind of mistake located by line and column, and
//! the proposals computed exactly.

use jixiao_workflow::results::{
    parse_result_rules, propose, Basis, Measure, ResultRules, DEFAULT_RESULT_RULES_TOML,
};
use jixiao_workflow::targets::Grade;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[test]
fn the_shipped_rules_read_as_documented() {
    let r = ResultRules::default_rules();
    assert_eq!(r.id, "results-default");
    let by: Vec<(Grade, Measure, Option<Decimal>)> = r
        .grades
        .iter()
        .map(|(g, x)| (*g, x.measure, x.cut_pct))
        .collect();
    assert_eq!(
        by,
        vec![
            (Grade::Excellent, Measure::Priority, None),
            (Grade::Good, Measure::Keep, None),
            (Grade::Fair, Measure::Cut, Some(dec!(10))),
            (Grade::Poor, Measure::Suspend, None),
        ]
    );
    assert_eq!(r.ungraded.measure, Measure::Manual);
    assert_eq!(r.carryover_cut_pct, Some(dec!(30)));
    assert_eq!(r.basis, "本年度调整后预算");
}

#[test]
fn proposals_are_exact() {
    let r = ResultRules::default_rules();
    let p = propose(
        r,
        &Basis {
            grade: Some(Grade::Fair),
            budget: Some(dec!(23260.55)),
            carryover_growth: None,
        },
    );
    // 23260.55 × 10% = 2326.055 → 2326.06 (四舍五入, not banker's 2326.06/2326.05)
    assert_eq!(p.reduction, Some(dec!(2326.06)));
    assert_eq!(p.proposed, Some(dec!(20934.49)));
    assert_eq!(
        p.reasons,
        vec![
            "等级「中」：核减（评价结果为中，下一年度预算按比例核减）".to_string(),
            "核减 2326.06 万元 = 23260.55（本年度调整后预算）× 10%".to_string(),
            "建议安排 20934.49 万元".to_string(),
        ]
    );
    let p = propose(
        r,
        &Basis {
            grade: Some(Grade::Poor),
            budget: Some(dec!(500)),
            carryover_growth: Some(dec!(40)),
        },
    );
    assert_eq!(
        (p.measure, p.reduction, p.proposed),
        (Measure::Suspend, Some(dec!(500)), Some(dec!(0)))
    );
    assert!(
        p.reasons[2].ends_with("（以预算数为限）"),
        "{:?}",
        p.reasons
    );
    // 良 with a grown carry-over: 30% of the growth is cut anyway.
    let p = propose(
        r,
        &Basis {
            grade: Some(Grade::Good),
            budget: Some(dec!(1000)),
            carryover_growth: Some(dec!(123.45)),
        },
    );
    assert_eq!(p.reduction, Some(dec!(37.04))); // 37.035 → 37.04
    assert_eq!(p.proposed, Some(dec!(962.96)));
    assert_eq!(
        p.reasons[1],
        "结转结余比上年增加 123.45 万元，另核减其 30% 即 37.04 万元"
    );
    // A shrinking carry-over changes nothing.
    let p = propose(
        r,
        &Basis {
            grade: Some(Grade::Excellent),
            budget: Some(dec!(1000)),
            carryover_growth: Some(dec!(-5)),
        },
    );
    assert_eq!((p.reduction, p.proposed), (Some(dec!(0)), Some(dec!(1000))));
    // No grade: another study, no amount.
    let p = propose(
        r,
        &Basis {
            grade: None,
            budget: Some(dec!(1000)),
            carryover_growth: None,
        },
    );
    assert_eq!(
        (p.measure, p.reduction, p.proposed),
        (Measure::Manual, None, None)
    );
    // No budget known: the measure only.
    let p = propose(
        r,
        &Basis {
            grade: Some(Grade::Fair),
            budget: None,
            carryover_growth: None,
        },
    );
    assert_eq!(
        (p.measure, p.reduction, p.proposed),
        (Measure::Cut, None, None)
    );
    assert_eq!(p.reasons[1], "未知本年度调整后预算，只给出措施，不计算金额");
    // Serialised amounts are decimal strings.
    let j = serde_json_like(&propose(
        r,
        &Basis {
            grade: Some(Grade::Fair),
            budget: Some(dec!(100)),
            carryover_growth: None,
        },
    ));
    assert!(j.contains("proposed:\"90.00\""), "{j}");
    assert!(j.contains("reduction:\"10.00\""), "{j}");
}

fn serde_json_like(p: &jixiao_workflow::results::Proposal) -> String {
    // The workflow crate has no JSON dependency: check through the serde data model with
    // TOML, which the workspace already has.
    toml_edit::ser::to_string(p)
        .unwrap_or_default()
        .replace(" = ", ":")
        .replace('\n', ",")
}

fn errors_of(text: &str) -> Vec<String> {
    match parse_result_rules(text, "our.toml") {
        Ok(_) => vec![],
        Err(es) => es.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn every_mistake_is_located() {
    let base = DEFAULT_RESULT_RULES_TOML;
    assert!(errors_of(base).is_empty());

    // A cut share over 100, on line and column of its value.
    let text = base.replace("cut_pct = \"10\"", "cut_pct = \"110\"");
    let line = text.lines().position(|l| l.starts_with("cut_pct")).unwrap() + 1;
    assert_eq!(
        errors_of(&text),
        vec![format!("our.toml:{line}:11: cut_pct = 110 超过 100")]
    );

    // An unknown measure and an unknown key.
    let text = base
        .replace("measure = \"keep\"", "measure = \"keeep\"")
        .replace("note = \"评价结果为优", "nte = \"评价结果为优");
    let errs = errors_of(&text);
    assert_eq!(errs.len(), 2, "{errs:?}");
    let keep_line = text.lines().position(|l| l.contains("keeep")).unwrap() + 1;
    let nte_line = text.lines().position(|l| l.starts_with("nte")).unwrap() + 1;
    assert_eq!(
        errs[0],
        format!("our.toml:{nte_line}:1: 结果应用规则文件的 grade 条目中有未知的键 nte")
    );
    assert_eq!(
        errs[1],
        format!("our.toml:{keep_line}:11: measure 的值「keeep」无效，应为 priority、keep、cut、suspend、cancel、manual 之一")
    );

    // A grade twice (the second is named) — and then 差 is missing.
    let text = base.replace("grade = \"差\"", "grade = \"中\"");
    let errs = errors_of(&text);
    let dup_line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "grade = \"中\"")
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(
        errs,
        vec![format!(
            "our.toml:{dup_line}:9: 等级「中」的规则重复：每个等级只能写一条"
        )]
    );
    let text = base.replace("grade = \"差\"", "grade = \"B\"");
    let errs = errors_of(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].ends_with("等级「B」无效，应为 优、良、中、差 之一"),
        "{errs:?}"
    );

    // A missing grade rule: the four [[grade]] tables with 良 removed.
    let start = base.find("[[grade]]\ngrade = \"良\"").unwrap();
    let end = base[start + 1..].find("[[grade]]").unwrap() + start + 1;
    let text = format!("{}{}", &base[..start], &base[end..]);
    let errs = errors_of(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("缺少等级「良」的规则"), "{errs:?}");

    // A cut without a share, and a share on a measure that is not a cut.
    let text = base.replace("cut_pct = \"10\"\n", "").replace(
        "measure = \"priority\"",
        "measure = \"priority\"\ncut_pct = 5",
    );
    let errs = errors_of(&text);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].contains("cut_pct 只用于 measure = \"cut\"（核减），此处为「优先保障」"),
        "{errs:?}"
    );
    assert!(errs[1].contains("须写核减比例 cut_pct"), "{errs:?}");

    // TOML syntax, located.
    let errs = errors_of("id = \"x\"\nname = \n");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("our.toml:2:"), "{errs:?}");
    assert!(errs[0].contains("TOML 语法错误"), "{errs:?}");

    // Required keys.
    let errs = errors_of("[[grade]]\ngrade = \"优\"\nmeasure = \"keep\"\n");
    assert!(errs.iter().any(|e| e.contains("缺少必填项 id")), "{errs:?}");
    assert!(
        errs.iter().any(|e| e.contains("缺少等级「差」的规则")),
        "{errs:?}"
    );

    // Carry-over share out of range.
    let text = base.replace("cut_pct_of_growth = \"30\"", "cut_pct_of_growth = 0");
    let errs = errors_of(&text);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].ends_with("cut_pct_of_growth = 0 必须大于 0"),
        "{errs:?}"
    );
}

#[test]
fn grades_in_any_order_and_in_words() {
    let text = r#"
id = "ours"
name = "本市规则"
source = "市财政局文件"
[[grade]]
grade = "较差"
measure = "cancel"
[[grade]]
grade = "优秀"
measure = "priority"
[[grade]]
grade = "良"
measure = "cut"
cut_pct = 5
[[grade]]
grade = "中"
measure = "cut"
cut_pct = "20.5"
"#;
    let r = parse_result_rules(text, "ours.toml").expect("valid");
    let order: Vec<Grade> = r.grades.iter().map(|(g, _)| *g).collect();
    assert_eq!(order, Grade::ALL.to_vec());
    assert_eq!(r.rule(Some(Grade::Fair)).cut_pct, Some(dec!(20.5)));
    assert_eq!(r.rule(Some(Grade::Poor)).note, "取消");
    assert_eq!(r.carryover_cut_pct, None);
    let p = propose(
        &r,
        &Basis {
            grade: Some(Grade::Fair),
            budget: Some(dec!(200)),
            carryover_growth: Some(dec!(10)),
        },
    );
    assert_eq!((p.reduction, p.proposed), (Some(dec!(41)), Some(dec!(159))));
}

#[test]
fn absurd_amounts_do_not_overflow() {
    let r = ResultRules::default_rules();
    for grade in [Some(Grade::Fair), Some(Grade::Poor), None] {
        let p = propose(
            r,
            &Basis {
                grade,
                budget: Some(Decimal::MAX),
                carryover_growth: Some(Decimal::MAX),
            },
        );
        assert_eq!((p.reduction, p.proposed), (None, None), "{grade:?}");
        if grade.is_some() {
            assert!(
                p.reasons.iter().any(|x| x.contains("超出可计算范围")),
                "{:?}",
                p.reasons
            );
        }
    }
    let p = propose(
        r,
        &Basis {
            grade: Some(Grade::Fair),
            budget: Some(dec!(999999999999999)),
            carryover_growth: Some(dec!(999999999999999)),
        },
    );
    // 10% + 30% of the growth: exact at the edge of the range.
    assert_eq!(p.proposed, Some(dec!(599999999999999.40)));
}

proptest::proptest! {
    /// Whatever is written, the reader answers (no panic), and every error is on a line
    /// of the file.
    #[test]
    fn a_rules_file_never_panics(cut in 0usize..2000, insert in "[\\PC\\n=\\[\\]\"]{0,12}") {
        let base = DEFAULT_RESULT_RULES_TOML;
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let text = format!("{}{}{}", &base[..at], insert, &base[at..]);
        if let Err(errors) = parse_result_rules(&text, "x.toml") {
            let lines = text.lines().count().max(1) + 1;
            for e in errors {
                proptest::prop_assert!(e.line >= 1 && e.line <= lines, "{e}");
            }
        }
    }
}
