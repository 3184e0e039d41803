//! Accuracy of the report checker on a labelled folder of texts (format:
//! `fixtures/audit-corpus/FORMAT.md`): recall of the labelled inconsistencies, false errors,
//! false warnings and flagged identities, per file and in total.
//!
//! Shared by the `corpus_accuracy` test and the `corpus_accuracy` example (which runs it on
//! any folder).

#![allow(dead_code, clippy::float_arithmetic, clippy::cast_precision_loss)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jixiao_audit::{audit_text, Diagnostic, LineIndex, Options, Severity};

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Labels {
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub inconsistency: Vec<Inconsistency>,
    #[serde(default)]
    pub identity: Vec<Identity>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Place {
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Inconsistency {
    pub line: usize,
    pub text: String,
    #[serde(default)]
    pub also: Vec<Place>,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub pattern: String,
    #[serde(default)]
    pub why: String,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Identity {
    pub line: usize,
    pub text: String,
    #[serde(default)]
    pub why: String,
}

/// One diagnostic, located.
#[derive(Debug, Clone)]
pub struct Shown {
    pub code: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub text: String,
    pub message: String,
}

/// The figures of one file.
#[derive(Debug, Clone, Default)]
pub struct FileFigures {
    pub name: String,
    pub kind: String,
    pub inconsistencies: usize,
    pub found: usize,
    pub false_errors: usize,
    pub false_warnings: usize,
    pub identities: usize,
    pub identities_flagged: usize,
    /// Labels not found: (line, text, pattern, why).
    pub missed: Vec<(usize, String, String, String)>,
    /// Error/warning diagnostics matching no label.
    pub false_findings: Vec<Shown>,
    /// Identities flagged: (line, text, by).
    pub flagged: Vec<(usize, String, String)>,
    /// Labels file that could not be read.
    pub label_error: Option<String>,
}

/// Totals over files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub texts: usize,
    pub inconsistencies: usize,
    pub found: usize,
    pub false_errors: usize,
    pub false_warnings: usize,
    pub identities: usize,
    pub identities_flagged: usize,
}

impl Totals {
    pub fn of<'a>(files: impl IntoIterator<Item = &'a FileFigures>) -> Totals {
        let mut t = Totals::default();
        for f in files {
            t.texts += 1;
            t.inconsistencies += f.inconsistencies;
            t.found += f.found;
            t.false_errors += f.false_errors;
            t.false_warnings += f.false_warnings;
            t.identities += f.identities;
            t.identities_flagged += f.identities_flagged;
        }
        t
    }

    /// found ÷ inconsistencies (1 when there are none).
    #[allow(clippy::cast_precision_loss, clippy::float_arithmetic)]
    pub fn recall(&self) -> f64 {
        if self.inconsistencies == 0 {
            1.0
        } else {
            self.found as f64 / self.inconsistencies as f64
        }
    }
}

/// The labelled texts of a folder: (text path, labels path), sorted by name.
pub fn labelled_texts(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut v = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return v;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".txt") {
            continue;
        }
        let stem = &name[..name.len() - 4];
        let labels = dir.join(format!("{stem}.labels.toml"));
        if labels.exists() {
            v.push((p, labels));
        }
    }
    v.sort();
    v
}

/// Byte ranges (in `text`) of every occurrence of `needle` on 1-based line `line`.
fn occurrences(text: &str, idx: &LineIndex, line: usize, needle: &str) -> Vec<(usize, usize)> {
    if line == 0 || needle.is_empty() {
        return Vec::new();
    }
    let r = idx.line_range(text, line - 1);
    let l = &text[r.clone()];
    l.match_indices(needle)
        .map(|(i, m)| (r.start + i, r.start + i + m.len()))
        .collect()
}

fn overlaps(span: &std::ops::Range<usize>, occ: &[(usize, usize)]) -> bool {
    occ.iter().any(|&(s, e)| {
        if span.start == span.end {
            span.start >= s && span.start < e
        } else {
            span.start < e && s < span.end
        }
    })
}

fn spans(d: &Diagnostic) -> impl Iterator<Item = &std::ops::Range<usize>> {
    std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span))
}

