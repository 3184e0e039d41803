//! Clause-level reading of rates: which figure a 占 / 增长 / 完成 belongs to (its
//! antecedent) and what it is relative to (its base).
//!
//! ```text
//! 基本支出 1,133,753.33 元，占一般公共预算支出的 96.74%，同比增加 52,044.27 元，增长 50.63%
//! └ antecedent ───────┘   └ base (by name) ──┘ share   └ change amount ─┘  change rate
//! ```
//!
//! - **Share** "A，占 X 的 s%": antecedent A is the nearest amount before the rate in its
//!   sentence that is not a change; base X is found by name (the nearest figure whose label
//!   is X), or — for a bare "占 s%" — is the sum of the antecedents of sibling shares that
//!   add up to 100%.
//! - **Change** "A，比上年增加 W，增长 v%" (or "增长 v%，增收 W"): the change amount W is
//!   next to the rate; the antecedent A is the nearest amount before W that is not a
//!   change; v = W ÷ (A ∓ W). "较上年的 B 减少 W" names the previous figure B itself: v = W ÷ B.
//! - **Completion** "A，完成预算的 e%" / "占调整预算 e%": e = A ÷ budget, the budget being the
//!   nearest planned (预算/计划) amount of the sentence before A, or A ∓ D when the text says
//!   "决算数大于预算数 D".
//!
//! A reading records what it found; the checks (AU010–AU012) decide what is certain.

use super::{label, Extracted, Quantity, Stage, Unit};

/// What a rate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    Share,
    Change { down: bool },
    Completion,
}

/// How the base of a rate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseFrom {
    /// A figure whose label is the base's name.
    Named,
    /// The sum of the antecedents of sibling shares that add up to 100%.
    Siblings,
    /// The planned figure of the same sentence.
    Plan,
    /// The antecedent ∓ the stated excess over the budget.
    Excess,
    /// The previous figure named in the change clause ("较上年的 B").
    Previous,
    /// The antecedent ∓ the change amount.
    Derived,
    /// Not stated: the sum of the antecedents of the shares of the same base whose
    /// names are the parts of an accounting identity (基本支出 + 项目支出).
    Identity,
}

/// One rate read with its antecedent and base.
#[derive(Debug, Clone)]
pub struct RateReading {
    /// The percentage (index into `quantities`).
    pub rate: usize,
    pub kind: RateKind,
    /// The figure the rate belongs to.
    pub of: usize,
    /// Change amount (changes only).
    pub delta: Option<usize>,
    /// The base figure when it is a figure of the text.
    pub base: Option<usize>,
    /// The base as a value in canonical units, when it is computed (siblings, excess, derived).
    pub base_value: Option<rust_decimal::Decimal>,
    pub base_from: BaseFrom,
    /// Other figures that were candidates for the base (a rate that holds with one of them
    /// is not reported).
    pub alternatives: Vec<usize>,
    /// The words naming the base ("一般公共预算支出").
    pub base_words: String,
}

const UP: &[&str] = &["增长", "增加", "上升", "提高", "增幅", "增收", "增支"];
const DOWN: &[&str] = &["下降", "减少", "降低", "降幅", "减收", "减支"];
const CHANGE_LABEL: &[&str] = &[
    "增加", "减少", "增长", "下降", "上升", "降低", "提高", "增收", "减收", "增支", "减支", "调增",
    "调减", "节约", "超支",
];
const PREVIOUS: &[&str] = &["较上年的", "比上年的", "上年为", "上年的", "较", "比"];

fn trim_label(l: &str) -> &str {
    l.trim_end_matches(['为', '是', '达', '：', ' ', '了', '约'])
}

fn is_money(q: &Quantity) -> bool {
    matches!(q.unit, Unit::Money(_)) && !q.implicit && !q.approx && !q.superseded
}

pub(crate) fn is_change_amount(q: &Quantity) -> bool {
    let l = q.raw_label.as_str();
    // "由上年的 1.62 万元增加到 1.71 万元": the figure after 增加到 is the new level
    let level = super::SUPERSEDED_BY
        .iter()
        .any(|w| l.trim_end_matches(['了', ' ']).ends_with(w));
    !level && CHANGE_LABEL.iter().any(|w| l.contains(w))
}

/// Classify a percentage by the words before it.
pub fn kind_of(q: &Quantity) -> Option<(RateKind, String)> {
    if q.unit != Unit::Percent || q.approx || q.chinese {
        return None;
    }
    let l = trim_label(&q.raw_label);
    // change: the label ends with a direction word
    for w in UP {
        if l.ends_with(w) {
            return Some((RateKind::Change { down: false }, String::new()));
        }
    }
    for w in DOWN {
        if l.ends_with(w) {
            return Some((RateKind::Change { down: true }, String::new()));
        }
    }
    let plan_words = |w: &str| {
        let w = w.trim_end_matches('的');
        let w = w.strip_prefix("全年").unwrap_or(w);
        matches!(
            w,
            "预算" | "年初预算" | "调整预算" | "调整后预算" | "计划" | "全年预算" | "预算数"
        )
    };
    if let Some(i) = l.rfind('占') {
        let words = l[i + '占'.len_utf8()..].trim_end_matches('的').trim();
        if plan_words(words) {
            return Some((RateKind::Completion, words.to_string()));
        }
        if words.chars().count() > 16 {
            return None;
        }
        // "占比 80%", "占总支出的比重为 80%": the words name the base, not the ratio
        let words = ["的比重", "的比例", "比重", "比例"]
            .iter()
            .find_map(|w| words.strip_suffix(w))
            .unwrap_or(words);
        let words = if words == "比" { "" } else { words };
        return Some((RateKind::Share, words.to_string()));
    }
    if let Some(i) = l.rfind("完成") {
        let words = l[i + "完成".len()..].trim_end_matches('的').trim();
        if plan_words(words) {
            return Some((RateKind::Completion, words.to_string()));
        }
    }
    if let Some(w) = l.strip_prefix('为') {
        if plan_words(w) {
            return Some((RateKind::Completion, w.trim_end_matches('的').to_string()));
        }
    }
    None
}

/// Does the key of a figure name the base words?
fn names(q: &Quantity, words_key: &str) -> bool {
    let k = label::key(&q.core);
    if k.is_empty() || words_key.is_empty() {
        return false;
    }
    if k == words_key {
        return true;
    }
    let (kn, wn) = (k.chars().count(), words_key.chars().count());
    (kn >= 4 && wn >= 4 && (k.ends_with(words_key) || words_key.ends_with(k.as_str())))
        || (wn >= 4 && k.ends_with(words_key))
}

