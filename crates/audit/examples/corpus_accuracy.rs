//! Accuracy of `jixiao audit` on a labelled folder (format: fixtures/audit-corpus/FORMAT.md).
//!
//! ```text
//! cargo run --release -p jixiao-audit --example corpus_accuracy -- <dir> [-v | --summary] [--record] [--compare <accuracy.toml>]
//! ```
//!
//! Prints a per-file table (labelled inconsistencies, found, false errors, false warnings,
//! identities flagged) and the totals; `-v` lists every miss and false finding; `--summary`
//! prints only the totals and their counts by check code and by pattern, naming no file
//! (for a held-out set, whose texts nobody tuning the checker should read); `--record`
//! writes `<dir>/accuracy.toml`; `--compare` fails (exit 1) if recall dropped or false errors
//! rose against a recorded file.

#[path = "../tests/accuracy/mod.rs"]
mod accuracy;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = None;
    let mut detail = false;
    let mut record = false;
    let mut summary = false;
    let mut compare = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-v" | "--verbose" => detail = true,
            "--record" => record = true,
            "--summary" => summary = true,
            "--compare" => compare = it.next().cloned(),
            _ => dir = Some(a.clone()),
        }
    }
    let Some(dir) = dir else {
        eprintln!(
            "用法：corpus_accuracy <目录> [-v | --summary] [--record] [--compare accuracy.toml]"
        );
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let files = accuracy::measure_dir(&dir);
    if summary {
        print!("{}", accuracy::summary(&files));
    } else {
        print!("{}", accuracy::table(&files, detail));
    }
    if record {
        let rec = accuracy::Recorded::from_figures(&files);
        if let Err(e) = std::fs::write(dir.join("accuracy.toml"), rec.to_toml()) {
            eprintln!("写入 accuracy.toml 失败：{e}");
            std::process::exit(1);
        }
    }
    if let Some(c) = compare {
        let rec: accuracy::Recorded = match std::fs::read_to_string(&c)
            .map_err(|e| e.to_string())
            .and_then(|s| toml::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{c}: {e}");
                std::process::exit(2);
            }
        };
        let p = accuracy::regressions(&files, &rec);
        for x in &p {
            eprintln!("{x}");
        }
        if !p.is_empty() {
            std::process::exit(1);
        }
    }
}
