//! Arbitrary bytes, read as UTF-8 (lossy), through the TOML and JSON readers.
//!
//! Invariants: no panic; every diagnostic's location lies inside the text with a 1-based
//! line and column; whatever is accepted survives the canonical TOML round trip.
//!
//! Run: `cargo +nightly fuzz run parse_input` (or `RUSTC_BOOTSTRAP=1 cargo fuzz run parse_input`).

#![no_main]

use jixiao_io::{parse_lenient, to_canonical_toml, Format, InputDiagnostic};
use libfuzzer_sys::fuzz_target;

fn check_locations(text: &str, diags: &[InputDiagnostic]) {
    let lines = text.split('\n').count();
    for d in diags {
        if let Some(l) = &d.location {
            assert!(l.line >= 1 && l.line <= lines, "line {} of {lines}", l.line);
            assert!(l.column >= 1, "column {}", l.column);
            assert!(l.span.start <= l.span.end && l.span.end <= text.len());
        }
        let _ = d.render(jixiao_io::Lang::Zh);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Toml, Format::Json] {
        match parse_lenient(&text, "fuzz", format) {
            Ok(loaded) => {
                check_locations(&text, &loaded.diagnostics);
                let canonical = to_canonical_toml(&loaded.model);
                match parse_lenient(&canonical, "canonical.toml", Format::Toml) {
                    Ok(again) => assert_eq!(again.model, loaded.model, "{canonical}"),
                    Err(d) => panic!("canonical TOML does not read back: {d:?}\n{canonical}"),
                }
            }
            Err(diags) => check_locations(&text, &diags),
        }
    }
});
