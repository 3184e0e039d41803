//! Throughput of the full audit against a plain number scan (release build):
//! `cargo run --release -p jixiao-audit --example bench -- [file] [iterations]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/corpus/longhua-zwfw-2021.txt"
        )
        .to_string()
    });
    let iterations: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(200);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let f = jixiao_audit::bench(&text, iterations);
    println!("{}", serde_json::to_string_pretty(&f).unwrap_or_default());
    // a 10 MB text made of the same report, for throughput on a large input
    let mut big = String::new();
    while big.len() < 10 << 20 {
        big.push_str(&text);
    }
    let g = jixiao_audit::bench(&big, 2);
    println!("{}", serde_json::to_string_pretty(&g).unwrap_or_default());
}
