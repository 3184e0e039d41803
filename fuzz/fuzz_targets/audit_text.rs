//! Arbitrary bytes, read as UTF-8 (lossy), through the report checker: normalisation, the
//! clause-level rate reader, the flattened score-sheet reader and every check.
//!
//! Invariants: no panic; every diagnostic span (and related span) is a range of the text
//! on character boundaries; the extracted readings point at existing quantities.
//!
//! Run: `cargo +nightly fuzz run audit_text` (or `RUSTC_BOOTSTRAP=1 cargo fuzz run audit_text`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = jixiao_audit::audit_text(&text, &jixiao_audit::Options { year: Some(2021) });
    for d in &a.diagnostics {
        for r in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
            assert!(r.start <= r.end && r.end <= text.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
    let n = jixiao_audit::normalize::normalize(&text);
    let ex = jixiao_audit::extract::extract(&n.text);
    let q = ex.quantities.len();
    for r in &ex.rates {
        assert!(r.rate < q && r.of < q);
        assert!(r.delta.is_none_or(|d| d < q) && r.base.is_none_or(|b| b < q));
    }
    for r in &ex.score_rows {
        assert!(r.target < q && r.actual < q && r.weight < q && r.score < q);
    }
    for b in &ex.budget_rows {
        assert!(b.weight < q && b.score < q);
    }
});
