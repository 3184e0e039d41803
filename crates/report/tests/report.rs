//! The report end to end on the Longhua 2021 department-year: generated text that checks
//! clean, snapshots of Markdown/HTML/document.xml, traceability, missing data, custom
//! templates, PDF text (when a CJK font and pdftotext exist), LibreOffice (when present).

// Geometry (points on a page, chart coordinates) is f64; money never is: values arrive as
// Decimal and become f64 only as a bar length or a position.
#![allow(clippy::float_arithmetic)]

use std::path::Path;
use std::process::Command;

use jixiao_engine::Evaluation;
use jixiao_model::DepartmentYear;
use jixiao_report::{
    build, docx, html, markdown, pdf, Block, Document, FontSet, PdfOptions, Provenance,
};
use rust_decimal::Decimal;

fn longhua() -> DepartmentYear {
    let text = include_str!("fixtures/longhua-2021.toml");
    toml::from_str(text).expect("fixture parses")
}

fn evaluate(d: &DepartmentYear, framework: &str) -> Evaluation {
    let f = jixiao_engine::builtin(framework).expect("builtin framework");
    jixiao_engine::evaluate(d, &f)
}

fn provenance() -> Provenance {
    Provenance {
        checksum: Some("ab12".repeat(16)),
        as_of: None,
        program_version: "0.1.0".into(),
    }
}

fn report(d: &DepartmentYear, framework: &str) -> Document {
    build(d, &evaluate(d, framework), &provenance(), None).expect("report builds")
}

