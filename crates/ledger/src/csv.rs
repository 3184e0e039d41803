//! CSV vouchers, streamed: a reader thread cuts the file into 8 MiB blocks at a line end
//! outside quotes, worker threads parse blocks into records, and the calling thread sums
//! them in file order (so the first of two duplicates is the one kept, and line numbers are
//! exact). Memory: a few blocks in flight, the groups, and the fingerprint set.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use memchr::{memchr, memchr2_iter, memrchr};

use crate::header::{Column, HeaderMap, COLUMNS};
use crate::parse::{trim, Encoding, Slots};
use crate::sum::{Batch, Keyer, Summer};
use crate::{BadRow, HeaderInfo, Ledger, LedgerError, Options};

const BLOCK: usize = 8 << 20;
/// A block that grows past this without a line end outside quotes has an unbalanced quote:
/// it is cut at its last line end anyway (the worker reports the broken row).
const MAX_BLOCK: usize = 64 << 20;
const EMPTY: &[u8] = &[];

/// Transcodes UTF-16 input to UTF-8 as it is read.
struct Utf16<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.eof {
                return Ok(0);
            }
            self.raw.resize(1 << 16, 0);
            let n = self.inner.read(&mut self.raw)?;
            self.eof = n == 0;
            self.out.clear();
            self.out.resize(n * 3 / 2 + 16, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.out, self.eof);
            self.out.truncate(written);
            self.pos = 0;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Fill `buf` up to `target` bytes; returns whether the input ended.
fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, target: usize) -> std::io::Result<bool> {
    while buf.len() < target {
        let start = buf.len();
        buf.resize(target, 0);
        match input.read(&mut buf[start..]) {
            Ok(0) => {
                buf.truncate(start);
                return Ok(true);
            }
            Ok(n) => buf.truncate(start + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(start),
            Err(e) => {
                buf.truncate(start);
                return Err(e);
            }
        }
    }
    Ok(false)
}

/// The position just after the last line end outside quotes (0 if none).
fn cut_point(buf: &[u8], has_quotes: bool) -> usize {
    if !has_quotes {
        return memrchr(b'\n', buf).map_or(0, |i| i + 1);
    }
    let mut in_quote = false;
    let mut cut = 0;
    for i in memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            in_quote = !in_quote;
        } else if !in_quote {
            cut = i + 1;
        }
    }
    cut
}

/// Split one record starting at `start` of `data` into field ranges, honouring quotes.
/// Returns (end of record — the index of its '\n' or `data.len()`, physical lines spanned,
/// whether a quote was left open). Quoted fields with doubled quotes are unescaped into
/// `scratch`; `fields` gets (in_scratch, start, end).
fn split_quoted(
    data: &[u8],
    start: usize,
    delim: u8,
    fields: &mut Vec<(bool, usize, usize)>,
    scratch: &mut Vec<u8>,
) -> (usize, u64, bool) {
    fields.clear();
    scratch.clear();
    let mut i = start;
    let mut lines = 1;
    loop {
        if data.get(i) == Some(&b'"') {
            // quoted field
            i += 1;
            let field_start = i;
            let mut escaped = false;
            let mut closed = false;
            while i < data.len() {
                match data[i] {
                    b'"' if data.get(i + 1) == Some(&b'"') => {
                        escaped = true;
                        i += 2;
                    }
                    b'"' => {
                        closed = true;
                        break;
                    }
                    b'\n' => {
                        lines += 1;
                        i += 1;
                    }
                    _ => i += 1,
                }
            }
            let field_end = i;
            if !closed {
                fields.push((false, field_start, field_end));
                return (data.len(), lines, true);
            }
            if escaped {
                let s = scratch.len();
                let mut j = field_start;
                while j < field_end {
                    scratch.push(data[j]);
                    j += if data[j] == b'"' { 2 } else { 1 };
                }
                fields.push((true, s, scratch.len()));
            } else {
                fields.push((false, field_start, field_end));
            }
            i += 1; // closing quote
                    // anything up to the delimiter after a closing quote is kept as part of the field
            let tail = i;
            while i < data.len() && data[i] != delim && data[i] != b'\n' {
                i += 1;
            }
            if i > tail && !trim(&data[tail..i]).is_empty() {
                if let Some(last) = fields.last_mut() {
                    if !last.0 {
                        last.2 = i;
                    }
                }
            }
        } else {
            let field_start = i;
            while i < data.len() && data[i] != delim && data[i] != b'\n' {
                i += 1;
            }
            fields.push((false, field_start, i));
        }
        match data.get(i) {
            Some(&b) if b == delim => i += 1,
            _ => return (i, lines, false),
        }
    }
}

