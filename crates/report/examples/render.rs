//! Render the report for a department-year TOML (decimals as strings) in every format and
//! print how long each took: `cargo run -p jixiao-report --release --example render -- \
//! crates/report/tests/fixtures/longhua-2021.toml /tmp/out [framework] [font]`.

// Geometry (points on a page, chart coordinates) is f64; money never is: values arrive as
// Decimal and become f64 only as a bar length or a position.
#![allow(clippy::float_arithmetic)]

use std::path::PathBuf;

use jixiao_report::{bench, build, docx, html, markdown, pdf, FontSet, PdfOptions, Provenance};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let input = args
        .first()
        .ok_or("usage: render INPUT.toml OUTDIR [framework] [font]")?;
    let out = PathBuf::from(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("/tmp/jixiao-report"),
    );
    let framework = args.get(2).map(String::as_str).unwrap_or("longhua-4e");
    std::fs::create_dir_all(&out)?;
    let d: jixiao_model::DepartmentYear = toml::from_str(&std::fs::read_to_string(input)?)?;
    let f = jixiao_engine::builtin(framework).ok_or("unknown framework")?;
    let e = jixiao_engine::evaluate(&d, &f);
    let prov = Provenance {
        checksum: Some("0".repeat(64)),
        as_of: None,
        program_version: env!("CARGO_PKG_VERSION").into(),
    };
    let doc = build(&d, &e, &prov, None)?;
    std::fs::write(out.join("report.md"), markdown(&doc))?;
    std::fs::write(out.join("report.html"), html(&doc))?;
    std::fs::write(out.join("report.docx"), docx(&doc))?;
    let t0 = std::time::Instant::now();
    let fonts = match args.get(3) {
        Some(p) => FontSet::from_path(std::path::Path::new(p))?,
        None => FontSet::discover()?,
    };
    println!("font loading: {} ms", t0.elapsed().as_millis());
    std::fs::write(
        out.join("report.pdf"),
        pdf(&doc, &PdfOptions { fonts: &fonts })?,
    )?;
    for (format, us) in bench(&d, &e, &prov, Some(&fonts), 5)? {
        println!("{:<5} {:>8.2} ms", format.extension(), us as f64 / 1000.0);
    }
    Ok(())
}
