//! Extraction: every quantity with its unit and label, and the structure the prose gives
//! them — totals and parts (其中, 包括, parenthesised breakdowns, 合计, 加上…总…), sentences,
//! section headings, list markers, inline enumerations (一是…), declared counts
//! ("…等六大业务领域") and years.
//!
//! Works on [`crate::normalize::Normalized`] text; every range here is a byte range of the
//! normalised text.

pub mod clause;
pub mod context;
pub mod label;
pub mod number;
pub mod structure;
pub mod table;

use std::ops::Range;

use jixiao_model::identities::{self, IdentityKind};
use jixiao_model::Period;
use rust_decimal::Decimal;

pub use label::Stage;
use number::TokenKind;
pub use number::Unit;
pub use structure::Style;

/// One figure of the text.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// Number and unit.
    pub span: Range<usize>,
    /// The digits only.
    pub num_span: Range<usize>,
    /// As written (in `unit`).
    pub value: Decimal,
    /// Decimal places as written.
    pub scale: u32,
    pub unit: Unit,
    pub measure: &'static str,
    pub approx: bool,
    pub chinese: bool,
    /// The words before the figure, as written.
    pub raw_label: String,
    /// Cleaned label (no years, quotes, filler).
    pub label: String,
    /// What the figure is of, with the sentence subject when the label alone is generic.
    pub core: String,
    pub stage: Stage,
    /// The stage the paragraph last named before the figure ([`label::context_stage`]):
    /// what a figure whose label names none is of, for telling restatements apart.
    pub context_stage: Stage,
    pub paragraph: usize,
    pub sentence: usize,
    /// Depth of structural parentheses.
    pub depth: u32,
    /// Quarter named in the sentence before the figure.
    pub period: Option<Period>,
    /// Year named in the sentence before the figure.
    pub year: Option<u16>,
    /// Is a part of some total.
    pub is_part: bool,
    /// The subject inherited from the sentence when the label alone is generic.
    pub subject: String,
    /// Not written as a number: "本年度无公务接待费支出" is an implicit 0.
    pub implicit: bool,
    /// A value that the text replaces at once: the 80000 of "由 80000 万元调整为 50000 万元".
    pub superseded: bool,
    /// In a paragraph that reads as a flattened table (run-together cells), where the words
    /// before a figure are other cells, not its label.
    pub in_table: bool,
    /// The 口径 it is of (全市 / 市本级), from the words before it in its section.
    pub scope: context::Scope,
    /// The one year the innermost heading above it names ("二、2024 年预算草案").
    pub section_year: Option<u16>,
    /// Which of the four budgets it belongs to, from its sentence or the headings above.
    pub fund: context::Fund,
}

impl Quantity {
    /// Value in the unit used for comparisons: 万元 for money, as written otherwise.
    pub fn canonical(&self) -> Decimal {
        match self.unit {
            Unit::Money(u) => self.value * u.in_wan(),
            _ => self.value,
        }
    }

    /// Half a unit of the last written digit, in the canonical unit.
    pub fn half_ulp(&self) -> Decimal {
        let h = Decimal::new(5, self.scale + 1);
        match self.unit {
            Unit::Money(u) => h * u.in_wan(),
            _ => h,
        }
    }

    /// The figure as written, with its unit ("33.45 万元").
    pub fn display(&self) -> String {
        format!("{}{}", self.value, self.measure)
    }

    /// The label to show in messages.
    pub fn name(&self) -> String {
        let s = if self.label.contains(&self.subject) {
            self.label.clone()
        } else {
            format!("{}{}", self.subject, self.label)
        };
        if s.is_empty() {
            "该数".into()
        } else {
            s
        }
    }
}

/// How parts relate to their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelKind {
    /// total = Σ parts.
    Sum,
    /// Σ parts ≤ total (其中 items that need not be complete).
    Bound,
}

/// A total and its parts as the text states them.
#[derive(Debug, Clone)]
pub struct Relation {
    pub kind: RelKind,
    pub total: usize,
    pub parts: Vec<usize>,
    /// The word that states the relation (其中, 包括, （, 合计, 加上) or an identity id.
    pub via: String,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
}

/// A heading or list marker at the start of a paragraph.
#[derive(Debug, Clone)]
pub struct Heading {
    pub span: Range<usize>,
    pub style: Style,
    pub value: u32,
    pub level: u8,
    pub paragraph: usize,
    /// Start of the heading's paragraph.
    pub start: usize,
}

/// An inline "一是" marker.
#[derive(Debug, Clone)]
pub struct InlineMarker {
    pub span: Range<usize>,
    pub value: u32,
    pub paragraph: usize,
}

/// A run of inline markers 一是 … N是 and the words that introduce it.
#[derive(Debug, Clone)]
pub struct Enumeration {
    pub markers: Vec<usize>,
    pub intro: String,
    pub intro_span: Range<usize>,
    pub end: usize,
}

/// "A、B、C等三项": a count declared right after the items it counts.
#[derive(Debug, Clone)]
pub struct DeclaredList {
    pub count: usize,
    pub items: Vec<Range<usize>>,
    /// "下属单位 3 个，即 A、B、C": the items follow the count and are all of them.
    pub closed: bool,
}

/// A year written as "2021 年".
#[derive(Debug, Clone)]
pub struct YearMention {
    pub span: Range<usize>,
    pub year: u16,
    pub sentence: usize,
}

/// Everything found in one text.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub paragraphs: Vec<Range<usize>>,
    pub sentences: Vec<Sentence>,
    pub quantities: Vec<Quantity>,
    pub relations: Vec<Relation>,
    pub headings: Vec<Heading>,
    pub inline: Vec<InlineMarker>,
    pub enumerations: Vec<Enumeration>,
    pub declared_lists: Vec<DeclaredList>,
    pub years: Vec<YearMention>,
    /// Shares, changes and completion rates with their antecedent and base ([`clause`]).
    pub rates: Vec<clause::RateReading>,
    /// Change amounts with the figure they are the change of ([`clause`]).
    pub changes: Vec<clause::ChangeAmount>,
    /// Indicator rows of flattened score sheets ([`table`]).
    pub score_rows: Vec<table::ScoreRow>,
    /// 预算执行率 rows of flattened score sheets.
    pub budget_rows: Vec<table::BudgetRow>,
    /// 年度资金总额 rows whose cells ran together ([`table::glued_rows`]).
    pub glued_rows: Vec<table::GluedRow>,
    /// 得分系数 rows whose 权重 and 得分 ran together ([`table::coefficient_rows`]).
    pub coefficient_rows: Vec<table::CoefficientRow>,
    /// 总分 rows of flattened score sheets with the rows read above them.
    pub sheet_totals: Vec<table::SheetTotal>,
}

fn is_boundary(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | '、' | '！' | '？' | '\n')
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | '\n')
}

const CHANGE_WORDS: &[&str] = &[
    "增加",
    "减少",
    "增长",
    "下降",
    "同比",
    "较上年",
    "上年",
    "比上年",
    "节约",
    "超支",
    "结余",
    "调增",
    "调减",
    "增收",
    "减收",
    "增支",
    "减支",
];

/// Does a figure's label say it is a change (比上年增加 …, 比预算结余 …)? A carried-over
/// amount ("年末结转和结余", "上年结转结余收入", "项目支出结余") is an amount of its own: 结余
/// is a change only when the label compares (比, 较).
fn names_a_change(l: &str) -> bool {
    CHANGE_WORDS
        .iter()
        .any(|w| l.contains(w) && (*w != "结余" || l.contains('比') || l.contains('较')))
}

/// Words right after a figure that say it is replaced: "由 80000 万元调整为 50000 万元"
/// (and, before the second figure, that it is the new level, not a change).
pub(crate) const SUPERSEDED_BY: &[&str] = &[
    "调整为",
    "调增为",
    "调减为",
    "调整到",
    "调增至",
    "调减至",
    "变为",
    "增加到",
    "增加至",
    "增至",
    "减至",
    "减少到",
    "减少至",
    "下降到",
    "下降至",
    "降至",
    "提高到",
    "提高至",
];

/// Does paragraph `par` read as a flattened table: many figures, cell separators or
/// hardly any sentence punctuation between them?
pub fn is_table_like(par: &str, figures: usize) -> bool {
    if figures < 4 {
        return false;
    }
    // a score sheet's grid: 指标值 / 分值 / 得分 headers over run-together cells
    if par.contains("指标值") && (par.contains("分值") || par.contains("得分")) {
        return true;
    }
    let pipes = par.matches('|').count();
    if pipes >= 3 {
        return true;
    }
    let punct = par
        .chars()
        .filter(|c| matches!(c, '，' | '。' | '；' | '、'))
        .count();
    punct * 4 < figures
}

impl Extracted {
    /// Indices of the quantities of paragraphs `ps` (quantities are stored by paragraph).
    pub fn quantities_in(&self, ps: Range<usize>) -> Range<usize> {
        let a = self.quantities.partition_point(|q| q.paragraph < ps.start);
        let b = self.quantities.partition_point(|q| q.paragraph < ps.end);
        a..b.max(a)
    }

