//! The template layout as data: which sheet holds which field of the department-year, under
//! which Chinese label, with which unit. The writer (`template.rs`) and the reader
//! (`read.rs`) both walk these tables, so the two cannot drift apart.
//!
//! A sheet has an optional *form block* (rows matched by their label in the first column,
//! one or more value columns matched by header) and an optional *list table* (one record a
//! row, columns matched by header). Rows and columns marked 〔自动计算〕 hold live formulas
//! and are never read back.

use jixiao_model::{
    Assessment, ChecklistAnswer, DepartmentYear, DutyTarget, FundLine, FundingSource,
    InstitutionRule, KeyTask, Money, Monitoring, Num, PerformanceTarget, PriorYearMonthly,
    ProgressPoint, Project, ReasonCategory, StatedFigure, Survey, TargetLevel1, TargetMonitoring,
    TargetOperator,
};

use crate::value::{Cv, FieldValue, Kind, PERIOD_LABELS};

type Getter<T> = Box<dyn Fn(&T) -> Option<Cv> + Send + Sync>;
type Setter<T> = Box<dyn Fn(&mut T, Option<Cv>) + Send + Sync>;

/// One field reachable from a `T`.
pub(crate) struct Slot<T> {
    /// Field path as written in the code (`budget.final_accounts.total`); see `model_path`.
    pub path: &'static str,
    pub kind: Kind,
    pub get: Getter<T>,
    pub set: Setter<T>,
}

impl<T> Slot<T> {
    fn signed(mut self) -> Self {
        self.kind = Kind::SignedMoney;
        self
    }
    fn long(mut self) -> Self {
        self.kind = Kind::LongText;
        self
    }
}

pub(crate) fn slot<T: 'static, F: FieldValue + 'static>(
    path: &'static str,
    get: fn(&T) -> &F,
    get_mut: fn(&mut T) -> &mut F,
) -> Slot<T> {
    Slot {
        path,
        kind: F::KIND,
        get: Box::new(move |t| get(t).to_cv()),
        set: Box::new(move |t, v| *get_mut(t) = F::from_cv(v)),
    }
}

macro_rules! f {
    ($t:ty, $($p:tt)+) => {
        slot::<$t, _>(stringify!($($p)+), |x| &x.$($p)+, |x| &mut x.$($p)+)
    };
}

/// A derived value shown by a formula.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op {
    /// Σ of the operands.
    Sum(&'static [&'static str]),
    /// a ÷ b × 100, two places.
    Ratio(&'static str, &'static str),
    /// (b − a) ÷ a × 100, two places.
    Change(&'static str, &'static str),
}

pub(crate) struct FormRow {
    pub label: &'static str,
    pub unit: &'static str,
    pub note: &'static str,
    /// (value column index, slot)
    pub cells: Vec<(usize, Slot<DepartmentYear>)>,
}

pub(crate) struct FormulaRow {
    pub label: &'static str,
    pub unit: &'static str,
    pub op: Op,
}

/// Rows matched by label, values under one or more headed columns.
pub(crate) struct Form {
    pub corner: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<FormRow>,
    pub formulas: Vec<FormulaRow>,
    pub value_width: f64,
}

pub(crate) struct Column<R> {
    pub header: &'static str,
    /// Unit shown in the header, e.g. "万元", "%".
    pub unit: &'static str,
    pub required: bool,
    pub width: f64,
    /// Dropdown offered for a free-text column (not enforced on import).
    pub list: Option<&'static [&'static str]>,
    pub slot: Slot<R>,
}

pub(crate) enum TCol<R> {
    Input(Column<R>),
    Formula {
        header: &'static str,
        unit: &'static str,
        op: Op,
    },
}

impl<R> TCol<R> {
    pub fn header(&self) -> &'static str {
        match self {
            TCol::Input(c) => c.header,
            TCol::Formula { header, .. } => header,
        }
    }
    pub fn unit(&self) -> &'static str {
        match self {
            TCol::Input(c) => c.unit,
            TCol::Formula { unit, .. } => unit,
        }
    }
}

/// A table row that was read, with where it came from.
pub(crate) struct ReadRow<R> {
    /// A1 reference of the row's first input column, for messages.
    pub cell: String,
    /// (slot path, A1 cell) of every value read on the row.
    pub fields: Vec<(&'static str, String)>,
    pub value: R,
}

/// Where a stored row went in the model (`progress[2]`) and the cells of its fields.
pub(crate) type Located = (String, Vec<(&'static str, String)>);

/// Problems found while storing rows (e.g. an indicator naming no project), and where each
/// stored row went.
pub(crate) type Stored = (Vec<(String, String)>, Vec<Located>);

/// Rows stored in order under `base` (`progress` → `progress[0]`, `progress[1]`…).
fn located<R>(base: &str, rows: &mut [ReadRow<R>]) -> Vec<Located> {
    rows.iter_mut()
        .enumerate()
        .map(|(i, r)| (format!("{base}[{i}]"), std::mem::take(&mut r.fields)))
        .collect()
}

/// The model path of a slot path: serde names, no wrapper fields.
pub(crate) fn model_path(path: &str) -> String {
    let p: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    let p = p.replace("final_accounts", "final");
    ["target.", "item.", "source."]
        .iter()
        .find_map(|w| p.strip_prefix(w).map(str::to_string))
        .unwrap_or(p)
}

pub(crate) struct Table<R> {
    pub columns: Vec<TCol<R>>,
    pub new_row: fn() -> R,
    pub rows: fn(&DepartmentYear) -> Vec<R>,
    pub store: fn(&mut DepartmentYear, Vec<ReadRow<R>>) -> Stored,
}

/// Type-erased table, so sheets can hold tables of different row types.
pub(crate) trait AnyTable: Send + Sync {
    fn width(&self) -> usize;
    fn as_writer(&self) -> &dyn crate::template::TableWriter;
    fn as_reader(&self) -> &dyn crate::read::TableReader;
    /// The columns, for [`layout`].
    fn column_infos(&self) -> Vec<ColumnInfo>;
    /// Each stored record's values as text, for [`layout`].
    fn row_texts(&self, d: &DepartmentYear) -> Vec<Vec<Option<String>>>;
}

impl<R: 'static> AnyTable for Table<R>
where
    Table<R>: crate::template::TableWriter + crate::read::TableReader,
{
    fn width(&self) -> usize {
        self.columns.len()
    }
    fn as_writer(&self) -> &dyn crate::template::TableWriter {
        self
    }
    fn as_reader(&self) -> &dyn crate::read::TableReader {
        self
    }
    fn column_infos(&self) -> Vec<ColumnInfo> {
        self.columns
            .iter()
            .map(|c| match c {
                TCol::Input(col) => ColumnInfo {
                    header: col.header,
                    unit: col.unit,
                    required: col.required,
                    kind: Some(FieldKind::of(col.slot.kind)),
                    formula: false,
                },
                TCol::Formula { header, unit, .. } => ColumnInfo {
                    header,
                    unit,
                    required: false,
                    kind: None,
                    formula: true,
                },
            })
            .collect()
    }
    fn row_texts(&self, d: &DepartmentYear) -> Vec<Vec<Option<String>>> {
        (self.rows)(d)
            .iter()
            .map(|r| {
                self.columns
                    .iter()
                    .map(|c| match c {
                        TCol::Input(col) => (col.slot.get)(r).map(|v| cv_text(&v)),
                        TCol::Formula { .. } => None,
                    })
                    .collect()
            })
            .collect()
    }
}

pub(crate) struct SheetDef {
    pub name: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub form: Option<Form>,
    pub table: Option<Box<dyn AnyTable>>,
}

// ---------------------------------------------------------------------------------------
// Builders

fn row(
    label: &'static str,
    unit: &'static str,
    note: &'static str,
    cells: Vec<(usize, Slot<DepartmentYear>)>,
) -> FormRow {
    FormRow {
        label,
        unit,
        note,
        cells,
    }
}

fn one(
    label: &'static str,
    unit: &'static str,
    note: &'static str,
    s: Slot<DepartmentYear>,
) -> FormRow {
    row(label, unit, note, vec![(0, s)])
}

fn single_form(rows: Vec<FormRow>, formulas: Vec<FormulaRow>, value_width: f64) -> Form {
    Form {
        corner: "项目",
        columns: vec!["填写内容"],
        rows,
        formulas,
        value_width,
    }
}

fn col<R>(header: &'static str, unit: &'static str, width: f64, slot: Slot<R>) -> TCol<R> {
    TCol::Input(Column {
        header,
        unit,
        required: false,
        width,
        list: None,
        slot,
    })
}

fn req<R>(header: &'static str, unit: &'static str, width: f64, slot: Slot<R>) -> TCol<R> {
    TCol::Input(Column {
        header,
        unit,
        required: true,
        width,
        list: None,
        slot,
    })
}

fn formula_row(label: &'static str, unit: &'static str, op: Op) -> FormulaRow {
    FormulaRow { label, unit, op }
}

type D = DepartmentYear;

/// Row type of 资金来源: which budget column, and the source.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceRow {
    pub column: String,
    pub source: FundingSource,
}

const SOURCE_COLUMNS: &[&str] = &["年初预算", "调整预算", "决算", "上年决算"];

/// Row type of 项目绩效指标.
#[derive(Debug, Clone)]
pub(crate) struct TargetRow {
    pub project: String,
    pub target: PerformanceTarget,
}

/// Row type of 评分要点.
#[derive(Debug, Clone, Default)]
pub(crate) struct ItemRow {
    pub indicator: String,
    pub item: ChecklistAnswer,
}

fn new_target() -> PerformanceTarget {
    PerformanceTarget {
        level1: TargetLevel1::Output,
        level2: String::new(),
        name: String::new(),
        operator: TargetOperator::AtLeast,
        value: None,
        value_high: None,
        value_text: None,
        unit: None,
        actual: None,
        actual_text: None,
        weight: None,
        score: None,
        self_score: None,
        deviation: None,
        monitoring: None,
    }
}

fn values<R>(rows: Vec<ReadRow<R>>) -> Vec<R> {
    rows.into_iter().map(|r| r.value).collect()
}

/// Split 制度覆盖领域 written as "预算、收支、资产".
fn split_list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', ';', '；', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn domains_slot() -> Slot<D> {
    Slot {
        path: "institutions.domains",
        kind: Kind::Text,
        get: Box::new(|d: &D| {
            if d.institutions.domains.is_empty() {
                None
            } else {
                Some(Cv::Text(d.institutions.domains.join("、")))
            }
        }),
        set: Box::new(|d: &mut D, v| {
            d.institutions.domains = match v {
                Some(Cv::Text(t)) => split_list(&t),
                _ => Vec::new(),
            }
        }),
    }
}

/// Every sheet of the template, in order (the instructions sheet is written separately).
pub(crate) fn sheets() -> Vec<SheetDef> {
    vec![
        basic_info(),
        budget(),
        sources(),
        sangong(),
        procurement(),
        progress(),
        carryover(),
        staffing(),
        assets(),
        projects(),
        targets(),
        key_tasks(),
        duty_targets(),
        institutions(),
        petitions(),
        narrative(),
        stated(),
        assessments(),
        assessment_items(),
        monitoring(),
        monitoring_funds(),
        monitoring_prior(),
    ]
}

/// Sheets a workbook may lack (made by an older template): reading treats them as empty.
pub(crate) const OPTIONAL_SHEETS: &[&str] = &["运行监控", "监控资金来源", "以前年度月度支出"];

/// A slot of a target's monitoring point, created when a cell is read.
fn tm<F: FieldValue + 'static>(
    path: &'static str,
    get: fn(&TargetMonitoring) -> &F,
    set: fn(&mut TargetMonitoring) -> &mut F,
) -> Slot<TargetRow> {
    Slot {
        path,
        kind: F::KIND,
        get: Box::new(move |r: &TargetRow| {
            r.target.monitoring.as_ref().and_then(|m| get(m).to_cv())
        }),
        set: Box::new(move |r: &mut TargetRow, v| {
            let m = r
                .target
                .monitoring
                .get_or_insert_with(TargetMonitoring::default);
            *set(m) = F::from_cv(v);
        }),
    }
}

