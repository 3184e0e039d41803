//! `jixiao export`: the standard self-evaluation score sheets as Excel
//! (部门整体支出绩效自评表, 项目支出绩效自评表), scored by `jixiao-engine`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use jixiao_engine::{Evaluation, NodeStatus, ProjectEvaluation, ProjectRow, ScoreNode};
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
///
/// 年度指标值 is the target the rule sets ("≤100%", "100%"), the rule itself goes to the
/// 评分标准 column, 分值 is the framework's weight (a note says when the weight used differs),
/// and the 总分 row says how much weight was assessed.
fn dept(d: &DepartmentYear, e: &Evaluation) -> ScoreSheet {
    let mut s = jixiao_xlsx::dept_sheet(d);
    s.criteria_column = true;
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
        let not_assessed = n.status == NodeStatus::NotScorable;
        let weight_note = if not_assessed && n.score.is_none() && n.effective_weight == n.weight {
            Some(format!(
                "未评分：该指标不可评分，{} 分未计入已评权重",
                n.weight.normalize()
            ))
        } else if n.effective_weight != n.weight {
            Some(format!(
                "调整后分值 {} 分（同一二级指标下不可评分指标的权重按比例分配）",
                n.effective_weight.normalize()
            ))
        } else {
            None
        };
        s.rows.push(ScoreRow {
            level1,
            level2,
            name: n.name.clone(),
            target: n.target.clone().unwrap_or_default(),
            actual,
            weight: Some(n.weight),
            weight_note,
            score: n.score,
            score_text: n.score.is_none().then(|| "未评分".to_string()),
            criteria: n.rule.clone(),
            deviation: n.reason.clone(),
        });
    }
    s.total_weight = Some(e.max);
    s.total_score = Some(e.total);
    s.grade = e.grade.as_ref().map(|g| g.name.clone());
    if e.assessed_weight != e.max || !e.complete {
        let mut note = format!(
            "已评权重 {} / {}",
            e.assessed_weight.normalize(),
            e.max.normalize()
        );
        let unassessed = e.unassessed_summary();
        if !unassessed.is_empty() {
            note.push_str(&format!("（未评分：{unassessed}）"));
        }
        if !e.complete {
            note.push_str("；评价不完整，未评定等级");
        }
        s.total_note = Some(note);
    }
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
        score_text: r.score.is_none().then(|| "未评分".to_string()),
        criteria: r.rule.clone(),
        deviation: r.deviation.clone().or_else(|| r.reason.clone()),
        ..ScoreRow::default()
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
    if !pe.complete {
        s.total_note = Some(format!(
            "已评分值 {} / {}；评价不完整，未评定等级",
            pe.assessed_weight.normalize(),
            pe.max.normalize()
        ));
    }
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