/// Column positions → known columns.
struct Layout {
    positions: Vec<Option<Column>>,
    delim: u8,
}

/// Put field `fi` into its slot (a trailing CR dropped).
#[inline]
fn set_field<'a>(
    positions: &[Option<Column>],
    fi: usize,
    mut f: &'a [u8],
    slots: &mut Slots<'a>,
    any: &mut bool,
) {
    if let [rest @ .., b'\r'] = f {
        f = rest;
    }
    if !f.is_empty() {
        *any = true;
    }
    if let Some(Some(c)) = positions.get(fi) {
        slots[c.index()] = f;
    }
}

fn parse_block(data: &[u8], has_quotes: bool, layout: &Layout, keyer: &mut Keyer, out: &mut Batch) {
    let mut slots: Slots<'_> = [EMPTY; COLUMNS];
    let positions = &layout.positions;
    let delim = layout.delim;
    if !has_quotes {
        let mut line = 0u64;
        let mut line_start = 0usize;
        let mut field_start = 0usize;
        let mut fi = 0usize;
        let mut any = false;
        for pos in memchr2_iter(delim, b'\n', data) {
            set_field(positions, fi, &data[field_start..pos], &mut slots, &mut any);
            field_start = pos + 1;
            if data[pos] == delim {
                fi += 1;
                continue;
            }
            line += 1;
            keyer.row(&slots, any, line, &data[line_start..pos], out);
            slots = [EMPTY; COLUMNS];
            any = false;
            fi = 0;
            line_start = pos + 1;
        }
        if line_start < data.len() {
            set_field(positions, fi, &data[field_start..], &mut slots, &mut any);
            line += 1;
            keyer.row(&slots, any, line, &data[line_start..], out);
        }
        out.lines = line;
        return;
    }
    let mut fields = Vec::with_capacity(32);
    let mut scratch = Vec::with_capacity(256);
    let mut i = 0;
    let mut line = 0u64;
    while i < data.len() {
        let (end, spanned, open) = split_quoted(data, i, delim, &mut fields, &mut scratch);
        let first_line = line + 1;
        line += spanned;
        let mut slots: Slots<'_> = [EMPTY; COLUMNS];
        let mut any = false;
        for (fi, &(in_scratch, s, e)) in fields.iter().enumerate() {
            let mut f = if in_scratch {
                &scratch[s..e]
            } else {
                &data[s..e]
            };
            if let [rest @ .., b'\r'] = f {
                f = rest;
            }
            if !f.is_empty() {
                any = true;
            }
            if let Some(Some(c)) = positions.get(fi) {
                slots[c.index()] = f;
            }
        }
        let raw = &data[i..end.min(data.len())];
        if open {
            out.rows += 1;
            out.bad.push((
                first_line,
                raw[..raw.len().min(1200)].to_vec(),
                "引号未闭合".into(),
            ));
        } else {
            keyer.row(&slots, any, first_line, raw, out);
        }
        i = end + 1;
    }
    // a final line end inside the block was counted by the record that ends there
    out.lines = line;
}

/// Detect the encoding from the first block: a BOM, else UTF-8 if it decodes, else GBK.
fn detect(first: &[u8]) -> (Encoding, usize) {
    if first.starts_with(&[0xef, 0xbb, 0xbf]) {
        return (Encoding::Utf8, 3);
    }
    if first.starts_with(&[0xff, 0xfe]) {
        return (Encoding::Utf16Le, 2);
    }
    if first.starts_with(&[0xfe, 0xff]) {
        return (Encoding::Utf16Be, 2);
    }
    match std::str::from_utf8(first) {
        Ok(_) => (Encoding::Utf8, 0),
        // a character cut at the end of the block is not an error
        Err(e) if e.error_len().is_none() => (Encoding::Utf8, 0),
        Err(_) => (Encoding::Gbk, 0),
    }
}

