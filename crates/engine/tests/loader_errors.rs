//! Framework loader errors: every problem at once, each with its line and column.

use jixiao_engine::{parse_framework, FrameworkError};

fn errors(text: &str) -> Vec<FrameworkError> {
    match parse_framework(text, "t.toml") {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

/// (line, column, a fragment of the Chinese message) of each error, in order.
fn check(text: &str, expect: &[(usize, usize, &str)]) {
    let errs = errors(text);
    let got: Vec<String> = errs
        .iter()
        .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
        .collect();
    assert_eq!(errs.len(), expect.len(), "got:\n{}", got.join("\n"));
    for (e, (line, col, frag)) in errs.iter().zip(expect) {
        assert_eq!(
            (e.line, e.column),
            (*line, *col),
            "position of «{}»; all:\n{}",
            e.message,
            got.join("\n")
        );
        assert!(
            e.message.contains(frag),
            "«{}» should contain «{frag}»; all:\n{}",
            e.message,
            got.join("\n")
        );
        assert_eq!(e.origin, "t.toml");
        assert!(!e.message_en.is_empty());
    }
}

const HEAD: &str = r#"id = "t"
name = "测试"
source = "test"
"#;

#[test]
fn reports_every_problem_with_its_position() {
    let text = format!(
        r#"{HEAD}bogus = 1
[[node]]
id = "a"
name = "甲"
weight = 60
  [[node.node]]
  indicator = "D06"
  name = "预算执行率"
  weight = 50
  rule = {{ type = "deduct_per_step", reference = 100, step = 5, k = -2 }}
  [[node.node]]
  indicator = "D99"
  name = "未知"
  weight = 5
  rule = {{ type = "ratio_capped", target = 100 }}
[[node]]
id = "a"
name = "重复"
weight = 30
indicator = "D12"
rule = {{ type = "ratio_capped" }}
"#
    );
    check(
        &text,
        &[
            (1, 1, "一级指标权重合计 90 不等于总分 100"),
            (4, 1, "未知的键 bogus"),
            (8, 10, "节点 a 的权重 60 不等于下级权重合计 55"),
            (13, 69, "k = -2 不能为负数"),
            (15, 15, "未知的指标编号「D99」"),
            (20, 6, "节点编号重复：a"),
            (24, 8, "缺少必填项 target"),
        ],
    );
}

#[test]
fn toml_syntax_error_has_a_position() {
    check(
        "id = \"t\"\nname = \"测试\nsource = 1\n",
        &[(2, 11, "TOML 语法错误")],
    );
}

#[test]
fn declared_total_and_columns_count_characters() {
    let text = format!(
        r#"{HEAD}total = 90
[[node]]
indicator = "D06"
name = "预算执行率" ; weight = 1
"#
    );
    let errs = errors(&text);
    assert_eq!((errs[0].line, errs[0].column), (7, 16), "{errs:?}");
    let text = format!(
        r#"{HEAD}total = 90
[[node]]
indicator = "D06"
name = "预算执行率"
weight = 100
rule = {{ type = "budget_exec", "多余" = 1 }}
"#
    );
    // columns count characters: the Chinese key starts at column 32, not at its byte offset
    check(
        &text,
        &[
            (4, 9, "一级指标权重合计 100 不等于总分 90"),
            (9, 32, "未知的键 多余"),
        ],
    );
}

#[test]
fn grade_bands_must_not_overlap_or_leave_gaps() {
    let text = format!(
        r#"{HEAD}[[grade]]
name = "优"
range = "[90, 100]"
[[grade]]
name = "良"
range = "[80, 90]"
[[grade]]
name = "中"
range = "[60, 79]"
[[grade]]
name = "差"
range = "(0, 60)"
[[grade]]
name = "坏"
range = "[1, 2"
[[node]]
indicator = "D06"
name = "预算执行率"
weight = 100
rule = {{ type = "budget_exec" }}
"#
    );
    check(&text, &[(18, 9, "区间「[1, 2」应以 ] 或 ) 结尾")]);
    let text = text.replace("[[grade]]\nname = \"坏\"\nrange = \"[1, 2\"\n", "");
    check(
        &text,
        &[
            (6, 9, "等级「优」[90, 100] 与等级「良」[80, 90] 重叠"),
            (9, 9, "等级「中」[60, 79] 与等级「良」[80, 90] 之间有空档"),
            (15, 9, "最低等级「差」(0, 60) 未覆盖 0 分"),
        ],
    );
}

#[test]
fn rule_parameters_are_checked() {
    let text = format!(
        r#"{HEAD}[[node]]
id = "g"
name = "组"
  [[node.node]]
  indicator = "D07"
  name = "预算调整率"
  weight = 3
  rule = {{ type = "bands", bands = [
    {{ range = "(, 0]", points = 3 }},
    {{ range = "[0, 10]", points = 2 }},
    {{ range = "(10, 20]", points = 4 }},
  ] }}
  [[node.node]]
  indicator = "D14"
  name = "管理制度健全性"
  weight = 3
  rule = {{ type = "checklist", items = [ {{ name = "a", points = 1 }} ] }}
  [[node.node]]
  indicator = "D15"
  name = "资金使用合规性"
  weight = 4
  rule = {{ type = "ratio_capped", target = 100 }}
  [[node.node]]
  indicator = "D28"
  name = "满意度"
  weight = 90
  rule = {{ type = "no_such_rule", x = 1 }}
  [[node.node]]
  indicator = "D06"
  name = "预算执行率"
  weight = 0.125
  rule = {{ type = "budget_exec" }}
"#
    );
    check(
        &text,
        &[
            (13, 15, "分档 [0, 10] 与 (-∞, 0] 重叠"),
            (14, 36, "分档分值 4 超过权重 3"),
            (20, 40, "评分要点分值合计 1 不等于权重 3"),
            (25, 10, "D15 资金使用合规性是定性指标"),
            (30, 19, "未知的规则类型「no_such_rule」"),
            (34, 12, "权重 0.125 最多保留两位小数"),
        ],
    );
}

#[test]
fn params_and_policies_are_checked() {
    let text = format!(
        r#"{HEAD}not_scorable = "skip"
over_achievement = 90
[params]
sangong_change_basis = "actual"
payment_progress_as_of = "Q5"
[[node]]
indicator = "D06"
name = "预算执行率"
weight = 100
rule = {{ type = "budget_exec" }}
"#
    );
    check(
        &text,
        &[
            (4, 16, "not_scorable 的值「skip」无效"),
            (5, 20, "over_achievement = 90 应大于 100"),
            (6, 1, "Q5"),
        ],
    );
    let text = format!(
        r#"{HEAD}[params]
bogus_param = 1
[[node]]
indicator = "D06"
name = "预算执行率"
weight = 100
rule = {{ type = "budget_exec" }}
"#
    );
    check(&text, &[(5, 1, "params 无效")]);
}

#[test]
fn project_scheme_is_checked() {
    let text = format!(
        r#"{HEAD}kind = "project"
[project]
cost_placement = "separate"
execution = {{ weight = 10, rule = {{ type = "budget_exec" }} }}
[[project.category]]
level1 = "产出指标"
weight = 50
[[project.category]]
level1 = "效益"
weight = 30
[[project.category]]
level1 = "满意度指标"
weight = 5
if_absent = "不存在"
"#
    );
    check(&text, &[(17, 13, "「不存在」不是一级指标")]);
    let text = text.replace("if_absent = \"不存在\"\n", "");
    check(
        &text,
        &[
            (6, 18, "cost_placement = \"separate\" 需要"),
            (8, 1, "预算执行率与各一级指标分值合计 95 不等于总分 100"),
        ],
    );
}

#[test]
fn a_missing_framework_header_is_reported() {
    check(
        "[[node]]\nid = \"x\"\nname = \"x\"\nindicator = \"D06\"\nweight = 100\nrule = { type = \"budget_exec\" }\n",
        &[
            (1, 1, "缺少必填项 id"),
            (1, 1, "缺少必填项 name"),
            (1, 1, "缺少必填项 source"),
        ],
    );
}

/// The keys added for published-sheet readings are validated like the rest: a step count, an
/// unanswered-point policy, a dimension policy and a node's source mark.
#[test]
fn new_reading_keys_are_validated_with_positions() {
    let text = format!(
        r#"{HEAD}not_scorable_dimension = "drop"
[[node]]
id = "a"
name = "甲"
weight = 100
source = "岳阳"
  [[node.node]]
  indicator = "D06"
  name = "预算执行率"
  weight = 50
  rule = {{ type = "deduct_per_step", reference = 100, step = 5, k = 2, count = "round" }}
  [[node.node]]
  indicator = "D15"
  name = "资金使用合规性"
  weight = 50
  rule = {{ type = "checklist", per_missing = 1 }}
"#
    );
    check(
        &text,
        &[
            (4, 26, "not_scorable_dimension 的值「drop」无效"),
            (
                9,
                10,
                "source 应以 [official]、[practice]、[default] 之一开头",
            ),
            (14, 80, "count 的值「round」无效"),
            (19, 46, "per_missing 需要同时列出评分要点 items"),
        ],
    );
}
