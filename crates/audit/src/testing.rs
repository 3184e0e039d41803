//! The `check(code, input, expect)` helper of the check tests.

use crate::{audit_text, Options};

/// One line per diagnostic of `code`: "severity <underlined text> expected=… found=…".
pub fn render_code(code: &str, text: &str, year: Option<u16>) -> Vec<String> {
    let a = audit_text(text, &Options { year });
    a.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let mut s = format!("{} {}", sev(d.severity), &text[d.span.clone()]);
            if let (Some(e), Some(f)) = (&d.expected, &d.found) {
                s.push_str(&format!(" expected={e} found={f}"));
            }
            s
        })
        .collect()
}

fn sev(s: crate::Severity) -> &'static str {
    match s {
        crate::Severity::Error => "error",
        crate::Severity::Warning => "warning",
        crate::Severity::Info => "info",
    }
}

#[track_caller]
pub fn check(code: &str, text: &str, expect: &[&str]) {
    check_year(code, text, None, expect)
}

#[track_caller]
pub fn check_year(code: &str, text: &str, year: Option<u16>, expect: &[&str]) {
    let got = render_code(code, text, year);
    let all = audit_text(text, &Options { year }).diagnostics;
    assert_eq!(got, expect, "\ninput: {text}\nall diagnostics: {all:#?}");
}

/// "CODE:severity" of every diagnostic.
pub fn codes(text: &str) -> Vec<String> {
    audit_text(text, &Options::default())
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}", d.code, sev(d.severity)))
        .collect()
}
