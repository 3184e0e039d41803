//! Diagnostics about an input file, located by file, line and column, printed like a
//! compiler's.

use std::fmt::Write as _;

use jixiao_model::{Diagnostic, Severity};
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::source_map::{LineIndex, Location, SourceMap};

/// Language of rendered messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 简体中文
    #[default]
    Zh,
    En,
}

/// One finding about an input: what, where (file, line, column, byte span) and the source
/// line it points into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputDiagnostic {
    pub severity: Severity,
    /// Stable code: `syntax`, `encoding`, `unknown-field`, `missing-field`, `invalid-type`,
    /// `invalid-number`, `invalid-value`, `unknown-variant`, `json-decimal`,
    /// `duplicate-key`, `too-many-errors`, or a validation code from `jixiao_model::validate`
    /// (`identity`, `negative`, `period-order`, …).
    pub code: &'static str,
    /// Field path, when the finding is about a field (`budget.initial.basic`).
    pub path: Option<String>,
    /// The input file (or a name such as `<stdin>`).
    pub origin: String,
    /// Where in the file; `None` when the file has nothing to point at (an absent field
    /// whose parents are absent too).
    pub location: Option<Location>,
    /// The text of the line `location` points into, for rendering.
    pub source_line: Option<String>,
    /// Message in Simplified Chinese.
    pub message: String,
    /// The same in English.
    pub message_en: String,
    /// Other places involved (the parts of a broken total), with their locations.
    pub related: Vec<Related>,
}

/// Another place a diagnostic refers to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    pub path: String,
    pub location: Option<Location>,
}

impl InputDiagnostic {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message,
            Lang::En => &self.message_en,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or just `file` when there is no location.
    pub fn position(&self) -> String {
        match &self.location {
            Some(l) => format!("{}:{}:{}", self.origin, l.line, l.column),
            None => self.origin.clone(),
        }
    }

    /// A validation diagnostic from `jixiao_model::validate`, located through `map`.
    pub fn from_model(d: &Diagnostic, map: &SourceMap, text: Option<&str>) -> InputDiagnostic {
        let location = map.locate(&d.path);
        let source_line = match (&location, text) {
            (Some(l), Some(t)) => Some(LineIndex::new(t).line_text(t, l.line).to_string()),
            _ => None,
        };
        InputDiagnostic {
            severity: d.severity,
            code: d.code,
            path: Some(d.path.clone()),
            origin: map.origin().to_string(),
            location,
            source_line,
            message: d.message.clone(),
            message_en: d.message_en.clone(),
            related: d
                .related
                .iter()
                .map(|p| Related {
                    path: p.clone(),
                    location: map.locate(p),
                })
                .collect(),
        }
    }

    /// Print like a compiler:
    ///
    /// ```text
    /// 错误[unknown-field]: 未知字段 `budget.inital`，是否应为 `initial`？
    ///  --> department.toml:3:9
    ///   |
    /// 3 | [budget.inital]
    ///   |         ^^^^^^
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let label = match (lang, self.severity) {
            (Lang::Zh, s) => s.label_zh(),
            (Lang::En, Severity::Error) => "error",
            (Lang::En, Severity::Warning) => "warning",
            (Lang::En, Severity::Info) => "info",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.code, self.message(lang));
        let Some(loc) = &self.location else {
            let _ = writeln!(out, " --> {}", self.origin);
            self.render_related(&mut out, lang);
            return out;
        };
        let gutter = loc.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {}:{}:{}", self.origin, loc.line, loc.column);
        if let Some(line) = &self.source_line {
            let (shown, caret_at, caret_len) = caret_layout(line, loc);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", loc.line, shown);
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(caret_at),
                "^".repeat(caret_len.max(1))
            );
        }
        self.render_related(&mut out, lang);
        out
    }

    fn render_related(&self, out: &mut String, lang: Lang) {
        for r in &self.related {
            let word = match lang {
                Lang::Zh => "相关",
                Lang::En => "related",
            };
            match &r.location {
                Some(l) => {
                    let _ = writeln!(
                        out,
                        "  = {word}: {} ({}:{}:{})",
                        r.path, self.origin, l.line, l.column
                    );
                }
                None => {
                    let _ = writeln!(out, "  = {word}: {}", r.path);
                }
            }
        }
    }
}

/// The line as shown (tabs expanded, control characters blanked), the display column where
/// the carets start and how many carets (display width of the spanned text on this line).
fn caret_layout(line: &str, loc: &Location) -> (String, usize, usize) {
    let mut shown = String::with_capacity(line.len());
    let mut caret_at = 0;
    let mut caret_len = 0;
    let start_col = loc.column.saturating_sub(1);
    let span_bytes = loc.span.len();
    let mut consumed_bytes = 0usize;
    for (i, c) in line.chars().enumerate() {
        let (text, width) = match c {
            '\t' => ("    ".to_string(), 4),
            c if c.is_control() => (" ".to_string(), 1),
            c => (c.to_string(), c.width().unwrap_or(0)),
        };
        shown.push_str(&text);
        if i < start_col {
            caret_at += width;
        } else if consumed_bytes < span_bytes {
            consumed_bytes += c.len_utf8();
            caret_len += width.max(1);
        }
    }
    (shown, caret_at, caret_len)
}

/// Sort diagnostics by file position (unlocated last), errors before warnings at the same
/// place; stable otherwise.
pub(crate) fn sort(diags: &mut [InputDiagnostic]) {
    diags.sort_by_key(|d| {
        (
            d.location
                .as_ref()
                .map(|l| l.span.start)
                .unwrap_or(usize::MAX),
            std::cmp::Reverse(d.severity),
        )
    });
}

/// Render several diagnostics, one after another, with a summary line.
pub fn render_all(diags: &[InputDiagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render(lang));
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let _ = match lang {
        Lang::Zh => writeln!(out, "共 {errors} 个错误，{warnings} 个警告"),
        Lang::En => writeln!(out, "{errors} error(s), {warnings} warning(s)"),
    };
    out
}