/// What 对象 names: the department as a whole, or a project.
const WHOLE: &str = "部门整体";

/// The monitoring point of 对象 `subject` (created), with its model path, or an error.
fn point_of<'d>(
    d: &'d mut DepartmentYear,
    subject: &str,
) -> Result<(&'d mut Monitoring, String), String> {
    if subject == WHOLE {
        return Ok((
            d.monitoring.get_or_insert_with(Monitoring::default),
            "monitoring".into(),
        ));
    }
    match d
        .projects
        .items
        .iter_mut()
        .enumerate()
        .find(|(_, p)| p.name == subject)
    {
        Some((i, p)) => Ok((
            p.monitoring.get_or_insert_with(Monitoring::default),
            format!("projects.project[{i}].monitoring"),
        )),
        None => Err(format!(
            "「{subject}」既不是“{WHOLE}”，也不在“项目”表中：请填“{WHOLE}”或项目名称"
        )),
    }
}

/// Every monitoring point with its 对象, the department first.
fn points(d: &DepartmentYear) -> Vec<(String, &Monitoring)> {
    let mut out = Vec::new();
    if let Some(m) = &d.monitoring {
        out.push((WHOLE.to_string(), m));
    }
    for p in &d.projects.items {
        if let Some(m) = &p.monitoring {
            out.push((p.name.clone(), m));
        }
    }
    out
}

/// Drop monitoring points left empty by blank rows.
fn prune(d: &mut DepartmentYear) {
    if d.monitoring
        .as_ref()
        .is_some_and(|m| *m == Monitoring::default())
    {
        d.monitoring = None;
    }
    for p in &mut d.projects.items {
        if p.monitoring
            .as_ref()
            .is_some_and(|m| *m == Monitoring::default())
        {
            p.monitoring = None;
        }
    }
}

/// Row type of 运行监控: one monitoring point's figures and its months.
#[derive(Debug, Clone, Default)]
pub(crate) struct MonRow {
    pub subject: String,
    pub as_of: Option<String>,
    pub spent: Option<Money>,
    pub forecast_spent: Option<Money>,
    pub reason: Option<String>,
    pub reason_category: Option<ReasonCategory>,
    pub measures: Option<String>,
    pub months: [Option<Money>; 12],
}

/// Row type of 以前年度月度支出.
#[derive(Debug, Clone, Default)]
pub(crate) struct PriorRow {
    pub subject: String,
    pub year: Option<i32>,
    pub months: [Option<Money>; 12],
}

/// Row type of 监控资金来源.
#[derive(Debug, Clone, Default)]
pub(crate) struct FundRowIn {
    pub subject: String,
    pub fund: FundLine,
}

macro_rules! month_cols {
    ($r:ty; $($i:literal $h:literal),*) => {
        vec![$(col($h, "万元", 10.0, Slot::<$r> {
            path: concat!("months[", $i, "]"),
            kind: Kind::SignedMoney,
            get: Box::new(|r: &$r| r.months[$i].map(Cv::Money)),
            set: Box::new(|r: &mut $r, v| r.months[$i] = match v { Some(Cv::Money(m)) => Some(m), _ => None }),
        })),*]
    };
}

/// Months as a list: trailing blanks dropped; a blank inside is an error.
fn month_list(months: &[Option<Money>; 12]) -> Result<Vec<Money>, String> {
    let n = months
        .iter()
        .rposition(Option::is_some)
        .map_or(0, |i| i + 1);
    let mut out = Vec::with_capacity(n);
    for (i, m) in months[..n].iter().enumerate() {
        match m {
            Some(m) => out.push(*m),
            None => {
                return Err(format!(
                    "{} 月未填，但之后的月份有数：没有支出的月份请填 0",
                    i + 1
                ))
            }
        }
    }
    Ok(out)
}

