//! The two halves of reading, shared by the CSV and the Excel reader:
//!
//! - [`Keyer`] (one per worker thread) turns a row's fields into a compact record — the
//!   凭证号 fingerprint, a local group id, the month, the net 分 — or a bad row;
//! - [`Summer`] (one, in file order) drops duplicates, maps local group ids to global ones
//!   and adds the amounts; it owns the only structure that grows with the file, the set of
//!   64-bit fingerprints.
//!
//! Neither allocates per row: keys are built in a reused buffer and looked up by slice.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use jixiao_model::Date;
use rustc_hash::FxBuildHasher;

use crate::header::{Column, COLUMNS};
use crate::parse::{self, Encoding, Row, Slots, Words};
use crate::{BadRow, Cell, Dims, Group, Options, Stats};

/// One voucher as the summer needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    pub fp: u64,
    pub key: u32,
    /// year × 12 + month − 1
    pub ym: u32,
    pub cents: i64,
}

/// A group key first seen by a worker, with the fields to show for it.
pub(crate) struct NewKey {
    pub key: Vec<u8>,
    /// unit code, unit name, project code, project name, then the extra dimensions.
    pub fields: Vec<Vec<u8>>,
}

/// What a worker made of one block.
#[derive(Default)]
pub(crate) struct Batch {
    pub seq: u64,
    pub worker: usize,
    pub records: Vec<Rec>,
    pub new_keys: Vec<NewKey>,
    /// (1-based line within the block, raw line, reason)
    pub bad: Vec<(u64, Vec<u8>, String)>,
    /// Physical lines in the block.
    pub lines: u64,
    pub rows: u64,
    pub blank: u64,
    pub summary: u64,
    pub after_until: u64,
    pub other_units: u64,
}

/// Row → record, for one worker.
pub(crate) struct Keyer {
    words: Words,
    amount_scale: u32,
    key_columns: Vec<(Column, Option<Column>)>,
    has: [bool; COLUMNS],
    keys: HashMap<Vec<u8>, u32, FxBuildHasher>,
    scratch: Vec<u8>,
    until: Option<(i32, u8, u8)>,
    known_units: Option<HashSet<Vec<u8>, FxBuildHasher>>,
    only_units: Option<HashSet<Vec<u8>, FxBuildHasher>>,
}

fn unit_set(units: &Option<Vec<String>>, enc: Encoding) -> Option<HashSet<Vec<u8>, FxBuildHasher>> {
    units
        .as_ref()
        .map(|u| u.iter().map(|s| enc.encode(s.trim())).collect())
}

impl Keyer {
    pub(crate) fn new(
        enc: Encoding,
        opts: &Options,
        has: [bool; COLUMNS],
        amount_in_wan: bool,
    ) -> Keyer {
        Keyer {
            words: Words::new(enc),
            amount_scale: if amount_in_wan { 6 } else { 2 },
            key_columns: opts.dims.columns(),
            has,
            keys: HashMap::with_hasher(FxBuildHasher),
            scratch: Vec::with_capacity(128),
            until: opts.until.map(|d: Date| (d.year, d.month, d.day)),
            known_units: unit_set(&opts.known_units, enc),
            only_units: unit_set(&opts.only_units, enc),
        }
    }

    fn unit_in(set: &HashSet<Vec<u8>, FxBuildHasher>, slots: &Slots<'_>) -> bool {
        let code = parse::trim(slots[Column::UnitCode.index()]);
        let name = parse::trim(slots[Column::UnitName.index()]);
        (!code.is_empty() && set.contains(code)) || (!name.is_empty() && set.contains(name))
    }

