//! `jixiao`: budget-performance evaluation (预算绩效管理) from the command line.
//!
//! This binary parses arguments and prints; the work happens in the library crates.
//! Each subcommand lives in `cmd/<name>.rs` with its own `Args` and `run`.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod cmd;
mod input;
mod table;

/// 预算绩效评价工具：计算指标、按框架打分、生成报告、核对报告中的数字。
#[derive(Parser)]
#[command(name = "jixiao", version, about = "预算绩效评价工具：计算指标、按框架打分、生成报告、核对报告中的数字", long_about = None)]
struct Cli {
    /// 消息语言（zh 简体中文，en English）
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

/// Language of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Pick the message for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// 计算全部指标并按评价框架打分
    Evaluate(cmd::evaluate::Args),
    /// 只校验输入数据（类型、勾稽关系、范围）
    Check(cmd::check::Args),
    /// 列出指标库（编号、名称、公式）
    Indicators(cmd::indicators::Args),
    /// 列出内置评价框架
    Frameworks(cmd::frameworks::Args),
    /// 核对报告文本中的数字（合计、比率、重复数字、年份、计数）
    Audit(cmd::audit::Args),
    /// 生成部门整体绩效评价报告（docx、pdf、html、md）
    Report(cmd::report::Args),
    /// 生成 Excel 填报模板（可预填）
    Template(cmd::template::Args),
    /// 在 TOML、JSON、Excel 之间转换部门年度数据
    Convert(cmd::convert::Args),
    /// 导出标准自评表（部门整体支出绩效自评表、项目支出绩效自评表）
    Export(cmd::export::Args),
    /// 自评复核：按评价框架重新评分，与单位自评分比较（偏离度），抽评并检查报送材料
    Review(cmd::review::Args),
    /// 基准测试：生成 N 个部门年度并测量解析、校验、评价的吞吐量
    Bench(cmd::bench::Args),
    /// 启动 Web 系统（组织、登录、任务、自评填报与审核）
    Serve(cmd::serve::Args),
    /// 管理 Web 系统的数据库：初始化管理员、导入组织、校验审计日志、备份与恢复
    Admin(cmd::admin::Args),
    /// 绩效运行监控（双监控）：截至某日的预算执行与目标完成预警、预测、绩效监控表
    Monitor(cmd::monitor::Args),
    /// 读取国库支付凭证：行数、重复、退回，按单位×项目×月等汇总
    Ledger(cmd::ledger::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Evaluate(a) => cmd::evaluate::run(a, lang),
        Command::Check(a) => cmd::check::run(a, lang),
        Command::Indicators(a) => cmd::indicators::run(a, lang),
        Command::Frameworks(a) => cmd::frameworks::run(a, lang),
        Command::Audit(a) => cmd::audit::run(a, lang),
        Command::Report(a) => cmd::report::run(a, lang),
        Command::Template(a) => cmd::template::run(a, lang),
        Command::Convert(a) => cmd::convert::run(a, lang),
        Command::Export(a) => cmd::export::run(a, lang),
        Command::Review(a) => cmd::review::run(a, lang),
        Command::Bench(a) => cmd::bench::run(a, lang),
        Command::Serve(a) => cmd::serve::run(a, lang),
        Command::Admin(a) => cmd::admin::run(a, lang),
        Command::Monitor(a) => cmd::monitor::run(a, lang),
        Command::Ledger(a) => cmd::ledger::run(a, lang),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}: {e:#}", lang.pick("错误", "error"));
            ExitCode::from(2)
        }
    }
}
