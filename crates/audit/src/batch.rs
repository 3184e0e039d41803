//! Checks across a batch of reports (跨报告核对): what a finance bureau sees when it reads
//! many departments' reports at once and no single-file check can.
//!
//! | code  | severity | finding |
//! |-------|----------|---------|
//! | AU101 | warning | a sentence shared with another organisation's report that names that organisation (copied, name left unchanged) |
//! | AU102 | warning | a sentence shared with another report whose distinctive figure was not updated (another organisation, or this organisation's other year where the year or other figures were updated) |
//! | AU103 | warning | the same satisfaction rate, written with decimals, in the reports of two or more organisations |
//! | AU104 | warning | an indicator table (≥3 rows: name, operator, value, unit) identical to one in another organisation's report |
//! | AU105 | warning | targets with no basis: most percentage targets written as ≥95% or above (one report) |
//! | AU106 | warning | a cost indicator (成本指标) written with ≥ or > (one report) |
//!
//! AU105, AU106 and AU104's table key are the rules of [`jixiao_model::target_quality`], the
//! same ones 复核 applies to structured submissions (RV002, RV003, RV102).
//!
//! "Shared sentence" means equal after normalisation with every run of digits masked, so a
//! sentence copied and then given new figures still matches; the comparison of the figures
//! decides what is reported. Two reports are of the same organisation when one name ends
//! with the other (深圳市龙华区教育局 / 龙华区教育局); a report whose organisation cannot be
//! read from its title is identified by its file name.
//!
//! Architecture invariants: pure functions over texts (no IO); nothing panics on any input;
//! every span is a byte range of the original text of the document it belongs to.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use jixiao_model::target_quality as tq;
use jixiao_model::TargetOperator;
use rust_decimal::Decimal;

use crate::extract::number::{scan, Token, TokenKind, Unit};
use crate::normalize::{is_cjk, normalize, Normalized};
use crate::{infer_year, Diagnostic, Severity};

/// The batch checks: code, severity, short name, and what the finding means (for
/// `--list-checks`, `--explain` and the docs).
pub const BATCH_CHECKS: &[(&str, Severity, &str, &str)] = &[
    ("AU101", Severity::Warning, "照抄其他单位报告，单位名称未改",
     "本报告中的一句话与另一单位报告中的句子相同（数字不计），句中写的却是那个单位的名称，而不是本单位：多半是照抄后未改名称。"),
    ("AU102", Severity::Warning, "照抄的句子中数字未更新",
     "本报告中的一句话与另一单位报告（或本单位另一年度的报告）句式相同，其他数字已改，某个有区分度的数字（三位以上有效数字）却完全相同；与本单位上年报告比较时只看金额。"),
    ("AU103", Severity::Warning, "多个单位的满意度完全相同",
     "两个以上单位的报告写出了同一个带小数的满意度（如 96.37%），独立调查得出同一数字的可能性很小；目标值（≥95%）不计。"),
    ("AU104", Severity::Warning, "绩效指标表与其他单位完全相同",
     "一张绩效指标表（至少 3 行：指标名称、符号、目标值、单位）与另一单位报告中的一张完全相同（行序不计）。"),
    ("AU105", Severity::Warning, "目标值普遍 ≥95%，缺乏测算依据",
     "百分比目标中至少 3 个、且至少八成写为“≥95%”以上：目标值可能未结合历史水平和实际情况测算。"),
    ("AU106", Severity::Warning, "成本指标使用 ≥",
     "成本指标写为“≥”或“>”：成本是上限，应写为“≤”。"),
];

/// One report of the batch.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// How the report is named in messages (its path).
    pub label: &'a str,
    /// Its decoded text; spans point into it.
    pub text: &'a str,
}

/// Where else a finding is seen: a span in another document of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub doc: usize,
    pub span: Range<usize>,
    pub message: String,
}

/// A finding of the batch checks, located in document `doc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchFinding {
    pub doc: usize,
    pub diagnostic: Diagnostic,
    pub elsewhere: Vec<Elsewhere>,
}

/// A performance target read from a report's text (a row of a flattened target table, or
/// "名称 ≥ 95%" in a sentence). Spans are byte ranges of the original text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextTarget {
    /// The category the row stands under (成本指标, 经济成本指标 …), if one was seen.
    pub category: Option<String>,
    pub name: String,
    pub operator: TargetOperator,
    pub value: Decimal,
    pub unit: String,
    pub name_span: Range<usize>,
    pub operator_span: Range<usize>,
    pub value_span: Range<usize>,
    /// Which target table of the report (a new one starts at each 项目名称).
    pub table: usize,
}

/// At most this many documents share a sentence before it counts as boilerplate and is
/// not compared (keeps the work linear in practice).
const MAX_SHARING: usize = 24;
/// A sentence is compared only with at least this many characters besides figures …
const MIN_SENTENCE_CHARS: usize = 20;
/// … of which at least this many are Chinese characters.
const MIN_SENTENCE_CJK: usize = 12;

/// Run the batch checks over `docs`. Findings are ordered by document, then position.
pub fn audit_batch(docs: &[Document]) -> Vec<BatchFinding> {
    let profiles: Vec<Profile> = docs.iter().map(|d| Profile::new(d.label, d.text)).collect();
    let mut out = Vec::new();
    shared_sentences(&profiles, &mut out);
    same_satisfaction(&profiles, &mut out);
    identical_tables(&profiles, &mut out);
    for (i, p) in profiles.iter().enumerate() {
        target_quality(i, p, &mut out);
    }
    out.sort_by(|a, b| {
        (a.doc, a.diagnostic.span.start, a.diagnostic.code).cmp(&(
            b.doc,
            b.diagnostic.span.start,
            b.diagnostic.code,
        ))
    });
    out.dedup_by(|a, b| {
        a.doc == b.doc
            && a.diagnostic.code == b.diagnostic.code
            && a.diagnostic.span == b.diagnostic.span
    });
    out
}

