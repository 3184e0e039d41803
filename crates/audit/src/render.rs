//! One diagnostic model printed three ways: a compiler-style terminal rendering, JSON, and
//! SARIF 2.1.0.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde_json::{json, Value};

use crate::diagnostic::{display_width, Diagnostic, LineIndex, Severity};
use crate::input::SourceText;
use crate::{Audit, CHECKS};

/// The outcome for one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    Checked {
        path: String,
        source: SourceText,
        audit: Audit,
    },
    Unreadable {
        path: String,
        reason: String,
    },
}

impl Outcome {
    pub fn path(&self) -> &str {
        match self {
            Outcome::Checked { path, .. } | Outcome::Unreadable { path, .. } => path,
        }
    }
}

/// Totals over many files.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub checked: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// code → (errors, warnings, infos)
    pub by_code: BTreeMap<String, [usize; 3]>,
}

impl Summary {
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let mut s = Summary {
            files: outcomes.len(),
            ..Summary::default()
        };
        for o in outcomes {
            match o {
                Outcome::Unreadable { .. } => s.unreadable += 1,
                Outcome::Checked { audit, .. } => {
                    s.checked += 1;
                    for d in &audit.diagnostics {
                        let e = s.by_code.entry(d.code.to_string()).or_default();
                        match d.severity {
                            Severity::Error => {
                                s.errors += 1;
                                e[0] += 1
                            }
                            Severity::Warning => {
                                s.warnings += 1;
                                e[1] += 1
                            }
                            Severity::Info => {
                                s.infos += 1;
                                e[2] += 1
                            }
                        }
                    }
                }
            }
        }
        s
    }

    /// A plain table for the end of a terminal run.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "核对文件 {} 个（无法读取 {} 个）：错误 {}，警告 {}，提示 {}",
            self.files, self.unreadable, self.errors, self.warnings, self.infos
        );
        if !self.by_code.is_empty() {
            let title_of = |code: &str| -> &'static str {
                crate::checks::find(code)
                    .map(|c| c.title)
                    .or_else(|| {
                        crate::batch::BATCH_CHECKS
                            .iter()
                            .find(|(c, ..)| *c == code)
                            .map(|(_, _, t, _)| *t)
                    })
                    .unwrap_or("")
            };
            let width = self
                .by_code
                .keys()
                .map(|c| display_width(title_of(c)))
                .max()
                .unwrap_or(0)
                .max(26);
            let _ = writeln!(
                out,
                "代码    检查{}  错误  警告  提示",
                " ".repeat(width - 4)
            );
            for (code, n) in &self.by_code {
                let title = title_of(code);
                let pad = width.saturating_sub(display_width(title));
                let _ = writeln!(
                    out,
                    "{code:<7} {title}{} {:>5} {:>5} {:>5}",
                    " ".repeat(pad),
                    n[0],
                    n[1],
                    n[2]
                );
            }
        }
        out
    }
}

