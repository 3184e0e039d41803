//! Import: a workbook (xlsx, xls, ods) into a department-year, or every problem at once.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, XlsError, Xlsx, XlsxError};
use jixiao_model::number::fold_width;
use jixiao_model::{DepartmentYear, MoneyUnit};

use crate::schema::{model_path, sheets, Form, ReadRow, SheetDef, TCol, Table};
use crate::value::{excel_serial_to_date, float_text, parse_cell, Raw};
use crate::{col_name, CellDiagnostic, Locations, EXACT_SHEET};

/// Above this many non-empty cells in one sheet the workbook is refused (memory guard).
const MAX_CELLS: usize = 5_000_000;
/// Columns beyond this are ignored: no template sheet is that wide.
const MAX_COLS: u32 = 256;
/// How far down a sheet a header row is looked for.
const HEADER_SCAN: u32 = 40;

/// One sheet's cells, addressed from A1, merged areas filled down.
#[derive(Default)]
pub(crate) struct Grid {
    rows: Vec<Vec<Raw>>,
    cells: usize,
}

static EMPTY: Raw = Raw::Empty;

impl Grid {
    pub(crate) fn get(&self, r: u32, c: u32) -> &Raw {
        self.rows
            .get(r as usize)
            .and_then(|row| row.get(c as usize))
            .unwrap_or(&EMPTY)
    }
    fn set(&mut self, r: u32, c: u32, v: Raw) -> Result<(), String> {
        if c >= MAX_COLS || v == Raw::Empty {
            return Ok(());
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(format!(
                "工作表过大（超过 {MAX_CELLS} 个非空单元格），请只保留填报数据"
            ));
        }
        let (r, c) = (r as usize, c as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize(c + 1, Raw::Empty);
        }
        row[c] = v;
        Ok(())
    }
    pub(crate) fn height(&self) -> u32 {
        self.rows.len() as u32
    }
    /// Copy the value of each vertically merged area down its first column, so a project
    /// name or 一级指标 merged over several rows is seen on every row. Horizontally merged
    /// cells (titles, note rows) are left as they are.
    fn fill_merged(&mut self, merges: &[Dimensions]) -> Result<(), String> {
        for m in merges {
            let (r0, c0) = m.start;
            let (r1, _) = m.end;
            if r1 <= r0 || c0 >= MAX_COLS {
                continue;
            }
            let v = self.get(r0, c0).clone();
            if v == Raw::Empty {
                continue;
            }
            // A merged area cannot be larger than the sheet; cap for safety.
            let r1 = r1.min(r0 + 100_000);
            for r in r0 + 1..=r1 {
                if self.get(r, c0) == &Raw::Empty {
                    self.set(r, c0, v.clone())?;
                }
            }
        }
        Ok(())
    }
}

pub(crate) struct Book {
    pub sheets: Vec<(String, Grid)>,
}

fn raw_of_ref(v: DataRef<'_>, is_1904: bool) -> Raw {
    match v {
        DataRef::Int(i) => Raw::Number(i.to_string()),
        DataRef::Float(f) => Raw::Number(float_text(f)),
        DataRef::String(s) => Raw::Text(s),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Bool(b) => Raw::Bool(b),
        DataRef::DateTime(dt) => excel_serial_to_date(dt.as_f64(), is_1904)
            .map(Raw::Date)
            .unwrap_or_else(|| Raw::Number(float_text(dt.as_f64()))),
        DataRef::DateTimeIso(s) => Raw::Date(s.chars().take(10).collect()),
        DataRef::DurationIso(s) => Raw::Text(s),
        DataRef::Error(e) => Raw::Error(e.to_string()),
        DataRef::Empty => Raw::Empty,
    }
}

fn raw_of(v: &Data, is_1904: bool) -> Raw {
    match v {
        Data::Int(i) => Raw::Number(i.to_string()),
        Data::Float(f) => Raw::Number(float_text(*f)),
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) => excel_serial_to_date(dt.as_f64(), is_1904)
            .map(Raw::Date)
            .unwrap_or_else(|| Raw::Number(float_text(dt.as_f64()))),
        Data::DateTimeIso(s) => Raw::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
        Data::Empty => Raw::Empty,
    }
}

fn fatal(message: impl Into<String>, code: &'static str) -> Vec<CellDiagnostic> {
    vec![CellDiagnostic::workbook(code, message)]
}

