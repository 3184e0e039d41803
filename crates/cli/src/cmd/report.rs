//! `jixiao report`: the evaluation report (部门整体绩效评价报告) as Word, PDF, HTML or
//! Markdown. The work is in `jixiao-report`; this parses arguments, reads files and writes.

// Timings (--bench) are the one place this module does float arithmetic.
#![allow(clippy::float_arithmetic)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use jixiao_report::{FontSet, PdfOptions, Provenance};

use crate::input;
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 部门年度数据：.toml、.json、.xlsx 文件，或含 department.toml 的目录
    pub input: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Docx)]
    pub format: Format,
    /// 输出文件；缺省为“<年度>年度部门整体绩效评价报告.<扩展名>”，md 缺省输出到标准输出
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 评价框架：内置编号或框架文件路径；缺省取输入中的 evaluation.framework
    #[arg(long, short)]
    pub framework: Option<String>,
    /// 自定义报告模板（minijinja），可 include 默认模板的各部分；见 docs/report.md
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// 数据截止日期（YYYY-MM-DD），缺省取输入中的 evaluation.as_of
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// PDF 正文字体文件（TrueType/OpenType，如 仿宋_GB2312.ttf 或 NotoSerifCJK-Regular.ttc）
    #[arg(long, value_name = "PATH")]
    pub font: Option<PathBuf>,
    /// 打印各格式的生成耗时（基准测试），不写文件
    #[arg(long)]
    pub bench: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Docx,
    Pdf,
    Html,
    Md,
}

fn fonts(path: Option<&Path>, lang: Lang) -> anyhow::Result<FontSet> {
    FontSet::discover_with(path).with_context(|| {
        lang.pick("PDF 需要中文字体", "PDF output needs a Chinese font")
            .to_string()
    })
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let loaded = input::load(&args.input, lang)?;
    let framework = input::choose_framework(args.framework.as_deref(), &loaded, lang)?;
    let evaluation = jixiao_engine::evaluate(&loaded.model, &framework);
    let template = match &args.template {
        Some(p) => Some(std::fs::read_to_string(p).with_context(|| {
            format!(
                "{}{}",
                lang.pick("无法读取模板 ", "cannot read template "),
                p.display()
            )
        })?),
        None => None,
    };
    let provenance = Provenance {
        checksum: Some(loaded.checksum.clone()),
        as_of: args.as_of.clone(),
        program_version: env!("CARGO_PKG_VERSION").to_string(),
    };

    if args.bench {
        let start = std::time::Instant::now();
        let fonts = fonts(args.font.as_deref(), lang).ok();
        let font_ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("{} {font_ms:.1} ms", lang.pick("字体加载", "font loading"));
        for (format, us) in
            jixiao_report::bench(&loaded.model, &evaluation, &provenance, fonts.as_ref(), 10)?
        {
            println!("{:<5} {:>8.2} ms", format.extension(), us as f64 / 1000.0);
        }
        return Ok(ExitCode::SUCCESS);
    }

    let doc = jixiao_report::build(&loaded.model, &evaluation, &provenance, template.as_deref())?;
    let bytes = match args.format {
        Format::Md => jixiao_report::markdown(&doc).into_bytes(),
        Format::Html => jixiao_report::html(&doc).into_bytes(),
        Format::Docx => jixiao_report::docx(&doc),
        Format::Pdf => {
            let fonts = fonts(args.font.as_deref(), lang)?;
            if fonts.is_embedded() {
                eprintln!(
                    "{}",
                    lang.pick(
                        "提示：未找到系统中文字体，使用内置 Noto Serif CJK SC（GB 2312 子集）；安装 fonts-noto-cjk（scripts/setup.sh）或用 --font 指定字体可得到完整字库",
                        "note: no Chinese font installed; using the embedded Noto Serif CJK SC (GB 2312 subset); install fonts-noto-cjk or pass --font for full coverage",
                    )
                );
                let missing = fonts.uncovered(&jixiao_report::markdown(&doc));
                if !missing.is_empty() {
                    let list: String = missing.iter().take(40).collect();
                    eprintln!(
                        "{}{list}",
                        lang.pick(
                            "警告：内置字体缺少以下字符，PDF 中将显示为空框：",
                            "warning: the embedded font lacks these characters (shown as boxes): ",
                        )
                    );
                }
            }
            jixiao_report::pdf(&doc, &PdfOptions { fonts: &fonts })?
        }
    };
    let ext = match args.format {
        Format::Docx => "docx",
        Format::Pdf => "pdf",
        Format::Html => "html",
        Format::Md => "md",
    };
    let output = match (&args.output, args.format) {
        (Some(p), _) if p.as_os_str() == "-" => None,
        (Some(p), _) => Some(p.clone()),
        (None, Format::Md) => None,
        (None, _) => Some(PathBuf::from(format!("{}.{ext}", doc.meta.title))),
    };
    match output {
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
        Some(p) => {
            std::fs::write(&p, &bytes).with_context(|| {
                format!("{}{}", lang.pick("无法写入 ", "cannot write "), p.display())
            })?;
            eprintln!(
                "{}{}（{} {}）",
                lang.pick("已生成 ", "wrote "),
                p.display(),
                bytes.len(),
                lang.pick("字节", "bytes")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
