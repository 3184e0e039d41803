//! Hostile and damaged input: never a panic, every diagnostic points inside the text.

use jixiao_io::{parse_json, parse_toml, to_canonical_toml, InputDiagnostic, Lang};
use proptest::prelude::*;
use std::sync::OnceLock;

use crate::longhua_dir;

fn longhua_toml() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(longhua_dir().join("department.toml")).expect("example present")
    })
}

/// The Longhua model as JSON (amounts as strings), the way another tool would write it.
fn longhua_json() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let loaded = jixiao_io::load_path(&longhua_dir()).expect("example loads");
        serde_json::to_string_pretty(&loaded.model).expect("model serializes")
    })
}

fn assert_located(text: &str, diags: &[InputDiagnostic]) {
    let lines = text.split('\n').count();
    for d in diags {
        if let Some(l) = &d.location {
            assert!(
                l.line >= 1 && l.line <= lines,
                "line {} of {lines}: {d:?}",
                l.line
            );
            assert!(l.column >= 1, "{d:?}");
            assert!(
                l.span.start <= l.span.end && l.span.end <= text.len(),
                "{d:?}"
            );
            assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end));
            let line_len = text
                .split('\n')
                .nth(l.line - 1)
                .map_or(0, |s| s.chars().count());
            assert!(
                l.column <= line_len + 1,
                "column {} past line end: {d:?}",
                l.column
            );
        }
        assert!(!d.message.is_empty() && !d.message_en.is_empty());
        let _ = d.render(Lang::Zh);
        let _ = d.render(Lang::En);
    }
}

/// Both readers on `text`: no panic, diagnostics located, accepted input round-trips.
fn exercise(text: &str) {
    for result in [parse_toml(text, "t.toml"), parse_json(text, "t.json")] {
        match result {
            Ok(loaded) => {
                assert_located(text, &loaded.diagnostics);
                let canonical = to_canonical_toml(&loaded.model);
                let again = jixiao_io::parse_lenient(&canonical, "c.toml", jixiao_io::Format::Toml)
                    .unwrap_or_else(|d| panic!("{d:?}\n{canonical}"));
                assert_eq!(again.model, loaded.model);
            }
            Err(diags) => {
                assert!(!diags.is_empty());
                assert!(diags.iter().any(InputDiagnostic::is_error));
                assert_located(text, &diags);
            }
        }
    }
}

#[test]
fn the_json_form_of_longhua_reads_back_identically() {
    let json = longhua_json();
    let from_json = parse_json(json, "d.json").unwrap_or_else(|d| panic!("{d:#?}"));
    let from_toml = parse_toml(longhua_toml(), "d.toml").unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(from_json.model, from_toml.model);
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    exercise(&deep_json);
    let deep_toml = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    exercise(&deep_toml);
    let deep_inline = format!("a = {}{}", "{b = ".repeat(10_000), "}".repeat(10_000));
    exercise(&deep_inline);
}

#[test]
fn odd_but_valid_text() {
    for text in [
        "",
        "\u{feff}[department]\nyear = 2021\n",
        "\u{feff}{\"department\": {\"year\": 2021}}",
        "[department]\r\nyear = 2021\r\nname = \"\\u9f99\"\r\n",
        "department.year = 2021\nbudget.initial.total = 1e3\n",
        "[budget.initial]\ntotal = inf\nbasic = nan\nproject = -0.0\n",
        "{\"progress\": [null, {\"period\": \"Q1\"}]}",
        "{\"department\": {\"year\": 99999999999999999999999}}",
        "{\"budget\": {\"initial\": {\"total\": 123456789012345678901234567890}}}",
        "[department]\nyear = 2021\n[budget.initial]\ntotal = \"99999999999999999999999999999999\"\n",
    ] {
        exercise(text);
    }
}

/// A BOM does not shift positions: columns are those an editor shows.
#[test]
fn byte_order_mark_is_skipped() {
    let loaded = parse_toml("\u{feff}[department]\nyear = 2021\n", "d.toml").expect("valid");
    let at = loaded.spans.locate("department.year").expect("present");
    assert_eq!((at.line, at.column), (2, 8));
    assert_eq!(at.span.start, "\u{feff}[department]\nyear = ".len());
}

fn mutate_byte(base: &str, at: usize, byte: u8) -> String {
    let mut bytes = base.as_bytes().to_vec();
    if !bytes.is_empty() {
        let i = at % bytes.len();
        bytes[i] = byte;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn mutate_line(base: &str, at: usize, replacement: &str, delete: bool) -> String {
    let mut lines: Vec<&str> = base.split('\n').collect();
    let i = at % lines.len().max(1);
    if delete {
        lines.remove(i);
    } else if let Some(l) = lines.get_mut(i) {
        *l = replacement;
    }
    lines.join("\n")
}

fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_\\.\\[\\]]{1,20} = [-0-9\\.e,\"%元万]{0,12}",
        "\\[\\[?[a-z_\\.]{0,20}\\]?\\]?",
        "\\PC{0,30}",
        Just("total = \"约3万\"".to_string()),
        Just("[[progress]]".to_string()),
        Just("period = \"Q9\"".to_string()),
        Just("closing = -1".to_string()),
        Just("\"".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn random_structured_text_never_panics(text in "[\\[\\]{}\",:=a-z0-9\\. \n#'-]{0,200}") {
        exercise(&text);
    }

    #[test]
    fn byte_mutations_of_longhua(at in any::<usize>(), byte in any::<u8>()) {
        exercise(&mutate_byte(longhua_toml(), at, byte));
    }

    #[test]
    fn line_mutations_of_longhua(at in any::<usize>(), line in line_strategy(), delete in any::<bool>()) {
        exercise(&mutate_line(longhua_toml(), at, &line, delete));
    }

    #[test]
    fn byte_mutations_of_longhua_json(at in any::<usize>(), byte in any::<u8>()) {
        exercise(&mutate_byte(longhua_json(), at, byte));
    }
}
