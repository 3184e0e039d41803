//! `jixiao monitor` (stub).
use std::process::ExitCode;
use crate::Lang;
#[derive(clap::Args)]
pub struct Args {
    pub input: std::path::PathBuf,
}
pub fn run(_args: Args, _lang: Lang) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