const PASSWORD_MSG: &str = "工作簿设有打开密码（已加密），无法读取。请在 Excel 中打开后取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并另存，再导入";

fn corrupt(e: impl std::fmt::Display) -> Vec<CellDiagnostic> {
    fatal(
        format!("工作簿已损坏或格式不受支持，无法读取（{e}）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"),
        "corrupt",
    )
}

fn sheet_error(sheet: &str, e: impl std::fmt::Display) -> Vec<CellDiagnostic> {
    vec![CellDiagnostic::sheet(
        "corrupt",
        sheet,
        format!("工作表无法读取（{e}）"),
    )]
}

/// Open the bytes as a workbook of whatever kind they are.
pub(crate) fn open(bytes: &[u8]) -> Result<Book, Vec<CellDiagnostic>> {
    if bytes.is_empty() {
        return Err(fatal("文件为空（0 字节），不是 Excel 工作簿", "not-excel"));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if is_zip {
        let is_ods = bytes.len() > 80
            && bytes[30..80.min(bytes.len())]
                .windows(8)
                .any(|w| w == b"mimetype")
            && bytes
                .windows(39)
                .take(200)
                .any(|w| w == b"application/vnd.oasis.opendocument.spre");
        if is_ods {
            return open_ods(bytes);
        }
        return open_xlsx(bytes);
    }
    if is_cfb {
        if !cfb_sizes_fit(bytes) || !xls_dimensions_fit(bytes) {
            return Err(fatal(
                "旧版 .xls（OLE 复合文档）已损坏：其内部目录声明的数据长度超过文件本身。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入",
                "corrupt",
            ));
        }
        // An encrypted .xlsx is an OLE container holding an EncryptedPackage stream.
        match Xlsx::new(Cursor::new(bytes)) {
            Err(XlsxError::Password) => return Err(fatal(PASSWORD_MSG, "password")),
            Ok(_) => return open_xlsx(bytes),
            Err(_) => {}
        }
        return open_xls(bytes);
    }
    Err(fatal(
        "不是 Excel 工作簿：文件内容既不是 .xlsx（ZIP）也不是 .xls（OLE 复合文档）。如果是 CSV 或其他格式，请先在 Excel 中另存为 .xlsx",
        "not-excel",
    ))
}

/// Does every stream an OLE compound file's directory declares fit in the file? The
/// reading library follows a stream's declared length through its sector chain, so a
/// corrupted length (with a chain that loops) makes it reserve memory without bound; no
/// stream of a real file is longer than the file itself.
///
/// Directory entries are 128-byte records inside the file's sectors; every 128-byte-aligned
/// block after the header that has an entry's shape (an even name length of at most 64
/// bytes ending in a NUL, object type storage/stream/root, colour red/black) is checked.
fn cfb_sizes_fit(bytes: &[u8]) -> bool {
    if bytes.len() < 512 {
        return true; // too short: the library reports it
    }
    let version4 = u16::from_le_bytes([bytes[30], bytes[31]]) == 12;
    let file_len = bytes.len() as u64;
    bytes[512..].chunks_exact(128).all(|e| {
        let name_len = usize::from(u16::from_le_bytes([e[64], e[65]]));
        let entry_like = (2..=64).contains(&name_len)
            && name_len % 2 == 0
            && e[name_len - 2] == 0
            && e[name_len - 1] == 0
            && matches!(e[66], 1 | 2 | 5)
            && e[67] <= 1;
        if !entry_like {
            return true;
        }
        let low = u64::from(u32::from_le_bytes([e[120], e[121], e[122], e[123]]));
        let size = if version4 {
            low | u64::from(u32::from_le_bytes([e[124], e[125], e[126], e[127]])) << 32
        } else {
            low // version 3 files leave the high half undefined
        };
        size <= file_len
    })
}

/// Do the sheets' DIMENSIONS records (BIFF8: type 0x0200, 14 bytes) declare a range a BIFF8
/// sheet can have (at most 65,536 rows × 256 columns, and not far more cells than the file
/// could hold)? The reading library reserves memory for the declared range at once.
fn xls_dimensions_fit(bytes: &[u8]) -> bool {
    let cap = (bytes.len() as u64 * 8).max(1_000_000);
    bytes.windows(4 + 14).all(|w| {
        if w[..4] != [0x00, 0x02, 0x0E, 0x00] {
            return true;
        }
        let u32_at = |i: usize| u64::from(u32::from_le_bytes([w[i], w[i + 1], w[i + 2], w[i + 3]]));
        let u16_at = |i: usize| u64::from(u16::from_le_bytes([w[i], w[i + 1]]));
        let (rf, rl, cf, cl) = (u32_at(4), u32_at(8), u16_at(12), u16_at(14));
        // a first row after the last wraps round in the library's arithmetic (the same for
        // columns; a first column beyond 0xFF it reads as 0)
        let cf = if cf > 0xFF { 0 } else { cf };
        if rf > rl || cf > cl {
            return false;
        }
        let (rows, cols) = (rl - rf + 1, cl - cf + 1);
        rows <= 65_537 && cols <= 257 && rows * cols <= cap
    })
}

fn open_xlsx(bytes: &[u8]) -> Result<Book, Vec<CellDiagnostic>> {
    let mut wb: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsxError::Password) => return Err(fatal(PASSWORD_MSG, "password")),
        Err(e) => return Err(corrupt(e)),
    };
    let is_1904 = wb.has_1904_epoch();
    let names = wb.sheet_names();
    let mut book = Book { sheets: Vec::new() };
    for name in names {
        let mut grid = Grid::default();
        {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| sheet_error(&name, e))?;
            loop {
                match reader.next_cell() {
                    Ok(Some(cell)) => {
                        let (r, c) = cell.get_position();
                        let raw = raw_of_ref(cell.get_value().clone(), is_1904);
                        grid.set(r, c, raw)
                            .map_err(|m| vec![CellDiagnostic::sheet("too-large", &name, m)])?;
                    }
                    Ok(None) => break,
                    Err(e) => return Err(sheet_error(&name, e)),
                }
            }
        }
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        grid.fill_merged(&merges)
            .map_err(|m| vec![CellDiagnostic::sheet("too-large", &name, m)])?;
        book.sheets.push((name, grid));
    }
    Ok(book)
}