    /// Index of the paragraph containing byte `pos`.
    pub fn paragraph_at(&self, pos: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.end < pos)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Index of the sentence containing byte `pos`.
    pub fn sentence_at(&self, pos: usize) -> usize {
        self.sentences
            .partition_point(|s| s.range.end <= pos)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Index of the innermost heading whose block contains `pos`.
    pub fn section_at(&self, pos: usize) -> Option<usize> {
        let i = self.headings.partition_point(|h| h.start <= pos);
        if i == 0 {
            None
        } else {
            Some(i - 1)
        }
    }

    /// Byte range of the block under heading `h` (to the next heading of the same or a
    /// higher level).
    pub fn block(&self, h: usize, text_len: usize) -> Range<usize> {
        let lvl = self.headings[h].level;
        let end = self.headings[h + 1..]
            .iter()
            .find(|x| x.level <= lvl)
            .map_or(text_len, |x| x.start);
        self.headings[h].start..end
    }
}

/// Extract everything from normalised `text`.
pub fn extract(text: &str) -> Extracted {
    let mut ex = Extracted::default();
    let mut start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
    {
        if c == '\n' {
            if i > start {
                ex.paragraphs.push(start..i);
            }
            start = i + 1;
        }
    }
    for (p, r) in ex.paragraphs.clone().into_iter().enumerate() {
        paragraph(text, p, r, &mut ex);
    }
    context::assign(text, &mut ex);
    group_enumerations(text, &mut ex);
    colon_lists(text, &mut ex);
    balance_relations(&mut ex);
    identity_relations(text.len(), &mut ex);
    ex.rates = clause::read_rates(text, &ex);
    ex.changes = clause::read_change_amounts(&ex);
    let (rows, budgets) = table::read(text, &ex);
    ex.sheet_totals = table::sheet_totals(text, &ex, &rows, &budgets);
    let prose = table::prose_scores(text, &ex);
    ex.sheet_totals.extend(prose);
    ex.score_rows = rows;
    ex.budget_rows = budgets;
    ex.glued_rows = table::glued_rows(text);
    ex.coefficient_rows = table::coefficient_rows(text);
    ex
}

/// Does a quantity key `k` name the identity field with these field keys?
fn names_field(k: &str, field_keys: &[String]) -> bool {
    field_keys.iter().any(|f| {
        if f.chars().count() <= 2 {
            return k.contains("采购") && k.ends_with(f.as_str());
        }
        if k == f {
            return true;
        }
        // `label::key` drops a final 支出 only from a long enough key: "基本支出" keeps it,
        // "财政拨款基本支出" becomes "财政拨款基本"
        let head = k.strip_suffix(f.as_str()).or_else(|| {
            let short = f.strip_suffix("支出")?;
            (!k.ends_with("支出"))
                .then(|| k.strip_suffix(short))
                .flatten()
        });
        let Some(head) = head else {
            return false;
        };
        // a short qualifier ("本级三公经费"), or who spends it ("…和事业单位使用财政拨款安排
        // 三公经费")
        head.chars().count() <= 6
            || head.ends_with("安排")
            || head.ends_with("使用")
            || only_fund_words(head)
    })
}

/// Is `head` only the names of a fund and a source ("一般公共预算财政拨款")? They say which
/// money a figure is, not what it is.
fn only_fund_words(head: &str) -> bool {
    let mut h = head;
    loop {
        let before = h.len();
        for w in [
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
            "财政拨款",
            "财政",
            "本级",
            "部门",
            "本年",
        ] {
            h = h.strip_prefix(w).unwrap_or(h);
        }
        if h.is_empty() {
            return true;
        }
        if h.len() == before {
            return false;
        }
    }
}

/// Which stages an identity's figures may have, from its id (procurement.plan…, …initial…).
#[derive(Clone, Copy, PartialEq, Eq)]
enum StageRule {
    Plan,
    Initial,
    Adjusted,
    Final,
    Any,
}

impl StageRule {
    fn of(id: &str) -> StageRule {
        if id.starts_with("procurement.plan") {
            StageRule::Plan
        } else if id.starts_with("procurement.actual") {
            StageRule::Final
        } else if id.contains("initial") {
            StageRule::Initial
        } else if id.contains("adjusted") {
            StageRule::Adjusted
        } else if id.contains("final") || id.contains("actual") {
            StageRule::Final
        } else {
            StageRule::Any
        }
    }

    /// Does a figure of stage `s` fit? A budget statement's plain 预算 is its 年初预算; a
    /// figure whose label names no stage is of the one its paragraph last named.
    fn fits(self, s: Stage, context: Stage, unstated_ok: bool) -> bool {
        let s = if s == Stage::None && self != StageRule::Final {
            context
        } else {
            s
        };
        match self {
            StageRule::Plan => s.is_plan(),
            // a part of a plain 预算 statement often names no stage at all (公务接待费 2.30
            // 万元); beside an explicit 年初预算 total such a part is more likely an actual
            StageRule::Initial => {
                matches!(s, Stage::Initial | Stage::Plan) || (unstated_ok && s == Stage::None)
            }
            StageRule::Adjusted => s == Stage::Adjusted,
            StageRule::Final => matches!(s, Stage::Final | Stage::None),
            StageRule::Any => true,
        }
    }
}

/// The model's identities with the keys of their fields' labels and their stage rules,
/// computed once per process (they are the same for every text).
struct IdentityKeys {
    ids: Vec<&'static jixiao_model::identities::Identity>,
    /// Every field's key list, by index.
    fields: Vec<Vec<String>>,
    /// (total field, part fields) of each identity.
    id_keys: Vec<(usize, Vec<usize>)>,
    stage_rules: Vec<StageRule>,
}

impl IdentityKeys {
    fn get() -> &'static IdentityKeys {
        static KEYS: std::sync::OnceLock<IdentityKeys> = std::sync::OnceLock::new();
        KEYS.get_or_init(|| {
            let ids: Vec<&'static jixiao_model::identities::Identity> = identities::all().collect();
            let fkeys = |labels: &[&str]| -> Vec<String> {
                labels
                    .iter()
                    .map(|l| label::key(&label::core(l)))
                    .filter(|k| !k.is_empty())
                    .collect()
            };
            let mut fields: Vec<Vec<String>> = Vec::new();
            let id_keys = ids
                .iter()
                .map(|id| {
                    fields.push(fkeys(id.total.labels));
                    let total = fields.len() - 1;
                    let parts = id
                        .parts
                        .iter()
                        .map(|f| {
                            fields.push(fkeys(f.labels));
                            fields.len() - 1
                        })
                        .collect();
                    (total, parts)
                })
                .collect();
            let stage_rules = ids.iter().map(|id| StageRule::of(id.id)).collect();
            IdentityKeys {
                ids,
                fields,
                id_keys,
                stage_rules,
            }
        })
    }
}

/// Totals and parts that no sentence states but the model's accounting identities
/// (`jixiao_model::identities`) imply, found by label within one section: the 三公 actual
/// total and its components stated one per sub-item, for instance.
fn identity_relations(text_len: usize, ex: &mut Extracted) {
    // totals already read with their complete breakdown ("其中" lists cut at a "；" are not)
    let explicit_totals: std::collections::HashSet<usize> = ex
        .relations
        .iter()
        .filter(|r| r.kind == RelKind::Sum)
        .map(|r| r.total)
        .collect();
    // what the text itself lists a figure under ("支出 12.18 万元，…其中：购置费 0 万元，运行
    // 维护费 12.18 万元"): such a part is no part of another total of the identity (the
    // 预算 14.00 万元 before it)
    let listed_under: std::collections::HashMap<usize, usize> = ex
        .relations
        .iter()
        .flat_map(|r| r.parts.iter().map(move |&p| (p, r.total)))
        .collect();
    let mut seen: std::collections::HashSet<(usize, Vec<usize>)> = std::collections::HashSet::new();
    let keys: Vec<String> = ex.quantities.iter().map(|q| label::key(&q.core)).collect();
    let IdentityKeys {
        ids,
        fields,
        id_keys,
        stage_rules,
    } = IdentityKeys::get();
    // does quantity i name field f? (0 = not yet known, 1 = no, 2 = yes) — asked once per pair,
    // however many headings' blocks the quantity lies in
    let nf = fields.len();
    let mut names = vec![0u8; ex.quantities.len() * nf];
    let mut names_at = |i: usize, f: usize| -> bool {
        let m = &mut names[i * nf + f];
        if *m == 0 {
            *m = 1 + u8::from(names_field(&keys[i], &fields[f]));
        }
        *m == 2
    };
    let mut found: Vec<Relation> = Vec::new();
    // each heading's block; and a short statement as a whole ("…三公经费支出总额 3825 万元…
    // 一、因公出国（境）经费 … 99 万元 二、公务接待费 …"): its total comes before the
    // sections that give its parts
    // (a statement without any heading is one too); and each paragraph of a text without
    // headings, when the text is too long to be read as one statement
    let whole = text_len <= 8_000
        && ex.headings.len() <= 12
        && ex.headings.first().is_none_or(|h| h.paragraph > 0);
    let paragraphs = (ex.headings.is_empty() && !whole).then(|| {
        ex.paragraphs
            .iter()
            .enumerate()
            .map(|(p, r)| (p, r.clone()))
            .collect::<Vec<_>>()
    });
    let blocks: Vec<(usize, Range<usize>)> = whole
        .then_some((0, 0..text_len))
        .into_iter()
        .chain((0..ex.headings.len()).map(|h| (ex.headings[h].paragraph, ex.block(h, text_len))))
        .chain(paragraphs.into_iter().flatten())
        .collect();
    for (k, (p0, b)) in blocks.into_iter().enumerate() {
        // a short statement names its 口径 once, in its opening ("市本级部门…"), not again in
        // every section: there the scope is not compared
        let scope_of = |q: &Quantity| {
            if whole && k == 0 {
                context::Scope::Unstated
            } else {
                q.scope
            }
        };
        let p1 = if b.end >= text_len {
            ex.paragraphs.len()
        } else {
            ex.paragraph_at(b.end)
        };
        let qs: Vec<usize> = ex
            .quantities_in(p0..p1.max(p0 + 1))
            .filter(|&i| {
                let q = &ex.quantities[i];
                matches!(q.unit, Unit::Money(_)) && !q.approx && b.contains(&q.span.start)
            })
            .collect();
        if qs.len() < 2 {
            continue;
        }
        // figures of different 口径 or sections' years are never parts of one another's totals
        let mut contexts: Vec<(context::Scope, context::Fund, Option<u16>)> = qs
            .iter()
            .map(|&i| {
                let q = &ex.quantities[i];
                (scope_of(q), q.fund, q.section_year)
            })
            .collect();
        contexts.sort();
        contexts.dedup();
        for &ctx in &contexts {
            let in_ctx: Vec<usize> = qs
                .iter()
                .copied()
                .filter(|&i| {
                    let q = &ex.quantities[i];
                    (scope_of(q), q.fund, q.section_year) == ctx
                })
                .collect();
            for (k, (id, (tk, pks))) in ids.iter().zip(id_keys).enumerate() {
                let rule = stage_rules[k];
                // parts that name no stage join a total of a plain 预算 statement only
                let mut pick = |f: usize, unstated_ok: bool| -> Option<usize> {
                    let mut first = None;
                    for &i in &in_ctx {
                        let q = &ex.quantities[i];
                        if !rule.fits(q.stage, q.context_stage, unstated_ok) || !names_at(i, f) {
                            continue;
                        }
                        match first {
                            None => first = Some(i),
                            Some(j) => {
                                if ex.quantities[i].canonical() != ex.quantities[j].canonical() {
                                    return None;
                                }
                            }
                        }
                    }
                    first
                };
                let Some(total) = pick(*tk, false) else {
                    continue;
                };
                if explicit_totals.contains(&total) {
                    continue;
                }
                let plain_budget = ex.quantities[total].stage == Stage::Plan;
                let got: Vec<usize> = pks
                    .iter()
                    .filter_map(|&f| pick(f, plain_budget))
                    .filter(|&p| p != total && listed_under.get(&p).is_none_or(|&t| t == total))
                    .collect();
                if got.is_empty() {
                    continue;
                }
                let kind = if id.kind == IdentityKind::Sum && got.len() == id.parts.len() {
                    RelKind::Sum
                } else {
                    RelKind::Bound
                };
                if !seen.insert((total, got.clone())) {
                    continue;
                }
                found.push(Relation {
                    kind,
                    total,
                    parts: got,
                    via: id.id.to_string(),
                });
            }
        }
    }
    ex.relations.extend(found);
}

