//! ## AU004 conflicting-restatement — 同一数字前后不一致
//!
//! **What it finds.** The same figure stated twice with different values: the same label
//! (after removing years, quotes and filler words, e.g. "项目支出预算" and "项目支出年初预算数"
//! in the 年初预算 context), the same stage (年初预算 / 调整预算 / 决算; for an amount whose
//! label names none, the one its paragraph last named), the same period,
//! the same 口径 (全市 / 市本级, 部门 / 局本级: the last scope word before each in its
//! section), the same fund (一般公共预算 / 政府性基金 / 国有资本经营 / 社会保险基金, named in
//! its sentence or a heading above), the same year (its sentence's, else its section heading's) and the same kind of
//! unit, but values that differ by more than rounding.
//!
//! Two statements where one is the other rounded (98.25% and 98%) are not a conflict; see
//! AU005. Rates and the bases named in their clause ("占年初预算 10,065 万元的 43.2%") are
//! relative figures, never restatements. Figures written as approximate (约, 超, 余, 以上…) are never compared, and only
//! figures whose label names a budget quantity (预算, 决算, 经费, 支出, 采购, 收入,
//! 结转结余, or a rate …率) are compared at all.
//!
//! **Severity.** Two figures are certainly one quantity when their labels say so in the same
//! words (the same cleaned label, a stage each names itself, no subject borrowed from the
//! sentence), or when one value is a typing slip of the other (one digit changed, two
//! neighbours swapped, one digit left out: 20,360 and 20,630): a conflict between two such
//! amounts or rates is an error. Where labels match only once filler and stage words are
//! dropped, or a stage is taken from the paragraph, another 口径 may be meant (部门 and 财政拨款,
//! 全市 and 本级 where the text does not say): a warning. Between two counts, a warning.
//!
//! **Why it matters.** A reader cannot know which of two values is right; an evaluator
//! scoring from the report may take the wrong one.
//!
//! **Example.**
//!
//! ```text
//! ……项目支出预算 20,360 万元。……
//! 2021 年我局项目支出年初预算数 20,630 万元……
//! ```
//!
//! **How to fix.** Check the figure against the budget tables and use one value throughout.

use std::collections::HashMap;

use jixiao_model::Severity;

use super::{compare_written, fmt_dec, Ctx, Restated};
use crate::diagnostic::Diagnostic;
use crate::extract::{label, label::Stage, Quantity, Unit};

const STRONG: &[&str] = &[
    "预算", "决算", "经费", "支出", "采购", "收入", "率", "结余", "结转",
];

/// Is this percentage a share or a change rate ("占一般公共预算支出的 3.26%", "增长 4%")?
/// Its label names the base or the direction, not the figure: two shares of one base
/// ("基本支出占…的 96.74%", "项目支出占…的 3.26%") are different quantities.
pub fn is_relative(q: &Quantity) -> bool {
    if q.unit != Unit::Percent {
        return false;
    }
    let l = q
        .raw_label
        .trim_end_matches(['为', '是', '达', '：', ' ', '了']);
    l.contains('占')
        || l.ends_with("占比")
        || l.ends_with("比重")
        || l.ends_with("比例")
        || [
            "增长", "增加", "下降", "减少", "上升", "降低", "提高", "增幅", "降幅", "同比", "增速",
        ]
        .iter()
        .any(|w| l.ends_with(w))
}

