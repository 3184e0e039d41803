//! Reading a report's bytes into text: UTF-8 or GB18030/GBK plain text (detected), PDF (text
//! layer, via `pdf-extract`; ToUnicode maps give Chinese text), Word `.docx` (zip +
//! quick-xml). Pure functions over bytes: the caller reads the file.
//!
//! Diagnostic spans are byte ranges of [`SourceText::text`]. For a GB18030 file,
//! [`SourceText::original_offset`] maps such an offset to a byte offset of the file itself;
//! for PDF and Word files the text *is* the extracted text layer.

#[cfg(any(feature = "pdf", feature = "docx"))]
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What kind of file the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Text,
    Pdf,
    Docx,
}

/// A decoded report.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub text: String,
    pub kind: SourceKind,
    /// "UTF-8", "UTF-16LE", "GB18030", or "PDF"/"DOCX" for extracted text.
    pub encoding: &'static str,
    /// Non-fatal remarks (undecodable bytes replaced, …).
    pub notes: Vec<String>,
}

impl SourceText {
    /// Byte offset in the original file of byte `offset` of [`Self::text`] (for text files
    /// in GB18030 the two differ; for UTF-8 they are the same).
    pub fn original_offset(&self, offset: usize) -> usize {
        match self.encoding {
            "GB18030" => {
                let mut end = offset.min(self.text.len());
                while !self.text.is_char_boundary(end) {
                    end -= 1;
                }
                let (bytes, _, _) = encoding_rs::GB18030.encode(&self.text[..end]);
                bytes.len()
            }
            "UTF-8 (BOM)" => offset + 3,
            _ => offset,
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error(
        "PDF 文件没有文字层（可能是扫描件），无法核对；请先做文字识别（OCR）或提供 Word/文本版本"
    )]
    ScannedPdf,
    #[error("无法读取 PDF：{0}")]
    Pdf(String),
    #[error("无法读取 Word 文档：{0}")]
    Docx(String),
    #[error("不支持的文件格式：{0}")]
    Unsupported(String),
    #[error("文件为空")]
    Empty,
}

/// Decode a report's bytes. `name` is used only to recognise the format by extension when
/// the content does not tell (e.g. `.doc`).
pub fn decode(bytes: &[u8], name: &str) -> Result<SourceText, InputError> {
    let lower = name.to_ascii_lowercase();
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    if bytes.starts_with(b"%PDF-")
        || (lower.ends_with(".pdf") && find(bytes, b"%PDF-").is_some_and(|i| i < 1024))
    {
        return pdf(bytes);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(InputError::Unsupported(
            "旧版 Word（.doc）或 Excel（.xls）二进制格式，请另存为 .docx 或 PDF".into(),
        ));
    }
    Ok(text(bytes))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Plain text: BOMs, UTF-8 if valid, else GB18030 (a superset of GBK and GB2312).
pub fn text(bytes: &[u8]) -> SourceText {
    let mut notes = Vec::new();
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (t, had_errors) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        if had_errors {
            notes.push("有无法解码的字节，已替换为 U+FFFD".into());
        }
        return SourceText {
            text: t.into_owned(),
            kind: SourceKind::Text,
            encoding: "UTF-8 (BOM)",
            notes,
        };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let (t, _, _) = enc.decode(bytes);
        return SourceText {
            text: t.into_owned(),
            kind: SourceKind::Text,
            encoding: name,
            notes,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => SourceText {
            text: s.to_string(),
            kind: SourceKind::Text,
            encoding: "UTF-8",
            notes,
        },
        Err(_) => {
            let (t, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                notes.push("按 GB18030 解码时有无法识别的字节，已替换为 U+FFFD".into());
            }
            SourceText {
                text: t.into_owned(),
                kind: SourceKind::Text,
                encoding: "GB18030",
                notes,
            }
        }
    }
}

#[cfg(feature = "pdf")]
fn pdf(bytes: &[u8]) -> Result<SourceText, InputError> {
    // pdf-extract panics on some malformed files; a panic is a read error, not a crash.
    let r = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    let text = match r {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return Err(InputError::Pdf(e.to_string())),
        Err(_) => {
            return Err(InputError::Pdf(
                "文件结构损坏或使用了不支持的字体编码".into(),
            ))
        }
    };
    let visible = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{fffd}')
        .count();
    if visible < 10 {
        return Err(InputError::ScannedPdf);
    }
    let mut notes = Vec::new();
    let bad = text.chars().filter(|c| *c == '\u{fffd}').count();
    if bad * 10 > visible {
        notes.push("部分文字无法从字体映射还原（缺少 ToUnicode），核对结果可能不全".into());
    }
    Ok(SourceText {
        text,
        kind: SourceKind::Pdf,
        encoding: "PDF",
        notes,
    })
}

#[cfg(not(feature = "pdf"))]
fn pdf(_bytes: &[u8]) -> Result<SourceText, InputError> {
    Err(InputError::Unsupported("此版本未启用 PDF 支持".into()))
}

#[cfg(feature = "docx")]
fn docx(bytes: &[u8]) -> Result<SourceText, InputError> {
    use std::io::Read;
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<String, InputError> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| InputError::Docx(e.to_string()))?;
        let mut f = zip.by_name("word/document.xml").map_err(|_| {
            InputError::Unsupported("压缩包中没有 word/document.xml，不是 Word 文档".into())
        })?;
        // bounded: a document.xml over 256 MB is not a report
        let mut xml = Vec::new();
        f.by_ref()
            .take(256 << 20)
            .read_to_end(&mut xml)
            .map_err(|e| InputError::Docx(e.to_string()))?;
        docx_text(&xml)
    }));
    match r {
        Ok(Ok(text)) => Ok(SourceText {
            text,
            kind: SourceKind::Docx,
            encoding: "DOCX",
            notes: Vec::new(),
        }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(InputError::Docx("文件结构损坏".into())),
    }
}

