//! The department-year pipeline every way of entering data goes through — the web editor,
//! an uploaded workbook, TOML or JSON, the API: read → model → canonical TOML (the stored
//! revision) → validate → evaluate. The canonical document names its framework (the
//! task's, when it names none), so `jixiao evaluate` on a downloaded revision gives the same
//! JSON as `/api/items/{id}/evaluation`.

use std::collections::HashMap;
use std::sync::OnceLock;

use jixiao_engine::{Evaluation, Framework};
use jixiao_io::{Format, InputDiagnostic};
use jixiao_model::{DepartmentYear, Severity};
use jixiao_store::Summary;
use serde::Serialize;

use crate::ApiError;

/// The name the stored document is known by in diagnostics and in the evaluation JSON.
pub const ORIGIN: &str = "department.toml";

/// One problem with the data, located where the user can find it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: &'static str,
    pub code: String,
    /// Field path (`budget.initial.total`), when it is about a field.
    pub path: Option<String>,
    /// The field as the editor labels it: 「三公经费 › 合计 › 实际支出」.
    pub field: Option<String>,
    /// Where in what the user sent: 「工作表「三公经费」C5」, 「第 5 行第 9 列」.
    pub location: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }

    fn from_input(d: &InputDiagnostic, cells: Option<&jixiao_xlsx::Locations>) -> Problem {
        let (sheet, cell) = match (cells, &d.path) {
            (Some(l), Some(p)) => match l.locate(p) {
                Some((s, c)) => (Some(s.to_string()), Some(c.to_string())),
                None => (None, None),
            },
            _ => (None, None),
        };
        let location = match (&sheet, &cell, &d.location) {
            (Some(s), Some(c), _) => Some(format!("工作表「{s}」{c}")),
            (_, _, Some(l)) if cells.is_none() => {
                Some(format!("第 {} 行第 {} 列", l.line, l.column))
            }
            _ => None,
        };
        Problem {
            severity: if d.is_error() { "error" } else { "warning" },
            code: d.code.to_string(),
            field: d.path.as_deref().and_then(field_label),
            path: d.path.clone(),
            location,
            sheet,
            cell,
            line: if cells.is_none() {
                d.location.as_ref().map(|l| l.line)
            } else {
                None
            },
            column: if cells.is_none() {
                d.location.as_ref().map(|l| l.column)
            } else {
                None
            },
            message: d.message.clone(),
        }
    }

    fn from_model(d: &jixiao_model::Diagnostic, cells: Option<&jixiao_xlsx::Locations>) -> Problem {
        let (sheet, cell) = match cells.and_then(|l| l.locate(&d.path)) {
            Some((s, c)) => (Some(s.to_string()), Some(c.to_string())),
            None => (None, None),
        };
        Problem {
            severity: if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            },
            code: d.code.to_string(),
            field: field_label(&d.path),
            location: match (&sheet, &cell) {
                (Some(s), Some(c)) => Some(format!("工作表「{s}」{c}")),
                _ => field_label(&d.path),
            },
            path: Some(d.path.clone()),
            sheet,
            cell,
            line: None,
            column: None,
            message: d.message.clone(),
        }
    }

    fn from_cell(d: &jixiao_xlsx::CellDiagnostic) -> Problem {
        Problem {
            severity: "error",
            code: d.code.to_string(),
            path: None,
            field: None,
            location: match (&d.sheet, &d.cell) {
                (Some(s), Some(c)) => Some(format!("工作表「{s}」{c}")),
                (Some(s), None) => Some(format!("工作表「{s}」")),
                _ => None,
            },
            sheet: d.sheet.clone(),
            cell: d.cell.clone(),
            line: None,
            column: None,
            message: d.message.clone(),
        }
    }

    /// A problem with one editor field.
    pub fn field(path: &str, message: String) -> Problem {
        Problem {
            severity: "error",
            code: "bad-value".into(),
            path: Some(path.to_string()),
            field: field_label(path),
            location: field_label(path),
            sheet: None,
            cell: None,
            line: None,
            column: None,
            message,
        }
    }
}