fn paragraph(text: &str, p: usize, r: Range<usize>, ex: &mut Extracted) {
    let par = &text[r.clone()];
    let base = r.start;
    // sentences
    let first_sentence = ex.sentences.len();
    let mut s0 = 0;
    for (i, c) in par.char_indices() {
        if is_sentence_end(c) {
            let e = i + c.len_utf8();
            ex.sentences.push(Sentence {
                range: base + s0..base + e,
                paragraph: p,
            });
            s0 = e;
        }
    }
    if s0 < par.len() {
        ex.sentences.push(Sentence {
            range: base + s0..base + par.len(),
            paragraph: p,
        });
    }
    // heading marker — but not a section reference such as "二、(一)1" (a table cell citing
    // where a figure came from), where a 一、 marker is followed at once by a （一） marker.
    // Nor a table's cell ("一、一般公共预算拨款收入 |" in a sheet flattened cell by cell).
    // Nor a row of a table printed with aligned columns ("一、一般公共预算拨款收入 1,286.40
    // 一、一般公共服务支出", "六、住房保障支出 52.80"): no sentence in it, and a bare figure
    // at its end or a second item of the same kind after a figure.
    // (an item and its figure, "六、住房保障支出 52.80" — not a sheet's section heading that
    // runs on into its row, "二、预算执行情况 预算安排情况（调整后） 资金到位情况 … 12.5")
    let item_and_figure = {
        let t = par.trim_end();
        let words =
            t.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '));
        words.len() < t.len() && words.chars().count() <= 18
    };
    let aligned_row = !par.contains(['。', '，', '；', ';'])
        && (item_and_figure
            // (or its marker again further on: the two sides of a 收支总表, "三、国有资本经营
            // 预算拨款收入 三、社会保障和就业支出 96.34")
            || structure::parse_marker(par).is_some_and(|(st, _, len)| {
                st == Style::CnComma && par[len..].contains(&par[..len])
            }));
    let cell = par.trim_end().ends_with('|') || par.contains(" | ") || aligned_row;
    let marker = structure::parse_marker(par).filter(|&(style, _, len)| {
        let section_reference = style == Style::CnComma
            && par
                .get(len..)
                .and_then(structure::parse_marker)
                .is_some_and(|(next, _, _)| next == Style::CnParen);
        !cell && !section_reference
    });
    if let Some((style, value, len)) = marker {
        let level = style.level();
        ex.headings.push(Heading {
            span: base..base + len,
            style,
            value,
            level,
            paragraph: p,
            start: base,
        });
    }
    for (o, len, v) in structure::inline_markers(par) {
        ex.inline.push(InlineMarker {
            span: base + o..base + o + len,
            value: v,
            paragraph: p,
        });
    }
    // structural parentheses: depth at each byte; label-internal ones (no digits, short) ignored
    let mut depth_at = vec![0u32; par.len() + 1];
    let mut structural: Vec<(usize, usize)> = Vec::new(); // (open, close) byte offsets
    {
        let mut stack: Vec<usize> = Vec::new();
        for (i, c) in par.char_indices() {
            if c == '（' {
                stack.push(i);
            } else if c == '）' {
                if let Some(o) = stack.pop() {
                    let inner = &par[o + '（'.len_utf8()..i];
                    let internal =
                        !inner.chars().any(|c| c.is_ascii_digit()) && inner.chars().count() <= 8;
                    if !internal {
                        structural.push((o, i));
                    }
                }
            }
        }
        for &(o, c) in &structural {
            for d in depth_at.iter_mut().take(c + 1).skip(o + 1) {
                *d += 1;
            }
        }
    }
    let is_struct_paren = |i: usize| structural.iter().any(|&(o, c)| o == i || c == i);

    // quantities
    let tokens = number::scan(par);
    let in_table = is_table_like(
        par,
        tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Quantity)
            .count(),
    );
    let mut prev_end = 0usize;
    let mut subject: Option<String> = None;
    let mut cur_sentence = usize::MAX;
    let mut year_in_sentence: Option<u16> = None;
    let (mut stage_so_far, mut stage_scanned) = (Stage::None, 0usize);
    for t in &tokens {
        let abs = base + t.num.start;
        let sentence =
            first_sentence + ex.sentences[first_sentence..].partition_point(|s| s.range.end <= abs);
        let sentence = sentence.min(ex.sentences.len().saturating_sub(1));
        if sentence != cur_sentence {
            cur_sentence = sentence;
            year_in_sentence = None;
            subject = None;
            // keep the paragraph's subject across sentences; a new sentence may set its own
        }
        match t.kind {
            TokenKind::Year(y) => {
                ex.years.push(YearMention {
                    span: base + t.num.start..base + t.full.end,
                    year: y,
                    sentence,
                });
                year_in_sentence = Some(y);
                continue;
            }
            TokenKind::Other => {
                prev_end = prev_end.max(t.full.end);
                continue;
            }
            TokenKind::Quantity => {}
        }
        // label: back to a boundary
        let mut ls = t.num.start;
        for (i, c) in par[..t.num.start].char_indices().rev() {
            if i < prev_end || is_boundary(c) || ((c == '（' || c == '）') && is_struct_paren(i))
            {
                break;
            }
            ls = i;
        }
        let ls = ls.max(prev_end).min(t.num.start);
        let raw = par[ls..t.num.start].trim().to_string();
        let clean = label::clean(&raw);
        let core0 = label::core(&clean);
        let mut subj = String::new();
        // a total of the clause ("收入合计") takes no subject from a figure before it
        let total_word = ["合计", "总计", "共计"].iter().any(|w| raw.contains(w));
        let core = if label::is_generic(&core0) && !total_word {
            match &subject {
                Some(s) => {
                    subj = s.clone();
                    join_subject(s, &core0)
                }
                None => core0.clone(),
            }
        } else {
            if !t.chinese
                && matches!(t.unit, Unit::Money(_) | Unit::Percent)
                && ex.sentences[sentence].range.start <= base + ls
            {
                subject = Some(core0.clone());
            }
            core0.clone()
        };
        let sent_text = &text[ex.sentences[sentence].range.start..abs];
        ex.quantities.push(Quantity {
            span: base + t.full.start..base + t.full.end,
            num_span: base + t.num.start..base + t.num.end,
            value: t.value,
            scale: t.scale,
            unit: t.unit,
            measure: t.measure,
            approx: t.approx,
            chinese: t.chinese,
            stage: label::stage(&clean),
            context_stage: {
                // the paragraph's stage so far, read on from where the last figure's was
                if ls > stage_scanned {
                    match label::context_stage(&par[stage_scanned..ls]) {
                        Stage::None => {}
                        s => stage_so_far = s,
                    }
                    stage_scanned = ls;
                }
                stage_so_far
            },
            raw_label: raw,
            label: clean,
            core,
            paragraph: p,
            sentence,
            depth: depth_at[t.num.start],
            period: label::period(sent_text),
            year: year_in_sentence,
            is_part: false,
            subject: subj,
            implicit: false,
            superseded: {
                let after = par[t.full.end..].trim_start_matches([' ', '）']);
                SUPERSEDED_BY.iter().any(|w| after.starts_with(w))
            },
            in_table,
            scope: context::Scope::Unstated,
            section_year: None,
            fund: context::Fund::Unstated,
        });
        prev_end = t.full.end;
    }
    bare_wan_amounts(text, p, ex);
    implicit_zeros(text, par, base, p, ex);
    let q_first = ex.quantities.partition_point(|q| q.paragraph < p);
    for class in [Summable::Money, Summable::People] {
        relations(par, base, q_first, &structural, &depth_at, ex, class);
    }
    for measure in COUNTED {
        relations(
            par,
            base,
            q_first,
            &structural,
            &depth_at,
            ex,
            Summable::Counted(measure),
        );
    }
    declared_lists(par, base, &tokens, q_first, ex);
}

/// The subject with a generic core: "三公经费" + "支出" → "三公经费支出"; the other side of
/// the account replaces the subject's ("区本级财政收入" + "支出" → "区本级财政支出").
fn join_subject(subject: &str, core: &str) -> String {
    for (side, other) in [("收入", "支出"), ("支出", "收入")] {
        if core.starts_with(other) {
            if let Some(stem) = subject.strip_suffix(side) {
                return format!("{stem}{core}");
            }
        }
    }
    format!("{subject}{core}")
}

fn money_idx(ex: &Extracted, from: usize) -> Vec<usize> {
    (from..ex.quantities.len())
        .filter(|&i| {
            let q = &ex.quantities[i];
            matches!(q.unit, Unit::Money(_)) && !q.implicit && !q.superseded && !is_share_base(q)
        })
        .collect()
}

