//! Arbitrary text as a monitoring rules file: never a panic; errors have 1-based positions
//! inside the text; accepted rules judge a small department without panicking.
//!
//! Run: `cargo +nightly fuzz run monitoring_rules`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match jixiao_monitor::parse_rules(&text, "fuzz.toml") {
        Ok(rules) => {
            let d = jixiao_model::DepartmentYear::default();
            let as_of = jixiao_model::Date::new(2025, 7, 31).expect("valid date");
            let _ = jixiao_monitor::monitor(&d, as_of, &rules, None);
        }
        Err(errors) => {
            let lines = text.split('\n').count();
            for e in errors {
                assert!(e.line >= 1 && e.line <= lines && e.column >= 1);
            }
        }
    }
});
