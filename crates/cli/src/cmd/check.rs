//! `jixiao check`: validate an input only (types, identities, ranges), printing every
//! problem with file, line and column.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::input;
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 部门年度数据：.toml、.json、.xlsx 文件，或含 department.toml 的目录
    pub input: PathBuf,
    /// 有警告时也以退出码 1 结束
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let loaded = input::load(&args.input, lang)?;
    let warnings = loaded.diagnostics.len();
    if warnings > 0 {
        print!(
            "{}",
            jixiao_io::render_all(&loaded.diagnostics, input::io_lang(lang))
        );
    }
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("{}：无错误，{} 个警告", loaded.origin, warnings),
            Lang::En => format!("{}: no errors, {} warning(s)", loaded.origin, warnings),
        }
    );
    Ok(if args.deny_warnings && warnings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