/// The header: the first of the first 20 records naming at least three known columns,
/// with the delimiter (comma, tab or semicolon) that names the most.
fn find_header(data: &[u8], enc: Encoding) -> Option<(usize, u64, u8, Vec<String>, HeaderMap)> {
    let mut fields = Vec::new();
    let mut scratch = Vec::new();
    let mut best: Option<(usize, u64, u8, Vec<String>, HeaderMap)> = None;
    for delim in [b',', b'\t', b';'] {
        let mut i = 0;
        let mut line = 0u64;
        for _ in 0..20 {
            if i >= data.len() {
                break;
            }
            let (end, spanned, _) = split_quoted(data, i, delim, &mut fields, &mut scratch);
            line += spanned;
            let cells: Vec<String> = fields
                .iter()
                .map(|&(sc, s, e)| {
                    let f = if sc { &scratch[s..e] } else { &data[s..e] };
                    enc.decode(trim(f)).trim().to_string()
                })
                .collect();
            let map = HeaderMap::new(&cells);
            if map.known() >= 3 {
                let better = best.as_ref().is_none_or(|b| {
                    map.known() > b.4.known() || (map.known() == b.4.known() && line < b.1)
                });
                if better {
                    best = Some((end + 1, line, delim, cells, map));
                }
                break;
            }
            i = end + 1;
        }
    }
    best
}

pub(crate) fn read<R: Read + Send>(
    input: R,
    size_hint: Option<u64>,
    origin: &str,
    opts: &Options,
    bad: &mut dyn FnMut(BadRow),
) -> Result<Ledger, LedgerError> {
    let io_err = |e: std::io::Error| LedgerError::Io {
        path: origin.to_string(),
        reason: e.to_string(),
    };
    let mut input: Box<dyn Read + Send> = Box::new(input);
    let mut first = Vec::with_capacity(BLOCK);
    let mut eof = fill(&mut *input, &mut first, 1 << 20).map_err(io_err)?;
    let (encoding, bom) = detect(&first);
    if matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be) {
        let decoder = match encoding {
            Encoding::Utf16Le => encoding_rs::UTF_16LE.new_decoder_without_bom_handling(),
            _ => encoding_rs::UTF_16BE.new_decoder_without_bom_handling(),
        };
        let rest = std::io::Cursor::new(first[bom..].to_vec()).chain(input);
        input = Box::new(Utf16 {
            inner: rest,
            decoder,
            raw: Vec::new(),
            out: Vec::new(),
            pos: 0,
            eof: false,
        });
        first.clear();
        eof = fill(&mut *input, &mut first, 1 << 20).map_err(io_err)?;
    } else if bom > 0 {
        first.drain(..bom);
    }
    if first.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LedgerError::Format {
            origin: origin.to_string(),
            message: "文件为空".into(),
        });
    }
    let parsed = encoding.parsed();
    let Some((data_start, header_line, delim, cells, map)) = find_header(&first, parsed) else {
        let first_line = first.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let cells: Vec<String> = parsed
            .decode(first_line)
            .split([',', '\t', ';'])
            .map(|s| s.trim().to_string())
            .collect();
        let map = HeaderMap::new(&cells);
        return Err(LedgerError::MissingColumns {
            origin: origin.to_string(),
            missing: if map.known() == 0 {
                vec!["凭证号", "支付日期", "单位编码（或单位名称）", "金额"]
            } else {
                map.missing_required()
            },
            found: cells,
        });
    };
    let missing = map.missing_required();
    if !missing.is_empty() {
        return Err(LedgerError::MissingColumns {
            origin: origin.to_string(),
            missing,
            found: cells,
        });
    }
    let header = HeaderInfo {
        line: header_line,
        columns: map
            .by_position
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (c, i + 1, cells.get(i).cloned().unwrap_or_default())))
            .collect(),
        unmatched: map.unmatched.clone(),
        amount_unit: if map.amount_in_wan { "万元" } else { "元" },
    };
    let mut has = [false; COLUMNS];
    for c in map.by_position.iter().flatten() {
        has[c.index()] = true;
    }
    let layout = Arc::new(Layout {
        positions: map.by_position.clone(),
        delim,
    });
    let carry: Vec<u8> = first[data_start.min(first.len())..].to_vec();
    drop(first);

    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .clamp(1, 16);
    // Pre-size the duplicate set from the file size and the first block's line length, so
    // that it is not rehashed (a rehash holds the old and the new table at once).
    let sample_lines = memchr::memchr_iter(b'\n', &carry).count().max(1);
    let expected = match size_hint {
        Some(size) if !carry.is_empty() => {
            let per_line = (carry.len() / sample_lines).max(16) as u64;
            usize::try_from(size / per_line + size / per_line / 16 + 1024).unwrap_or(1 << 16)
        }
        _ => 1 << 16,
    }
    .min(1 << 28);
    let mut summer = Summer::new(parsed, opts.dims, threads, expected);
    summer.line_base = header_line;
    let read_error: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let block_size = if opts.block_size == 0 {
        BLOCK
    } else {
        opts.block_size.max(64)
    };

    std::thread::scope(|s| {
        let (work_tx, work_rx) = sync_channel::<(u64, Vec<u8>, bool)>(threads * 2);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (res_tx, res_rx) = sync_channel::<Batch>(threads * 2);
        let (pool_tx, pool_rx) = channel::<Vec<u8>>();
        let read_error = &read_error;
        // reader
        s.spawn(move || {
            let mut carry = carry;
            let mut eof = eof;
            let mut seq = 0u64;
            let mut first_block = true;
            loop {
                let mut buf = pool_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(block_size + (1 << 16)));
                buf.clear();
                buf.extend_from_slice(&carry);
                carry.clear();
                let mut target = block_size.max(buf.len() + 1);
                let cut = loop {
                    if !eof {
                        match fill(&mut *input, &mut buf, target) {
                            Ok(e) => eof = e,
                            Err(e) => {
                                if let Ok(mut slot) = read_error.lock() {
                                    *slot = Some(e);
                                }
                                eof = true;
                                buf.clear();
                            }
                        }
                    }
                    if eof {
                        break buf.len();
                    }
                    let has_quotes = memchr(b'"', &buf).is_some();
                    let cut = cut_point(
                        &buf,
                        has_quotes && buf.len() < MAX_BLOCK.max(block_size * 8),
                    );
                    if cut > 0 {
                        break cut;
                    }
                    target = buf.len() * 2;
                };
                carry.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                if !buf.is_empty() || first_block {
                    let has_quotes = memchr(b'"', &buf).is_some();
                    if work_tx.send((seq, buf, has_quotes)).is_err() {
                        break;
                    }
                    seq += 1;
                }
                first_block = false;
                if eof && carry.is_empty() {
                    break;
                }
            }
            drop(work_tx);
        });
        // workers
        for w in 0..threads {
            let work_rx = Arc::clone(&work_rx);
            let res_tx = res_tx.clone();
            let pool_tx = pool_tx.clone();
            let layout = Arc::clone(&layout);
            let mut keyer = Keyer::new(parsed, opts, has, map.amount_in_wan);
            s.spawn(move || loop {
                let job = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok((seq, block, has_quotes)) = job else {
                    break;
                };
                let mut batch = Batch {
                    seq,
                    worker: w,
                    records: Vec::with_capacity(block.len() / 100 + 16),
                    ..Batch::default()
                };
                parse_block(&block, has_quotes, &layout, &mut keyer, &mut batch);
                let _ = pool_tx.send(block);
                if res_tx.send(batch).is_err() {
                    break;
                }
            });
        }
        drop(res_tx);
        consume(&res_rx, &mut summer, bad);
    });
    if let Some(e) = read_error.into_inner().ok().flatten() {
        return Err(io_err(e));
    }
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
        format: "csv",
        encoding: Some(encoding),
        delimiter: Some(char::from(delim)),
        header,
        stats,
        dims: opts.dims,
        groups,
        cells,
    })
}

