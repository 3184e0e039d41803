//! `jixiao review`: 自评复核 of a folder of department-years and their self-scores, for
//! finance bureaus and third-party evaluators. Loading and printing live here; the review
//! itself is `jixiao-review`.
//!
//! The folder holds one entry per department: a `.toml`/`.json` file, a filled template
//! workbook, or a subfolder with `department.toml`. Self-scores come from the input itself
//! (`[self_evaluation]`, projects' `self_total`, targets' `self_score`) and from filled
//! 自评表 workbooks: inside a department's subfolder, any workbook whose name contains
//! "自评表"; beside the files, a 自评表 workbook whose name starts with the department
//! file's name (`教育局.toml` + `教育局-自评表.xlsx`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use jixiao_review::{
    review_batch, BatchReview, DepartmentReview, Finding, ReviewOptions, RowReview, Sampling,
    Severity, Submission,
};
use jixiao_xlsx::{TableCell, TableSheet};
use rust_decimal::Decimal;

use crate::table::{self, Align};
use crate::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 终端表格（按偏离度排序）
    Table,
    /// JSON（全部行、项目、问题；小数为字符串）
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// 偏离度从大到小
    Deviation,
    /// 复核分从低到高
    Score,
    /// 输入顺序（文件名）
    Input,
}

/// 自评复核：用评价框架重新评分，与单位自评分逐行比较（偏离度），抽评项目，并检查报送材料。
#[derive(clap::Args)]
pub struct Args {
    /// 报送材料所在文件夹（每个部门一个 .toml/.json/.xlsx 或含 department.toml 的子文件夹），也可列出多个文件
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// 复核所用评价框架：内置编号或 .toml 文件
    #[arg(long, default_value = "yueyang-2018-dept")]
    pub framework: String,
    /// 输出 Excel 工作簿（汇总表、每个部门一张表、问题清单）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 终端输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 每个部门抽评的项目数（缺省为全部项目）；默认按全年预算数从大到小抽取
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// 与 --sample 同用：按此种子的哈希顺序抽取（可复现的随机抽样）
    #[arg(long, value_name = "SEED", requires = "sample")]
    pub seed: Option<u64>,
    /// 排序方式
    #[arg(long, value_enum, default_value_t = Sort::Deviation)]
    pub sort: Sort,
    /// 只显示偏离度绝对值不小于此值（%）的部门
    #[arg(long, value_name = "PCT")]
    pub min_deviation: Option<Decimal>,
    /// 显示每个部门自评与复核不一致的行
    #[arg(long)]
    pub detail: bool,
    /// 不核对部门的报告文本（默认核对子文件夹中及与部门文件同名开头的 .txt/.pdf/.docx，含跨报告核对）
    #[arg(long)]
    pub no_report_check: bool,
}

/// One loaded submission: its id, the department-year and where its fields are written
/// (in its own file, and for self-scores read from a 自评表, in that workbook).
struct Loaded {
    id: String,
    loaded: jixiao_io::Loaded,
    sheet_locations: Vec<(String, String)>,
    /// The department's report texts (checked by `jixiao audit`'s checks and across
    /// departments): inside its subfolder, any .txt/.pdf/.docx; beside its file, one whose
    /// name starts with the file's name (`教育局.toml` + `教育局-自评报告.pdf`).
    reports: Vec<PathBuf>,
}

const REPORT_EXTENSIONS: &[&str] = &["txt", "pdf", "docx"];

fn is_report(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    p.is_file() && REPORT_EXTENSIONS.contains(&ext.as_str())
}

fn is_workbook(p: &Path) -> bool {
    jixiao_xlsx::is_workbook_path(p)
}

fn is_score_sheet_name(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.contains("自评表") || n.contains("评分表"))
}

