//! The report as a sequence of blocks, independent of output format, and the small markup
//! the templates write it in.
//!
//! Markup (one construct per line; see `docs/report.md`):
//!
//! | line | block |
//! |---|---|
//! | `# 标题` | report title (小标宋 2号, centred) |
//! | `## 一、…` … `##### （1）…` | headings, levels 1–4 |
//! | `@field 部门名称（公章）：…` | cover line, not indented |
//! | `@table NAME` / `@chart NAME` | a table or chart the report built from the data |
//! | `@note 文字` | small print (colophon, sources) |
//! | `@pagebreak` | new page |
//! | `| a | b |` lines | a table written by the template (first row is the header) |
//! | anything else | body text; lines are joined, a blank line ends the paragraph |

use crate::chart::Chart;

/// Provenance recorded in the document properties and the colophon (traceability).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Meta {
    /// Report title, e.g. "2021年度部门整体绩效评价报告".
    pub title: String,
    pub department: Option<String>,
    pub year: Option<i32>,
    /// SHA-256 of the input, hex.
    pub checksum: Option<String>,
    pub framework_id: String,
    pub framework_name: String,
    pub framework_version: String,
    /// 数据截止日期 (YYYY-MM-DD), from the input or a flag, never from the clock.
    pub as_of: Option<String>,
    /// "jixiao 0.1.0".
    pub generator: String,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// How a table row is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum RowKind {
    Normal,
    /// A total or group row, set in bold.
    Total,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    pub cells: Vec<String>,
    pub kind: RowKind,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Row {
        Row {
            cells,
            kind: RowKind::Normal,
        }
    }
    pub fn total(cells: Vec<String>) -> Row {
        Row {
            cells,
            kind: RowKind::Total,
        }
    }
}

/// A table: caption, unit line, header, rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Table {
    pub id: String,
    /// "表1 2021年度预算收支情况"; numbered when the document is assembled.
    pub caption: String,
    /// "单位：万元", shown right-aligned above the table.
    pub unit: Option<String>,
    pub header: Vec<String>,
    pub align: Vec<Align>,
    /// Relative column widths.
    pub widths: Vec<u16>,
    pub rows: Vec<Row>,
    /// What to write instead of an empty table.
    pub empty_text: String,
}

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Field(String),
    Heading { level: u8, text: String },
    Paragraph(String),
    Table(Table),
    Chart(Chart),
    Note(String),
    PageBreak,
}

/// The report, ready for any exporter.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// A markup construct that names a table or chart the report does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub kind: &'static str,
    pub name: String,
    pub line: usize,
}