/// Does a change rate's label compare with a base of its own ("比 2019 年决算数增长")? "同比",
/// "比上年", "较上年" name the usual base and do not count.
pub(crate) fn names_other_base(raw: &str) -> bool {
    let l = trim_label(raw);
    let l = UP
        .iter()
        .chain(DOWN)
        .find_map(|w| l.strip_suffix(w))
        .unwrap_or(l);
    let Some(i) = l.rfind(['比', '较']) else {
        return false;
    };
    if l[..i].ends_with('同') {
        return false;
    }
    let base = l[i..].trim_start_matches(['比', '较']);
    let base = base
        .trim_start_matches("上年")
        .trim_start_matches("去年")
        .trim_start_matches("上年度")
        .trim_start_matches("同期")
        .trim_matches(['的', ' ']);
    base.chars().count() >= 2
}

/// Is figure `i` the one these words name (by its key, or its label ending in them)? The
/// test behind every "this clause names its subject" reading (占, 增减, 分别).
fn named_by<'a>(qs: &'a [Quantity], words: &'a str) -> impl Fn(usize) -> bool + 'a {
    let key = label::key(&label::core(words));
    move |i| names(&qs[i], &key) || ends_with_words(&qs[i], words)
}

/// The amounts of paragraphs `ps` before figure `before` that these words name (not table
/// cells, changes or last year's figures), in text order: where a clause that names its
/// subject finds the figure it is of.
fn named_amounts<'a>(
    ex: &'a Extracted,
    words: &'a str,
    ps: std::ops::Range<usize>,
    before: usize,
) -> impl Iterator<Item = usize> + 'a {
    let qs = &ex.quantities;
    let named_as = named_by(qs, words);
    ex.quantities_in(ps).filter(move |&i| {
        i < before
            && is_money(&qs[i])
            && !qs[i].in_table
            && !is_change_amount(&qs[i])
            && !is_previous_figure(&qs[i])
            && named_as(i)
    })
}

/// "三公经费支出决算中，…公务接待费支出决算 6.28 万元，占 34.88%": a sentence that opens
/// with "X 中，" lists parts of X, so a bare share in it is of the figure X names, stated in
/// the paragraphs before.
fn whole_named_before(ex: &Extracted, text: &str, of: usize, paragraph: usize) -> Option<usize> {
    let q = &ex.quantities[of];
    // (the list runs over semicolons: from the last full stop of the paragraph)
    let start = ex.paragraphs[q.paragraph].start;
    let lead = text.get(start..q.span.start)?;
    let from = start + lead.rfind('。').map_or(0, |i| i + '。'.len_utf8());
    let lead = &text[from..q.span.start];
    let (head, _) = lead.split_once("中，").or_else(|| lead.split_once("中,"))?;
    let head = head.rsplit(['；', '：']).next().unwrap_or(head);
    let words = label::clean(head);
    if words.chars().count() < 2
        || !["支出", "收入", "经费", "决算", "预算", "资金"]
            .iter()
            .any(|w| words.ends_with(w))
    {
        return None;
    }
    // (the whole's stage word picks between a budget and its outturn stated together)
    let stage = label::stage(&words);
    let key = label::key(&label::core(&words));
    let qs = &ex.quantities;
    ex.quantities_in(paragraph.saturating_sub(3)..paragraph + 1)
        .rfind(|&i| {
            qs[i].span.end <= from
                && is_money(&qs[i])
                && !qs[i].in_table
                && !is_change_amount(&qs[i])
                && !is_previous_figure(&qs[i])
                && (stage == label::Stage::None || qs[i].stage == stage)
                && label::key(&qs[i].core).contains(&key)
        })
}

/// The subject a change amount names before its direction word ("收支总预算" in "与上年相比，
/// 收支总预算增加 100 万元", "收入" in "收入减少 84.55"), when it names one.
fn change_subject(d: &Quantity) -> Option<String> {
    let l = trim_label(&d.raw_label);
    let l = CHANGE_LABEL.iter().find_map(|w| l.strip_suffix(w))?;
    // "收、支总计各增加 W": one change of several figures, no one subject
    if l.ends_with(['各', '均']) {
        return None;
    }
    let l = l.rsplit(['，', '、', '：', '；']).next().unwrap_or(l);
    // "收支总预算比上年" / "收入较 2022 年": the subject is before the comparison
    let l = match l.find(['比', '较']) {
        Some(i) => l[..i].trim_end_matches(['同', '相', '对']),
        None => l,
    };
    let l = l.trim_end_matches(['，', ' ']);
    // "与上年相比减少 W": a comparison, not a subject
    if ["上年", "去年", "上一年", "同期"]
        .iter()
        .any(|w| l.ends_with(w))
    {
        return None;
    }
    let clean = label::clean(l);
    let generic = [
        "分别", "合计", "共", "约", "其", "各", "总体", "整体", "全年",
    ];
    (clean.chars().count() >= 2
        && !generic.contains(&clean.as_str())
        && !clean.contains("相比")
        && !clean.chars().any(|c| c.is_ascii_digit()))
    .then_some(clean)
}

/// The subject a share clause names before its 占 ("税收收入" in "税收收入占…收入的 57.7%"),
/// when it names one.
fn share_subject(r: &Quantity) -> Option<String> {
    let l = trim_label(&r.raw_label);
    let i = l.rfind('占')?;
    let head = l[..i].trim_matches(['，', '、', '：', ' ', '；']);
    let head = head
        .strip_prefix("其中")
        .unwrap_or(head)
        .trim_matches(['，', '：', ' ']);
    // "该项支出占…", "此项…": the figure just stated
    if ["该", "此", "上述", "以上"]
        .iter()
        .any(|w| head.starts_with(w))
    {
        return None;
    }
    let clean = label::clean(head);
    let generic = ["分别", "合计", "共", "约", "比重", "比例", "其", "各"];
    (clean.chars().count() >= 2 && !generic.contains(&clean.as_str())).then_some(clean)
}

/// Is the figure's label, as written, the base's words with at most a name before them
/// ("上犹县寺下镇人民政府收入预算总额" for "占收入预算总额的 90.3%")? Stage and filler words
/// dropped from both keys can leave too little to match ("收入").
fn ends_with_words(q: &Quantity, words_clean: &str) -> bool {
    words_clean.chars().count() >= 4 && q.label.ends_with(words_clean)
}

/// The figure a change written before position `first` of its sentence belongs to, and the
/// previous figure when the clause names it ("A，较上年的 B 减少 W"): scanning back over the
/// sentence's figures `before` (in text order), changes skipped.
fn change_antecedent(
    qs: &[Quantity],
    before: &[usize],
    first: usize,
) -> (Option<usize>, Option<usize>) {
    let mut prev_fig = None;
    // a figure inside brackets the change is not in ("2712 万元（其中：…运行维护费 2712
    // 万元），比预算数减少 107 万元") is an aside, not what the change is of
    let depth = qs.get(first).map_or(0, |q| q.depth);
    for &i in before.iter().rev() {
        if i >= first || !is_money(&qs[i]) || is_change_amount(&qs[i]) || qs[i].depth > depth {
            continue;
        }
        // "2016 年 A，2015 年为 B，减少 W": a figure of an earlier year than one stated
        // before it in the sentence is the previous figure
        let earlier_year = qs[i].year.is_some_and(|y| {
            // (the year in the figure's own words, not one named earlier in the sentence)
            qs[i].raw_label.contains(&format!("{y}年"))
                && before
                    .iter()
                    .any(|&j| j < i && is_money(&qs[j]) && qs[j].year.is_some_and(|y2| y2 > y))
        });
        if prev_fig.is_none() && (is_previous_figure(&qs[i]) || earlier_year) {
            prev_fig = Some(i);
            continue;
        }
        return (Some(i), prev_fig);
    }
    (None, prev_fig)
}