    /// One row: `line` is its 1-based physical line within the block, `raw` its bytes.
    pub(crate) fn row(
        &mut self,
        slots: &Slots<'_>,
        any_field: bool,
        line: u64,
        raw: &[u8],
        out: &mut Batch,
    ) {
        out.rows += 1;
        let v = match parse::row(slots, self.amount_scale, &self.words, any_field) {
            Row::Voucher(v) => v,
            Row::Blank => {
                out.blank += 1;
                return;
            }
            Row::Summary => {
                out.summary += 1;
                return;
            }
            Row::Bad(reason) => {
                out.bad
                    .push((line, raw[..raw.len().min(1200)].to_vec(), reason));
                return;
            }
        };
        if let Some(set) = &self.known_units {
            if !Self::unit_in(set, slots) {
                out.bad.push((
                    line,
                    raw[..raw.len().min(1200)].to_vec(),
                    "单位不在单位名录中".into(),
                ));
                return;
            }
        }
        if let Some(set) = &self.only_units {
            if !Self::unit_in(set, slots) {
                out.other_units += 1;
                return;
            }
        }
        if let Some(until) = self.until {
            if (v.year, v.month, v.day) > until {
                out.after_until += 1;
                return;
            }
        }
        // The group key: each dimension's code (or its name when the code is absent),
        // tagged so that a code and a name never compare equal.
        self.scratch.clear();
        for &(code, name) in &self.key_columns {
            let c = parse::trim(slots[code.index()]);
            if self.has[code.index()] && !c.is_empty() {
                self.scratch.push(0);
                self.scratch.extend_from_slice(c);
            } else if let Some(n) = name {
                self.scratch.push(1);
                self.scratch
                    .extend_from_slice(parse::trim(slots[n.index()]));
            }
            self.scratch.push(0x1f);
        }
        let key = match self.keys.get(self.scratch.as_slice()) {
            Some(k) => *k,
            None => {
                let k = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
                self.keys.insert(self.scratch.clone(), k);
                let mut fields = Vec::with_capacity(self.key_columns.len() + 2);
                for &(code, name) in &self.key_columns {
                    fields.push(parse::trim(slots[code.index()]).to_vec());
                    if let Some(n) = name {
                        fields.push(parse::trim(slots[n.index()]).to_vec());
                    }
                }
                out.new_keys.push(NewKey {
                    key: self.scratch.clone(),
                    fields,
                });
                k
            }
        };
        out.records.push(Rec {
            fp: v.fp,
            key,
            ym: (v.year as u32) * 12 + u32::from(v.month - 1),
            cents: v.cents,
        });
    }
}

/// A hasher for values that are already uniform 64-bit hashes.
#[derive(Default)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Sums of one group: the first year seen by month, other years apart.
#[derive(Default, Clone)]
struct Months {
    base: [(i128, u64); 12],
    other: Vec<(u32, i128, u64)>,
}

/// Duplicates, group ids and sums, in file order.
pub(crate) struct Summer {
    enc: Encoding,
    dims: Dims,
    translate: Vec<Vec<u32>>,
    global: HashMap<Vec<u8>, u32, FxBuildHasher>,
    groups: Vec<Vec<Vec<u8>>>,
    sums: Vec<Months>,
    seen: HashSet<u64, BuildHasherDefault<Identity>>,
    base_ym: Option<u32>,
    pub stats: Stats,
    /// Physical lines before the current batch.
    pub line_base: u64,
}

impl Summer {
    pub(crate) fn new(enc: Encoding, dims: Dims, workers: usize, expected: usize) -> Summer {
        Summer {
            enc,
            dims,
            translate: vec![Vec::new(); workers],
            global: HashMap::with_hasher(FxBuildHasher),
            groups: Vec::new(),
            sums: Vec::new(),
            seen: HashSet::with_capacity_and_hasher(expected, BuildHasherDefault::default()),
            base_ym: None,
            stats: Stats::default(),
            line_base: 0,
        }
    }

