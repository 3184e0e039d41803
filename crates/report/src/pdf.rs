//! PDF with embedded, subsetted Chinese fonts, written with `pdf-writer`.
//!
//! Layout follows GB/T 9704-2012 like the Word output: A4, margins 37/35/28/26 mm, body 3号
//! (16 pt) at a 28.95 pt pitch (22 lines a page), first-line indent of two characters,
//! justified lines with 避头尾 (see [`crate::linebreak`]), page numbers "— 1 —" in 4号,
//! odd pages right and even pages left, no number on the cover. Fonts are read once
//! ([`FontSet`]), subset once per document (`subsetter`), and embedded as CID fonts with a
//! ToUnicode map so text can be searched and extracted.

// Geometry (points on a page, chart coordinates) is f64; money never is: values arrive as
// Decimal and become f64 only as a bar length or a position.
#![allow(clippy::float_arithmetic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::chart::{layout as chart_layout, Anchor, Prim, Rgb};
use crate::document::{Align, Block, Document, RowKind, Table};
use crate::linebreak::{autospace, break_lines};
use crate::ReportError;

/// A font could not be found or read.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("未找到可用于 PDF 的中文字体。请安装 Noto CJK 字体（Debian/Ubuntu：apt-get install fonts-noto-cjk，或运行 scripts/setup.sh），或用 --font 指定含中文字形的 TrueType/OpenType 字体文件（如 仿宋_GB2312.ttf、simfang.ttf、NotoSerifCJK-Regular.ttc）。已查找：{searched}")]
    NotFound { searched: String },
    #[error("无法读取字体文件 {path}：{message}")]
    Read { path: String, message: String },
    #[error("字体文件 {path} 不含中文字形（如“中”），不能用于中文报告")]
    NoCjk { path: String },
}

/// One font face loaded in memory.
#[derive(Debug)]
pub struct FontFile {
    pub path: PathBuf,
    data: Vec<u8>,
    index: u32,
    /// PostScript name, for BaseFont.
    ps_name: String,
    serif: bool,
}

impl FontFile {
    /// Read a font file (TTF, OTF or a collection); in a collection, the Simplified
    /// Chinese face is chosen.
    pub fn load(path: &Path) -> Result<FontFile, FontError> {
        let data = std::fs::read(path).map_err(|e| FontError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        FontFile::from_bytes(data, path)
    }

    /// A font already in memory; `path` names it in messages.
    pub fn from_bytes(data: Vec<u8>, path: &Path) -> Result<FontFile, FontError> {
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let mut chosen = None;
        for i in 0..count {
            let Ok(face) = ttf_parser::Face::parse(&data, i) else {
                continue;
            };
            if face.glyph_index('中').is_none() {
                continue;
            }
            let family = name_of(&face, ttf_parser::name_id::FAMILY).unwrap_or_default();
            let is_sc = family.contains(" SC") || family.contains("SC ") || family.ends_with("SC");
            if chosen.is_none() || is_sc {
                let ps = name_of(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
                    .unwrap_or_else(|| format!("Font{i}"));
                chosen = Some((i, ps, family.to_ascii_lowercase().contains("serif")));
                if is_sc {
                    break;
                }
            }
        }
        let Some((index, ps_name, serif)) = chosen else {
            return Err(FontError::NoCjk {
                path: path.display().to_string(),
            });
        };
        let ps_name: String = ps_name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        Ok(FontFile {
            path: path.to_path_buf(),
            data,
            index,
            ps_name,
            serif,
        })
    }
}

fn name_of(face: &ttf_parser::Face, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id)
        .find_map(|n| n.to_string())
}

/// The fallback font compiled into the binary: Noto Serif CJK SC (SIL OFL 1.1, see
/// `fonts/LICENSE-OFL.txt`) subset to GB 2312 plus ASCII and common punctuation by
/// `scripts/make-cjk-fallback.py`, stored as a raw deflate stream (1.8 MB; 2.1 MB inflated).
const EMBEDDED_FONT: &[u8] = include_bytes!("../fonts/NotoSerifCJKsc-GB2312.otf.deflate");

/// How the embedded font is named in messages and in `FontFile::path`.
pub const EMBEDDED_FONT_NAME: &str = "内置字体 Noto Serif CJK SC（GB 2312 子集）";

/// The embedded font, inflated once per process.
fn embedded_font() -> Arc<FontFile> {
    static FONT: std::sync::OnceLock<Arc<FontFile>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| {
        let data = miniz_oxide::inflate::decompress_to_vec(EMBEDDED_FONT)
            .expect("the embedded font is a valid deflate stream (checked by a test)");
        Arc::new(
            FontFile::from_bytes(data, Path::new(EMBEDDED_FONT_NAME))
                .expect("the embedded font has CJK glyphs (checked by a test)"),
        )
    })
    .clone()
}

