//! jixiao-report: the department overall performance evaluation report (部门整体绩效评价报告).
//!
//! Pipeline: department-year + evaluation → [`content`] (figures, generated sentences,
//! tables, charts) → a minijinja template (the outline and text; defaults in `templates/`)
//! → markup → [`Document`] → one exporter per format: [`markdown`], [`html`], [`docx`],
//! [`pdf`]. Exporters are plain functions of the document. No clock: the as-of date comes
//! from the input or the caller. The only IO is reading font files for PDF ([`FontSet`]).

pub mod chart;
pub mod content;
pub mod document;
pub mod docx;
pub mod fmt;
pub mod html;
pub mod linebreak;
pub mod markdown;
pub mod pdf;
pub mod template;
pub mod text;
mod zip;

use jixiao_engine::Evaluation;
use jixiao_model::DepartmentYear;

pub use document::{Block, Document, Meta, Table};
pub use docx::docx;
pub use html::html;
pub use markdown::markdown;
pub use pdf::{pdf, FontError, FontSet, PdfOptions};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// What the report records about where it came from (traceability).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// SHA-256 of the input file(s), hex.
    pub checksum: Option<String>,
    /// 数据截止日期; defaults to the input's `evaluation.as_of`.
    pub as_of: Option<String>,
    /// Program version, e.g. "0.1.0".
    pub program_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("模板错误：{0}")]
    Template(String),
    #[error("模板第 {line} 行引用了不存在的{kind}「{name}」；可用的名称：{available}")]
    UnknownName {
        kind: &'static str,
        name: String,
        line: usize,
        available: String,
    },
    #[error("{0}")]
    Font(#[from] FontError),
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
}

/// Build the report document. `template` is a custom template's source; `None` uses the
/// default outline for the evaluation's framework.
pub fn build(
    d: &DepartmentYear,
    e: &Evaluation,
    provenance: &Provenance,
    template: Option<&str>,
) -> Result<Document, ReportError> {
    let year = d.department.year.or(e.year);
    let meta = Meta {
        title: match year {
            Some(y) => format!("{y}年度部门整体绩效评价报告"),
            None => "部门整体绩效评价报告".to_string(),
        },
        department: d.department.name.clone().or_else(|| e.department.clone()),
        year,
        checksum: provenance.checksum.clone(),
        framework_id: e.framework.id.clone(),
        framework_name: e.framework.name.clone(),
        framework_version: e.framework.version.clone(),
        as_of: provenance
            .as_of
            .clone()
            .or_else(|| d.evaluation.as_of.clone()),
        generator: format!("jixiao {}", provenance.program_version),
    };
    let content = content::build(d, e, &meta);
    let markup = template::render(&content.context, template)
        .map_err(|e| ReportError::Template(template::describe(&e)))?;
    let blocks = document::parse_markup(
        &markup,
        |n| content.tables.get(n).cloned(),
        |n| content.charts.get(n).cloned(),
    )
    .map_err(|u| ReportError::UnknownName {
        kind: if u.kind == "table" {
            "表格"
        } else {
            "图表"
        },
        name: u.name,
        line: u.line,
        available: if u.kind == "table" {
            content.context.tables.join("、")
        } else {
            content.context.charts.join("、")
        },
    })?;
    Ok(Document { meta, blocks })
}

/// Time to build and export the report in each format, in microseconds, over `runs` runs
/// (the fonts are loaded once, before timing, as the CLI does).
pub fn bench(
    d: &DepartmentYear,
    e: &Evaluation,
    provenance: &Provenance,
    fonts: Option<&FontSet>,
    runs: u32,
) -> Result<Vec<(Format, u128)>, ReportError> {
    let runs = runs.max(1);
    let mut out = Vec::new();
    for format in [Format::Markdown, Format::Html, Format::Docx, Format::Pdf] {
        if format == Format::Pdf && fonts.is_none() {
            continue;
        }
        let start = std::time::Instant::now();
        for _ in 0..runs {
            let doc = build(d, e, provenance, None)?;
            match format {
                Format::Markdown => drop(markdown(&doc)),
                Format::Html => drop(html(&doc)),
                Format::Docx => drop(docx(&doc)),
                Format::Pdf => {
                    if let Some(f) = fonts {
                        drop(pdf(&doc, &PdfOptions { fonts: f })?);
                    }
                }
            }
        }
        out.push((format, start.elapsed().as_micros() / u128::from(runs)));
    }
    Ok(out)
}