    /// Take one batch (batches must arrive in file order).
    pub(crate) fn take(&mut self, b: Batch, bad: &mut dyn FnMut(BadRow)) {
        let map = &mut self.translate[b.worker];
        for nk in b.new_keys {
            let next = self.groups.len() as u32;
            let g = *self.global.entry(nk.key).or_insert(next);
            if g == next {
                self.groups.push(nk.fields);
                self.sums.push(Months::default());
            }
            map.push(g);
        }
        let s = &mut self.stats;
        s.rows += b.rows;
        s.blank += b.blank;
        s.summary_rows += b.summary;
        s.after_until += b.after_until;
        s.other_units += b.other_units;
        for r in &b.records {
            if !self.seen.insert(r.fp) {
                s.duplicates += 1;
                continue;
            }
            let g = map[r.key as usize] as usize;
            let base = *self.base_ym.get_or_insert(r.ym - (r.ym % 12));
            let cents = i128::from(r.cents);
            let months = &mut self.sums[g];
            match r.ym.checked_sub(base).filter(|i| *i < 12) {
                Some(i) => {
                    let cell = &mut months.base[i as usize];
                    cell.0 += cents;
                    cell.1 += 1;
                }
                None => match months.other.iter_mut().find(|(ym, _, _)| *ym == r.ym) {
                    Some(cell) => {
                        cell.1 += cents;
                        cell.2 += 1;
                    }
                    None => months.other.push((r.ym, cents, 1)),
                },
            }
            s.vouchers += 1;
            s.total_cents += cents;
            if r.cents < 0 {
                s.refunds += 1;
                s.refund_cents += cents;
            }
        }
        for (line, raw, reason) in b.bad {
            s.rejected += 1;
            let mut content = self.enc.decode(&raw);
            if content.chars().count() > 300 {
                content = content.chars().take(300).collect::<String>() + "…";
            }
            bad(BadRow {
                line: self.line_base + line,
                content: content.trim_end_matches(['\r', '\n']).to_string(),
                reason,
            });
        }
        self.line_base += b.lines;
    }

    /// The groups (sorted by key) and their cells.
    pub(crate) fn finish(self) -> (Vec<Group>, Vec<Cell>, Stats) {
        let enc = self.enc;
        let dims = self.dims;
        let mut groups: Vec<(Group, usize)> = self
            .groups
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let text = |j: usize| f.get(j).map(|b| enc.decode(b)).unwrap_or_default();
                let mut g = Group {
                    unit_code: text(0),
                    unit_name: text(1),
                    project_code: text(2),
                    project_name: text(3),
                    ..Group::default()
                };
                let mut j = 4;
                for (on, slot) in [
                    (dims.function, &mut g.function),
                    (dims.economic, &mut g.economic),
                    (dims.fund_nature, &mut g.fund_nature),
                    (dims.pay_method, &mut g.pay_method),
                ] {
                    if on {
                        *slot = Some(text(j));
                        j += 1;
                    }
                }
                (g, i)
            })
            .collect();
        groups.sort();
        let mut index = vec![0u32; groups.len()];
        for (new, (_, old)) in groups.iter().enumerate() {
            index[*old] = new as u32;
        }
        let base = self.base_ym.unwrap_or(0);
        let mut cells = Vec::new();
        for (old, m) in self.sums.iter().enumerate() {
            let group = index[old];
            let mut push = |ym: u32, cents: i128, vouchers: u64| {
                if vouchers > 0 {
                    cells.push(Cell {
                        group,
                        year: (ym / 12) as i32,
                        month: (ym % 12 + 1) as u8,
                        cents,
                        vouchers,
                    });
                }
            };
            for (i, (c, n)) in m.base.iter().enumerate() {
                push(base + i as u32, *c, *n);
            }
            for (ym, c, n) in &m.other {
                push(*ym, *c, *n);
            }
        }
        cells.sort_by_key(|c| (c.group, c.year, c.month));
        (
            groups.into_iter().map(|(g, _)| g).collect(),
            cells,
            self.stats,
        )
    }
}
