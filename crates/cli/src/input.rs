//! Reading a department-year and a framework the way every subcommand does.

use std::path::Path;

use anyhow::{anyhow, Context};
use jixiao_engine::Framework;

use crate::Lang;

/// The io crate's language for rendering its diagnostics.
pub fn io_lang(lang: Lang) -> jixiao_io::Lang {
    match lang {
        Lang::Zh => jixiao_io::Lang::Zh,
        Lang::En => jixiao_io::Lang::En,
    }
}

/// Load a department-year (TOML, JSON, a directory, or an Excel workbook), printing every
/// problem like a compiler when it is invalid. Warnings are returned with the model
/// (`Loaded.diagnostics`) for the caller to print.
pub fn load(path: &Path, lang: Lang) -> anyhow::Result<jixiao_io::Loaded> {
    if jixiao_xlsx::is_workbook_path(path) {
        return load_workbook(path, lang);
    }
    match jixiao_io::load_path(path) {
        Ok(loaded) => Ok(loaded),
        Err(e) => {
            eprint!("{}", e.render(io_lang(lang)));
            Err(anyhow!(
                "{}",
                lang.pick(
                    &format!("无法读取输入 {}", path.display()),
                    &format!("cannot load input {}", path.display())
                )
            ))
        }
    }
}

/// A framework by builtin id, or from a `.toml` file path.
pub fn framework(spec: &str, lang: Lang) -> anyhow::Result<Framework> {
    if let Some(f) = jixiao_engine::builtin(spec) {
        return Ok(f);
    }
    let path = Path::new(spec);
    if !path.exists() {
        let ids = jixiao_engine::BUILTIN_IDS.join("、");
        anyhow::bail!(
            "{}",
            lang.pick(
                &format!("找不到评价框架「{spec}」：既不是内置框架（{ids}），也不是存在的文件"),
                &format!("no framework '{spec}': not a builtin ({ids}) nor an existing file")
            )
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "{} {}",
            lang.pick("无法读取", "cannot read"),
            path.display()
        )
    })?;
    jixiao_engine::parse_framework(&text, &path.display().to_string()).map_err(|errors| {
        for e in &errors {
            let message = lang.pick(&e.message, &e.message_en);
            eprintln!(
                "{}: {}:{}:{}: {message}",
                lang.pick("错误", "error"),
                e.origin,
                e.line,
                e.column
            );
        }
        anyhow!(
            "{}",
            lang.pick(
                &format!("评价框架 {} 有 {} 个错误", path.display(), errors.len()),
                &format!("framework {} has {} errors", path.display(), errors.len())
            )
        )
    })
}

/// The framework to use: the flag, else the input's `evaluation.framework`, else mof-2013-dept.
pub fn choose_framework(
    flag: Option<&str>,
    loaded: &jixiao_io::Loaded,
    lang: Lang,
) -> anyhow::Result<Framework> {
    let spec = flag
        .map(str::to_string)
        .or_else(|| loaded.model.evaluation.framework.clone())
        .unwrap_or_else(|| "mof-2013-dept".to_string());
    framework(&spec, lang)
}

/// A workbook filled from `jixiao template`: every cell problem is printed with its sheet
/// and cell and the workbook is rejected whole; validation findings name the cell the
/// field was read from.
fn load_workbook(path: &Path, lang: Lang) -> anyhow::Result<jixiao_io::Loaded> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "{} {}",
            lang.pick("无法读取", "cannot read"),
            path.display()
        )
    })?;
    let origin = path.display().to_string();
    let (model, locs) = match jixiao_xlsx::read_workbook_bytes_located(&bytes) {
        Ok(ok) => ok,
        Err(diags) => {
            for d in &diags {
                eprintln!("{}: {origin}：{d}", lang.pick("错误", "error"));
            }
            anyhow::bail!(
                "{}",
                lang.pick(
                    &format!("{origin} 有 {} 个问题，整个工作簿未读取", diags.len()),
                    &format!("{origin} has {} problem(s); nothing was read", diags.len())
                )
            );
        }
    };
    let diagnostics: Vec<jixiao_io::InputDiagnostic> = jixiao_model::validate(&model)
        .into_iter()
        .map(|d| jixiao_io::InputDiagnostic {
            severity: d.severity,
            code: d.code,
            origin: match locs.describe(&d.path) {
                Some(cell) => format!("{origin} {cell}"),
                None => origin.clone(),
            },
            path: Some(d.path),
            location: None,
            source_line: None,
            message: d.message,
            message_en: d.message_en,
            related: d
                .related
                .into_iter()
                .map(|p| jixiao_io::Related {
                    path: p,
                    location: None,
                })
                .collect(),
        })
        .collect();
    if diagnostics.iter().any(|d| d.is_error()) {
        eprint!("{}", jixiao_io::render_all(&diagnostics, io_lang(lang)));
        anyhow::bail!(
            "{}",
            lang.pick(
                &format!("无法读取输入 {origin}"),
                &format!("cannot load input {origin}")
            )
        );
    }
    let checksum = jixiao_io::checksum(&bytes);
    Ok(jixiao_io::Loaded {
        model,
        origin,
        checksum,
        spans: jixiao_io::SourceMap::default(),
        diagnostics,
    })
}
