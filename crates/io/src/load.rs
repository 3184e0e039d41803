//! Reading a department-year: text → tree → model, reporting every problem at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jixiao_model::{validate, DepartmentYear, Severity};
use sha2::{Digest, Sha256};

use crate::diagnostic::{sort, InputDiagnostic, Lang};
use crate::messages::explain;
use crate::source_map::{LineIndex, Source, SourceMap};
use crate::tree::{segments_of, Kind, Node, PathSegment, Span};
use crate::{json_in, toml_in};

/// At most this many type and field errors are collected from one file.
pub const MAX_ERRORS: usize = 200;

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// From a file name's extension (`.toml`, `.json`; case-insensitive).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A department-year read from a file, with where each field was written.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub model: DepartmentYear,
    /// The file it came from (as given), or the name passed to `parse_*`.
    pub origin: String,
    /// SHA-256 of the input bytes, lowercase hex: reports state which input they used.
    pub checksum: String,
    /// Field path → file position.
    pub spans: SourceMap,
    /// Validation findings (warnings; with `parse_lenient` also errors), located.
    pub diagnostics: Vec<InputDiagnostic>,
}

/// Why a department-year could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (or no input file was found).
    #[error("无法读取 {}：{reason}", path.display())]
    Io {
        path: PathBuf,
        /// Reason in Chinese.
        reason: String,
        /// Reason in English.
        reason_en: String,
    },
    /// The file was read but is not a valid department-year: every problem found.
    #[error("{origin} 有 {} 个错误", diagnostics.iter().filter(|d| d.is_error()).count())]
    Invalid {
        origin: String,
        /// All diagnostics (errors and warnings), in file order.
        diagnostics: Vec<InputDiagnostic>,
    },
}

impl LoadError {
    /// The message, or for `Invalid` every diagnostic rendered like a compiler.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            LoadError::Io {
                path,
                reason,
                reason_en,
            } => match lang {
                Lang::Zh => format!("无法读取 {}：{reason}\n", path.display()),
                Lang::En => format!("cannot read {}: {reason_en}\n", path.display()),
            },
            LoadError::Invalid { diagnostics, .. } => {
                crate::diagnostic::render_all(diagnostics, lang)
            }
        }
    }

    /// The diagnostics of an `Invalid` error (empty for `Io`).
    pub fn diagnostics(&self) -> &[InputDiagnostic] {
        match self {
            LoadError::Io { .. } => &[],
            LoadError::Invalid { diagnostics, .. } => diagnostics,
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        _ => format!("读取失败（{e}）"),
    };
    LoadError::Io {
        path: path.to_path_buf(),
        reason,
        reason_en: e.to_string(),
    }
}

/// Load a department-year from a `.toml` or `.json` file, or from a directory holding
/// `department.toml` (or `department.json`).
///
/// Validation errors make loading fail; warnings travel in [`Loaded::diagnostics`].
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let file = if path.is_dir() {
        let toml = path.join("department.toml");
        let json = path.join("department.json");
        if toml.is_file() {
            toml
        } else if json.is_file() {
            json
        } else {
            return Err(LoadError::Io {
                path: path.to_path_buf(),
                reason: "目录中没有 department.toml 或 department.json".into(),
                reason_en: "the directory has no department.toml or department.json".into(),
            });
        }
    } else {
        path.to_path_buf()
    };
    let Some(format) = Format::from_path(&file) else {
        return Err(LoadError::Io {
            path: file,
            reason: "不支持的文件类型：应为 .toml 或 .json（Excel 文件请先用 jixiao convert 转换）"
                .into(),
            reason_en: "unsupported file type: expected .toml or .json (convert Excel files with `jixiao convert`)".into(),
        });
    };
    let bytes = std::fs::read(&file).map_err(|e| io_error(&file, &e))?;
    let origin = file.display().to_string();
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(LoadError::Invalid {
                diagnostics: vec![encoding_diagnostic(&bytes, e.valid_up_to(), &origin)],
                origin,
            })
        }
    };
    parse(text, &origin, format).map_err(|diagnostics| LoadError::Invalid {
        origin,
        diagnostics,
    })
}

fn encoding_diagnostic(bytes: &[u8], valid_up_to: usize, origin: &str) -> InputDiagnostic {
    let lossy = String::from_utf8_lossy(bytes);
    let prefix = String::from_utf8_lossy(&bytes[..valid_up_to.min(bytes.len())]);
    let index = LineIndex::new(&lossy);
    let at = prefix.len();
    let location = index.location(&lossy, at..at + 1);
    InputDiagnostic {
        severity: Severity::Error,
        code: "encoding",
        path: None,
        origin: origin.to_string(),
        source_line: Some(index.line_text(&lossy, location.line).to_string()),
        message: format!(
            "文件不是 UTF-8 编码（第 {} 字节无效）；若为 GBK/GB18030 编码，请用编辑器另存为 UTF-8",
            valid_up_to
        ),
        message_en: format!(
            "the file is not UTF-8 (invalid byte at offset {valid_up_to}); if it is GBK/GB18030, save it as UTF-8"
        ),
        location: Some(location),
        related: Vec::new(),
    }
}

