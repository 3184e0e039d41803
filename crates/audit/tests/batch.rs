//! Cross-report checks (AU101–AU106) on real reports and on generated copies of them.
//!
//! The copies are made the way the finding happens in practice: a unit takes another
//! unit's report (or its own of last year), changes the title and most figures, and leaves
//! a name or a figure behind. The real reports of the corpus, read together, must raise
//! nothing: they were written independently.

use std::path::PathBuf;

use jixiao_audit::batch::{audit_batch, BatchFinding, Document};
use jixiao_audit::LineIndex;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const LONGHUA: &str = "corpus/longhua-zwfw-2021.txt";
const LONGHUA_ORG_FIELD: &str = "部门名称（公章）：深圳市龙华区政务服务数\n\n据管理局";
/// The same field for another unit, over as many lines (so line numbers stay).
const EDUCATION_ORG_FIELD: &str = "部门名称（公章）：深圳市龙华区\n\n教育局";
/// The line of the Longhua report whose figures a careless copy keeps.
const KEPT_LINE: usize = 195;

/// Change every figure of `text` except years (19xx/20xx followed by 年, or in 〔〕) and
/// except on line `keep` (1-based), by shifting the last digit of each digit run; `years`
/// moves one year to another.
fn perturb(text: &str, keep: Option<usize>, years: Option<(&str, &str)>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if Some(i + 1) == keep {
            out.push_str(line);
            continue;
        }
        let cs: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            if !cs[i].is_ascii_digit() {
                out.push(cs[i]);
                i += 1;
                continue;
            }
            let start = i;
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = cs[start..i].iter().collect();
            let next = cs[i..].iter().find(|c| **c != ' ');
            let prev = start.checked_sub(1).map(|k| cs[k]);
            let is_year = run.len() == 4
                && (run.starts_with("20") || run.starts_with("19"))
                && (next == Some(&'年') || prev == Some('〔') || prev == Some('['));
            if is_year {
                match years {
                    Some((from, to)) if run == from => out.push_str(to),
                    _ => out.push_str(&run),
                }
            } else {
                let last = run.chars().last().and_then(|c| c.to_digit(10)).unwrap_or(0);
                out.push_str(&run[..run.len() - 1]);
                out.push(char::from_digit((last + 3) % 10, 10).unwrap_or('0'));
            }
        }
    }
    out
}

