//! Markdown: headings, paragraphs, pipe tables; charts as their data table.

use crate::document::{Align, Block, Document, Table};

fn escape_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn table_md(t: &Table, out: &mut String) {
    if !t.caption.is_empty() {
        out.push_str(&format!("**{}**", t.caption));
        if let Some(u) = &t.unit {
            out.push_str(&format!("（{u}）"));
        }
        out.push_str("\n\n");
    }
    let row = |cells: &[String]| -> String {
        let c: Vec<String> = cells.iter().map(|c| escape_cell(c.trim())).collect();
        format!("| {} |\n", c.join(" | "))
    };
    out.push_str(&row(&t.header));
    let rules: Vec<&str> = (0..t.header.len())
        .map(|i| match t.align.get(i) {
            Some(Align::Right) => "---:",
            Some(Align::Center) => ":---:",
            _ => "---",
        })
        .collect();
    out.push_str(&format!("| {} |\n", rules.join(" | ")));
    for r in &t.rows {
        out.push_str(&row(&r.cells));
    }
    out.push('\n');
}

/// The report as Markdown.
pub fn markdown(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
            Block::Field(t) => out.push_str(&format!("{t}  \n")),
            Block::Heading { level, text } => {
                if out.ends_with("  \n") {
                    out.push('\n');
                }
                out.push_str(&format!(
                    "{} {text}\n\n",
                    "#".repeat(usize::from(*level) + 1)
                ))
            }
            Block::Paragraph(t) => {
                if out.ends_with("  \n") {
                    out.push('\n');
                }
                out.push_str(t);
                out.push_str("\n\n");
            }
            Block::Table(t) => table_md(t, &mut out),
            Block::Chart(c) => {
                let mut header = vec![String::new()];
                header.extend(c.series.iter().map(|s| format!("{}（{}）", s.name, c.unit)));
                let rows = c
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, cat)| {
                        let mut cells = vec![cat.clone()];
                        for (si, s) in c.series.iter().enumerate() {
                            cells.push(
                                s.values
                                    .get(i)
                                    .copied()
                                    .flatten()
                                    .map(|v| match c.kind {
                                        crate::chart::ChartKind::StackedShare => {
                                            let share = c
                                                .labels
                                                .get(si)
                                                .and_then(|l| l.get(i))
                                                .filter(|l| !l.is_empty())
                                                .map(|l| format!("（{l}）"))
                                                .unwrap_or_default();
                                            format!("{}{share}", crate::fmt::thousands(v))
                                        }
                                        crate::chart::ChartKind::Bars => crate::fmt::rate(v),
                                    })
                                    .unwrap_or_else(|| crate::fmt::MISSING.into()),
                            );
                        }
                        crate::document::Row::new(cells)
                    })
                    .collect();
                let n = header.len();
                let t = Table {
                    id: c.id.clone(),
                    caption: format!("{}（图表数据）", c.title),
                    unit: None,
                    header,
                    align: vec![Align::Right; n],
                    widths: vec![1; n],
                    rows,
                    empty_text: String::new(),
                };
                table_md(&t, &mut out);
            }
            Block::Note(t) => out.push_str(&format!("> {t}\n\n")),
            Block::PageBreak => {
                if out.ends_with("  \n") {
                    out.push('\n');
                }
                out.push_str("---\n\n")
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