/// Audit one labelled text and compare with its labels.
pub fn measure_file(text: &str, labels: &Labels, name: &str) -> FileFigures {
    let audit = audit_text(text, &Options::default());
    let idx = LineIndex::new(text);
    let mut f = FileFigures {
        name: name.to_string(),
        kind: labels.kind.clone(),
        inconsistencies: labels.inconsistency.len(),
        identities: labels.identity.len(),
        ..FileFigures::default()
    };
    // the places of each label
    let places: Vec<Vec<(usize, usize)>> = labels
        .inconsistency
        .iter()
        .map(|l| {
            let mut occ = occurrences(text, &idx, l.line, &l.text);
            for a in &l.also {
                occ.extend(occurrences(text, &idx, a.line, &a.text));
            }
            occ
        })
        .collect();
    let serious: Vec<&Diagnostic> = audit
        .diagnostics
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .collect();
    for (l, occ) in labels.inconsistency.iter().zip(&places) {
        let hit = serious.iter().any(|d| spans(d).any(|s| overlaps(s, occ)));
        if hit {
            f.found += 1;
        } else {
            f.missed
                .push((l.line, l.text.clone(), l.pattern.clone(), l.why.clone()));
        }
    }
    for d in &serious {
        let matched = places.iter().any(|occ| spans(d).any(|s| overlaps(s, occ)));
        if matched {
            continue;
        }
        match d.severity {
            Severity::Error => f.false_errors += 1,
            _ => f.false_warnings += 1,
        }
        f.false_findings.push(Shown {
            code: d.code,
            severity: d.severity,
            line: idx.line_col(text, d.span.start).line,
            text: text[d.span.clone()].to_string(),
            message: d.message.clone(),
        });
    }
    for id in &labels.identity {
        let occ = occurrences(text, &idx, id.line, &id.text);
        if let Some(d) = serious.iter().find(|d| overlaps(&d.span, &occ)) {
            f.identities_flagged += 1;
            f.flagged
                .push((id.line, id.text.clone(), d.code.to_string()));
        }
    }
    f
}

/// Measure every labelled text of `dir`.
pub fn measure_dir(dir: &Path) -> Vec<FileFigures> {
    let mut out = Vec::new();
    for (txt, lab) in labelled_texts(dir) {
        let name = txt
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let text = match std::fs::read(&txt) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(_) => continue,
        };
        let labels: Labels = match std::fs::read_to_string(&lab)
            .map_err(|e| e.to_string())
            .and_then(|s| toml::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(l) => l,
            Err(e) => {
                out.push(FileFigures {
                    name,
                    label_error: Some(e),
                    ..FileFigures::default()
                });
                continue;
            }
        };
        out.push(measure_file(&text, &labels, &name));
    }
    out
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The per-file table and the totals; with `detail`, every miss and false finding.
#[allow(clippy::float_arithmetic)]
pub fn table(files: &[FileFigures], detail: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<44} {:>5} {:>5} {:>6} {:>6} {:>6}",
        "file", "label", "found", "f.err", "f.warn", "id.flg"
    );
    for f in files {
        if let Some(e) = &f.label_error {
            let _ = writeln!(s, "{:<44} labels unreadable: {e}", f.name);
            continue;
        }
        let _ = writeln!(
            s,
            "{:<44} {:>5} {:>5} {:>6} {:>6} {:>6}",
            f.name,
            f.inconsistencies,
            f.found,
            f.false_errors,
            f.false_warnings,
            f.identities_flagged
        );
        if detail {
            for (line, text, pattern, why) in &f.missed {
                let _ = writeln!(s, "    MISSED  {line}: {text:?} [{pattern}] {why}");
            }
            for d in &f.false_findings {
                let _ = writeln!(
                    s,
                    "    FALSE   {}: {:?} {} {} {}",
                    d.line,
                    d.text,
                    d.code,
                    sev(d.severity),
                    d.message
                );
            }
            for (line, text, by) in &f.flagged {
                let _ = writeln!(s, "    IDENT   {line}: {text:?} flagged by {by}");
            }
        }
    }
    let t = Totals::of(files.iter().filter(|f| f.label_error.is_none()));
    let _ = writeln!(
        s,
        "texts {}  inconsistencies {}  found {}  recall {:.1}%  false errors {} ({:.2} per 10 texts)  false warnings {}  identities flagged {}/{}",
        t.texts,
        t.inconsistencies,
        t.found,
        t.recall() * 100.0,
        t.false_errors,
        if t.texts == 0 { 0.0 } else { t.false_errors as f64 * 10.0 / t.texts as f64 },
        t.false_warnings,
        t.identities_flagged,
        t.identities
    );
    s
}