/// What one report is about and what it says, as the batch checks need it.
struct Profile<'a> {
    label: &'a str,
    original: &'a str,
    norm: Normalized,
    /// The organisation read from the title, if any.
    org: Option<String>,
    year: Option<u16>,
    sentences: Vec<Sentence>,
    targets: Vec<TextTarget>,
}

struct Sentence {
    /// In the normalised text.
    span: Range<usize>,
    masked: String,
    figures: Vec<Token>,
}

impl<'a> Profile<'a> {
    fn new(label: &'a str, original: &'a str) -> Profile<'a> {
        let norm = normalize(original);
        let org = organisation(&norm.text);
        let year = infer_year(original);
        let sentences = sentences(&norm.text);
        let mut targets = targets_in(&norm.text);
        for t in &mut targets {
            t.name_span = norm.to_orig(original, t.name_span.clone());
            t.operator_span = norm.to_orig(original, t.operator_span.clone());
            t.value_span = norm.to_orig(original, t.value_span.clone());
        }
        Profile {
            label,
            original,
            norm,
            org,
            year,
            sentences,
            targets,
        }
    }

    fn orig(&self, r: Range<usize>) -> Range<usize> {
        self.norm.to_orig(self.original, r)
    }

    /// The name by which reports are told apart: the organisation, else the file.
    fn identity(&self) -> &str {
        self.org.as_deref().unwrap_or(self.label)
    }

    fn who(&self) -> String {
        match (&self.org, self.year) {
            (Some(o), Some(y)) => format!("《{}》（{o}，{y} 年）", self.label),
            (Some(o), None) => format!("《{}》（{o}）", self.label),
            _ => format!("《{}》", self.label),
        }
    }
}

/// Two identities name one organisation when one ends with the other.
fn same_org(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().count() >= 3 && b.ends_with(a))
        || (b.chars().count() >= 3 && a.ends_with(b))
}

/// The findings of [`audit_batch`] as plain diagnostics of each document, with the places
/// in other documents resolved to path, line and column ([`crate::External`]): what the CLI
/// and 复核 print next to each file's own findings. Indexed like `docs`.
pub fn diagnostics_by_document(
    docs: &[Document],
    findings: Vec<BatchFinding>,
) -> Vec<Vec<Diagnostic>> {
    let indexes: Vec<crate::LineIndex> =
        docs.iter().map(|d| crate::LineIndex::new(d.text)).collect();
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); docs.len()];
    for f in findings {
        let Some(slot) = out.get_mut(f.doc) else {
            continue;
        };
        let mut d = f.diagnostic;
        for e in f.elsewhere {
            let (Some(doc), Some(idx)) = (docs.get(e.doc), indexes.get(e.doc)) else {
                continue;
            };
            let quoted = doc.text.get(e.span.clone()).unwrap_or("");
            let lead = quoted.len() - quoted.trim_start().len();
            let lc = idx.line_col(doc.text, e.span.start + lead);
            let squeezed: String = quoted.split_whitespace().collect::<Vec<_>>().join("");
            let mut text: String = squeezed
                .chars()
                .take(crate::diagnostic::EXTERNAL_EXCERPT_CHARS)
                .collect();
            if squeezed.chars().count() > crate::diagnostic::EXTERNAL_EXCERPT_CHARS {
                text.push('…');
            }
            d.elsewhere.push(crate::External {
                path: doc.label.to_string(),
                start: e.span.start + lead,
                end: e.span.end,
                line: lc.line,
                column: lc.column,
                text,
                message: e.message,
            });
        }
        slot.push(d);
    }
    out
}

/// The documentation of a batch check (AU101 …), in Chinese.
pub fn explain(code: &str) -> Option<String> {
    let (code, severity, title, what) = BATCH_CHECKS
        .iter()
        .find(|(c, ..)| c.eq_ignore_ascii_case(code))?;
    Some(format!(
        "# {code} {title}\n\n级别：{}。跨报告核对：只在一次核对多份报告（`jixiao audit 文件夹`、`jixiao review`）时运行。\n\n{what}\n",
        match severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    ))
}

// ---------------------------------------------------------------------------------------
// The organisation of a report

const ORG_ENDINGS: &[&str] = &[
    "委员会",
    "联合会",
    "办事处",
    "人民政府",
    "政府",
    "中心",
    "本级",
    "街道",
    "集团",
    "公司",
    "部门",
    "单位",
    "协会",
    "学会",
    "医院",
    "局",
    "委",
    "办",
    "院",
    "校",
    "学",
    "园",
    "馆",
    "所",
    "站",
    "队",
    "处",
    "室",
    "社",
    "会",
    "部",
    "厅",
    "镇",
    "乡",
    "团",
    "台",
    "场",
];

/// The organisation a report is about, read from its title: the name before the year in
/// the first lines ("深圳市龙华区教育局2021年度部门整体支出绩效自评报告"), else a
/// "部门：…" / "单位名称：…" field near the top.
pub fn organisation(norm_text: &str) -> Option<String> {
    let lines: Vec<&str> = norm_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(30)
        .collect();
    for line in lines.iter().take(6) {
        if let Some(name) = title_organisation(line) {
            return Some(name);
        }
    }
    for (k, line) in lines.iter().enumerate() {
        for key in [
            "单位名称",
            "部门名称",
            "预算单位",
            "主管部门",
            "部门",
            "单位",
        ] {
            let Some(i) = line.find(key) else { continue };
            let rest = skip_seal_note(&line[i + key.len()..]);
            let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) else {
                continue;
            };
            let mut name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| is_name_char(*c))
                .collect();
            // a name the PDF broke over two lines ("…政务服务数" / "据管理局")
            if accept_name(&name).is_none() && name.chars().count() == rest.trim().chars().count() {
                if let Some(next) = lines.get(k + 1) {
                    let cont: String = next.chars().take_while(|c| is_name_char(*c)).collect();
                    if cont.chars().count() == next.chars().count() && cont.chars().count() <= 12 {
                        name.push_str(&cont);
                    }
                }
            }
            if let Some(n) = accept_name(&name) {
                return Some(n);
            }
        }
    }
    None
}