/// Head counts of the paragraph ("编制 56 人", "在职人员 48 名"), exact and not approximate.
fn people_idx(ex: &Extracted, from: usize) -> Vec<usize> {
    (from..ex.quantities.len())
        .filter(|&i| {
            let q = &ex.quantities[i];
            // "编制人数42，其中：行政编制人数19、…": a head count written without 人
            let bare_head_count = q.unit == Unit::Plain
                && q.scale == 0
                && q.raw_label
                    .trim_end_matches(['为', '：', ' '])
                    .ends_with("人数");
            ((q.unit == Unit::Count && matches!(q.measure, "人" | "名")) || bare_head_count)
                && !q.approx
                && !q.implicit
                && !q.chinese
        })
        .collect()
}

/// The base named inside a share clause, "占年初预算 10,065 万元的 43.2%": a figure the
/// share is relative to, not a total or a part of the sentence's own figures.
pub fn is_share_base(q: &Quantity) -> bool {
    if !matches!(q.unit, Unit::Money(_)) {
        return false;
    }
    let l = q.raw_label.trim_end_matches(['为', '是', ' ', '（', '(']);
    // "占年初预算 10,065 万元的", and the budget of a completion rate: "完成调整预算数 17740 万元的
    // 110.58%"; 占 of a name (耕地占用税, 占地面积) is no share
    l.match_indices('占')
        .any(|(i, _)| !l[i + '占'.len_utf8()..].starts_with(['用', '地', '有']))
        || l.rfind("完成").is_some_and(|i| {
            let w = &l[i + "完成".len()..];
            ["预算", "预算数", "计划", "任务"]
                .iter()
                .any(|p| w.ends_with(p))
        })
}

/// "增收 4,376 万" in a sentence of amounts in 万元: the 元 was left out; the figure is
/// an amount of 4,376 万元, not a count of 43,760,000.
fn bare_wan_amounts(text: &str, p: usize, ex: &mut Extracted) {
    let first = ex.quantities.partition_point(|q| q.paragraph < p);
    for i in first..ex.quantities.len() {
        let q = &ex.quantities[i];
        if q.unit != Unit::Count || !q.measure.is_empty() || q.chinese {
            continue;
        }
        let after = &text[q.num_span.end..];
        if !after.starts_with('万') || after.starts_with("万人") {
            continue;
        }
        let sentence = q.sentence;
        let wan_amounts = ex.quantities[first..]
            .iter()
            .filter(|o| {
                o.sentence == sentence && o.unit == Unit::Money(jixiao_model::MoneyUnit::WanYuan)
            })
            .count();
        if wan_amounts == 0 {
            continue;
        }
        let q = &mut ex.quantities[i];
        q.value /= Decimal::from(10_000);
        q.unit = Unit::Money(jixiao_model::MoneyUnit::WanYuan);
        q.measure = "万元";
    }
}

/// "本年度无公务接待费支出": an amount of 0 stated in words, for the identities.
fn implicit_zeros(text: &str, par: &str, base: usize, p: usize, ex: &mut Extracted) {
    for (i, _) in par.match_indices('无') {
        let rest = &par[i + '无'.len_utf8()..];
        let end = rest
            .find(|c: char| is_boundary(c) || c == '（' || c == '）')
            .unwrap_or(rest.len());
        let t = &rest[..end];
        let n = t.chars().count();
        if !(4..=16).contains(&n) || t.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let stem = t
            .strip_suffix("支出")
            .or_else(|| t.strip_suffix("发生"))
            .unwrap_or(t);
        if !(stem.ends_with('费') || stem.ends_with("费用") || stem.ends_with("经费")) {
            continue;
        }
        let label = label::clean(stem);
        let span = base + i..base + i + '无'.len_utf8() + end;
        let sentence = ex.sentence_at(span.start);
        ex.quantities.push(Quantity {
            num_span: span.clone(),
            span,
            value: Decimal::ZERO,
            scale: 0,
            unit: Unit::Money(jixiao_model::MoneyUnit::WanYuan),
            measure: "万元",
            approx: false,
            chinese: false,
            raw_label: stem.to_string(),
            core: label::core(&label),
            label,
            stage: Stage::Final,
            context_stage: Stage::None,
            paragraph: p,
            sentence,
            depth: 0,
            period: None,
            year: None,
            is_part: false,
            subject: String::new(),
            implicit: true,
            superseded: false,
            in_table: false,
            scope: context::Scope::Unstated,
            section_year: None,
            fund: context::Fund::Unstated,
        });
    }
    let _ = text;
}

/// The model's `Sum` identities with the keys of each part's labels, made once.
/// An identity's id and, per part, the keys of the part's labels.
type PartKeys = (&'static str, Vec<Vec<String>>);

static SUM_PARTS: std::sync::LazyLock<Vec<PartKeys>> = std::sync::LazyLock::new(|| {
    identities::all()
        .filter(|id| id.kind == IdentityKind::Sum)
        .map(|id| {
            let parts = id
                .parts
                .iter()
                .map(|f| f.labels.iter().map(|l| label::key(l)).collect())
                .collect();
            (id.id, parts)
        })
        .collect()
});

/// Do these part labels name exactly the parts of one of the model's `Sum` identities?
pub fn identity_for_parts(cores: &[String]) -> Option<&'static str> {
    let keys: Vec<String> = cores.iter().map(|c| label::key(c)).collect();
    'id: for (id, parts) in SUM_PARTS.iter() {
        if parts.len() != keys.len() {
            continue;
        }
        let mut used = vec![false; keys.len()];
        for fk in parts {
            let hit = keys
                .iter()
                .enumerate()
                .find(|(i, c)| !used[*i] && fk.iter().any(|k| c.contains(k.as_str())));
            match hit {
                Some((i, _)) => used[i] = true,
                None => continue 'id,
            }
        }
        return Some(id);
    }
    None
}

/// The `via` of a 其中 list whose last item is 其他… (the rest): complete by its words,
/// though a writer may still have left an item out — its mismatch is a warning.
pub const VIA_REST: &str = "其中…其他";
/// The relation a 收支总表 balances by: 收入总计 = 支出总计 (= 本年支出 + 年末结转和结余).
pub const VIA_BALANCE: &str = "收支平衡";

/// Words opening an aside that names what a total leaves out.
const NET_OF: &[&str] = &[
    "已剔除",
    "剔除",
    "已扣除",
    "扣除",
    "不含",
    "未含",
    "不包括",
    "未包括",
];

/// The kinds of figure a total and its parts are read for: amounts, and head counts
/// ("在职人数 61 人，包括行政人员 26 人、…").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Summable {
    Money,
    People,
    /// Things counted in one measure: vehicles (辆, "车辆 5 辆，其中：机要通信用车 1 辆，…"),
    /// units, indicators, projects (个, 项, 家, 所), visits (批次, 人次, 场次).
    Counted(&'static str),
}

/// The measures of [`Summable::Counted`].
const COUNTED: [&str; 8] = ["辆", "个", "项", "家", "所", "批次", "人次", "场次"];