/// A run of change rates distributed over the changes before them ("分别下降 18%、21.6%"):
/// its rates in order and whether they are decreases, when `ri` is one of them.
struct Respectively {
    rates: Vec<usize>,
    down: bool,
}

/// The run of rates written one after another around rate `ri` ("18%、21.6%", "80% 和
/// 20%"), in order, when there are two or more.
fn rate_run(text: &str, qs: &[Quantity], ri: usize) -> Option<Vec<usize>> {
    let joined = |a: usize, b: usize| {
        qs[a].sentence == qs[b].sentence
            && qs[a].unit == Unit::Percent
            && qs[b].unit == Unit::Percent
            && text
                .get(qs[a].span.end..qs[b].span.start)
                .is_some_and(|g| matches!(g.trim(), "、" | "和" | "及" | "，" | ","))
    };
    let mut first = ri;
    while first > 0 && joined(first - 1, first) {
        first -= 1;
    }
    let mut run = vec![first];
    while let Some(&last) = run.last() {
        if last + 1 < qs.len() && joined(last, last + 1) {
            run.push(last + 1);
        } else {
            break;
        }
    }
    (run.len() >= 2).then_some(run)
}

/// The k-th of the last `n` amounts of the sentence before figure `from` (not changes): what
/// the k-th of `n` figures written after a list ("A a、B b，分别…") belongs to.
fn kth_listed(ex: &Extracted, from: usize, n: usize, k: usize) -> Option<usize> {
    let qs = &ex.quantities;
    let f = &qs[from];
    let listed: Vec<usize> = ex
        .quantities_in(f.paragraph..f.paragraph + 1)
        .filter(|&i| {
            i < from
                && qs[i].sentence == f.sentence
                && is_money(&qs[i])
                && !is_change_amount(&qs[i])
        })
        .collect();
    let first = listed.len().checked_sub(n)?;
    listed.get(first + k).copied()
}

fn respectively(text: &str, qs: &[Quantity], ri: usize) -> Option<Respectively> {
    let rates = rate_run(text, qs, ri)?;
    let l = trim_label(&qs[rates[0]].raw_label);
    let down = if UP.iter().any(|w| l.ends_with(&format!("分别{w}"))) {
        false
    } else if DOWN.iter().any(|w| l.ends_with(&format!("分别{w}"))) {
        true
    } else {
        return None;
    };
    Some(Respectively { rates, down })
}

/// A run of shares written after the amounts they belong to ("…，分别占支出总额的 80% 和
/// 20%", "分别占 80%、20%"): its rates in order, when `ri` is one of them.
fn respective_shares(text: &str, qs: &[Quantity], ri: usize) -> Option<Vec<usize>> {
    let run = rate_run(text, qs, ri)?;
    trim_label(&qs[run[0]].raw_label)
        .contains("分别占")
        .then_some(run)
}

fn respective_change(
    text: &str,
    ex: &Extracted,
    g: &Respectively,
    ri: usize,
) -> Option<RateReading> {
    let qs = &ex.quantities;
    let r0 = g.rates[0];
    let k = g.rates.iter().position(|&x| x == ri)?;
    // the change amounts of the sentence before the rates (a bare figure takes the unit
    // written after the last one: "减少 84.55、…减少 99.6 万元")
    // ("分别比上年减少 2.00 万元、2.60 万元": an amount joined to a change by 、 is one too)
    let mut deltas: Vec<usize> = Vec::new();
    for i in ex.quantities_in(qs[r0].paragraph..qs[r0].paragraph + 1) {
        if i >= r0
            || qs[i].sentence != qs[r0].sentence
            || !matches!(qs[i].unit, Unit::Money(_) | Unit::Plain)
            || qs[i].approx
        {
            continue;
        }
        let joined_to_change = deltas.last() == Some(&(i.wrapping_sub(1)))
            && text
                .get(qs[i - 1].span.end..qs[i].span.start)
                .is_some_and(|g| matches!(g.trim(), "、" | "和"));
        if is_change_amount(&qs[i]) || joined_to_change {
            deltas.push(i);
        }
    }
    if deltas.len() != g.rates.len() {
        return None;
    }
    let delta = deltas[k];
    if delta_direction(&qs[delta]).is_some_and(|d| d != g.down) {
        return None;
    }
    // each change names what it is the change of; or the changes, named by none, follow
    // the amounts they are of ("A a、B b，分别比上年减少 da、db")
    let of = match change_subject(&qs[delta]) {
        Some(subject) => {
            let named_as = named_by(qs, &subject);
            ex.quantities_in(qs[r0].paragraph.saturating_sub(3)..qs[r0].paragraph + 1)
                .rfind(|&i| {
                    i < deltas[0]
                        && qs[i].unit.dimension() == qs[delta].unit.dimension()
                        && !qs[i].approx
                        && !is_change_amount(&qs[i])
                        && !is_previous_figure(&qs[i])
                        && named_as(i)
                })?
        }
        None if trim_label(&qs[deltas[0]].raw_label).contains("分别") => {
            if change_subject(&qs[deltas[0]]).is_some() {
                return None;
            }
            kth_listed(ex, deltas[0], deltas.len(), k)?
        }
        None => return None,
    };
    Some(RateReading {
        rate: ri,
        kind: RateKind::Change { down: g.down },
        of,
        delta: Some(delta),
        base: None,
        base_value: None,
        base_from: BaseFrom::Derived,
        alternatives: Vec::new(),
        base_words: String::new(),
    })
}