/// "（公章）", "(盖章)" and the like between a field's name and its colon.
fn skip_seal_note(rest: &str) -> &str {
    let r = rest.trim_start();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = r.strip_prefix(open) {
            if let Some(j) = inner.find(close) {
                if inner[..j].chars().count() <= 4 && inner[..j].contains('章') {
                    return inner[j + close.len_utf8()..].trim_start();
                }
            }
        }
    }
    r
}

fn is_name_char(c: char) -> bool {
    (is_cjk(c) && !"，。；：、！？“”‘’《》【】（）()".contains(c)) || c == '·'
}

fn accept_name(name: &str) -> Option<String> {
    let mut name = name.trim();
    for p in ["关于", "中共"] {
        if let Some(r) = name.strip_prefix(p) {
            if p == "关于" {
                name = r;
            }
        }
    }
    let n = name.chars().count();
    ((3..=40).contains(&n) && ORG_ENDINGS.iter().any(|e| name.ends_with(e)))
        .then(|| name.to_string())
}

fn title_organisation(line: &str) -> Option<String> {
    let toks = scan(line);
    let year = toks.iter().find(|t| matches!(t.kind, TokenKind::Year(_)))?;
    let before = &line[..year.full.start.min(line.len())];
    // the run of name characters right before the year
    let name: String = {
        let mut cs: Vec<char> = before
            .chars()
            .rev()
            .take_while(|c| is_name_char(*c))
            .collect();
        cs.reverse();
        cs.into_iter().collect()
    };
    accept_name(&name).or_else(|| {
        // "2023年贯塘乡人民政府决算编制说明": the name after the year, up to the kind of text
        const KINDS: &[&str] = &[
            "部门决算",
            "部门预算",
            "决算",
            "预算",
            "部门整体",
            "整体支出",
            "项目支出",
            "绩效",
            "三公",
            "“三公”",
        ];
        let after = line.get(year.full.end..)?;
        let after = after.trim_start_matches(['年', '度', ' ']);
        let end = KINDS.iter().filter_map(|k| after.find(k)).min()?;
        let name: String = after[..end]
            .chars()
            .take_while(|c| is_name_char(*c))
            .collect();
        (name.len() == end).then_some(())?;
        accept_name(&name)
    })
}

/// The names by which a report may mention organisation `org`: the full name, the name
/// without each leading place (龙华区教育局, 教育局), and the places themselves (龙华区)
/// — the last two only when `own` (the reader's organisation) does not share them.
fn mentions(org: &str, own: Option<&str>) -> Vec<String> {
    const PLACE_END: &[char] = &['省', '市', '区', '县', '州', '旗', '盟'];
    const GENERIC: &[&str] = &[
        "人民政府",
        "政府",
        "委员会",
        "本级",
        "办公室",
        "机关",
        "单位",
        "部门",
        "中心",
    ];
    let cs: Vec<char> = org.chars().collect();
    let mut places = Vec::new();
    let mut suffixes = vec![org.to_string()];
    let mut start = 0;
    for (i, c) in cs.iter().enumerate() {
        if PLACE_END.contains(c) && i + 1 - start >= 2 && i + 1 < cs.len() {
            places.push(cs[start..=i].iter().collect::<String>());
            start = i + 1;
            suffixes.push(cs[start..].iter().collect());
        }
    }
    let own_names: Vec<String> = own.map(mentions_raw).unwrap_or_default();
    let own_has_place = own_names.len() > 1;
    let mut out: Vec<String> = Vec::new();
    for (k, s) in suffixes.into_iter().enumerate() {
        let n = s.chars().count();
        if n < 3 || GENERIC.contains(&s.as_str()) {
            continue;
        }
        if k > 0 && own_names.iter().any(|o| o == &s || o.ends_with(&s)) {
            continue;
        }
        out.push(s);
    }
    if own_has_place {
        for p in places {
            if p.chars().count() >= 3 && !own_names.iter().any(|o| o.contains(&p)) {
                out.push(p);
            }
        }
    }
    out.retain(|m| own.is_none_or(|o| !o.contains(m.as_str())));
    out.sort_by_key(|m| std::cmp::Reverse(m.len()));
    out.dedup();
    out
}

/// The full name and its suffixes after each leading place.
fn mentions_raw(org: &str) -> Vec<String> {
    const PLACE_END: &[char] = &['省', '市', '区', '县', '州', '旗', '盟'];
    let cs: Vec<char> = org.chars().collect();
    let mut out = vec![org.to_string()];
    let mut start = 0;
    for (i, c) in cs.iter().enumerate() {
        if PLACE_END.contains(c) && i + 1 - start >= 2 && i + 1 < cs.len() {
            start = i + 1;
            out.push(cs[start..].iter().collect());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Sentences and figures

fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
    {
        if matches!(c, '。' | '！' | '？' | '；' | '|' | '\n' | '!' | '?') {
            let span = start..i;
            start = i + c.len_utf8();
            let s = &text[span.clone()];
            let Some(masked) = mask(s) else { continue };
            let mut figures = scan(s);
            for f in &mut figures {
                f.num = f.num.start + span.start..f.num.end + span.start;
                f.full = f.full.start + span.start..f.full.end + span.start;
            }
            out.push(Sentence {
                span,
                masked,
                figures,
            });
        }
    }
    out
}

/// The sentence with spaces dropped and every run of digits (with its separators) as
/// '#'; `None` when too short to compare.
fn mask(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let (mut chars, mut cjk) = (0, 0);
    let mut in_number = false;
    for c in s.chars() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
            continue;
        }
        if in_number && matches!(c, '.' | ',' | '，') {
            continue;
        }
        in_number = false;
        out.push(c);
        chars += 1;
        if is_cjk(c) {
            cjk += 1;
        }
    }
    (chars >= MIN_SENTENCE_CHARS && cjk >= MIN_SENTENCE_CJK).then_some(out)
}