/// Parse template output into blocks. `table` and `chart` resolve `@table` / `@chart` names.
pub fn parse_markup(
    text: &str,
    mut table: impl FnMut(&str) -> Option<Table>,
    mut chart: impl FnMut(&str) -> Option<Chart>,
) -> Result<Vec<Block>, UnknownName> {
    let mut blocks = Vec::new();
    let mut para = String::new();
    let mut pipe_rows: Vec<Vec<String>> = Vec::new();
    let mut tables = 0usize;
    let mut charts = 0usize;

    fn flush_para(para: &mut String, blocks: &mut Vec<Block>) {
        let t = para.trim();
        if !t.is_empty() {
            blocks.push(Block::Paragraph(t.to_string()));
        }
        para.clear();
    }
    fn flush_pipe(rows: &mut Vec<Vec<String>>, blocks: &mut Vec<Block>, tables: &mut usize) {
        if rows.is_empty() {
            return;
        }
        let header = rows.remove(0);
        let n = header.len();
        *tables += 1;
        blocks.push(Block::Table(Table {
            id: format!("inline{}", *tables),
            caption: String::new(),
            unit: None,
            align: vec![Align::Left; n],
            widths: vec![1; n],
            header,
            rows: rows
                .drain(..)
                .map(|mut r| {
                    r.resize(n, String::new());
                    Row::new(r)
                })
                .collect(),
            empty_text: String::new(),
        }));
    }

    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('|') {
            flush_para(&mut para, &mut blocks);
            let inner = line.trim_matches('|');
            let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
            let is_rule = cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
            if !is_rule {
                pipe_rows.push(cells);
            }
            continue;
        }
        flush_pipe(&mut pipe_rows, &mut blocks, &mut tables);
        if line.is_empty() {
            flush_para(&mut para, &mut blocks);
            continue;
        }
        if let Some(rest) = line.strip_prefix('@') {
            let (cmd, arg) = rest.split_once(' ').unwrap_or((rest, ""));
            let arg = arg.trim();
            let block = match cmd {
                "table" => match table(arg) {
                    Some(t) if t.rows.is_empty() => Some(Block::Paragraph(t.empty_text)),
                    Some(t) => Some(Block::Table(t)),
                    None => {
                        return Err(UnknownName {
                            kind: "table",
                            name: arg.to_string(),
                            line: i + 1,
                        })
                    }
                },
                "chart" => match chart(arg) {
                    Some(c) if c.is_empty() => None,
                    Some(c) => Some(Block::Chart(c)),
                    None => {
                        return Err(UnknownName {
                            kind: "chart",
                            name: arg.to_string(),
                            line: i + 1,
                        })
                    }
                },
                "field" => Some(Block::Field(arg.to_string())),
                "note" => Some(Block::Note(arg.to_string())),
                "pagebreak" => Some(Block::PageBreak),
                _ => None,
            };
            if let Some(b) = block {
                flush_para(&mut para, &mut blocks);
                if let Block::Chart(_) = b {
                    charts += 1;
                }
                blocks.push(b);
                continue;
            }
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if (1..=5).contains(&hashes) && line[hashes..].starts_with(' ') {
            flush_para(&mut para, &mut blocks);
            let t = line[hashes..].trim().to_string();
            blocks.push(if hashes == 1 {
                Block::Title(t)
            } else {
                Block::Heading {
                    level: (hashes - 1) as u8,
                    text: t,
                }
            });
            continue;
        }
        if needs_space(&para, line) {
            para.push(' ');
        }
        para.push_str(line);
    }
    flush_pipe(&mut pipe_rows, &mut blocks, &mut tables);
    flush_para(&mut para, &mut blocks);
    let _ = charts;
    number_figures(&mut blocks);
    Ok(blocks)
}

/// Joining two lines of one paragraph: Chinese needs no space, Latin words do.
fn needs_space(before: &str, after: &str) -> bool {
    match (before.chars().last(), after.chars().next()) {
        (Some(a), Some(b)) => a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric(),
        _ => false,
    }
}

/// Number table and chart captions in order: "表1 …", "图1 …".
fn number_figures(blocks: &mut [Block]) {
    let (mut t, mut c) = (0, 0);
    for b in blocks {
        match b {
            Block::Table(table) if !table.caption.is_empty() => {
                t += 1;
                table.caption = format!("表{t} {}", table.caption);
            }
            Block::Chart(chart) => {
                c += 1;
                chart.title = format!("图{c} {}", chart.title);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_blocks() {
        let text = "# 标题\n@field 部门名称：某局\n## 一、部门基本情况\n第一行\n第二行\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n@pagebreak\n##### （1）小节\n";
        let blocks = parse_markup(text, |_| None, |_| None).expect("parses");
        assert_eq!(blocks[0], Block::Title("标题".into()));
        assert_eq!(blocks[1], Block::Field("部门名称：某局".into()));
        assert_eq!(
            blocks[2],
            Block::Heading {
                level: 1,
                text: "一、部门基本情况".into()
            }
        );
        assert_eq!(blocks[3], Block::Paragraph("第一行第二行".into()));
        match &blocks[4] {
            Block::Table(t) => {
                assert_eq!(t.header, vec!["甲", "乙"]);
                assert_eq!(t.rows[0].cells, vec!["1", "2"]);
            }
            other => panic!("expected table, got {other:?}"),
        }
        assert_eq!(blocks[5], Block::PageBreak);
        assert_eq!(
            blocks[6],
            Block::Heading {
                level: 4,
                text: "（1）小节".into()
            }
        );
    }

    #[test]
    fn unknown_table_is_an_error_with_line() {
        let err = parse_markup("a\n@table nope", |_| None, |_| None).expect_err("unknown");
        assert_eq!(err.name, "nope");
        assert_eq!(err.line, 2);
    }
}
