//! The one diagnostic model, printed three ways (terminal, JSON, SARIF) by [`crate::render`].
//!
//! Positions are byte ranges; line and column are computed only when printing, from a
//! [`LineIndex`] of the text the ranges point into.

use std::ops::Range;

pub use jixiao_model::Severity;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

/// Another figure that takes part in a finding (a part of a total, the numerator of a rate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    #[serde(skip)]
    pub span: Range<usize>,
    pub message: String,
}

/// A place in another file of the same run that takes part in a finding (the report a
/// sentence was copied from). Resolved to line and column when the finding is made, since
/// the other text is not at hand when printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct External {
    pub path: String,
    /// Byte range in that file's decoded text.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    /// The text at the place (shortened to [`EXTERNAL_EXCERPT_CHARS`] characters).
    pub text: String,
    pub message: String,
}

/// How much of another file's text an [`External`] quotes.
pub const EXTERNAL_EXCERPT_CHARS: usize = 60;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `AU001`.
    pub code: &'static str,
    pub severity: Severity,
    /// Message in Simplified Chinese.
    pub message: String,
    /// Byte range of the offending text.
    #[serde(skip)]
    pub span: Range<usize>,
    /// What the figure should be, as a decimal string (for arithmetic findings).
    pub expected: Option<String>,
    /// What the text says, as a decimal string.
    pub found: Option<String>,
    pub related: Vec<Related>,
    /// A hint on how to fix it.
    pub help: Option<String>,
    /// Places in other files of the run (cross-report checks only).
    pub elsewhere: Vec<External>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            expected: None,
            found: None,
            related: Vec::new(),
            help: None,
            elsewhere: Vec::new(),
        }
    }

    pub fn expected_found(mut self, expected: impl ToString, found: impl ToString) -> Self {
        self.expected = Some(expected.to_string());
        self.found = Some(found.to_string());
        self
    }

    pub fn related(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A line/column position (1-based; column counts characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Line starts of a text, for turning byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte range of 0-based line `line`, without its newline.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let s = self
            .starts
            .get(line)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let e = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |e| e.saturating_sub(1))
            .max(s);
        let e = if text[s..e].ends_with('\r') { e - 1 } else { e };
        s..e
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_boundary(text, offset);
        let line = self.line_of(offset);
        let s = self.starts[line].min(offset);
        LineCol {
            line: line + 1,
            column: text[s..offset].chars().count() + 1,
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Display width of a string on a terminal (CJK characters take two columns).
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}
