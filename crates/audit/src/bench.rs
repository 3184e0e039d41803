//! Throughput measurement for `jixiao bench audit`: the full check against one plain pass
//! that only finds the numbers in the same text.
//!
//! This is the one place in the crate that reads the clock (a benchmark measures time by
//! definition); nothing else depends on it.

use std::time::Instant;

use serde::Serialize;

use crate::{audit_text, extract, Options};

/// What [`bench`] measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchFigures {
    /// Size of the text in bytes.
    pub bytes: usize,
    pub iterations: usize,
    /// Quantities found per audit.
    pub quantities: usize,
    /// Diagnostics per audit.
    pub diagnostics: usize,
    /// Seconds per iteration of the plain number scan.
    pub scan_secs: f64,
    /// Seconds per iteration of the full audit.
    pub audit_secs: f64,
    /// MB (10⁶ bytes) per second per core of the plain scan.
    pub scan_mb_per_s: f64,
    /// MB per second per core of the full audit.
    pub audit_mb_per_s: f64,
    /// audit time ÷ scan time.
    pub ratio: f64,
}

/// Time `iterations` runs of the plain number scan and of the full audit over `text`, on
/// the calling thread (one core).
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
pub fn bench(text: &str, iterations: usize) -> BenchFigures {
    let iterations = iterations.max(1);
    let opts = Options::default();
    // warm-up
    let a = audit_text(text, &opts);
    let t0 = Instant::now();
    let mut found = 0usize;
    for _ in 0..iterations {
        found += std::hint::black_box(extract::number::scan(std::hint::black_box(text))).len();
    }
    let scan = t0.elapsed().as_secs_f64() / iterations as f64;
    std::hint::black_box(found);
    let t1 = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(audit_text(std::hint::black_box(text), &opts));
    }
    let full = t1.elapsed().as_secs_f64() / iterations as f64;
    let mb = text.len() as f64 / 1e6;
    BenchFigures {
        bytes: text.len(),
        iterations,
        quantities: a.quantities,
        diagnostics: a.diagnostics.len(),
        scan_secs: scan,
        audit_secs: full,
        scan_mb_per_s: if scan > 0.0 { mb / scan } else { f64::INFINITY },
        audit_mb_per_s: if full > 0.0 { mb / full } else { f64::INFINITY },
        ratio: if scan > 0.0 {
            full / scan
        } else {
            f64::INFINITY
        },
    }
}