/// "A，上年为 B，同比下降 v%" (or the two figures named by their years): a change rate
/// with no change amount, of the sentence's two figures — this year's A and last year's B.
/// Only a sentence with exactly these two amounts is read, and only when the figures move
/// the way the rate says.
fn two_years(qs: &[Quantity], same: &[usize], ri: usize, down: bool) -> Option<RateReading> {
    // ("由上年的 A 增加到 B，增长 v%": A is replaced by B, and is last year's)
    let from_to = |i: usize| {
        let q = &qs[i];
        q.superseded && q.raw_label.contains('由') && matches!(q.unit, Unit::Money(_)) && !q.approx
    };
    let money: Vec<usize> = same
        .iter()
        .copied()
        .filter(|&i| (is_money(&qs[i]) || from_to(i)) && !is_change_amount(&qs[i]))
        .collect();
    // (or, with no amounts, two counts of one measure: "赛事活动 46 场次，较上年 38 场次
    // 增长 21.05%")
    let counts: Vec<usize> = same
        .iter()
        .copied()
        .filter(|&i| {
            let q = &qs[i];
            q.unit == Unit::Count && !q.approx && !q.implicit && !q.chinese && !is_change_amount(q)
        })
        .collect();
    let [a, b] = (if money.is_empty() { &counts } else { &money })[..] else {
        return None;
    };
    if b > ri && a > ri {
        return None;
    }
    let last_year = |i: usize| {
        let l = trim_label(qs[i].raw_label.trim_start_matches(['，', ',', '、', ' ']));
        is_previous_figure(&qs[i])
            || ["上年", "去年", "上年同期", "上一年"]
                .iter()
                .any(|w| l == *w || l.ends_with(&format!("，{w}")))
    };
    let (of, prev) = match (last_year(a) || from_to(a), last_year(b)) {
        (false, true) => (a, b),
        (true, false) => (b, a),
        (false, false) => match (qs[a].year, qs[b].year) {
            (Some(ya), Some(yb)) if ya == yb + 1 => (a, b),
            (Some(ya), Some(yb)) if yb == ya + 1 => (b, a),
            _ => return None,
        },
        (true, true) => return None,
    };
    if qs[of].unit != qs[prev].unit || qs[of].measure != qs[prev].measure {
        return None;
    }
    let (v, p) = (qs[of].canonical(), qs[prev].canonical());
    if (down && v > p) || (!down && v < p) {
        return None;
    }
    Some(RateReading {
        rate: ri,
        kind: RateKind::Change { down },
        of,
        delta: None,
        base: Some(prev),
        base_value: None,
        base_from: BaseFrom::Previous,
        alternatives: Vec::new(),
        base_words: String::new(),
    })
}

/// Last year's figure named inside a change clause ("较 2024 年的 2190 万元", "比上年预算
/// 27.8 万元"): the clause's base, not a figure of this year's statement.
pub(crate) fn is_previous_figure(q: &Quantity) -> bool {
    let l = q.raw_label.as_str();
    let named = PREVIOUS.iter().any(|w| l.starts_with(w) || l.ends_with(w))
        && (l.contains('较') || l.contains('比') || l.contains("上年"));
    // "与上年支出 3962.32 万元相比" (the 相比 after the figure) — not "…和上年结转结余收入"
    // (an item: 和 is "and")
    let compared_with = {
        let t = l.trim_start_matches(['，', ',', '；', ' ']);
        ["与上年", "同上年"].iter().any(|w| t.starts_with(w))
            && !l.contains("相比")
            && !l.contains("结转")
            && !l.contains("结余")
    };
    (named || compared_with || l.contains("较上年") || l.contains("比上年")) && !l.contains("其中")
}

/// A change amount ("比上年减少 2 万元") read with the figure it is the change of.
#[derive(Debug, Clone)]
pub struct ChangeAmount {
    /// The change amount (index into `quantities`).
    pub delta: usize,
    /// This period's figure.
    pub of: usize,
    /// The previous period's figure, when the clause names it ("较上年的 B", "比上年预算 B").
    pub prev: Option<usize>,
    pub down: bool,
    /// Other figures of the sentence before it the change could be of (the sentence's
    /// total when `of` is one of its parts).
    pub alternatives: Vec<usize>,
}

/// Every change amount of the text whose direction and antecedent are stated in its own
/// sentence (prose only; table cells are not clauses).
pub fn read_change_amounts(ex: &Extracted) -> Vec<ChangeAmount> {
    let qs = &ex.quantities;
    let mut out = Vec::new();
    for (di, d) in qs.iter().enumerate() {
        if d.in_table || !is_money(d) || !is_change_amount(d) {
            continue;
        }
        let Some(down) = delta_direction(d) else {
            continue;
        };
        let before: Vec<usize> = ex
            .quantities_in(d.paragraph..d.paragraph + 1)
            .filter(|&i| i < di && qs[i].sentence == d.sentence)
            .collect();
        // a rate between the antecedent and the change ("A，占 …%，比上年增加 W") is fine; a
        // second change between them ("A 增加 W1，B 增加 W2") makes B the antecedent of W2
        let (Some(of), prev) = change_antecedent(qs, &before, di) else {
            continue;
        };
        let alternatives = before
            .iter()
            .copied()
            .filter(|&i| {
                i != of && Some(i) != prev && is_money(&qs[i]) && !is_change_amount(&qs[i])
            })
            .collect();
        out.push(ChangeAmount {
            delta: di,
            of,
            prev,
            down,
            alternatives,
        });
    }
    out
}