fn relations(
    par: &str,
    base: usize,
    q_first: usize,
    structural: &[(usize, usize)],
    depth_at: &[u32],
    ex: &mut Extracted,
    class: Summable,
) {
    // "money" below is the figures of the class: amounts or head counts
    let money = match class {
        Summable::Money => money_idx(ex, q_first),
        Summable::People => people_idx(ex, q_first),
        Summable::Counted(measure) => (q_first..ex.quantities.len())
            .filter(|&i| {
                let q = &ex.quantities[i];
                q.unit == Unit::Count
                    && q.measure == measure
                    && !q.approx
                    && !q.implicit
                    && !q.chinese
            })
            .collect(),
    };
    if money.len() < 2 {
        return;
    }
    // offsets in the paragraph (a figure of the paragraph before, taken as a 其中 list's
    // total, is at 0)
    let qs = |ex: &Extracted, i: usize| -> (usize, usize) {
        (
            ex.quantities[i].span.start.saturating_sub(base),
            ex.quantities[i].span.end.saturating_sub(base),
        )
    };
    // sentence ends within the paragraph (relative offsets)
    let ends: Vec<usize> = par
        .char_indices()
        .filter(|(_, c)| matches!(c, '。' | '；' | '！' | '？'))
        .map(|(i, _)| i)
        .collect();
    let sentence_start = |pos: usize| {
        ends.iter()
            .rev()
            .find(|&&e| e < pos)
            .map_or(0, |e| e + '。'.len_utf8())
    };
    let sentence_end = |pos: usize| {
        ends.iter()
            .find(|&&e| e >= pos)
            .copied()
            .unwrap_or(par.len())
    };

    let mut new_rel: Vec<Relation> = Vec::new();
    let mut markers: Vec<(usize, &str)> = Vec::new();
    for m in [
        "其中",
        "主要包括",
        "主要用于",
        "包括",
        "包含",
        "分别为",
        "分别是",
        "含",
        "合计",
        "共计",
        "总计",
        "加上",
        "加",
    ] {
        for (i, _) in par.match_indices(m) {
            // "加" alone only where it opens a clause ("；加调入资金 5 万元")
            if m == "加" {
                let opens = par[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, '，' | '；' | '。' | '：'));
                if par[i..].starts_with("加上") || !opens {
                    continue;
                }
            }
            // 包括 inside 主要包括 is the same marker
            if m == "包括" && par[..i].ends_with("主要") {
                continue;
            }
            if m == "含" && (par[..i].ends_with('包') || !par[..i].ends_with('（')) {
                continue;
            }
            markers.push((i, m));
        }
    }
    markers.sort();
    for (k, &(p, m)) in markers.iter().enumerate() {
        let d = depth_at[p];
        let next_marker = markers[k + 1..]
            .iter()
            .find(|(q, mm)| depth_at[*q] == d && !matches!(*mm, "合计" | "共计" | "总计"))
            .map_or(usize::MAX, |x| x.0);
        match m {
            "合计" | "共计" | "总计" => {
                // "A a，B b，合计 T": T is the first money after the marker in the clause
                let Some(&t) = money.iter().find(|&&i| {
                    qs(ex, i).0 > p && qs(ex, i).0 < p + 24 && ex.quantities[i].depth == d
                }) else {
                    continue;
                };
                // "…，收、支总计各减少 100 万元": a change of totals, not a total
                if clause::is_change_amount(&ex.quantities[t]) {
                    continue;
                }
                // "其中产出类 12 个、效益类 9 个、决策和过程类合计 5 个": an item of a list (set
                // off by 「、」) that is a 合计 of its own kinds, not the list's total
                let lead_start = par[..p]
                    .rfind(['，', '、', '；', '：', '。', ','])
                    .unwrap_or(0);
                if par[lead_start..].starts_with('、')
                    && !par[lead_start..p]
                        .trim_start_matches('、')
                        .trim()
                        .is_empty()
                {
                    continue;
                }
                let ss = sentence_start(p);
                // "加上 B，C，收入合计 T" adds to a figure before: the 加上 reading has it
                if markers
                    .iter()
                    .any(|&(q, mm)| matches!(mm, "加上" | "加") && q >= ss && q < p)
                {
                    continue;
                }
                let mut parts: Vec<usize> = money
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let (s, _) = qs(ex, i);
                        s >= ss && s < p && ex.quantities[i].depth == d
                    })
                    .collect();
                if parts.len() >= 2 {
                    // "支出 A 万元，为预算的 …。债务还本支出 B，…和年终结转结余 E，支出总计 T":
                    // a list may begin in the sentence before; when its parts miss the total,
                    // the figure before that makes it is added, and if none does while the
                    // sentence before has amounts, the sum is not certain (a bound)
                    let tv = ex.quantities[t].canonical();
                    let sum: Decimal = parts.iter().map(|&i| ex.quantities[i].canonical()).sum();
                    let tol: Decimal = parts
                        .iter()
                        .chain([&t])
                        .map(|&i| ex.quantities[i].half_ulp())
                        .sum();
                    let earlier: Vec<usize> = money
                        .iter()
                        .copied()
                        .filter(|&i| qs(ex, i).1 <= ss && ex.quantities[i].depth == d)
                        .collect();
                    let mut kind = RelKind::Sum;
                    if (sum - tv).abs() > tol && !earlier.is_empty() {
                        let fit = earlier.iter().rev().copied().find(|&i| {
                            let q = &ex.quantities[i];
                            !names_a_change(&q.raw_label)
                                && (q.canonical() + sum - tv).abs() <= tol + q.half_ulp()
                        });
                        match fit {
                            Some(f) => parts.insert(0, f),
                            None => kind = RelKind::Bound,
                        }
                    }
                    new_rel.push(Relation {
                        kind,
                        total: t,
                        parts,
                        via: m.into(),
                    });
                }
            }
            "加上" | "加" => {
                // "A，加上 B、C……后，收入总计 T": T = A + B + C + …; A is the figure before
                // the marker that is not itself a part (of a 其中 list) or a change
                let part_of_earlier =
                    |i: usize| new_rel.iter().any(|r: &Relation| r.parts.contains(&i));
                // a change of the figure before ("，比上年增加 5 万元"), not an item added; an
                // item may be named with a direction word ("调出资金增加 10,239 万元")
                let is_change = |i: usize| {
                    let l = ex.quantities[i].raw_label.trim_end_matches(['了', ' ']);
                    let Some(w) = [
                        "增加", "减少", "增长", "下降", "调增", "调减", "增收", "减收", "节约",
                        "超支",
                    ]
                    .iter()
                    .find(|w| l.ends_with(*w)) else {
                        return false;
                    };
                    let head = &l[..l.len() - w.len()];
                    head.is_empty()
                        || ["比", "较", "同比", "上年", "去年"]
                            .iter()
                            .any(|c| head.contains(c))
                };
                let Some(&a) = money.iter().rev().find(|&&i| {
                    qs(ex, i).1 <= p
                        && ex.quantities[i].depth == d
                        && !part_of_earlier(i)
                        && !is_change(i)
                }) else {
                    continue;
                };
                let Some(&b) = money
                    .iter()
                    .find(|&&i| qs(ex, i).0 > p && ex.quantities[i].depth == d)
                else {
                    continue;
                };
                // "加上上解上级、债务还本支出和结转下年，支出总量为 159.98 亿元": items
                // without amounts; the first figure after the marker is the total itself
                if ["总", "合计", "共计"]
                    .iter()
                    .any(|w| ex.quantities[b].raw_label.contains(w))
                {
                    continue;
                }
                let lim = sentence_end(sentence_end(qs(ex, b).1) + 1);
                let Some(&t) = money.iter().find(|&&i| {
                    let (s, _) = qs(ex, i);
                    s > qs(ex, b).1
                        && s <= lim
                        && ["总", "合计", "共计"]
                            .iter()
                            .any(|w| ex.quantities[i].raw_label.contains(w))
                        && ex.quantities[i].depth == d
                }) else {
                    continue;
                };
                let rest: Vec<usize> = money
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let (s, _) = qs(ex, i);
                        s > p
                            && s < qs(ex, t).0
                            && ex.quantities[i].depth == d
                            && !part_of_earlier(i)
                            && !is_change(i)
                    })
                    .collect();
                // the figure added to: the nearest candidate, unless an earlier one of the
                // paragraph is the one that makes the stated total (a 其中 list between
                // them that runs over a 「；」)
                let rest_sum: Decimal = rest.iter().map(|&i| ex.quantities[i].canonical()).sum();
                let tol: Decimal = rest
                    .iter()
                    .chain([&a, &t])
                    .map(|&i| ex.quantities[i].half_ulp())
                    .sum();
                let total_v = ex.quantities[t].canonical();
                let fits =
                    |c: usize| (ex.quantities[c].canonical() + rest_sum - total_v).abs() <= tol;
                let a = if fits(a) {
                    a
                } else {
                    money
                        .iter()
                        .rev()
                        .copied()
                        .filter(|&i| {
                            qs(ex, i).1 <= p && ex.quantities[i].depth == d && !is_change(i)
                        })
                        .take(4)
                        .find(|&c| fits(c))
                        .unwrap_or(a)
                };
                // "…，减去债务还本支出 0.2 亿元，总收入 64.3 亿元": an item taken away, not
                // added; the sum is not a plain one
                if rest.iter().any(|&i| {
                    let l = &ex.quantities[i].raw_label;
                    ["减去", "扣除", "扣减", "减除", "抵减"]
                        .iter()
                        .any(|w| l.contains(w))
                }) {
                    continue;
                }
                let mut parts = vec![a];
                parts.extend(rest);
                new_rel.push(Relation {
                    kind: RelKind::Sum,
                    total: t,
                    parts,
                    via: m.into(),
                });
            }
            _ => {
                // total
                let before = par[..p].trim_end_matches(['：', '，', ' ']);
                let in_paren_start = before.ends_with('（')
                    && structural
                        .iter()
                        .any(|&(o, _)| o + '（'.len_utf8() == before.len());
                let total = if in_paren_start {
                    let open = before.len() - '（'.len_utf8();
                    money
                        .iter()
                        .rev()
                        .find(|&&i| {
                            let (_, e) = qs(ex, i);
                            e <= open && par[e..open].trim().is_empty()
                        })
                        .copied()
                } else {
                    let ss = sentence_start(p);
                    let lead = par[ss..p].trim_matches(['，', '：', ' ', '\n']);
                    let same = money
                        .iter()
                        .rev()
                        .find(|&&i| {
                            let (s, e) = qs(ex, i);
                            s >= ss
                                && e <= p
                                && ex.quantities[i].depth == d
                                && !clause::is_previous_figure(&ex.quantities[i])
                                && !names_a_change(&ex.quantities[i].raw_label)
                        })
                        .copied();
                    // "基本支出 800 万元，占总支出的 80%，项目支出 200 万元，占总支出的 20%；其中
                    // 财政拨款…": after a list of shares, 其中 is of the whole they share, which
                    // the text does not state — not of the last item
                    let prev_shares = {
                        let ps = sentence_start(ss.saturating_sub(3));
                        par.get(ps..ss).map_or(0, |t| t.matches('占').count())
                    };
                    if same.is_some() {
                        same
                    } else if prev_shares >= 2 {
                        None
                    } else if lead.is_empty() || lead == "同时" {
                        money
                            .iter()
                            .rev()
                            .find(|&&i| {
                                qs(ex, i).1 <= ss
                                    && ex.quantities[i].depth == d
                                    && !clause::is_previous_figure(&ex.quantities[i])
                                    && !names_a_change(&ex.quantities[i].raw_label)
                            })
                            .copied()
                            .or_else(|| {
                                // a paragraph that opens with 其中 (a PDF line break before
                                // it): the last figure of the paragraph before
                                if ss != 0 || m != "其中" || q_first == 0 {
                                    return None;
                                }
                                let this = ex.quantities.get(q_first)?.paragraph;
                                (0..q_first)
                                    .rev()
                                    .take_while(|&i| ex.quantities[i].paragraph + 1 == this)
                                    .find(|&i| {
                                        let q = &ex.quantities[i];
                                        matches!(q.unit, Unit::Money(_)) && q.depth == 0
                                    })
                                    .filter(|&i| {
                                        let q = &ex.quantities[i];
                                        !q.approx
                                            && !q.implicit
                                            && !is_share_base(q)
                                            && !clause::is_previous_figure(q)
                                            && !names_a_change(&q.raw_label)
                                    })
                            })
                    } else if let Some(k) = lead.find("是指").filter(|_| m == "其中") {
                        // "项目支出是指……的支出，其中：A、B、C": the figure of the name the
                        // definition is of, stated in the paragraphs before
                        let subject = label::clean(&lead[..k]);
                        let this = ex.quantities.get(q_first).map(|q| q.paragraph);
                        (subject.chars().count() >= 2)
                            .then(|| {
                                (0..q_first).rev().take(40).find(|&i| {
                                    let q = &ex.quantities[i];
                                    this.is_some_and(|t| q.paragraph + 3 >= t)
                                        && matches!(q.unit, Unit::Money(_))
                                        && q.depth == 0
                                        && !q.approx
                                        && !q.implicit
                                        && q.label.ends_with(&subject)
                                        && !clause::is_previous_figure(q)
                                        && !names_a_change(&q.raw_label)
                                })
                            })
                            .flatten()
                    } else {
                        None
                    }
                };
                let Some(total) = total else { continue };
                let enclosing = structural
                    .iter()
                    .filter(|&&(o, c)| o < p && c > p)
                    .map(|&(_, c)| c)
                    .min()
                    .unwrap_or(usize::MAX);
                let mut stop = sentence_end(p).min(next_marker).min(enclosing);
                // "其中：基本支出 380.17 万元，占 83%；项目支出 80 万元，占 17%；…": items of
                // the list may be set off by 「；」, as long as each opens with a sibling's
                // name (the same last character: 支出/支出, 费/费) and its figure
                // (not in a list nested in another of the sentence: "支出 T，其中：本级支出
                // A，其中基本支出 a；下属单位支出 B" — B is A's sibling, not a's)
                let nested = markers
                    .iter()
                    .any(|&(q, mm)| mm == "其中" && q < p && q >= sentence_start(p));
                if class == Summable::Money
                    && matches!(
                        m,
                        "其中" | "包括" | "包含" | "分别为" | "分别是" | "主要用于"
                    )
                    && !nested
                {
                    let first_part = parts_between(ex, &money, base, p, stop, d);
                    if let Some(&fp) = first_part.first() {
                        let last_char = |i: usize| ex.quantities[i].label.chars().next_back();
                        let tail = last_char(fp);
                        while stop < par.len()
                            && par[stop..].starts_with('；')
                            && stop < next_marker.min(enclosing)
                        {
                            let seg = stop + '；'.len_utf8();
                            let seg_end = sentence_end(seg).min(next_marker).min(enclosing);
                            let head = money.iter().copied().find(|&i| {
                                let (s0, _) = qs(ex, i);
                                s0 >= seg && s0 < seg_end && ex.quantities[i].depth == d
                            });
                            let Some(h) = head else { break };
                            let (s0, _) = qs(ex, h);
                            let lead = &par[seg..s0];
                            // items named by their words before the figure (…支出；…支出), or
                            // all written figure first ("；29.99 万元用于…")
                            let named_alike = tail.is_some() && last_char(h) == tail;
                            let figure_first = tail.is_none() && lead.trim().is_empty();
                            // or each item written the same way: its figure, then its share
                            // ("…拨款 1000 万元，占 83.33%；其他收入 50 万元，占 5.17%")
                            let share_after = |i: usize| {
                                par.get(qs(ex, i).1..)
                                    .unwrap_or("")
                                    .trim_start_matches(['，', ',', ' '])
                                    .starts_with('占')
                            };
                            let shaped_alike = share_after(fp) && share_after(h);
                            if lead.chars().count() > 20
                                || lead.contains(['，', '：'])
                                || !(named_alike || figure_first || shaped_alike)
                            {
                                break;
                            }
                            stop = seg_end;
                        }
                    }
                }
                let mut parts = parts_between(ex, &money, base, p, stop, d);
                // the list ends at its "和 / 及 X" item, and before a total ("…和上年结转结余
                // 收入 32053 万元，债务收入 47060 万元，收入总计 441038 万元")
                if matches!(m, "其中" | "包括" | "包含" | "分别为" | "分别是") {
                    let mut end = parts.len();
                    for (k, &i) in parts.iter().enumerate() {
                        let l = &ex.quantities[i].raw_label;
                        if ["总计", "合计", "总额", "共计"]
                            .iter()
                            .any(|w| l.contains(w))
                        {
                            end = k;
                            break;
                        }
                        let lead = l.trim_start_matches(['，', '、', ' ']);
                        if k > 0 && ["和", "及", "以及"].iter().any(|w| lead.starts_with(w)) {
                            end = k + 1;
                            break;
                        }
                    }
                    parts.truncate(end);
                }
                if parts.is_empty() {
                    continue;
                }
                let last_end = qs(ex, *parts.last().unwrap_or(&total)).1;
                let tail = &par[last_end..stop.min(par.len()).max(last_end)];
                // (a list cut off where the text ends mid-sentence, "…9 万元，科", is not known
                // to be complete)
                // (or the list's next 「；」 item is the unfinished end of the text: "…；事业收入
                // 0 万元，占 0%；经营收入")
                let runs_to_end = stop >= par.len()
                    || (par[stop..].starts_with('；')
                        && sentence_end(stop + '；'.len_utf8()) >= par.len());
                let cut_off = runs_to_end
                    && !par
                        .trim_end()
                        .ends_with(['。', '；', '！', '？', '.', ';', '）']);
                let open_ended = tail.trim_start_matches(['）', ' ']).starts_with('等')
                    || matches!(m, "主要包括" | "主要用于")
                    || cut_off;
                // "其中：A，B，其他收入 C": a list that ends with "the rest" is complete
                let ends_with_rest = parts.len() >= 2
                    && parts.last().is_some_and(|&i| {
                        let l = &ex.quantities[i].label;
                        l.starts_with("其他") || l.starts_with("其它")
                    });
                let kind = if open_ended {
                    RelKind::Bound
                } else if m == "其中" && ends_with_rest {
                    new_rel.push(Relation {
                        kind: RelKind::Sum,
                        total,
                        parts,
                        via: VIA_REST.into(),
                    });
                    continue;
                } else if parts.len() >= 2
                    && (matches!(m, "包括" | "包含")
                        // "合计 X，分别为：…" (the marker right after its total), not "A a、
                        // B b，C 和 D 分别为 c、d"
                        || (matches!(m, "分别为" | "分别是")
                            && par
                                .get(qs(ex, total).1.min(p)..p)
                                .is_some_and(|g| g.trim_matches(['，', '：', ',', ':', ' ']).is_empty())))
                {
                    RelKind::Sum
                } else if parts.len() >= 2 {
                    let cores: Vec<String> = parts
                        .iter()
                        .map(|&i| ex.quantities[i].core.clone())
                        .collect();
                    if identity_for_parts(&cores).is_some() {
                        RelKind::Sum
                    } else {
                        RelKind::Bound
                    }
                } else {
                    RelKind::Bound
                };
                new_rel.push(Relation {
                    kind,
                    total,
                    parts,
                    via: m.into(),
                });
            }
        }
    }
    // parenthesised breakdowns without a marker: "基本支出 2,900 万元（人员经费 1,148 万元，公用经费 1,752 万元）"
    for &(o, c) in structural {
        let inner = par[o + '（'.len_utf8()..c].trim_start();
        if ["其中", "含", "包括", "主要包括", "包含"]
            .iter()
            .any(|m| inner.starts_with(m))
        {
            continue;
        }
        // (a comma may stand between: "在校学生 1152 人，（中学 576 人，小学 813 人）")
        let Some(&total) = money.iter().rev().find(|&&i| {
            let (_, e) = qs(ex, i);
            e <= o && par[e..o].trim_matches([' ', '，', ',']).is_empty()
        }) else {
            continue;
        };
        let d = depth_at[o + '（'.len_utf8()];
        let parts = parts_between(ex, &money, base, o, c, d);
        if parts.is_empty() {
            continue;
        }
        // one figure in brackets with no marker is an aside (累计 …, 折合 …), not a breakdown;
        // nor are figures left out of the total ("（已剔除从政府性基金预算调入 54.5 亿元和…）")
        if parts.len() < 2 || NET_OF.iter().any(|w| inner.starts_with(w)) {
            continue;
        }
        let open_ended = inner.contains('等') || inner.contains("主要");
        let kind = if parts.len() >= 2 && !open_ended {
            RelKind::Sum
        } else {
            RelKind::Bound
        };
        new_rel.push(Relation {
            kind,
            total,
            parts,
            via: "（".into(),
        });
    }
    // a list that runs on past its end ("实际正式教职工 62 人，其中副高级职称 4 人，…中级工
    // 1 人，退休职工 28 人"): when the parts exceed the total and the first of them make it
    // exactly, the rest are not its parts
    for r in &mut new_rel {
        let total = ex.quantities[r.total].canonical();
        let sum: Decimal = r.parts.iter().map(|&i| ex.quantities[i].canonical()).sum();
        if sum <= total || r.parts.len() < 3 {
            continue;
        }
        // items each named as kinds of the total ("编制人数 42，其中：行政编制人数 19、…、
        // 自收自支编制人数 13") are all its parts, whatever they add up to
        let tl = ex.quantities[r.total].label.clone();
        if tl.chars().count() >= 2
            && r.parts.iter().all(|&i| {
                let l = &ex.quantities[i].label;
                l.len() > tl.len() && l.ends_with(&tl)
            })
        {
            continue;
        }
        let mut acc = Decimal::ZERO;
        let mut cut = false;
        for k in 0..r.parts.len() - 1 {
            acc += ex.quantities[r.parts[k]].canonical();
            if acc == total {
                r.parts.truncate(k + 1);
                cut = true;
                break;
            }
            if acc > total {
                break;
            }
        }
        // "中小企业 180，其中：小微企业 150；货物 40；工程 100；服务 40": the last items make
        // the total by themselves — another breakdown of it, not more of this list
        let total_name = ex.quantities[r.total].label.clone();
        let names_total = |i: usize| {
            let l = &ex.quantities[i].label;
            total_name.chars().count() >= 4 && l.len() > total_name.len() && l.contains(&total_name)
        };
        if !cut {
            let mut acc = Decimal::ZERO;
            for k in (1..r.parts.len()).rev() {
                if !names_total(r.parts[k]) {
                    break;
                }
                acc += ex.quantities[r.parts[k]].canonical();
                if acc == total && r.parts.len() - k >= 2 {
                    r.parts.truncate(k);
                    r.kind = RelKind::Bound;
                    break;
                }
                if acc > total {
                    break;
                }
            }
        }
    }
    // a part's own breakdown inside the list ("旗本级 75.29 亿元，…分项目看：税收 16.81 亿元，
    // 非税 58.48 亿元；上级转移支付 …"): a run of later parts that adds up to an earlier
    // part exactly is that part again, not more of the total
    for r in &mut new_rel {
        // a list that ends with "the rest" (其他…) is one level: its items are not
        // breakdowns of each other
        if r.via == VIA_REST {
            continue;
        }
        let v: Vec<Decimal> = r
            .parts
            .iter()
            .map(|&i| ex.quantities[i].canonical())
            .collect();
        let mut cut: Option<(usize, usize)> = None;
        'find: for k in 0..v.len() {
            for a in k + 1..v.len() {
                let mut acc = Decimal::ZERO;
                for b in a..v.len() {
                    acc += v[b];
                    if b > a && acc == v[k] && !v[k].is_zero() {
                        cut = Some((a, b));
                        break 'find;
                    }
                    if acc > v[k] {
                        break;
                    }
                }
            }
        }
        if let Some((a, b)) = cut {
            r.parts.drain(a..=b);
        }
    }
    // items of a list have names of their own: a word repeated after every other item
    // ("因公出国（境）费 2.94 亿元，镌汰 3.7 亿元；公务用车… 24.72 亿元，镌汰 1… 亿元") is an
    // attribute of the item before it (a change in words the reader does not know), not
    // another item
    for r in &mut new_rel {
        let labels: Vec<String> = r
            .parts
            .iter()
            .map(|&i| label::clean(&ex.quantities[i].raw_label))
            .collect();
        let repeated: Vec<bool> = labels
            .iter()
            .map(|l| !l.is_empty() && labels.iter().filter(|m| *m == l).count() >= 2)
            .collect();
        let n = repeated.iter().filter(|&&x| x).count();
        let alternating = n >= 2 && repeated.windows(2).all(|w| !(w[0] && w[1]));
        if alternating && n < r.parts.len() {
            let keep: Vec<usize> = r
                .parts
                .iter()
                .zip(&repeated)
                .filter(|(_, &x)| !x)
                .map(|(&i, _)| i)
                .collect();
            r.parts = keep;
        }
    }
    // "收入总计 A、支出总计 B，其中：本年收入 a，本年支出 b": an income is no part of an
    // expenditure, nor the reverse
    for r in &mut new_rel {
        let side = |i: usize| {
            let l = &ex.quantities[i].label;
            if l.ends_with("收入") {
                Some(true)
            } else if l.ends_with("支出") {
                Some(false)
            } else {
                None
            }
        };
        if let Some(t) = side(r.total) {
            let before = r.parts.len();
            r.parts.retain(|&i| side(i).is_none_or(|s| s == t));
            // (what is left may not be the whole list)
            if r.parts.len() < before {
                r.kind = RelKind::Bound;
            }
        }
    }
    // "公共安全支出（类）748.36 万元，…其中基层司法业务（项）112.50 万元，…；社会保障和就业
    // 支出（类）72.46 万元": a 类 is no part of another 类 (nor a 款 of a 款): the list of the
    // total's items ends before the first of its own level
    for r in &mut new_rel {
        let level = |i: usize| {
            let l = &ex.quantities[i].raw_label;
            ["（类）", "（款）", "（项）"]
                .iter()
                .position(|w| l.contains(w))
        };
        if let Some(t) = level(r.total) {
            if let Some(k) = r
                .parts
                .iter()
                .position(|&i| level(i).is_some_and(|l| l <= t))
            {
                r.parts.truncate(k);
                r.kind = RelKind::Bound;
            }
        }
    }
    // "支出决算 10.5 万元，其中：公务用车…年初预算 8 万元，支出决算 6.5 万元": items that
    // give a budget and an outturn each are parts only in the total's own stage
    for r in &mut new_rel {
        let tstage = ex.quantities[r.total].stage;
        let conflicts = |i: &usize| {
            let s = ex.quantities[*i].stage;
            tstage != Stage::None && s != Stage::None && s.is_plan() != tstage.is_plan()
        };
        let before = r.parts.len();
        r.parts.retain(|i| !conflicts(i));
        if r.parts.len() < before {
            r.kind = RelKind::Bound;
        }
    }
    new_rel.retain(|r| !r.parts.is_empty());
    // parts inherit the total's stage and subject
    for r in &new_rel {
        let (tstage, tcore) = {
            let t = &ex.quantities[r.total];
            (t.stage, t.core.clone())
        };
        for &i in &r.parts {
            let q = &mut ex.quantities[i];
            q.is_part = true;
            if q.stage == Stage::None
                || (q.stage == Stage::Plan && matches!(tstage, Stage::Initial | Stage::Adjusted))
                || (q.stage == Stage::Final
                    && tstage != Stage::Final
                    && !q.label.contains("决算")
                    && !q.label.contains("实际"))
            {
                q.stage = tstage;
            }
            if label::is_generic(&label::core(&q.label)) && !tcore.is_empty() {
                q.core = format!("{tcore}{}", label::core(&q.label));
                q.subject = tcore.clone();
            }
        }
    }
    // a total stated net of something ("综合预算收入 629.4 亿元（已剔除…调入 54.5 亿元…）"):
    // its gross parts may exceed it, and the figures removed are no parts of it
    let net_totals: Vec<usize> = new_rel
        .iter()
        .map(|r| r.total)
        .filter(|&t| {
            // (a total taken from the paragraph before has nothing after it here)
            let Some(e) = ex.quantities[t].span.end.checked_sub(base) else {
                return false;
            };
            let after = par[e.min(par.len())..].trim_start_matches(['，', ' ']);
            after.starts_with('（') && {
                let inner = &after['（'.len_utf8()..];
                NET_OF.iter().any(|w| inner.starts_with(w))
            }
        })
        .collect();
    new_rel.retain(|r| !net_totals.contains(&r.total));
    // approx figures take part in no relation
    new_rel.retain(|r| {
        !ex.quantities[r.total].approx
            && r.parts.iter().all(|&i| !ex.quantities[i].approx)
            && !r.parts.contains(&r.total)
    });
    ex.relations.extend(new_rel);
}

