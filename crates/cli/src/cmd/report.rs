//! `jixiao report`.

use std::process::ExitCode;

use crate::Lang;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!("{}", lang.pick("此命令尚未实现", "not implemented yet"))
}