fn monitoring() -> SheetDef {
    type R = MonRow;
    let mut columns = vec![
        req("对象", "", 26.0, f!(R, subject)),
        col("数据截至日期", "", 13.0, f!(R, as_of)),
        col("累计支出", "万元", 12.0, f!(R, spent)),
        col("全年预计执行数", "万元", 12.0, f!(R, forecast_spent)),
        col("偏差原因", "", 30.0, f!(R, reason).long()),
        col("原因分类", "", 12.0, f!(R, reason_category)),
        col("纠偏措施", "", 30.0, f!(R, measures).long()),
    ];
    columns.extend(
        month_cols!(R; 0 "1月", 1 "2月", 2 "3月", 3 "4月", 4 "5月", 5 "6月",
        6 "7月", 7 "8月", 8 "9月", 9 "10月", 10 "11月", 11 "12月"),
    );
    SheetDef {
        name: "运行监控",
        title: "绩效运行监控（双监控）：截至监控日期的资金执行",
        hint: "每行一个监控对象：“对象”填“部门整体”或与“项目”表一致的项目名称。累计支出可直接填，也可逐月填 1—12 月当月支出（万元，已扣除退回，可为负）；日期写 YYYY-MM-DD。资金来源明细填“监控资金来源”表，指标完成情况填“项目绩效指标”表右侧各列。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns,
            new_row: R::default,
            rows: |d| {
                points(d)
                    .into_iter()
                    .filter(|(_, m)| {
                        m.as_of.is_some()
                            || m.spent.is_some()
                            || m.forecast_spent.is_some()
                            || m.reason.is_some()
                            || m.reason_category.is_some()
                            || m.measures.is_some()
                            || !m.monthly.is_empty()
                    })
                    .map(|(subject, m)| {
                        let mut months = [None; 12];
                        for (i, v) in m.monthly.iter().take(12).enumerate() {
                            months[i] = Some(*v);
                        }
                        MonRow {
                            subject,
                            as_of: m.as_of.clone(),
                            spent: m.spent,
                            forecast_spent: m.forecast_spent,
                            reason: m.reason.clone(),
                            reason_category: m.reason_category,
                            measures: m.measures.clone(),
                            months,
                        }
                    })
                    .collect()
            },
            store: |d, rows| {
                let mut errors = Vec::new();
                let mut loc = Vec::new();
                for r in rows {
                    let months = match month_list(&r.value.months) {
                        Ok(m) => m,
                        Err(e) => {
                            errors.push((r.cell.clone(), e));
                            continue;
                        }
                    };
                    match point_of(d, &r.value.subject) {
                        Ok((m, path)) => {
                            let v = r.value;
                            m.as_of = v.as_of;
                            m.spent = v.spent;
                            m.forecast_spent = v.forecast_spent;
                            m.reason = v.reason;
                            m.reason_category = v.reason_category;
                            m.measures = v.measures;
                            m.monthly = months;
                            let fields = r
                                .fields
                                .into_iter()
                                .map(|(p, c)| (if p.starts_with("months[") { MONTH_PATHS[month_index(p)] } else { p }, c))
                                .collect();
                            loc.push((path, fields));
                        }
                        Err(e) => errors.push((r.cell, e)),
                    }
                }
                prune(d);
                (errors, loc)
            },
        })),
    }
}

const MONTH_PATHS: [&str; 12] = [
    "monthly[0]",
    "monthly[1]",
    "monthly[2]",
    "monthly[3]",
    "monthly[4]",
    "monthly[5]",
    "monthly[6]",
    "monthly[7]",
    "monthly[8]",
    "monthly[9]",
    "monthly[10]",
    "monthly[11]",
];

fn month_index(path: &str) -> usize {
    path.trim_start_matches("months[")
        .trim_end_matches(']')
        .parse::<usize>()
        .unwrap_or(0)
        .min(11)
}

fn monitoring_funds() -> SheetDef {
    type R = FundRowIn;
    SheetDef {
        name: "监控资金来源",
        title: "运行监控：资金来源明细（年初预算、调整预算、调整后预算、累计支出）",
        hint: "每行一个对象的一个资金来源；“对象”填“部门整体”或项目名称。金额单位：万元；调减填负数。调整后预算 = 年初预算 + 调整预算。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("对象", "", 26.0, f!(R, subject)),
                req("资金来源", "", 16.0, f!(R, fund.source)),
                col("年初预算", "万元", 12.0, f!(R, fund.initial)),
                col("调整预算", "万元", 12.0, f!(R, fund.adjustment).signed()),
                col("调整后预算", "万元", 12.0, f!(R, fund.adjusted)),
                col("累计支出", "万元", 12.0, f!(R, fund.spent)),
                TCol::Formula {
                    header: "〔自动计算〕执行率",
                    unit: "%",
                    op: Op::Ratio("累计支出", "调整后预算"),
                },
            ],
            new_row: R::default,
            rows: |d| {
                points(d)
                    .into_iter()
                    .flat_map(|(subject, m)| {
                        m.funds.iter().map(move |f| FundRowIn {
                            subject: subject.clone(),
                            fund: f.clone(),
                        })
                    })
                    .collect()
            },
            store: |d, rows| {
                let mut errors = Vec::new();
                let mut loc = Vec::new();
                for r in rows {
                    match point_of(d, &r.value.subject) {
                        Ok((m, path)) => {
                            let fields = r
                                .fields
                                .into_iter()
                                .map(|(p, c)| (p.strip_prefix("fund.").unwrap_or(p), c))
                                .collect();
                            loc.push((format!("{path}.fund[{}]", m.funds.len()), fields));
                            m.funds.push(r.value.fund);
                        }
                        Err(e) => errors.push((r.cell, e)),
                    }
                }
                prune(d);
                (errors, loc)
            },
        })),
    }
}

fn monitoring_prior() -> SheetDef {
    type R = PriorRow;
    let mut columns = vec![
        req("对象", "", 26.0, f!(R, subject)),
        col("年度", "", 8.0, f!(R, year)),
    ];
    columns.extend(
        month_cols!(R; 0 "1月", 1 "2月", 2 "3月", 3 "4月", 4 "5月", 5 "6月",
        6 "7月", 7 "8月", 8 "9月", 9 "10月", 10 "11月", 11 "12月"),
    );
    SheetDef {
        name: "以前年度月度支出",
        title: "以前年度月度支出（用于按历史进度预测全年执行数）",
        hint: "每行一个对象的一个以前年度，1—12 月逐月支出（万元）须填满；“对象”填“部门整体”或项目名称。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns,
            new_row: R::default,
            rows: |d| {
                points(d)
                    .into_iter()
                    .flat_map(|(subject, m)| {
                        m.prior_years.iter().map(move |p| {
                            let mut months = [None; 12];
                            for (i, v) in p.monthly.iter().take(12).enumerate() {
                                months[i] = Some(*v);
                            }
                            PriorRow {
                                subject: subject.clone(),
                                year: p.year,
                                months,
                            }
                        })
                    })
                    .collect()
            },
            store: |d, rows| {
                let mut errors = Vec::new();
                let mut loc = Vec::new();
                for r in rows {
                    let monthly = match month_list(&r.value.months) {
                        Ok(m) => m,
                        Err(e) => {
                            errors.push((r.cell.clone(), e));
                            continue;
                        }
                    };
                    match point_of(d, &r.value.subject) {
                        Ok((m, path)) => {
                            let base = format!("{path}.prior_year[{}]", m.prior_years.len());
                            let fields = r
                                .fields
                                .into_iter()
                                .map(|(p, c)| (if p.starts_with("months[") { MONTH_PATHS[month_index(p)] } else { p }, c))
                                .collect();
                            loc.push((base, fields));
                            m.prior_years.push(PriorYearMonthly {
                                year: r.value.year,
                                monthly,
                            });
                        }
                        Err(e) => errors.push((r.cell, e)),
                    }
                }
                prune(d);
                (errors, loc)
            },
        })),
    }
}

