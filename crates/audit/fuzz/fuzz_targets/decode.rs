//! Fuzz the input decoders (text detection; PDF and docx when their features are on).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = jixiao_audit::decode(data, "fuzz.bin") {
        let _ = jixiao_audit::audit_text(&src.text, &jixiao_audit::Options::default());
    }
});
