//! `jixiao export`: the standard self-evaluation score sheets as Excel
//! (部门整体支出绩效自评表, 项目支出绩效自评表), scored by `jixiao-engine`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use jixiao_engine::{Evaluation, ProjectEvaluation, ProjectRow, ScoreNode};
use jixiao_model::DepartmentYear;
use jixiao_xlsx::{ScoreRow, ScoreSheet};

use crate::cmd::convert::{load_any, write_file};
use crate::Lang;

/// Which score sheet(s) to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Sheet {
    /// 部门整体支出绩效自评表
    #[value(name = "自评表", alias = "dept")]
    Dept,
    /// 项目支出绩效自评表（每个项目一个工作表）
    #[value(name = "项目自评表", alias = "project")]
    Project,
    /// 两者都导出
    #[value(name = "全部", alias = "all")]
    All,
}

#[derive(clap::Args)]
pub struct Args {
    /// 输入：.toml、.json、.xlsx，或含 department.toml 的目录
    pub input: PathBuf,
    /// 导出哪张表：自评表（部门整体）、项目自评表、全部
    #[arg(long, value_enum, default_value = "自评表")]
    pub sheet: Sheet,
    /// 输出文件（.xlsx）
    #[arg(short, long, default_value = "绩效自评表.xlsx")]
    pub output: PathBuf,
    /// 评价框架：内置编号或 .toml 文件（缺省取输入中的 evaluation.framework，再缺省为 mof-2013-dept）
    #[arg(long)]
    pub framework: Option<String>,
}

fn leaves(nodes: &[ScoreNode], path: &mut Vec<String>, out: &mut Vec<(Vec<String>, ScoreNode)>) {
    for n in nodes {
        path.push(n.name.clone());
        if n.children.is_empty() {
            out.push((path.clone(), n.clone()));
        } else {
            leaves(&n.children, path, out);
        }
        path.pop();
    }
}

/// The department sheet: figures from the model, rows and scores from the evaluation. The
/// 预算执行率 (D06) leaf goes to the header block, as on the printed form.
fn dept(d: &DepartmentYear, e: &Evaluation) -> ScoreSheet {
    let mut s = jixiao_xlsx::dept_sheet(d);
    let mut all = Vec::new();
    leaves(&e.tree, &mut Vec::new(), &mut all);
    for (path, n) in all {
        if n.indicator.as_deref() == Some("D06") && s.exec_weight.is_none() {
            s.exec_weight = Some(n.effective_weight);
            s.exec_score = n.score;
            continue;
        }
        let (level1, level2) = match path.len() {
            0 | 1 => (String::new(), String::new()),
            2 => (path[0].clone(), String::new()),
            _ => (path[0].clone(), path[1].clone()),
        };
        let actual = match (n.value, &n.unit) {
            (Some(v), Some(u)) => format!("{v}{u}"),
            (Some(v), None) => v.to_string(),
            _ => String::new(),
        };
        s.rows.push(ScoreRow {
            level1,
            level2,
            name: n.name.clone(),
            target: n.rule.clone().unwrap_or_default(),
            actual,
            weight: Some(n.effective_weight),
            score: n.score,
            deviation: n.reason.clone(),
        });
    }
    s.total_weight = Some(e.max);
    s.total_score = Some(e.total);
    s.grade = e.grade.as_ref().map(|g| g.name.clone());
    s
}

fn row(r: &ProjectRow) -> ScoreRow {
    ScoreRow {
        level1: r.level1.clone(),
        level2: r.level2.clone(),
        name: r.name.clone(),
        target: r.target.clone(),
        actual: r.actual.clone(),
        weight: Some(r.weight),
        score: r.score,
        deviation: r.deviation.clone().or_else(|| r.reason.clone()),
    }
}

fn project(d: &DepartmentYear, pe: &ProjectEvaluation) -> Option<ScoreSheet> {
    let mut s = jixiao_xlsx::project_sheet(d, pe.index)?;
    s.rows = pe.rows.iter().map(row).collect();
    s.exec_weight = Some(pe.execution.weight);
    s.exec_score = pe.execution.score;
    s.total_weight = Some(pe.max);
    s.total_score = Some(pe.total);
    s.grade = pe.grade.as_ref().map(|g| g.name.clone());
    Some(s)
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let d = load_any(&args.input, lang)?;
    let id = args
        .framework
        .clone()
        .or_else(|| d.evaluation.framework.clone())
        .unwrap_or_else(|| "mof-2013-dept".to_string());
    let framework = crate::input::framework(&id, lang)?;
    let evaluation = jixiao_engine::evaluate(&d, &framework);
    let mut sheets = Vec::new();
    if matches!(args.sheet, Sheet::Dept | Sheet::All) {
        sheets.push(dept(&d, &evaluation));
    }
    if matches!(args.sheet, Sheet::Project | Sheet::All) {
        let evaluations: Vec<ProjectEvaluation> = if evaluation.projects.is_empty() {
            let pf = jixiao_engine::builtin("project-self-2020").unwrap_or(framework.clone());
            d.projects
                .items
                .iter()
                .enumerate()
                .map(|(i, p)| jixiao_engine::evaluate_project(p, i, &pf))
                .collect()
        } else {
            evaluation.projects.clone()
        };
        sheets.extend(evaluations.iter().filter_map(|pe| project(&d, pe)));
    }
    let bytes = jixiao_xlsx::score_sheets_bytes(&sheets)?;
    write_file(&args.output, &bytes)?;
    eprintln!(
        "{}",
        lang.pick(
            &format!(
                "已写入 {}（{} 张自评表）",
                args.output.display(),
                sheets.len()
            ),
            &format!(
                "wrote {} ({} score sheet(s))",
                args.output.display(),
                sheets.len()
            )
        )
    );
    Ok(ExitCode::SUCCESS)
}