/// Department inputs (and score-sheet workbooks beside them) in a folder, sorted by name.
fn entries(dir: &Path) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>)> {
    let mut inputs = Vec::new();
    let mut sheets = Vec::new();
    let mut reports = Vec::new();
    let mut list: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取文件夹 {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    list.sort();
    for p in list {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with('~') {
            continue;
        }
        if p.is_dir() {
            if p.join("department.toml").is_file() || p.join("department.json").is_file() {
                inputs.push(p);
            }
            continue;
        }
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if is_workbook(&p) && is_score_sheet_name(&p) {
            sheets.push(p);
        } else if matches!(ext.as_str(), "toml" | "json") || is_workbook(&p) {
            inputs.push(p);
        } else if is_report(&p) {
            reports.push(p);
        }
    }
    Ok((inputs, sheets, reports))
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string()
}

/// Read a 自评表 workbook into `loaded`'s self-scores; problems are printed, and where each
/// score was read is added to `locations`.
fn apply_sheet(
    loaded: &mut jixiao_io::Loaded,
    locations: &mut Vec<(String, String)>,
    sheet: &Path,
    lang: Lang,
) {
    let bytes = match std::fs::read(sheet) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}：{e}", sheet.display());
            return;
        }
    };
    match jixiao_xlsx::read_score_sheets(&bytes) {
        Ok(sheets) => {
            let applied = jixiao_xlsx::apply_self_scores(&mut loaded.model, &sheets);
            for p in applied.problems {
                eprintln!("{}：{p}", sheet.display());
            }
            locations.extend(
                applied
                    .locations
                    .into_iter()
                    .map(|(path, at)| (path, format!("{} {at}", sheet.display()))),
            );
        }
        Err(diags) => {
            for d in diags {
                eprintln!(
                    "{}：{}{d}",
                    sheet.display(),
                    lang.pick("未读取自评表：", "score sheet not read: ")
                );
            }
        }
    }
}

fn load_all(args: &Args, lang: Lang) -> anyhow::Result<(Vec<Loaded>, usize)> {
    let mut inputs = Vec::new();
    let mut sheets = Vec::new();
    let mut reports = Vec::new();
    for p in &args.inputs {
        if p.is_dir()
            && !(p.join("department.toml").is_file() || p.join("department.json").is_file())
        {
            let (i, s, r) = entries(p)?;
            inputs.extend(i);
            sheets.extend(s);
            reports.extend(r);
        } else if is_workbook(p) && is_score_sheet_name(p) {
            sheets.push(p.clone());
        } else if is_report(p) {
            reports.push(p.clone());
        } else {
            inputs.push(p.clone());
        }
    }
    let mut out = Vec::new();
    let mut failed = 0;
    for p in inputs {
        match crate::input::load(&p, lang) {
            Ok(mut loaded) => {
                let mut locations = Vec::new();
                let mut own_reports = Vec::new();
                if p.is_dir() {
                    let mut own: Vec<PathBuf> = std::fs::read_dir(&p)
                        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                        .unwrap_or_default();
                    own.sort();
                    for s in own
                        .iter()
                        .filter(|s| is_workbook(s) && is_score_sheet_name(s))
                    {
                        apply_sheet(&mut loaded, &mut locations, s, lang);
                    }
                    own_reports.extend(own.into_iter().filter(|r| is_report(r)));
                } else {
                    let st = stem(&p);
                    for s in sheets
                        .iter()
                        .filter(|s| !st.is_empty() && stem(s).starts_with(&st))
                    {
                        apply_sheet(&mut loaded, &mut locations, s, lang);
                    }
                    own_reports.extend(
                        reports
                            .iter()
                            .filter(|r| !st.is_empty() && stem(r).starts_with(&st))
                            .cloned(),
                    );
                }
                out.push(Loaded {
                    id: p.display().to_string(),
                    loaded,
                    sheet_locations: locations,
                    reports: own_reports,
                });
            }
            Err(e) => {
                failed += 1;
                eprintln!("{e:#}");
            }
        }
    }
    for s in &sheets {
        let st = stem(s);
        let matched = out.iter().any(|l| {
            let ls = stem(Path::new(&l.id));
            !ls.is_empty() && st.starts_with(&ls)
        });
        if !matched {
            eprintln!(
                "{}",
                lang.pick(
                    &format!(
                        "提示：自评表 {} 没有对应的部门数据文件（文件名应以部门数据文件名开头），未使用",
                        s.display()
                    ),
                    &format!("note: score sheet {} matches no department file; not used", s.display()),
                )
            );
        }
    }
    Ok((out, failed))
}

fn fmt(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string())
        .unwrap_or_else(|| "—".into())
}

fn pct(d: Option<Decimal>) -> String {
    d.map(|d| format!("{}%", d.normalize()))
        .unwrap_or_else(|| "—".into())
}

fn grade(r: &DepartmentReview) -> String {
    format!(
        "{}→{}",
        r.total.self_grade.as_deref().unwrap_or("—"),
        r.total
            .review_grade
            .as_deref()
            .unwrap_or(if r.complete { "—" } else { "未评定" })
    )
}