/// Read every rate of the text.
pub fn read_rates(text: &str, ex: &Extracted) -> Vec<RateReading> {
    let qs = &ex.quantities;
    let mut out = Vec::new();
    for (ri, r) in qs.iter().enumerate() {
        if r.in_table {
            continue;
        }
        if let Some(reading) = explicit_base(text, ex, ri) {
            out.push(reading);
            continue;
        }
        // "收入减少 84.55、支出减少 99.6 万元，分别下降 18%、21.6%": the k-th rate of the k-th
        // change, or none at all when the counts differ
        if let Some(group) = respectively(text, qs, ri) {
            if let Some(reading) = respective_change(text, ex, &group, ri) {
                out.push(reading);
            }
            continue;
        }
        // "基本支出 800 万元、项目支出 200 万元，分别占支出总额的 80% 和 20%": the k-th share
        // of the k-th amount before the run, or none when there are fewer amounts
        let mut of_listed: Option<usize> = None;
        let mut head_rate = ri;
        if let Some(run) = respective_shares(text, qs, ri) {
            head_rate = run[0];
            let k = run.iter().position(|&x| x == ri).unwrap_or(0);
            let Some(of) = kth_listed(ex, run[0], run.len(), k) else {
                continue;
            };
            of_listed = Some(of);
        }
        let Some((kind, words)) =
            kind_of(&qs[head_rate]).or_else(|| bracketed_change(text, qs, ri))
        else {
            continue;
        };
        let sent = ex
            .sentences
            .get(r.sentence)
            .map_or(0..0, |s| s.range.clone());
        if text.get(sent.clone()).is_some_and(|s| s.contains("序时")) {
            continue;
        }
        // quantities of the sentence
        let same: Vec<usize> = ex
            .quantities_in(r.paragraph..r.paragraph + 1)
            .filter(|&i| qs[i].sentence == r.sentence)
            .collect();
        let before: Vec<usize> = same.iter().copied().filter(|&i| i < ri).collect();
        match kind {
            RateKind::Change { down } => {
                // the change amount: the money next to the rate (before it with no other
                // money between, or right after it)
                let prev_money = before.iter().rev().copied().find(|&i| is_money(&qs[i]));
                let next_money = same
                    .iter()
                    .copied()
                    .filter(|&i| i > ri)
                    .find(|&i| is_money(&qs[i]) || qs[i].unit == Unit::Percent);
                let delta = match prev_money {
                    Some(d) if is_change_amount(&qs[d]) && !has_percent_between(qs, d, ri) => {
                        Some(d)
                    }
                    _ => next_money.filter(|&d| {
                        is_money(&qs[d])
                            && is_change_amount(&qs[d])
                            && text
                                .get(r.span.end..qs[d].span.start)
                                .is_some_and(|g| g.chars().count() <= 8)
                    }),
                };
                let Some(delta) = delta else {
                    // no change amount: "A，上年为 B，同比下降 v%" / "2023 年 A，2022 年 B，
                    // 同比下降 v%" — the rate of the two years' figures
                    if let Some(reading) = two_years(qs, &same, ri, down) {
                        out.push(reading);
                    }
                    continue;
                };
                // "比报告数 425319 万元增加 8051 万元，比 2019 年决算数增长 18.8%": a rate that
                // names a base of its own is not the rate of the change before it
                if delta < ri && names_other_base(&r.raw_label) {
                    continue;
                }
                if delta_direction(&qs[delta]).is_some_and(|d| d != down) {
                    continue;
                }
                let first = delta.min(ri);
                // the antecedent and, when named, the previous figure
                let (of, prev_fig) = change_antecedent(qs, &before, first);
                let mut alternatives: Vec<usize> = Vec::new();
                // a change clause that opens its sentence ("…，含 B，C；比上年增加 W，增长
                // v%") is of the head figure of the sentence before; its other figures are
                // the alternatives
                let of = match of {
                    Some(of) => of,
                    None if prev_fig.is_none()
                        && !before.iter().any(|&i| i < first && is_money(&qs[i])) =>
                    {
                        let prev: Vec<usize> = ex
                            .quantities_in(r.paragraph..r.paragraph + 1)
                            .filter(|&i| {
                                qs[i].sentence + 1 == r.sentence
                                    && is_money(&qs[i])
                                    && !is_change_amount(&qs[i])
                            })
                            .collect();
                        // a paragraph that opens with the change ("与上年相比，收入总计增加
                        // W，增长 v%") names the figure it is of, stated before
                        let Some(&head) = prev.first() else {
                            // (of the stage it names, if any; every figure of that name
                            // is a candidate, the last one first)
                            let named: Vec<usize> = change_subject(&qs[delta])
                                .map(|subject| {
                                    let stage = label::stage(&subject);
                                    let window = r.paragraph.saturating_sub(3)..r.paragraph;
                                    named_amounts(ex, &subject, window, ri)
                                        .filter(|&i| {
                                            let s = qs[i].stage;
                                            stage == Stage::None
                                                || s == Stage::None
                                                || s.is_plan() == stage.is_plan()
                                        })
                                        .collect()
                                })
                                .unwrap_or_default();
                            if let Some((&of, rest)) = named.split_last() {
                                out.push(RateReading {
                                    rate: ri,
                                    kind,
                                    of,
                                    delta: Some(delta),
                                    base: None,
                                    base_value: None,
                                    base_from: BaseFrom::Derived,
                                    alternatives: rest.to_vec(),
                                    base_words: String::new(),
                                });
                            }
                            continue;
                        };
                        // not when that figure is last year's ("2021年…预算 Y 万元。比上年减少…"
                        // after this year's): a later year named in the paragraph
                        let latest = ex
                            .quantities_in(r.paragraph..r.paragraph + 1)
                            .filter_map(|i| qs[i].year)
                            .max();
                        let l = qs[head].raw_label.as_str();
                        if l.contains("上年")
                            || l.contains("去年")
                            || qs[head].year.zip(latest).is_some_and(|(y, m)| y < m)
                        {
                            continue;
                        }
                        alternatives.extend(prev[1..].iter().copied());
                        // "“三公”经费预算 16 万元，完成预算的 91.56%；比 2018 年减少 1.27 万元": the
                        // budget is the base of the completion rate; the change is of the outturn
                        // that rate belongs to
                        let head = match out.iter().find(|rd: &&RateReading| {
                            rd.kind == RateKind::Completion && rd.base == Some(head)
                        }) {
                            Some(rd) => {
                                alternatives.push(head);
                                rd.of
                            }
                            None => head,
                        };
                        // (and when that budget's rate was not read, the outturns of its name
                        // stated before it are candidates)
                        if qs[head].stage.is_plan() && !qs[head].core.is_empty() {
                            alternatives.extend(
                                ex.quantities_in(r.paragraph..r.paragraph + 1).filter(|&i| {
                                    i < head
                                        && is_money(&qs[i])
                                        && !is_change_amount(&qs[i])
                                        && !qs[i].stage.is_plan()
                                        && qs[i].core.contains(qs[head].core.as_str())
                                }),
                            );
                        }
                        // "…其中：基本支出 A，占 a%；项目支出 B，占 b%。与上年相比减少 W": after a
                        // list, of the list's total
                        match ex.relations.iter().find(|rel| {
                            rel.parts.last() == Some(&head)
                                && qs[rel.total].paragraph == r.paragraph
                        }) {
                            Some(rel) => {
                                alternatives.push(head);
                                rel.total
                            }
                            None => head,
                        }
                    }
                    // "资金总量较上年的 8512.3 万元增加 131.4 万元，增长 1.54%": the clause names
                    // last year's figure, which is all the rate needs (v = W ÷ B)
                    None => match prev_fig {
                        Some(b) => b,
                        None => continue,
                    },
                };
                // "支出总计 T，其中基本支出 A，项目支出 B，比上年增加 W": after a list the change
                // is of the list's total, not of its last item
                let of = ex
                    .relations
                    .iter()
                    .find(|rel| {
                        rel.parts.last() == Some(&of)
                            && rel.total < of
                            && qs[rel.total].sentence == r.sentence
                    })
                    .map_or(of, |rel| rel.total);
                // "…项目支出 250 万元，占 25%。与上年相比，收支总预算增加 100 万元": a change
                // that names its subject is of the figure of that name
                let subject = change_subject(&qs[delta]);
                let of = match &subject {
                    Some(subject) => {
                        if named_by(qs, subject)(of) {
                            of
                        } else {
                            // (a subject that names no figure stated before — "财政拨款收支总决算
                            // T。…财政拨款收入总决算增加 W" — leaves the antecedent unknown)
                            let window = r.paragraph.saturating_sub(3)..r.paragraph + 1;
                            // (unless the clause names last year's figure, all the rate needs)
                            match named_amounts(ex, subject, window, first).last() {
                                Some(n) => n,
                                None if prev_fig.is_some() => of,
                                None => continue,
                            }
                        }
                    }
                    None => of,
                };
                // (when the subject names the figure, no other figure of the sentence is a
                // reading: "收入预算总额 T（其中拨款 A），收入预算总额比上年增加 W" is of T)
                let named_of = subject
                    .as_deref()
                    .map(|w| named_by(qs, w))
                    .filter(|named_as| named_as(of));
                alternatives.extend(before.iter().copied().filter(|&i| {
                    i < first
                        && i != of
                        && is_money(&qs[i])
                        && !is_change_amount(&qs[i])
                        && named_of.as_ref().is_none_or(|named_as| named_as(i))
                }));
                out.push(RateReading {
                    rate: ri,
                    kind,
                    of,
                    delta: Some(delta),
                    base: prev_fig,
                    base_value: None,
                    base_from: if prev_fig.is_some() {
                        BaseFrom::Previous
                    } else {
                        BaseFrom::Derived
                    },
                    alternatives,
                    base_words: String::new(),
                });
            }
            RateKind::Share | RateKind::Completion => {
                // the antecedent: nearest money before the rate in the sentence, not a change
                // (a completion rate is of an outturn, never of a budget: "年初预算 905 万元，
                // 调整预算 935.4 万元，决算数完成年初预算的 102.77%" is of the 决算 before)
                let candidate = |i: usize| {
                    is_money(&qs[i])
                        && !is_change_amount(&qs[i])
                        && !(kind == RateKind::Completion && qs[i].stage.is_plan())
                };
                // (not a figure of a bracketed aside closed before the rate: "财政拨款收入
                // 1,077.36 万元（其中，…国有资本经营预算 0 万元），占收入合计 93.57%")
                let in_sentence = before
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| candidate(i) && qs[i].depth <= r.depth);
                // a clause that opens its sentence ("；完成年初预算 100%") belongs to the
                // figure of the sentence before, in the same paragraph
                let of = of_listed.or(in_sentence).or_else(|| {
                    if before.iter().any(|&i| candidate(i)) {
                        return None;
                    }
                    // (not an item listed under the figure there, nor an aside in brackets)
                    ex.quantities_in(r.paragraph..r.paragraph + 1)
                        .filter(|&i| i < ri && qs[i].sentence + 1 == r.sentence)
                        .rev()
                        .find(|&i| candidate(i) && !qs[i].is_part && qs[i].depth == 0)
                });
                // ("从资金结构看，…，草畜平衡奖励占 33.17%": no amount before the clause, but it
                // names its subject, stated in the paragraphs before)
                let of = of.or_else(|| {
                    let subject = share_subject(r)?;
                    named_amounts(
                        ex,
                        &subject,
                        r.paragraph.saturating_sub(3)..r.paragraph + 1,
                        ri,
                    )
                    .last()
                });
                let Some(mut of) = of else {
                    continue;
                };
                // "…，税收收入占县级一般公共预算收入的 57.7%": a 占 clause that names its own
                // subject is of the figure of that name, not of the nearest amount
                if let Some(subject) = share_subject(r) {
                    let named_as = named_by(qs, &subject);
                    if !named_as(of) {
                        let window = r.paragraph.saturating_sub(40)..r.paragraph + 4;
                        let cands: Vec<usize> = ex
                            .quantities_in(window)
                            .filter(|&i| {
                                is_money(&qs[i])
                                    && !qs[i].in_table
                                    && !is_change_amount(&qs[i])
                                    && named_as(i)
                            })
                            .collect();
                        let pick = cands.iter().rev().copied().find(|&i| i < ri).or_else(|| {
                            cands
                                .iter()
                                .copied()
                                .find(|&i| i > ri && qs[i].paragraph <= r.paragraph + 3)
                        });
                        let Some(p) = pick else { continue };
                        of = p;
                    }
                } else if of_listed.is_none()
                    && before.iter().any(|&i| i > of && i < ri && is_money(&qs[i]))
                {
                    // another money figure between the antecedent and the rate would make
                    // the antecedent uncertain
                    continue;
                }
                let mut reading = RateReading {
                    rate: ri,
                    kind,
                    of,
                    delta: None,
                    base: None,
                    base_value: None,
                    base_from: BaseFrom::Named,
                    alternatives: Vec::new(),
                    base_words: words.clone(),
                };
                if kind == RateKind::Completion {
                    if let Some(b) = completion_base(ex, ri, of, &before, &words) {
                        reading.base_from = b.0;
                        reading.base = b.1;
                        reading.base_value = b.2;
                        reading.alternatives = b.3;
                        out.push(reading);
                    }
                    continue;
                }
                let rel_total = ex
                    .relations
                    .iter()
                    .find(|rel| rel.parts.contains(&of))
                    .map(|rel| rel.total);
                if words.is_empty() {
                    // bare 占: of the total the antecedent is listed in, else of the sum of
                    // sibling shares (resolved below)
                    match rel_total.or_else(|| whole_named_before(ex, text, of, r.paragraph)) {
                        Some(t) => {
                            reading.base = Some(t);
                            reading.base_from = BaseFrom::Named;
                        }
                        None => reading.base_from = BaseFrom::Siblings,
                    }
                    out.push(reading);
                    continue;
                }
                let wclean = label::clean(&words);
                let wk = label::key(&label::core(&wclean));
                // within the section around the share (bounded, so long texts stay linear)
                let window = r.paragraph.saturating_sub(40)..r.paragraph + 4;
                let named: Vec<usize> = ex
                    .quantities_in(window)
                    .filter(|&i| {
                        i != of
                            && is_money(&qs[i])
                            && !qs[i].in_table
                            && !is_change_amount(&qs[i])
                            && (names(&qs[i], &wk) || ends_with_words(&qs[i], &wclean))
                    })
                    .collect();
                // nearest before the rate, else the nearest after it within a few paragraphs
                let pick = named.iter().rev().copied().find(|&i| i < ri).or_else(|| {
                    named
                        .iter()
                        .copied()
                        .find(|&i| i > ri && qs[i].paragraph <= r.paragraph + 3)
                });
                let base = match (pick, rel_total) {
                    (Some(p), _) => Some(p),
                    // (or words that name a whole, "占总支出的": the total it is listed in)
                    (None, Some(t))
                        if names(&qs[t], &wk)
                            || qs[t].sentence == r.sentence
                            || ["总", "合计", "全部"].iter().any(|w| words.contains(w)) =>
                    {
                        Some(t)
                    }
                    _ => None,
                };
                let Some(base) = base else {
                    reading.base_from = BaseFrom::Identity;
                    out.push(reading);
                    continue;
                };
                reading.base = Some(base);
                reading.alternatives = named.into_iter().filter(|&i| i != base).collect();
                if let Some(t) = rel_total {
                    if t != base {
                        reading.alternatives.push(t);
                    }
                }
                out.push(reading);
            }
        }
    }
    resolve_siblings(ex, &mut out);
    resolve_identity(ex, &mut out);
    out
}

