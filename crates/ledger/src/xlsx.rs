//! `.xlsx` vouchers, read cell by cell from the first worksheet (calamine's streaming cell
//! reader: the sheet is never held as a whole). A number cell becomes text through the
//! project's one float → decimal step (`jixiao_xlsx::number_cell_text`, the shortest text
//! that round-trips), and that text is parsed exactly like a CSV field; a date cell becomes
//! YYYY-MM-DD.

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::header::{Column, HeaderMap, COLUMNS};
use crate::parse::{Encoding, Slots};
use crate::sum::{Batch, Keyer, Summer};
use crate::{BadRow, HeaderInfo, Ledger, LedgerError, Options};

fn cell_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => jixiao_xlsx::number_cell_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                jixiao_xlsx::number_cell_text(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// Process one row (cells as text).
struct Rows<'a> {
    header: Option<(u64, HeaderMap, Vec<String>)>,
    keyer: Option<Keyer>,
    batch: Batch,
    summer: Option<Summer>,
    opts: &'a Options,
    seen_rows: u64,
}

impl Rows<'_> {
    fn row(&mut self, line: u64, cells: &[String], bad: &mut dyn FnMut(BadRow)) {
        self.seen_rows += 1;
        let Some((_, map, _)) = &self.header else {
            let map = HeaderMap::new(cells);
            if map.known() >= 3 {
                if map.missing_required().is_empty() {
                    let mut has = [false; COLUMNS];
                    for c in map.by_position.iter().flatten() {
                        has[c.index()] = true;
                    }
                    self.keyer = Some(Keyer::new(
                        Encoding::Utf8,
                        self.opts,
                        has,
                        map.amount_in_wan,
                    ));
                    self.summer = Some(Summer::new(Encoding::Utf8, self.opts.dims, 1, 1 << 12));
                }
                self.header = Some((line, map, cells.to_vec()));
            }
            return;
        };
        let mut slots: Slots<'_> = [&[]; COLUMNS];
        let mut any = false;
        for (i, text) in cells.iter().enumerate() {
            if !text.trim().is_empty() {
                any = true;
            }
            if let Some(Some(c)) = map.by_position.get(i) {
                slots[c.index()] = text.as_bytes();
            }
        }
        let raw = cells.join(",");
        if let Some(k) = self.keyer.as_mut() {
            k.row(&slots, any, line, raw.as_bytes(), &mut self.batch);
        }
        if self.batch.records.len() >= 1 << 16 || !self.batch.bad.is_empty() {
            self.flush(bad);
        }
    }

    fn flush(&mut self, bad: &mut dyn FnMut(BadRow)) {
        if let Some(s) = self.summer.as_mut() {
            let b = std::mem::take(&mut self.batch);
            s.take(b, bad);
        }
    }
}

pub(crate) fn read(
    bytes: &[u8],
    origin: &str,
    opts: &Options,
    bad: &mut dyn FnMut(BadRow),
) -> Result<Ledger, LedgerError> {
    let format = |message: String| LedgerError::Format {
        origin: origin.to_string(),
        message,
    };
    let open = std::panic::catch_unwind(|| Xlsx::new(Cursor::new(bytes)));
    let mut book = match open {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return Err(format(format!("不是有效的 .xlsx 文件（{e}）"))),
        Err(_) => return Err(format("工作簿已损坏，无法解析".into())),
    };
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(format("工作簿中没有工作表".into()));
    };
    let mut rows = Rows {
        header: None,
        keyer: None,
        batch: Batch::default(),
        summer: None,
        opts,
        seen_rows: 0,
    };
    {
        let mut reader = book
            .worksheet_cells_reader(&sheet)
            .map_err(|e| format(format!("无法读取工作表「{sheet}」：{e}")))?;
        let mut current: Option<u32> = None;
        let mut cells: Vec<String> = Vec::new();
        loop {
            let next =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.next_cell()));
            let cell = match next {
                Ok(Ok(c)) => c,
                Ok(Err(e)) => return Err(format(format!("工作表「{sheet}」读取失败：{e}"))),
                Err(_) => return Err(format(format!("工作表「{sheet}」已损坏"))),
            };
            let Some(cell) = cell else { break };
            let (r, c) = cell.get_position();
            if current != Some(r) {
                if let Some(prev) = current {
                    rows.row(u64::from(prev) + 1, &cells, bad);
                    // rows with no cells at all between prev and r are blank rows
                }
                cells.clear();
                current = Some(r);
            }
            let c = c as usize;
            if c > 4096 {
                continue;
            }
            if cells.len() <= c {
                cells.resize(c + 1, String::new());
            }
            cells[c] = cell_text(cell.get_value());
        }
        if let Some(prev) = current {
            rows.row(u64::from(prev) + 1, &cells, bad);
        }
    }
    rows.flush(bad);
    let Some((line, map, header_cells)) = rows.header else {
        return Err(LedgerError::MissingColumns {
            origin: origin.to_string(),
            missing: vec!["凭证号", "支付日期", "单位编码（或单位名称）", "金额"],
            found: Vec::new(),
        });
    };
    let Some(summer) = rows.summer else {
        return Err(LedgerError::MissingColumns {
            origin: origin.to_string(),
            missing: map.missing_required(),
            found: header_cells,
        });
    };
    let header = HeaderInfo {
        line,
        columns: map
            .by_position
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.map(|c: Column| (c, i + 1, header_cells.get(i).cloned().unwrap_or_default()))
            })
            .collect(),
        unmatched: map.unmatched.clone(),
        amount_unit: if map.amount_in_wan { "万元" } else { "元" },
    };
    let (groups, cells, stats) = summer.finish();
    if stats.rejected > 0 && !opts.skip_bad_rows {
        return Err(LedgerError::BadRows {
            origin: origin.to_string(),
            count: stats.rejected,
            stats: Box::new(stats),
        });
    }
    Ok(Ledger {
        origin: origin.to_string(),
        format: "xlsx",
        encoding: None,
        delimiter: None,
        header,
        stats,
        dims: opts.dims,
        groups,
        cells,
    })
}