fn basic_info() -> SheetDef {
    SheetDef {
        name: "基本信息",
        title: "部门基本信息",
        hint: "填写部门（单位）名称、评价年度等基本信息。",
        form: Some(single_form(
            vec![
                one("部门（单位）名称", "", "与公章一致", f!(D, department.name)),
                one("单位编码", "", "", f!(D, department.code)),
                one("级次", "", "区级、市级、省级……", f!(D, department.level)),
                one("评价年度", "年", "如 2024", f!(D, department.year)),
                one(
                    "主要职能",
                    "",
                    "三定方案所列主要职能",
                    f!(D, department.functions).long(),
                ),
                one("单位主要负责人", "", "", f!(D, department.head)),
                one("填报人", "", "", f!(D, department.preparer)),
                one("联系电话", "", "", f!(D, department.phone)),
                one(
                    "数据来源说明",
                    "",
                    "如“2021 年度部门整体绩效评价报告”",
                    f!(D, department.source),
                ),
                one(
                    "默认评价框架",
                    "",
                    "如 longhua-4e；命令行 --framework 优先",
                    f!(D, evaluation.framework),
                ),
                one(
                    "数据截止日期",
                    "",
                    "YYYY-MM-DD，用于支付进度率和运行监控",
                    f!(D, evaluation.as_of),
                ),
            ],
            vec![],
            48.0,
        )),
        table: None,
    }
}

fn budget() -> SheetDef {
    fn four(label: &'static str, note: &'static str, g: fn() -> [Slot<D>; 4]) -> FormRow {
        let [a, b, c, d] = g();
        row(label, "万元", note, vec![(0, a), (1, b), (2, c), (3, d)])
    }
    SheetDef {
        name: "预算与决算",
        title: "预算与决算（财政拨款）",
        hint: "金额单位：万元（可直接填「3500 元」等带单位的文本，导入时精确换算）。合计 = 基本支出 + 项目支出；基本支出 = 人员经费 + 日常公用经费。灰色行为自动计算，不读取。",
        form: Some(Form {
            corner: "项目",
            columns: vec!["年初预算", "调整预算（全年预算数）", "决算（全年执行数）", "上年决算"],
            rows: vec![
                four("合计", "", || {
                    [
                        f!(D, budget.initial.total),
                        f!(D, budget.adjusted.total),
                        f!(D, budget.final_accounts.total),
                        f!(D, prior_year.final_accounts.total),
                    ]
                }),
                four("基本支出", "", || {
                    [
                        f!(D, budget.initial.basic),
                        f!(D, budget.adjusted.basic),
                        f!(D, budget.final_accounts.basic),
                        f!(D, prior_year.final_accounts.basic),
                    ]
                }),
                four("其中：人员经费", "", || {
                    [
                        f!(D, budget.initial.personnel),
                        f!(D, budget.adjusted.personnel),
                        f!(D, budget.final_accounts.personnel),
                        f!(D, prior_year.final_accounts.personnel),
                    ]
                }),
                four("其中：日常公用经费", "即公用经费", || {
                    [
                        f!(D, budget.initial.public_funds),
                        f!(D, budget.adjusted.public_funds),
                        f!(D, budget.final_accounts.public_funds),
                        f!(D, prior_year.final_accounts.public_funds),
                    ]
                }),
                four("项目支出", "", || {
                    [
                        f!(D, budget.initial.project),
                        f!(D, budget.adjusted.project),
                        f!(D, budget.final_accounts.project),
                        f!(D, prior_year.final_accounts.project),
                    ]
                }),
                four("其中：基本建设类项目", "", || {
                    [
                        f!(D, budget.initial.capital_construction),
                        f!(D, budget.adjusted.capital_construction),
                        f!(D, budget.final_accounts.capital_construction),
                        f!(D, prior_year.final_accounts.capital_construction),
                    ]
                }),
                row(
                    "是否全部为财政拨款",
                    "是/否",
                    "",
                    vec![
                        (0, f!(D, budget.initial.all_fiscal)),
                        (1, f!(D, budget.adjusted.all_fiscal)),
                        (2, f!(D, budget.final_accounts.all_fiscal)),
                        (3, f!(D, prior_year.final_accounts.all_fiscal)),
                    ],
                ),
                row(
                    "预算调整发生额：追加",
                    "万元",
                    "只填“调整预算”列：年度内追加预算合计（D07 预算调整数 = 追加 + 追减 + 调剂；不填时按 |调整预算 − 年初预算| 计）",
                    vec![(1, f!(D, budget.adjustments.added))],
                ),
                row(
                    "预算调整发生额：追减",
                    "万元",
                    "只填“调整预算”列：年度内追减预算合计（填正数）",
                    vec![(1, f!(D, budget.adjustments.reduced))],
                ),
                row(
                    "预算调整发生额：调剂",
                    "万元",
                    "只填“调整预算”列：年度内结构调整（调剂）合计",
                    vec![(1, f!(D, budget.adjustments.reallocated))],
                ),
                row(
                    "可剔除的预算调整数",
                    "万元",
                    "只填“调整预算”列：因国家政策、不可抗力、临时交办任务等可剔除的调整数（D07 口径）",
                    vec![(1, f!(D, budget.excluded_adjustment))],
                ),
                row(
                    "重点项目支出",
                    "万元",
                    "只填“决算”列：重点项目支出（D05 分子）",
                    vec![(2, f!(D, budget.key_project_spending))],
                ),
            ],
            formulas: vec![
                formula_row(
                    "〔自动计算〕基本支出＋项目支出",
                    "万元",
                    Op::Sum(&["基本支出", "项目支出"]),
                ),
                formula_row(
                    "〔自动计算〕人员经费＋日常公用经费",
                    "万元",
                    Op::Sum(&["其中：人员经费", "其中：日常公用经费"]),
                ),
            ],
            value_width: 19.0,
        }),
        table: None,
    }
}

fn sources() -> SheetDef {
    type R = SourceRow;
    SheetDef {
        name: "资金来源",
        title: "预算按资金来源",
        hint: "每行一个资金来源（一般公共预算、政府性基金、其他资金……）；“预算口径”选年初预算、调整预算、决算或上年决算。金额单位：万元。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                TCol::Input(Column {
                    header: "预算口径",
                    unit: "",
                    required: true,
                    width: 14.0,
                    list: None,
                    slot: Slot {
                        path: "column",
                        kind: Kind::Choice(SOURCE_COLUMNS),
                        get: Box::new(|r: &R| Some(Cv::Text(r.column.clone()))),
                        set: Box::new(|r: &mut R, v| {
                            if let Some(Cv::Text(t)) = v {
                                r.column = t;
                            }
                        }),
                    },
                }),
                req("资金来源", "", 28.0, f!(R, source.name)),
                col("金额", "万元", 16.0, f!(R, source.amount)),
            ],
            new_row: R::default,
            rows: |d| {
                let mut out = Vec::new();
                for (label, b) in SOURCE_COLUMNS.iter().zip([
                    &d.budget.initial,
                    &d.budget.adjusted,
                    &d.budget.final_accounts,
                    &d.prior_year.final_accounts,
                ]) {
                    for s in &b.sources {
                        out.push(SourceRow {
                            column: label.to_string(),
                            source: s.clone(),
                        });
                    }
                }
                out
            },
            store: |d, rows| {
                let mut loc = Vec::new();
                for r in rows {
                    let (base, target) = match r.value.column.as_str() {
                        "年初预算" => ("budget.initial", &mut d.budget.initial),
                        "调整预算" => ("budget.adjusted", &mut d.budget.adjusted),
                        "决算" => ("budget.final", &mut d.budget.final_accounts),
                        _ => ("prior_year.final", &mut d.prior_year.final_accounts),
                    };
                    loc.push((format!("{base}.sources[{}]", target.sources.len()), r.fields));
                    target.sources.push(r.value.source);
                }
                (Vec::new(), loc)
            },
        })),
    }
}