fn declared_lists(
    par: &str,
    base: usize,
    tokens: &[number::Token],
    q_first: usize,
    ex: &mut Extracted,
) {
    for t in tokens {
        if t.kind != TokenKind::Quantity || t.unit != Unit::Count || t.approx {
            continue;
        }
        let before = &par[..t.num.start];
        let Some(b) = before.strip_suffix('等') else {
            continue;
        };
        // "等一次性缴库": 一次性 is "one-off", not a count of one
        if par[t.full.end.min(par.len())..].starts_with('性') {
            continue;
        }
        let cs = b
            .rfind(['，', '。', '；', '：', '（', '）', '\n'])
            .map_or(0, |i| i + par[i..].chars().next().map_or(1, char::len_utf8));
        let clause = &par[cs..b.len()];
        if !clause.contains('、') {
            continue;
        }
        let mut items = Vec::new();
        let mut s = cs;
        for piece in clause.split('、') {
            let e = s + piece.len();
            items.push(base + s..base + e);
            s = e + '、'.len_utf8();
        }
        if items.iter().any(|r| r.end - r.start > 60 || r.is_empty()) {
            continue;
        }
        let first = q_first;
        let Some(qi) = ex.quantities[first..]
            .iter()
            .position(|q| q.num_span.start == base + t.num.start)
            .map(|i| i + first)
        else {
            continue;
        };
        ex.declared_lists.push(DeclaredList {
            count: qi,
            items,
            closed: false,
        });
    }
    closed_lists(par, base, tokens, q_first, ex);
}

