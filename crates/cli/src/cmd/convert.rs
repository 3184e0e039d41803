//! `jixiao convert`: department-year between TOML, JSON and Excel.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use jixiao_model::DepartmentYear;

use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 输入文件：.toml、.json、.xlsx、.xls、.ods，或含 department.toml 的目录
    pub input: PathBuf,
    /// 输出文件：.toml（规范格式）、.json 或 .xlsx（填报模板格式）
    pub output: PathBuf,
}

/// Load a department-year from any supported input (TOML, JSON, directory, workbook) the
/// way `evaluate` does, printing its warnings. Invalid input is an error whose diagnostics
/// are already on stderr.
pub fn load_any(path: &Path, lang: Lang) -> anyhow::Result<DepartmentYear> {
    let loaded = crate::input::load(path, lang)?;
    if !loaded.diagnostics.is_empty() {
        eprint!(
            "{}",
            jixiao_io::render_all(&loaded.diagnostics, crate::input::io_lang(lang))
        );
    }
    Ok(loaded.model)
}

/// Write `bytes` to `path`, creating nothing but the file.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let d = load_any(&args.input, lang)?;
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "toml" => jixiao_io::to_canonical_toml(&d).into_bytes(),
        "json" => {
            let mut s = serde_json::to_string_pretty(&d).context("JSON 序列化失败")?;
            s.push('\n');
            s.into_bytes()
        }
        "xlsx" => jixiao_xlsx::template_bytes(&d)?,
        _ => anyhow::bail!(
            "{}",
            lang.pick(
                "不支持的输出格式：输出文件扩展名应为 .toml、.json 或 .xlsx",
                "unsupported output format: use .toml, .json or .xlsx"
            )
        ),
    };
    write_file(&args.output, &bytes)?;
    eprintln!(
        "{}",
        lang.pick(
            &format!("已写入 {}", args.output.display()),
            &format!("wrote {}", args.output.display())
        )
    );
    Ok(ExitCode::SUCCESS)
}
