//! Accuracy on the labelled development corpus (`fixtures/audit-corpus`, format in its
//! FORMAT.md) and on the synthetic battery (`fixtures/audit-synthetic`): audits every labelled text, matches error/warning diagnostics to the labelled
//! inconsistencies at their line, prints a per-file table and fails when recall drops or
//! false errors rise against the folder's `accuracy.toml`.
//!
//! `UPDATE_ACCURACY=1 cargo test -p jixiao-audit --test corpus_accuracy` records the current
//! figures (do it deliberately, when they improved). The same measurement on any folder:
//! `cargo run -p jixiao-audit --example corpus_accuracy -- <dir>`.

mod accuracy;

use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

#[test]
fn corpus_accuracy_does_not_get_worse() {
    does_not_get_worse(&fixture("audit-corpus"));
}

/// The synthetic battery (`fixtures/audit-synthetic`, written blind): the same measurement.
#[test]
fn synthetic_battery_accuracy_does_not_get_worse() {
    does_not_get_worse(&fixture("audit-synthetic"));
}

fn does_not_get_worse(dir: &std::path::Path) {
    let files = accuracy::measure_dir(dir);
    println!("{}", accuracy::table(&files, true));
    let unreadable: Vec<String> = files
        .iter()
        .filter_map(|f| f.label_error.as_ref().map(|e| format!("{}: {e}", f.name)))
        .collect();
    assert!(
        unreadable.is_empty(),
        "labels unreadable:\n{}",
        unreadable.join("\n")
    );
    assert!(!files.is_empty(), "no labelled texts in {}", dir.display());
    let path = dir.join("accuracy.toml");
    if std::env::var_os("UPDATE_ACCURACY").is_some() {
        let rec = accuracy::Recorded::from_figures(&files);
        std::fs::write(&path, rec.to_toml()).expect("write accuracy.toml");
        return;
    }
    let rec: accuracy::Recorded = match std::fs::read_to_string(&path) {
        Ok(s) => toml::from_str(&s).expect("accuracy.toml parses"),
        Err(_) => panic!(
            "no recorded figures: run with UPDATE_ACCURACY=1 to record {}",
            path.display()
        ),
    };
    let unrecorded: Vec<&str> = files
        .iter()
        .filter(|f| !rec.file.contains_key(&f.name))
        .map(|f| f.name.as_str())
        .collect();
    if !unrecorded.is_empty() {
        println!(
            "not yet recorded (not compared): {}\nrecord with UPDATE_ACCURACY=1",
            unrecorded.join(", ")
        );
    }
    let problems = accuracy::regressions(&files, &rec);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn matching_rules() {
    // a label is found by a diagnostic on its line overlapping its text, or on an `also` place
    let text = "SOURCE: x\nTITLE: 2021年度部门决算说明\n2021年“三公”经费预算调整预算数36.08万元，实际支出33.45万元，“三公”经费控制率95.71%。\n收入总计100万元，其中：财政拨款60万元，其他收入40万元。\n";
    let labels: accuracy::Labels = toml::from_str(
        r#"
kind = "juesuan"
[[inconsistency]]
line = 3
text = "95.71%"
also = [{ line = 3, text = "33.45万元" }]
severity = "error"
pattern = "completion"
[[identity]]
line = 4
text = "100万元"
"#,
    )
    .expect("labels parse");
    let f = accuracy::measure_file(text, &labels, "t.txt");
    assert_eq!((f.inconsistencies, f.found), (1, 1), "{f:#?}");
    assert_eq!((f.false_errors, f.identities_flagged), (0, 0), "{f:#?}");
}