/// "下属单位 3 个，即 A、B、C。" / "分别是 A、B 和 C": a count followed by the list of all
/// its items (not open-ended: no 等).
fn closed_lists(
    par: &str,
    base: usize,
    tokens: &[number::Token],
    q_first: usize,
    ex: &mut Extracted,
) {
    const INTRO: &[&str] = &[
        "，即：",
        "，即",
        "，分别是：",
        "，分别是",
        "，分别为：",
        "，分别为",
        "，具体为：",
        "，具体为",
        "：即",
        "，包括：",
        "，包括",
        "，包含",
        "：",
    ];
    for t in tokens {
        if t.kind != TokenKind::Quantity || t.unit != Unit::Count || t.approx {
            continue;
        }
        if !matches!(
            t.measure,
            "个" | "家" | "项" | "所" | "座" | "条" | "名" | "人" | "类" | "支"
        ) {
            continue;
        }
        // the counted noun may follow the count ("下设 3 个内设机构，分别是：…")
        let after = &par[t.full.end..];
        let noun = after
            .char_indices()
            .take(11)
            .find(|&(_, c)| !c.is_alphabetic() || c.is_ascii() || c == '等')
            .map_or(0, |(i, _)| i);
        let noun = if after[noun..].starts_with(['，', '：']) {
            noun
        } else {
            0
        };
        let after = &after[noun..];
        let Some(intro) = INTRO.iter().find(|w| after.starts_with(*w)) else {
            continue;
        };
        let ls = t.full.end + noun + intro.len();
        let rest = &par[ls..];
        // a list that runs to the end of the text without its full stop may be cut off; a
        // comma after its names ends it ("6 个乡镇，即：A、B、C、D、E，新建…")
        let Some(end) = rest.find(['。', '；', '（', '(', '：', '\n']) else {
            continue;
        };
        // (names, not clauses: "三个原因：一是省以下工商、质监行政管理体制由省下划…，二是…")
        // (not where names go on after it: "5 个村：甲村、乙村、丙村，丁村、戊村")
        let end = match rest[..end].find('，') {
            Some(c)
                if rest[..c].contains('、')
                    && !rest[c..end].contains('、')
                    && !crate::normalize::starts_with_enum_word(rest)
                    && rest[..c].split('、').all(|p| p.chars().count() <= 16) =>
            {
                c
            }
            _ => end,
        };
        let list = &rest[..end];
        if list.contains('等') || list.contains('，') || list.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        let mut pieces: Vec<(usize, &str)> = Vec::new();
        let mut s = 0;
        for piece in list.split('、') {
            pieces.push((s, piece));
            s += piece.len() + '、'.len_utf8();
        }
        if pieces.len() < 2 {
            continue;
        }
        let Some(qi) = ex.quantities[q_first..]
            .iter()
            .position(|q| q.num_span.start == base + t.num.start)
            .map(|i| i + q_first)
        else {
            continue;
        };
        // "A、B 和 C": the last piece holds two items — unless the count says it is one
        // name ("办公室、财务股、政策法规和审批股" for 3 个)
        // — and its second half does not open like the other names do ("县电教站和县招生办")
        let as_named = ex.quantities[qi].value == Decimal::from(pieces.len());
        let first_char = pieces[0].1.chars().next();
        if let Some(&(o, last)) = pieces.last() {
            for sep in ["以及", "和", "及", "与"] {
                if last.matches(sep).count() == 1 {
                    if let Some(i) = last.find(sep) {
                        let (a, b) = (&last[..i], &last[i + sep.len()..]);
                        let one_name = as_named && b.chars().next() != first_char;
                        if a.chars().count() >= 2 && b.chars().count() >= 2 && !one_name {
                            pieces.pop();
                            pieces.push((o, a));
                            pieces.push((o + i + sep.len(), b));
                            break;
                        }
                    }
                }
            }
        }
        if pieces
            .iter()
            .any(|(_, p)| p.is_empty() || p.chars().count() > 30)
        {
            continue;
        }
        let items = pieces
            .iter()
            .map(|&(o, p)| base + ls + o..base + ls + o + p.len())
            .collect();
        ex.declared_lists.push(DeclaredList {
            count: qi,
            items,
            closed: true,
        });
    }
}

