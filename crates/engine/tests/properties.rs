//! Property tests of the scoring invariants: scores stay in [0, w]; tree totals are the sums
//! of their children; grades are monotonic in the score; redistribution keeps the weight.

use jixiao_engine::alloc::allocate;
use jixiao_engine::framework::standard_grades;
use jixiao_engine::rules::*;
use jixiao_engine::{
    evaluate_values, DimensionPolicy, Framework, FrameworkKind, Interval, Leaf, Node, NodeKind,
    NotScorablePolicy, Rounding, ScoreNode,
};
use jixiao_indicators::{IndicatorValue, Missing, Observation, Params, Trace};
use jixiao_model::{Assessment, ChecklistAnswer, DepartmentYear, Num};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A decimal with two places in [lo, hi] (given in hundredths).
fn dec2(lo: i64, hi: i64) -> impl Strategy<Value = Decimal> {
    (lo..=hi).prop_map(|c| Decimal::new(c, 2))
}

fn subject() -> Subject<'static> {
    Subject {
        name: "指标",
        unit: "%",
    }
}

fn numeric_rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        dec2(0, 20000).prop_map(|t| Rule::RatioCapped(RatioCapped { target: t })),
        dec2(0, 20000).prop_map(|t| Rule::Reverse(Reverse { target: t })),
        (dec2(-20000, 20000), dec2(0, 500)).prop_map(|(t, tol)| Rule::Equal(Equal {
            target: t,
            tolerance: tol
        })),
        (dec2(-10000, 10000), dec2(0, 10000)).prop_map(|(l, span)| Rule::Range(Range {
            low: l,
            high: l + span
        })),
        (dec2(-10000, 20000), dec2(0, 500), any::<bool>(), 0..3u8).prop_map(|(x0, k, above, c)| {
            Rule::DeductPerPoint(DeductPerPoint {
                x0,
                k,
                direction: if above { Side::Above } else { Side::Below },
                count: [StepCount::Floor, StepCount::Exact, StepCount::Ceil][c as usize],
            })
        }),
        (
            dec2(0, 20000),
            dec2(1, 2000),
            dec2(0, 500),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(reference, step, k, below, ceil)| Rule::DeductPerStep(
                DeductPerStep {
                    reference,
                    step,
                    k,
                    direction: if below { Side::Below } else { Side::Above },
                    count: if ceil {
                        StepCount::Ceil
                    } else {
                        StepCount::Floor
                    },
                }
            )),
        (
            dec2(-5000, 5000),
            dec2(0, 5000),
            dec2(0, 5000),
            dec2(0, 5000)
        )
            .prop_map(|(lo, span, p1, p2)| Rule::Bands(Bands {
                bands: vec![
                    Band {
                        range: Interval {
                            lower: None,
                            lower_inclusive: false,
                            upper: Some(lo),
                            upper_inclusive: true,
                        },
                        points: p1,
                    },
                    Band {
                        range: Interval {
                            lower: Some(lo),
                            lower_inclusive: false,
                            upper: Some(lo + span),
                            upper_inclusive: true,
                        },
                        points: p2,
                    },
                ],
                otherwise: p1.min(p2),
            })),
        Just(Rule::BudgetExec(BudgetExec {})),
    ]
}

fn assessment() -> impl Strategy<Value = Assessment> {
    (
        prop::option::of(prop::sample::select(vec![
            "达成",
            "部分达成",
            "未达成",
            "优",
            "x",
        ])),
        prop::collection::vec(any::<bool>(), 0..5),
        prop::option::of(dec2(-5000, 15000)),
        prop::option::of(0u32..50),
        any::<bool>(),
    )
        .prop_map(|(tier, items, score, violations, has_reason)| Assessment {
            indicator: "D14".into(),
            tier: tier.map(String::from),
            items: items
                .iter()
                .enumerate()
                .map(|(i, s)| ChecklistAnswer {
                    item: format!("要点{i}"),
                    satisfied: *s,
                    note: None,
                })
                .collect(),
            score: score.map(Num),
            violations,
            reason: if has_reason {
                "理由".into()
            } else {
                String::new()
            },
        })
}