fn significant_digits(v: Decimal) -> usize {
    let s = v.abs().normalize().to_string();
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// A figure two reports would not write alike by chance: three or more significant
/// digits, exact, not 100%.
fn distinctive(t: &Token) -> bool {
    t.kind == TokenKind::Quantity
        && !t.approx
        && !t.chinese
        && significant_digits(t.value) >= 3
        && !is_hundred_percent(t)
        && !looks_like_year(t)
}

fn is_hundred_percent(t: &Token) -> bool {
    t.unit == Unit::Percent && t.value == Decimal::ONE_HUNDRED
}

/// A bare whole number in the range of years (a document number's 〔2021〕, "2021 年度"
/// read without its 年): reports of one year share it by nature.
fn looks_like_year(t: &Token) -> bool {
    t.unit == Unit::Plain
        && t.value.fract().is_zero()
        && (Decimal::from(1949)..=Decimal::from(2100)).contains(&t.value)
}

fn money(t: &Token) -> bool {
    matches!(t.unit, Unit::Money(_))
}

fn same_figure(a: &Token, b: &Token) -> bool {
    a.value == b.value && a.unit == b.unit
}

fn show(t: &Token, text: &str) -> String {
    text.get(t.full.clone()).unwrap_or("").to_string()
}

// ---------------------------------------------------------------------------------------
// AU101, AU102: shared sentences

#[derive(Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Reports of two organisations.
    Other,
    /// One organisation, two different years: `later` is the later report.
    OtherYear { later: usize },
    /// The same organisation and year (a duplicate or an excerpt): never compared.
    Same,
}

fn relation(ps: &[Profile], a: usize, b: usize) -> Relation {
    if !same_org(ps[a].identity(), ps[b].identity()) {
        return Relation::Other;
    }
    match (ps[a].year, ps[b].year) {
        (Some(x), Some(y)) if x != y => Relation::OtherYear {
            later: if x > y { a } else { b },
        },
        _ => Relation::Same,
    }
}

fn shared_sentences(ps: &[Profile], out: &mut Vec<BatchFinding>) {
    // masked sentence → (document, sentence), first occurrence per document
    let mut index: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (d, p) in ps.iter().enumerate() {
        for (k, s) in p.sentences.iter().enumerate() {
            let v = index.entry(s.masked.as_str()).or_default();
            if v.last().is_none_or(|(ld, _)| *ld != d) && !v.iter().any(|(x, _)| *x == d) {
                v.push((d, k));
            }
        }
    }
    let mut keys: Vec<(&&str, &Vec<(usize, usize)>)> = index
        .iter()
        .filter(|(_, v)| v.len() >= 2 && v.len() <= MAX_SHARING)
        .collect();
    keys.sort_by_key(|(_, v)| v[0]);
    for (_, at) in keys {
        let orgs: BTreeSet<&str> = at.iter().map(|(d, _)| ps[*d].identity()).collect();
        let widespread = orgs.len() >= 3;
        for &(a, ka) in at {
            let mut named: Vec<(usize, usize, String)> = Vec::new();
            for &(b, kb) in at {
                if a == b {
                    continue;
                }
                match relation(ps, a, b) {
                    Relation::Other => {
                        if let Some(m) = names_other(ps, a, ka, b, widespread) {
                            named.push((b, kb, m));
                        }
                        figures_not_updated(ps, (a, ka), (b, kb), false, out);
                    }
                    Relation::OtherYear { later } if later == a => {
                        figures_not_updated(ps, (a, ka), (b, kb), true, out);
                    }
                    _ => {}
                }
            }
            if let Some((_, _, m)) = named.first() {
                let p = &ps[a];
                let s = &p.sentences[ka];
                let text = &p.norm.text[s.span.clone()];
                let Some(i) = text.find(m.as_str()) else {
                    continue;
                };
                let span = p.orig(s.span.start + i..s.span.start + i + m.len());
                let others: Vec<String> = named.iter().map(|(b, _, _)| ps[*b].who()).collect();
                let mut d = Diagnostic::new(
                    "AU101",
                    Severity::Warning,
                    span,
                    format!(
                        "此句与{}中的句子相同，写的却是「{m}」{}：可能照抄该单位报告而未改单位名称",
                        others.join("、"),
                        p.org
                            .as_deref()
                            .map(|o| format!("（本报告单位：{o}）"))
                            .unwrap_or_default()
                    ),
                )
                .help("核对该句是否为本单位情况，改为本单位名称和数字");
                d.related.clear();
                out.push(BatchFinding {
                    doc: a,
                    diagnostic: d,
                    elsewhere: named
                        .iter()
                        .map(|(b, kb, m)| {
                            // the name in the other report's sentence, else the sentence
                            let s = &ps[*b].sentences[*kb];
                            let span = ps[*b].norm.text[s.span.clone()]
                                .find(m.as_str())
                                .map_or(s.span.clone(), |i| {
                                    s.span.start + i..s.span.start + i + m.len()
                                });
                            Elsewhere {
                                doc: *b,
                                span: ps[*b].orig(span),
                                message: "相同句子中的这一名称".into(),
                            }
                        })
                        .collect(),
                });
            }
        }
    }
}

/// Does sentence `ka` of report `a` name report `b`'s organisation (and not `a`'s own)?
fn names_other(ps: &[Profile], a: usize, ka: usize, b: usize, widespread: bool) -> Option<String> {
    let other = ps[b].org.as_deref()?;
    let own = ps[a].org.as_deref()?;
    let text = &ps[a].norm.text[ps[a].sentences[ka].span.clone()];
    let own_names = mentions_raw(own);
    if own_names
        .iter()
        .any(|n| n.chars().count() >= 3 && text.contains(n.as_str()))
    {
        return None;
    }
    let full = mentions_raw(other);
    mentions(other, Some(own)).into_iter().find(|m| {
        // a sentence many organisations share (a notice quoted by all) counts only with a
        // name that has its place in it
        text.contains(m.as_str())
            && (!widespread
                || full
                    .iter()
                    .take(full.len().saturating_sub(1))
                    .any(|f| f == m))
    })
}