fn sangong() -> SheetDef {
    fn six(label: &'static str, g: fn() -> [Slot<D>; 6]) -> FormRow {
        let [a, b, c, d, e, f] = g();
        row(
            label,
            "万元",
            "",
            vec![(0, a), (1, b), (2, c), (3, d.signed()), (4, e), (5, f)],
        )
    }
    SheetDef {
        name: "三公经费",
        title: "三公经费",
        hint: "金额单位：万元。合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行维护费。“与上年相比变动额”减少填负数。灰色行为自动计算，不读取。",
        form: Some(Form {
            corner: "项目",
            columns: vec![
                "年初预算",
                "调整预算",
                "实际支出",
                "与上年相比变动额",
                "上年预算",
                "上年实际支出",
            ],
            rows: vec![
                six("合计", || {
                    [
                        f!(D, sangong.initial_budget.total),
                        f!(D, sangong.adjusted_budget.total),
                        f!(D, sangong.actual.total),
                        f!(D, sangong.actual_change_vs_prior.total),
                        f!(D, prior_year.sangong_budget.total),
                        f!(D, prior_year.sangong_actual.total),
                    ]
                }),
                six("因公出国（境）费", || {
                    [
                        f!(D, sangong.initial_budget.overseas),
                        f!(D, sangong.adjusted_budget.overseas),
                        f!(D, sangong.actual.overseas),
                        f!(D, sangong.actual_change_vs_prior.overseas),
                        f!(D, prior_year.sangong_budget.overseas),
                        f!(D, prior_year.sangong_actual.overseas),
                    ]
                }),
                six("公务接待费", || {
                    [
                        f!(D, sangong.initial_budget.reception),
                        f!(D, sangong.adjusted_budget.reception),
                        f!(D, sangong.actual.reception),
                        f!(D, sangong.actual_change_vs_prior.reception),
                        f!(D, prior_year.sangong_budget.reception),
                        f!(D, prior_year.sangong_actual.reception),
                    ]
                }),
                six("公务用车购置及运行维护费", || {
                    [
                        f!(D, sangong.initial_budget.vehicle),
                        f!(D, sangong.adjusted_budget.vehicle),
                        f!(D, sangong.actual.vehicle),
                        f!(D, sangong.actual_change_vs_prior.vehicle),
                        f!(D, prior_year.sangong_budget.vehicle),
                        f!(D, prior_year.sangong_actual.vehicle),
                    ]
                }),
                six("其中：公务用车购置费", || {
                    [
                        f!(D, sangong.initial_budget.vehicle_purchase),
                        f!(D, sangong.adjusted_budget.vehicle_purchase),
                        f!(D, sangong.actual.vehicle_purchase),
                        f!(D, sangong.actual_change_vs_prior.vehicle_purchase),
                        f!(D, prior_year.sangong_budget.vehicle_purchase),
                        f!(D, prior_year.sangong_actual.vehicle_purchase),
                    ]
                }),
                six("其中：公务用车运行维护费", || {
                    [
                        f!(D, sangong.initial_budget.vehicle_operation),
                        f!(D, sangong.adjusted_budget.vehicle_operation),
                        f!(D, sangong.actual.vehicle_operation),
                        f!(D, sangong.actual_change_vs_prior.vehicle_operation),
                        f!(D, prior_year.sangong_budget.vehicle_operation),
                        f!(D, prior_year.sangong_actual.vehicle_operation),
                    ]
                }),
                row(
                    "本年购置公务用车数量",
                    "台",
                    "只填“实际支出”列",
                    vec![(2, f!(D, sangong.vehicles_purchased))],
                ),
            ],
            formulas: vec![
                formula_row(
                    "〔自动计算〕出国＋接待＋用车",
                    "万元",
                    Op::Sum(&["因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"]),
                ),
                formula_row(
                    "〔自动计算〕购置＋运行维护",
                    "万元",
                    Op::Sum(&["其中：公务用车购置费", "其中：公务用车运行维护费"]),
                ),
            ],
            value_width: 14.0,
        }),
        table: None,
    }
}

fn procurement() -> SheetDef {
    SheetDef {
        name: "政府采购",
        title: "政府采购",
        hint: "金额单位：万元。合计 = 货物 + 工程 + 服务。“年初预算”只填合计行。灰色行为自动计算，不读取。",
        form: Some(Form {
            corner: "项目",
            columns: vec!["年初预算", "采购计划", "实际采购"],
            rows: vec![
                row(
                    "合计",
                    "万元",
                    "",
                    vec![
                        (0, f!(D, procurement.initial_budget)),
                        (1, f!(D, procurement.plan.total)),
                        (2, f!(D, procurement.actual.total)),
                    ],
                ),
                row(
                    "货物",
                    "万元",
                    "",
                    vec![(1, f!(D, procurement.plan.goods)), (2, f!(D, procurement.actual.goods))],
                ),
                row(
                    "工程",
                    "万元",
                    "",
                    vec![(1, f!(D, procurement.plan.works)), (2, f!(D, procurement.actual.works))],
                ),
                row(
                    "服务",
                    "万元",
                    "",
                    vec![
                        (1, f!(D, procurement.plan.services)),
                        (2, f!(D, procurement.actual.services)),
                    ],
                ),
            ],
            formulas: vec![formula_row(
                "〔自动计算〕货物＋工程＋服务",
                "万元",
                Op::Sum(&["货物", "工程", "服务"]),
            )],
            value_width: 16.0,
        }),
        table: None,
    }
}

fn progress() -> SheetDef {
    type R = ProgressPoint;
    SheetDef {
        name: "支出进度",
        title: "支出进度（累计）",
        hint: "按时间先后逐期填写累计数。期间：Q1–Q4（季度）或 M01–M12（月份）。百分比填数字，26 表示 26%。序时进度可不填（季度按 25/50/75/100 推算）。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                TCol::Input(Column {
                    header: "期间",
                    unit: "",
                    required: true,
                    width: 10.0,
                    list: Some(PERIOD_LABELS),
                    slot: f!(R, period),
                }),
                col("累计支出进度", "%", 14.0, f!(R, spent_pct)),
                col("累计支出金额", "万元", 16.0, f!(R, spent)),
                col("序时进度", "%", 12.0, f!(R, time_pct)),
                TCol::Formula {
                    header: "〔自动计算〕执行率",
                    unit: "%",
                    op: Op::Ratio("累计支出进度", "序时进度"),
                },
            ],
            new_row: R::default,
            rows: |d| d.progress.clone(),
            store: |d, mut rows| {
                let loc = located("progress", &mut rows);
                d.progress = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn carryover() -> SheetDef {
    SheetDef {
        name: "结转结余",
        title: "财政拨款结转结余",
        hint: "金额单位：万元。",
        form: Some(single_form(
            vec![
                one("年初结转和结余", "万元", "", f!(D, carryover.opening)),
                one("年末结转和结余", "万元", "", f!(D, carryover.closing)),
                one(
                    "上年末结转结余",
                    "万元",
                    "缺省时取本年年初数",
                    f!(D, prior_year.carryover_closing),
                ),
            ],
            vec![formula_row(
                "〔自动计算〕结转结余变动率",
                "%",
                Op::Change("年初结转和结余", "年末结转和结余"),
            )],
            18.0,
        )),
        table: None,
    }
}

fn staffing() -> SheetDef {
    SheetDef {
        name: "人员",
        title: "人员编制",
        hint: "",
        form: Some(single_form(
            vec![
                one("编制数", "人", "", f!(D, staffing.authorized)),
                one("在职人数", "人", "", f!(D, staffing.actual)),
            ],
            vec![formula_row(
                "〔自动计算〕在职人员控制率",
                "%",
                Op::Ratio("在职人数", "编制数"),
            )],
            18.0,
        )),
        table: None,
    }
}

fn assets() -> SheetDef {
    SheetDef {
        name: "资产",
        title: "资产",
        hint: "金额单位：万元（账面价值）。",
        form: Some(single_form(
            vec![
                one(
                    "新购固定资产",
                    "万元",
                    "账面价值",
                    f!(D, assets.fixed_purchased),
                ),
                one(
                    "调拨（划入）固定资产",
                    "万元",
                    "",
                    f!(D, assets.fixed_transferred_in),
                ),
                one(
                    "新购无形资产",
                    "万元",
                    "",
                    f!(D, assets.intangible_purchased),
                ),
                one(
                    "调拨无形资产",
                    "万元",
                    "",
                    f!(D, assets.intangible_transferred_in),
                ),
                one(
                    "报废处置资产账面价值",
                    "万元",
                    "",
                    f!(D, assets.disposed_book_value),
                ),
                one("处置残值", "万元", "", f!(D, assets.disposal_residual)),
                one(
                    "处置残值是否已上缴财政",
                    "是/否",
                    "",
                    f!(D, assets.disposal_residual_remitted),
                ),
                one(
                    "从其他单位调入资产",
                    "万元",
                    "账面价值",
                    f!(D, assets.received_from_other_units),
                ),
                one(
                    "年末固定资产账面原值",
                    "万元",
                    "",
                    f!(D, assets.fixed_original_value),
                ),
                one(
                    "年末在用固定资产原值",
                    "万元",
                    "",
                    f!(D, assets.fixed_in_use_value),
                ),
                one(
                    "出租出借资产价值",
                    "万元",
                    "",
                    f!(D, assets.rented_out_value),
                ),
                one(
                    "是否开展资产清查盘点",
                    "是/否",
                    "",
                    f!(D, assets.stocktake_done),
                ),
                one(
                    "是否账实相符",
                    "是/否",
                    "",
                    f!(D, assets.books_match_physical),
                ),
            ],
            vec![formula_row(
                "〔自动计算〕固定资产利用率",
                "%",
                Op::Ratio("年末在用固定资产原值", "年末固定资产账面原值"),
            )],
            18.0,
        )),
        table: None,
    }
}

fn projects() -> SheetDef {
    type R = Project;
    SheetDef {
        name: "项目",
        title: "项目（二级项目）",
        hint: "上方填汇总数，下方每行一个项目。金额单位：万元。项目名称须唯一（“项目绩效指标”表按名称对应）。",
        form: Some(single_form(
            vec![
                one("计划项目数", "个", "全年执行项目数", f!(D, projects.planned_count)),
                one("完成项目数", "个", "", f!(D, projects.completed_count)),
                one("按时完成项目数", "个", "", f!(D, projects.on_time_count)),
                one("质量达标项目数", "个", "", f!(D, projects.quality_count)),
                one("是否所有项目均设置绩效目标", "是/否", "", f!(D, projects.all_have_targets)),
            ],
            vec![],
            16.0,
        )),
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("项目名称", "", 30.0, f!(R, name)),
                col("项目编码", "", 14.0, f!(R, code)),
                col("是否重点项目", "", 10.0, f!(R, key)),
                col("是否基本建设类", "", 10.0, f!(R, capital_construction)),
                col("年初预算数", "万元", 14.0, f!(R, budget_initial)),
                col("全年预算数（A）", "万元", 14.0, f!(R, budget_annual)),
                col("全年执行数（B）", "万元", 14.0, f!(R, spent)),
                TCol::Formula {
                    header: "〔自动计算〕执行率（B/A）",
                    unit: "%",
                    op: Op::Ratio("全年执行数（B）", "全年预算数（A）"),
                },
                col("状态", "", 10.0, f!(R, status)),
                col("是否按时完成", "", 10.0, f!(R, on_time)),
                col("质量是否达标", "", 10.0, f!(R, quality_ok)),
                col("年度总体目标", "", 36.0, f!(R, goal).long()),
                col("年度总体目标实际完成情况", "", 36.0, f!(R, goal_result).long()),
            ],
            new_row: R::default,
            rows: |d| {
                d.projects
                    .items
                    .iter()
                    .map(|p| Project {
                        targets: Vec::new(),
                        ..p.clone()
                    })
                    .collect()
            },
            store: |d, mut rows| {
                let mut errors = Vec::new();
                let mut seen = std::collections::HashMap::new();
                for r in &rows {
                    if let Some(first) = seen.insert(r.value.name.clone(), r.cell.clone()) {
                        errors.push((
                            r.cell.clone(),
                            format!(
                                "项目名称「{}」重复（{} 已有同名项目），绩效指标无法对应",
                                r.value.name, first
                            ),
                        ));
                    }
                }
                let loc = located("projects.project", &mut rows);
                d.projects.items = values(rows);
                (errors, loc)
            },
        })),
    }
}