/// Read a department-year written as TOML. Every problem is reported at once; validation
/// errors fail too. `origin` names the file in diagnostics.
pub fn parse_toml(text: &str, origin: &str) -> Result<Loaded, Vec<InputDiagnostic>> {
    parse(text, origin, Format::Toml)
}

/// Read a department-year written as JSON (decimals as strings or integers).
pub fn parse_json(text: &str, origin: &str) -> Result<Loaded, Vec<InputDiagnostic>> {
    parse(text, origin, Format::Json)
}

/// Read in either format; validation errors fail.
pub fn parse(text: &str, origin: &str, format: Format) -> Result<Loaded, Vec<InputDiagnostic>> {
    let loaded = parse_lenient(text, origin, format)?;
    if loaded.diagnostics.iter().any(InputDiagnostic::is_error) {
        return Err(loaded.diagnostics);
    }
    Ok(loaded)
}

/// Read in either format, failing only when the text cannot be turned into a
/// department-year (syntax, unknown fields, wrong types). Validation findings of every
/// severity, errors included, are returned in [`Loaded::diagnostics`] — for tools such as
/// `jixiao convert` that carry imperfect data from one format to another.
pub fn parse_lenient(
    text: &str,
    origin: &str,
    format: Format,
) -> Result<Loaded, Vec<InputDiagnostic>> {
    let checksum = checksum(text.as_bytes());
    let Decoded {
        model,
        mut errors,
        root,
    } = decode(text, origin, format)?;
    let Some(model) = model else {
        sort(&mut errors);
        return Err(errors);
    };
    // The source map is built from the tree when first looked up (the removed marks made
    // by error recovery do not change it).
    let source = Arc::new(Source {
        text: text.to_string(),
        root,
    });
    let spans = SourceMap::lazy(origin, Arc::clone(&source));
    let root = &source.root;
    let removed = removed_paths(root);
    for d in validate(&model) {
        // The model was read from the tree without its bad parts: say where in the file
        // (array indices as written), and stay silent about what was removed.
        let mut d = d;
        d.path = original_path(root, &d.path);
        d.related = d.related.iter().map(|p| original_path(root, p)).collect();
        if removed.iter().any(|r| is_under(&d.path, r)) {
            continue;
        }
        errors.push(InputDiagnostic::from_model(&d, &spans, Some(text)));
    }
    sort(&mut errors);
    if errors.iter().any(|d| d.is_error() && !is_validation(d)) {
        return Err(errors);
    }
    Ok(Loaded {
        model,
        origin: origin.to_string(),
        checksum,
        spans,
        diagnostics: errors,
    })
}

/// Whether a diagnostic comes from model validation (rather than from reading).
fn is_validation(d: &InputDiagnostic) -> bool {
    !READ_CODES.contains(&d.code)
}

/// Codes of the problems found while reading (as opposed to validating).
const READ_CODES: &[&str] = &[
    "syntax",
    "encoding",
    "unknown-field",
    "missing-field",
    "invalid-type",
    "invalid-number",
    "invalid-value",
    "unknown-variant",
    "json-decimal",
    "duplicate-key",
    "too-many-errors",
];

/// `path` equals `parent` or lies under it.
fn is_under(path: &str, parent: &str) -> bool {
    path == parent
        || (path.starts_with(parent)
            && matches!(path.as_bytes().get(parent.len()), Some(b'.' | b'[')))
}

/// The paths of removed nodes, as written in the file.
fn removed_paths(root: &Node) -> Vec<String> {
    let mut out = Vec::new();
    if !any_removed(root) {
        // The usual case: no path strings to build.
        return out;
    }
    let mut path = String::new();
    root.walk(&mut path, &mut |p, n| {
        if n.removed {
            out.push(p.to_string());
        }
    });
    out
}

/// Whether `node` or anything below it was removed by error recovery.
fn any_removed(node: &Node) -> bool {
    node.removed
        || match &node.kind {
            Kind::Table(entries) => entries.iter().any(|(_, n)| any_removed(n)),
            Kind::Array(items) => items.iter().any(any_removed),
            _ => false,
        }
}

/// A model path (indices counted without removed elements) → the path as written.
fn original_path(root: &Node, path: &str) -> String {
    let segments = parse_path(path);
    match root.resolve(&segments) {
        (idx, true) => root.path_of(&idx),
        _ => path.to_string(),
    }
}

/// `a.b[2].c` → segments.
fn parse_path(path: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(PathSegment::Key(key.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let (n, tail) = r.split_once(']').unwrap_or((r, ""));
            match n.parse() {
                Ok(i) => out.push(PathSegment::Index(i)),
                Err(_) => out.push(PathSegment::Other),
            }
            rest = tail;
        }
    }
    out
}

