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
