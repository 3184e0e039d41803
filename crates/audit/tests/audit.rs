//! Integration tests over the fixtures: the Longhua expected list, clean texts, the
//! mutation harness, and property tests of the normaliser and extractor.
//! All in one test binary.

use std::path::PathBuf;

use jixiao_audit::{audit_text, Diagnostic, LineIndex, Options, Severity};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn describe(text: &str, d: &Diagnostic) -> String {
    let lc = LineIndex::new(text).line_col(text, d.span.start);
    format!(
        "{} {} line {} {:?}: {}",
        d.code,
        sev(d.severity),
        lc.line,
        &text[d.span.clone()],
        d.message
    )
}

#[derive(serde::Deserialize)]
struct Expected {
    report_year: u16,
    finding: Vec<Finding>,
}

#[derive(serde::Deserialize)]
struct Finding {
    code: String,
    severity: String,
    line: usize,
    text: String,
}

#[test]
fn longhua_expected_findings_exactly() {
    let text = read("corpus/longhua-zwfw-2021.txt");
    let exp: Expected =
        toml::from_str(&read("audit/longhua-expected.toml")).expect("expected list parses");
    let a = audit_text(&text, &Options::default());
    assert_eq!(a.report_year, Some(exp.report_year));
    let idx = LineIndex::new(&text);
    let matches = |d: &Diagnostic, f: &Finding| {
        d.code == f.code
            && sev(d.severity) == f.severity
            && idx.line_col(&text, d.span.start).line == f.line
            && text[d.span.clone()] == f.text
    };
    for f in &exp.finding {
        if f.severity == "info" {
            continue;
        }
        assert!(
            a.diagnostics.iter().any(|d| matches(d, f)),
            "expected {} {} at line {} {:?} not found; got:\n{}",
            f.code,
            f.severity,
            f.line,
            f.text,
            a.diagnostics
                .iter()
                .map(|d| describe(&text, d))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    for d in &a.diagnostics {
        if d.severity == Severity::Info {
            assert!(
                exp.finding.iter().any(|f| matches(d, f)) || d.code == "AU005",
                "unexpected {}",
                describe(&text, d)
            );
            continue;
        }
        assert!(
            exp.finding.iter().any(|f| matches(d, f)),
            "unexpected {}",
            describe(&text, d)
        );
    }
}

const CLEAN: &[&str] = &[
    "audit/longhua-zwfw-2021-corrected.txt",
    "corpus/01-hengshan-guantangxiang-2023.txt",
    "corpus/03-nanxian-zhengxie-2021.txt",
    "corpus/06-dazu-shangwuwei-2021.txt",
    "corpus/08-honghe-shujufazhan-2024-xiangmu.txt",
    "corpus/16-sz-baoan-2020-juesuan.txt",
    "corpus/18-sz-shenshan-2022-juesuan.txt",
];

#[test]
fn no_errors_or_warnings_on_clean_texts() {
    let mut bad = Vec::new();
    for f in CLEAN {
        let text = read(f);
        for d in audit_text(&text, &Options::default()).diagnostics {
            if d.severity >= Severity::Warning {
                bad.push(format!("{f}: {}", describe(&text, &d)));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "findings on clean texts:\n{}",
        bad.join("\n")
    );
}

// ---- mutation harness -----------------------------------------------------------------

#[derive(serde::Deserialize)]
struct Targets {
    text: Vec<TargetText>,
}

#[derive(serde::Deserialize)]
struct TargetText {
    file: String,
    figures: Vec<String>,
}

/// The three mutation operators. Each returns the mutated digits, or None when it does not
/// apply (e.g. no two different adjacent digits to swap).
fn mutate(figure: &str, op: usize) -> Option<String> {
    let mut cs: Vec<char> = figure.chars().collect();
    let digits: Vec<usize> = (0..cs.len()).filter(|&i| cs[i].is_ascii_digit()).collect();
    let bump = |c: char| -> char {
        let d = c.to_digit(10).unwrap_or(0);
        char::from_digit(if d == 9 { 8 } else { d + 1 }, 10).unwrap_or(c)
    };
    match op {
        // first significant digit ±1
        0 => {
            let i = *digits
                .iter()
                .find(|&&i| cs[i] != '0')
                .unwrap_or(digits.first()?);
            cs[i] = bump(cs[i]);
        }
        // two adjacent different digits swapped (the first such pair from the left)
        1 => {
            let k = digits.windows(2).find(|w| {
                w[1] == w[0] + 1 && cs[w[0]] != cs[w[1]] && !(w[0] == digits[0] && cs[w[1]] == '0')
            })?;
            cs.swap(k[0], k[1]);
        }
        // last digit ±1
        _ => {
            let i = *digits.last()?;
            cs[i] = bump(cs[i]);
        }
    }
    Some(cs.into_iter().collect())
}

struct Harness {
    tried: [usize; 3],
    caught: [usize; 3],
    missed: Vec<String>,
    clean_errors: usize,
}

fn run_harness() -> Harness {
    let targets: Targets =
        toml::from_str(&read("audit/mutation-targets.toml")).expect("targets parse");
    let mut h = Harness {
        tried: [0; 3],
        caught: [0; 3],
        missed: Vec::new(),
        clean_errors: 0,
    };
    for t in &targets.text {
        let text = read(&t.file);
        h.clean_errors += audit_text(&text, &Options::default()).count(Severity::Error);
        for fig in &t.figures {
            let plain = fig.replace(['[', ']'], "");
            assert_eq!(
                text.matches(&plain).count(),
                1,
                "{}: context {fig:?} must occur exactly once",
                t.file
            );
            let at = text.find(&plain).unwrap_or(0);
            let (ob, cb) = (fig.find('[').unwrap_or(0), fig.find(']').unwrap_or(0));
            let start = at + ob;
            let end = at + cb - 1;
            let figure = &text[start..end];
            for op in 0..3 {
                let Some(m) = mutate(figure, op) else {
                    continue;
                };
                if m == figure {
                    continue;
                }
                h.tried[op] += 1;
                let mutated = format!("{}{}{}", &text[..start], m, &text[end..]);
                let a = audit_text(&mutated, &Options::default());
                let new_end = start + m.len();
                let hit = a.diagnostics.iter().any(|d| {
                    d.severity >= Severity::Warning
                        && (overlaps(&d.span, start, new_end)
                            || d.related.iter().any(|r| overlaps(&r.span, start, new_end)))
                });
                if hit {
                    h.caught[op] += 1;
                } else {
                    h.missed
                        .push(format!("{} op{op}: {figure} → {m} in {fig:?}", t.file));
                }
            }
        }
    }
    h
}

fn overlaps(span: &std::ops::Range<usize>, s: usize, e: usize) -> bool {
    span.start < e && s < span.end
}

#[test]
fn mutation_recall() {
    let h = run_harness();
    let pct = |c: usize, t: usize| (c * 100).checked_div(t).unwrap_or(100);
    let main_tried = h.tried[0] + h.tried[1];
    let main_caught = h.caught[0] + h.caught[1];
    eprintln!(
        "mutation recall: first-digit {}/{} ({}%), transposition {}/{} ({}%), last-digit {}/{} ({}%); errors on unchanged texts: {}",
        h.caught[0], h.tried[0], pct(h.caught[0], h.tried[0]),
        h.caught[1], h.tried[1], pct(h.caught[1], h.tried[1]),
        h.caught[2], h.tried[2], pct(h.caught[2], h.tried[2]),
        h.clean_errors
    );
    for m in &h.missed {
        eprintln!("  missed {m}");
    }
    assert_eq!(h.clean_errors, 0);
    assert!(
        main_caught * 100 >= main_tried * 95,
        "recall {main_caught}/{main_tried} below 95%"
    );
}

// ---- property tests ----------------------------------------------------------------------

fn report_like() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("万元".to_string()),
        Just("亿元".to_string()),
        Just("%".to_string()),
        Just("，".to_string()),
        Just("。".to_string()),
        Just("其中：".to_string()),
        Just("包括".to_string()),
        Just("（".to_string()),
        Just("）".to_string()),
        Just("\n\n".to_string()),
        Just("一是".to_string()),
        Just("（1）".to_string()),
        Just("2021 年".to_string()),
        Just("序时进度".to_string()),
        Just("执行率".to_string()),
        Just("等六大".to_string()),
        Just("、".to_string()),
        Just("，".to_string()),
        "[0-9]{1,7}".prop_map(|s| s),
        "[0-9]{1,3}[,，][0-9]{3}\\.[0-9]{1,2}".prop_map(|s| s),
        "[０-９．，％]{1,6}".prop_map(|s| s),
        "\\PC{0,6}".prop_map(|s| s),
        "[ \t\u{3000}\r]{1,3}".prop_map(|s| s),
    ];
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_spans_are_valid(text in report_like()) {
        let a = audit_text(&text, &Options { year: Some(2021) });
        for d in &a.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            for r in &d.related {
                prop_assert!(r.span.end <= text.len() && text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
            }
        }
        let s = jixiao_audit::render::terminal("x.txt", &text, &a.diagnostics, false);
        prop_assert!(s.len() < 1_000_000);
    }

    #[test]
    fn normalised_offsets_map_into_the_original(text in report_like()) {
        let n = jixiao_audit::normalize::normalize(&text);
        let mut i = 0;
        while i < n.text.len() {
            let c = n.text[i..].chars().next().unwrap_or(' ');
            let r = n.to_orig(&text, i..i + c.len_utf8());
            prop_assert!(r.start <= r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            i += c.len_utf8();
        }
        let _ = jixiao_audit::extract::extract(&n.text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(src) = jixiao_audit::decode(&bytes, "x.txt") {
            let _ = audit_text(&src.text, &Options::default());
        }
    }
}

/// A generated 100 MB report: no panic, bounded memory (run with `--ignored`, release).
#[test]
#[ignore = "slow: 100 MB input; run with --release -- --ignored"]
fn hundred_megabytes() {
    let base = read("corpus/longhua-zwfw-2021.txt");
    let mut big = String::with_capacity(100 << 20);
    while big.len() < 100 << 20 {
        big.push_str(&base);
    }
    let a = audit_text(&big, &Options::default());
    assert!(a.diagnostics.len() <= jixiao_audit::MAX_DIAGNOSTICS);
    assert!(a.quantities > 100_000);
}

// ---- documentation ------------------------------------------------------------------------

/// docs/audit.md: a fixed introduction followed by every check's doc comment, in code
/// order. Regenerate with `UPDATE_DOCS=1 cargo test -p jixiao-audit --test audit docs`.
fn generated_docs() -> String {
    let mut s = String::from(DOCS_INTRO);
    s.push_str("\n## Checks\n\n| code | name | severity | finds |\n|---|---|---|---|\n");
    for c in jixiao_audit::CHECKS {
        s.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            c.code,
            c.name,
            sev(c.severity),
            c.title
        ));
    }
    for c in jixiao_audit::CHECKS {
        s.push('\n');
        s.push_str(&c.doc().replace("## ", "### "));
    }
    s
}

const DOCS_INTRO: &str = include_str!("docs_intro.md");

#[test]
fn docs_are_generated_from_the_check_doc_comments() {
    let path = fixtures().join("../docs/audit.md");
    let want = generated_docs();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/audit.md");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/audit.md is out of date: run UPDATE_DOCS=1 cargo test -p jixiao-audit --test audit docs");
    for c in jixiao_audit::CHECKS {
        let d = c.doc();
        for part in [
            "**What it finds.**",
            "**Why it matters.**",
            "**Example.**",
            "**How to fix.**",
        ] {
            assert!(d.contains(part), "{} doc lacks {part}", c.code);
        }
        assert!(
            d.starts_with(&format!("## {} {}", c.code, c.name)),
            "{} doc heading",
            c.code
        );
    }
}

// ---- inputs ---------------------------------------------------------------------------------

#[cfg(feature = "pdf")]
#[test]
fn pdf_with_tounicode_chinese_text() {
    let bytes = std::fs::read(fixtures().join("audit/tounicode-sample.pdf")).expect("fixture");
    let src = jixiao_audit::decode(&bytes, "tounicode-sample.pdf").expect("text layer");
    assert_eq!(src.kind, jixiao_audit::SourceKind::Pdf);
    assert!(
        src.text.contains("项目支出调整预算数 37,472.73 万元"),
        "{}",
        src.text
    );
    let a = audit_text(&src.text, &Options::default());
    assert_eq!(a.report_year, Some(2021));
    assert_eq!(a.diagnostics.len(), 1);
    assert_eq!(a.diagnostics[0].code, "AU001");
    assert_eq!(&src.text[a.diagnostics[0].span.clone()], "40,295.14 万元");
}

#[cfg(feature = "pdf")]
#[test]
fn scanned_pdf_gets_a_clear_message() {
    let bytes = std::fs::read(fixtures().join("audit/scanned-sample.pdf")).expect("fixture");
    let e = jixiao_audit::decode(&bytes, "scan.pdf").expect_err("no text layer");
    assert_eq!(e, jixiao_audit::InputError::ScannedPdf);
    assert!(e.to_string().contains("扫描件"));
}

#[cfg(feature = "docx")]
#[test]
fn docx_is_read() {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("word/document.xml", opts).expect("zip");
        let body = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
            <w:p><w:r><w:t>2021年度部门整体绩效评价报告</w:t></w:r></w:p>\
            <w:p><w:r><w:t>全年执行二级项目数48个，完成二级项目数</w:t></w:r><w:r><w:t>46个，完成率100%。</w:t></w:r></w:p>\
            </w:body></w:document>";
        z.write_all(body.as_bytes()).expect("zip");
        z.finish().expect("zip");
    }
    let src = jixiao_audit::decode(buf.get_ref(), "r.docx").expect("docx");
    assert_eq!(src.kind, jixiao_audit::SourceKind::Docx);
    let a = audit_text(&src.text, &Options::default());
    let codes: Vec<_> = a.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec!["AU003"]);
    assert_eq!(&src.text[a.diagnostics[0].span.clone()], "100%");
}

#[test]
fn chunked_audit_keeps_spans_valid() {
    let text = read("corpus/longhua-zwfw-2021.txt");
    for chunk in [16, 100, 1000, 4096] {
        let a = jixiao_audit::audit_in_chunks(&text, &Options::default(), chunk);
        for d in &a.diagnostics {
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
    // a text without line breaks, of multi-byte characters
    let one_line = "预算执行率为百分之九十九".repeat(1000);
    let _ = jixiao_audit::audit_in_chunks(&one_line, &Options::default(), 1000);
}