/// The fonts of a report, by role. Load once and reuse for every document.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// 正文（仿宋 3号）; also 4号 page numbers.
    pub body: Arc<FontFile>,
    /// 一级标题、表头、图题（黑体）.
    pub heading: Arc<FontFile>,
    /// 标题（小标宋 2号）.
    pub title: Arc<FontFile>,
    /// 二级标题（楷体）.
    pub kai: Arc<FontFile>,
}

const FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/arphic",
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/wqy-zenhei",
    "/usr/local/share/fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "C:\\Windows\\Fonts",
];

const BODY: &[&str] = &[
    "仿宋_GB2312.ttf",
    "FangSong_GB2312.ttf",
    "simfang.ttf",
    "NotoSerifCJK-Regular.ttc",
    "NotoSerifCJKsc-Regular.otf",
    "SourceHanSerifSC-Regular.otf",
    "uming.ttc",
    "NotoSansCJK-Regular.ttc",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
];
const HEADING: &[&str] = &[
    "simhei.ttf",
    "NotoSansCJK-Bold.ttc",
    "NotoSansCJK-Medium.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "wqy-zenhei.ttc",
];
const TITLE: &[&str] = &[
    "方正小标宋简体.ttf",
    "FZXBSJW.TTF",
    "NotoSerifCJK-Bold.ttc",
    "NotoSerifCJK-Black.ttc",
    "NotoSerifCJKsc-Bold.otf",
];
const KAI: &[&str] = &["楷体_GB2312.ttf", "simkai.ttf", "ukai.ttc"];

fn find(names: &[&str], searched: &mut Vec<String>) -> Option<PathBuf> {
    for name in names {
        for dir in FONT_DIRS {
            let p = Path::new(dir).join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        searched.push((*name).to_string());
    }
    None
}

impl FontSet {
    /// Find fonts in the usual system places.
    pub fn discover() -> Result<FontSet, FontError> {
        FontSet::discover_with(None)
    }

    /// Use `body` for the body text (and for any role with no font of its own); find the
    /// others in the usual places. Without `body` and without any Chinese font installed,
    /// the embedded fallback font is used for every role ([`FontSet::embedded`]).
    pub fn discover_with(body: Option<&Path>) -> Result<FontSet, FontError> {
        match body {
            Some(_) => FontSet::installed(body),
            None => match FontSet::installed(None) {
                Err(FontError::NotFound { .. }) => Ok(FontSet::embedded()),
                other => other,
            },
        }
    }

    /// Installed fonts only: `NotFound` when the machine has none.
    pub fn installed(body: Option<&Path>) -> Result<FontSet, FontError> {
        let mut searched = Vec::new();
        let body_path = match body {
            Some(p) => p.to_path_buf(),
            None => find(BODY, &mut searched).ok_or_else(|| FontError::NotFound {
                searched: format!("{}（目录：{}）", searched.join("、"), FONT_DIRS.join("、")),
            })?,
        };
        let body = Arc::new(FontFile::load(&body_path)?);
        let mut loaded: Vec<Arc<FontFile>> = vec![body.clone()];
        let mut role = |names: &[&str]| -> Arc<FontFile> {
            let mut s = Vec::new();
            match find(names, &mut s) {
                Some(p) => {
                    if let Some(f) = loaded.iter().find(|f| f.path == p) {
                        return f.clone();
                    }
                    match FontFile::load(&p) {
                        Ok(f) => {
                            let f = Arc::new(f);
                            loaded.push(f.clone());
                            f
                        }
                        Err(_) => body.clone(),
                    }
                }
                None => body.clone(),
            }
        };
        let heading = role(HEADING);
        let title = role(TITLE);
        let kai = role(KAI);
        Ok(FontSet {
            body,
            heading,
            title,
            kai,
        })
    }

    /// The font compiled into the binary, for every role: PDF reports work on a machine
    /// with no Chinese font installed. It covers GB 2312 (6,763 hanzi) plus ASCII and common
    /// punctuation; [`FontSet::uncovered`] lists what a text needs beyond it.
    pub fn embedded() -> FontSet {
        let f = embedded_font();
        FontSet {
            body: f.clone(),
            heading: f.clone(),
            title: f.clone(),
            kai: f,
        }
    }

    /// Whether this is the embedded fallback font.
    pub fn is_embedded(&self) -> bool {
        self.body.path == Path::new(EMBEDDED_FONT_NAME)
    }

    /// The characters of `text` the body font has no glyph for (each once, in order of
    /// appearance; whitespace and control characters aside). They would print as empty boxes.
    pub fn uncovered(&self, text: &str) -> Vec<char> {
        let Ok(face) = ttf_parser::Face::parse(&self.body.data, self.body.index) else {
            return Vec::new();
        };
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || out.contains(&c) {
                continue;
            }
            if face.glyph_index(c).is_none() {
                out.push(c);
            }
        }
        out
    }

    /// One font for every role.
    pub fn from_path(path: &Path) -> Result<FontSet, FontError> {
        let f = Arc::new(FontFile::load(path)?);
        Ok(FontSet {
            body: f.clone(),
            heading: f.clone(),
            title: f.clone(),
            kai: f,
        })
    }
}