fn sev_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn sev_en(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn c(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Render diagnostics like a compiler: `file:line:column`, the source line, carets under the
/// exact characters (aligned for double-width Chinese characters), expected and found
/// values, and the related figures with their own positions.
pub fn terminal(path: &str, text: &str, diags: &[Diagnostic], color: bool) -> String {
    let idx = LineIndex::new(text);
    let p = Paint { on: color };
    let mut out = String::new();
    for d in diags {
        let (sc, label) = match d.severity {
            Severity::Error => ("1;31", "错误"),
            Severity::Warning => ("1;33", "警告"),
            Severity::Info => ("1;36", "提示"),
        };
        let _ = writeln!(
            out,
            "{}{} {}",
            p.c(sc, &format!("{label}[{}]", d.code)),
            p.c("1", ":"),
            p.c("1", &d.message)
        );
        snippet(&mut out, &p, path, text, &idx, d.span.clone(), sc, None);
        if let (Some(e), Some(f)) = (&d.expected, &d.found) {
            let _ = writeln!(out, "     {} 应为 {e}，实际为 {f}", p.c("1;34", "="));
        }
        for r in &d.related {
            let _ = writeln!(
                out,
                "{}{} {}",
                p.c("1;32", "相关"),
                p.c("1", ":"),
                r.message
            );
            snippet(&mut out, &p, path, text, &idx, r.span.clone(), "1;32", None);
        }
        for e in &d.elsewhere {
            let _ = writeln!(
                out,
                "     {} 另见 {}:{}:{}：{}「{}」",
                p.c("1;34", "="),
                e.path,
                e.line,
                e.column,
                e.message,
                e.text
            );
        }
        if let Some(h) = &d.help {
            let _ = writeln!(out, "     {} 建议：{h}", p.c("1;34", "="));
        }
        out.push('\n');
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut String,
    p: &Paint,
    path: &str,
    text: &str,
    idx: &LineIndex,
    span: Range<usize>,
    sc: &str,
    note: Option<&str>,
) {
    let span = span.start.min(text.len())..span.end.min(text.len());
    let lc = idx.line_col(text, span.start);
    let line = idx.line_of(span.start);
    let lr = idx.line_range(text, line);
    let gutter = lc.line.to_string().len().max(3);
    let _ = writeln!(
        out,
        "{:>w$}{} {path}:{}:{}",
        "",
        p.c("1;34", "-->"),
        lc.line,
        lc.column,
        w = gutter
    );
    let _ = writeln!(out, "{:>w$} {}", "", p.c("1;34", "|"), w = gutter);
    // window around the span on long lines
    let mut ws = lr.start;
    let we_full = lr.end;
    let s = span.start.max(lr.start);
    let e = span.end.min(lr.end).max(s);
    let mut prefix = String::new();
    if display_width(&text[lr.start..s]) > 60 {
        let mut back = s;
        let mut w = 0;
        for (i, c) in text[lr.start..s].char_indices().rev() {
            w += display_width(c.encode_utf8(&mut [0; 4]));
            back = lr.start + i;
            if w >= 40 {
                break;
            }
        }
        ws = back;
        prefix = "…".into();
    }
    let mut we = we_full;
    let mut suffix = "";
    if display_width(&text[e..we_full]) > 60 {
        let mut w = 0;
        we = e;
        for (i, c) in text[e..we_full].char_indices() {
            w += display_width(c.encode_utf8(&mut [0; 4]));
            we = e + i + c.len_utf8();
            if w >= 40 {
                break;
            }
        }
        suffix = "…";
    }
    let shown = format!("{prefix}{}{suffix}", text[ws..we].replace('\t', "    "));
    let _ = writeln!(
        out,
        "{} {} {}",
        p.c("1;34", &format!("{:>w$}", lc.line, w = gutter)),
        p.c("1;34", "|"),
        shown
    );
    let pad = display_width(&prefix) + display_width(&text[ws..s]);
    let carets = display_width(&text[s..e]).max(1);
    let more = if span.end > lr.end {
        " …（跨行）"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{:>w$} {} {}{}{}{}",
        "",
        p.c("1;34", "|"),
        " ".repeat(pad),
        p.c(sc, &"^".repeat(carets)),
        more,
        note.map_or(String::new(), |n| format!(" {n}")),
        w = gutter
    );
}

fn span_json(text: &str, idx: &LineIndex, source: &SourceText, span: &Range<usize>) -> Value {
    let a = idx.line_col(text, span.start);
    let b = idx.line_col(text, span.end);
    let mut v = json!({
        "start": span.start,
        "end": span.end,
        "line": a.line,
        "column": a.column,
        "end_line": b.line,
        "end_column": b.column,
        "text": text.get(span.clone()).unwrap_or(""),
    });
    if source.encoding == "GB18030" || source.encoding == "UTF-8 (BOM)" {
        v["file_bytes"] = json!({ "start": source.original_offset(span.start), "end": source.original_offset(span.end) });
    }
    v
}

/// One diagnostic as JSON.
pub fn diagnostic_json(d: &Diagnostic, source: &SourceText, idx: &LineIndex) -> Value {
    let text = &source.text;
    json!({
        "code": d.code,
        "severity": sev_en(d.severity),
        "message": d.message,
        "span": span_json(text, idx, source, &d.span),
        "expected": d.expected,
        "found": d.found,
        "help": d.help,
        "related": d.related.iter().map(|r| json!({
            "message": r.message,
            "span": span_json(text, idx, source, &r.span),
        })).collect::<Vec<_>>(),
        "elsewhere": d.elsewhere,
    })
}

/// All outcomes as one JSON document: `{ "files": [...], "summary": {...} }`. Spans are byte
/// ranges of the decoded text (UTF-8), with 1-based line and character column; for GB18030
/// files `file_bytes` gives the range in the file itself.
pub fn json(outcomes: &[Outcome]) -> Value {
    let files: Vec<Value> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Checked { path, source, audit } => {
                let idx = LineIndex::new(&source.text);
                json!({
                    "file": path,
                    "kind": source.kind,
                    "encoding": source.encoding,
                    "notes": source.notes,
                    "report_year": audit.report_year,
                    "errors": audit.count(Severity::Error),
                    "warnings": audit.count(Severity::Warning),
                    "diagnostics": audit.diagnostics.iter().map(|d| diagnostic_json(d, source, &idx)).collect::<Vec<_>>(),
                })
            }
            Outcome::Unreadable { path, reason } => json!({ "file": path, "error": reason }),
        })
        .collect();
    json!({ "files": files, "summary": Summary::of(outcomes) })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_region(source: &SourceText, idx: &LineIndex, span: &Range<usize>) -> Value {
    let text = &source.text;
    let a = idx.line_col(text, span.start);
    let b = idx.line_col(text, span.end);
    let bs = source.original_offset(span.start);
    let be = source.original_offset(span.end);
    let mut r = json!({
        "startLine": a.line,
        "startColumn": a.column,
        "endLine": b.line,
        "endColumn": b.column,
        "snippet": { "text": text.get(span.clone()).unwrap_or("") },
    });
    if source.kind == crate::input::SourceKind::Text {
        r["byteOffset"] = json!(bs);
        r["byteLength"] = json!(be.saturating_sub(bs));
    }
    r
}

/// SARIF 2.1.0 (one run; rules are the check table; columns count Unicode code points).
pub fn sarif(outcomes: &[Outcome]) -> Value {
    let rules: Vec<Value> = CHECKS
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": c.name,
                "shortDescription": { "text": c.title },
                "fullDescription": { "text": c.doc().lines().find(|l| l.starts_with("**What it finds.**")).unwrap_or(c.title).trim_start_matches("**What it finds.** ") },
                "help": { "text": c.doc(), "markdown": c.doc() },
                "defaultConfiguration": { "level": sarif_level(c.severity) },
            })
        })
        .collect();
    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked {
                path,
                source,
                audit,
            } => {
                let ai = artifacts.len();
                artifacts
                    .push(json!({ "location": { "uri": uri(path) }, "encoding": source.encoding }));
                let idx = LineIndex::new(&source.text);
                for d in &audit.diagnostics {
                    let rule_index = CHECKS.iter().position(|c| c.code == d.code).unwrap_or(0);
                    results.push(json!({
                        "ruleId": d.code,
                        "ruleIndex": rule_index,
                        "level": sarif_level(d.severity),
                        "message": { "text": d.message },
                        "locations": [{ "physicalLocation": {
                            "artifactLocation": { "uri": uri(path), "index": ai },
                            "region": sarif_region(source, &idx, &d.span),
                        }}],
                        "relatedLocations": d.related.iter().enumerate().map(|(k, r)| json!({
                            "id": k,
                            "message": { "text": r.message },
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(path), "index": ai },
                                "region": sarif_region(source, &idx, &r.span),
                            }
                        })).chain(d.elsewhere.iter().enumerate().map(|(k, e)| json!({
                            "id": d.related.len() + k,
                            "message": { "text": e.message },
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(&e.path) },
                                "region": { "startLine": e.line, "startColumn": e.column, "snippet": { "text": e.text } },
                            }
                        }))).collect::<Vec<_>>(),
                        "properties": { "expected": d.expected, "found": d.found, "help": d.help },
                    }));
                }
            }
            Outcome::Unreadable { path, reason } => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{path}: {reason}") },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } }],
            })),
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "jixiao-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }]
    })
}