fn location(l: &Loaded, path: &str) -> String {
    // a report finding's path is already "file:line:col"
    if l.reports
        .iter()
        .any(|r| path.starts_with(&format!("{}:", r.display())))
    {
        return path.to_string();
    }
    if let Some((_, at)) = l.sheet_locations.iter().rev().find(|(p, _)| p == path) {
        return at.clone();
    }
    match l.loaded.spans.locate(path) {
        Some(at) => format!("{}:{}:{}", input_file(&l.id), at.line, at.column),
        None => l.id.clone(),
    }
}

/// The file a location points into: a department's folder stands for its department.toml.
fn input_file(id: &str) -> String {
    let p = Path::new(id);
    if p.is_dir() {
        for f in ["department.toml", "department.json"] {
            if p.join(f).is_file() {
                return p.join(f).display().to_string();
            }
        }
    }
    id.to_string()
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn order(batch: &BatchReview, sort: Sort) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..batch.departments.len()).collect();
    match sort {
        Sort::Input => {}
        Sort::Deviation => {
            let ids: Vec<&str> = batch
                .sorted_by_deviation()
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            idx.sort_by_key(|&i| {
                ids.iter()
                    .position(|id| *id == batch.departments[i].id)
                    .unwrap_or(usize::MAX)
            });
        }
        Sort::Score => idx.sort_by(|&a, &b| {
            batch.departments[a]
                .review
                .total
                .review_score
                .cmp(&batch.departments[b].review.total.review_score)
        }),
    }
    idx
}

fn keep(r: &DepartmentReview, min: Option<Decimal>) -> bool {
    match min {
        None => true,
        Some(m) => r.total.deviation.is_some_and(|d| d.abs() >= m),
    }
}

fn print_table(batch: &BatchReview, loaded: &[Loaded], args: &Args, lang: Lang) {
    println!(
        "{}：{} {}（{}）",
        lang.pick("复核框架", "framework"),
        batch.framework.id,
        batch.framework.name,
        batch.framework.version
    );
    println!("{}：{}", lang.pick("抽评规则", "sampling"), batch.sampling);
    println!(
        "{}：(自评分 − 复核分) ÷ 自评分 × 100%\n",
        lang.pick("偏离度", "deviation")
    );
    let header = [
        "序号",
        "部门",
        "自评分",
        "复核分",
        "差异",
        "偏离度",
        "等级（自评→复核）",
        "复核项目",
        "问题",
    ];
    let mut rows = Vec::new();
    for (n, &i) in order(batch, args.sort)
        .iter()
        .filter(|&&i| keep(&batch.departments[i].review, args.min_deviation))
        .enumerate()
    {
        let s = &batch.departments[i];
        let r = &s.review;
        let problems = r.findings.len()
            + batch
                .cross_findings
                .iter()
                .filter(|f| f.submission.as_deref() == Some(&s.id))
                .count();
        rows.push(vec![
            (n + 1).to_string(),
            r.department.clone().unwrap_or_else(|| s.id.clone()),
            format!(
                "{}{}",
                fmt(r.total.self_score),
                if r.total.self_computed { "*" } else { "" }
            ),
            r.total.review_score.normalize().to_string(),
            fmt(r.total.difference),
            pct(r.total.deviation),
            grade(r),
            r.projects.len().to_string(),
            problems.to_string(),
        ]);
    }
    let align = [
        Align::Right,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
        Align::Right,
        Align::Right,
    ];
    print!("{}", table::render(&header, &align, &rows));
    if batch
        .departments
        .iter()
        .any(|d| d.review.total.self_computed)
    {
        println!(
            "{}",
            lang.pick(
                "* 未写明自评总分，按各指标自评得分合计",
                "* no stated self total: the sum of the row self-scores"
            )
        );
    }
    let s = &batch.summary;
    println!(
        "\n{} {} 个部门，复核项目 {} 个；自评高于复核的 {} 个；平均偏离度 {}；问题 {} 条",
        lang.pick("共", "total"),
        s.departments,
        s.projects_reviewed,
        s.self_higher,
        pct(s.mean_deviation),
        s.findings
    );
    if args.detail {
        for &i in &order(batch, args.sort) {
            let sr = &batch.departments[i];
            if !keep(&sr.review, args.min_deviation) {
                continue;
            }
            print_detail(
                sr.review.department.as_deref().unwrap_or(&sr.id),
                &sr.review,
            );
        }
    }
    // Findings, located in the input files.
    let mut any = false;
    for (i, sr) in batch.departments.iter().enumerate() {
        for f in &sr.review.findings {
            if !any {
                println!("\n{}", lang.pick("问题清单：", "findings:"));
                any = true;
            }
            print_finding(f, &loaded[i]);
        }
    }
    for f in &batch.cross_findings {
        if !any {
            println!("\n{}", lang.pick("问题清单：", "findings:"));
            any = true;
        }
        if let Some(l) = f
            .submission
            .as_ref()
            .and_then(|id| loaded.iter().find(|l| &l.id == id))
        {
            print_finding(f, l);
        }
    }
}