/// The totals line of [`table`], then the misses counted by pattern and the false findings
/// and flagged identities counted by check code — nothing that names a file or a line.
pub fn summary(files: &[FileFigures]) -> String {
    use std::collections::BTreeMap;
    let table = table(files, false);
    let mut s = table.lines().last().unwrap_or("").to_string();
    s.push('\n');
    let mut missed: BTreeMap<&str, usize> = BTreeMap::new();
    let mut false_by: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut flagged: BTreeMap<&str, usize> = BTreeMap::new();
    for f in files.iter().filter(|f| f.label_error.is_none()) {
        for (_, _, pattern, _) in &f.missed {
            *missed.entry(pattern).or_default() += 1;
        }
        for d in &f.false_findings {
            *false_by.entry((d.code, sev(d.severity))).or_default() += 1;
        }
        for (_, _, by) in &f.flagged {
            *flagged.entry(by).or_default() += 1;
        }
    }
    let join = |it: Vec<String>| {
        if it.is_empty() {
            "-".to_string()
        } else {
            it.join(", ")
        }
    };
    let _ = writeln!(
        s,
        "missed by pattern: {}",
        join(missed.iter().map(|(p, n)| format!("{p} {n}")).collect())
    );
    let _ = writeln!(
        s,
        "false findings by code: {}",
        join(
            false_by
                .iter()
                .map(|((c, v), n)| format!("{c} {v} {n}"))
                .collect()
        )
    );
    let _ = writeln!(
        s,
        "identities flagged by code: {}",
        join(flagged.iter().map(|(c, n)| format!("{c} {n}")).collect())
    );
    s
}

/// The recorded figures (`accuracy.toml`): one entry per file.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct Recorded {
    #[serde(default)]
    pub file: BTreeMap<String, RecordedFile>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct RecordedFile {
    pub inconsistencies: usize,
    pub found: usize,
    pub false_errors: usize,
    pub false_warnings: usize,
    pub identities_flagged: usize,
}

impl Recorded {
    pub fn from_figures(files: &[FileFigures]) -> Recorded {
        Recorded {
            file: files
                .iter()
                .filter(|f| f.label_error.is_none())
                .map(|f| {
                    (
                        f.name.clone(),
                        RecordedFile {
                            inconsistencies: f.inconsistencies,
                            found: f.found,
                            false_errors: f.false_errors,
                            false_warnings: f.false_warnings,
                            identities_flagged: f.identities_flagged,
                        },
                    )
                })
                .collect(),
        }
    }

    pub fn to_toml(&self) -> String {
        let t = Totals {
            texts: self.file.len(),
            inconsistencies: self.file.values().map(|f| f.inconsistencies).sum(),
            found: self.file.values().map(|f| f.found).sum(),
            false_errors: self.file.values().map(|f| f.false_errors).sum(),
            false_warnings: self.file.values().map(|f| f.false_warnings).sum(),
            ..Totals::default()
        };
        let mut s = String::from(
            "# Recorded accuracy of `jixiao audit` on this labelled corpus (see FORMAT.md).\n\
             # Written by `UPDATE_ACCURACY=1 cargo test -p jixiao-audit --test corpus_accuracy`\n\
             # or `cargo run -p jixiao-audit --example corpus_accuracy -- <dir> --record`.\n\
             # The test fails when recall over these files drops or false errors rise.\n",
        );
        let _ = writeln!(
            s,
            "# totals: texts {} inconsistencies {} found {} recall {:.1}% false errors {} false warnings {}\n",
            t.texts,
            t.inconsistencies,
            t.found,
            t.recall() * 100.0,
            t.false_errors,
            t.false_warnings
        );
        s.push_str(&toml::to_string(self).unwrap_or_default());
        s
    }
}

/// Compare current figures with the recorded ones over the files recorded: the problems
/// (recall dropped, false errors rose), empty when none.
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
pub fn regressions(files: &[FileFigures], rec: &Recorded) -> Vec<String> {
    let now: Vec<&FileFigures> = files
        .iter()
        .filter(|f| f.label_error.is_none() && rec.file.contains_key(&f.name))
        .collect();
    let t = Totals::of(now.iter().copied());
    let r_inc: usize = now.iter().map(|f| rec.file[&f.name].inconsistencies).sum();
    let r_found: usize = now.iter().map(|f| rec.file[&f.name].found).sum();
    let r_fe: usize = now.iter().map(|f| rec.file[&f.name].false_errors).sum();
    let r_recall = if r_inc == 0 {
        1.0
    } else {
        r_found as f64 / r_inc as f64
    };
    let mut v = Vec::new();
    if t.recall() + 1e-9 < r_recall {
        v.push(format!(
            "recall dropped: {}/{} ({:.1}%) < recorded {}/{} ({:.1}%)",
            t.found,
            t.inconsistencies,
            t.recall() * 100.0,
            r_found,
            r_inc,
            r_recall * 100.0
        ));
    }
    if t.false_errors > r_fe {
        v.push(format!(
            "false errors rose: {} > recorded {}",
            t.false_errors, r_fe
        ));
    }
    v
}
