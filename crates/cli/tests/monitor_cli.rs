//! End-to-end tests of `jixiao monitor`, `jixiao ledger` and `evaluate --ledger`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run jixiao")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-mon-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const LONGHUA: &str = "examples/longhua-zwfw-2021";
const DEMO: &str = "examples/monitor-demo-2025/department.toml";
const VOUCHERS: &str = "examples/monitor-demo-2025/vouchers-2025.csv";

#[test]
fn longhua_at_the_third_quarter_is_green_with_the_ratio() {
    let o = jixiao(&["monitor", LONGHUA, "--as-of", "2021-09-30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "部门整体  预算执行 绿灯  执行进度比 105.07%（支出进度 78.8% ÷ 序时进度 75%），绿灯（≥80）",
        "Q1 2021-03-31  绿灯  执行进度比 104%（支出进度 26% ÷ 序时进度 25%），绿灯（≥80）",
        "Q2 2021-06-30  绿灯  执行进度比 102.8%（支出进度 51.4% ÷ 序时进度 50%），绿灯（≥80）",
        "Q3 2021-09-30  绿灯  执行进度比 105.07%（支出进度 78.8% ÷ 序时进度 75%），绿灯（≥80）",
    ] {
        assert!(out.contains(line), "missing «{line}» in\n{out}");
    }
    assert!(
        !out.lines().any(|l| l.trim_start().starts_with("Q4 ")),
        "Q4 ends after the as-of date\n{out}"
    );
}

#[test]
fn as_of_is_required_and_checked() {
    let o = jixiao(&["monitor", LONGHUA]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--as-of"), "{}", stderr(&o));
    let o = jixiao(&["monitor", LONGHUA, "--as-of", "2021-09-31"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不是有效日期"), "{}", stderr(&o));
}

#[test]
fn demo_table_has_one_line_per_project_and_the_flags() {
    let o = jixiao(&["monitor", DEMO]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("2. 智慧社区感知设备建设    红灯      红灯      红灯"),
        "{out}"
    );
    assert!(
        out.contains("3. 政务服务大厅运营        绿灯      黄灯      黄灯"),
        "{out}"
    );
    assert!(
        out.contains("[deviation] 智慧社区感知设备建设：数量指标「新增物联感知设备」偏离度 -40%"),
        "{out}"
    );
    assert!(out.contains("[zero-execution] 数据资源归集共享"), "{out}");
    assert!(out.contains("蓝灯  完成进度比 128.57%"), "{out}");
    assert!(
        out.contains("双监控：红灯 3，黄灯 1，绿灯 1，蓝灯 0，无法判定 0（共 5 个项目）"),
        "{out}"
    );
}

#[test]
fn json_has_every_light_with_its_trace_and_input_positions() {
    let o = jixiao(&["monitor", DEMO, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["as_of"]["year"], 2025);
    let p = &v["projects"][1];
    assert_eq!(p["name"], "智慧社区感知设备建设");
    assert_eq!(p["execution"]["light"], "red");
    assert_eq!(p["dual"]["light"], "red");
    assert_eq!(p["execution"]["trace"]["value"], "22.86");
    let input = &p["execution"]["trace"]["inputs"][0];
    assert_eq!(
        input["path"],
        "projects.project[1].monitoring.fund[0].spent"
    );
    assert!(
        input["location"]
            .as_str()
            .is_some_and(|l| l.starts_with("examples/monitor-demo-2025/department.toml:")),
        "{input}"
    );
    assert_eq!(p["targets"][0]["deviation_pct"], "-40");
    assert_eq!(p["funds"][2]["source"], "合计");
    assert_eq!(p["funds"][2]["adjusted"], "1500");
    assert_eq!(v["summary"]["red"], 3);
}

#[test]
fn explain_prints_each_light_with_file_positions() {
    let o = jixiao(&["monitor", DEMO, "--explain", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("预算执行预警：红灯"), "{out}");
    assert!(
        out.contains("projects.project[1].monitoring.fund[0].spent"),
        "{out}"
    );
    assert!(
        out.contains("examples/monitor-demo-2025/department.toml:"),
        "{out}"
    );
    assert!(out.contains("偏离度：-40%"), "{out}");
    assert!(out.contains("按以前年度同期进度推算"), "{out}");
}

#[test]
fn a_user_rules_file_with_errors_is_rejected_with_positions() {
    let dir = temp_dir("rules");
    let path = dir.join("our.toml");
    let text = jixiao_monitor_default().replace("basis = \"month\"", "basis = \"week\"");
    std::fs::write(&path, text).expect("write");
    let o = jixiao(&[
        "monitor",
        DEMO,
        "--rules",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("our.toml:15:9"), "{err}");
    assert!(err.contains("week"), "{err}");
}

fn jixiao_monitor_default() -> String {
    std::fs::read_to_string(root().join("rules/monitoring-default.toml")).expect("default rules")
}

#[test]
fn export_writes_the_monitoring_form() {
    let dir = temp_dir("export");
    let path = dir.join("绩效监控表.xlsx");
    let o = jixiao(&[
        "monitor",
        DEMO,
        "--export",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("汇总表 + 5 个项目表"), "{}", stderr(&o));
    let bytes = std::fs::read(&path).expect("written");
    assert!(bytes.starts_with(b"PK"));
}

#[test]
fn monitor_takes_execution_from_the_ledger() {
    let o = jixiao(&["monitor", DEMO, "--ledger", VOUCHERS]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("累计支出取自支付凭证 examples/monitor-demo-2025/vouchers-2025.csv"),
        "{out}"
    );
    assert!(out.contains("1. 政务服务一体化平台运维  绿灯      绿灯      绿灯    执行进度比 102.37%（支出进度 59.72%"), "{out}");
    assert!(
        out.contains(
            "计入 33 笔（截至 2025-07-31），重复剔除 1，退回 2 笔，其他单位 1，截止日期之后 1"
        ),
        "{out}"
    );
}

#[test]
fn ledger_summary_and_sums() {
    let o = jixiao(&["ledger", "fixtures/ledger/source-gbk.csv", "--summary"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("（GBK，逗号分隔；表头在第 2 行，金额单位：元）"),
        "{out}"
    );
    assert!(
        out.contains("未识别的列（已忽略）：第 13 列「摘要」"),
        "{out}"
    );
    assert!(out.contains("重复凭证（已剔除）      1"), "{out}");
    assert!(
        out.contains("退回（已冲减）          2 笔，-202500.00 元"),
        "{out}"
    );
    let o = jixiao(&[
        "ledger",
        "fixtures/ledger/libreoffice.xlsx",
        "--by",
        "project",
        "--period",
        "month",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("单位编码,单位名称,项目编码,项目名称,期间,金额（元）,凭证数\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "440309001,某区政务服务数据管理局,P2025002,智慧社区感知设备建设,2025-05,-200000.00,1\n"
        ),
        "{out}"
    );
}

#[test]
fn bad_rows_reject_the_ledger_unless_skipped() {
    let o = jixiao(&["ledger", "fixtures/ledger/malformed-rows.csv", "--summary"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("无法读取：fixtures/ledger/malformed-rows.csv:3：支付日期无法识别"),
        "{err}"
    );
    assert!(
        err.contains("| A2,2025-02-30,440309001,某局,P1,100.00,否"),
        "{err}"
    );
    assert!(err.contains("有 6 行无法读取，整个文件未导入"), "{err}");
    let o = jixiao(&[
        "ledger",
        "fixtures/ledger/malformed-rows.csv",
        "--skip-bad-rows",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已跳过：fixtures/ledger/malformed-rows.csv:8"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("300.00 元"), "{}", stdout(&o));
    let o = jixiao(&["ledger", "fixtures/ledger/malformed-missing-column.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("缺少必需的列 支付日期"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn evaluate_takes_year_end_execution_from_the_ledger() {
    let o = jixiao(&["evaluate", DEMO, "--ledger", VOUCHERS, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("budget.final.total 决算合计：未填 → 1769.101086 万元"),
        "{err}"
    );
    assert!(
        err.contains("projects.project[0].spent 全年执行数（政务服务一体化平台运维）"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert!(v["indicators"].is_array());
}