fn targets() -> SheetDef {
    type R = TargetRow;
    SheetDef {
        name: "项目绩效指标",
        title: "项目绩效指标（一级 / 二级 / 三级）",
        hint: "每行一个三级指标，“项目名称”须与“项目”表一致。比较方式：≥ ≤ = > < 区间 定性；区间填下限和上限，定性填定性目标与实际等级（达成/部分达成/未达成，或“达成年度指标”等正式表述；优/良/中/差），并在等级分值区间内打分（达成 80%–100%、部分达成 60%–80%、未达成 60% 以下）。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("项目名称", "", 26.0, f!(R, project)),
                req("一级指标", "", 11.0, f!(R, target.level1)),
                req("二级指标", "", 12.0, f!(R, target.level2)),
                req("三级指标", "", 26.0, f!(R, target.name)),
                req("比较方式", "", 8.0, f!(R, target.operator)),
                col("指标值", "", 10.0, f!(R, target.value)),
                col("指标值上限（区间）", "", 10.0, f!(R, target.value_high)),
                col("定性目标", "", 10.0, f!(R, target.value_text)),
                col("计量单位", "", 8.0, f!(R, target.unit)),
                col("实际完成值", "", 10.0, f!(R, target.actual)),
                col("实际等级（定性）", "", 10.0, f!(R, target.actual_text)),
                col("分值", "", 7.0, f!(R, target.weight)),
                col("得分（定性，评价人打分）", "", 9.0, f!(R, target.score)),
                col("偏差原因分析及改进措施", "", 36.0, f!(R, target.deviation).long()),
                // 绩效运行监控（双监控）：截至监控日期的完成情况
                col("当前完成值（监控）", "", 11.0, tm("target.monitoring.current", |m| &m.current, |m| &mut m.current)),
                col("当前完成情况（定性，监控）", "", 11.0, tm("target.monitoring.current_text", |m| &m.current_text, |m| &mut m.current_text)),
                col("全年预计完成值", "", 11.0, tm("target.monitoring.forecast", |m| &m.forecast, |m| &mut m.forecast)),
                col("全年预计完成情况（定性）", "", 11.0, tm("target.monitoring.forecast_text", |m| &m.forecast_text, |m| &mut m.forecast_text)),
                col("完成可能性", "", 11.0, tm("target.monitoring.likelihood", |m| &m.likelihood, |m| &mut m.likelihood)),
                col("偏差原因（监控）", "", 30.0, tm("target.monitoring.reason", |m| &m.reason, |m| &mut m.reason).long()),
                col("原因分类", "", 12.0, tm("target.monitoring.reason_category", |m| &m.reason_category, |m| &mut m.reason_category)),
                col("纠偏措施", "", 30.0, tm("target.monitoring.measures", |m| &m.measures, |m| &mut m.measures).long()),
            ],
            new_row: || TargetRow {
                project: String::new(),
                target: new_target(),
            },
            rows: |d| {
                d.projects
                    .items
                    .iter()
                    .flat_map(|p| {
                        p.targets.iter().map(|t| TargetRow {
                            project: p.name.clone(),
                            target: t.clone(),
                        })
                    })
                    .collect()
            },
            store: |d, rows| {
                let mut errors = Vec::new();
                let mut loc = Vec::new();
                for r in rows {
                    let found = d
                        .projects
                        .items
                        .iter_mut()
                        .enumerate()
                        .find(|(_, p)| p.name == r.value.project);
                    match found {
                        Some((i, p)) => {
                            let path = format!("projects.project[{i}].target[{}]", p.targets.len());
                            loc.push((path, r.fields));
                            let mut t = r.value.target;
                            // blank monitoring columns are no monitoring point
                            if t.monitoring.as_ref().is_some_and(|m| *m == TargetMonitoring::default()) {
                                t.monitoring = None;
                            }
                            p.targets.push(t);
                        }
                        None => errors.push((
                            r.cell,
                            format!(
                                "项目「{}」不在“项目”表中，请先在“项目”表登记该项目",
                                r.value.project
                            ),
                        )),
                    }
                }
                (errors, loc)
            },
        })),
    }
}

