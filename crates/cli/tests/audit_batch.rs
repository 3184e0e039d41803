//! `jixiao audit DIR` runs the cross-report checks over the folder's reports.

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

/// A folder with the Longhua report and another unit's copy of it that only changed the
/// name in its header.
fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-audit-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let original = std::fs::read_to_string(root().join("fixtures/corpus/longhua-zwfw-2021.txt"))
        .expect("fixture");
    let field = "部门名称（公章）：深圳市龙华区政务服务数\n\n据管理局";
    assert!(original.contains(field));
    let copy = original.replacen(field, "部门名称（公章）：深圳市龙华区\n\n教育局", 1);
    std::fs::write(dir.join("政数局.txt"), &original).expect("write");
    std::fs::write(dir.join("教育局.txt"), &copy).expect("write");
    dir
}

#[test]
fn a_folder_is_checked_across_reports_and_the_other_place_is_named() {
    let dir = folder();
    let d = dir.to_str().expect("utf-8");
    let o = jixiao(&["audit", d, "--no-progress", "--min-severity", "warning"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("警告[AU101]") && out.contains("本报告单位：深圳市龙华区教育局"),
        "{out}"
    );
    // the place in the other report, as path:line:col
    assert!(
        out.contains("= 另见 ") && out.contains("政数局.txt:"),
        "{out}"
    );

    let json = jixiao(&["audit", d, "--format", "json", "--no-progress"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let files = v["files"].as_array().expect("files");
    let copy = files
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .is_some_and(|p| p.ends_with("教育局.txt"))
        })
        .expect("the copy is in the output");
    let au101: Vec<&serde_json::Value> = copy["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "AU101")
        .collect();
    assert!(!au101.is_empty());
    for d in &au101 {
        let e = &d["elsewhere"][0];
        assert!(
            e["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("政数局.txt")),
            "{d}"
        );
        assert!(e["line"].as_u64().is_some_and(|l| l > 1), "{d}");
        assert!(
            e["text"]
                .as_str()
                .is_some_and(|t| t.contains("深圳市龙华区政务服务数据管理局")),
            "{d}"
        );
    }

    let off = jixiao(&["audit", d, "--no-progress", "--no-batch"]);
    let out = String::from_utf8_lossy(&off.stdout);
    assert!(
        !out.contains("[AU101]") && !out.contains("[AU102]"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_checks_are_listed_and_explained_in_chinese() {
    let o = jixiao(&["audit", "--list-checks"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for code in ["AU001", "AU101", "AU106"] {
        assert!(out.contains(code), "{out}");
    }
    let e = jixiao(&["audit", "--explain", "AU101"]);
    assert!(e.status.success());
    let text = String::from_utf8_lossy(&e.stdout);
    assert!(
        text.contains("照抄") && text.contains("跨报告核对"),
        "{text}"
    );
}

/// The invented example of the README shows each cross-report check once at least, and
/// nothing else.
#[test]
fn the_bundled_example_shows_every_cross_report_check() {
    let o = jixiao(&[
        "audit",
        "examples/audit-batch/reports",
        "--format",
        "json",
        "--no-progress",
    ]);
    assert_eq!(o.status.code(), Some(0), "warnings only");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let mut codes: Vec<String> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        ["AU101", "AU102", "AU103", "AU104", "AU105", "AU106"]
    );
}
