//! The figures of `jixiao bench audit` without the CLI (for comparing builds of the checker):
//! `cargo run --release -p jixiao-audit --example bench_audit -- [file] [iterations]`.
//! Default: the Longhua report, 1000 iterations.

#[allow(clippy::float_arithmetic)]
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "fixtures/corpus/longhua-zwfw-2021.txt".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let f = jixiao_audit::bench(&text, n);
    println!(
        "bytes {} × {}  scan {:.1} MB/s  audit {:.1} MB/s  ratio {:.1}×  per text {:.2} ms",
        f.bytes,
        f.iterations,
        f.scan_mb_per_s,
        f.audit_mb_per_s,
        f.ratio,
        f.audit_secs * 1000.0
    );
}