fn grid_from_range(
    range: &calamine::Range<Data>,
    is_1904: bool,
    name: &str,
) -> Result<Grid, Vec<CellDiagnostic>> {
    let mut grid = Grid::default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        grid.set(r0 + r as u32, c0 + c as u32, raw_of(v, is_1904))
            .map_err(|m| vec![CellDiagnostic::sheet("too-large", name, m)])?;
    }
    Ok(grid)
}

fn open_xls(bytes: &[u8]) -> Result<Book, Vec<CellDiagnostic>> {
    let mut wb: Xls<_> = match Xls::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsError::Password) => return Err(fatal(PASSWORD_MSG, "password")),
        Err(e) => return Err(corrupt(e)),
    };
    let is_1904 = wb.has_1904_epoch();
    let mut book = Book { sheets: Vec::new() };
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| sheet_error(&name, e))?;
        let mut grid = grid_from_range(&range, is_1904, &name)?;
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        grid.fill_merged(&merges)
            .map_err(|m| vec![CellDiagnostic::sheet("too-large", &name, m)])?;
        book.sheets.push((name, grid));
    }
    Ok(book)
}

fn open_ods(bytes: &[u8]) -> Result<Book, Vec<CellDiagnostic>> {
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut book = Book { sheets: Vec::new() };
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| sheet_error(&name, e))?;
        let grid = grid_from_range(&range, false, &name)?;
        book.sheets.push((name, grid));
    }
    Ok(book)
}

// ---------------------------------------------------------------------------------------
// Matching labels and headers

