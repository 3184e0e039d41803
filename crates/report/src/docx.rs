//! Word (.docx) in the GB/T 9704-2012 layout, written as OOXML parts by string building.
//!
//! A4; margins 37/35/28/26 mm; title 方正小标宋简体 2号; body 仿宋_GB2312 3号 at an exact
//! 28.95 pt line pitch (22 lines a page); level-1 headings 黑体, level-2 楷体_GB2312; page
//! numbers "— 1 —" in 宋体 4号, odd pages right and even pages left. Every run carries
//! `w:eastAsia` fonts through the styles so Word and WPS pick the Chinese faces. Charts are
//! native DrawingML charts (editable in Word/WPS, rendered by LibreOffice) built from the
//! same data as the SVG ones: no raster images, no font needed at generation time.

use crate::chart::{xml_escape as esc, Chart, ChartKind};
use crate::document::{Align, Block, Document, RowKind, Table};
use crate::zip::ZipWriter;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart""#;

/// Text width in twips: 210 mm − 28 mm − 26 mm.
const TEXT_W: u32 = 8844;
/// Chart size in EMU (1 twip = 635 EMU).
const CHART_CX: u32 = TEXT_W * 635;
const CHART_CY: u32 = 2_700_000;

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

fn para(style: &str, extra_ppr: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra_ppr}</w:pPr>{}</w:p>",
        run(text)
    )
}

fn section_props(with_footer: bool) -> String {
    let footers = if with_footer {
        "<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>"
    } else {
        ""
    };
    let numbering = if with_footer {
        "<w:pgNumType w:start=\"1\"/>"
    } else {
        ""
    };
    format!(
        "<w:sectPr>{footers}<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/>{numbering}<w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>"
    )
}

fn table_xml(t: &Table, out: &mut String) {
    if !t.caption.is_empty() {
        out.push_str(&para("Caption", "", &t.caption));
    }
    if let Some(u) = &t.unit {
        out.push_str(&para("TableUnit", "", u));
    }
    let total: u32 = t.widths.iter().map(|w| u32::from(*w)).sum::<u32>().max(1);
    let widths: Vec<u32> = t
        .widths
        .iter()
        .map(|w| u32::from(*w) * TEXT_W / total)
        .collect();
    out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/><w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!(
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        ));
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let row = |cells: &[String], header: bool, bold: bool, out: &mut String| {
        out.push_str("<w:tr>");
        if header {
            out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        } else {
            out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (i, c) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let shade = if header {
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>"
            } else {
                ""
            };
            let jc = if header {
                "center"
            } else {
                match t.align.get(i) {
                    Some(Align::Right) => "right",
                    Some(Align::Center) => "center",
                    _ => "left",
                }
            };
            let style = if header { "TableHeader" } else { "TableText" };
            let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{shade}<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"{style}\"/><w:jc w:val=\"{jc}\"/></w:pPr><w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
                esc(c.trim())
            ));
        }
        out.push_str("</w:tr>");
    };
    row(&t.header, true, false, out);
    for r in &t.rows {
        row(&r.cells, false, r.kind == RowKind::Total, out);
    }
    out.push_str("</w:tbl>");
    // an empty paragraph after a table keeps the next one apart
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableAfter\"/></w:pPr></w:p>");
}

fn chart_ref(n: usize, title: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{CHART_CX}\" cy=\"{CHART_CY}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{n}\" name=\"图表 {n}\" descr=\"{}\"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart r:id=\"rIdChart{n}\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>{}",
        esc(title),
        para("FigureCaption", "", title)
    )
}

fn col_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

const TXPR: &str = "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"><a:latin typeface=\"Times New Roman\"/><a:ea typeface=\"黑体\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>";