/// PDF export options.
pub struct PdfOptions<'a> {
    pub fonts: &'a FontSet,
}

// ---------------------------------------------------------------------------------------
// Fonts in use during one rendering

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Body,
    Heading,
    Title,
    Kai,
}

struct Used<'a> {
    file: &'a FontFile,
    face: ttf_parser::Face<'a>,
    upem: f64,
    remap: GlyphRemapper,
    /// new gid → (advance in font units, char)
    glyphs: BTreeMap<u16, (u16, char)>,
}

struct Fonts<'a> {
    used: Vec<Used<'a>>,
    roles: [usize; 4],
}

impl<'a> Fonts<'a> {
    fn new(set: &'a FontSet) -> Result<Fonts<'a>, ReportError> {
        let mut used: Vec<Used<'a>> = Vec::new();
        let mut roles = [0usize; 4];
        let files: [&'a FontFile; 4] = [&set.body, &set.heading, &set.title, &set.kai];
        for (i, file) in files.into_iter().enumerate() {
            if let Some(k) = used.iter().position(|u| std::ptr::eq(u.file, file)) {
                roles[i] = k;
                continue;
            }
            let face = ttf_parser::Face::parse(&file.data, file.index)
                .map_err(|e| ReportError::Pdf(format!("{}: {e}", file.path.display())))?;
            let upem = f64::from(face.units_per_em().max(1));
            let mut remap = GlyphRemapper::new();
            remap.remap(0);
            roles[i] = used.len();
            used.push(Used {
                file,
                face,
                upem,
                remap,
                glyphs: BTreeMap::new(),
            });
        }
        Ok(Fonts { used, roles })
    }

    fn idx(&self, r: Role) -> usize {
        self.roles[match r {
            Role::Body => 0,
            Role::Heading => 1,
            Role::Title => 2,
            Role::Kai => 3,
        }]
    }

    fn advance(&self, r: Role, c: char, size: f64) -> f64 {
        let u = &self.used[self.idx(r)];
        let gid = u.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        let adv = u.face.glyph_hor_advance(gid).unwrap_or(0);
        f64::from(adv) / u.upem * size
    }

    /// Width of a string including autospace between CJK and Latin.
    fn width(&self, r: Role, s: &str, size: f64) -> f64 {
        let mut w = 0.0;
        let mut prev = None;
        for c in s.chars() {
            if let Some(p) = prev {
                if autospace(p, c) {
                    w += size * AUTOSPACE;
                }
            }
            w += self.advance(r, c, size);
            prev = Some(c);
        }
        w
    }

    /// Encode a run for a content stream (2-byte CIDs = new glyph ids).
    fn encode(&mut self, r: Role, s: &str) -> Vec<u8> {
        let i = self.idx(r);
        let u = &mut self.used[i];
        let mut out = Vec::with_capacity(s.len() * 2);
        for c in s.chars() {
            let gid = u.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            let adv = u.face.glyph_hor_advance(gid).unwrap_or(0);
            let new = u.remap.remap(gid.0);
            u.glyphs.entry(new).or_insert((adv, c));
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }
}

const AUTOSPACE: f64 = 0.25;

// ---------------------------------------------------------------------------------------
// Page geometry (points)

const MM: f64 = 72.0 / 25.4;
const PAGE_W: f64 = 210.0 * MM;
const PAGE_H: f64 = 297.0 * MM;
const TOP: f64 = 37.0 * MM;
const BOTTOM: f64 = 35.0 * MM;
const LEFT: f64 = 28.0 * MM;
const RIGHT: f64 = 26.0 * MM;
const TEXT_W: f64 = PAGE_W - LEFT - RIGHT;
const BODY_SIZE: f64 = 16.0;
/// 22 lines in the 225 mm text block.
const PITCH: f64 = (PAGE_H - TOP - BOTTOM) / 22.0;
const TABLE_SIZE: f64 = 10.5;
const TABLE_PITCH: f64 = 14.0;
const CELL_PAD: f64 = 3.0;
const CHART_H: f64 = 210.0;

struct Page {
    content: Content,
    numbered: bool,
}

struct Writer<'a> {
    fonts: Fonts<'a>,
    pages: Vec<Page>,
    /// Distance from the top of the text block to the next free line.
    y: f64,
    cover: bool,
}

fn pdf_y(y_from_top: f64) -> f32 {
    (PAGE_H - y_from_top) as f32
}

fn font_name(i: usize) -> Vec<u8> {
    format!("F{i}").into_bytes()
}

impl<'a> Writer<'a> {
    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.new_page();
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n].content
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            content: Content::new(),
            numbered: !self.cover,
        });
        self.y = 0.0;
    }

    fn room(&self) -> f64 {
        PAGE_H - TOP - BOTTOM - self.y
    }

    fn ensure(&mut self, h: f64) {
        if self.pages.is_empty() || (h > self.room() + 0.01 && self.y > 0.0) {
            self.new_page();
        }
    }

    /// Draw one line of text at `x` (from the left page edge), baseline `base` (from the
    /// page top), with `tc` extra spacing after each glyph.
    #[allow(clippy::too_many_arguments)]
    fn draw_text(
        &mut self,
        r: Role,
        size: f64,
        x: f64,
        base: f64,
        s: &str,
        tc: f64,
        bold: bool,
        color: Rgb,
    ) {
        // split into runs at autospace points
        let mut runs: Vec<(f64, String)> = Vec::new();
        let mut cur = String::new();
        let mut cx = x;
        let mut start = x;
        let mut prev: Option<char> = None;
        for c in s.chars() {
            if let Some(p) = prev {
                if autospace(p, c) {
                    runs.push((start, std::mem::take(&mut cur)));
                    cx += size * AUTOSPACE;
                    start = cx;
                }
            }
            cur.push(c);
            cx += self.fonts.advance(r, c, size) + tc;
            prev = Some(c);
        }
        if !cur.is_empty() {
            runs.push((start, cur));
        }
        let idx = self.fonts.idx(r);
        let encoded: Vec<(f64, Vec<u8>)> = runs
            .into_iter()
            .map(|(x, t)| (x, self.fonts.encode(r, &t)))
            .collect();
        let name = font_name(idx);
        let page = self.page();
        page.set_fill_rgb(
            f32::from(color.0) / 255.0,
            f32::from(color.1) / 255.0,
            f32::from(color.2) / 255.0,
        );
        if bold {
            page.set_stroke_rgb(
                f32::from(color.0) / 255.0,
                f32::from(color.1) / 255.0,
                f32::from(color.2) / 255.0,
            );
            page.set_line_width((size * 0.03) as f32);
        }
        for (x, bytes) in encoded {
            page.begin_text();
            page.set_font(Name(&name), size as f32);
            // text state persists across BT/ET: set it on every run
            page.set_text_rendering_mode(if bold {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            });
            page.set_char_spacing(tc as f32);
            page.next_line(x as f32, pdf_y(base));
            page.show(Str(&bytes));
            page.end_text();
        }
    }

    /// A paragraph of running text, broken and justified.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        r: Role,
        size: f64,
        pitch: f64,
        indent: f64,
        left: f64,
        width: f64,
        text: &str,
        align: Align,
        justify: bool,
        bold: bool,
        color: Rgb,
        keep_next: bool,
    ) {
        // GB/T 9704: 28 characters of 3号 in the 156 mm line, i.e. slightly condensed
        let tracking = if (size - BODY_SIZE).abs() < 1e-9 {
            TEXT_W / 28.0 - BODY_SIZE
        } else {
            0.0
        };
        let lines = {
            let fonts = &self.fonts;
            let measure = |s: &str| fonts.width(r, s, size) + tracking * s.chars().count() as f64;
            let gap = |a: char, b: char| {
                if autospace(a, b) {
                    size * AUTOSPACE
                } else {
                    0.0
                }
            };
            break_lines(text, width, indent, &measure, &gap)
        };
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let need = if i == 0 && keep_next {
                pitch * 2.0
            } else {
                pitch
            };
            self.ensure(need);
            let line_indent = if i == 0 { indent } else { 0.0 };
            let glyphs = line.chars().count();
            let natural =
                self.fonts.width(r, line, size) + tracking * glyphs.saturating_sub(1) as f64;
            let avail = width - line_indent;
            let mut tc = if justify && i + 1 < n && glyphs > 1 && natural < avail {
                (avail - natural) / (glyphs - 1) as f64
            } else {
                0.0
            };
            if tc > size * 0.12 {
                // a long number moved to the next line: leave this one ragged rather
                // than letter-spaced
                tc = 0.0;
            }
            tc += tracking;
            let x = LEFT
                + left
                + line_indent
                + match align {
                    Align::Left => 0.0,
                    Align::Center => ((avail - natural) / 2.0).max(0.0),
                    Align::Right => (avail - natural).max(0.0),
                };
            let base = TOP + self.y + (pitch - size) / 2.0 + size * 0.86;
            self.draw_text(r, size, x, base, line, tc, bold, (0, 0, 0));
            let _ = color;
            self.y += pitch;
        }
    }

    fn body(&mut self, text: &str) {
        self.paragraph(
            Role::Body,
            BODY_SIZE,
            PITCH,
            BODY_SIZE * 2.0,
            0.0,
            TEXT_W,
            text,
            Align::Left,
            true,
            false,
            (0, 0, 0),
            false,
        );
    }

    fn table(&mut self, t: &Table) {
        if !t.caption.is_empty() {
            self.ensure(20.0 + 60.0);
            self.paragraph(
                Role::Heading,
                12.0,
                20.0,
                0.0,
                0.0,
                TEXT_W,
                &t.caption,
                Align::Center,
                false,
                false,
                (0, 0, 0),
                false,
            );
        }
        if let Some(u) = &t.unit {
            self.paragraph(
                Role::Body,
                TABLE_SIZE,
                15.0,
                0.0,
                0.0,
                TEXT_W,
                u,
                Align::Right,
                false,
                false,
                (0, 0, 0),
                false,
            );
        }
        let total: f64 = t.widths.iter().map(|w| f64::from(*w)).sum::<f64>().max(1.0);
        let widths: Vec<f64> = t
            .widths
            .iter()
            .map(|w| f64::from(*w) / total * TEXT_W)
            .collect();
        let header_h = self.row_height(&t.header, &widths, Role::Heading);
        self.ensure(header_h + TABLE_PITCH * 2.0 + CELL_PAD * 2.0);
        self.row(&t.header, &widths, Role::Heading, &[], true, false);
        for r in &t.rows {
            let h = self.row_height(&r.cells, &widths, Role::Body);
            if h > self.room() + 0.01 {
                self.new_page();
                self.row(&t.header, &widths, Role::Heading, &[], true, false);
            }
            self.row(
                &r.cells,
                &widths,
                Role::Body,
                &t.align,
                false,
                r.kind == RowKind::Total,
            );
        }
        self.y += PITCH * 0.4;
    }

    fn cell_lines(&self, text: &str, w: f64, r: Role) -> Vec<String> {
        let measure = |s: &str| self.fonts.width(r, s, TABLE_SIZE);
        let gap = |a: char, b: char| {
            if autospace(a, b) {
                TABLE_SIZE * AUTOSPACE
            } else {
                0.0
            }
        };
        let lines = break_lines(
            text.trim(),
            (w - CELL_PAD * 2.0).max(TABLE_SIZE),
            0.0,
            &measure,
            &gap,
        );
        if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        }
    }

    fn row_height(&self, cells: &[String], widths: &[f64], r: Role) -> f64 {
        let max_lines = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| self.cell_lines(c, *w, r).len())
            .max()
            .unwrap_or(1);
        max_lines as f64 * TABLE_PITCH + CELL_PAD * 2.0
    }

    fn row(
        &mut self,
        cells: &[String],
        widths: &[f64],
        r: Role,
        align: &[Align],
        header: bool,
        bold: bool,
    ) {
        let h = self.row_height(cells, widths, r);
        let top = TOP + self.y;
        let mut x = LEFT;
        {
            let page = self.page();
            if header {
                page.set_fill_rgb(0.95, 0.95, 0.95);
                page.rect(LEFT as f32, pdf_y(top + h), TEXT_W as f32, h as f32);
                page.fill_nonzero();
            }
            page.set_stroke_rgb(0.0, 0.0, 0.0);
            page.set_line_width(0.5);
            page.rect(LEFT as f32, pdf_y(top + h), TEXT_W as f32, h as f32);
            page.stroke();
        }
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                let page = self.page();
                page.move_to(x as f32, pdf_y(top));
                page.line_to(x as f32, pdf_y(top + h));
                page.stroke();
            }
            let lines = self.cell_lines(c, *w, r);
            let block = lines.len() as f64 * TABLE_PITCH;
            let mut base =
                top + (h - block) / 2.0 + (TABLE_PITCH - TABLE_SIZE) / 2.0 + TABLE_SIZE * 0.86;
            let a = if header {
                Align::Center
            } else {
                align.get(i).copied().unwrap_or(Align::Left)
            };
            for l in lines {
                let lw = self.fonts.width(r, &l, TABLE_SIZE);
                let lx = match a {
                    Align::Left => x + CELL_PAD,
                    Align::Center => x + (w - lw) / 2.0,
                    Align::Right => x + w - CELL_PAD - lw,
                };
                self.draw_text(r, TABLE_SIZE, lx, base, &l, 0.0, bold, (0, 0, 0));
                base += TABLE_PITCH;
            }
            x += w;
        }
        self.y += h;
    }

    fn chart(&mut self, c: &crate::chart::Chart) {
        let scale = TEXT_W / 440.0;
        let h = CHART_H * scale;
        self.ensure(h + 24.0);
        let ox = LEFT;
        let oy = TOP + self.y;
        for p in chart_layout(c, 440.0, CHART_H) {
            match p {
                Prim::Rect { x, y, w, h, fill } => {
                    let page = self.page();
                    set_fill(page, fill);
                    page.rect(
                        (ox + x * scale) as f32,
                        pdf_y(oy + (y + h) * scale),
                        (w * scale) as f32,
                        (h * scale) as f32,
                    );
                    page.fill_nonzero();
                }
                Prim::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                    dashed,
                } => {
                    let page = self.page();
                    page.set_stroke_rgb(
                        f32::from(color.0) / 255.0,
                        f32::from(color.1) / 255.0,
                        f32::from(color.2) / 255.0,
                    );
                    page.set_line_width((width * scale) as f32);
                    if dashed {
                        page.set_dash_pattern([3.0, 2.0], 0.0);
                    }
                    page.move_to((ox + x1 * scale) as f32, pdf_y(oy + y1 * scale));
                    page.line_to((ox + x2 * scale) as f32, pdf_y(oy + y2 * scale));
                    page.stroke();
                    if dashed {
                        page.set_dash_pattern([], 0.0);
                    }
                }
                Prim::Text {
                    x,
                    y,
                    size,
                    text,
                    anchor,
                    color,
                } => {
                    let size = size * scale;
                    let w = self.fonts.width(Role::Heading, &text, size);
                    let x = ox + x * scale
                        - match anchor {
                            Anchor::Start => 0.0,
                            Anchor::Middle => w / 2.0,
                            Anchor::End => w,
                        };
                    self.draw_text(
                        Role::Heading,
                        size,
                        x,
                        oy + y * scale,
                        &text,
                        0.0,
                        false,
                        color,
                    );
                }
            }
        }
        self.y += h + 4.0;
        self.paragraph(
            Role::Heading,
            12.0,
            20.0,
            0.0,
            0.0,
            TEXT_W,
            &c.title,
            Align::Center,
            false,
            false,
            (0, 0, 0),
            false,
        );
        self.y += PITCH * 0.3;
    }
}