fn print_finding(f: &Finding, l: &Loaded) {
    println!(
        "  {}[{}] {}\n    --> {}",
        severity_zh(f.severity),
        f.code,
        f.message,
        location(l, &f.path)
    );
}

fn differing(rows: &[RowReview]) -> Vec<&RowReview> {
    rows.iter()
        .filter(|r| r.difference.is_some_and(|d| !d.is_zero()))
        .collect()
}

fn print_detail(name: &str, r: &DepartmentReview) {
    let rows = differing(&r.rows);
    let projects: Vec<_> = r
        .projects
        .iter()
        .filter(|p| {
            !differing(&p.rows).is_empty() || p.total.difference.is_some_and(|d| !d.is_zero())
        })
        .collect();
    if rows.is_empty() && projects.is_empty() {
        return;
    }
    println!("\n{name}");
    for row in rows {
        println!(
            "  {}  自评 {} / 复核 {}（分值 {}）  {}",
            row.name,
            fmt(row.self_score),
            fmt(row.review_score),
            row.weight.normalize(),
            row.reason.as_deref().unwrap_or("")
        );
    }
    for p in projects {
        println!(
            "  项目「{}」 自评 {} / 复核 {}，偏离度 {}",
            p.name,
            fmt(p.total.self_score),
            p.total.review_score.normalize(),
            pct(p.total.deviation)
        );
        for row in differing(&p.rows) {
            println!(
                "    {}  自评 {} / 复核 {}（分值 {}）  {}",
                row.name,
                fmt(row.self_score),
                fmt(row.review_score),
                row.weight.normalize(),
                row.reason.as_deref().unwrap_or("")
            );
        }
    }
}

fn row_cells(r: &RowReview, prefix: &str) -> Vec<TableCell> {
    vec![
        TableCell::text(prefix),
        TableCell::text(&r.level1),
        TableCell::text(&r.level2),
        TableCell::text(&r.name),
        TableCell::Number(r.weight),
        TableCell::opt_number(r.self_score),
        TableCell::opt_number(r.review_score),
        TableCell::opt_number(r.difference),
        TableCell::opt_percent(r.deviation),
        TableCell::text(r.reason.clone().unwrap_or_default()),
    ]
}