fn figures_not_updated(
    ps: &[Profile],
    (a, ka): (usize, usize),
    (b, kb): (usize, usize),
    other_year: bool,
    out: &mut Vec<BatchFinding>,
) {
    let (pa, pb) = (&ps[a], &ps[b]);
    let (sa, sb) = (&pa.sentences[ka], &pb.sentences[kb]);
    if sa.figures.len() != sb.figures.len() {
        return;
    }
    let mut same = Vec::new();
    let mut updated = false;
    for (x, y) in sa.figures.iter().zip(&sb.figures) {
        if same_figure(x, y)
            || matches!((x.kind, y.kind), (TokenKind::Year(p), TokenKind::Year(q)) if p == q)
        {
            let wanted = if other_year { money(x) } else { true };
            if distinctive(x) && wanted {
                same.push(x);
            }
        } else {
            updated = true;
        }
    }
    let Some(first) = same.first() else { return };
    if other_year && !updated {
        // the whole sentence, years included, is the same: a quotation of last year's figure
        return;
    }
    let figs: Vec<String> = same.iter().map(|t| show(t, &pa.norm.text)).collect();
    let message = match (other_year, updated) {
        (true, _) => format!(
            "此句与{}的同一句相比，年份或其他数字已改，{} 却与之相同：可能沿用上年数字未更新",
            pb.who(),
            figs.join("、")
        ),
        (false, true) => format!(
            "此句与{}的句子句式相同，其他数字已改，{} 却与之相同：可能照抄未更新",
            pb.who(),
            figs.join("、")
        ),
        (false, false) => format!(
            "此句连同数字 {} 与{}完全相同：可能照抄其他单位报告，数字未更新",
            figs.join("、"),
            pb.who()
        ),
    };
    let mut d = Diagnostic::new(
        "AU102",
        Severity::Warning,
        pa.orig(first.full.clone()),
        message,
    )
    .help("核对这些数字是否为本单位本年度的数字");
    for t in &same[1..] {
        d = d.related(pa.orig(t.full.clone()), "同样未变的数字");
    }
    out.push(BatchFinding {
        doc: a,
        diagnostic: d,
        elsewhere: vec![Elsewhere {
            doc: b,
            span: pb.orig(sb.span.clone()),
            message: "对照的句子".into(),
        }],
    });
}

// ---------------------------------------------------------------------------------------
// AU103: the same satisfaction rate

fn satisfaction_rates(p: &Profile) -> Vec<Token> {
    let text = &p.norm.text;
    let mut out = Vec::new();
    for (start, _) in text.match_indices("满意") {
        // the figures of this phrase: up to the next 满意, the end of the line, or 80 bytes
        let rest = &text[start..];
        let mut end = rest[3..]
            .find("满意")
            .map_or(rest.len(), |i| i + 3)
            .min(rest.find('\n').unwrap_or(rest.len()));
        end = floor(rest, end.min(120));
        for mut t in scan(&rest[..end]) {
            if t.kind != TokenKind::Quantity || t.unit != Unit::Percent || t.approx {
                continue;
            }
            if t.value.fract().is_zero()
                || t.value >= Decimal::ONE_HUNDRED
                || t.value <= Decimal::ZERO
            {
                continue;
            }
            // a target ("≥ 95.5%") is not a result
            let before = &rest[..t.full.start];
            let before = before.trim_end_matches([' ', '|']);
            if tq::parse_operator(last_chars(before, 1)).is_some()
                || tq::parse_operator(last_chars(before, 3)).is_some()
            {
                continue;
            }
            t.num = t.num.start + start..t.num.end + start;
            t.full = t.full.start + start..t.full.end + start;
            out.push(t);
        }
    }
    out.dedup_by(|a, b| a.full == b.full);
    out
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[start..]
}

