//! `jixiao template`: the Excel fill-in workbook (填报模板), blank or pre-filled.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cmd::convert::{load_any, write_file};
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 输出文件（.xlsx）
    #[arg(short, long, default_value = "绩效自评填报.xlsx")]
    pub output: PathBuf,
    /// 用已有数据预填（.toml、.json、.xlsx，或含 department.toml 的目录）
    #[arg(long)]
    pub from: Option<PathBuf>,
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let d = match &args.from {
        Some(path) => load_any(path, lang)?,
        None => Default::default(),
    };
    let bytes = jixiao_xlsx::template_bytes(&d)?;
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