fn paragraphs(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// A small reader for the figures in generated sentences.

#[derive(Debug, Clone)]
struct Amount {
    value: Decimal,
    unit: String,
    /// Parenthesis depth where the amount stands.
    depth: usize,
    /// Byte offset in the sentence.
    at: usize,
}

/// Amounts "1,234.5万元", "7项", "48个", "26%" in a sentence, with their bracket depth.
fn amounts(s: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|(_, d)| d.is_ascii_digit()))
        {
            let start = i;
            let mut j = i;
            let mut num = String::new();
            while j < chars.len()
                && (chars[j].1.is_ascii_digit() || matches!(chars[j].1, '.' | ',' | '-'))
            {
                if chars[j].1 != ',' {
                    num.push(chars[j].1);
                }
                j += 1;
            }
            let rest: String = chars[j..].iter().map(|(_, c)| *c).take(2).collect();
            let unit = if rest.starts_with("万元") {
                "万元"
            } else if rest.starts_with('%') {
                "%"
            } else if rest.starts_with('项') || rest.starts_with('个') || rest.starts_with('件')
            {
                "件"
            } else if rest.starts_with('分') {
                "分"
            } else {
                ""
            };
            // a year ("2021年") or a period is not a figure
            let prev = if start > 0 { chars[start - 1].1 } else { ' ' };
            if !unit.is_empty() && prev != '第' {
                if let Ok(v) = num.trim_end_matches('.').parse::<Decimal>() {
                    out.push(Amount {
                        value: v,
                        unit: unit.to_string(),
                        depth,
                        at,
                    });
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn sentences(p: &str) -> Vec<String> {
    p.split(['。', '；'])
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .collect()
}

fn round2(d: Decimal) -> Decimal {
    jixiao_model::round2(d)
}

/// Every "X万元，其中：A，B，C" / "包括：" sentence adds up, or says it does not with a
/// "（注：…不一致…）" (and the input warnings list the inconsistency). Parenthesised groups
/// of two or more amounts after an amount are its parts; a single one is an "of which".
fn check_sums(text: &str) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for s in sentences(text) {
        if s.contains("未提供") {
            continue;
        }
        let marker = ["其中：", "包括："]
            .iter()
            .find_map(|m| s.find(m).map(|i| (i, m.len())));
        let Some((pos, len)) = marker else { continue };
        let all = amounts(&s);
        let Some(total) = all
            .iter()
            .rfind(|a| a.at < pos && a.unit == "万元")
            .cloned()
        else {
            continue;
        };
        let body_end = s.find("（注：").unwrap_or(s.len());
        let after: Vec<&Amount> = all
            .iter()
            .filter(|a| a.at > pos + len - 1 && a.at < body_end && a.unit == "万元")
            .collect();
        let top: Vec<&Amount> = after
            .iter()
            .copied()
            .filter(|a| a.depth == total.depth)
            .collect();
        let sum: Decimal = top.iter().map(|a| a.value).sum();
        checked += 1;
        if sum != total.value && !(s.contains("（注：") && s.contains("不一致")) {
            problems.push(format!("{s}: {} ≠ Σ {sum}", total.value));
        }
        // nested groups: an amount followed by (a, b, …)
        for (k, head) in top.iter().enumerate() {
            let end = top.get(k + 1).map(|n| n.at).unwrap_or(body_end);
            let inner: Vec<&Amount> = after
                .iter()
                .copied()
                .filter(|a| a.at > head.at && a.at < end && a.depth == head.depth + 1)
                .collect();
            if inner.len() >= 2 {
                checked += 1;
                let sum: Decimal = inner.iter().map(|a| a.value).sum();
                if sum != head.value && !s.contains("不一致") {
                    problems.push(format!("{s}: {} ≠ Σ {sum} (nested)", head.value));
                }
            } else if inner.len() == 1 && inner[0].value > head.value {
                problems.push(format!(
                    "{s}: part {} > whole {}",
                    inner[0].value, head.value
                ));
            }
        }
    }
    (checked, problems)
}

/// Every "…率为R%" stated after two figures of the same unit equals their ratio
/// (四舍五入 to two places); quarterly sentences "进度A%，…序时进度B%，…执行率为R%" too.
fn check_rates(text: &str) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for s in sentences(text) {
        let all = amounts(&s);
        for (i, a) in all.iter().enumerate() {
            if a.unit != "%" {
                continue;
            }
            let before = &s[..a.at];
            if !(before.ends_with("率为") || before.ends_with("率") || before.ends_with("的")) {
                continue;
            }
            let prior: Vec<&Amount> = all[..i].iter().filter(|p| p.depth == a.depth).collect();
            let pair = if before.contains("执行率")
                && prior.len() >= 2
                && prior[prior.len() - 1].unit == "%"
                && prior[prior.len() - 2].unit == "%"
            {
                Some((prior[prior.len() - 2].value, prior[prior.len() - 1].value))
            } else {
                let same: Vec<&&Amount> = prior.iter().filter(|p| p.unit != "%").collect();
                if same.len() >= 2 && same[same.len() - 1].unit == same[same.len() - 2].unit {
                    Some((same[same.len() - 2].value, same[same.len() - 1].value))
                } else {
                    None
                }
            };
            let Some((x, y)) = pair else { continue };
            checked += 1;
            let ok = |n: Decimal, d: Decimal| {
                !d.is_zero() && round2(n * Decimal::ONE_HUNDRED / d) == a.value
            };
            if !(ok(x, y) || ok(y, x)) {
                problems.push(format!("{s}: {} is not {x}/{y}", a.value));
            }
        }
    }
    (checked, problems)
}

#[test]
fn generated_sums_and_rates_check_clean() {
    for fw in ["longhua-4e", "mof-2013-dept"] {
        let doc = report(&longhua(), fw);
        let text = paragraphs(&doc).join("\n");
        let (n, problems) = check_sums(&text);
        assert!(problems.is_empty(), "{fw}: {problems:#?}");
        assert!(n >= 6, "{fw}: only {n} sums found");
        let (n, problems) = check_rates(&text);
        assert!(problems.is_empty(), "{fw}: {problems:#?}");
        assert!(n >= 10, "{fw}: only {n} rates found");
    }
}

#[test]
fn the_checker_catches_a_wrong_sum_and_a_wrong_rate() {
    let (_, p) = check_sums("年初预算为100万元，包括：基本支出预算30万元，项目支出预算60万元");
    assert_eq!(p.len(), 1);
    let (_, p) = check_rates("调整预算数36.08万元，实际支出33.45万元，控制率为92.7%");
    assert_eq!(p.len(), 1);
    let (n, p) = check_rates("调整预算数36.08万元，实际支出33.45万元，控制率为92.71%");
    assert_eq!((n, p.len()), (1, 0));
}

#[test]
fn longhua_sentences_in_the_register_of_the_report() {
    let doc = report(&longhua(), "longhua-4e");
    let text = paragraphs(&doc).join("\n");
    for expected in [
        "我局2021年年初预算为23,260万元，均为财政拨款支出，包括：基本支出预算2,900万元（人员经费支出1,148万元，日常公用经费支出1,752万元），项目支出预算20,360万元。",
        "2021年财政拨款支出决算数为40,161.25万元，其中：人员经费支出1,136万元，公用经费支出1,694.02万元，项目支出37,331.23万元（其中基本建设类项目23,783.48万元）。",
        "政府采购执行率为98.25%",
        "“三公”经费控制率为92.71%（以调整预算为基数）",
        "第三季度执行率为105.07%",
        "实际支出1,694.02万元，日常公用经费控制率为99.67%（以调整预算为基数）。",
        "决算数40,161.25万元占调整预算数40,295.14万元的99.67%。",
        "完成二级项目数48个，完成率为100%",
        "满意率达99.87%",
    ] {
        assert!(text.contains(expected), "missing: {expected}");
    }
}

#[test]
fn inconsistent_input_is_visible_not_hidden() {
    let doc = report(&longhua(), "longhua-4e");
    let md = markdown(&doc);
    // the sentence keeps both figures and says they disagree
    assert!(md.contains("实际支出33.45万元（其中："));
    assert!(md.contains("以上分项合计35.58万元，与“三公”经费实际支出33.45万元不一致，相差2.13万元"));
    // and the warnings annex lists the identity
    let warnings = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if t.id == "warnings" => Some(t),
            _ => None,
        })
        .expect("warnings table");
    assert!(warnings
        .rows
        .iter()
        .any(|r| r.cells[2] == "sangong.actual.total" && r.cells[3].contains("35.58")));
}

