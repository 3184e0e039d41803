//! End to end: `jixiao review` on the invented review demo (examples/review-demo): three
//! departments, one with its self-scores in a separate 自评表 workbook.

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

const DEMO: &str = "examples/review-demo";

#[test]
fn review_json_compares_self_and_review_scores() {
    let o = jixiao(&["review", DEMO, "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["framework"]["id"], "yueyang-2018-dept");
    assert_eq!(v["summary"]["departments"], 3);
    let depts = v["departments"].as_array().expect("departments");
    let by = |file: &str| {
        depts
            .iter()
            .find(|d| d["id"].as_str().is_some_and(|id| id.ends_with(file)))
            .unwrap_or_else(|| panic!("{file}"))
    };
    // Every compared figure is a decimal string, and 偏离度 = (自评 − 复核) ÷ 自评.
    for d in depts {
        let t = &d["review"]["total"];
        let num = |k: &str| -> rust_decimal::Decimal {
            t[k].as_str().expect(k).parse().expect("decimal")
        };
        let (s, r) = (num("self_score"), num("review_score"));
        let exact = (s - r) * rust_decimal::Decimal::ONE_HUNDRED / s;
        assert_eq!(jixiao_model::round2(exact), num("deviation"), "{t}");
    }
    // 卫健委's self-scores come from its 自评表 workbook.
    let health = &by("卫健委.toml")["review"];
    assert_eq!(health["total"]["self_score"], "95");
    assert_eq!(health["projects"][0]["total"]["self_score"], "98");
    // The 教育局 submission trips the data checks.
    let edu = &by("教育局.toml")["review"];
    let codes: Vec<&str> = edu["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    for c in ["RV001", "RV002", "RV003", "RV004", "RV008"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    // The same satisfaction rate in two departments.
    let cross: Vec<&str> = v["cross_findings"]
        .as_array()
        .expect("cross")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(cross, ["RV101", "RV101"]);
}

#[test]
fn review_table_is_sorted_and_findings_are_located() {
    let o = jixiao(&["review", DEMO]);
    assert!(o.status.success());
    let out = stdout(&o);
    let pos = |name: &str| out.find(name).unwrap_or_else(|| panic!("{name} in\n{out}"));
    // Largest 偏离度 first.
    assert!(pos("某市教育局") < pos("某市文化广电旅游局"));
    assert!(pos("某市文化广电旅游局") < pos("某市卫生健康委员会"));
    // A finding in a TOML file points at its line and column; one read from the 自评表 at
    // its sheet and cell.
    assert!(out.contains("examples/review-demo/教育局.toml:"), "{out}");
    assert!(
        out.contains("卫健委-自评表.xlsx 工作表「部门整体支出绩效自评表」H"),
        "{out}"
    );
    // Sampling one project a department by budget.
    let o = jixiao(&["review", DEMO, "--sample", "1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["summary"]["projects_reviewed"], 3);
    assert!(v["sampling"]
        .as_str()
        .is_some_and(|s| s.contains("抽取 1 个项目")));
}

#[test]
fn review_writes_a_workbook() {
    let dir = std::env::temp_dir().join(format!("jixiao-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let out = dir.join("复核结果.xlsx");
    let o = jixiao(&["review", DEMO, "-o", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"PK"));
    // 汇总 + three departments + 问题清单.
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("xl/worksheets/sheet5.xml"));
    assert!(!text.contains("xl/worksheets/sheet6.xml"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_folder_without_submissions_is_an_error() {
    let dir = std::env::temp_dir().join(format!("jixiao-review-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let o = jixiao(&["review", dir.to_str().expect("utf-8")]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有可复核的部门数据"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The departments' report texts are checked in 复核 too: each one alone, and all of them
/// together (a unit that copied another's report and left its name in).
#[test]
fn review_checks_the_departments_reports_alone_and_across() {
    let dir = std::env::temp_dir().join(format!("jixiao-review-reports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for unit in ["政数局", "教育局"] {
        let d = dir.join(unit);
        std::fs::create_dir_all(&d).expect("dir");
        for f in ["department.toml", "report.txt"] {
            std::fs::copy(root().join("examples/longhua-zwfw-2021").join(f), d.join(f))
                .expect("copy");
        }
    }
    let copy = dir.join("教育局/report.txt");
    let text = std::fs::read_to_string(&copy).expect("read");
    let field = "部门名称（公章）：深圳市龙华区政务服务数\n\n据管理局";
    assert!(text.contains(field));
    std::fs::write(
        &copy,
        text.replacen(field, "部门名称（公章）：深圳市龙华区\n\n教育局", 1),
    )
    .expect("write");

    let d = dir.to_str().expect("utf-8");
    let o = jixiao(&["review", d, "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let findings = |unit: &str| -> Vec<serde_json::Value> {
        v["departments"]
            .as_array()
            .expect("departments")
            .iter()
            .find(|x| x["id"].as_str().is_some_and(|id| id.ends_with(unit)))
            .expect(unit)["review"]["findings"]
            .as_array()
            .expect("findings")
            .clone()
    };
    let copied = findings("教育局");
    let au101: Vec<&serde_json::Value> = copied.iter().filter(|f| f["code"] == "AU101").collect();
    assert!(!au101.is_empty(), "{copied:#?}");
    for f in &au101 {
        assert!(
            f["path"]
                .as_str()
                .is_some_and(|p| p.contains("教育局/report.txt:")),
            "{f}"
        );
        assert!(
            f["related"][0]
                .as_str()
                .is_some_and(|p| p.contains("政数局/report.txt:")),
            "{f}"
        );
    }
    // the report's own inconsistency (三公 parts above their total, line 686) in both
    for unit in ["政数局", "教育局"] {
        assert!(
            findings(unit).iter().any(|f| f["code"] == "AU002"
                && f["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("report.txt:686:5"))),
            "{unit}"
        );
    }
    // the original names its own unit: no AU101 there
    assert!(findings("政数局").iter().all(|f| f["code"] != "AU101"));

    let off = jixiao(&["review", d, "--format", "json", "--no-report-check"]);
    let v: serde_json::Value = serde_json::from_slice(&off.stdout).expect("json");
    let any_au = v["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .flat_map(|x| {
            x["review"]["findings"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .any(|f| f["code"].as_str().is_some_and(|c| c.starts_with("AU")));
    assert!(!any_au);
    let _ = std::fs::remove_dir_all(&dir);
}