/// A DrawingML chart part for one chart.
pub fn chart_xml(c: &Chart) -> String {
    let horizontal = c.kind == ChartKind::StackedShare;
    let n = c.categories.len();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/><c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/><c:barChart>");
    s.push_str(&format!(
        "<c:barDir val=\"{}\"/><c:grouping val=\"{}\"/><c:varyColors val=\"0\"/>",
        if horizontal { "bar" } else { "col" },
        if horizontal {
            "percentStacked"
        } else {
            "clustered"
        }
    ));
    let cats = {
        let mut x = format!(
            "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${}</c:f><c:strCache><c:ptCount val=\"{n}\"/>",
            n + 1
        );
        for (i, cat) in c.categories.iter().enumerate() {
            x.push_str(&format!("<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", esc(cat)));
        }
        x.push_str("</c:strCache></c:strRef></c:cat>");
        x
    };
    for (si, ser) in c.series.iter().enumerate() {
        let col = col_letter(si + 1);
        s.push_str(&format!(
            "<c:ser><c:idx val=\"{si}\"/><c:order val=\"{si}\"/><c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{}</c:v></c:pt></c:strCache></c:strRef></c:tx><c:spPr><a:solidFill><a:srgbClr val=\"{:02X}{:02X}{:02X}\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>",
            esc(&ser.name),
            ser.color.0,
            ser.color.1,
            ser.color.2
        ));
        s.push_str(&format!(
            "<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{TXPR}<c:dLblPos val=\"{}\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"{}\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>",
            if horizontal { "ctr" } else { "outEnd" },
            if horizontal { 0 } else { 1 }
        ));
        s.push_str(&cats);
        s.push_str(&format!(
            "<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{n}\"/>",
            n + 1
        ));
        for (i, v) in ser.values.iter().enumerate() {
            if let Some(v) = v {
                s.push_str(&format!(
                    "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>",
                    v.normalize()
                ));
            }
        }
        s.push_str("</c:numCache></c:numRef></c:val></c:ser>");
    }
    s.push_str(&format!(
        "<c:gapWidth val=\"{}\"/><c:overlap val=\"{}\"/><c:axId val=\"500000001\"/><c:axId val=\"500000002\"/></c:barChart>",
        if horizontal { 60 } else { 80 },
        if horizontal { 100 } else { -5 }
    ));
    let grid = "<c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr>";
    s.push_str(&format!(
        "<c:catAx><c:axId val=\"500000001\"/><c:scaling><c:orientation val=\"{}\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{TXPR}<c:crossAx val=\"500000002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>",
        if horizontal { "maxMin" } else { "minMax" },
        if horizontal { "l" } else { "b" }
    ));
    s.push_str(&format!(
        "<c:valAx><c:axId val=\"500000002\"/><c:scaling><c:orientation val=\"minMax\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{}\"/><c:majorGridlines>{grid}</c:majorGridlines><c:numFmt formatCode=\"{}\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{TXPR}<c:crossAx val=\"500000001\"/><c:crosses val=\"{}\"/><c:crossBetween val=\"between\"/></c:valAx>",
        if horizontal { "b" } else { "l" },
        if horizontal { "0%" } else { "General" },
        if horizontal { "max" } else { "autoZero" }
    ));
    s.push_str(&format!(
        "</c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>{TXPR}</c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>{TXPR}</c:chartSpace>"
    ));
    s
}

/// word/document.xml and the charts it refers to.
pub fn document_xml(doc: &Document) -> (String, Vec<String>) {
    let mut body = String::new();
    let mut charts = Vec::new();
    let mut seen_heading = false;
    let mut cover_closed = false;
    for b in &doc.blocks {
        match b {
            Block::Title(t) => body.push_str(&para("ReportTitle", "", t)),
            Block::Field(t) => body.push_str(&para("CoverField", "", t)),
            Block::Heading { level, text } => {
                seen_heading = true;
                let style = format!("Heading{}", level.min(&4));
                body.push_str(&para(&style, "", text));
            }
            Block::Paragraph(t) => body.push_str(&para("BodyText", "", t)),
            Block::Note(t) => body.push_str(&para("Note", "", t)),
            Block::PageBreak => {
                if !seen_heading && !cover_closed {
                    // the cover is its own section without a page number
                    cover_closed = true;
                    body.push_str(&format!(
                        "<w:p><w:pPr>{}</w:pPr></w:p>",
                        section_props(false)
                    ));
                } else {
                    body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
                }
            }
            Block::Table(t) => table_xml(t, &mut body),
            Block::Chart(c) => {
                charts.push(chart_xml(c));
                body.push_str(&chart_ref(charts.len(), &c.title));
            }
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{body}{}</w:body></w:document>",
        section_props(true)
    );
    (xml, charts)
}

fn rfonts(east_asia: &str, latin: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{latin}\" w:eastAsia=\"{east_asia}\" w:hAnsi=\"{latin}\" w:cs=\"{latin}\" w:hint=\"eastAsia\"/>"
    )
}