#[test]
fn missing_data_is_written_as_missing_never_as_zero() {
    let d = DepartmentYear::default();
    for fw in ["longhua-4e", "mof-2013-dept"] {
        let doc = report(&d, fw);
        let md = markdown(&doc);
        assert!(md.contains("年初预算未提供"), "{md}");
        assert!(md.contains("财政拨款支出决算数未提供"));
        assert!(!md.contains("0万元"), "no figure is invented: {md}");
        // every format still renders
        let _ = html(&doc);
        assert!(!docx(&doc).is_empty());
    }
    // a partial budget: the missing part says so
    let mut d = longhua();
    d.budget.initial.personnel = None;
    let md = markdown(&report(&d, "longhua-4e"));
    assert!(md.contains("人员经费支出未提供"));
}

#[test]
fn odd_inputs_do_not_panic() {
    let mut d = longhua();
    d.budget.adjusted.total = Some(jixiao_model::Money::ZERO);
    d.sangong.adjusted_budget.total = Some(jixiao_model::Money::ZERO);
    d.progress[0].time_pct = Some(jixiao_model::Percent(Decimal::ZERO));
    d.progress[1].period = "第九季".into();
    d.budget.final_accounts.total = Some(jixiao_model::Money::wan(Decimal::new(-5, 0)));
    d.department.name = Some("<script>&\"'".into());
    let doc = report(&d, "longhua-4e");
    let h = html(&doc);
    assert!(!h.contains("<script>&"));
    let md = markdown(&doc);
    assert!(md.contains("无法计算"));
}

#[test]
fn huge_amounts_do_not_overflow_the_report() {
    // Sums of parts are checked additions in the report (jixiao_model::validate itself
    // still panics on such input: reported to the model's owner).
    let huge = Some(jixiao_model::Money::wan(Decimal::MAX));
    assert_eq!(
        jixiao_report::text::mismatch("合计", huge, &[huge, huge]),
        ""
    );
    let mut d = DepartmentYear::default();
    d.procurement.plan.total = huge;
    d.procurement.actual.total = Some(jixiao_model::Money::wan(Decimal::new(1, 28)));
    d.budget.adjusted.total = huge;
    d.budget.final_accounts.total = huge;
    let md = markdown(&report(&d, "longhua-4e"));
    assert!(md.contains("79,228,162,514,264,337,593,543,950,335"));
}

#[test]
fn snapshot_markdown_longhua() {
    insta::assert_snapshot!("longhua_md", markdown(&report(&longhua(), "longhua-4e")));
}