/// Sum batches in sequence order.
fn consume(rx: &Receiver<Batch>, summer: &mut Summer, bad: &mut dyn FnMut(BadRow)) {
    let mut pending: BTreeMap<u64, Batch> = BTreeMap::new();
    let mut next = 0u64;
    for batch in rx.iter() {
        pending.insert(batch.seq, batch);
        while let Some(b) = pending.remove(&next) {
            summer.take(b, bad);
            next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_outside_quotes() {
        assert_eq!(cut_point(b"a,b\nc,d\ne", false), 8);
        assert_eq!(cut_point(b"a,\"x\ny\"\nc", true), 8);
        assert_eq!(cut_point(b"a,\"x\ny", true), 0);
    }

    #[test]
    fn quoted_fields() {
        let mut f = Vec::new();
        let mut sc = Vec::new();
        let data = b"1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext";
        let (end, lines, open) = split_quoted(data, 0, b',', &mut f, &mut sc);
        assert!(!open);
        assert_eq!(lines, 2);
        assert_eq!(&data[end..], b"\nnext");
        let text: Vec<&[u8]> = f
            .iter()
            .map(|&(s, a, b)| if s { &sc[a..b] } else { &data[a..b] })
            .collect();
        assert_eq!(text, [&b"1"[..], b"a,b", b"say \"hi\"", b"two\nlines"]);
    }
}
