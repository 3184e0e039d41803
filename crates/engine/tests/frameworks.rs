//! Every shipped framework loads, adds up to 100 and documents its source.

use jixiao_engine::builtin::BUILTIN_SOURCES;
use jixiao_engine::{builtin, builtin_frameworks, parse_framework, FrameworkKind, Node};
use rust_decimal::Decimal;

fn check_sums(n: &Node) {
    if !n.children().is_empty() {
        let sum: Decimal = n.children().iter().map(|c| c.weight).sum();
        assert_eq!(sum, n.weight, "{}", n.path);
        n.children().iter().for_each(check_sums);
    }
}

#[test]
fn every_shipped_framework_loads_and_adds_up_to_100() {
    for (id, origin, text) in BUILTIN_SOURCES {
        let f = parse_framework(text, origin).unwrap_or_else(|e| {
            panic!(
                "{id}: {}",
                e.iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert_eq!(&f.id, id);
        assert_eq!(f.total, Decimal::ONE_HUNDRED);
        assert_eq!(f.top_weight(), Decimal::ONE_HUNDRED, "{id}");
        assert!(!f.source.is_empty());
        f.nodes.iter().for_each(check_sums);
        assert_eq!(f.grades.len(), 4);
    }
    assert_eq!(builtin_frameworks().len(), BUILTIN_SOURCES.len());
}

#[test]
fn shipped_frameworks_have_the_expected_shape() {
    let mof = builtin("mof-2013-dept").expect("mof loads");
    let mut ids: Vec<String> = mof
        .leaves()
        .iter()
        .flat_map(|l| l.leaf().map(|x| x.indicators.clone()).unwrap_or_default())
        .collect();
    ids.sort();
    let expected: Vec<String> = (1..=28).map(|i| format!("D{i:02}")).collect();
    assert_eq!(ids, expected, "53号 tree uses D01–D28 once each");
    let names: Vec<&str> = mof.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["投入", "过程", "产出", "效果"]);

    let lh = builtin("longhua-4e").expect("longhua loads");
    assert!(lh.source.contains("[default]"));
    let names: Vec<&str> = lh.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        ["预算执行管理", "经济性", "效率性", "效果性", "公平性"]
    );

    let p = builtin("project-self-2020").expect("project loads");
    assert_eq!(p.kind, FrameworkKind::Project);
    let scheme = p.project.expect("scheme");
    assert_eq!(scheme.execution_weight, Decimal::TEN);
    let w: Vec<Decimal> = scheme.categories.iter().map(|c| c.weight).collect();
    assert_eq!(w, [Decimal::from(50), Decimal::from(30), Decimal::from(10)]);
    assert!(builtin("nope").is_none());
}