/// The workbook: 汇总 (one row per department), one sheet per department (its rows, then
/// each sampled project's rows), 问题清单.
fn workbook(batch: &BatchReview, loaded: &[Loaded], args: &Args) -> Vec<TableSheet> {
    let mut sheets = Vec::new();
    let order = order(batch, args.sort);
    let mut summary = TableSheet {
        name: "汇总".into(),
        title: format!("自评复核汇总（{}）", batch.framework.name),
        notes: vec![
            format!("复核框架：{} {}（{}）", batch.framework.id, batch.framework.name, batch.framework.version),
            format!("抽评规则：{}", batch.sampling),
            "偏离度 = (自评分 − 复核分) ÷ 自评分 × 100%；按偏离度从大到小排列，偏离度绝对值 ≥ 10% 的部门标红".into(),
        ],
        headers: [
            "序号", "部门", "编码", "文件", "自评分", "复核分", "差异", "偏离度", "自评等级", "复核等级",
            "已评权重", "复核项目数", "未抽评项目数", "问题数",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        widths: vec![6.0, 26.0, 10.0, 24.0, 9.0, 9.0, 9.0, 9.0, 8.0, 8.0, 9.0, 8.0, 8.0, 7.0],
        ..Default::default()
    };
    for (n, &i) in order.iter().enumerate() {
        let s = &batch.departments[i];
        let r = &s.review;
        if r.total.deviation.is_some_and(|d| d.abs() >= Decimal::TEN) {
            summary.highlight.push(n);
        }
        let problems = r.findings.len()
            + batch
                .cross_findings
                .iter()
                .filter(|f| f.submission.as_deref() == Some(&s.id))
                .count();
        summary.rows.push(vec![
            TableCell::Integer(n as i64 + 1),
            TableCell::text(r.department.clone().unwrap_or_default()),
            TableCell::text(r.code.clone().unwrap_or_default()),
            TableCell::text(&s.id),
            TableCell::opt_number(r.total.self_score),
            TableCell::Number(r.total.review_score),
            TableCell::opt_number(r.total.difference),
            TableCell::opt_percent(r.total.deviation),
            TableCell::text(r.total.self_grade.clone().unwrap_or_default()),
            TableCell::text(r.total.review_grade.clone().unwrap_or_else(|| {
                if r.complete {
                    String::new()
                } else {
                    "未评定（不完整）".into()
                }
            })),
            TableCell::Number(r.assessed_weight),
            TableCell::Integer(r.projects.len() as i64),
            TableCell::Integer(r.not_sampled.len() as i64),
            TableCell::Integer(problems as i64),
        ]);
    }
    sheets.push(summary);
    for &i in &order {
        let s = &batch.departments[i];
        let r = &s.review;
        let name = r
            .department
            .clone()
            .unwrap_or_else(|| stem(Path::new(&s.id)));
        let mut sheet = TableSheet {
            name: name.clone(),
            title: format!("{name} 自评复核表"),
            notes: vec![
                format!(
                    "部门自评 {} 分，复核 {} 分，差异 {}，偏离度 {}；复核等级 {}",
                    fmt(r.total.self_score),
                    r.total.review_score.normalize(),
                    fmt(r.total.difference),
                    pct(r.total.deviation),
                    r.total.review_grade.as_deref().unwrap_or("未评定")
                ),
                format!("来源：{}", s.id),
            ],
            headers: [
                "部分",
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "自评分",
                "复核分",
                "差异",
                "偏离度",
                "复核扣分原因",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            widths: vec![16.0, 12.0, 14.0, 24.0, 7.0, 8.0, 8.0, 8.0, 9.0, 60.0],
            ..Default::default()
        };
        for row in &r.rows {
            if row.difference.is_some_and(|d| !d.is_zero()) {
                sheet.highlight.push(sheet.rows.len());
            }
            sheet.rows.push(row_cells(row, "部门整体"));
        }
        for p in &r.projects {
            let label = format!("项目：{}", p.name);
            if p.total.difference.is_some_and(|d| !d.is_zero()) {
                sheet.highlight.push(sheet.rows.len());
            }
            sheet.rows.push(vec![
                TableCell::text(&label),
                TableCell::text("总分"),
                TableCell::Empty,
                TableCell::Empty,
                TableCell::Number(Decimal::ONE_HUNDRED),
                TableCell::opt_number(p.total.self_score),
                TableCell::Number(p.total.review_score),
                TableCell::opt_number(p.total.difference),
                TableCell::opt_percent(p.total.deviation),
                TableCell::text(
                    p.total
                        .review_grade
                        .clone()
                        .map(|g| format!("复核等级：{g}"))
                        .unwrap_or_default(),
                ),
            ]);
            for row in &p.rows {
                if row.difference.is_some_and(|d| !d.is_zero()) {
                    sheet.highlight.push(sheet.rows.len());
                }
                sheet.rows.push(row_cells(row, &label));
            }
        }
        if !r.not_sampled.is_empty() {
            sheet
                .notes
                .push(format!("未抽评的项目：{}", r.not_sampled.join("、")));
        }
        sheets.push(sheet);
    }
    let mut findings = TableSheet {
        name: "问题清单".into(),
        title: "复核发现的问题".into(),
        notes: vec!["位置为输入文件的行:列（工作簿输入为字段路径）".into()],
        headers: ["部门", "代码", "级别", "问题", "位置", "涉及的其他材料"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        widths: vec![24.0, 8.0, 6.0, 70.0, 36.0, 30.0],
        ..Default::default()
    };
    let mut push = |l: &Loaded, f: &Finding, dept: &str| {
        findings.rows.push(vec![
            TableCell::text(dept),
            TableCell::text(f.code),
            TableCell::text(severity_zh(f.severity)),
            TableCell::text(&f.message),
            TableCell::text(location(l, &f.path)),
            TableCell::text(f.related.join("、")),
        ]);
    };
    for (i, s) in batch.departments.iter().enumerate() {
        let dept = s.review.department.clone().unwrap_or_else(|| s.id.clone());
        for f in &s.review.findings {
            push(&loaded[i], f, &dept);
        }
        for f in batch
            .cross_findings
            .iter()
            .filter(|f| f.submission.as_deref() == Some(&s.id))
        {
            push(&loaded[i], f, &dept);
        }
    }
    sheets.push(findings);
    sheets
}

/// Check the departments' report texts: each one alone (errors and warnings of `jixiao
/// audit`), and all of them together (AU101–AU106). The findings join the department's
/// 复核 findings, located as "file:line:col".
fn check_reports(batch: &mut BatchReview, loaded: &[Loaded], lang: Lang) {
    let mut texts: Vec<(usize, String, String)> = Vec::new();
    for (i, l) in loaded.iter().enumerate() {
        for r in &l.reports {
            let name = r.display().to_string();
            match std::fs::read(r)
                .map_err(|e| e.to_string())
                .and_then(|b| jixiao_audit::decode(&b, &name).map_err(|e| e.to_string()))
            {
                Ok(source) => texts.push((i, name, source.text)),
                Err(e) => eprintln!(
                    "{}{name}：{e}",
                    lang.pick("无法读取报告 ", "cannot read report ")
                ),
            }
        }
    }
    let docs: Vec<jixiao_audit::batch::Document> = texts
        .iter()
        .map(|(_, label, text)| jixiao_audit::batch::Document { label, text })
        .collect();
    let across = jixiao_audit::batch::diagnostics_by_document(
        &docs,
        jixiao_audit::batch::audit_batch(&docs),
    );
    for ((i, name, text), mut diagnostics) in texts.iter().zip(across) {
        let own = jixiao_audit::audit_text(text, &jixiao_audit::Options::default());
        diagnostics.extend(
            own.diagnostics
                .into_iter()
                .filter(|d| d.severity >= Severity::Warning),
        );
        diagnostics.sort_by_key(|d| d.span.start);
        let idx = jixiao_audit::LineIndex::new(text);
        let Some(dept) = batch.departments.get_mut(*i) else {
            continue;
        };
        for d in diagnostics {
            let at = idx.line_col(text, d.span.start);
            let mut message = d.message.clone();
            if let (Some(e), Some(f)) = (&d.expected, &d.found) {
                message.push_str(&format!("（应为 {e}，实际为 {f}）"));
            }
            dept.review.findings.push(Finding {
                code: d.code,
                severity: d.severity,
                path: format!("{name}:{}:{}", at.line, at.column),
                message,
                related: d
                    .elsewhere
                    .iter()
                    .map(|e| format!("{}:{}:{}", e.path, e.line, e.column))
                    .collect(),
                submission: None,
            });
            batch.summary.findings += 1;
        }
    }
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let framework = crate::input::framework(&args.framework, lang)?;
    let (loaded, failed) = load_all(&args, lang)?;
    if loaded.is_empty() {
        anyhow::bail!(
            "{}",
            lang.pick(
                "没有可复核的部门数据（.toml、.json、.xlsx 或含 department.toml 的文件夹）",
                "no department-year to review (.toml, .json, .xlsx or a folder with department.toml)"
            )
        );
    }
    let sampling = match (args.sample, args.seed) {
        (None, _) => Sampling::All,
        (Some(n), None) => Sampling::Largest(n),
        (Some(n), Some(seed)) => Sampling::Hashed {
            per_department: n,
            seed,
        },
    };
    let subs: Vec<Submission<'_>> = loaded
        .iter()
        .map(|l| Submission {
            id: l.id.clone(),
            department: &l.loaded.model,
        })
        .collect();
    let mut batch = review_batch(&subs, &framework, &ReviewOptions { sampling });
    if !args.no_report_check {
        check_reports(&mut batch, &loaded, lang);
    }
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&batch)?),
        Format::Table => print_table(&batch, &loaded, &args, lang),
    }
    if let Some(out) = &args.output {
        let bytes = jixiao_xlsx::tables_bytes(&workbook(&batch, &loaded, &args))?;
        crate::cmd::convert::write_file(out, &bytes)?;
        eprintln!(
            "{}",
            lang.pick(
                &format!(
                    "已写入 {}（汇总、{} 个部门、问题清单）",
                    out.display(),
                    batch.departments.len()
                ),
                &format!("wrote {}", out.display())
            )
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