/// SHA-256 of input bytes as lowercase hex: the checksum reports state for their input
/// (`Loaded::checksum`), for any input format.
pub fn checksum(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// What reading produced: the model (when deserialization got through, possibly after
/// removing bad parts), the syntax/field/type errors, and the tree with the removed parts
/// marked.
struct Decoded {
    model: Option<DepartmentYear>,
    errors: Vec<InputDiagnostic>,
    root: Node,
}

/// Text → model and source map, with every syntax, field and type error. `Err` when the
/// text could not be read at all (syntax).
fn decode(text: &str, origin: &str, format: Format) -> Result<Decoded, Vec<InputDiagnostic>> {
    let index = LineIndex::new(text);
    let diag =
        |code: &'static str, path: Option<String>, span: Option<Span>, zh: String, en: String| {
            let location = span.map(|s| index.location(text, s));
            InputDiagnostic {
                severity: Severity::Error,
                code,
                path,
                origin: origin.to_string(),
                source_line: location
                    .as_ref()
                    .map(|l| index.line_text(text, l.line).to_string()),
                location,
                message: zh,
                message_en: en,
                related: Vec::new(),
            }
        };
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let mut errors = Vec::new();
    let mut root = match format {
        Format::Toml => toml_in::read(body, base).map_err(|e| {
            vec![diag(
                "syntax",
                None,
                e.span.or(Some(base..base)),
                format!("TOML 语法错误：{}", e.message),
                format!("TOML syntax error: {}", e.message),
            )]
        })?,
        Format::Json => {
            let (root, duplicates) = json_in::read(body, base)
                .map_err(|e| vec![diag("syntax", None, Some(e.span), e.message, e.message_en)])?;
            for d in duplicates {
                let mut item = diag(
                    "duplicate-key",
                    None,
                    Some(d.span),
                    format!("重复的键 `{}`：以第一次出现的为准", d.key),
                    format!("duplicate key `{}`: the first one is used", d.key),
                );
                item.related = d
                    .first
                    .map(|s| crate::diagnostic::Related {
                        path: d.key.clone(),
                        location: Some(index.location(text, s)),
                    })
                    .into_iter()
                    .collect();
                errors.push(item);
            }
            root
        }
    };
    if !matches!(root.kind, Kind::Table(_)) {
        return Err(vec![diag(
            "invalid-type",
            None,
            root.value_span(),
            "顶层应为表（JSON 对象）".into(),
            "the top level must be a table (JSON object)".into(),
        )]);
    }
    if format == Format::Json {
        let mut at = Vec::new();
        let mut found = Vec::new();
        json_decimals(&root, &mut at, &mut found);
        for idx in found {
            if let Some(node) = root.get_mut(&idx) {
                node.removed = true;
            }
            let path = root.path_of(&idx);
            if let Some(node) = root.get(&idx) {
                let raw = match &node.kind {
                    Kind::Decimal(t) => t.clone(),
                    _ => String::new(),
                };
                errors.push(diag(
                    "json-decimal",
                    Some(path.clone()),
                    node.value_span(),
                    format!(
                        "JSON 中的小数须写成字符串：`{path}` 请写 \"{raw}\" 而不是 {raw}（避免二进制浮点误差）"
                    ),
                    format!(
                        "decimals must be strings in JSON: write \"{raw}\" instead of {raw} for `{path}` (binary floats are inexact)"
                    ),
                ));
            }
        }
    }

    let mut model = None;
    let mut schema_errors = 0;
    loop {
        let value = root.to_value();
        match serde_path_to_error::deserialize::<_, DepartmentYear>(value) {
            Ok(m) => {
                model = Some(m);
                break;
            }
            Err(e) => {
                let segments = segments_of(e.path());
                let (idx, _) = root.resolve(&segments);
                let path = root.path_of(&idx);
                let explained = explain(&path, &e.inner().to_string());
                let node = root.get(&idx);
                let span = node.and_then(|n| {
                    if explained.at_key {
                        n.name_span()
                    } else {
                        n.value_span()
                    }
                });
                let shown_path = explained.missing_path.clone().unwrap_or(path);
                errors.push(diag(
                    explained.code,
                    Some(shown_path),
                    span,
                    explained.zh,
                    explained.en,
                ));
                schema_errors += 1;
                if idx.is_empty() {
                    break;
                }
                match root.get_mut(&idx) {
                    Some(n) => n.removed = true,
                    None => break,
                }
                if schema_errors >= MAX_ERRORS {
                    errors.push(diag(
                        "too-many-errors",
                        None,
                        None,
                        format!("错误过多：只列出前 {MAX_ERRORS} 个"),
                        format!("too many errors: only the first {MAX_ERRORS} are listed"),
                    ));
                    break;
                }
            }
        }
    }
    Ok(Decoded {
        model,
        errors,
        root,
    })
}

/// Indices of every JSON number with a fraction or exponent.
fn json_decimals(node: &Node, at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    match &node.kind {
        Kind::Decimal(_) => out.push(at.clone()),
        Kind::Table(entries) => {
            for (i, (_, n)) in entries.iter().enumerate() {
                at.push(i);
                json_decimals(n, at, out);
                at.pop();
            }
        }
        Kind::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                at.push(i);
                json_decimals(n, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}