/// Fold full-width forms, drop spaces and required-markers, and split off a trailing unit
/// in brackets: "全年预算数（A）（万元）*" → ("全年预算数(A)", Some("万元")).
pub(crate) fn norm(text: &str) -> (String, Option<String>) {
    let mut s: String = text
        .chars()
        .map(|c| match fold_width(c) {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '＊' => '*',
            c => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let mut unit = None;
    if s.ends_with(')') {
        if let Some(open) = s.rfind('(') {
            let inner = &s[open + 1..s.len() - 1];
            let inner = inner.trim_start_matches("单位:");
            if matches!(
                inner,
                "万元" | "元" | "亿元" | "%" | "人" | "个" | "件" | "项" | "台" | "年"
            ) {
                unit = Some(inner.to_string());
                s.truncate(open);
            }
        }
    }
    (s, unit)
}

fn key(text: &str) -> String {
    norm(text).0
}

fn money_unit(unit: Option<&str>) -> Option<MoneyUnit> {
    match unit? {
        "元" => Some(MoneyUnit::Yuan),
        "万元" => Some(MoneyUnit::WanYuan),
        "亿元" => Some(MoneyUnit::YiYuan),
        _ => None,
    }
}

fn is_calc(text: &str) -> bool {
    text.contains("自动计算")
}

fn label_at(grid: &Grid, r: u32, c: u32) -> Option<String> {
    grid.get(r, c).label().filter(|t| !t.trim().is_empty())
}

fn cell_ref(r: u32, c: u32) -> String {
    format!("{}{}", col_name(c.min(u16::MAX as u32) as u16), r + 1)
}

/// Rows that are notes or totals, not records.
fn is_note_or_total(text: &str) -> bool {
    let k = key(text);
    matches!(k.as_str(), "合计" | "总计" | "小计")
        || ["注:", "说明:", "备注:", "填表说明", "注1", "注2"]
            .iter()
            .any(|p| k.starts_with(p))
}

// ---------------------------------------------------------------------------------------
// Reading a sheet

pub(crate) struct SheetCtx<'a> {
    sheet: &'a str,
    diags: &'a mut Vec<CellDiagnostic>,
    locs: &'a mut Locations,
}

impl SheetCtx<'_> {
    fn locate(&mut self, path: String, cell: String) {
        self.locs.insert(path, self.sheet, cell);
    }
    fn cell(&mut self, r: u32, c: u32, code: &'static str, message: String) {
        self.diags
            .push(CellDiagnostic::cell(code, self.sheet, r, c, message));
    }
    fn sheet(&mut self, code: &'static str, message: String) {
        self.diags
            .push(CellDiagnostic::sheet(code, self.sheet, message));
    }
}

/// Read the form block; returns the row after its header (where a table may start looking).
fn read_form(
    grid: &Grid,
    form: &Form,
    stop_at: impl Fn(u32) -> bool,
    d: &mut DepartmentYear,
    cx: &mut SheetCtx<'_>,
) -> u32 {
    let wanted: Vec<String> = form.columns.iter().map(|c| key(c)).collect();
    // Header row: the first row naming any value column.
    let mut header = None;
    for r in 0..grid.height().min(HEADER_SCAN) {
        let row_keys: Vec<(u32, String, Option<String>)> = (0..MAX_COLS)
            .filter_map(|c| {
                label_at(grid, r, c).map(|t| {
                    let (k, u) = norm(&t);
                    (c, k, u)
                })
            })
            .collect();
        if row_keys.iter().any(|(_, k, _)| wanted.contains(k)) {
            header = Some((r, row_keys));
            break;
        }
    }
    let Some((hr, row_keys)) = header else {
        cx.sheet(
            "no-header",
            format!(
                "找不到表头行（应有「{}」列）；请勿删除或改动表头",
                form.columns.join("」「")
            ),
        );
        return 0;
    };
    let find = |k: &str| row_keys.iter().find(|(_, rk, _)| rk == k);
    let label_col = find(&key(form.corner)).map(|x| x.0).unwrap_or(0);
    let unit_col = find("单位").map(|x| x.0);
    let mut value_cols = Vec::new();
    for (i, w) in wanted.iter().enumerate() {
        match find(w) {
            Some((c, _, u)) => value_cols.push(Some((*c, money_unit(u.as_deref())))),
            None => {
                cx.sheet(
                    "missing-column",
                    format!("缺少「{}」列（表头在第 {} 行）", form.columns[i], hr + 1),
                );
                value_cols.push(None);
            }
        }
    }
    let mut seen: HashMap<usize, u32> = HashMap::new();
    let mut r = hr + 1;
    while r < grid.height() && !stop_at(r) {
        let label = label_at(grid, r, label_col);
        let values: Vec<Option<(u32, &Raw, Option<MoneyUnit>)>> = value_cols
            .iter()
            .map(|vc| vc.map(|(c, u)| (c, grid.get(r, c), u)))
            .collect();
        let any_value = values.iter().flatten().any(|(_, v, _)| !v.is_blank());
        let Some(label) = label else {
            if any_value {
                cx.cell(
                    r,
                    label_col,
                    "no-label",
                    "这一行填了数据，但没有项目名称".into(),
                );
            }
            r += 1;
            continue;
        };
        if is_calc(&label) {
            r += 1;
            continue;
        }
        let k = key(&label);
        let Some(idx) = form.rows.iter().position(|fr| key(fr.label) == k) else {
            if any_value {
                cx.cell(
                    r,
                    label_col,
                    "unknown-row",
                    format!("无法识别的项目「{}」：请使用模板中的项目名称", label.trim()),
                );
            }
            r += 1;
            continue;
        };
        if let Some(first) = seen.insert(idx, r) {
            cx.cell(
                r,
                label_col,
                "duplicate-row",
                format!("项目「{}」重复（第 {} 行已有）", label.trim(), first + 1),
            );
            r += 1;
            continue;
        }
        let fr = &form.rows[idx];
        let row_unit = unit_col
            .and_then(|c| label_at(grid, r, c))
            .and_then(|t| money_unit(Some(key(&t).as_str())));
        for (i, v) in values.iter().enumerate() {
            let Some((c, raw, col_unit)) = v else {
                continue;
            };
            match fr.cells.iter().find(|(ci, _)| *ci == i) {
                Some((_, s)) => {
                    // A unit written into the header (「年初预算（元）」) is a deliberate
                    // change by the user and wins over the template's 单位 column.
                    let unit = col_unit.or(row_unit).unwrap_or(MoneyUnit::WanYuan);
                    match parse_cell(raw, s.kind, unit) {
                        Ok(cv) => {
                            if cv.is_some() {
                                cx.locate(model_path(s.path), cell_ref(r, *c));
                            }
                            (s.set)(d, cv)
                        }
                        Err(m) => cx.cell(r, *c, "bad-value", m),
                    }
                }
                None if !raw.is_blank() => cx.cell(
                    r,
                    *c,
                    "not-applicable",
                    format!(
                        "「{}」在「{}」栏不适用，应留空，实际为「{}」",
                        fr.label,
                        form.columns[i],
                        raw.shown()
                    ),
                ),
                None => {}
            }
        }
        r += 1;
    }
    hr + 1
}