fn key(q: &Quantity) -> Option<String> {
    if q.approx
        || q.chinese
        || q.implicit
        || q.superseded
        || q.in_table
        || q.unit == Unit::Plain
        || is_relative(q)
        || q.raw_label.chars().count() > 40
        // no words of its own ("完成预算（587.9 亿元）的"): what it is comes from elsewhere
        || q.label.is_empty()
    {
        return None;
    }
    let k = label::key(&q.core);
    if k.chars().count() < 4 || label::is_generic(&k) || !STRONG.iter().any(|w| q.core.contains(w))
    {
        return None;
    }
    let dim = match q.unit {
        Unit::Money(_) => "money".to_string(),
        Unit::Percent => "pct".to_string(),
        _ => format!("n:{}", q.measure),
    };
    // a total (支出总计, 收入合计) is not the figure of the shorter name (支出)
    let total = ["总计", "合计", "总额", "共计"]
        .iter()
        .any(|w| q.raw_label.contains(w));
    Some(format!(
        "{k}|{total}|{:?}|{dim}|{}|{:?}|{:?}|{}",
        // an amount whose label names no stage is of the one its paragraph last named
        match (q.stage, q.unit) {
            (Stage::None, Unit::Money(_)) => q.context_stage,
            (s, _) => s,
        },
        q.period.map_or(String::new(), |p| p.to_string()),
        q.scope,
        q.fund,
        q.year
            .or(q.section_year)
            .map_or(String::new(), |y| y.to_string())
    ))
}

/// Do two figures say in so many words that they are one quantity: the same cleaned label,
/// a stage each names itself, no subject borrowed from their sentences? A match made only
/// after dropping words, or with a stage taken from the paragraph, is likely, not certain
/// (another 口径 may be meant).
fn same_words(a: &Quantity, b: &Quantity) -> bool {
    a.label == b.label
        && a.stage == b.stage
        && a.stage != Stage::None
        && a.subject.is_empty()
        && b.subject.is_empty()
}

/// Is one written number a typing slip of the other: the same digits with one changed,
/// two neighbours swapped, or one left out or added (20,360 and 20,630; 4,376 and 4,736;
/// not 1,148 and 1,752)? Different quantities that share a label seldom look alike.
fn typo_of(a: &str, b: &str) -> bool {
    let digits = |s: &str| -> Vec<char> { s.chars().filter(|c| c.is_ascii_digit()).collect() };
    let (a, b) = (digits(a), digits(b));
    // round figures (600.00 and 400.00) differ in one digit by nature, not by a slip
    let significant = |d: &[char]| {
        let d: String = d.iter().collect();
        d.trim_start_matches('0').trim_end_matches('0').len()
    };
    if significant(&a) < 3 || significant(&b) < 3 {
        return false;
    }
    if a == b || a.len() < 3 || b.len() < 3 {
        // equal digits with the point elsewhere (2,036.0 and 20,360) are a unit slip, not this
        return false;
    }
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&k| a[k] != b[k]).collect();
        return match diff.as_slice() {
            [_] => true,
            [x, y] => *y == x + 1 && a[*x] == b[*y] && a[*y] == b[*x],
            _ => false,
        };
    }
    let (long, short) = if a.len() > b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() != short.len() + 1 {
        return false;
    }
    let k = (0..short.len())
        .find(|&k| long[k] != short[k])
        .unwrap_or(short.len());
    long[k + 1..] == short[k..]
}

/// The place a paragraph opens with ("青阳县申请基础养老金补贴…" → 青阳县): two to six
/// characters ending in 县, 区, 市, 镇 or 乡.
fn sentence_place(sentence: &str) -> Option<&str> {
    let s = sentence.trim_start_matches(|c: char| c.is_whitespace() || "，。；：".contains(c));
    let s = match crate::extract::structure::parse_marker(s) {
        Some((_, _, n)) => &s[n..],
        None => s,
    };
    let (end, c) = s
        .char_indices()
        .take(7)
        .skip(1)
        .find(|&(_, c)| matches!(c, '县' | '区' | '市' | '镇' | '乡'))?;
    let name = &s[..end + c.len_utf8()];
    // (not "本县", "全市", "各区" or "该县")
    let own = ["本", "全", "各", "该", "我", "市", "县", "区"];
    if own.iter().any(|w| name.starts_with(w))
        || !name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        return None;
    }
    Some(name)
}

/// Pairs (first statement, later statement, how they compare) of the same figure.
pub fn restatements<'c>(cx: &'c Ctx) -> &'c [(usize, usize, Restated)] {
    cx.restated.get_or_init(|| find_restatements(cx))
}

