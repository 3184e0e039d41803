//! Arbitrary bytes through the voucher reader (CSV, with small blocks and several threads so
//! block boundaries fall anywhere; and as .xlsx).
//!
//! Invariants: no panic, no hang; every bad row's line lies in the file; the counts add up;
//! reading with one thread and with three gives the same result.
//!
//! Run: `cargo +nightly fuzz run ledger_csv` (or `RUSTC_BOOTSTRAP=1 cargo fuzz run ledger_csv`).

#![no_main]

use jixiao_ledger::{read_csv, read_xlsx, By, Granularity, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let mut results = Vec::new();
    for (threads, block) in [(1, 0), (3, 97)] {
        let opts = Options {
            skip_bad_rows: true,
            threads,
            block_size: block,
            ..Options::default()
        };
        let mut bad = Vec::new();
        let r = read_csv(data, "fuzz.csv", &opts, &mut |b| bad.push(b));
        for b in &bad {
            assert!(b.line >= 1 && b.line <= lines, "line {} of {lines}", b.line);
        }
        if let Ok(l) = &r {
            let s = &l.stats;
            assert!(s.vouchers + s.rejected + s.duplicates + s.blank + s.summary_rows <= s.rows);
            results.push((
                l.stats.clone(),
                l.sums(&[By::Unit, By::Project], Granularity::Month),
                bad.len(),
            ));
        } else {
            results.push((Default::default(), Vec::new(), usize::MAX));
        }
    }
    assert_eq!(results[0], results[1], "one thread and three disagree");
    let _ = read_xlsx(data, "fuzz.xlsx", &Options::default(), &mut |_| {});
});