/// Reading of a list table (implemented for every `Table<R>`).
pub(crate) trait TableReader {
    /// Find the header rows (first, last) at or after `from`.
    fn find_header(&self, grid: &Grid, from: u32) -> Option<(u32, u32)>;
    fn read(&self, grid: &Grid, from: u32, d: &mut DepartmentYear, cx: &mut SheetCtx<'_>);
    fn required(&self) -> Vec<&'static str>;
}

impl<R> Table<R> {
    fn is_header_row(&self, grid: &Grid, r: u32) -> bool {
        let keys: Vec<String> = (0..MAX_COLS)
            .filter_map(|c| label_at(grid, r, c).map(|t| key(&t)))
            .collect();
        let known = self
            .columns
            .iter()
            .filter(|c| keys.contains(&key(c.header())))
            .count();
        // At least two known headers, so a title that repeats a header is not taken for it.
        known >= self.columns.len().min(2)
            && self.columns.iter().all(|c| match c {
                TCol::Input(col) if col.required => keys.contains(&key(col.header)),
                _ => true,
            })
    }
}

impl<R> TableReader for Table<R> {
    fn required(&self) -> Vec<&'static str> {
        self.columns
            .iter()
            .filter_map(|c| match c {
                TCol::Input(col) if col.required => Some(col.header),
                _ => None,
            })
            .collect()
    }

    fn find_header(&self, grid: &Grid, from: u32) -> Option<(u32, u32)> {
        let end = grid.height().min(from + HEADER_SCAN);
        let first = (from..end).find(|&r| self.is_header_row(grid, r))?;
        // A header merged over two rows is filled down: take the last of the run.
        let mut last = first;
        while last + 1 < grid.height() && self.is_header_row(grid, last + 1) {
            last += 1;
        }
        Some((first, last))
    }

