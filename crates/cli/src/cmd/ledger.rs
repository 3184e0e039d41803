//! `jixiao ledger`: read a treasury voucher export (国库集中支付凭证) and print what was read
//! (`--summary`) or the sums by unit, project, 功能科目, 经济科目, 资金性质, 支付方式 and
//! period as a table, CSV or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use jixiao_ledger::{yuan_text, BadRow, By, Dims, Granularity, Ledger, LedgerError, Options};
use jixiao_model::Date;

use crate::table::{self, Align};
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 支付凭证文件：.csv（UTF-8 或 GBK，逗号或制表符分隔）或 .xlsx
    pub input: PathBuf,
    /// 只显示读取情况：行数、拒绝、重复、退回、按月合计（缺省：未给 --by 时）
    #[arg(long)]
    pub summary: bool,
    /// 汇总维度（可多个，逗号分隔）：unit 单位、project 单位×项目、function 功能科目、
    /// economic 经济科目、fund-nature 资金性质、pay-method 支付方式
    #[arg(long, value_enum, value_delimiter = ',')]
    pub by: Vec<ByArg>,
    /// 汇总期间
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 跳过无法读取的行（仍逐行列出）；缺省时有任何一行无法读取就整个文件不导入
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// 只计支付日期不晚于此日的凭证（YYYY-MM-DD）
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// 单位名录（每行一个单位编码或名称）：不在名录中的单位的凭证为无法读取的行
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,
    /// 写入文件而不是标准输出
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Unit,
    Project,
    Function,
    Economic,
    FundNature,
    PayMethod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    Month,
    Quarter,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// Print one bad row to stderr as it is found.
pub fn print_bad_row(b: &BadRow, origin: &str, skipped: bool, lang: Lang) {
    let what = match (skipped, lang) {
        (true, Lang::Zh) => "已跳过",
        (false, Lang::Zh) => "无法读取",
        (true, Lang::En) => "skipped",
        (false, Lang::En) => "bad row",
    };
    eprintln!(
        "{what}：{origin}:{}：{}\n    | {}",
        b.line, b.reason, b.content
    );
}