/// "A，占年初预算 B 的 r%": the base is the figure written inside the clause. A completion
/// rate when the words after 占 name a plan (预算, 计划), else a share.
fn explicit_base(text: &str, ex: &Extracted, ri: usize) -> Option<RateReading> {
    let qs = &ex.quantities;
    let r = &qs[ri];
    if r.unit != Unit::Percent || r.approx || r.chinese || ri == 0 {
        return None;
    }
    let b = ri - 1;
    let base = &qs[b];
    if base.sentence != r.sentence || !is_money(base) {
        return None;
    }
    let between = text.get(base.span.end..r.span.start)?.trim();
    if !matches!(
        between,
        "的" | "的比例为" | "的比重为" | "的比例" | "的比重"
    ) {
        return None;
    }
    let l = base.raw_label.as_str();
    // "占 B 的 r%", or "完成年初预算 B 的 r%"
    let words = match l.rfind('占') {
        Some(i) => &l[i + '占'.len_utf8()..],
        None => &l[l.rfind("完成")? + "完成".len()..],
    };
    let words = words.trim_end_matches('的').trim();
    if words.chars().count() > 16 {
        return None;
    }
    // a figure that is itself the base of a rate before ("完成年初预算 1905 万元的 13.79%，
    // 完成调整预算 1700 万元的 96.61%")
    let is_base = |i: usize| {
        qs.get(i + 1).is_some_and(|n| {
            n.unit == Unit::Percent
                && text
                    .get(qs[i].span.end..n.span.start)
                    .is_some_and(|g| g.trim() == "的")
        })
    };
    // the antecedent: the money right before the 占 clause, in the sentence, not a change
    let of = (0..b)
        .rev()
        .take_while(|&i| qs[i].sentence == r.sentence)
        .find(|&i| is_money(&qs[i]) && !is_change_amount(&qs[i]) && !is_base(i))?;
    if (of + 1..b).any(|i| is_money(&qs[i]) && !is_base(i)) {
        return None;
    }
    let plan = {
        let w = words.strip_prefix("全年").unwrap_or(words);
        [
            "预算",
            "计划",
            "年初预算",
            "调整预算",
            "调整后预算",
            "预算数",
            "任务",
        ]
        .contains(&w)
    };
    Some(RateReading {
        rate: ri,
        kind: if plan {
            RateKind::Completion
        } else {
            RateKind::Share
        },
        of,
        delta: None,
        base: Some(b),
        base_value: None,
        base_from: BaseFrom::Named,
        alternatives: Vec::new(),
        base_words: words.to_string(),
    })
}