fn judgement_rule(w: Decimal) -> impl Strategy<Value = Rule> {
    prop_oneof![
        (dec2(0, 500), prop::option::of(dec2(0, 1000)))
            .prop_map(|(k, max_deduction)| { Rule::CountDeduct(CountDeduct { k, max_deduction }) }),
        (dec2(0, 500), any::<bool>()).prop_map(|(p, deduct)| Rule::Checklist(Checklist {
            items: (0..5)
                .map(|i| ChecklistItem {
                    name: format!("要点{i}"),
                    points: None,
                })
                .collect(),
            per_missing: Some(p),
            unanswered: if deduct {
                Unanswered::Deduct
            } else {
                Unanswered::NotScorable
            },
        })),
        Just(Rule::Checklist(Checklist {
            items: (0..4)
                .map(|i| ChecklistItem {
                    name: format!("要点{i}"),
                    points: Some(w / Decimal::from(4)),
                })
                .collect(),
            per_missing: None,
            unanswered: Unanswered::Deduct,
        })),
        Just(Rule::QualitativeTier(QualitativeTier::default())),
        Just(Rule::Manual(Manual {})),
    ]
}

proptest! {
    #[test]
    fn numeric_scores_stay_within_the_weight(rule in numeric_rule(), w in dec2(0, 10000), v in dec2(-100000, 100000)) {
        let o = rule.apply_number(w, subject(), v).expect("numeric rule scores numbers");
        prop_assert!(o.score >= Decimal::ZERO && o.score <= w, "{rule:?} w={w} v={v} → {}", o.score);
        // Lost points are always explained; full marks may be explained too (a shortfall
        // smaller than one deduction step says why it cost nothing).
        if o.score < w {
            prop_assert!(o.reason.is_some());
        }
    }

    #[test]
    fn judgement_scores_stay_within_the_weight(
        (w, rule) in dec2(0, 10000).prop_flat_map(|w| (Just(w), judgement_rule(w))),
        a in assessment(),
    ) {
        if let Ok(o) = rule.apply_judgement(w, subject(), &a) {
            prop_assert!(o.score >= Decimal::ZERO && o.score <= w, "{rule:?} w={w} → {}", o.score);
        }
    }

    #[test]
    fn grades_are_monotonic(a in dec2(0, 10000), b in dec2(0, 10000)) {
        let grades = standard_grades();
        let rank = |s: Decimal| grades.iter().position(|g| g.range.contains(s));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (rl, rh) = (rank(lo), rank(hi));
        prop_assert!(rl.is_some() && rh.is_some(), "every score in [0, 100] has a grade");
        // bands are listed best first: a higher score never gets a worse (larger) index
        prop_assert!(rh <= rl, "{lo} → {rl:?}, {hi} → {rh:?}");
    }

    #[test]
    fn allocation_adds_up(total in dec2(0, 100000), shares in prop::collection::vec(dec2(0, 5000), 1..8)) {
        let parts = allocate(total, &shares);
        let any = shares.iter().any(|s| !s.is_zero());
        let sum: Decimal = parts.iter().copied().sum();
        if any {
            prop_assert_eq!(sum, total);
        } else {
            prop_assert_eq!(sum, Decimal::ZERO);
        }
        for (p, s) in parts.iter().zip(&shares) {
            prop_assert!(*p >= Decimal::ZERO);
            if s.is_zero() { prop_assert!(p.is_zero()); }
        }
    }

    #[test]
    fn trees_add_up((nodes, values) in tree(), redistribute in any::<bool>(), zero_dimension in any::<bool>()) {
        let total: Decimal = nodes.iter().map(|n| n.weight).sum();
        let f = Framework {
            id: "p".into(),
            name: "p".into(),
            version: "1".into(),
            source: "test".into(),
            description: None,
            origin: "test".into(),
            kind: FrameworkKind::Department,
            total,
            grades: standard_grades(),
            not_scorable: if redistribute { NotScorablePolicy::Redistribute } else { NotScorablePolicy::Zero },
            not_scorable_dimension: if zero_dimension { DimensionPolicy::Zero } else { DimensionPolicy::Incomplete },
            rounding: Rounding::default(),
            over_achievement_pct: None,
            params: Params::default(),
            nodes,
            project: None,
            project_framework: None,
        };
        let e = evaluate_values(&DepartmentYear::default(), &f, values);
        let tops: Decimal = e.tree.iter().filter_map(|n| n.score).sum();
        prop_assert_eq!(e.total, tops);
        for n in &e.tree {
            check_node(n, redistribute)?;
        }
        // Weight never moves across 一级 nodes.
        for n in &e.tree {
            prop_assert_eq!(n.effective_weight, n.weight, "{}", &n.id);
        }
        prop_assert!(e.total >= Decimal::ZERO && e.total <= total);
        prop_assert!(e.assessed_weight >= Decimal::ZERO && e.assessed_weight <= total);
        prop_assert!(e.total <= e.assessed_weight, "points come only from assessed weight");
        let unscorable_tops = e.tree.iter().filter(|n| n.status != jixiao_engine::NodeStatus::Scored).count();
        if zero_dimension {
            prop_assert!(e.complete);
            prop_assert!(e.tree.iter().all(|n| n.score.is_some()));
        } else {
            prop_assert_eq!(e.complete, unscorable_tops == 0);
            prop_assert_eq!(e.unassessed.len(), unscorable_tops);
        }
        if !e.complete {
            prop_assert!(e.grade.is_none(), "an incomplete evaluation has no grade");
        }
    }
}