fn same_satisfaction(ps: &[Profile], out: &mut Vec<BatchFinding>) {
    let mut by_value: BTreeMap<Decimal, Vec<(usize, Token)>> = BTreeMap::new();
    for (d, p) in ps.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for t in satisfaction_rates(p) {
            if seen.insert(t.value.normalize()) {
                by_value
                    .entry(t.value.normalize())
                    .or_default()
                    .push((d, t));
            }
        }
    }
    for (v, at) in by_value {
        for (a, ta) in &at {
            let others: Vec<&(usize, Token)> = at
                .iter()
                .filter(|(b, _)| relation(ps, *a, *b) == Relation::Other)
                .collect();
            if others.is_empty() {
                continue;
            }
            let names: Vec<String> = others.iter().map(|(b, _)| ps[*b].who()).collect();
            out.push(BatchFinding {
                doc: *a,
                diagnostic: Diagnostic::new(
                    "AU103",
                    Severity::Warning,
                    ps[*a].orig(ta.full.clone()),
                    format!(
                        "满意度 {v}% 与{}完全相同：带小数的满意度在不同单位间相同，可能未经实际调查",
                        names.join("、")
                    ),
                )
                .help("附上满意度调查的样本量和计算过程"),
                elsewhere: others
                    .iter()
                    .map(|(b, tb)| Elsewhere {
                        doc: *b,
                        span: ps[*b].orig(tb.full.clone()),
                        message: format!("满意度 {v}%"),
                    })
                    .collect(),
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Targets read from text: AU104, AU105, AU106

const CATEGORIES: &[&str] = &[
    "生态环境成本指标",
    "经济成本指标",
    "社会成本指标",
    "成本指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "满意度指标",
    "产出指标",
    "效益指标",
];

const OPERATORS: &[&str] = &[
    "大于或等于",
    "小于或等于",
    "大于等于",
    "小于等于",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "不多于",
    ">=",
    "<=",
    "≥",
    "≧",
    "≤",
    "≦",
    "＞",
    "＜",
    "═",
    ">",
    "<",
    "＝",
    "=",
];

const UNITS: &[&str] = &[
    "%",
    "％",
    "万元",
    "亿元",
    "元",
    "人次",
    "人",
    "个",
    "项",
    "次",
    "天",
    "日",
    "月",
    "年",
    "小时",
    "分钟",
    "户",
    "家",
    "件",
    "份",
    "场",
    "所",
    "台",
    "套",
    "座",
    "公里",
    "平方米",
    "平方公里",
    "厘米",
    "米",
    "亩",
    "吨",
    "分",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '|'
}

/// Targets written as "名称 ≥ 95 %" in the text or in a flattened table's cells.
pub fn targets_in(norm_text: &str) -> Vec<TextTarget> {
    // categories and table starts, by position
    let mut marks: Vec<(usize, Option<&str>)> = Vec::new();
    let mut i = 0;
    while i < norm_text.len() {
        let rest = &norm_text[i..];
        if let Some(c) = CATEGORIES.iter().find(|c| rest.starts_with(*c)) {
            marks.push((i, Some(c)));
            i += c.len();
            continue;
        }
        if rest.starts_with("项目名称") {
            marks.push((i, None));
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < norm_text.len() {
        let rest = &norm_text[i..];
        let Some(op_text) = OPERATORS.iter().find(|o| rest.starts_with(*o)) else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let op_span = i..i + op_text.len();
        i = op_span.end;
        let Some(operator) = tq::parse_operator(op_text) else {
            continue;
        };
        if let Some(t) = target_at(norm_text, op_span, operator, &marks) {
            out.push(t);
        }
    }
    out
}

fn target_at(
    text: &str,
    op_span: Range<usize>,
    operator: TargetOperator,
    marks: &[(usize, Option<&str>)],
) -> Option<TextTarget> {
    // the value: a number after the operator (separators allowed)
    let after = &text[op_span.end..];
    let skip = after.len() - after.trim_start_matches(is_separator).len();
    let vstart = op_span.end + skip;
    let head = &text[vstart..floor(text, vstart + 48)];
    let tok = scan(head).into_iter().next().filter(|t| t.num.start == 0)?;
    if tok.kind != TokenKind::Quantity {
        return None;
    }
    let value_span = vstart + tok.num.start..vstart + tok.num.end;
    // the unit: written with the number, or the next cell
    let mut unit = match tok.unit {
        Unit::Percent => "%".to_string(),
        Unit::Money(_) | Unit::Count => head[tok.num.end..tok.full.end].trim().to_string(),
        Unit::Plain => String::new(),
    };
    if unit.is_empty() {
        let rest = &head[tok.full.end..];
        let rest = rest.trim_start_matches(is_separator);
        if let Some(u) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            let after_u = &rest[u.len()..];
            // a PDF's joined lines put the next row's first cell right after the unit;
            // only a measure word could begin a word there (个人, 次数)
            let unambiguous = matches!(*u, "%" | "％" | "万元" | "亿元");
            if unambiguous
                || after_u.is_empty()
                || after_u.starts_with(is_separator)
                || !after_u.starts_with(|c: char| is_cjk(c))
            {
                unit = if *u == "％" {
                    "%".into()
                } else {
                    (*u).to_string()
                };
            }
        }
    }
    // the name: the cell or phrase right before the operator
    let before = &text[..op_span.start];
    let trimmed = before.trim_end_matches(is_separator);
    let name_end = trimmed.len();
    let name_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| !is_separator(*c) && !"，。；：、,;:（）()“”《》【】".contains(*c))
        .last()
        .map_or(name_end, |(i, _)| i);
    // the cell may run on from the previous ones when a table lost its separators
    // ("8质量指标合格率", "开工率10≥90%"): the name starts after the last category word,
    // operator, digit or % in it, and a weight written after it ("完工率10") is dropped
    let mut name_start = name_start;
    let mut name_end = name_end;
    {
        let raw = &text[name_start..name_end];
        let mut cut = 0;
        for (i, c) in raw.char_indices() {
            let r = &raw[i..];
            if let Some(w) = CATEGORIES
                .iter()
                .chain(OPERATORS)
                .find(|w| r.starts_with(*w))
            {
                cut = cut.max(i + w.len());
            } else if c.is_ascii_digit() || c == '%' || c == '.' {
                // digits at the end are a weight; elsewhere they end an earlier cell
                if raw[i..]
                    .chars()
                    .any(|x| !x.is_ascii_digit() && x != '.' && x != '%')
                {
                    cut = cut.max(i + c.len_utf8());
                }
            }
        }
        name_start += cut;
        let kept = &text[name_start..name_end];
        name_end -= kept.len()
            - kept
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
                .len();
    }
    let mut name = &text[name_start..name_end];
    for filler in ["年度指标值", "指标值", "目标值", "达到", "大于", "为", "应"] {
        if let Some(n) = name.strip_suffix(filler) {
            name = n;
            name_end -= filler.len();
        }
    }
    let ideograph = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    if name.chars().count() < 2 || name.chars().count() > 24 || !name.chars().any(ideograph) {
        return None;
    }
    if CATEGORIES.contains(&name) || UNITS.contains(&name) {
        return None;
    }
    let before_marks: Vec<&(usize, Option<&str>)> =
        marks.iter().filter(|(p, _)| *p < name_start).collect();
    let table = before_marks.iter().filter(|(_, c)| c.is_none()).count();
    let category = before_marks
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_some())
        .next()
        .and_then(|(_, c)| c.map(str::to_string));
    Some(TextTarget {
        category,
        name: name.to_string(),
        operator,
        value: tok.value,
        unit,
        name_span: name_start..name_end,
        operator_span: op_span,
        value_span,
        table,
    })
}

fn identical_tables(ps: &[Profile], out: &mut Vec<BatchFinding>) {
    let mut tables: BTreeMap<Vec<String>, Vec<(usize, usize)>> = BTreeMap::new();
    for (d, p) in ps.iter().enumerate() {
        let mut by_table: BTreeMap<usize, Vec<&TextTarget>> = BTreeMap::new();
        for t in &p.targets {
            by_table.entry(t.table).or_default().push(t);
        }
        for (k, rows) in by_table {
            if let Some(key) = tq::table_key(
                rows.iter()
                    .map(|t| (t.name.as_str(), t.operator, Some(t.value), t.unit.as_str())),
            ) {
                let first = p.targets.iter().position(|t| t.table == k).unwrap_or(0);
                tables.entry(key).or_default().push((d, first));
            }
        }
    }
    for (key, at) in tables {
        for &(a, ta) in &at {
            let others: Vec<&(usize, usize)> = at
                .iter()
                .filter(|(b, _)| relation(ps, a, *b) == Relation::Other)
                .collect();
            if others.is_empty() {
                continue;
            }
            let t = &ps[a].targets[ta];
            out.push(BatchFinding {
                doc: a,
                diagnostic: Diagnostic::new(
                    "AU104",
                    Severity::Warning,
                    t.name_span.clone(),
                    format!(
                        "这张绩效指标表的 {} 项指标（名称、指标值、单位）与{}完全相同：指标可能照抄，未结合本单位项目设定",
                        key.len(),
                        others.iter().map(|(b, _)| ps[*b].who()).collect::<Vec<_>>().join("、")
                    ),
                ),
                elsewhere: others
                    .iter()
                    .map(|(b, tb)| Elsewhere {
                        doc: *b,
                        span: ps[*b].targets[*tb].name_span.clone(),
                        message: "相同的指标表".into(),
                    })
                    .collect(),
            });
        }
    }
}

fn target_quality(doc: usize, p: &Profile, out: &mut Vec<BatchFinding>) {
    // AU105: ≥95% everywhere
    let views = p.targets.iter().map(|t| tq::PercentView {
        percent: t.unit == "%",
        operator: t.operator,
        value: Some(t.value),
    });
    if let Some(h) = tq::high_targets(views) {
        let first = &p.targets[h.high[0]];
        let mut d = Diagnostic::new(
            "AU105",
            Severity::Warning,
            first.value_span.clone(),
            format!(
                "{} 个百分比目标中有 {} 个为“≥95%”以上：目标值可能缺乏测算依据（未结合历史水平和实际情况设定）",
                h.percent_targets,
                h.high.len()
            ),
        );
        for &i in &h.high[1..] {
            d = d.related(
                p.targets[i].value_span.clone(),
                format!(
                    "{}：{}{}%",
                    p.targets[i].name,
                    p.targets[i].operator.symbol(),
                    p.targets[i].value.normalize()
                ),
            );
        }
        out.push(BatchFinding {
            doc,
            diagnostic: d,
            elsewhere: Vec::new(),
        });
    }
    // AU106: a cost indicator written with ≥
    for t in &p.targets {
        let cost = t.category.as_deref().is_some_and(|c| tq::is_cost(None, c));
        if tq::cost_written_as_floor(cost, t.operator) {
            out.push(BatchFinding {
                doc,
                diagnostic: Diagnostic::new(
                    "AU106",
                    Severity::Warning,
                    t.operator_span.clone(),
                    format!(
                        "成本指标「{}」写为“{}{}{}”：成本指标应设为上限（≤）",
                        t.name,
                        t.operator.symbol(),
                        t.value.normalize(),
                        t.unit
                    ),
                )
                .help("成本指标是开支的上限，应写作“≤”"),
                elsewhere: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs<'a>(v: &'a [(&'a str, &'a str)]) -> Vec<Document<'a>> {
        v.iter()
            .map(|(label, text)| Document { label, text })
            .collect()
    }

    fn codes(f: &[BatchFinding], doc: usize) -> Vec<&'static str> {
        f.iter()
            .filter(|x| x.doc == doc)
            .map(|x| x.diagnostic.code)
            .collect()
    }

    #[test]
    fn organisation_from_title_or_field() {
        for (text, want) in [
            (
                "深圳市龙华区教育局2021年度部门整体支出绩效自评报告\n正文",
                Some("深圳市龙华区教育局"),
            ),
            (
                "关于龙华区卫生健康局2022年度部门整体绩效自评的报告\n",
                Some("龙华区卫生健康局"),
            ),
            (
                "2022年度项目支出绩效自评表 | 部门:临沧市永德县明朗中学 |\n",
                Some("临沧市永德县明朗中学"),
            ),
            ("2019年度“三公”经费支出决算情况\n", None),
        ] {
            let n = normalize(text);
            assert_eq!(organisation(&n.text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn mentions_leave_out_what_both_share() {
        let m = mentions("深圳市龙华区教育局", Some("深圳市龙华区卫生健康局"));
        assert!(m.contains(&"深圳市龙华区教育局".to_string()));
        assert!(m.contains(&"教育局".to_string()));
        assert!(!m.iter().any(|x| x == "龙华区" || x == "深圳市"), "{m:?}");
        let m = mentions("深圳市福田区教育局", Some("深圳市龙华区教育局"));
        assert!(m.contains(&"福田区".to_string()), "{m:?}");
        assert!(!m.contains(&"教育局".to_string()), "{m:?}");
    }

    const EDU: &str = "深圳市龙华区教育局2021年度部门整体支出绩效自评报告\n\
        一、基本情况\n\
        龙华区教育局坚持以人民为中心的发展思想，全面推进基础教育优质均衡发展，全年新增公办学位 12,360 个。\n\
        2021年部门整体支出执行率为 98.76%，较上年提高 1.25 个百分点，资金使用效益明显提升。\n\
        经第三方调查，家长对学校办学的满意度为 96.37%。\n";
    const HEALTH: &str = "深圳市龙华区卫生健康局2021年度部门整体支出绩效自评报告\n\
        一、基本情况\n\
        龙华区教育局坚持以人民为中心的发展思想，全面推进基础教育优质均衡发展，全年新增公办学位 12,360 个。\n\
        2021年部门整体支出执行率为 97.12%，较上年提高 1.25 个百分点，资金使用效益明显提升。\n\
        经第三方调查，群众对医疗服务的满意度为 96.37%。\n";

    #[test]
    fn copied_sentence_with_the_name_and_the_figure() {
        let v = [("教育局.txt", EDU), ("卫健局.txt", HEALTH)];
        let f = audit_batch(&docs(&v));
        // the health report says 龙华区教育局 in a sentence shared with the education report
        let au101: Vec<&BatchFinding> = f.iter().filter(|x| x.diagnostic.code == "AU101").collect();
        assert_eq!(au101.len(), 1, "{f:#?}");
        assert_eq!(au101[0].doc, 1);
        assert_eq!(&HEALTH[au101[0].diagnostic.span.clone()], "龙华区教育局");
        assert_eq!(au101[0].elsewhere[0].doc, 0);
        // the same sentence carries 12,360 unchanged: AU102 on both reports
        let au102: Vec<&BatchFinding> = f.iter().filter(|x| x.diagnostic.code == "AU102").collect();
        assert!(
            au102
                .iter()
                .any(|x| x.doc == 1 && &HEALTH[x.diagnostic.span.clone()] == "12,360 个"),
            "{au102:#?}"
        );
        // the execution-rate sentence was given a new rate but kept 1.25: not distinctive
        // (three significant digits) → reported; the rate itself differs
        assert!(au102
            .iter()
            .any(|x| x.doc == 1 && HEALTH[x.diagnostic.span.clone()].starts_with("1.25")));
        // the satisfaction rate 96.37% is the same in both
        assert_eq!(codes(&f, 0).iter().filter(|c| **c == "AU103").count(), 1);
        assert_eq!(codes(&f, 1).iter().filter(|c| **c == "AU103").count(), 1);
    }

    #[test]
    fn same_report_twice_is_not_a_copy() {
        let v = [("a.txt", EDU), ("b.txt", EDU)];
        assert!(audit_batch(&docs(&v)).is_empty());
    }

    #[test]
    fn last_years_figure_left_in_this_years_report() {
        let y2020 = "龙华区教育局2020年度部门整体支出绩效自评报告\n2020年部门“三公”经费支出 123.45 万元，较预算节约 10.20 万元，主要是压减公务接待。\n2020年部门决算收入 5,000.00 万元，其中财政拨款 4,321.09 万元，占比较上年有所提高。\n";
        let y2021 = "龙华区教育局2021年度部门整体支出绩效自评报告\n2021年部门“三公”经费支出 123.45 万元，较预算节约 10.20 万元，主要是压减公务接待。\n2021年部门决算收入 5,000.00 万元，其中财政拨款 4,321.09 万元，占比较上年有所提高。\n2020年部门决算收入 5,000.00 万元，其中财政拨款 4,321.09 万元，占比较上年有所提高。\n";
        let v = [("2020.txt", y2020), ("2021.txt", y2021)];
        let f = audit_batch(&docs(&v));
        // the 2021 report has 123.45 (years updated, amount not): reported on 2021 only
        assert!(
            f.iter().all(|x| x.doc == 1 && x.diagnostic.code == "AU102"),
            "{f:#?}"
        );
        let spans: Vec<&str> = f
            .iter()
            .map(|x| &y2021[x.diagnostic.span.clone()])
            .collect();
        assert!(spans.contains(&"123.45 万元"), "{spans:?}");
        // the sentence that still says 2020 quotes last year: not reported
        let quoted = y2021.rfind("2020年部门决算").unwrap();
        assert!(f.iter().all(|x| x.diagnostic.span.start < quoted), "{f:#?}");
    }

    const TABLE: &str = "项目名称 | 校园安全提升 |\n\
        | 产出指标 | 数量指标 | 安保人员配备数 | ≥ | 120 | 人 |\n\
        | 质量指标 | 设备验收合格率 | ≧ | 100 | % |\n\
        | 时效指标 | 资金到位及时率 | ≥ | 98 | % |\n\
        | 成本指标 | 经济成本指标 | 人均安保成本 | ≥ | 5.2 | 万元 |\n\
        | 满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥ | 95 | % |\n";

    #[test]
    fn targets_from_a_flattened_table() {
        let n = normalize(TABLE);
        let t = targets_in(&n.text);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "安保人员配备数",
                "设备验收合格率",
                "资金到位及时率",
                "人均安保成本",
                "师生满意度"
            ]
        );
        assert_eq!(t[0].unit, "人");
        assert_eq!(t[1].unit, "%");
        assert_eq!(t[3].unit, "万元");
        assert_eq!(t[3].category.as_deref(), Some("经济成本指标"));
        assert_eq!(t[4].operator, TargetOperator::AtLeast);
        let f = audit_batch(&docs(&[("a.txt", TABLE)]));
        let c = codes(&f, 0);
        assert!(c.contains(&"AU105"), "{f:#?}"); // 3 of 3 percentage targets ≥95%
        assert_eq!(c.iter().filter(|x| **x == "AU106").count(), 1);
        let au106 = f.iter().find(|x| x.diagnostic.code == "AU106").unwrap();
        assert_eq!(&TABLE[au106.diagnostic.span.clone()], "≥");
    }

    #[test]
    fn identical_tables_across_organisations() {
        let a = format!("龙华区教育局2021年度项目支出绩效自评报告\n{TABLE}");
        let b = format!("龙华区文化广电旅游体育局2021年度项目支出绩效自评报告\n{TABLE}");
        let v = [("a.txt", a.as_str()), ("b.txt", b.as_str())];
        let f = audit_batch(&docs(&v));
        assert_eq!(codes(&f, 0).iter().filter(|c| **c == "AU104").count(), 1);
        assert_eq!(codes(&f, 1).iter().filter(|c| **c == "AU104").count(), 1);
    }

    #[test]
    fn nothing_panics_on_odd_text() {
        let odd = [
            "",
            "≥",
            "满意",
            "满意度≥",
            "| ≥ | 9",
            "项目名称≥≥≥95%%",
            "年2021年度",
            "\u{0}≤\n满意度 99.9%",
        ];
        let v: Vec<(&str, &str)> = odd.iter().map(|t| ("x", *t)).collect();
        let _ = audit_batch(&docs(&v));
    }
}