/// "…2022 年支出预算 4213.63 万元，…。包括：" followed by numbered paragraphs "1.一般公共服务
/// 3736.92 万元。" "2.…": the items a paragraph-ending 包括/包含/分别为 lists, one numbered
/// paragraph each, are the complete parts of the paragraph's figure (not of its change: a
/// list that adds up to the change amount is left alone). The list ends where the numbering
/// does; an item without an amount of its own makes the reading uncertain, and none is made.
fn colon_lists(text: &str, ex: &mut Extracted) {
    let mut found = Vec::new();
    for p in 0..ex.paragraphs.len() {
        let par = text[ex.paragraphs[p].clone()].trim_end();
        let Some(head) = par.strip_suffix('：').or_else(|| par.strip_suffix(':')) else {
            continue;
        };
        if !["包括", "包含", "分别为"].iter().any(|m| head.ends_with(m))
            || head.ends_with("主要包括")
        {
            continue;
        }
        let qs = &ex.quantities;
        let amount =
            |i: usize| matches!(qs[i].unit, Unit::Money(_)) && !qs[i].in_table && qs[i].depth == 0;
        // the words before 包括 may name the figure ("…。财政拨款收入包括："): then it is that one
        let named = head
            .rsplit(['。', '，', '；', '：'])
            .next()
            .map(|w| {
                ["包括", "包含", "分别为"]
                    .iter()
                    .find_map(|m| w.strip_suffix(m))
                    .unwrap_or(w)
            })
            .map(|w| label::key(&label::core(&label::clean(w))))
            .filter(|k| k.chars().count() >= 2);
        let mut figures = ex.quantities_in(p..p + 1).filter(|&i| amount(i));
        let Some(total) = figures
            .clone()
            .filter(|&i| !clause::is_change_amount(&qs[i]) && !clause::is_previous_figure(&qs[i]))
            .rfind(|&i| {
                named
                    .as_ref()
                    .is_none_or(|k| label::key(&qs[i].core).contains(k.as_str()))
            })
        else {
            continue;
        };
        let changes: Vec<usize> = figures
            .by_ref()
            .filter(|&i| clause::is_change_amount(&qs[i]))
            .collect();
        let (mut parts, mut style, mut next) = (Vec::new(), None, 1);
        for k in p + 1..ex.paragraphs.len() {
            let line = text[ex.paragraphs[k].clone()].trim_start();
            let Some((st, v, _)) = structure::parse_marker(line) else {
                break;
            };
            if style.is_some_and(|s| s != st) || v != next {
                break;
            }
            style = Some(st);
            next += 1;
            match ex.quantities_in(k..k + 1).find(|&i| amount(i)) {
                Some(i) if !clause::is_change_amount(&qs[i]) => parts.push(i),
                _ => {
                    parts.clear();
                    break;
                }
            }
        }
        if parts.len() < 2 {
            continue;
        }
        let sum: Decimal = parts.iter().map(|&i| qs[i].canonical()).sum();
        let slack: Decimal = parts.iter().map(|&i| qs[i].half_ulp()).sum();
        if changes
            .iter()
            .any(|&c| (qs[c].canonical() - sum).abs() <= slack + qs[c].half_ulp())
        {
            continue;
        }
        found.push(Relation {
            kind: RelKind::Sum,
            total,
            parts,
            via: "包括".to_string(),
        });
    }
    ex.relations.extend(found);
}

/// "收入总计 1,541.20 … 支出总计 1,514.20" in one paragraph, or "收入总计 1085.31 万元，本年
/// 支出 1070.67 万元，年末结转和结余 30.65 万元" in one sentence: a 收支总表 balances, so the
/// 收入总计 is the sum of the other side ([`VIA_BALANCE`]; a warning where it does not hold,
/// since a text may use 支出总计 loosely).
fn balance_relations(ex: &mut Extracted) {
    let qs = &ex.quantities;
    let plain = |i: usize| {
        let q = &qs[i];
        matches!(q.unit, Unit::Money(_))
            && !q.approx
            && !q.implicit
            && !clause::is_change_amount(q)
            && !clause::is_previous_figure(q)
            && !["上年", "去年", "收、支", "收支"]
                .iter()
                .any(|w| q.raw_label.contains(w))
    };
    let named = |i: usize, w: &str| {
        plain(i)
            && qs[i]
                .raw_label
                .trim_end_matches(['为', '是', ' '])
                .ends_with(w)
    };
    let mut found = Vec::new();
    for p in 0..ex.paragraphs.len() {
        let idx: Vec<usize> = ex.quantities_in(p..p + 1).collect();
        let Some(&income) = idx.iter().find(|&&i| named(i, "收入总计")) else {
            continue;
        };
        // (the 支出总计 of its sentence, or the first figure of the next: "收入总计 T。支出总计 T。")
        let next_first = idx
            .iter()
            .copied()
            .find(|&i| qs[i].sentence == qs[income].sentence + 1);
        if let Some(&spent) = idx.iter().find(|&&i| {
            named(i, "支出总计")
                && qs[i].year == qs[income].year
                && (qs[i].sentence == qs[income].sentence || Some(i) == next_first)
        }) {
            found.push(Relation {
                kind: RelKind::Sum,
                total: income,
                parts: vec![spent],
                via: VIA_BALANCE.into(),
            });
            continue;
        }
        let same = |i: usize| qs[i].sentence == qs[income].sentence && i > income;
        let year_spent = idx
            .iter()
            .copied()
            .find(|&i| same(i) && (named(i, "本年支出") || named(i, "本年支出合计")));
        let carried = idx
            .iter()
            .copied()
            .find(|&i| same(i) && (named(i, "年末结转和结余") || named(i, "结转下年")));
        if let (Some(a), Some(b)) = (year_spent, carried) {
            found.push(Relation {
                kind: RelKind::Sum,
                total: income,
                parts: vec![a, b],
                via: VIA_BALANCE.into(),
            });
        }
    }
    ex.relations.extend(found);
}

fn group_enumerations(text: &str, ex: &mut Extracted) {
    let mut cur: Option<Enumeration> = None;
    let mut last_heading_pos = 0usize;
    let mut hi = 0;
    for (k, m) in ex.inline.iter().enumerate() {
        while hi < ex.headings.len() && ex.headings[hi].start <= m.span.start {
            last_heading_pos = ex.headings[hi].start;
            hi += 1;
        }
        let broken = cur.as_ref().is_some_and(|c| {
            let first = &ex.inline[c.markers[0]];
            last_heading_pos > first.span.start
        });
        if m.value == 1 || cur.is_none() || broken {
            if let Some(c) = cur.take() {
                ex.enumerations.push(c);
            }
            let s = ex.sentence_at(m.span.start);
            let mut is = ex.sentences[s].range.start.min(m.span.start);
            let par = ex.paragraphs[m.paragraph].clone();
            if text[is..m.span.start].trim().chars().count() < 4 {
                is = par.start;
            }
            cur = Some(Enumeration {
                markers: vec![k],
                intro: text[is..m.span.start].to_string(),
                intro_span: is..m.span.start,
                end: m.span.end,
            });
        } else if let Some(c) = cur.as_mut() {
            c.markers.push(k);
            c.end = m.span.end;
        }
    }
    if let Some(c) = cur.take() {
        ex.enumerations.push(c);
    }
}

/// The money quantities starting strictly between `lo` and `hi` (offsets in the paragraph
/// that begins at `base`) at bracket depth `depth` that can be parts of a total: changes
/// ("减少 0.21 万元") are not parts.
fn parts_between(
    ex: &Extracted,
    money: &[usize],
    base: usize,
    lo: usize,
    hi: usize,
    depth: u32,
) -> Vec<usize> {
    money
        .iter()
        .copied()
        .filter(|&i| {
            let s = ex.quantities[i].span.start.saturating_sub(base);
            s > lo && s < hi && ex.quantities[i].depth == depth
        })
        .filter(|&i| {
            let l = &ex.quantities[i].raw_label;
            // a change, or a progress figure of another time ("，目前项目资金已拨付 106.36
            // 万元", "截至 6 月底…") — not an item of the list; "上年结转结余收入" is an item
            let carried_over_item = (l.contains("结余") || l.contains("结转"))
                && (l.ends_with("收入") || l.ends_with("资金") || l.ends_with("支出"))
                && !l.contains('比')
                && !l.contains('较');
            // (nor an average: "平均每批次接待 1,649 元", "人均 0.5 万元")
            let average = ["平均", "每", "人均", "户均", "车均"]
                .iter()
                .any(|w| l.contains(w));
            (carried_over_item || !names_a_change(l))
                && !average
                && !["目前", "截至", "截止", "累计"]
                    .iter()
                    .any(|w| l.contains(w))
        })
        .collect()
}