fn styles_xml() -> String {
    let body = rfonts("仿宋_GB2312", "Times New Roman");
    let style = |id: &str, name: &str, ppr: &str, rpr: &str, extra: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let exact = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\"/>";
    let indent = "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>";
    let no_indent = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>";
    let off_grid = "<w:snapToGrid w:val=\"0\"/>";
    let small = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"300\" w:lineRule=\"auto\"/>";
    let heiti = |sz: u32| {
        format!(
            "{}<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/>",
            rfonts("黑体", "Times New Roman")
        )
    };
    // pPr children must follow the schema order: keepNext, keepLines, widowControl,
    // snapToGrid, spacing, ind, jc, outlineLvl.
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr>{body}<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/>{exact}<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr>{exact}</w:pPr><w:rPr>{body}<w:sz w:val=\"32\"/></w:rPr></w:style>"
    ));
    s.push_str(&style("BodyText", "正文（公文）", indent, "", ""));
    s.push_str(&style(
        "ReportTitle",
        "标题（小标宋2号）",
        &format!("<w:keepNext/>{off_grid}<w:spacing w:before=\"1158\" w:after=\"579\" w:line=\"700\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/>"),
        &format!("{}<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>", rfonts("方正小标宋简体", "Times New Roman")),
        "",
    ));
    s.push_str(&style(
        "CoverField",
        "封面栏目",
        "<w:spacing w:before=\"290\" w:after=\"0\" w:line=\"579\" w:lineRule=\"exact\"/><w:ind w:left=\"640\" w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/>",
        "",
        "",
    ));
    let heading = |n: u8, rpr: String| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{indent}<w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr>{rpr}</w:rPr></w:style>",
            n - 1
        )
    };
    s.push_str(&heading(1, rfonts("黑体", "Times New Roman")));
    s.push_str(&heading(2, rfonts("楷体_GB2312", "Times New Roman")));
    s.push_str(&heading(3, "<w:b/><w:bCs/>".into()));
    s.push_str(&heading(4, String::new()));
    s.push_str(&style(
        "Caption",
        "表题",
        &format!("<w:keepNext/>{off_grid}<w:spacing w:before=\"120\" w:after=\"0\" w:line=\"400\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/>"),
        &heiti(24),
        "",
    ));
    s.push_str(&style(
        "FigureCaption",
        "图题",
        &format!("{off_grid}<w:spacing w:before=\"0\" w:after=\"120\" w:line=\"400\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/>"),
        &heiti(24),
        "",
    ));
    s.push_str(&style(
        "TableUnit",
        "表格单位",
        &format!("<w:keepNext/>{off_grid}{small}{no_indent}<w:jc w:val=\"right\"/>"),
        "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>",
        "",
    ));
    s.push_str(&style(
        "TableText",
        "表格文字",
        &format!("{off_grid}{small}{no_indent}"),
        "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>",
        "",
    ));
    s.push_str(&style(
        "TableHeader",
        "表头",
        &format!("<w:keepNext/>{off_grid}{small}{no_indent}<w:jc w:val=\"center\"/>"),
        &heiti(21),
        "",
    ));
    s.push_str(&style(
        "TableAfter",
        "表后空行",
        &format!("{off_grid}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"exact\"/>{no_indent}"),
        "<w:sz w:val=\"12\"/>",
        "",
    ));
    s.push_str(&style(
        "Figure",
        "图",
        &format!("<w:keepNext/>{off_grid}<w:spacing w:before=\"120\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}<w:jc w:val=\"center\"/>"),
        "",
        "",
    ));
    s.push_str(&style(
        "Note",
        "附注",
        &format!("{off_grid}<w:spacing w:before=\"240\" w:after=\"0\" w:line=\"320\" w:lineRule=\"auto\"/>{no_indent}"),
        "<w:color w:val=\"595959\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>",
        "",
    ));
    s.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr>{}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>",
        rfonts("宋体", "宋体")
    ));
    s.push_str("</w:styles>");
    s
}