    fn read(&self, grid: &Grid, from: u32, d: &mut DepartmentYear, cx: &mut SheetCtx<'_>) {
        let Some((_, hr)) = self.find_header(grid, from) else {
            cx.sheet(
                "no-header",
                format!(
                    "找不到明细表的表头行（应包含「{}」）；请勿删除或改动表头",
                    self.required().join("」「")
                ),
            );
            return;
        };
        // Map columns by header, looking at the header row and the one above it (two-level
        // headers such as 预算（万元） over 年初预算数 | 全年预算数).
        let mut map: Vec<Option<(u32, Option<MoneyUnit>)>> = Vec::new();
        for c in &self.columns {
            let want = key(c.header());
            let mut found = None;
            for r in [hr, hr.saturating_sub(1)] {
                if let Some(col) = (0..MAX_COLS)
                    .find(|&col| label_at(grid, r, col).is_some_and(|t| key(&t) == want))
                {
                    let unit = label_at(grid, r, col).and_then(|t| norm(&t).1);
                    found = Some((col, money_unit(unit.as_deref())));
                    break;
                }
            }
            map.push(found);
        }
        let first_col = map.iter().flatten().map(|(c, _)| *c).min().unwrap_or(0);
        let mut rows = Vec::new();
        for r in hr + 1..grid.height() {
            let cells: Vec<Option<&Raw>> = map
                .iter()
                .zip(&self.columns)
                .map(|(m, c)| match (m, c) {
                    (Some((col, _)), TCol::Input(_)) => Some(grid.get(r, *col)),
                    _ => None,
                })
                .collect();
            let filled: Vec<&Raw> = cells
                .iter()
                .flatten()
                .filter(|v| !v.is_blank())
                .copied()
                .collect();
            if filled.is_empty() {
                continue;
            }
            if let Some(t) = grid.get(r, first_col).label() {
                if is_note_or_total(&t) && (filled.len() == 1 || key(&t).len() <= 6) {
                    continue;
                }
            }
            let mut rec = (self.new_row)();
            let mut fields = Vec::new();
            let mut ok = true;
            for ((m, c), raw) in map.iter().zip(&self.columns).zip(&cells) {
                let (TCol::Input(col), Some((ci, unit)), Some(raw)) = (c, m, raw) else {
                    if let (TCol::Input(col), None) = (c, m) {
                        if col.required {
                            ok = false;
                        }
                    }
                    continue;
                };
                match parse_cell(raw, col.slot.kind, unit.unwrap_or(MoneyUnit::WanYuan)) {
                    Ok(None) if col.required => {
                        ok = false;
                        cx.cell(
                            r,
                            *ci,
                            "required",
                            format!("「{}」为必填项，不能为空", col.header),
                        );
                    }
                    Ok(cv) => {
                        if cv.is_some() {
                            fields.push((col.slot.path, cell_ref(r, *ci)));
                        }
                        (col.slot.set)(&mut rec, cv)
                    }
                    Err(m) => {
                        ok = false;
                        cx.cell(r, *ci, "bad-value", m);
                    }
                }
            }
            if ok {
                rows.push(ReadRow {
                    cell: cell_ref(r, first_col),
                    fields,
                    value: rec,
                });
            }
        }
        let (errors, located) = (self.store)(d, rows);
        // Model paths of the columns, computed once.
        let mut paths: HashMap<&'static str, String> = HashMap::new();
        for c in &self.columns {
            if let TCol::Input(col) = c {
                paths.insert(col.slot.path, model_path(col.slot.path));
            }
        }
        for (prefix, fields) in located {
            if let Some(first) = fields.first() {
                cx.locate(prefix.clone(), first.1.clone());
            }
            for (path, cell) in fields {
                let field = paths.get(path).map(String::as_str).unwrap_or(path);
                cx.locate(format!("{prefix}.{field}"), cell);
            }
        }
        for (cell, message) in errors {
            cx.diags.push(CellDiagnostic {
                code: "link",
                sheet: Some(cx.sheet.to_string()),
                cell: Some(cell),
                message,
            });
        }
    }
}

fn read_sheet(def: &SheetDef, grid: &Grid, d: &mut DepartmentYear, cx: &mut SheetCtx<'_>) {
    let table_header = def
        .table
        .as_ref()
        .and_then(|t| t.as_reader().find_header(grid, 0))
        .map(|(first, _)| first);
    let mut from = 0;
    if let Some(form) = &def.form {
        from = read_form(grid, form, |r| Some(r) == table_header, d, cx);
    }
    if let Some(t) = &def.table {
        t.as_reader().read(grid, from, d, cx);
    }
}

