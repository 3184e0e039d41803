//! Field path → where it is written in the input file.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::tree::Node;

/// A place in an input file: 1-based line and column (columns count characters, not bytes)
/// and the byte span of the value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub span: Range<usize>,
}

/// Where each field path of a department-year file is written.
///
/// Paths are those of validation diagnostics and score traces: `budget.initial.basic`,
/// `progress[2].spent_pct`, `projects.project[0].target[1].value`.
///
/// The map is built on first use: most inputs load without a diagnostic and are never
/// looked up, and building it (a path string and two line/column look-ups per node) cost
/// as much as a sixth of reading a file.
#[derive(Clone, Default)]
pub struct SourceMap {
    origin: String,
    entries: OnceLock<BTreeMap<String, Entry>>,
    /// What the entries are built from, until they are.
    source: Option<Arc<Source>>,
}

/// The input text and its tree, kept for building a [`SourceMap`] on demand.
pub(crate) struct Source {
    pub text: String,
    pub root: Node,
}

impl PartialEq for SourceMap {
    fn eq(&self, other: &Self) -> bool {
        self.origin == other.origin && self.entries() == other.entries()
    }
}

impl Eq for SourceMap {}

impl fmt::Debug for SourceMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceMap")
            .field("origin", &self.origin)
            .field("entries", self.entries())
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    value: Location,
    key: Option<Location>,
}

impl SourceMap {
    /// A map of `source`, built when first looked up.
    pub(crate) fn lazy(origin: &str, source: Arc<Source>) -> SourceMap {
        SourceMap {
            origin: origin.to_string(),
            entries: OnceLock::new(),
            source: Some(source),
        }
    }

    fn entries(&self) -> &BTreeMap<String, Entry> {
        self.entries.get_or_init(|| match &self.source {
            Some(s) => Self::build(&s.text, &s.root),
            None => BTreeMap::new(),
        })
    }

    fn build(text: &str, root: &Node) -> BTreeMap<String, Entry> {
        let index = LineIndex::new(text);
        let mut entries = BTreeMap::new();
        let mut path = String::new();
        root.walk(&mut path, &mut |p, node| {
            if p.is_empty() {
                return;
            }
            if let Some(span) = node.value_span() {
                entries.insert(
                    p.to_string(),
                    Entry {
                        value: index.location(text, span),
                        key: node.key_span.clone().map(|s| index.location(text, s)),
                    },
                );
            }
        });
        entries
    }

    /// The file these locations refer to.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Where `path`'s value is written; for a path absent from the file, where its nearest
    /// written parent is (`budget.adjusted.total` → `budget.adjusted` → `budget`). `None`
    /// when no part of the path is in the file.
    pub fn locate(&self, path: &str) -> Option<Location> {
        let mut p = path;
        loop {
            if let Some(e) = self.entries().get(p) {
                return Some(e.value.clone());
            }
            p = parent_path(p)?;
        }
    }

    /// Where `path`'s value is written, only if the path itself is in the file.
    pub fn locate_exact(&self, path: &str) -> Option<Location> {
        self.entries().get(path).map(|e| e.value.clone())
    }

    /// Where the key of `path` is written (`basic` in `basic = 2900`), if it has one.
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        self.entries().get(path).and_then(|e| e.key.clone())
    }

    /// Whether `path` is written in the file.
    pub fn contains(&self, path: &str) -> bool {
        self.entries().contains_key(path)
    }

    /// Every path written in the file, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries().keys().map(String::as_str)
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → none.
pub(crate) fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return Some(&path[..i]);
        }
    }
    match path.rfind(['.', '[']) {
        Some(i) => Some(&path[..i]),
        None => Some(""),
    }
}

/// Byte offsets of line starts, to turn spans into lines and columns.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 16 + 1);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Clamp a byte offset into `text` and onto a character boundary.
    fn clamp(text: &str, mut at: usize) -> usize {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    pub fn location(&self, text: &str, span: Range<usize>) -> Location {
        let start = Self::clamp(text, span.start);
        let end = Self::clamp(text, span.end.max(start));
        let line0 = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let line_start = self.starts.get(line0).copied().unwrap_or(0);
        let column = text
            .get(line_start..start)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Location {
            line: line0 + 1,
            column,
            span: start..end,
        }
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches('\n')
            .trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents() {
        assert_eq!(parent_path("a.b[2].c"), Some("a.b[2]"));
        assert_eq!(parent_path("a.b[2]"), Some("a.b"));
        assert_eq!(parent_path("a.b"), Some("a"));
        assert_eq!(parent_path("a"), Some(""));
        assert_eq!(parent_path(""), None);
    }

    #[test]
    fn columns_count_characters() {
        let text = "名称 = \"龙华\"\nx = 1\r\n";
        let ix = LineIndex::new(text);
        let at = text.find('"').unwrap_or(0);
        let loc = ix.location(text, at..at + 1);
        assert_eq!((loc.line, loc.column), (1, 6));
        let at = text.find('x').unwrap_or(0);
        assert_eq!(ix.location(text, at..at + 1).line, 2);
        assert_eq!(ix.line_text(text, 2), "x = 1");
        // out of range and mid-character offsets are clamped, never panic
        let loc = ix.location(text, 1..999);
        assert_eq!(loc.span, 0..text.len());
    }
}
