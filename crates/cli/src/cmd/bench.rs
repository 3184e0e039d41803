//! `jixiao bench`: throughput figures, printed (benchmarks are commands, not timed tests).
//!
//! `jixiao bench evaluate -n 10000` generates N synthetic department-years
//! (`jixiao_model::synth`), writes each as canonical TOML, then measures on one core:
//! parse + validate + evaluate from text, and evaluate alone (full traces).
//! `jixiao bench audit [--file report.txt]` times the report checker against a plain pass
//! that only finds the numbers; `jixiao bench xlsx` times importing the Longhua workbook.
//!
//! Timings are the one place this crate does float arithmetic.
#![allow(clippy::float_arithmetic)]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::input;
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 测什么
    #[arg(value_enum, default_value_t = What::Evaluate)]
    pub what: What,
    /// 部门年度个数
    #[arg(short, default_value_t = 10_000)]
    pub n: usize,
    /// 评价框架
    #[arg(long, default_value = "mof-2013-dept")]
    pub framework: String,
    /// audit：要核对的报告文本（缺省为自带的龙华报告）
    #[arg(long)]
    pub file: Option<std::path::PathBuf>,
    /// ledger：生成的凭证文件放在哪个目录（缺省为系统临时目录）
    #[arg(long)]
    pub dir: Option<std::path::PathBuf>,
    /// ledger：保留生成的凭证文件
    #[arg(long)]
    pub keep: bool,
    /// ledger：没有 DuckDB 时失败（CI 用），而不是只给出本程序的结果
    #[arg(long)]
    pub require_duckdb: bool,
}

/// `jixiao bench review -n 2000`: N synthetic department-years with 20 projects each and
/// self-scores, reviewed in one process (one thread) with the chosen framework.
fn bench_review(args: &Args, lang: Lang) -> anyhow::Result<ExitCode> {
    use jixiao_model::Num;
    use rust_decimal::Decimal;
    let framework = input::framework(&args.framework, lang)?;
    let n = args.n.max(1);
    let start = Instant::now();
    let departments: Vec<jixiao_model::DepartmentYear> = (0..n as u64)
        .map(|seed| {
            let mut d = jixiao_model::synth::department_year(seed);
            let mut k = 0u64;
            while d.projects.items.len() < 20 {
                let more = jixiao_model::synth::department_year(seed * 31 + 1000 + k);
                d.projects.items.extend(more.projects.items);
                k += 1;
            }
            d.projects.items.truncate(20);
            for (i, p) in d.projects.items.iter_mut().enumerate() {
                p.name = format!("项目{}", i + 1);
                p.self_total = Some(Num(Decimal::from(95)));
                for t in &mut p.targets {
                    t.self_score = t.weight;
                }
            }
            d.self_evaluation.total = Some(Num(Decimal::from(92)));
            d
        })
        .collect();
    let generated = start.elapsed();
    let subs: Vec<jixiao_review::Submission<'_>> = departments
        .iter()
        .enumerate()
        .map(|(i, d)| jixiao_review::Submission {
            id: format!("dept{i:05}"),
            department: d,
        })
        .collect();
    let start = Instant::now();
    let batch =
        jixiao_review::review_batch(&subs, &framework, &jixiao_review::ReviewOptions::default());
    let took = start.elapsed();
    black_box(&batch);
    println!(
        "{}",
        lang.pick(
            "自评复核基准（单进程、单线程）",
            "review benchmark (one process, one thread)"
        )
    );
    println!(
        "  {} {} × 20 {}（{} {:.2} s）",
        lang.pick("部门年度", "department-years"),
        n,
        lang.pick("个项目", "projects"),
        lang.pick("生成", "generated in"),
        generated.as_secs_f64()
    );
    println!("  {} {}", lang.pick("框架", "framework"), framework.id);
    println!(
        "  {} {:.3} s  ({} {})",
        lang.pick("复核用时", "review"),
        took.as_secs_f64(),
        batch.summary.projects_reviewed,
        lang.pick("个项目已复核", "projects reviewed")
    );
    println!(
        "  {}",
        rate(n, took).replace("/s", lang.pick("个部门/秒", "departments/s"))
    );
    println!(
        "  {} {}",
        lang.pick("发现问题", "findings"),
        batch.summary.findings
    );
    Ok(ExitCode::SUCCESS)
}

const LONGHUA_REPORT: &str = include_str!("../../../../fixtures/corpus/longhua-zwfw-2021.txt");