/// Editor label of each form field, from the workbook layout.
fn labels() -> &'static HashMap<String, String> {
    static LABELS: OnceLock<HashMap<String, String>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut m = HashMap::new();
        for sheet in jixiao_xlsx::layout(None) {
            if let Some(form) = &sheet.form {
                for row in &form.rows {
                    for cell in &row.cells {
                        let label = if form.columns.len() > 1 {
                            format!(
                                "{} › {} › {}",
                                sheet.name,
                                row.label,
                                form.columns.get(cell.column).copied().unwrap_or("")
                            )
                        } else {
                            format!("{} › {}", sheet.name, row.label)
                        };
                        m.insert(cell.path.clone(), label);
                    }
                }
            }
        }
        m
    })
}

/// The editor's label for a field path, or for the sheet a list path belongs to.
pub fn field_label(path: &str) -> Option<String> {
    labels().get(path).cloned()
}

/// A department-year ready to store: the canonical document, what validation found and
/// the score.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub document: String,
    pub model: DepartmentYear,
    pub problems: Vec<Problem>,
    pub summary: Summary,
}

impl Prepared {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// Task grade bands written `优=[90,100];良=[80,90);中=[60,80);差=[0,60)`.
pub fn parse_grade_bands(text: &str) -> Result<Vec<jixiao_engine::GradeBand>, String> {
    let mut out = Vec::new();
    for part in text
        .split([';', '；', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (name, range) = part
            .split_once('=')
            .ok_or_else(|| format!("等级「{part}」应写作 名称=[下限,上限)"))?;
        let range = jixiao_engine::Interval::parse(range.trim())
            .map_err(|e| format!("等级「{}」的区间有误：{e}", name.trim()))?;
        out.push(jixiao_engine::GradeBand {
            name: name.trim().to_string(),
            range,
        });
    }
    Ok(out)
}

/// The framework a document is scored with: the one it names, else the task's; the task's
/// grade bands replace the framework's when it sets any.
pub fn framework(
    model: &DepartmentYear,
    task_framework: &str,
    bands: &str,
) -> Result<Framework, Box<Problem>> {
    let id = model
        .evaluation
        .framework
        .as_deref()
        .unwrap_or(task_framework);
    let mut f = jixiao_engine::builtin(id).ok_or_else(|| {
        Box::new(Problem {
            severity: "error",
            code: "unknown-framework".into(),
            path: Some("evaluation.framework".into()),
            field: field_label("evaluation.framework"),
            location: field_label("evaluation.framework"),
            sheet: None,
            cell: None,
            line: None,
            column: None,
            message: format!(
                "评价框架「{id}」不是内置框架（{}）",
                jixiao_engine::BUILTIN_IDS.join("、")
            ),
        })
    })?;
    if let Ok(b) = parse_grade_bands(bands) {
        if !b.is_empty() {
            f.grades = b;
        }
    }
    Ok(f)
}

fn score_text(e: &Evaluation) -> String {
    let mut s = jixiao_model::round2(e.total);
    s.rescale(2);
    s.to_string()
}

/// Canonicalise, validate and score a model. `cells` locates problems in the workbook it
/// came from.
pub fn prepare(
    mut model: DepartmentYear,
    task_framework: &str,
    bands: &str,
    cells: Option<&jixiao_xlsx::Locations>,
) -> Prepared {
    if model.evaluation.framework.is_none() {
        model.evaluation.framework = Some(task_framework.to_string());
    }
    let document = jixiao_io::to_canonical_toml(&model);
    // The canonical document is lossless, so the model is validated as it stands (no
    // second parse); problems name field paths, and cells for a workbook.
    let problems = problems_of_model(&model, task_framework, bands, cells);
    let framework = framework(&model, task_framework, bands);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let evaluation = match &framework {
        Ok(f) if errors == 0 => Some(jixiao_engine::evaluate(&model, f)),
        _ => None,
    };
    let summary = Summary {
        score: evaluation.as_ref().map(score_text),
        grade: evaluation
            .as_ref()
            .and_then(|e| e.grade.as_ref().map(|g| g.name.clone())),
        errors: errors as i64,
    };
    Prepared {
        document,
        model,
        problems,
        summary,
    }
}

/// The model of a stored document (which was canonical when stored).
pub fn model_of(document: &str) -> DepartmentYear {
    jixiao_io::parse_lenient(document, ORIGIN, Format::Toml)
        .map(|l| l.model)
        .unwrap_or_default()
}

/// A bounded memo of a pure function of a stored document (keyed by its sha256 and the
/// task's framework and bands). Not state: any instance computes the same value, this one
/// just avoids parsing the same revision again for every page view.
struct Memo<T> {
    map: std::sync::Mutex<HashMap<String, std::sync::Arc<T>>>,
}

impl<T> Memo<T> {
    const CAPACITY: usize = 4096;

    fn new() -> Memo<T> {
        Memo {
            map: std::sync::Mutex::new(HashMap::new()),
        }
    }

    fn get_or(&self, key: String, f: impl FnOnce() -> T) -> std::sync::Arc<T> {
        if let Some(v) = self.map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return v;
        }
        let v = std::sync::Arc::new(f());
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= Self::CAPACITY {
                m.clear();
            }
            m.insert(key, std::sync::Arc::clone(&v));
        }
        v
    }
}

