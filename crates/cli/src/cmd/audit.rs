//! `jixiao audit`: check the figures in report texts (PDF, Word, plain text).
//!
//! Reading files and printing live here; all checking is in `jixiao-audit`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use jixiao_audit::render::{self, Outcome, Summary};
use jixiao_audit::{Options, Severity};
use rayon::prelude::*;

use crate::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 类似编译器的终端输出（行号、原文、下划线）
    Terminal,
    /// JSON（代码、级别、消息、位置、期望值与实际值）
    Json,
    /// SARIF 2.1.0
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

/// 核对报告文本中的数字：合计与分项、比率、重复数字、年份、计数、序号、序时进度；多份报告时另做跨报告核对（照抄、满意度相同、指标表相同、目标值依据）。
#[derive(clap::Args)]
pub struct Args {
    /// 报告文件或文件夹（.txt .pdf .docx；文件夹内递归查找）
    #[arg(required_unless_present_any = ["explain", "list_checks"])]
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,
    /// 报告年度（无法从标题推断时使用）
    #[arg(long)]
    pub year: Option<u16>,
    /// 只显示不低于此级别的结果
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub min_severity: MinSeverity,
    /// 并行线程数（默认为 CPU 核数）
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// 不显示进度条
    #[arg(long)]
    pub no_progress: bool,
    /// 显示某项检查的说明（如 AU001）
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,
    /// 列出全部检查
    #[arg(long)]
    pub list_checks: bool,
    /// 不做跨报告核对（AU101–AU106，多份报告时默认进行）
    #[arg(long)]
    pub no_batch: bool,
}

/// The cross-report checks over every file read (a bureau's folder of reports), merged
/// into each file's findings in position order. AU105/AU106 concern one report and run
/// on a single file too.
fn add_batch_findings(outcomes: &mut [Outcome]) {
    let checked: Vec<(usize, &str, &str)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Outcome::Checked { path, source, .. } => Some((i, path.as_str(), source.text.as_str())),
            Outcome::Unreadable { .. } => None,
        })
        .collect();
    let docs: Vec<jixiao_audit::batch::Document> = checked
        .iter()
        .map(|(_, label, text)| jixiao_audit::batch::Document { label, text })
        .collect();
    let findings = jixiao_audit::batch::audit_batch(&docs);
    let per_doc = jixiao_audit::batch::diagnostics_by_document(&docs, findings);
    let targets: Vec<usize> = checked.iter().map(|(i, ..)| *i).collect();
    for (i, found) in targets.into_iter().zip(per_doc) {
        if let Some(Outcome::Checked { audit, .. }) = outcomes.get_mut(i) {
            audit.diagnostics.extend(found);
            audit
                .diagnostics
                .sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
        }
    }
}

const EXTENSIONS: &[&str] = &["txt", "text", "md", "pdf", "docx", "doc"];

fn collect(paths: &[PathBuf], out: &mut Vec<PathBuf>, lang: Lang) -> anyhow::Result<()> {
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| {
                    format!(
                        "{}{}",
                        lang.pick("无法读取文件夹 ", "cannot read folder "),
                        p.display()
                    )
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) =
                entries.into_iter().partition(|e| e.is_dir());
            for f in files {
                let ext = f
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if EXTENSIONS.contains(&ext.as_str()) {
                    out.push(f);
                }
            }
            collect(&dirs, out, lang)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(())
}

fn check_file(path: &Path, opts: &Options) -> Outcome {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Unreadable {
                path: name,
                reason: e.to_string(),
            }
        }
    };
    match jixiao_audit::decode(&bytes, &name) {
        Ok(source) => {
            let audit = jixiao_audit::audit_text(&source.text, opts);
            Outcome::Checked {
                path: name,
                source,
                audit,
            }
        }
        Err(e) => Outcome::Unreadable {
            path: name,
            reason: e.to_string(),
        },
    }
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    if args.list_checks {
        for c in jixiao_audit::CHECKS {
            println!(
                "{}  {:<24} {:<8} {}",
                c.code,
                c.name,
                render::severity_zh(c.severity),
                c.title
            );
        }
        for (code, severity, title, _) in jixiao_audit::batch::BATCH_CHECKS {
            println!(
                "{code}  {:<24} {:<8} {title}",
                lang.pick("（跨报告）", "cross-report"),
                render::severity_zh(*severity),
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(code) = &args.explain {
        if let Some(doc) = jixiao_audit::batch::explain(code) {
            print!("{doc}");
            return Ok(ExitCode::SUCCESS);
        }
        let c = jixiao_audit::checks::find(code)
            .with_context(|| format!("{}{code}", lang.pick("没有这项检查：", "no such check: ")))?;
        print!("{}", c.doc());
        return Ok(ExitCode::SUCCESS);
    }
    let mut files = Vec::new();
    collect(&args.paths, &mut files, lang)?;
    if files.is_empty() {
        anyhow::bail!(
            "{}",
            lang.pick(
                "没有找到可核对的文件（.txt .pdf .docx）",
                "no report files found (.txt .pdf .docx)"
            )
        );
    }
    let opts = Options { year: args.year };
    let show_progress = !args.no_progress && files.len() > 1 && std::io::stderr().is_terminal();
    let bar = if show_progress {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} {wide_msg}")
        {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    // A PDF library may panic on a malformed file; that becomes a read error, so keep the
    // panic message off the terminal while checking.
    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let work = || -> Vec<Outcome> {
        files
            .par_iter()
            .map(|f| {
                let o = check_file(f, &opts);
                bar.set_message(f.display().to_string());
                bar.inc(1);
                o
            })
            .collect()
    };
    let mut outcomes = match args.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    };
    std::panic::set_hook(prev_hook);
    bar.finish_and_clear();
    if !args.no_batch {
        add_batch_findings(&mut outcomes);
    }

    let min = match args.min_severity {
        MinSeverity::Info => Severity::Info,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Error => Severity::Error,
    };
    for o in &mut outcomes {
        if let Outcome::Checked { audit, .. } = o {
            audit.diagnostics.retain(|d| d.severity >= min);
        }
    }
    let summary = Summary::of(&outcomes);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&render::json(&outcomes))?
        )?,
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&render::sarif(&outcomes))?
        )?,
        Format::Terminal => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for o in &outcomes {
                match o {
                    Outcome::Checked {
                        path,
                        source,
                        audit,
                    } => {
                        write!(
                            out,
                            "{}",
                            render::terminal(path, &source.text, &audit.diagnostics, color)
                        )?;
                        for n in &source.notes {
                            writeln!(out, "{}: {path}: {n}", lang.pick("注意", "note"))?;
                        }
                    }
                    Outcome::Unreadable { path, reason } => match lang {
                        Lang::Zh => eprintln!("错误：无法读取 {path}：{reason}"),
                        Lang::En => eprintln!("error: cannot read {path}: {reason}"),
                    },
                }
            }
            write!(out, "{}", summary.table())?;
        }
    }
    out.flush()?;
    Ok(if summary.unreadable > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
