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

/// Load a department-year from any supported input, printing every problem on failure.
/// Returns `Ok(None)` when the input was rejected (diagnostics already on stderr).
pub fn load_any(path: &Path, lang: Lang) -> anyhow::Result<Option<DepartmentYear>> {
    if jixiao_xlsx::is_workbook_path(path) {
        return match jixiao_xlsx::read_workbook_located(path) {
            Ok((d, locs)) => {
                let mut errors = 0;
                for diag in jixiao_model::validate(&d) {
                    let msg = match lang {
                        Lang::Zh => &diag.message,
                        Lang::En => &diag.message_en,
                    };
                    // Name the sheet and cell where the field was read.
                    let at = locs
                        .describe(&diag.path)
                        .unwrap_or_else(|| diag.path.clone());
                    eprintln!(
                        "{}：{}：{at}：{msg}",
                        diag.severity.label_zh(),
                        path.display()
                    );
                    if diag.severity == jixiao_model::Severity::Error {
                        errors += 1;
                    }
                }
                Ok((errors == 0).then_some(d))
            }
            Err(diags) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        &format!("{} 有 {} 个问题，未读取：", path.display(), diags.len()),
                        &format!(
                            "{} has {} problem(s); nothing was read:",
                            path.display(),
                            diags.len()
                        ),
                    )
                );
                for d in &diags {
                    eprintln!("  {d}");
                }
                Ok(None)
            }
        };
    }
    match jixiao_io::load_path(path) {
        Ok(loaded) => {
            for d in &loaded.diagnostics {
                eprint!(
                    "{}",
                    jixiao_io::render_all(std::slice::from_ref(d), io_lang(lang))
                );
            }
            Ok(Some(loaded.model))
        }
        Err(e @ jixiao_io::LoadError::Invalid { .. }) => {
            eprint!("{}", e.render(io_lang(lang)));
            Ok(None)
        }
        Err(e) => Err(anyhow::anyhow!("{}", e.render(io_lang(lang)).trim_end())),
    }
}

fn io_lang(lang: Lang) -> jixiao_io::Lang {
    match lang {
        Lang::Zh => jixiao_io::Lang::Zh,
        Lang::En => jixiao_io::Lang::En,
    }
}

/// Write `bytes` to `path`, creating nothing but the file.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let Some(d) = load_any(&args.input, lang)? else {
        return Ok(ExitCode::from(1));
    };
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