fn find_restatements(cx: &Ctx) -> Vec<(usize, usize, Restated)> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    // rates read by the clause reader and the bases they name ("占年初预算 10,065 万元的
    // 43.2%") are relative figures, not restatements of their label
    let mut relative = vec![false; cx.ex.quantities.len()];
    for r in &cx.ex.rates {
        relative[r.rate] = true;
        if let Some(b) = r.base {
            if cx.ex.quantities[b].sentence == cx.ex.quantities[r.rate].sentence {
                relative[b] = true;
            }
        }
    }
    // a part listed under a 财政拨款 total is of that 口径 though its own words do not say
    // so ("财政拨款支出决算 2,637.45 万元（其中基本支出 1,016.80 万元）" is not the 基本支出
    // of all funds)
    let mut appropriated = vec![false; cx.ex.quantities.len()];
    for rel in &cx.ex.relations {
        if cx.ex.quantities[rel.total].raw_label.contains("财政拨款") {
            for &p in &rel.parts {
                appropriated[p] = !cx.ex.quantities[p].core.contains("财政拨款");
            }
        }
    }
    // a text that goes through several places, a paragraph opening with each ("青阳县申请…，
    // 基础养老金实际支出 239.53 万元"; "东至县申请…"), states each place's figures: the place
    // is part of what a figure is
    let places: Vec<Option<&str>> = cx
        .ex
        .paragraphs
        .iter()
        .map(|p| sentence_place(&cx.text[p.clone()]))
        .collect();
    let distinct: std::collections::HashSet<&str> = places.iter().flatten().copied().collect();
    let by_place = distinct.len() >= 2;
    for (i, q) in cx.ex.quantities.iter().enumerate() {
        if relative[i] || crate::extract::is_share_base(q) {
            continue;
        }
        let Some(k) = key(q) else { continue };
        let k = if appropriated[i] {
            format!("{k}|财政拨款")
        } else {
            k
        };
        let k = match places.get(q.paragraph).copied().flatten() {
            Some(place) if by_place => format!("{k}|{place}"),
            _ => k,
        };
        // a year other than the report year is part of the key; the report year is not
        let k = match (q.year, cx.report_year) {
            (Some(y), Some(r)) if y == r => k.replace(&format!("|{y}"), "|"),
            _ => k,
        };
        match first.get(&k) {
            None => {
                if first.len() < 100_000 {
                    first.insert(k, i);
                }
            }
            Some(&f) => {
                let a = &cx.ex.quantities[f];
                let c = compare_written(a.canonical(), a.scale, q.canonical(), q.scale);
                if c != Restated::Equal {
                    out.push((f, i, c));
                }
            }
        }
    }
    out
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for &(f, i, c) in restatements(cx) {
        if c != Restated::Different {
            continue;
        }
        let a = &cx.ex.quantities[f];
        let b = &cx.ex.quantities[i];
        let strong = matches!(b.unit, Unit::Money(_) | Unit::Percent);
        let certain = strong
            && (same_words(a, b)
                || typo_of(&cx.text[a.num_span.clone()], &cx.text[b.num_span.clone()]));
        out.push(
            Diagnostic::new(
                "AU004",
                if certain {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                b.span.clone(),
                format!(
                    "“{}”此处为 {}，前文为 {}",
                    b.name(),
                    b.display(),
                    a.display()
                ),
            )
            .expected_found(fmt_dec(a.value), fmt_dec(b.value))
            .related(
                a.span.clone(),
                format!("前文：{} {}", a.name(), a.display()),
            )
            .help("同一数字应前后一致；核对报表后统一为正确的数值"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn figures_of_several_places_are_each_their_own() {
        let t = "2022年全市基础养老金实际支出4.99亿元。\n青阳县申请基础养老金补贴238.34万元；2022年底实际领取待遇人数为51268人，基础养老金实际支出239.53万元，超出预算金额1.19万元。\n东至县申请基础养老金补贴461.76万元，基础养老金实际支出446.98万元。\n";
        check("AU004", t, &[]);
        // one place throughout is no breakdown
        let t = "青阳县申请补贴238.34万元，基础养老金实际支出239.53万元。\n此外，基础养老金实际支出293.53万元。\n";
        check(
            "AU004",
            t,
            &["error 293.53万元 expected=239.53 found=293.53"],
        );
    }

    #[test]
    fn a_part_of_an_appropriation_total_is_of_that_basis() {
        let t = "本年支出合计1,352.30万元，其中：基本支出1,052.30万元，项目支出300.00万元。\n2017年度财政拨款支出决算1,316.80万元（其中基本支出1,016.80万元），比上年决算数增加211.09万元。\n";
        check("AU004", t, &[]);
        let t = "本年支出合计1,352.30万元，其中：基本支出1,052.30万元，项目支出300.00万元。\n基本支出1,025.30万元，占本年支出合计的75.82%。\n";
        check(
            "AU004",
            t,
            &["error 1,025.30万元 expected=1052.3 found=1025.3"],
        );
    }

    #[test]
    fn same_figure_twice() {
        let t = "我局年初预算为23,260万元，包括：基本支出预算2,900万元，项目支出预算20,360万元。\n2021年我局项目支出年初预算数20,630万元，均已编制绩效目标。\n";
        check("AU004", t, &["error 20,630万元 expected=20360 found=20630"]);
        let ok = "我局年初预算为23,260万元，包括：基本支出预算2,900万元，项目支出预算20,360万元。\n2021年我局项目支出年初预算数20,360万元，项目支出调整预算数为37,427.73万元。\n";
        check("AU004", ok, &[]);
    }

    #[test]
    fn certain_only_in_the_same_words_or_for_a_typing_slip() {
        use super::typo_of;
        assert!(typo_of("20,360", "20,630"));
        assert!(typo_of("1,752", "1,725"));
        assert!(typo_of("3,587.5", "3,581.5"));
        assert!(typo_of("23260", "2360"));
        assert!(!typo_of("47.8", "44.2"));
        assert!(!typo_of("1,148", "1,752"));
        assert!(!typo_of("2,036.0", "20,360"));
        // round figures differ in one digit by nature
        assert!(!typo_of("600.00", "400.00"));
        assert!(!typo_of("1,200", "1,300"));
        // labels that match only once words are dropped, values unlike each other: a warning
        let t = "部门支出总计1,100万元，其中基本支出600万元。\n财政拨款支出情况：基本支出预算执行数450万元。\n";
        check("AU004", t, &[]);
        let t = "我局年初预算为23,260万元，包括：基本支出预算2,900万元，项目支出预算20,360万元。\n2021年我局项目支出年初预算数18,400万元，均已编制绩效目标。\n";
        check(
            "AU004",
            t,
            &["warning 18,400万元 expected=20360 found=18400"],
        );
    }

    #[test]
    fn a_total_is_not_the_figure_of_the_shorter_name() {
        let t = "全县一般公共预算支出91759万元，增长3%。\n加上上解省市支出2927万元、债务还本支出4164万元、结转下年502万元，全县一般公共预算支出总计99352万元。\n";
        check("AU004", t, &[]);
    }

    #[test]
    fn local_revenue_of_two_levels() {
        let t = "全区收入总量2970亿元。其中，地方收入213亿元，增长5%。\n自治区本级收入总量2657.5亿元，为预算的147.6%。其中，地方收入28.5亿元，下降12.6%。\n";
        check("AU004", t, &[]);
    }

    #[test]
    fn periods_and_stages_are_kept_apart() {
        let t = "第一季度部门预算资金支出进度26%，当季序时进度25%；\n第二季度部门预算资金支出进度51.4%，当季序时进度50%；\n基本支出预算2,900万元；基本支出调整预算数2,867.41万元。";
        check("AU004", t, &[]);
    }
}