fn bench_audit(args: &Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let text = match &args.file {
        Some(p) => std::fs::read_to_string(p)?,
        None => LONGHUA_REPORT.to_string(),
    };
    let iterations = args.n.clamp(1, 1000);
    let f = jixiao_audit::bench(&text, iterations);
    println!(
        "{}",
        lang.pick("报告核对基准（单线程）", "audit benchmark (one thread)")
    );
    println!(
        "  {} {} × {}",
        lang.pick("文本字节数", "bytes"),
        f.bytes,
        f.iterations
    );
    println!(
        "  {:<20} {:>8.1} MB/s",
        lang.pick("只找数字的单遍扫描", "plain number scan"),
        f.scan_mb_per_s
    );
    println!(
        "  {:<20} {:>8.1} MB/s",
        lang.pick("完整核对", "full check"),
        f.audit_mb_per_s
    );
    println!("  {:<20} {:>8.1} ×", lang.pick("比值", "ratio"), f.ratio);
    println!(
        "  {:<20} {:>8.2} ms",
        lang.pick("每份报告", "per report"),
        f.audit_secs * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}

fn bench_xlsx(lang: Lang) -> anyhow::Result<ExitCode> {
    let d = jixiao_io::load_path(std::path::Path::new("examples/longhua-zwfw-2021"))
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .model;
    let bytes = jixiao_xlsx::template_bytes(&d)?;
    let f =
        jixiao_xlsx::bench(&bytes, 20).map_err(|e| anyhow::anyhow!("{} problem(s)", e.len()))?;
    println!(
        "{}",
        lang.pick(
            "Excel 导入基准（龙华工作簿）",
            "Excel import benchmark (Longhua workbook)"
        )
    );
    println!(
        "  {} KB  best {:.1} ms  mean {:.1} ms  ({} runs)",
        f.bytes / 1024,
        f.best.as_secs_f64() * 1000.0,
        f.mean.as_secs_f64() * 1000.0,
        f.runs
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// 解析 + 校验 + 评价，以及仅评价
    Evaluate,
    /// 报告核对的吞吐量（MB/s），与只找数字的单遍扫描对比
    Audit,
    /// 导入 Excel 工作簿（龙华示例）的耗时
    Xlsx,
    /// Web 系统：500 个组织、2000 个部门年度、50 个并发客户端（见 bench_serve.rs）
    Serve,
    /// 支付凭证导入 + 汇总（单位×项目×月），与 DuckDB 在同一文件上对比
    Ledger,
    /// 自评复核：N 个部门年度、每个 20 个项目，单进程
    Review,
}

fn rate(n: usize, d: Duration) -> String {
    let secs = d.as_secs_f64();
    format!(
        "{:>10.0} /s  ({} in {:.3} s, {:.1} µs each)",
        n as f64 / secs,
        n,
        secs,
        secs * 1e6 / n as f64
    )
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Evaluate => {}
        What::Audit => return bench_audit(&args, lang),
        What::Xlsx => return bench_xlsx(lang),
        What::Serve => return crate::cmd::bench_serve::run(&args, lang),
        What::Ledger => return crate::cmd::bench_ledger::run(&args, lang),
        What::Review => return bench_review(&args, lang),
    }
    let framework = input::framework(&args.framework, lang)?;
    let n = args.n.max(1);
    eprintln!(
        "{}",
        lang.pick(
            &format!("生成 {n} 个部门年度……"),
            &format!("generating {n} department-years…")
        )
    );
    let texts: Vec<String> = (0..n as u64)
        .map(|seed| jixiao_io::to_canonical_toml(&jixiao_model::synth::department_year(seed)))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();

    let start = Instant::now();
    let mut models = Vec::with_capacity(n);
    let mut total_score = rust_decimal::Decimal::ZERO;
    for (i, text) in texts.iter().enumerate() {
        let loaded = jixiao_io::parse_toml(text, "synthetic.toml").map_err(|e| {
            anyhow::anyhow!(
                "synthetic input {i} did not parse: {:?}",
                e.first().map(|d| &d.message)
            )
        })?;
        let evaluation = jixiao_engine::evaluate(&loaded.model, &framework);
        total_score += evaluation.total;
        models.push(loaded.model);
    }
    let full = start.elapsed();

    let start = Instant::now();
    for model in &models {
        black_box(jixiao_engine::evaluate(black_box(model), &framework));
    }
    let eval_only = start.elapsed();

    println!("{}", lang.pick("基准（单线程）", "benchmark (one thread)"));
    println!(
        "  {} {} ({:.1} MB TOML)",
        lang.pick("框架", "framework"),
        framework.id,
        bytes as f64 / 1e6
    );
    println!(
        "  {:<24} {}",
        lang.pick("解析+校验+评价", "parse+validate+evaluate"),
        rate(n, full)
    );
    println!(
        "  {:<24} {}",
        lang.pick("仅评价（含完整追溯）", "evaluate (full traces)"),
        rate(n, eval_only)
    );
    println!(
        "  {} {}",
        lang.pick("平均总分", "mean total"),
        total_score / rust_decimal::Decimal::from(n)
    );
    Ok(ExitCode::SUCCESS)
}