/// Shares of one unstated base ("占一般公共预算支出的 84.06%" and "…的 19.62%") whose
/// antecedents are the parts of one of the model's Sum identities: the base is their sum.
fn resolve_identity(ex: &Extracted, out: &mut Vec<RateReading>) {
    use rust_decimal::Decimal;
    let qs = &ex.quantities;
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (k, rd) in out.iter().enumerate() {
        if rd.base_from == BaseFrom::Identity {
            groups.entry(rd.base_words.clone()).or_default().push(k);
        }
    }
    let mut keep = vec![true; out.len()];
    for (k, rd) in out.iter().enumerate() {
        if rd.base_from == BaseFrom::Identity {
            keep[k] = false;
        }
    }
    for ks in groups.values() {
        if ks.len() < 2 {
            continue;
        }
        let cores: Vec<String> = ks.iter().map(|&k| qs[out[k].of].core.clone()).collect();
        if ks.len() <= 6 && super::identity_for_parts(&cores).is_some() {
            let total: Decimal = ks.iter().map(|&k| qs[out[k].of].canonical()).sum();
            for &k in ks {
                out[k].base_value = Some(total);
                keep[k] = true;
            }
            continue;
        }
        // contiguous runs whose rates add up to 100%: the parts of the unstated base
        let mut start = 0;
        while start < ks.len() {
            let (mut sum, mut tol) = (Decimal::ZERO, Decimal::ZERO);
            let mut end = None;
            for (j, &k) in ks.iter().enumerate().skip(start) {
                sum += qs[out[k].rate].value;
                tol += qs[out[k].rate].half_ulp();
                if (sum - Decimal::ONE_HUNDRED).abs() <= tol {
                    end = Some(j);
                    break;
                }
                if sum > Decimal::ONE_HUNDRED + tol {
                    break;
                }
            }
            let Some(end) = end else {
                start += 1;
                continue;
            };
            let run = &ks[start..=end];
            let mut ants: Vec<usize> = run.iter().map(|&k| out[k].of).collect();
            ants.sort_unstable();
            ants.dedup();
            if run.len() >= 2 && ants.len() == run.len() {
                let total: Decimal = ants.iter().map(|&i| qs[i].canonical()).sum();
                for &k in run {
                    out[k].base_value = Some(total);
                    keep[k] = true;
                }
            }
            start = end + 1;
        }
    }
    let mut k = 0;
    out.retain(|_| {
        let v = keep[k];
        k += 1;
        v
    });
}

fn has_percent_between(qs: &[Quantity], a: usize, b: usize) -> bool {
    (a + 1..b).any(|i| qs[i].unit == Unit::Percent || matches!(qs[i].unit, Unit::Money(_)))
}

/// Direction a change amount's label states, if any.
/// "较上年减少 1.5 万元（42.86%）": a rate in brackets right after a change amount is the
/// change rate, in the amount's direction.
fn bracketed_change(text: &str, qs: &[Quantity], ri: usize) -> Option<(RateKind, String)> {
    let r = &qs[ri];
    let d = qs.get(ri.checked_sub(1)?)?;
    if r.unit != Unit::Percent
        || r.approx
        || !trim_label(&r.raw_label).is_empty()
        || d.sentence != r.sentence
        || !is_money(d)
        || !is_change_amount(d)
        || text.get(d.span.end..r.span.start)?.trim() != "（"
        || !text.get(r.span.end..)?.trim_start().starts_with('）')
    {
        return None;
    }
    let down = delta_direction(d)?;
    Some((RateKind::Change { down }, String::new()))
}

fn delta_direction(q: &Quantity) -> Option<bool> {
    let l = trim_label(&q.raw_label);
    if DOWN.iter().any(|w| l.ends_with(w)) || l.ends_with("调减") || l.ends_with("节约") {
        Some(true)
    } else if UP.iter().any(|w| l.ends_with(w)) || l.ends_with("调增") || l.ends_with("超支") {
        Some(false)
    } else {
        None
    }
}

/// "较上年减少 56.32 万元，增长 7.04%": a change rate written right after a change amount
/// (only a comma between, no subject of its own) whose direction word says the opposite.
/// Returns (change amount, rate) index pairs.
pub fn contradicting_directions(text: &str, ex: &Extracted) -> Vec<(usize, usize)> {
    let qs = &ex.quantities;
    let mut out = Vec::new();
    for ri in 1..qs.len() {
        let (r, d) = (&qs[ri], &qs[ri - 1]);
        if r.in_table || d.in_table || d.sentence != r.sentence || !is_money(d) {
            continue;
        }
        let Some((RateKind::Change { down }, _)) = kind_of(r) else {
            continue;
        };
        // nothing but the direction word between the two figures
        let gap = text.get(d.span.end..r.span.start).unwrap_or("x");
        let words = trim_label(gap.trim_start_matches(['，', ',', ' ']));
        let bare = UP.iter().chain(DOWN).any(|w| words == *w);
        if bare && delta_direction(d).is_some_and(|dd| dd != down) {
            out.push((ri - 1, ri));
        }
    }
    out
}