fn problems_memo() -> &'static Memo<Vec<Problem>> {
    static MEMO: OnceLock<Memo<Vec<Problem>>> = OnceLock::new();
    MEMO.get_or_init(Memo::new)
}

fn memo_key(document: &str, task_framework: &str, bands: &str) -> String {
    format!(
        "{}\n{task_framework}\n{bands}",
        jixiao_store::sha256_hex(document.as_bytes())
    )
}

/// The problems of a stored document (for showing them): one parse, no evaluation,
/// remembered per revision.
pub fn problems_of(document: &str, task_framework: &str, bands: &str) -> Vec<Problem> {
    problems_memo()
        .get_or(memo_key(document, task_framework, bands), || {
            compute_problems(document, task_framework, bands)
        })
        .as_ref()
        .clone()
}

fn compute_problems(document: &str, task_framework: &str, bands: &str) -> Vec<Problem> {
    match jixiao_io::parse_lenient(document, ORIGIN, Format::Toml) {
        Ok(loaded) => problems_of_model(&loaded.model, task_framework, bands, None),
        Err(diags) => diags.iter().map(|d| Problem::from_input(d, None)).collect(),
    }
}

/// Validation findings of a model and whether its framework exists: the problems a stored
/// revision shows.
fn problems_of_model(
    model: &DepartmentYear,
    task_framework: &str,
    bands: &str,
    cells: Option<&jixiao_xlsx::Locations>,
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = jixiao_model::validate(model)
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| Problem::from_model(d, cells))
        .collect();
    if let Err(p) = framework(model, task_framework, bands) {
        problems.push(*p);
    }
    problems
}

/// Remember the problems of a document just prepared, so the pages that follow a save do
/// not parse it again.
pub fn remember_problems(prepared: &Prepared, task_framework: &str, bands: &str) {
    let located_in_workbook = prepared.problems.iter().any(|p| p.cell.is_some());
    let problems = if located_in_workbook {
        problems_of_model(&prepared.model, task_framework, bands, None)
    } else {
        prepared.problems.clone()
    };
    problems_memo().get_or(memo_key(&prepared.document, task_framework, bands), || {
        problems
    });
}

/// The JSON document `jixiao evaluate --format json` prints for this document.
#[derive(Serialize)]
struct JsonOutput<'a> {
    input: InputInfo<'a>,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

#[derive(Serialize)]
struct InputInfo<'a> {
    origin: &'a str,
    sha256: &'a str,
    diagnostics: &'a [InputDiagnostic],
}

/// The evaluation of a stored document, exactly as `jixiao evaluate department.toml
/// --format json` prints it; `Err` with the problems when the document does not evaluate
/// (as the CLI refuses it).
pub fn evaluation_json(
    document: &str,
    task_framework: &str,
    bands: &str,
) -> Result<serde_json::Value, Vec<Problem>> {
    static MEMO: OnceLock<Memo<Result<serde_json::Value, Vec<Problem>>>> = OnceLock::new();
    MEMO.get_or_init(Memo::new)
        .get_or(memo_key(document, task_framework, bands), || {
            compute_evaluation_json(document, task_framework, bands)
        })
        .as_ref()
        .clone()
}