fn set_fill(page: &mut Content, c: Rgb) {
    page.set_fill_rgb(
        f32::from(c.0) / 255.0,
        f32::from(c.1) / 255.0,
        f32::from(c.2) / 255.0,
    );
}

/// Lay the document out into pages.
fn layout<'a>(doc: &Document, fonts: Fonts<'a>) -> Writer<'a> {
    let mut w = Writer {
        fonts,
        pages: Vec::new(),
        y: 0.0,
        cover: true,
    };
    let mut seen_heading = false;
    w.new_page();
    for b in &doc.blocks {
        match b {
            Block::Title(t) => {
                if !seen_heading {
                    w.y += PITCH * 3.0;
                }
                w.paragraph(
                    Role::Title,
                    22.0,
                    36.0,
                    0.0,
                    0.0,
                    TEXT_W,
                    t,
                    Align::Center,
                    false,
                    false,
                    (0, 0, 0),
                    false,
                );
                w.y += PITCH;
            }
            Block::Field(t) => {
                w.y += PITCH * 0.5;
                w.paragraph(
                    Role::Body,
                    BODY_SIZE,
                    PITCH,
                    0.0,
                    BODY_SIZE * 2.0,
                    TEXT_W - BODY_SIZE * 2.0,
                    t,
                    Align::Left,
                    false,
                    false,
                    (0, 0, 0),
                    false,
                );
            }
            Block::Heading { level, text } => {
                if !seen_heading && w.cover {
                    // no page break after the cover: the body starts a new page anyway
                    w.cover = false;
                    if w.y > 0.0 {
                        w.new_page();
                    }
                }
                seen_heading = true;
                let (role, bold) = match level {
                    1 => (Role::Heading, false),
                    2 => (Role::Kai, false),
                    3 => (Role::Body, true),
                    _ => (Role::Body, false),
                };
                w.paragraph(
                    role,
                    BODY_SIZE,
                    PITCH,
                    BODY_SIZE * 2.0,
                    0.0,
                    TEXT_W,
                    text,
                    Align::Left,
                    false,
                    bold,
                    (0, 0, 0),
                    true,
                );
            }
            Block::Paragraph(t) => w.body(t),
            Block::Note(t) => {
                w.y += PITCH * 0.5;
                w.paragraph(
                    Role::Body,
                    TABLE_SIZE,
                    16.0,
                    0.0,
                    0.0,
                    TEXT_W,
                    t,
                    Align::Left,
                    false,
                    false,
                    (0x59, 0x59, 0x59),
                    false,
                );
            }
            Block::PageBreak => {
                if w.cover && !seen_heading {
                    w.cover = false;
                    w.new_page();
                } else if w.y > 0.0 {
                    w.new_page();
                }
            }
            Block::Table(t) => w.table(t),
            Block::Chart(c) => w.chart(c),
        }
    }
    if !seen_heading {
        // no outline at all (a custom template): no cover either, number every page
        for p in &mut w.pages {
            p.numbered = true;
        }
    }
    // page numbers: "— n —", odd right, even left, one character in; the cover has none
    let mut n = 0u32;
    for i in 0..w.pages.len() {
        if !w.pages[i].numbered {
            continue;
        }
        n += 1;
        let size = 14.0;
        let num = n.to_string();
        let dash = w.fonts.width(Role::Body, "—", size);
        let gap = size * 0.3;
        let lw = dash * 2.0 + gap * 2.0 + w.fonts.width(Role::Body, &num, size);
        let x = if n % 2 == 1 {
            PAGE_W - RIGHT - size - lw
        } else {
            LEFT + size
        };
        let base = PAGE_H - BOTTOM + 7.0 * MM + size * 0.86;
        let last = w.pages.len() - 1;
        // draw_text writes on the last page: swap the target page to the end temporarily
        w.pages.swap(i, last);
        w.draw_text(Role::Body, size, x, base, "—", 0.0, false, (0, 0, 0));
        w.draw_text(
            Role::Body,
            size,
            x + dash + gap,
            base,
            &num,
            0.0,
            false,
            (0, 0, 0),
        );
        w.draw_text(
            Role::Body,
            size,
            x + lw - dash,
            base,
            "—",
            0.0,
            false,
            (0, 0, 0),
        );
        w.pages.swap(i, last);
    }
    w
}