/// A relative URI reference for a path (spaces and non-ASCII percent-encoded).
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The severity label in Chinese (for the CLI).
pub fn severity_zh(s: Severity) -> &'static str {
    sev_zh(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{audit_text, Options};

    const T: &str = "2021 年度报告\n2021 年调整预算数 40,295.14 万元，其中：基本支出调整预算数 2,867.41 万元，\n项目支出调整预算数 37,472.73 万元。\n";

    #[test]
    fn terminal_carets_align_under_cjk() {
        let a = audit_text(T, &Options::default());
        let s = terminal("r.txt", T, &a.diagnostics, false);
        let lines: Vec<&str> = s.lines().collect();
        let src = lines
            .iter()
            .position(|l| l.contains("| 2021 年调整预算数"))
            .unwrap();
        let caret = lines[src + 1];
        let col = display_width(&caret[..caret.find('^').unwrap()]);
        let at = display_width(&lines[src][..lines[src].find("40,295.14").unwrap()]);
        assert_eq!(col, at, "\n{s}");
        assert_eq!(caret.matches('^').count(), display_width("40,295.14 万元"));
        assert!(s.contains("--> r.txt:2:"), "{s}");
        assert!(s.contains("应为 40340.14，实际为 40295.14"), "{s}");
    }

    #[test]
    fn json_and_sarif_shapes() {
        let a = audit_text(T, &Options::default());
        let src = crate::input::text(T.as_bytes());
        let o = vec![
            Outcome::Checked {
                path: "r.txt".into(),
                source: src,
                audit: a,
            },
            Outcome::Unreadable {
                path: "bad.pdf".into(),
                reason: "扫描件".into(),
            },
        ];
        let j = json(&o);
        let d = &j["files"][0]["diagnostics"][0];
        assert_eq!(d["code"], "AU001");
        assert_eq!(d["severity"], "error");
        assert_eq!(d["expected"], "40340.14");
        assert_eq!(d["span"]["line"], 2);
        assert_eq!(d["span"]["text"], "40,295.14 万元");
        assert_eq!(j["summary"]["unreadable"], 1);
        let s = sarif(&o);
        assert_eq!(s["version"], "2.1.0");
        let r = &s["runs"][0]["results"][0];
        assert_eq!(r["ruleId"], "AU001");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
        assert_eq!(
            s["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["level"],
            "error"
        );
        assert_eq!(
            s["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            CHECKS.len()
        );
    }
}