fn check_node(n: &ScoreNode, redistribute: bool) -> Result<(), TestCaseError> {
    if let Some(s) = n.score {
        prop_assert!(
            s >= Decimal::ZERO && s <= n.effective_weight,
            "{} {s} > {}",
            n.id,
            n.effective_weight
        );
    }
    if !redistribute {
        prop_assert_eq!(n.weight, n.effective_weight);
    }
    if !n.children.is_empty() {
        let sum: Decimal = n.children.iter().filter_map(|c| c.score).sum();
        prop_assert_eq!(n.score.unwrap_or_default(), sum, "{}", &n.id);
        let eff: Decimal = n.children.iter().map(|c| c.effective_weight).sum();
        if n.status == jixiao_engine::NodeStatus::Scored {
            prop_assert_eq!(eff, n.effective_weight, "{}", &n.id);
        }
        for c in &n.children {
            check_node(c, redistribute)?;
        }
    }
    Ok(())
}

/// A random tree of depth ≤ 3 whose leaves score indicators D03… with ratio_capped, and the
/// values of those indicators (numbers or not scorable).
fn tree() -> impl Strategy<Value = (Vec<Node>, Vec<IndicatorValue>)> {
    let leaf = (dec2(0, 2000), prop::option::of(dec2(-5000, 20000)));
    let group = prop::collection::vec(leaf, 1..4);
    let top = prop::collection::vec(prop::collection::vec(group, 1..3), 1..4);
    top.prop_map(|tops| {
        let mut values = Vec::new();
        let mut counter = 0usize;
        let mut nodes = Vec::new();
        for (ti, mids) in tops.into_iter().enumerate() {
            let mut mid_nodes = Vec::new();
            for (mi, leaves) in mids.into_iter().enumerate() {
                let mut leaf_nodes = Vec::new();
                for (w, v) in leaves {
                    let id = format!("X{counter}");
                    counter += 1;
                    values.push(IndicatorValue {
                        id: id.clone(),
                        name: id.clone(),
                        unit: "%",
                        observation: match v {
                            Some(value) => Observation::Number { value },
                            None => Observation::NotScorable {
                                missing: vec![Missing {
                                    name: "数据".into(),
                                    path: "x".into(),
                                }],
                            },
                        },
                        trace: Trace::default(),
                        stated: vec![],
                    });
                    leaf_nodes.push(Node {
                        id: id.clone(),
                        path: format!("t{ti}.m{mi}.{id}"),
                        name: id.clone(),
                        weight: w,
                        kind: NodeKind::Leaf({
                            let rule = Rule::RatioCapped(RatioCapped {
                                target: Decimal::ONE_HUNDRED,
                            });
                            Leaf {
                                indicators: vec![id],
                                description: rule.describe(w),
                                target: rule.target_text("%"),
                                rule,
                            }
                        }),
                        note: None,
                        source: None,
                    });
                }
                let w = leaf_nodes.iter().map(|n| n.weight).sum();
                mid_nodes.push(Node {
                    id: format!("m{mi}"),
                    path: format!("t{ti}.m{mi}"),
                    name: "中".into(),
                    weight: w,
                    kind: NodeKind::Group(leaf_nodes),
                    note: None,
                    source: None,
                });
            }
            let w = mid_nodes.iter().map(|n| n.weight).sum();
            nodes.push(Node {
                id: format!("t{ti}"),
                path: format!("t{ti}"),
                name: "上".into(),
                weight: w,
                kind: NodeKind::Group(mid_nodes),
                note: None,
                source: None,
            });
        }
        (nodes, values)
    })
}