/// The text of a WordprocessingML `document.xml`: one line per paragraph (`w:p`), one line
/// per table row with its cells separated by tabs (so a cell is never read as the start of
/// a numbered paragraph), `w:tab` as a space, `w:br` as a line break.
#[cfg(feature = "docx")]
pub fn docx_text(xml: &[u8]) -> Result<String, InputError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut buf = Vec::new();
    let mut in_text = false;
    // Depth of table cells we are inside (tables may nest).
    let mut cell_depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tc" => {
                    if cell_depth == 0 && !out.is_empty() && !out.ends_with('\n') {
                        out.push('\t');
                    }
                    cell_depth += 1;
                }
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => out.push(' '),
                b"br" | b"cr" => out.push('\n'),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" if cell_depth == 0 => out.push('\n'),
                // a paragraph break inside a cell: keep the cell on its row's line
                b"p" if !out.ends_with(['\t', ' ', '\n']) => out.push(' '),
                b"tc" => {
                    cell_depth = cell_depth.saturating_sub(1);
                    while out.ends_with(' ') {
                        out.pop();
                    }
                }
                b"tr" if cell_depth == 0 => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t.unescape().map_err(|e| InputError::Docx(e.to_string()))?;
                out.push_str(&s);
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(InputError::Docx(e.to_string())),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(not(feature = "docx"))]
fn docx(_bytes: &[u8]) -> Result<SourceText, InputError> {
    Err(InputError::Unsupported("此版本未启用 Word 支持".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_gb18030() {
        let s = "年初预算为 23,260 万元";
        let t = decode(s.as_bytes(), "a.txt").unwrap();
        assert_eq!(t.encoding, "UTF-8");
        let (gbk, _, _) = encoding_rs::GB18030.encode(s);
        let t = decode(&gbk, "a.txt").unwrap();
        assert_eq!(t.encoding, "GB18030");
        assert_eq!(t.text, s);
        let at = s.find("23,260").unwrap();
        // 5 CJK characters of 2 bytes each and a space precede the number in GB18030
        assert_eq!(t.original_offset(at), 11);
    }

    #[cfg(all(feature = "pdf", feature = "docx"))]
    #[test]
    fn unreadable_inputs_are_errors_not_panics() {
        assert_eq!(decode(b"", "a.txt").unwrap_err(), InputError::Empty);
        assert!(matches!(
            decode(b"%PDF-1.4\n garbage", "a.pdf"),
            Err(InputError::Pdf(_) | InputError::ScannedPdf)
        ));
        assert!(matches!(
            decode(b"PK\x03\x04garbage", "a.docx"),
            Err(InputError::Docx(_) | InputError::Unsupported(_))
        ));
        assert!(matches!(
            decode(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], "a.doc"),
            Err(InputError::Unsupported(_))
        ));
    }

    #[cfg(feature = "docx")]
    #[test]
    fn docx_paragraphs_and_cells() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>2021 年调整预算数</w:t></w:r><w:r><w:t xml:space="preserve"> 40,295.14 万元</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let t = docx_text(xml.as_bytes()).unwrap();
        assert_eq!(t, "2021 年调整预算数 40,295.14 万元\n合计\t4\n");
    }
}