/// Read a ledger with the CLI's conventions: bad rows printed as found, errors explained.
pub fn read(path: &Path, opts: &Options, lang: Lang) -> anyhow::Result<Ledger> {
    let origin = path.display().to_string();
    let skip = opts.skip_bad_rows;
    let mut bad = |b: BadRow| print_bad_row(&b, &origin, skip, lang);
    match jixiao_ledger::read_path(path, opts, &mut bad) {
        Ok(l) => Ok(l),
        Err(LedgerError::MissingColumns {
            origin,
            missing,
            found,
        }) => {
            anyhow::bail!(
                "{}",
                lang.pick(
                    &format!(
                        "{origin}：缺少必需的列 {}。找到的列：{}。可用的列名（含常见写法）见 docs/monitoring.md",
                        missing.join("、"),
                        if found.is_empty() { "（无）".to_string() } else { found.join("、") }
                    ),
                    &format!(
                        "{origin}: missing required column(s) {}; found: {}",
                        missing.join(", "),
                        found.join(", ")
                    )
                )
            )
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

fn units_file(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("无法读取单位名录 {}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split([',', '\t']).next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect())
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let until = match &args.until {
        Some(t) => Some(Date::parse(t).with_context(|| {
            lang.pick(
                &format!("--until「{t}」不是有效日期，应写成 YYYY-MM-DD"),
                &format!("--until '{t}' is not a date (YYYY-MM-DD)"),
            )
            .to_string()
        })?),
        None => None,
    };
    let mut dims = Dims::default();
    let mut by = Vec::new();
    for b in &args.by {
        if *b == ByArg::Project && !by.contains(&By::Unit) {
            by.push(By::Unit);
        }
        let item = match b {
            ByArg::Unit => By::Unit,
            ByArg::Project => By::Project,
            ByArg::Function => {
                dims.function = true;
                By::Function
            }
            ByArg::Economic => {
                dims.economic = true;
                By::Economic
            }
            ByArg::FundNature => {
                dims.fund_nature = true;
                By::FundNature
            }
            ByArg::PayMethod => {
                dims.pay_method = true;
                By::PayMethod
            }
        };
        if !by.contains(&item) {
            by.push(item);
        }
    }
    let opts = Options {
        skip_bad_rows: args.skip_bad_rows,
        dims,
        until,
        known_units: match &args.units {
            Some(p) => Some(units_file(p)?),
            None => None,
        },
        only_units: None,
        threads: 0,
        block_size: 0,
    };
    let ledger = match read(&args.input, &opts, lang) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}: {e:#}", lang.pick("错误", "error"));
            return Ok(ExitCode::from(2));
        }
    };
    let period = match args.period {
        PeriodArg::Month => Granularity::Month,
        PeriodArg::Quarter => Granularity::Quarter,
        PeriodArg::Year => Granularity::Year,
    };
    let text = if args.summary || by.is_empty() {
        match args.format {
            Format::Json => serde_json::to_string_pretty(&SummaryJson::new(&ledger))? + "\n",
            _ => summary(&ledger, lang),
        }
    } else {
        let rows = ledger.sums(&by, period);
        match args.format {
            Format::Csv => sums_csv(&by, &rows),
            Format::Json => {
                serde_json::to_string_pretty(&SumsJson {
                    origin: &ledger.origin,
                    stats: &ledger.stats,
                    by: &by,
                    period,
                    rows: rows.iter().map(SumJson::from).collect(),
                })? + "\n"
            }
            Format::Table => sums_table(&by, &rows),
        }
    };
    match &args.output {
        Some(p) => std::fs::write(p, text).with_context(|| format!("无法写入 {}", p.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn headers(by: &[By]) -> Vec<&'static str> {
    let mut h = Vec::new();
    for b in by {
        match b {
            By::Unit => h.extend(["单位编码", "单位名称"]),
            By::Project => h.extend(["项目编码", "项目名称"]),
            By::Function => h.push("功能分类科目"),
            By::Economic => h.push("经济分类科目"),
            By::FundNature => h.push("资金性质"),
            By::PayMethod => h.push("支付方式"),
        }
    }
    h.extend(["期间", "金额（元）", "凭证数"]);
    h
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn sums_csv(by: &[By], rows: &[jixiao_ledger::SumRow]) -> String {
    let mut out = headers(by).join(",");
    out.push('\n');
    for r in rows {
        let mut cells: Vec<String> = r.key.iter().map(|k| csv_field(k)).collect();
        cells.push(r.period.clone());
        cells.push(yuan_text(r.cents));
        cells.push(r.vouchers.to_string());
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn sums_table(by: &[By], rows: &[jixiao_ledger::SumRow]) -> String {
    let h = headers(by);
    let mut aligns = vec![Align::Left; h.len()];
    let n = aligns.len();
    aligns[n - 2] = Align::Right;
    aligns[n - 1] = Align::Right;
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = r.key.clone();
            c.push(r.period.clone());
            c.push(yuan_text(r.cents));
            c.push(r.vouchers.to_string());
            c
        })
        .collect();
    table::render(&h, &aligns, &body)
}

fn summary(l: &Ledger, lang: Lang) -> String {
    let s = &l.stats;
    let mut out = String::new();
    let enc = l
        .encoding
        .map(|e| e.label().to_string())
        .unwrap_or_else(|| "xlsx".into());
    let delim = match l.delimiter {
        Some('\t') => "，制表符分隔".to_string(),
        Some(',') => "，逗号分隔".to_string(),
        Some(c) => format!("，以「{c}」分隔"),
        None => String::new(),
    };
    out.push_str(&format!(
        "{}（{enc}{delim}；表头在第 {} 行，金额单位：{}）\n",
        l.origin, l.header.line, l.header.amount_unit
    ));
    if !l.header.unmatched.is_empty() {
        let cols: Vec<String> = l
            .header
            .unmatched
            .iter()
            .map(|(i, h)| format!("第 {i} 列「{h}」"))
            .collect();
        out.push_str(&format!("未识别的列（已忽略）：{}\n", cols.join("、")));
    }
    let rows = [
        ("数据行", s.rows.to_string()),
        ("计入凭证", s.vouchers.to_string()),
        ("无法读取（已跳过）", s.rejected.to_string()),
        ("重复凭证（已剔除）", s.duplicates.to_string()),
        (
            "退回（已冲减）",
            format!("{} 笔，{} 元", s.refunds, yuan_text(s.refund_cents)),
        ),
        ("空行", s.blank.to_string()),
        ("合计行（已忽略）", s.summary_rows.to_string()),
        ("截止日期之后（未计入）", s.after_until.to_string()),
        ("单位数 × 项目数", format!("{} 组", l.groups.len())),
        ("净支出合计", format!("{} 元", yuan_text(s.total_cents))),
    ];
    for (k, v) in rows {
        if v == "0" && matches!(k, "空行" | "合计行（已忽略）" | "截止日期之后（未计入）")
        {
            continue;
        }
        out.push_str(&format!("  {}  {v}\n", table::pad(k, 22, Align::Left)));
    }
    out.push('\n');
    let months: Vec<Vec<String>> = l
        .by_month()
        .into_iter()
        .map(|((y, m), c, n)| vec![format!("{y}-{m:02}"), yuan_text(c), n.to_string()])
        .collect();
    out.push_str(&table::render(
        &[
            lang.pick("月份", "month"),
            lang.pick("净支出（元）", "net (yuan)"),
            lang.pick("凭证数", "vouchers"),
        ],
        &[Align::Left, Align::Right, Align::Right],
        &months,
    ));
    out
}

#[derive(serde::Serialize)]
struct SummaryJson<'a> {
    origin: &'a str,
    format: &'a str,
    encoding: Option<jixiao_ledger::Encoding>,
    delimiter: Option<String>,
    header: &'a jixiao_ledger::HeaderInfo,
    stats: &'a jixiao_ledger::Stats,
    groups: usize,
    months: Vec<MonthJson>,
}

#[derive(serde::Serialize)]
struct MonthJson {
    month: String,
    yuan: String,
    vouchers: u64,
}

impl<'a> SummaryJson<'a> {
    fn new(l: &'a Ledger) -> Self {
        SummaryJson {
            origin: &l.origin,
            format: l.format,
            encoding: l.encoding,
            delimiter: l.delimiter.map(String::from),
            header: &l.header,
            stats: &l.stats,
            groups: l.groups.len(),
            months: l
                .by_month()
                .into_iter()
                .map(|((y, m), c, n)| MonthJson {
                    month: format!("{y}-{m:02}"),
                    yuan: yuan_text(c),
                    vouchers: n,
                })
                .collect(),
        }
    }
}

#[derive(serde::Serialize)]
struct SumsJson<'a> {
    origin: &'a str,
    stats: &'a jixiao_ledger::Stats,
    by: &'a [By],
    period: Granularity,
    rows: Vec<SumJson>,
}

#[derive(serde::Serialize)]
struct SumJson {
    key: Vec<String>,
    period: String,
    yuan: String,
    vouchers: u64,
}

impl From<&jixiao_ledger::SumRow> for SumJson {
    fn from(r: &jixiao_ledger::SumRow) -> Self {
        SumJson {
            key: r.key.clone(),
            period: r.period.clone(),
            yuan: yuan_text(r.cents),
            vouchers: r.vouchers,
        }
    }
}

/// Replace a department-year's year-end execution figures with the ledger's (the treasury's
/// payments are the source of truth, system.md §6): 决算 total, 项目支出 (vouchers with a
/// project code) and 基本支出 (the rest), each project's 全年执行数 matched by 项目编码, and
/// the quarterly cumulative spending. Returns one line per figure replaced.
pub fn apply_year_end(d: &mut jixiao_model::DepartmentYear, ledger: &Ledger) -> Vec<String> {
    use jixiao_ledger::cents_to_money;
    let Some(year) = d
        .department
        .year
        .or_else(|| ledger.cells.first().map(|c| c.year))
    else {
        return Vec::new();
    };
    let code = d.department.code.clone().filter(|c| !c.trim().is_empty());
    let mine = |g: &jixiao_ledger::Group| code.as_deref().is_none_or(|c| g.unit_code == c);
    let sum = |m: [i128; 12]| m.iter().sum::<i128>();
    let all = ledger.monthly(year, |g| mine(g));
    let projects = ledger.monthly(year, |g| mine(g) && !g.project_code.is_empty());
    let mut changes = Vec::new();
    let mut set = |label: &str, slot: &mut Option<jixiao_model::Money>, v: jixiao_model::Money| {
        let old = slot
            .map(|m| format!("{m} 万元"))
            .unwrap_or_else(|| "未填".into());
        changes.push(format!("{label}：{old} → {v} 万元"));
        *slot = Some(v);
    };
    let f = &mut d.budget.final_accounts;
    set(
        "budget.final.total 决算合计",
        &mut f.total,
        cents_to_money(sum(all)),
    );
    set(
        "budget.final.project 项目支出",
        &mut f.project,
        cents_to_money(sum(projects)),
    );
    set(
        "budget.final.basic 基本支出",
        &mut f.basic,
        cents_to_money(sum(all) - sum(projects)),
    );
    for (i, p) in d.projects.items.iter_mut().enumerate() {
        let Some(pc) = p.code.clone().filter(|c| !c.trim().is_empty()) else {
            continue;
        };
        if !ledger
            .groups
            .iter()
            .any(|g| mine(g) && g.project_code == pc)
        {
            continue;
        }
        let m = ledger.monthly(year, |g| mine(g) && g.project_code == pc);
        set(
            &format!("projects.project[{i}].spent 全年执行数（{}）", p.name),
            &mut p.spent,
            cents_to_money(sum(m)),
        );
    }
    let mut cumulative = 0i128;
    let mut points = Vec::new();
    for q in 1..=4u8 {
        for m in (q - 1) * 3..q * 3 {
            cumulative += all[usize::from(m)];
        }
        points.push(jixiao_model::ProgressPoint {
            period: format!("Q{q}"),
            spent: Some(cents_to_money(cumulative)),
            ..Default::default()
        });
    }
    changes.push("progress：改为支付凭证的四个季度累计支出（支出进度按调整后预算推算）".into());
    d.progress = points;
    changes
}