fn footer_xml(odd: bool) -> String {
    let (jc, ind) = if odd {
        ("right", "<w:ind w:right=\"280\"/>")
    } else {
        ("left", "<w:ind w:left=\"280\"/>")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{ind}<w:jc w:val=\"{jc}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/><w:drawingGridVerticalSpacing w:val=\"579\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:settings>";

fn font_table() -> String {
    let font = |name: &str, alt: &str, charset: &str, family: &str| {
        let alt = if alt.is_empty() {
            String::new()
        } else {
            format!("<w:altName w:val=\"{alt}\"/>")
        };
        format!("<w:font w:name=\"{name}\">{alt}<w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"variable\"/></w:font>")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{}{}{}{}{}{}</w:fonts>",
        font("Times New Roman", "", "00", "roman"),
        font("仿宋_GB2312", "仿宋", "86", "modern"),
        font("方正小标宋简体", "小标宋", "86", "script"),
        font("黑体", "SimHei", "86", "modern"),
        font("楷体_GB2312", "楷体", "86", "modern"),
        font("宋体", "SimSun", "86", "auto"),
    )
}

fn core_xml(doc: &Document) -> String {
    let m = &doc.meta;
    let created = m
        .as_of
        .as_deref()
        .filter(|d| d.len() == 10 && d.chars().all(|c| c.is_ascii_digit() || c == '-'))
        .map(|d| format!("<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:modified>"))
        .unwrap_or_default();
    let keywords = format!(
        "部门整体绩效评价; {} {}; sha256:{}",
        m.framework_id,
        m.framework_version,
        m.checksum.as_deref().unwrap_or("未提供")
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:description>{}</dc:description><cp:lastModifiedBy>{}</cp:lastModifiedBy>{created}</cp:coreProperties>",
        esc(&m.title),
        esc(&format!("{}（{}）", m.framework_name, m.framework_id)),
        esc(m.department.as_deref().unwrap_or("")),
        esc(&keywords),
        esc(&format!(
            "由 {} 生成；数据截止日期 {}",
            m.generator,
            m.as_of.as_deref().unwrap_or("未提供")
        )),
        esc(&m.generator),
    )
}

fn custom_xml(doc: &Document) -> String {
    let m = &doc.meta;
    let props = [
        ("jixiao.checksum", m.checksum.clone().unwrap_or_default()),
        ("jixiao.framework", m.framework_id.clone()),
        ("jixiao.framework_version", m.framework_version.clone()),
        ("jixiao.as_of", m.as_of.clone().unwrap_or_default()),
        ("jixiao.version", m.generator.clone()),
    ];
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">");
    for (i, (k, v)) in props.iter().enumerate() {
        s.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{k}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            i + 2,
            esc(v)
        ));
    }
    s.push_str("</Properties>");
    s
}

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>jixiao</Application></Properties>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/></Relationships>";

/// The report as a .docx file.
pub fn docx(doc: &Document) -> Vec<u8> {
    let (document, charts) = document_xml(doc);
    let mut types = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    for (part, ct) in [
        (
            "/word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        (
            "/word/styles.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
        ),
        (
            "/word/settings.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
        ),
        (
            "/word/fontTable.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
        ),
        (
            "/word/footer1.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        ),
        (
            "/word/footer2.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
        (
            "/docProps/custom.xml",
            "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        ),
    ] {
        types.push_str(&format!(
            "<Override PartName=\"{part}\" ContentType=\"{ct}\"/>"
        ));
    }
    let mut rels = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/><Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/><Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>");
    for i in 1..=charts.len() {
        types.push_str(&format!("<Override PartName=\"/word/charts/chart{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"));
        rels.push_str(&format!("<Relationship Id=\"rIdChart{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart{i}.xml\"/>"));
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");

    let mut z = ZipWriter::default();
    z.add("[Content_Types].xml", types.as_bytes());
    z.add("_rels/.rels", ROOT_RELS.as_bytes());
    z.add("word/document.xml", document.as_bytes());
    z.add("word/_rels/document.xml.rels", rels.as_bytes());
    z.add("word/styles.xml", styles_xml().as_bytes());
    z.add("word/settings.xml", SETTINGS.as_bytes());
    z.add("word/fontTable.xml", font_table().as_bytes());
    z.add("word/footer1.xml", footer_xml(true).as_bytes());
    z.add("word/footer2.xml", footer_xml(false).as_bytes());
    for (i, c) in charts.iter().enumerate() {
        z.add(&format!("word/charts/chart{}.xml", i + 1), c.as_bytes());
    }
    z.add("docProps/core.xml", core_xml(doc).as_bytes());
    z.add("docProps/app.xml", APP.as_bytes());
    z.add("docProps/custom.xml", custom_xml(doc).as_bytes());
    z.finish()
}