#[test]
fn snapshot_markdown_mof() {
    insta::assert_snapshot!("mof_md", markdown(&report(&longhua(), "mof-2013-dept")));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!("longhua_html", html(&report(&longhua(), "longhua-4e")));
}

#[test]
fn snapshot_docx_document_xml() {
    let (xml, charts) = jixiao_report::docx::document_xml(&report(&longhua(), "longhua-4e"));
    // one element per line keeps the snapshot diffable
    insta::assert_snapshot!(
        "longhua_document_xml",
        xml.replace("<w:p>", "\n<w:p>")
            .replace("<w:tbl>", "\n<w:tbl>")
    );
    assert_eq!(charts.len(), 4);
    assert!(charts[0].contains("<c:barChart>"));
}

/// The names of the parts in a ZIP archive (central directory).
fn zip_names(zip: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i + 46 <= zip.len() {
        if zip[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let n = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            names.push(String::from_utf8_lossy(&zip[i + 46..i + 46 + n]).to_string());
            i += 46 + n;
        } else {
            i += 1;
        }
    }
    names
}

#[test]
fn docx_package_and_properties() {
    let doc = report(&longhua(), "longhua-4e");
    let bytes = docx(&doc);
    assert_eq!(bytes, docx(&doc), "deterministic");
    let names = zip_names(&bytes);
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/footer1.xml",
        "word/footer2.xml",
        "word/charts/chart1.xml",
        "docProps/core.xml",
        "docProps/custom.xml",
    ] {
        assert!(names.iter().any(|n| n == part), "missing {part}: {names:?}");
    }
    let (xml, _) = jixiao_report::docx::document_xml(&doc);
    assert!(xml.contains("w:w=\"11906\" w:h=\"16838\""), "A4");
    assert!(xml.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\""));
}

#[test]
fn traceability_in_every_format() {
    let doc = report(&longhua(), "longhua-4e");
    let sum = "ab12".repeat(16);
    assert_eq!(
        doc.meta.as_of.as_deref(),
        Some("2021-12-31"),
        "as-of from the input"
    );
    assert!(markdown(&doc).contains(&sum));
    assert!(html(&doc).contains(&format!(
        "<meta name=\"jixiao:checksum\" content=\"{sum}\">"
    )));
    assert!(html(&doc).contains("<meta name=\"jixiao:framework\" content=\"longhua-4e\">"));
    // the flag wins over the input
    let mut p = provenance();
    p.as_of = Some("2022-03-31".into());
    let d = longhua();
    let doc = build(&d, &evaluate(&d, "longhua-4e"), &p, None).expect("builds");
    assert_eq!(doc.meta.as_of.as_deref(), Some("2022-03-31"));
}

#[test]
fn custom_template_can_reuse_the_default_parts() {
    let d = longhua();
    let e = evaluate(&d, "longhua-4e");
    let tpl = "# {{ dept.name }}{{ title }}\n\n{% include \"_basic.jinja\" %}\n\n## 二、自定义\n\n{{ text.overall }}\n\n@table scores\n";
    let doc = build(&d, &e, &provenance(), Some(tpl)).expect("custom template");
    let md = markdown(&doc);
    assert!(md.starts_with("# 深圳市龙华区政务服务数据管理局2021年度部门整体绩效评价报告"));
    assert!(md.contains("## 二、自定义"));
    assert!(md.contains("部门整体绩效评价评分表"));

    let err = build(&d, &e, &provenance(), Some("@table nope\n")).expect_err("unknown table");
    let msg = err.to_string();
    assert!(msg.contains("nope") && msg.contains("budget"), "{msg}");
    let err = build(&d, &e, &provenance(), Some("{{ no_such_variable }}")).expect_err("strict");
    assert!(err.to_string().contains("模板错误"), "{err}");
}

// ---------------------------------------------------------------------------------------
// PDF and LibreOffice: run when the machine has what they need (CI runs scripts/setup.sh).