/// Replace numbers by the exact text recorded in the hidden sheet, where the cell still
/// holds that number.
fn apply_exact(book: &mut Book) {
    let Some(i) = book.sheets.iter().position(|(n, _)| n == EXACT_SHEET) else {
        return;
    };
    let (_, exact) = book.sheets.remove(i);
    let mut by_sheet: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for r in 1..exact.height() {
        if let (Some(s), Some(c), Some(t)) = (
            exact.get(r, 0).label(),
            exact.get(r, 1).label(),
            exact.get(r, 2).label(),
        ) {
            by_sheet.entry(s).or_default().push((c, t));
        }
    }
    for (name, grid) in &mut book.sheets {
        let Some(list) = by_sheet.get(name.as_str()) else {
            continue;
        };
        for (cell, text) in list {
            let Some((r, c)) = parse_a1(cell) else {
                continue;
            };
            let Ok(f) = text.parse::<f64>() else { continue };
            if let Raw::Number(shown) = grid.get(r, c) {
                if *shown == float_text(f) {
                    let _ = grid.set(r, c, Raw::Number(text.clone()));
                }
            }
        }
    }
}

fn parse_a1(cell: &str) -> Option<(u32, u32)> {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut c: u32 = 0;
    for ch in letters.chars() {
        c = c * 26 + (ch as u32 - 'A' as u32 + 1);
    }
    let r: u32 = digits.parse().ok()?;
    Some((r.checked_sub(1)?, c - 1))
}

fn sheet_key(name: &str) -> String {
    key(name)
}

/// Read a whole workbook. Every problem is reported; any problem rejects the whole input.
pub(crate) fn read_book(
    mut book: Book,
) -> Result<(DepartmentYear, Locations), Vec<CellDiagnostic>> {
    apply_exact(&mut book);
    let defs = sheets();
    let names: Vec<String> = book.sheets.iter().map(|(n, _)| n.clone()).collect();
    let keys: Vec<String> = names.iter().map(|n| sheet_key(n)).collect();
    // Exact name, else the one sheet whose name contains it ("三公经费（2024）").
    let locate = |want: &str| -> Option<usize> {
        let k = sheet_key(want);
        keys.iter().position(|x| *x == k).or_else(|| {
            let hits: Vec<usize> = keys
                .iter()
                .enumerate()
                .filter(|(_, x)| x.contains(&k))
                .map(|(i, _)| i)
                .collect();
            (hits.len() == 1).then(|| hits[0])
        })
    };
    let found: Vec<Option<usize>> = defs.iter().map(|d| locate(d.name)).collect();
    if found.iter().all(Option::is_none) {
        return Err(fatal(
            format!(
                "这不是 jixiao 填报工作簿：找不到任何约定的工作表（如「基本信息」「预算与决算」）。工作簿中的工作表：{}。可用 `jixiao template` 生成模板",
                names.join("、")
            ),
            "not-template",
        ));
    }
    let mut d = DepartmentYear::default();
    let mut diags = Vec::new();
    let mut locs = Locations::default();
    for (def, idx) in defs.iter().zip(&found) {
        let Some(idx) = idx else {
            if crate::schema::OPTIONAL_SHEETS.contains(&def.name) {
                continue;
            }
            diags.push(CellDiagnostic::sheet(
                "missing-sheet",
                def.name,
                format!(
                    "缺少此工作表（可能被改名或删除）。工作簿中的工作表：{}",
                    names.join("、")
                ),
            ));
            continue;
        };
        let (name, grid) = &book.sheets[*idx];
        let mut cx = SheetCtx {
            sheet: name,
            diags: &mut diags,
            locs: &mut locs,
        };
        read_sheet(def, grid, &mut d, &mut cx);
    }
    if diags.is_empty() {
        Ok((d, locs))
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(
            norm("全年预算数（A）（万元）*"),
            ("全年预算数(A)".into(), Some("万元".into()))
        );
        assert_eq!(norm(" 其中：人员经费 "), ("其中:人员经费".into(), None));
        assert_eq!(norm("金额（单位：元）"), ("金额".into(), Some("元".into())));
        assert_eq!(parse_a1("C5"), Some((4, 2)));
        assert_eq!(parse_a1("AA10"), Some((9, 26)));
        assert_eq!(parse_a1("5"), None);
    }
}
