//! jixiao-audit: find the numbers that do not add up in a report's text (报告数字核对).
//!
//! Pipeline (one module per phase, all pure functions over text):
//!
//! ```text
//! bytes ──input──▶ text ──normalize──▶ normalised text + offset map
//!       ──extract──▶ quantities, labels, totals/parts, rates, lists, years
//!       ──checks (AU001…)──▶ diagnostics (spans in the original text) ──render──▶ terminal / JSON / SARIF
//! ```
//!
//! Architecture invariants: no IO and no clock here (the CLI reads files); nothing panics
//! on any input; every diagnostic span is a byte range of the *original* text (the
//! decoded text of the file), mapped back through [`normalize::OffsetMap`].
//!
//! ```
//! let text = "2021 年度部门整体绩效评价报告\n……\n2021 年调整预算数 40,295.14 万元，其中：基本支出调整预算数 2,867.41 万元，项目支出调整预算数 37,472.73 万元。\n";
//! let audit = jixiao_audit::audit_text(text, &jixiao_audit::Options::default());
//! assert_eq!(audit.report_year, Some(2021));
//! assert_eq!(audit.diagnostics[0].code, "AU001");
//! assert_eq!(&text[audit.diagnostics[0].span.clone()], "40,295.14 万元");
//! ```

pub mod batch;
pub mod bench;
pub mod checks;
pub mod diagnostic;
pub mod extract;
pub mod input;
pub mod normalize;
pub mod render;

#[cfg(test)]
pub(crate) mod testing;

pub use bench::{bench, BenchFigures};
pub use checks::{Check, CHECKS};
pub use diagnostic::{Diagnostic, External, LineIndex, Related, Severity};
pub use input::{decode, InputError, SourceKind, SourceText};

/// Settings of one audit run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The report's year, when it cannot be read from the title.
    pub year: Option<u16>,
}

/// The result of auditing one text.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Sorted by position; spans are byte ranges of the audited text.
    pub diagnostics: Vec<Diagnostic>,
    /// The report year used for AU006 (given or inferred).
    pub report_year: Option<u16>,
    /// How many quantities were found (for summaries and benchmarks).
    pub quantities: usize,
}

impl Audit {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Texts longer than this are checked in pieces split at line breaks, so memory stays
/// bounded; relations across pieces are not seen.
pub const CHUNK_BYTES: usize = 4 << 20;

/// At most this many diagnostics are kept per text.
pub const MAX_DIAGNOSTICS: usize = 10_000;

/// Audit a report's text.
pub fn audit_text(text: &str, opts: &Options) -> Audit {
    audit_in_chunks(text, opts, CHUNK_BYTES)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// [`audit_text`] with a given chunk size (exposed for tests of the chunking).
#[doc(hidden)]
pub fn audit_in_chunks(text: &str, opts: &Options, chunk_bytes: usize) -> Audit {
    let report_year = opts.year.or_else(|| infer_year(text));
    let mut audit = Audit {
        report_year,
        ..Audit::default()
    };
    let chunk_bytes = chunk_bytes.max(16);
    let mut start = 0;
    while start < text.len() {
        let mut end = floor_boundary(text, start + chunk_bytes);
        if end < text.len() {
            // split after a line break when there is one in the chunk
            if let Some(i) = text[start..end].rfind('\n') {
                end = start + i + 1;
            }
        }
        if end <= start {
            // a single character longer than the chunk size cannot happen (chunk ≥ 16 bytes)
            end = text[start..]
                .chars()
                .next()
                .map_or(text.len(), |c| start + c.len_utf8());
        }
        let chunk = &text[start..end];
        let (diags, n) = audit_chunk(chunk, report_year);
        audit.quantities += n;
        for mut d in diags {
            if audit.diagnostics.len() >= MAX_DIAGNOSTICS {
                break;
            }
            d.span = d.span.start + start..d.span.end + start;
            for r in &mut d.related {
                r.span = r.span.start + start..r.span.end + start;
            }
            audit.diagnostics.push(d);
        }
        start = end;
    }
    audit
}

fn audit_chunk(original: &str, report_year: Option<u16>) -> (Vec<Diagnostic>, usize) {
    let norm = normalize::normalize(original);
    let ex = extract::extract(&norm.text);
    let cx = checks::Ctx {
        text: &norm.text,
        ex: &ex,
        report_year,
        restated: Default::default(),
    };
    let mut diags = Vec::new();
    for c in CHECKS {
        (c.run)(&cx, &mut diags);
    }
    for d in &mut diags {
        d.span = norm.to_orig(original, d.span.clone());
        for r in &mut d.related {
            r.span = norm.to_orig(original, r.span.clone());
        }
    }
    diags.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    diags.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    (diags, ex.quantities.len())
}

/// The report's year, read from its title: the first "2021 年度" / "2021 年…报告" in the
/// first lines, else the year most often written if it is a clear majority.
pub fn infer_year(text: &str) -> Option<u16> {
    let head: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("\n");
    let head_norm = normalize::normalize(&head).text;
    let toks = extract::number::scan(&head_norm);
    for t in &toks {
        if let extract::number::TokenKind::Year(y) = t.kind {
            let after = &head_norm[t.full.end.min(head_norm.len())..];
            let line_end = after.find('\n').unwrap_or(after.len());
            let rest = &after[..line_end];
            if after.starts_with('度')
                || ["报告", "绩效", "决算", "预算", "自评"]
                    .iter()
                    .any(|w| rest.contains(w))
            {
                return Some(y);
            }
        }
    }
    // majority of all years in the first 200 KB
    let mut end = text.len().min(200_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let body = normalize::normalize(&text[..end]).text;
    let mut counts: std::collections::BTreeMap<u16, usize> = Default::default();
    for t in extract::number::scan(&body) {
        if let extract::number::TokenKind::Year(y) = t.kind {
            *counts.entry(y).or_default() += 1;
        }
    }
    let total: usize = counts.values().sum();
    let (y, n) = counts.iter().max_by_key(|(_, n)| **n)?;
    (total >= 3 && n * 2 > total).then_some(*y)
}