type Base = (
    BaseFrom,
    Option<usize>,
    Option<rust_decimal::Decimal>,
    Vec<usize>,
);

fn completion_base(
    ex: &Extracted,
    ri: usize,
    of: usize,
    before: &[usize],
    words: &str,
) -> Option<Base> {
    let qs = &ex.quantities;
    let r = &qs[ri];
    let want = if words.contains("调整") {
        Some(Stage::Adjusted)
    } else if words.contains("年初") {
        Some(Stage::Initial)
    } else {
        None
    };
    let fits = |q: &Quantity| match want {
        Some(s) => q.stage == s || (q.stage == Stage::Plan && s == Stage::Initial),
        None => q.stage.is_plan(),
    };
    let plans: Vec<usize> = before
        .iter()
        .copied()
        .filter(|&i| {
            i < of
                && is_money(&qs[i])
                && !is_change_amount(&qs[i])
                && fits(&qs[i])
                && names_plan(&qs[i].raw_label)
        })
        .collect();
    if let Some(&p) = plans.last() {
        return Some((BaseFrom::Plan, Some(p), None, plans));
    }
    // "决算数大于预算数 55.93 万元" after the rate in the sentence
    for (i, q) in qs.iter().enumerate().skip(ri + 1) {
        if q.sentence != r.sentence || !is_money(q) {
            if q.sentence > r.sentence {
                break;
            }
            continue;
        }
        let l = q.raw_label.as_str();
        // "，比年初预算增加 300 万元" / "较预算节约 2 万元" (this year's budget, not 上年预算)
        let vs_budget = (l.contains("比") || l.contains("较"))
            && l.contains("预算")
            && !l.contains("上年")
            && !l.contains("去年")
            && !l.chars().any(|c| c.is_ascii_digit());
        let over = ["大于预算", "超过预算", "超出预算", "超预算"]
            .iter()
            .any(|w| l.contains(w))
            || (vs_budget
                && ["增加", "超支", "超出", "多"]
                    .iter()
                    .any(|w| l.ends_with(w)));
        let under = ["小于预算", "低于预算", "少于预算"]
            .iter()
            .any(|w| l.contains(w))
            || (vs_budget
                && ["减少", "节约", "节支", "少"]
                    .iter()
                    .any(|w| l.ends_with(w)));
        if over || under {
            let a = qs[of].canonical();
            let d = q.canonical();
            let b = if over { a - d } else { a + d };
            if b > rust_decimal::Decimal::ZERO {
                return Some((BaseFrom::Excess, Some(i), Some(b), Vec::new()));
            }
        }
    }
    None
}

/// Does a label itself say it is a planned figure (预算数, 计划)? The names of the budgets
/// (一般公共预算收入, 政府性基金预算) do not.
fn names_plan(raw: &str) -> bool {
    let mut s = raw.to_string();
    for n in [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "社会保险基金预算",
        "预算单位",
        "部门预算",
    ] {
        s = s.replace(n, "");
    }
    s.contains("预算") || s.contains("计划")
}

/// Bare "占 s%" shares of one sentence whose rates add up to 100%: their base is the sum of
/// their antecedents. Unresolved bare shares are dropped.
fn resolve_siblings(ex: &Extracted, out: &mut Vec<RateReading>) {
    use rust_decimal::Decimal;
    let qs = &ex.quantities;
    // bare shares by paragraph, in order; consecutive runs that add up to 100% are groups
    let mut by_par: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (k, rd) in out.iter().enumerate() {
        if rd.base_from == BaseFrom::Siblings {
            by_par.entry(qs[rd.rate].paragraph).or_default().push(k);
        }
    }
    let mut drop = vec![true; out.len()];
    for (k, rd) in out.iter().enumerate() {
        if rd.base_from != BaseFrom::Siblings {
            drop[k] = false;
        }
    }
    for ks in by_par.values() {
        let mut run: Vec<usize> = Vec::new();
        let mut sum = Decimal::ZERO;
        let mut tol = Decimal::ZERO;
        for &k in ks {
            run.push(k);
            sum += qs[out[k].rate].value;
            tol += qs[out[k].rate].half_ulp();
            let tol1 = tol;
            if (sum - Decimal::ONE_HUNDRED).abs() <= tol1 {
                let ants: Vec<usize> = run.iter().map(|&k| out[k].of).collect();
                let mut distinct = ants.clone();
                distinct.sort_unstable();
                distinct.dedup();
                if run.len() >= 2 && distinct.len() == run.len() {
                    let total: Decimal = ants.iter().map(|&i| qs[i].canonical()).sum();
                    for &k in &run {
                        out[k].base_value = Some(total);
                        drop[k] = false;
                    }
                }
                run.clear();
                sum = Decimal::ZERO;
                tol = Decimal::ZERO;
            } else if sum > Decimal::ONE_HUNDRED + tol1 {
                run.clear();
                sum = Decimal::ZERO;
                tol = Decimal::ZERO;
            }
        }
        // "基本支出 1445.2 万元、占 63.21%；项目支出 841.2 万元、占 38.6%": shares that add
        // up to a little more than 100% (one of them mistyped) are still of the sum of their
        // amounts when another of them holds against it exactly
        if ks.len() >= 2 && ks.iter().all(|&k| drop[k]) {
            let total_rate: Decimal = ks.iter().map(|&k| qs[out[k].rate].value).sum();
            let ants: Vec<usize> = ks.iter().map(|&k| out[k].of).collect();
            let mut distinct = ants.clone();
            distinct.sort_unstable();
            distinct.dedup();
            let total: Decimal = ants.iter().map(|&i| qs[i].canonical()).sum();
            let over = total_rate > Decimal::ONE_HUNDRED + Decimal::ONE / Decimal::TWO
                && total_rate <= Decimal::from(105);
            if over && distinct.len() == ks.len() && total > Decimal::ZERO {
                let holds = |k: usize| {
                    let r = &qs[out[k].rate];
                    let mut stated = r.value;
                    stated.rescale(r.scale);
                    qs[out[k].of]
                        .canonical()
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .and_then(|v| v.checked_div(total))
                        .is_some_and(|c| jixiao_model::written_matches(stated, c))
                };
                let agree = ks.iter().filter(|&&k| holds(k)).count();
                if agree >= 1 && agree < ks.len() {
                    for &k in ks {
                        out[k].base_value = Some(total);
                        drop[k] = false;
                    }
                }
            }
        }
    }
    let mut k = 0;
    out.retain(|_| {
        let keep = !drop[k];
        k += 1;
        keep
    });
}