fn run(texts: &[(&str, &str)]) -> Vec<BatchFinding> {
    let docs: Vec<Document> = texts
        .iter()
        .map(|(label, text)| Document { label, text })
        .collect();
    audit_batch(&docs)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn line_of(text: &str, at: usize) -> usize {
    LineIndex::new(text).line_col(text, at).line
}

#[test]
fn real_reports_read_together_raise_nothing() {
    let dir = fixtures().join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.push(fixtures().join("audit/longhua-zwfw-2021-corrected.txt"));
    assert!(files.len() >= 7, "{files:?}");
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(p).expect("utf-8"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(l, t)| (l.as_str(), t.as_str()))
        .collect();
    let found = run(&refs);
    let shown: Vec<String> = found
        .iter()
        .map(|f| {
            format!(
                "{} {} {:?}",
                texts[f.doc].0,
                f.diagnostic.code,
                &texts[f.doc].1[f.diagnostic.span.clone()]
            )
        })
        .collect();
    assert!(shown.is_empty(), "{shown:#?}");
}

#[test]
fn a_copy_with_the_other_units_name_and_one_figure_left_is_caught() {
    let original = read(LONGHUA);
    assert!(original.contains(LONGHUA_ORG_FIELD));
    let copy = perturb(
        &original.replacen(LONGHUA_ORG_FIELD, EDUCATION_ORG_FIELD, 1),
        Some(KEPT_LINE),
        None,
    );
    let found = run(&[("政数局.txt", &original), ("教育局.txt", &copy)]);

    // AU101 in the copy wherever a sentence it shares names the 政数局, never in the original
    let au101: Vec<&BatchFinding> = found
        .iter()
        .filter(|f| f.diagnostic.code == "AU101")
        .collect();
    assert!(au101.len() >= 3, "{au101:#?}");
    for f in &au101 {
        assert_eq!(f.doc, 1, "the original names its own unit");
        assert_eq!(
            squeeze(&copy[f.diagnostic.span.clone()]),
            "深圳市龙华区政务服务数据管理局"
        );
        assert!(f
            .diagnostic
            .message
            .contains("本报告单位：深圳市龙华区教育局"));
        let e = &f.elsewhere[0];
        assert_eq!(e.doc, 0);
        assert!(squeeze(&original[e.span.clone()]).contains("深圳市龙华区政务服务数据管理局"));
    }

    // AU102 at the one figure left unchanged in a sentence whose other figures were updated
    let au102: Vec<&BatchFinding> = found
        .iter()
        .filter(|f| f.doc == 1 && f.diagnostic.code == "AU102")
        .collect();
    let kept = au102
        .iter()
        .find(|f| line_of(&copy, f.diagnostic.span.start) == KEPT_LINE)
        .unwrap_or_else(|| panic!("no AU102 on line {KEPT_LINE}: {au102:#?}"));
    assert_eq!(&copy[kept.diagnostic.span.clone()], "40,295.14 万元");
    assert!(kept.diagnostic.message.contains("其他数字已改"));
    // every AU102 of the copy is on a line the copy did not change
    let orig_lines: Vec<&str> = original.split('\n').collect();
    for f in &au102 {
        let l = line_of(&copy, f.diagnostic.span.start);
        assert_eq!(
            copy.split('\n').nth(l - 1),
            orig_lines.get(l - 1).copied(),
            "AU102 on a changed line {l}: {f:#?}"
        );
    }
}

#[test]
fn a_copy_with_everything_updated_raises_nothing() {
    let original = read(LONGHUA);
    let copy = perturb(
        &original.replacen(LONGHUA_ORG_FIELD, EDUCATION_ORG_FIELD, 1),
        None,
        None,
    )
    .replace("深圳市龙华区政务服务数据管理局", "深圳市龙华区教育局");
    // the PDF also breaks the name over lines in the body; a careful copy fixes those too
    let copy = copy
        .replace("数据管理\n\n局", "教育局(改)")
        .replace("数据\n\n管理局", "教育局(改)");
    let found = run(&[("政数局.txt", &original), ("教育局.txt", &copy)]);
    let shared: Vec<_> = found
        .iter()
        .filter(|f| matches!(f.diagnostic.code, "AU101" | "AU102"))
        .map(|f| (f.doc, f.diagnostic.code, f.diagnostic.message.clone()))
        .collect();
    assert!(shared.is_empty(), "{shared:#?}");
}

#[test]
fn next_years_report_that_keeps_last_years_money_is_caught_in_the_later_one() {
    let original = read(LONGHUA);
    // the same unit a year later: years moved on, figures updated except one line
    let next = perturb(&original, Some(KEPT_LINE), Some(("2021", "2022")));
    let found = run(&[("2021.txt", &original), ("2022.txt", &next)]);
    assert!(
        found.iter().all(|f| f.diagnostic.code != "AU101"),
        "one unit cannot copy its own name"
    );
    let au102: Vec<&BatchFinding> = found
        .iter()
        .filter(|f| f.diagnostic.code == "AU102")
        .collect();
    assert!(!au102.is_empty());
    assert!(
        au102.iter().all(|f| f.doc == 1),
        "only the later report is blamed"
    );
    let kept = au102
        .iter()
        .find(|f| line_of(&next, f.diagnostic.span.start) == KEPT_LINE)
        .unwrap_or_else(|| panic!("{au102:#?}"));
    assert_eq!(&next[kept.diagnostic.span.clone()], "40,295.14 万元");
    assert!(kept.diagnostic.message.contains("沿用上年数字"));
}

#[test]
fn same_satisfaction_rate_and_target_table_across_units() {
    let a = "深圳市龙华区教育局2021年度部门整体支出绩效自评报告\n\
             服务对象满意度调查显示，群众满意度为 96.37%。\n\
             项目名称：学位建设\n\
             数量指标 | 新增学位数 | ≥ | 3000 | 个\n\
             质量指标 | 工程验收合格率 | ≥ | 98 | %\n\
             时效指标 | 按期开工率 | ≥ | 95 | %\n\
             满意度指标 | 家长满意度 | ≥ | 95 | %\n\
             成本指标 | 生均建设成本 | ≥ | 12 | 万元\n";
    let b = "深圳市龙华区卫生健康局2021年度部门整体支出绩效自评报告\n\
             经第三方测评，服务对象满意度达 96.37%。\n\
             项目名称：社区医院建设\n\
             数量指标 | 新增学位数 | ≥ | 3000 | 个\n\
             质量指标 | 工程验收合格率 | ≥ | 98 | %\n\
             时效指标 | 按期开工率 | ≥ | 95 | %\n\
             满意度指标 | 家长满意度 | ≥ | 95 | %\n\
             成本指标 | 生均建设成本 | ≥ | 12 | 万元\n";
    let found = run(&[("a.txt", a), ("b.txt", b)]);
    let codes = |doc: usize| -> Vec<&str> {
        let mut v: Vec<&str> = found
            .iter()
            .filter(|f| f.doc == doc)
            .map(|f| f.diagnostic.code)
            .collect();
        v.dedup();
        v
    };
    for doc in [0, 1] {
        let c = codes(doc);
        for code in ["AU103", "AU104", "AU105", "AU106"] {
            assert!(c.contains(&code), "doc {doc}: {c:?}");
        }
    }
    let au103 = found
        .iter()
        .find(|f| f.doc == 1 && f.diagnostic.code == "AU103")
        .expect("AU103");
    assert_eq!(&b[au103.diagnostic.span.clone()], "96.37%");
    let au106 = found
        .iter()
        .find(|f| f.doc == 0 && f.diagnostic.code == "AU106")
        .expect("AU106");
    assert_eq!(&a[au106.diagnostic.span.clone()], "≥");
}
