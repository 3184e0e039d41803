//! Fuzz the normaliser, extractor and checks: no panic, valid spans.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = jixiao_audit::input::text(data);
    let a = jixiao_audit::audit_text(&src.text, &jixiao_audit::Options { year: Some(2021) });
    for d in &a.diagnostics {
        assert!(d.span.end <= src.text.len());
        assert!(src.text.is_char_boundary(d.span.start) && src.text.is_char_boundary(d.span.end));
    }
    let _ = jixiao_audit::render::terminal("f.txt", &src.text, &a.diagnostics, false);
});