fn extreme() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
        Just(Decimal::new(-1, 28)),
        dec2(-100000, 100000),
    ]
}

proptest! {
    /// User figures and parameters can be absurd; nothing overflows into a panic.
    #[test]
    fn extreme_numbers_do_not_panic(a in extreme(), b in extreme(), v in extreme(), w in dec2(0, 10000)) {
        let rules = [
            Rule::RatioCapped(RatioCapped { target: a }),
            Rule::Reverse(Reverse { target: a }),
            Rule::Equal(Equal { target: a, tolerance: Decimal::ZERO }),
            Rule::Range(Range { low: a.min(b), high: a.max(b) }),
            Rule::DeductPerPoint(DeductPerPoint { x0: a, k: b.abs(), direction: Side::Above, count: StepCount::Exact }),
            Rule::DeductPerPoint(DeductPerPoint { x0: a, k: b.abs(), direction: Side::Below, count: StepCount::Floor }),
            Rule::DeductPerStep(DeductPerStep {
                reference: a,
                step: b.abs().max(Decimal::new(1, 28)),
                k: b.abs(),
                direction: Side::Below,
                count: StepCount::Ceil,
            }),
            Rule::BudgetExec(BudgetExec {}),
        ];
        for r in &rules {
            let o = r.apply_number(w, subject(), v).expect("numeric");
            prop_assert!(o.score >= Decimal::ZERO && o.score <= w);
        }
    }

    /// Mangled framework files give errors, never a panic.
    #[test]
    fn mangled_framework_files_do_not_panic(start in 0usize..12000, len in 0usize..200, insert in "[\\[\\]{}=\"a-z0-9.,\\n -]{0,12}") {
        let (_, origin, text) = jixiao_engine::builtin::BUILTIN_SOURCES[2];
        let mut cut = start.min(text.len());
        while !text.is_char_boundary(cut) { cut -= 1; }
        let mut end = (cut + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mangled = format!("{}{}{}", &text[..cut], insert, &text[end..]);
        match jixiao_engine::parse_framework(&mangled, origin) {
            Ok(f) => prop_assert_eq!(f.top_weight(), f.total),
            Err(errs) => {
                prop_assert!(!errs.is_empty());
                for e in errs {
                    prop_assert!(e.line >= 1 && e.column >= 1);
                }
            }
        }
    }
}