fn subset_tag(glyphs: &BTreeMap<u16, (u16, char)>, salt: usize) -> String {
    // deterministic 6-letter tag from the subset's content
    let mut h: u64 = 1469598103934665603 ^ salt as u64;
    for (g, (_, c)) in glyphs {
        h = (h ^ u64::from(*g)).wrapping_mul(1099511628211);
        h = (h ^ u64::from(*c as u32)).wrapping_mul(1099511628211);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

/// The report as a PDF.
pub fn pdf(doc: &Document, options: &PdfOptions) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::new(options.fonts)?;
    let w = layout(doc, fonts);
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let font_ids: Vec<Ref> = w.fonts.used.iter().map(|_| alloc()).collect();
    let page_ids: Vec<(Ref, Ref)> = w.pages.iter().map(|_| (alloc(), alloc())).collect();

    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    catalog.lang(TextStr("zh-CN"));
    catalog.finish();
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);

    for ((page_id, content_id), page) in page_ids.iter().zip(w.pages) {
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W as f32, PAGE_H as f32));
        p.parent(tree_id);
        p.contents(*content_id);
        let mut res = p.resources();
        let mut fonts = res.fonts();
        for (i, id) in font_ids.iter().enumerate() {
            fonts.pair(Name(&font_name(i)), *id);
        }
        fonts.finish();
        res.finish();
        p.finish();
        let data = page.content.finish();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(data.as_slice(), 6);
        pdf.stream(*content_id, &compressed)
            .filter(Filter::FlateDecode);
    }

    for (i, (u, type0_id)) in w.fonts.used.iter().zip(&font_ids).enumerate() {
        let cid_id = alloc();
        let desc_id = alloc();
        let file_id = alloc();
        let cmap_id = alloc();
        let subset = subsetter::subset(&u.file.data, u.file.index, &u.remap).map_err(|e| {
            ReportError::Pdf(format!(
                "字体子集化失败（{}）：{e:?}",
                u.file.path.display()
            ))
        })?;
        let sub_face = ttf_parser::RawFace::parse(&subset, 0)
            .map_err(|e| ReportError::Pdf(format!("子集字体无法解析：{e}")))?;
        let cff = sub_face.table(ttf_parser::Tag::from_bytes(b"CFF "));
        let base = format!("{}+{}", subset_tag(&u.glyphs, i), u.file.ps_name);
        pdf.type0_font(*type0_id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);
        let scale = 1000.0 / u.upem;
        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(if cff.is_some() {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        });
        cid.base_font(Name(base.as_bytes()));
        cid.system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        });
        cid.font_descriptor(desc_id);
        cid.default_width(1000.0);
        if cff.is_none() {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let count = u.remap.num_gids();
        let mut widths = Vec::with_capacity(usize::from(count));
        for g in 0..count {
            let adv = u.glyphs.get(&g).map(|(a, _)| *a).unwrap_or(0);
            widths.push((f64::from(adv) * scale) as f32);
        }
        cid.widths().consecutive(0, widths);
        cid.finish();

        let face = &u.face;
        let bbox = face.global_bounding_box();
        let mut flags = FontFlags::SYMBOLIC;
        if u.file.serif {
            flags |= FontFlags::SERIF;
        }
        pdf.font_descriptor(desc_id)
            .name(Name(base.as_bytes()))
            .flags(flags)
            .bbox(Rect::new(
                (f64::from(bbox.x_min) * scale) as f32,
                (f64::from(bbox.y_min) * scale) as f32,
                (f64::from(bbox.x_max) * scale) as f32,
                (f64::from(bbox.y_max) * scale) as f32,
            ))
            .italic_angle(0.0)
            .ascent((f64::from(face.ascender()) * scale) as f32)
            .descent((f64::from(face.descender()) * scale) as f32)
            .cap_height(
                (f64::from(face.capital_height().unwrap_or(face.ascender())) * scale) as f32,
            )
            .stem_v(80.0)
            .font_file3_or_2(cff.is_some(), file_id);

        let (data, subtype): (&[u8], Option<&[u8]>) = match cff {
            Some(c) => (c, Some(b"CIDFontType0C")),
            None => (&subset, None),
        };
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
        let mut s = pdf.stream(file_id, &compressed);
        s.filter(Filter::FlateDecode);
        if let Some(st) = subtype {
            s.pair(Name(b"Subtype"), Name(st));
        }
        s.finish();

        let mut cmap = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (g, (_, c)) in &u.glyphs {
            if *g != 0 {
                cmap.pair(*g, *c);
            }
        }
        let cmap_data = cmap.finish();
        pdf.stream(cmap_id, cmap_data.as_slice());
    }

    let m = &doc.meta;
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&match &m.department {
        Some(d) => format!("{d}{}", m.title),
        None => m.title.clone(),
    }));
    if let Some(d) = &m.department {
        info.author(TextStr(d));
    }
    info.subject(TextStr(&format!(
        "{}（{} {}）",
        m.framework_name, m.framework_id, m.framework_version
    )));
    info.keywords(TextStr(&format!(
        "sha256:{}; framework:{}; version:{}; as_of:{}",
        m.checksum.as_deref().unwrap_or("未提供"),
        m.framework_id,
        m.framework_version,
        m.as_of.as_deref().unwrap_or("未提供")
    )));
    info.creator(TextStr(&m.generator));
    info.producer(TextStr(&m.generator));
    info.pair(
        Name(b"JixiaoChecksum"),
        TextStr(m.checksum.as_deref().unwrap_or("")),
    );
    info.pair(Name(b"JixiaoFramework"), TextStr(&m.framework_id));
    info.pair(
        Name(b"JixiaoFrameworkVersion"),
        TextStr(&m.framework_version),
    );
    info.pair(
        Name(b"JixiaoAsOf"),
        TextStr(m.as_of.as_deref().unwrap_or("")),
    );
    info.finish();
    Ok(pdf.finish())
}

trait FontFileRef {
    fn font_file3_or_2(&mut self, cff: bool, id: Ref) -> &mut Self;
}

impl FontFileRef for pdf_writer::writers::FontDescriptor<'_> {
    fn font_file3_or_2(&mut self, cff: bool, id: Ref) -> &mut Self {
        if cff {
            self.font_file3(id)
        } else {
            self.font_file2(id)
        }
    }
}