fn key_tasks() -> SheetDef {
    type R = KeyTask;
    SheetDef {
        name: "重点工作",
        title: "重点工作",
        hint: "上方填汇总数，下方每行一项重点工作。",
        form: Some(single_form(
            vec![
                one(
                    "交办（牵头）重点工作数",
                    "项",
                    "",
                    f!(D, key_tasks.assigned_count),
                ),
                one("完成数", "项", "", f!(D, key_tasks.completed_count)),
                one("按期完成数", "项", "", f!(D, key_tasks.on_time_count)),
            ],
            vec![formula_row(
                "〔自动计算〕重点工作办结率",
                "%",
                Op::Ratio("完成数", "交办（牵头）重点工作数"),
            )],
            16.0,
        )),
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("重点工作", "", 44.0, f!(R, description).long()),
                col("本年目标", "", 30.0, f!(R, target).long()),
                col("是否完成", "", 10.0, f!(R, completed)),
                col("是否按期完成", "", 10.0, f!(R, on_time)),
            ],
            new_row: R::default,
            rows: |d| d.key_tasks.items.clone(),
            store: |d, mut rows| {
                let loc = located("key_tasks.task", &mut rows);
                d.key_tasks.items = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn duty_targets() -> SheetDef {
    type R = DutyTarget;
    SheetDef {
        name: "履职目标",
        title: "主要履职目标（量化目标及完成值）",
        hint: "如“推出不少于 30 项‘一件事’事项”：比较方式 ≥，目标值 30，计量单位 项。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("目标名称", "", 36.0, f!(R, name)),
                req("比较方式", "", 8.0, f!(R, operator)),
                col("目标值", "", 10.0, f!(R, value)),
                col("计量单位", "", 8.0, f!(R, unit)),
                col("实际完成值", "", 10.0, f!(R, actual)),
                col("来源说明", "", 36.0, f!(R, note)),
            ],
            new_row: || DutyTarget {
                name: String::new(),
                operator: TargetOperator::AtLeast,
                value: None,
                unit: None,
                actual: None,
                note: None,
            },
            rows: |d| d.duty_targets.clone(),
            store: |d, mut rows| {
                let loc = located("duty_targets", &mut rows);
                d.duty_targets = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn institutions() -> SheetDef {
    type R = InstitutionRule;
    SheetDef {
        name: "制度与公开",
        title: "管理制度与预决算公开",
        hint: "上方填预决算公开情况和制度覆盖领域（用顿号分隔，如“预算、收支、资产”），下方每行一项制度。",
        form: Some(single_form(
            vec![
                one("部门预算是否公开", "是/否", "", f!(D, disclosure.budget_published)),
                one("预算公开位置", "", "网站栏目或网址", f!(D, disclosure.budget_where)),
                one("部门决算是否公开", "是/否", "", f!(D, disclosure.final_published)),
                one("决算公开位置", "", "", f!(D, disclosure.final_where)),
                one("是否在规定时间内公开", "是/否", "", f!(D, disclosure.on_time)),
                one("公开情况说明", "", "", f!(D, disclosure.note).long()),
                one("制度覆盖的业务领域", "", "预算、收支、资产、采购、建设项目、合同……", domains_slot()),
            ],
            vec![],
            40.0,
        )),
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("制度名称", "", 44.0, f!(R, name)),
                col("业务领域", "", 14.0, f!(R, domain)),
            ],
            new_row: R::default,
            rows: |d| d.institutions.rules.clone(),
            store: |d, mut rows| {
                let loc = located("institutions.rule", &mut rows);
                d.institutions.rules = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn petitions() -> SheetDef {
    type R = Survey;
    SheetDef {
        name: "信访与满意度",
        title: "信访与满意度调查",
        hint: "上方填信访情况，下方每行一项满意度调查。满意率填数字，99.87 表示 99.87%。",
        form: Some(single_form(
            vec![
                one("收到信访件数", "件", "", f!(D, petitions.received)),
                one("已回复件数", "件", "", f!(D, petitions.answered)),
                one("按期回复件数", "件", "", f!(D, petitions.answered_on_time)),
                one("超期件数", "件", "", f!(D, petitions.overdue)),
                one(
                    "是否已全部按期回复",
                    "是/否",
                    "报告仅作定性陈述时填写",
                    f!(D, petitions.all_answered_on_time),
                ),
            ],
            vec![formula_row(
                "〔自动计算〕信访按期回复率",
                "%",
                Op::Ratio("按期回复件数", "收到信访件数"),
            )],
            16.0,
        )),
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("调查名称", "", 30.0, f!(R, name)),
                col("有效样本数", "", 10.0, f!(R, respondents)),
                col("满意样本数", "", 10.0, f!(R, satisfied)),
                col("满意率", "%", 10.0, f!(R, rate)),
                col("调查方式或实施机构", "", 24.0, f!(R, method)),
                TCol::Formula {
                    header: "〔自动计算〕样本满意率",
                    unit: "%",
                    op: Op::Ratio("满意样本数", "有效样本数"),
                },
            ],
            new_row: R::default,
            rows: |d| d.satisfaction.clone(),
            store: |d, mut rows| {
                let loc = located("satisfaction", &mut rows);
                d.satisfaction = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn narrative() -> SheetDef {
    fn t(label: &'static str, s: Slot<D>) -> FormRow {
        one(label, "", "", s.long())
    }
    SheetDef {
        name: "文字说明",
        title: "文字说明（报告叙述段落）",
        hint: "每格可写多段文字（单元格内换行：Alt+Enter）。",
        form: Some(single_form(
            vec![
                t("年度总体工作", f!(D, narrative.annual_work)),
                t("重点工作任务", f!(D, narrative.key_tasks)),
                t("预算编制情况", f!(D, narrative.budget_preparation)),
                t("绩效目标设置情况", f!(D, narrative.target_setting)),
                t("财务合规性", f!(D, narrative.compliance)),
                t("项目管理", f!(D, narrative.project_management)),
                t("主要履职情况", f!(D, narrative.performance)),
                t("经济效益", f!(D, narrative.economic_benefit)),
                t("社会效益", f!(D, narrative.social_benefit)),
                t("生态效益", f!(D, narrative.ecological_benefit)),
                t("经验做法", f!(D, narrative.practices)),
                t("存在问题", f!(D, narrative.problems)),
                t("整改（改进）措施", f!(D, narrative.measures)),
                t("后续工作计划", f!(D, narrative.plans)),
                t("相关建议", f!(D, narrative.suggestions)),
            ],
            vec![],
            90.0,
        )),
        table: None,
    }
}

fn stated() -> SheetDef {
    type R = StatedFigure;
    SheetDef {
        name: "报告所列比率",
        title: "报告所列比率（用于与计算值核对）",
        hint: "照报告原文填写，保留原有小数位（92.7 与 92.71 不同）。指标编号如 D12、Q1。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("指标编号", "", 10.0, f!(R, indicator)),
                req("写明的数值", "", 12.0, f!(R, value)),
                col("出处", "", 48.0, f!(R, location)),
            ],
            new_row: || StatedFigure {
                indicator: String::new(),
                value: Num::default(),
                location: None,
            },
            rows: |d| d.stated.clone(),
            store: |d, mut rows| {
                let loc = located("stated", &mut rows);
                d.stated = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn assessments() -> SheetDef {
    type R = Assessment;
    SheetDef {
        name: "定性评价",
        title: "定性指标评价（D01、D02、D14–D19、D25–D27 等）",
        hint: "每行一个定性指标的评价；逐项评分要点填在“评分要点”表。判断理由必填。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("指标编号", "", 10.0, f!(R, indicator)),
                col("等级", "", 10.0, f!(R, tier)),
                col("专家打分", "", 10.0, f!(R, score)),
                col("违规次数", "", 10.0, f!(R, violations)),
                col("判断理由", "", 60.0, f!(R, reason).long()),
            ],
            new_row: R::default,
            rows: |d| {
                d.assessments
                    .iter()
                    .map(|a| Assessment {
                        items: Vec::new(),
                        ..a.clone()
                    })
                    .collect()
            },
            store: |d, mut rows| {
                let loc = located("assessments", &mut rows);
                d.assessments = values(rows);
                (Vec::new(), loc)
            },
        })),
    }
}

fn assessment_items() -> SheetDef {
    type R = ItemRow;
    SheetDef {
        name: "评分要点",
        title: "定性指标评分要点逐项判断",
        hint: "“指标编号”须与“定性评价”表一致。",
        form: None,
        table: Some(Box::new(Table::<R> {
            columns: vec![
                req("指标编号", "", 10.0, f!(R, indicator)),
                req("评分要点", "", 44.0, f!(R, item.item)),
                req("是否满足", "", 10.0, f!(R, item.satisfied)),
                col("说明", "", 40.0, f!(R, item.note)),
            ],
            new_row: R::default,
            rows: |d| {
                d.assessments
                    .iter()
                    .flat_map(|a| {
                        a.items.iter().map(|i| ItemRow {
                            indicator: a.indicator.clone(),
                            item: i.clone(),
                        })
                    })
                    .collect()
            },
            store: |d, rows| {
                let mut errors = Vec::new();
                let mut loc = Vec::new();
                for r in rows {
                    let n = d
                        .assessments
                        .iter()
                        .filter(|a| a.indicator == r.value.indicator)
                        .count();
                    match n {
                        0 => errors.push((
                            r.cell,
                            format!("指标「{}」不在“定性评价”表中", r.value.indicator),
                        )),
                        1 => {
                            if let Some((i, a)) = d
                                .assessments
                                .iter_mut()
                                .enumerate()
                                .find(|(_, a)| a.indicator == r.value.indicator)
                            {
                                loc.push((
                                    format!("assessments[{i}].item[{}]", a.items.len()),
                                    r.fields,
                                ));
                                a.items.push(r.value.item);
                            }
                        }
                        _ => errors.push((
                            r.cell,
                            format!(
                                "“定性评价”表中指标「{}」出现多次，无法确定评分要点属于哪一行",
                                r.value.indicator
                            ),
                        )),
                    }
                }
                (errors, loc)
            },
        })),
    }
}

// ---------------------------------------------------------------------------------------
// The public, read-only description of the layout. The web editor of `jixiao serve`
// renders its sections and fields from it, so a field added to a sheet above appears in
// the workbook, the importer and the editor at once. Form fields are set through
// [`set_form_value`], which parses text exactly as the importer parses a text cell.

/// The kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// 金额（万元），非负
    Money,
    /// 金额（万元），可为负
    SignedMoney,
    /// 百分比（26 表示 26%）
    Percent,
    /// 数值
    Number,
    /// 整数，含上下限
    Integer {
        min: i64,
        max: i64,
    },
    /// 是/否
    Bool,
    Text,
    LongText,
    /// 下拉选项
    Choice(&'static [&'static str]),
}

impl FieldKind {
    fn of(k: Kind) -> FieldKind {
        match k {
            Kind::Money => FieldKind::Money,
            Kind::SignedMoney => FieldKind::SignedMoney,
            Kind::Percent => FieldKind::Percent,
            Kind::Num => FieldKind::Number,
            Kind::Int(min, max) => FieldKind::Integer { min, max },
            Kind::Bool => FieldKind::Bool,
            Kind::Text => FieldKind::Text,
            Kind::LongText => FieldKind::LongText,
            Kind::Choice(c) => FieldKind::Choice(c),
        }
    }
}

/// One field of a form row, under one of the form's value columns.
#[derive(Debug, Clone)]
pub struct CellInfo {
    /// Index into [`FormInfo::columns`].
    pub column: usize,
    /// The model path (`budget.final.total`), as validation diagnostics name it.
    pub path: String,
    pub kind: FieldKind,
    /// The current value as text (when described with a department-year).
    pub value: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RowInfo {
    pub label: &'static str,
    pub unit: &'static str,
    pub note: &'static str,
    pub cells: Vec<CellInfo>,
}

/// A form block: rows matched by label, values under headed columns. Rows computed by
/// formulas in the workbook are not listed (they are never read back).
#[derive(Debug, Clone)]
pub struct FormInfo {
    pub corner: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<RowInfo>,
}

#[derive(Debug, Clone)]
pub struct ColumnInfo {
    pub header: &'static str,
    pub unit: &'static str,
    pub required: bool,
    /// `None` for a formula column.
    pub kind: Option<FieldKind>,
    pub formula: bool,
}

/// A list table: one record a row.
#[derive(Debug, Clone)]
pub struct TableInfo {
    pub columns: Vec<ColumnInfo>,
    /// Each record's values as text, per column (when described with a department-year).
    pub rows: Vec<Vec<Option<String>>>,
}

/// One sheet of the workbook, as a section of the editor.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    pub name: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub form: Option<FormInfo>,
    pub table: Option<TableInfo>,
}

/// A value as it is written in a cell ("1752", "是", "26").
fn cv_text(v: &Cv) -> String {
    match v {
        Cv::Money(m) => m.to_string(),
        Cv::Percent(p) => p.to_string(),
        Cv::Num(n) => n.to_string(),
        Cv::Int(i) => i.to_string(),
        Cv::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Cv::Text(t) => t.clone(),
    }
}

/// The layout of every sheet, in workbook order; with `Some(d)`, each field's and
/// record's current value too.
pub fn layout(d: Option<&DepartmentYear>) -> Vec<SheetInfo> {
    sheets()
        .into_iter()
        .map(|sheet| SheetInfo {
            name: sheet.name,
            title: sheet.title,
            hint: sheet.hint,
            form: sheet.form.as_ref().map(|f| FormInfo {
                corner: f.corner,
                columns: f.columns.clone(),
                rows: f
                    .rows
                    .iter()
                    .map(|r| RowInfo {
                        label: r.label,
                        unit: r.unit,
                        note: r.note,
                        cells: r
                            .cells
                            .iter()
                            .map(|(column, slot)| CellInfo {
                                column: *column,
                                path: model_path(slot.path),
                                kind: FieldKind::of(slot.kind),
                                value: d.and_then(|d| (slot.get)(d)).map(|v| cv_text(&v)),
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            table: sheet.table.as_ref().map(|t| TableInfo {
                columns: t.column_infos(),
                rows: d.map(|d| t.row_texts(d)).unwrap_or_default(),
            }),
        })
        .collect()
}

/// Set one form field (by model path) from text, parsed exactly as the importer parses a
/// text cell: bare numbers are 万元, "3500 元" and thousands separators are exact, 是/否 for
/// yes/no; blank clears the field. `Err` is the importer's message for that cell.
pub fn set_form_value(d: &mut DepartmentYear, path: &str, text: &str) -> Result<(), String> {
    for sheet in sheets() {
        let Some(form) = &sheet.form else { continue };
        for r in &form.rows {
            for (_, slot) in &r.cells {
                if model_path(slot.path) == path {
                    let raw = crate::value::Raw::Text(text.to_string());
                    let cv = crate::value::parse_cell(
                        &raw,
                        slot.kind,
                        jixiao_model::MoneyUnit::WanYuan,
                    )?;
                    (slot.set)(d, cv);
                    return Ok(());
                }
            }
        }
    }
    Err(format!("没有字段「{path}」"))
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn layout_lists_every_sheet_and_the_editor_sets_fields_like_the_importer() {
        let sheets = layout(None);
        assert_eq!(sheets.len(), super::sheets().len());
        assert_eq!(sheets[0].name, "基本信息");
        let paths: Vec<&str> = sheets
            .iter()
            .filter_map(|s| s.form.as_ref())
            .flat_map(|f| {
                f.rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|c| c.path.as_str()))
            })
            .collect();
        assert!(paths.contains(&"budget.final.total"), "{paths:?}");
        assert!(paths.contains(&"department.name"));
        let mut d = DepartmentYear::default();
        set_form_value(&mut d, "budget.initial.total", "23,260").expect("a number");
        set_form_value(&mut d, "sangong.actual.total", "3500 元").expect("yuan");
        assert_eq!(
            d.budget.initial.total.map(|m| m.to_string()).as_deref(),
            Some("23260")
        );
        assert_eq!(
            d.sangong.actual.total.map(|m| m.to_string()).as_deref(),
            Some("0.35")
        );
        let e = set_form_value(&mut d, "sangong.actual.total", "约3万").unwrap_err();
        assert!(e.contains("约3万"), "{e}");
        set_form_value(&mut d, "budget.initial.total", "").expect("blank clears");
        assert!(d.budget.initial.total.is_none());
        let described = layout(Some(&d));
        let shown = described
            .iter()
            .filter_map(|s| s.form.as_ref())
            .flat_map(|f| f.rows.iter().flat_map(|r| r.cells.iter()))
            .find(|c| c.path == "sangong.actual.total")
            .and_then(|c| c.value.clone());
        assert_eq!(shown.as_deref(), Some("0.35"));
    }
}
