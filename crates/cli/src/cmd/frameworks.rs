//! `jixiao frameworks`: list the shipped frameworks, or validate a framework file.

use std::process::ExitCode;

use crate::input;
use crate::table::{self, Align};
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 校验并概述一个框架（内置编号或文件路径）
    pub framework: Option<String>,
}

fn describe(f: &jixiao_engine::Framework, lang: Lang) -> String {
    let mut out = format!(
        "{} {}（{} {}）\n{}{}\n",
        f.id,
        f.name,
        lang.pick("版本", "version"),
        f.version,
        lang.pick("权重来源：", "weights from: "),
        f.source
    );
    let mut rows = Vec::new();
    fn walk(n: &jixiao_engine::Node, depth: usize, rows: &mut Vec<Vec<String>>) {
        rows.push(vec![
            format!("{}{}", "  ".repeat(depth), n.name),
            n.weight.normalize().to_string(),
        ]);
        for c in n.children() {
            walk(c, depth + 1, rows);
        }
    }
    for n in &f.nodes {
        walk(n, 0, &mut rows);
    }
    if !rows.is_empty() {
        out.push_str(&table::render(
            &[lang.pick("指标", "node"), lang.pick("权重", "weight")],
            &[Align::Left, Align::Right],
            &rows,
        ));
    }
    out
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    if let Some(spec) = args.framework {
        let f = input::framework(&spec, lang)?;
        print!("{}", describe(&f, lang));
        println!("{}", lang.pick("框架有效。", "framework is valid."));
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = jixiao_engine::builtin_frameworks()
        .iter()
        .map(|f| {
            vec![
                f.id.clone(),
                f.version.clone(),
                f.top_weight().normalize().to_string(),
                f.name.clone(),
                f.source.clone(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["编号", "版本", "总分", "名称", "权重来源"],
        Lang::En => ["id", "version", "total", "name", "weights from"],
    };
    print!(
        "{}",
        table::render(
            &header,
            &[
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Left,
                Align::Left
            ],
            &rows
        )
    );
    println!(
        "\n{}",
        lang.pick(
            "用 jixiao frameworks <编号或文件> 查看指标树；自定义框架的写法见 docs/frameworks.md。",
            "Use jixiao frameworks <id or file> for the tree; docs/frameworks.md describes the format."
        )
    );
    Ok(ExitCode::SUCCESS)
}