fn compute_evaluation_json(
    document: &str,
    task_framework: &str,
    bands: &str,
) -> Result<serde_json::Value, Vec<Problem>> {
    let loaded = jixiao_io::parse_toml(document, ORIGIN).map_err(|d| {
        d.iter()
            .map(|d| Problem::from_input(d, None))
            .collect::<Vec<_>>()
    })?;
    let f = framework(&loaded.model, task_framework, bands).map_err(|p| vec![*p])?;
    let evaluation = jixiao_engine::evaluate(&loaded.model, &f);
    serde_json::to_value(JsonOutput {
        input: InputInfo {
            origin: &loaded.origin,
            sha256: &loaded.checksum,
            diagnostics: &loaded.diagnostics,
        },
        evaluation: &evaluation,
    })
    .map_err(|e| vec![Problem::field("", format!("无法输出评价结果：{e}"))])
}

/// The evaluation itself (for pages and reports).
pub fn evaluate(
    document: &str,
    task_framework: &str,
    bands: &str,
) -> Result<(DepartmentYear, Evaluation, String), Vec<Problem>> {
    let loaded = jixiao_io::parse_toml(document, ORIGIN).map_err(|d| {
        d.iter()
            .map(|d| Problem::from_input(d, None))
            .collect::<Vec<_>>()
    })?;
    let f = framework(&loaded.model, task_framework, bands).map_err(|p| vec![*p])?;
    let e = jixiao_engine::evaluate(&loaded.model, &f);
    Ok((loaded.model, e, loaded.checksum))
}

/// What kind of file an upload is, from its name and first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    Workbook,
    Toml,
    Json,
}

pub fn upload_kind(filename: &str, bytes: &[u8]) -> Result<UploadKind, ApiError> {
    let lower = filename.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    match ext {
        "xlsx" | "xlsm" | "ods" if zip => Ok(UploadKind::Workbook),
        "xls" if ole || zip => Ok(UploadKind::Workbook),
        "xlsx" | "xlsm" | "ods" | "xls" => Err(ApiError::UnsupportedType(format!(
            "文件「{filename}」的扩展名是 .{ext}，但内容不是 Excel 工作簿（可能已损坏或被改名）"
        ))),
        "toml" => Ok(UploadKind::Toml),
        "json" => Ok(UploadKind::Json),
        _ => Err(ApiError::UnsupportedType(format!(
            "不支持的文件类型「{filename}」：请上传 Excel 工作簿（.xlsx、.xls）或 TOML、JSON 文件"
        ))),
    }
}

/// Read an uploaded file into a model (and, for workbooks, where each field came from).
/// A workbook with any cell problem, or text that is not a department-year, is refused
/// whole with every problem located.
pub fn read_upload(
    filename: &str,
    bytes: &[u8],
) -> Result<(DepartmentYear, Option<jixiao_xlsx::Locations>, Vec<Problem>), ApiError> {
    if bytes.len() > crate::MAX_UPLOAD {
        return Err(too_large(bytes.len()));
    }
    match upload_kind(filename, bytes)? {
        UploadKind::Workbook => match jixiao_xlsx::read_workbook_bytes_located(bytes) {
            Ok((model, locs)) => Ok((model, Some(locs), Vec::new())),
            Err(diags) => Err(ApiError::Invalid {
                message: format!(
                    "工作簿有 {} 个问题，整个工作簿未读取：请修改后重新上传",
                    diags.len()
                ),
                problems: diags.iter().map(Problem::from_cell).collect(),
            }),
        },
        kind => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                ApiError::UnsupportedType(format!("文件「{filename}」不是 UTF-8 文本"))
            })?;
            let format = if kind == UploadKind::Toml {
                Format::Toml
            } else {
                Format::Json
            };
            match jixiao_io::parse_lenient(text, filename, format) {
                Ok(loaded) => {
                    let original = loaded
                        .diagnostics
                        .iter()
                        .map(|d| Problem::from_input(d, None))
                        .collect();
                    Ok((loaded.model, None, original))
                }
                Err(diags) => Err(ApiError::Invalid {
                    message: format!(
                        "文件「{filename}」有 {} 个错误，未读取",
                        diags.iter().filter(|d| d.is_error()).count()
                    ),
                    problems: diags.iter().map(|d| Problem::from_input(d, None)).collect(),
                }),
            }
        }
    }
}

pub fn too_large(size: usize) -> ApiError {
    ApiError::TooLarge(format!(
        "文件过大（{}.{} MB）：上传上限为 {} MB",
        size / 1_048_576,
        size % 1_048_576 * 10 / 1_048_576,
        crate::MAX_UPLOAD / 1_048_576
    ))
}
