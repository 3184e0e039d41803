//! `jixiao indicators`: the indicator catalogue (指标库) as Markdown.
//!
//! `docs/indicators.md` is this command's output; a test keeps the two equal.

use std::process::ExitCode;

use jixiao_indicators::{catalogue, Direction, Kind};

use crate::Lang;

#[derive(clap::Args)]
pub struct Args {}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Higher => "越高越好",
        Direction::Towards100 => "越接近 100% 越好",
        Direction::Lower => "越低越好",
        Direction::AtMost100 => "不超过 100% 为好",
        Direction::Qualitative => "定性",
    }
}

/// The catalogue as a Markdown document.
pub fn markdown() -> String {
    let mut out = String::from(
        "# 指标库（indicator catalogue）\n\n\
         由 `jixiao indicators` 生成，请勿手改。编号稳定，用于评价框架、JSON 输出和 `--explain`。\n\
         定量指标由部门年度数据计算，结果四舍五入保留两位；定性指标取自输入中的 `[[assessments]]`。\n\
         缺少输入的指标记为“无法评分”，并列出所缺数据，从不推测。\n\n\
         | 编号 | 指标 | 一级 | 二级 | 类型 | 方向 | 公式或定义 |\n|---|---|---|---|---|---|---|\n",
    );
    for d in catalogue() {
        let kind = match d.kind {
            Kind::Computed => "计算",
            Kind::Qualitative => "定性",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            d.id,
            d.name,
            d.level1,
            d.level2,
            kind,
            direction(d.direction),
            d.formula
        ));
    }
    out
}

pub fn run(_args: Args, _lang: Lang) -> anyhow::Result<ExitCode> {
    print!("{}", markdown());
    Ok(ExitCode::SUCCESS)
}