fn fonts() -> Option<FontSet> {
    match FontSet::discover() {
        Ok(f) => Some(f),
        Err(e) => {
            eprintln!("SKIP: no CJK font on this machine ({e}); run scripts/setup.sh");
            None
        }
    }
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

#[test]
fn pdf_has_fonts_text_and_no_forbidden_line_starts() {
    let Some(fonts) = fonts() else { return };
    let doc = report(&longhua(), "longhua-4e");
    let bytes = pdf(&doc, &PdfOptions { fonts: &fonts }).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(
        bytes,
        pdf(&doc, &PdfOptions { fonts: &fonts }).expect("pdf"),
        "deterministic"
    );
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("/FontFile3") || raw.contains("/FontFile2"),
        "font embedded"
    );
    assert!(raw.contains("/JixiaoChecksum"));
    assert!(
        bytes.len() < 2_000_000,
        "fonts are subset: {} bytes",
        bytes.len()
    );
    if !tool("pdftotext") {
        eprintln!("SKIP: pdftotext not installed (apt-get install poppler-utils)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("jixiao-report-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("r.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    // pdftotext renders the CJK–Latin autospace as a space
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in [
        "2021年度部门整体绩效评价报告",
        "一、部门基本情况",
        "二、部门主要履职绩效分析",
        "三、总体评价和整改措施",
        "40,161.25",
        "92.71%",
        "105.07%",
        "—1—",
    ] {
        assert!(flat.contains(needle), "PDF text lacks {needle}");
    }
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(c) = t.chars().next() {
            assert!(
                !"，。、；：？！）」』》".contains(c),
                "line starts with {c}: {line}"
            );
        }
    }
    let info = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    assert!(info.contains("x 841.89 pts (A4)"), "{info}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libreoffice_opens_the_docx() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|t| {
        Command::new(t)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    let Some(soffice) = soffice else {
        eprintln!("SKIP: LibreOffice not installed");
        return;
    };
    // Debian splits LibreOffice: a machine with only Calc (libreoffice-calc-nogui, used for
    // the workbook checks) cannot open a .docx at all.
    let writer = ["/usr/lib/libreoffice/program", "/opt/libreoffice/program"]
        .iter()
        .any(|d| Path::new(d).join("libswlo.so").is_file());
    if !writer {
        eprintln!(
            "SKIP: LibreOffice Writer not installed (apt-get install libreoffice-writer-nogui)"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("jixiao-report-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("r.docx");
    std::fs::write(&path, docx(&report(&longhua(), "longhua-4e"))).expect("write");
    let status = Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&path)
        .env("HOME", &dir)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let out = dir.join("r.pdf");
    assert!(Path::new(&out).is_file(), "converted");
    if tool("pdftotext") {
        let t = Command::new("pdftotext")
            .arg(&out)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&t.stdout).to_string();
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            flat.contains("一、部门基本情况") && flat.contains("40,161.25"),
            "{text}"
        );
        assert!(flat.contains("—1—"), "page numbers");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn project_self_evaluation_rows_appear() {
    let mut d = longhua();
    let extra: DepartmentYear = toml::from_str(
        r#"
[[projects.project]]
name = "智慧龙华二期"
budget_initial = 1000
budget_annual = "1200.50"
spent = "1150.25"
status = "已完成"

[[projects.project.target]]
level1 = "产出指标"
level2 = "数量"
name = "建成项目数"
operator = "≥"
value = 16
unit = "个"
actual = 16
weight = 50

[[projects.project.target]]
level1 = "满意度指标"
level2 = "服务对象满意度"
name = "用户满意度"
operator = "≥"
value = 90
unit = "%"
actual = 85
weight = 10
deviation = "部分系统上线初期响应较慢，已优化"
"#,
    )
    .expect("project toml");
    d.projects.items = extra.projects.items;
    let doc = report(&d, "longhua-4e");
    let table = |id: &str| {
        doc.blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.id == id => Some(t.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("table {id}"))
    };
    let projects = table("projects");
    assert_eq!(
        projects.rows[0].cells[..5],
        ["智慧龙华二期", "1,000", "1,200.50", "1,150.25", "95.81%"]
    );
    let targets = table("project_targets");
    assert!(targets.rows.iter().any(|r| r.cells[3] == "用户满意度"));
    assert!(targets
        .rows
        .iter()
        .any(|r| r.cells.last().is_some_and(|c| c.contains("已优化"))));
}
