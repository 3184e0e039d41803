//! Error paths: every diagnostic with its exact position and message.

use jixiao_io::{parse_json, parse_toml, InputDiagnostic, Lang};

/// One line per diagnostic: `origin:line:column code message`.
fn summary(diags: &[InputDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("{} {} {}", d.position(), d.code, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parse TOML that must fail and compare the diagnostics with `expect`.
fn check_toml(input: &str, expect: &str) {
    match parse_toml(input, "d.toml") {
        Ok(l) => panic!("expected errors, loaded with {:?}", l.diagnostics),
        Err(diags) => assert_eq!(summary(&diags), expect.trim(), "\n{}", summary(&diags)),
    }
}

fn check_json(input: &str, expect: &str) {
    match parse_json(input, "d.json") {
        Ok(l) => panic!("expected errors, loaded with {:?}", l.diagnostics),
        Err(diags) => assert_eq!(summary(&diags), expect.trim(), "\n{}", summary(&diags)),
    }
}

#[test]
fn unknown_field_names_the_path_and_suggests_the_closest() {
    check_toml(
        "[department]\nyear = 2021\n\n[budget.inital]\ntotal = 1\n",
        "d.toml:4:9 unknown-field 未知字段 `budget.inital`，是否应为 `initial`？",
    );
    check_toml(
        "[department]\nyear = 2021\nnmae = \"x\"\n",
        "d.toml:3:1 unknown-field 未知字段 `department.nmae`，是否应为 `name`？",
    );
    // No close name: the allowed fields are listed instead.
    check_toml(
        "[department]\nyear = 2021\n[carryover]\nzzz = 1\n",
        "d.toml:4:1 unknown-field 未知字段 `carryover.zzz`（此处可用的字段：opening、closing）",
    );
}

#[test]
fn unknown_field_renders_like_a_compiler() {
    let Err(diags) = parse_toml(
        "[department]\nyear = 2021\n\n[budget.inital]\ntotal = 1\n",
        "d.toml",
    ) else {
        panic!("must fail");
    };
    assert_eq!(
        diags[0].render(Lang::Zh),
        "错误[unknown-field]: 未知字段 `budget.inital`，是否应为 `initial`？\n \
         --> d.toml:4:9\n  |\n4 | [budget.inital]\n  |         ^^^^^^\n"
    );
    assert_eq!(
        diags[0].render(Lang::En),
        "error[unknown-field]: unknown field `budget.inital`; did you mean `initial`?\n \
         --> d.toml:4:9\n  |\n4 | [budget.inital]\n  |         ^^^^^^\n"
    );
}

#[test]
fn carets_align_under_chinese_text() {
    let Err(diags) = parse_toml(
        "[department]\nname = \"龙华\"\nyear = 2021\n[budget.initial]\ntotal = \"约3万\"\n",
        "d.toml",
    ) else {
        panic!("must fail");
    };
    // "约3万" with quotes is 2+2+1+2 = 7 columns wide.
    assert_eq!(
        diags[0].render(Lang::Zh),
        "错误[invalid-number]: `budget.initial.total` 的值「约3万」不是数字，应为金额（万元），如 1752、\"1,752.00\" 或 \"3500 元\"\n \
         --> d.toml:5:9\n  |\n5 | total = \"约3万\"\n  |         ^^^^^^^\n"
    );
    // A value after Chinese text on the same line: the carets start after its display
    // width (each Chinese character is two columns wide).
    let Err(diags) = parse_toml(
        "department = { name = \"龙华区\", year = \"x\" }\n",
        "d.toml",
    ) else {
        panic!("must fail");
    };
    let r = diags[0].render(Lang::Zh);
    let expected = format!(
        "1 | department = {{ name = \"龙华区\", year = \"x\" }}\n  | {}^^^\n",
        " ".repeat(39)
    );
    assert!(r.ends_with(&expected), "{r:?}\n{expected:?}");
    assert_eq!(diags[0].position(), "d.toml:1:37");
}

#[test]
fn bad_number_says_what_was_expected() {
    check_toml(
        "[department]\nyear = 2021\n\n[procurement.plan]\ntotal = \"约3万\"\n",
        r#"d.toml:5:9 invalid-number `procurement.plan.total` 的值「约3万」不是数字，应为金额（万元），如 1752、"1,752.00" 或 "3500 元""#,
    );
    check_toml(
        "[department]\nyear = 2021\n\n[[progress]]\nperiod = \"Q1\"\nspent_pct = \"二十六\"\n",
        r#"d.toml:6:13 invalid-number `progress[0].spent_pct` 的值「二十六」不是数字，应为百分比，如 26 或 "99.73%""#,
    );
    check_toml(
        "[department]\nyear = 2021\n\n[carryover]\nopening = \"26%\"\n",
        r#"d.toml:5:11 invalid-number `carryover.opening`：单位「%」不适用于金额：「26%」；应为金额（万元），如 1752、"1,752.00" 或 "3500 元""#,
    );
    check_toml(
        "[department]\nyear = \"2021年\"\n",
        r#"d.toml:2:8 invalid-type `department.year` 的类型不对：应为整数，实际是字符串 "2021年""#,
    );
}

#[test]
fn toml_floats_are_read_from_their_text_not_as_binary_floats() {
    let loaded = parse_toml(
        "[department]\nyear = 2021\n[budget.adjusted]\ntotal = 40295.14\nbasic = 2867.410\nproject = 37427.73\n",
        "d.toml",
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let adjusted = &loaded.model.budget.adjusted;
    assert_eq!(
        adjusted.total.map(|m| m.to_string()),
        Some("40295.14".into())
    );
    // the scale as written survives
    assert_eq!(
        adjusted.basic.map(|m| m.to_string()),
        Some("2867.410".into())
    );
}

#[test]
fn negative_amount_is_an_error_at_the_value() {
    check_toml(
        "[department]\nyear = 2021\n\n[carryover]\nopening = \"137.32\"\nclosing = -160.65\n",
        "d.toml:6:11 negative 金额不能为负数：carryover.closing = -160.65",
    );
}

#[test]
fn quarters_out_of_order() {
    check_toml(
        r#"[department]
year = 2021

[[progress]]
period = "Q2"
spent_pct = 51.4

[[progress]]
period = "Q1"
spent_pct = 26
"#,
        "d.toml:9:10 period-order 期间顺序错误：Q1 排在 Q2 之后（支出进度应按时间先后、累计填写）\n\
         d.toml:10:13 progress-decreasing 累计支出进度下降：26% 低于上一期的 51.4%（应填累计数）",
    );
}

#[test]
fn several_errors_at_once_in_file_order() {
    check_toml(
        r#"[department]
name = "某局"
year = 2021
levle = "区级"

[budget.initial]
total = "约3万"
basci = 2900

[sangong.actual]
total = -1

[[progress]]
period = "Q3"
spent_pct = 78.8

[[progress]]
period = "Q1"
spent_pct = 26

[[projects.project]]
name = "一号项目"
status = "完成"

[[stated]]
indicator = "D12"
"#,
        r#"
d.toml:4:1 unknown-field 未知字段 `department.levle`，是否应为 `level`？
d.toml:7:9 invalid-number `budget.initial.total` 的值「约3万」不是数字，应为金额（万元），如 1752、"1,752.00" 或 "3500 元"
d.toml:8:1 unknown-field 未知字段 `budget.initial.basci`，是否应为 `basic`？
d.toml:11:9 negative 金额不能为负数：sangong.actual.total = -1
d.toml:18:10 period-order 期间顺序错误：Q1 排在 Q3 之后（支出进度应按时间先后、累计填写）
d.toml:19:13 progress-decreasing 累计支出进度下降：26% 低于上一期的 78.8%（应填累计数）
d.toml:23:10 unknown-variant `projects.project[0].status` 的取值「完成」无效，应为以下之一：未开工、实施中、已完成、已终止
d.toml:25:1 missing-field 缺少必填字段 `stated[0].value`
"#,
    );
}

#[test]
fn validation_paths_keep_the_written_indices_after_a_bad_element_is_dropped() {
    // progress[0] is unreadable and dropped; the order error is about the elements as
    // written (progress[2] after progress[1]), not as renumbered.
    check_toml(
        r#"[[progress]]
period = "Q1"
spent_pct = "?"

[[progress]]
period = "Q3"

[[progress]]
period = "Q2"
"#,
        "d.toml:3:13 invalid-number `progress[0].spent_pct` 的值「?」不是数字，应为百分比，如 26 或 \"99.73%\"\n\
         d.toml:9:10 period-order 期间顺序错误：Q2 排在 Q3 之后（支出进度应按时间先后、累计填写）\n\
         d.toml missing-year 缺少评价年度（department.year），报告与年份核对将无法进行",
    );
}

#[test]
fn syntax_error_is_located() {
    check_toml(
        "[department]\nyear = 2021\nname = \"unterminated\n",
        "d.toml:3:21 syntax TOML 语法错误：invalid basic string",
    );
}

#[test]
fn json_errors() {
    check_json(
        r#"{"department": {"year": 2021, "nmae": "x"},
 "budget": {"initial": {"total": 23260.5}},
 "carryover": {"opening": "137.32", "opening": "1"}}"#,
        r#"
d.json:1:31 unknown-field 未知字段 `department.nmae`，是否应为 `name`？
d.json:2:34 json-decimal JSON 中的小数须写成字符串：`budget.initial.total` 请写 "23260.5" 而不是 23260.5（避免二进制浮点误差）
d.json:3:37 duplicate-key 重复的键 `opening`：以第一次出现的为准
"#,
    );
    check_json(
        "{\"department\": {\"year\": 2021,}}",
        "d.json:1:30 syntax JSON 语法错误：应为带双引号的键名",
    );
    check_json("[1, 2]", "d.json:1:1 invalid-type 顶层应为表（JSON 对象）");
}

#[test]
fn json_reads_the_same_model_as_toml() {
    let json = parse_json(
        r#"{"department": {"name": "龙华", "year": 2021},
            "budget": {"initial": {"total": "23,260", "basic": 2900, "project": "20,360"}},
            "progress": [{"period": "Q1", "spent_pct": "26%", "time_pct": 25}]}"#,
        "d.json",
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let toml = parse_toml(
        r#"[department]
name = "龙华"
year = 2021
[budget.initial]
total = "23,260"
basic = 2900
project = "20,360"
[[progress]]
period = "Q1"
spent_pct = "26%"
time_pct = 25
"#,
        "d.toml",
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(json.model, toml.model);
    let at = json.spans.locate("progress[0].time_pct").expect("located");
    assert_eq!((at.line, at.column), (3, 75));
}

#[test]
fn source_map_locates_absent_paths_at_their_nearest_parent() {
    let loaded = parse_toml(
        "[department]\nyear = 2021\n\n[budget.adjusted]\ntotal = \"1\"\n",
        "d.toml",
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let m = &loaded.spans;
    let exact = m.locate("budget.adjusted.total").expect("present");
    assert_eq!((exact.line, exact.column), (5, 9));
    let parent = m.locate("budget.adjusted.basic").expect("parent present");
    assert_eq!((parent.line, parent.column), (4, 1));
    assert!(m.locate_exact("budget.adjusted.basic").is_none());
    assert!(m.locate("sangong.actual.total").is_none());
    // the implicit `budget` table points at its first child
    assert_eq!(m.locate("budget").map(|l| l.line), Some(4));
}

#[test]
fn checksum_is_sha256_of_the_input() {
    let loaded = parse_toml("", "empty.toml").expect("an empty file is a valid, empty year");
    assert_eq!(
        loaded.checksum,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(loaded.diagnostics.len(), 1, "only the missing-year warning");
}

#[test]
fn load_path_reports_io_problems_by_file() {
    let missing = std::path::Path::new("/nonexistent/department.toml");
    let err = jixiao_io::load_path(missing).expect_err("no such file");
    assert_eq!(
        err.to_string(),
        "无法读取 /nonexistent/department.toml：文件不存在"
    );
    let err = jixiao_io::load_path(std::path::Path::new("Cargo.lock")).expect_err("not toml");
    assert!(err.to_string().contains("不支持的文件类型"), "{err}");
}
