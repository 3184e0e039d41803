//! HTML: one self-contained page (inline CSS and SVG charts) that reads well on screen and
//! prints on A4 in the GB/T 9704 layout.

use crate::chart::{svg, xml_escape};
use crate::document::{Align, Block, Document, RowKind};

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #666; --rule: #999; }
body { margin: 0; background: #f3f3f0; color: var(--ink);
  font-family: "FangSong", "仿宋_GB2312", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
  font-size: 16pt; line-height: 28.95pt; }
main { max-width: 156mm; margin: 2em auto; padding: 37mm 26mm 35mm 28mm; background: #fff;
  box-shadow: 0 1px 6px rgba(0,0,0,.15); }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Songti SC", serif; font-weight: bold;
  font-size: 22pt; line-height: 1.5; text-align: center; margin: 0 0 1em; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-weight: normal;
  font-size: 16pt; margin: 0; text-indent: 2em; }
h3 { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN", serif; font-weight: normal;
  font-size: 16pt; margin: 0; text-indent: 2em; }
h4 { font-size: 16pt; font-weight: bold; margin: 0; text-indent: 2em; }
h5 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.field { text-indent: 0; }
p.note { font-size: 10.5pt; line-height: 1.6; color: var(--muted); text-indent: 0; margin-top: 1em;
  border-top: 1px solid #ccc; padding-top: .5em; word-break: break-all; }
figure { margin: .6em 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 12pt; text-align: center; line-height: 1.6; }
.unit { font-size: 10.5pt; text-align: right; line-height: 1.4; }
table { width: 100%; border-collapse: collapse; font-size: 10.5pt; line-height: 1.45; }
th, td { border: 1px solid var(--rule); padding: 2pt 4pt; vertical-align: middle; }
th { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; background: #f2f2f2; }
td.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c { text-align: center; }
tr.total td { font-weight: bold; }
svg { width: 100%; height: auto; display: block; }
hr.page { border: 0; border-top: 1px dashed #bbb; margin: 2em 0; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@media print {
  body { background: #fff; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  hr.page { border: 0; margin: 0; page-break-after: always; break-after: page; }
  h2, h3, h4, h5 { page-break-after: avoid; break-after: avoid; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
}
@media (max-width: 700px) { main { padding: 1.2em; margin: 0; } body { font-size: 13pt; line-height: 1.8; } }
"#;

fn esc(s: &str) -> String {
    xml_escape(s)
}

/// The report as one self-contained HTML page.
pub fn html(doc: &Document) -> String {
    let m = &doc.meta;
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let title = match &m.department {
        Some(d) => format!("{d}{}", m.title),
        None => m.title.clone(),
    };
    out.push_str(&format!("<title>{}</title>\n", esc(&title)));
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"{}\">\n",
        esc(&m.generator)
    ));
    let metas = [
        ("jixiao:checksum", m.checksum.clone()),
        ("jixiao:framework", Some(m.framework_id.clone())),
        (
            "jixiao:framework-version",
            Some(m.framework_version.clone()),
        ),
        ("jixiao:as-of", m.as_of.clone()),
    ];
    for (k, v) in metas {
        if let Some(v) = v {
            out.push_str(&format!("<meta name=\"{k}\" content=\"{}\">\n", esc(&v)));
        }
    }
    out.push_str(&format!("<style>{CSS}</style>\n</head>\n<body>\n<main>\n"));
    for b in &doc.blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", esc(t))),
            Block::Field(t) => out.push_str(&format!("<p class=\"field\">{}</p>\n", esc(t))),
            Block::Heading { level, text } => {
                let l = (level + 1).min(6);
                out.push_str(&format!("<h{l}>{}</h{l}>\n", esc(text)));
            }
            Block::Paragraph(t) => out.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Note(t) => out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(t))),
            Block::PageBreak => out.push_str("<hr class=\"page\">\n"),
            Block::Chart(c) => {
                out.push_str("<figure>\n");
                out.push_str(&svg(c, 440.0, 210.0));
                out.push_str(&format!(
                    "\n<figcaption>{}</figcaption>\n</figure>\n",
                    esc(&c.title)
                ));
            }
            Block::Table(t) => {
                out.push_str("<figure>\n");
                if !t.caption.is_empty() {
                    out.push_str(&format!("<figcaption>{}</figcaption>\n", esc(&t.caption)));
                }
                if let Some(u) = &t.unit {
                    out.push_str(&format!("<div class=\"unit\">{}</div>\n", esc(u)));
                }
                out.push_str("<table>\n<thead><tr>");
                for h in &t.header {
                    out.push_str(&format!("<th>{}</th>", esc(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for r in &t.rows {
                    out.push_str(if r.kind == RowKind::Total {
                        "<tr class=\"total\">"
                    } else {
                        "<tr>"
                    });
                    for (i, c) in r.cells.iter().enumerate() {
                        let class = match t.align.get(i) {
                            Some(Align::Right) => " class=\"r\"",
                            Some(Align::Center) => " class=\"c\"",
                            _ => "",
                        };
                        out.push_str(&format!("<td{class}>{}</td>", esc(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n</figure>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
