//! The context a figure is stated in beyond its own words: the 口径 it is of (全市 or
//! 市本级, 部门 or 局本级) and the year its section is about.
//!
//! Government budget reports state the same item at two scopes ("全市一般公共预算收入
//! 47.8 亿元" … "市本级一般公共预算收入 44.2 亿元") and for two years (this year's
//! execution, next year's draft); a department's 决算 may give its own office (局本级)
//! beside the whole department. Such figures share a label but are different
//! quantities: no restatement or sum may join them.
//!
//! - **Scope**: the last scope word before the figure in its section (its innermost
//!   heading's block), else in the headings above it. 全市/全县/全区/全省/全州/全旗/全盟
//!   name the whole; any word with 本级 names the own level; 地方一般公共预算 / 地方收入
//!   the area's own share of revenue.
//! - **Fund** (which of the four budgets, 四本预算): the last fund word before the figure
//!   in its own sentence, else in its paragraph, else in the headings above it ("2.政府性基金收支及其平衡情况"):
//!   each fund has its own 上级补助收入, 年终结余, 债务还本支出.
//! - **Section year**: the one year named in the innermost heading above the figure that
//!   names exactly one ("二、2024 年预算草案").

use super::{number, Extracted, TokenKind};

/// Which 口径 a figure is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Scope {
    /// No scope word in its section.
    #[default]
    Unstated,
    /// 全市, 全县, 全区 … (the whole administrative area or the whole department).
    Whole,
    /// 市本级, 县本级, 局本级 … (the own level).
    Own,
    /// 地方 (一般公共预算) 收入: the area's own share, without what goes up to 中央 and 省.
    Local,
    /// 全区 … 地方收入: the whole area's own share.
    LocalWhole,
    /// 本级 … 地方收入: the own level's share.
    LocalOwn,
}

/// Which of the four budgets (四本预算) a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Fund {
    #[default]
    Unstated,
    /// 一般公共预算
    General,
    /// 政府性基金
    GovFund,
    /// 国有资本经营
    StateCapital,
    /// 社会保险基金
    SocialInsurance,
}

/// The fund words; with 预算 after them they are the budgets' names (`label`).
pub(crate) const FUNDS: &[(&str, Fund)] = &[
    ("一般公共预算", Fund::General),
    ("政府性基金", Fund::GovFund),
    ("国有资本经营", Fund::StateCapital),
    ("社会保险基金", Fund::SocialInsurance),
];

/// Byte positions of fund words in `text`, in order.
fn fund_markers(text: &str) -> Vec<(usize, Fund)> {
    let mut out: Vec<(usize, Fund)> = FUNDS
        .iter()
        .flat_map(|&(w, f)| text.match_indices(w).map(move |(i, _)| (i, f)))
        .collect();
    out.sort_unstable_by_key(|&(i, _)| i);
    out
}

/// The last marker in `range` (byte positions), if any.
fn last_in<T: Copy>(marks: &[(usize, T)], range: std::ops::Range<usize>) -> Option<T> {
    let a = marks.partition_point(|&(m, _)| m < range.start);
    let b = marks.partition_point(|&(m, _)| m < range.end);
    (b > a).then(|| marks[b - 1].1)
}

const WHOLE: &[&str] = &[
    "全市",
    "全县",
    "全区",
    "全省",
    "全州",
    "全旗",
    "全盟",
    "全自治区",
];

const LOCAL: &[&str] = &["地方一般公共预算", "地方收入", "地方财政收入", "地方级"];

/// Byte positions of scope words in `text`, in order.
fn markers(text: &str) -> Vec<(usize, Scope)> {
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '全' => {
                let rest = &text[i..];
                if WHOLE.iter().any(|w| rest.starts_with(w)) && !rest.starts_with("全市场") {
                    out.push((i, Scope::Whole));
                }
            }
            '本' if text[i..].starts_with("本级") => out.push((i, Scope::Own)),
            '地' if LOCAL.iter().any(|w| text[i..].starts_with(w)) => out.push((i, Scope::Local)),
            _ => {}
        }
    }
    out
}

/// The heading each heading is under (the nearest before it of a higher level).
fn parents(ex: &Extracted) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(ex.headings.len());
    for (h, x) in ex.headings.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&j| ex.headings[j].level >= x.level)
        {
            stack.pop();
        }
        out.push(stack.last().copied());
        stack.push(h);
    }
    out
}

/// The one year a heading's paragraph names, if it names exactly one.
fn heading_year(text: &str, ex: &Extracted, h: usize) -> Option<u16> {
    let p = ex.paragraphs.get(ex.headings[h].paragraph)?;
    // the heading line itself: up to its first sentence end
    let line = &text[p.clone()];
    let end = line.find(['。', '；']).unwrap_or(line.len());
    let mut year = None;
    for t in number::scan(&line[..end]) {
        if let TokenKind::Year(y) = t.kind {
            match year {
                None => year = Some(y),
                Some(x) if x == y => {}
                Some(_) => return None,
            }
        }
    }
    year
}

/// Fill in every quantity's scope, fund and section year (linear in the text: every
/// lookup is a binary search over markers found once).
pub fn assign(text: &str, ex: &mut Extracted) {
    let marks = markers(text);
    let funds = fund_markers(text);
    let years: Vec<Option<u16>> = (0..ex.headings.len())
        .map(|h| heading_year(text, ex, h))
        .collect();
    let parent = parents(ex);
    // each heading's own line: its paragraph up to the first sentence end
    let lines: Vec<std::ops::Range<usize>> = ex
        .headings
        .iter()
        .map(|h| {
            let p = ex.paragraphs[h.paragraph].clone();
            let end = text[p.clone()]
                .find(['。', '；'])
                .map_or(p.end, |e| p.start + e);
            p.start..end
        })
        .collect();
    for i in 0..ex.quantities.len() {
        let q = &ex.quantities[i];
        let pos = q.num_span.start;
        let sentence_start = ex.sentences[q.sentence].range.start.min(pos);
        let para_start = ex.paragraphs[q.paragraph].start.min(pos);
        // fund: its sentence, else its paragraph before it, else the headings above
        let mut fund = last_in(&funds, sentence_start..pos)
            .or_else(|| last_in(&funds, para_start..pos))
            .unwrap_or_default();
        let mut scope;
        let mut section_year = None;
        match ex.section_at(pos) {
            None => scope = last_in(&marks, 0..pos).unwrap_or_default(),
            Some(h) => {
                scope = last_in(&marks, ex.headings[h].start..pos).unwrap_or_default();
                let mut cur = Some(h);
                let mut first = true;
                while let Some(j) = cur {
                    let line = lines[j].start..lines[j].end.min(pos);
                    if scope == Scope::Unstated && !first {
                        // a scope word in an enclosing heading's own line
                        scope = last_in(&marks, line.clone()).unwrap_or_default();
                    }
                    if section_year.is_none() {
                        section_year = years[j];
                    }
                    if fund == Fund::Unstated {
                        fund = last_in(&funds, line).unwrap_or_default();
                    }
                    if scope != Scope::Unstated && section_year.is_some() && fund != Fund::Unstated
                    {
                        break;
                    }
                    first = false;
                    cur = parent[j];
                }
            }
        }
        // 地方收入 of one level is not that of another ("自治区本级…地方收入 28.5 亿元" and
        // "全区…地方收入 213 亿元"): the level named before it in its sentence
        if scope == Scope::Local {
            scope = match last_in(&marks, sentence_start..pos) {
                Some(Scope::Whole) => Scope::LocalWhole,
                Some(Scope::Own) => Scope::LocalOwn,
                _ => {
                    // else the level its section names
                    let sec = ex.section_at(pos).map_or(0, |h| ex.headings[h].start);
                    let a = marks.partition_point(|&(m, _)| m < sec);
                    let b = marks.partition_point(|&(m, _)| m < pos);
                    let lvl = marks[a..b.max(a)]
                        .iter()
                        .rev()
                        .find(|&&(_, s)| matches!(s, Scope::Whole | Scope::Own))
                        .map(|&(_, s)| s);
                    match lvl {
                        Some(Scope::Whole) => Scope::LocalWhole,
                        Some(Scope::Own) => Scope::LocalOwn,
                        _ => Scope::Local,
                    }
                }
            };
        }
        let q = &mut ex.quantities[i];
        q.scope = scope;
        q.section_year = section_year;
        q.fund = fund;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn fund(text: &str, figure: &str) -> Fund {
        let ex = extract(text);
        ex.quantities
            .iter()
            .find(|q| &text[q.span.clone()] == figure)
            .map(|q| q.fund)
            .unwrap_or_else(|| panic!("no figure {figure}"))
    }

    #[test]
    fn funds_from_sentence_or_heading() {
        let t = "1.一般公共预算收支\n一般公共预算收入100万元，上级补助收入20万元，年终结余5万元。\n2.政府性基金收支及其平衡情况\n政府性基金收入0万元，上级补助收入30万元。\n年终结余7万元。\n";
        assert_eq!(fund(t, "20万元"), Fund::General);
        assert_eq!(fund(t, "30万元"), Fund::GovFund);
        assert_eq!(fund(t, "7万元"), Fund::GovFund);
    }

    fn of(text: &str, figure: &str) -> (Scope, Option<u16>) {
        let ex = extract(text);
        let q = ex
            .quantities
            .iter()
            .find(|q| &text[q.span.clone()] == figure)
            .unwrap_or_else(|| panic!("no figure {figure}"));
        (q.scope, q.year.or(q.section_year))
    }

    #[test]
    fn scopes_and_section_years() {
        let t = "关于某市2023年预算执行情况和2024年预算草案的报告\n一、2023年预算执行情况\n全市一般公共预算收入完成50亿元，增长5%。\n市本级一般公共预算收入完成40亿元。\n一般公共预算支出60亿元。\n二、2024年预算草案\n（一）全市预算\n一般公共预算收入安排52亿元。\n（二）市本级预算\n一般公共预算收入安排42亿元。\n";
        assert_eq!(of(t, "50亿元"), (Scope::Whole, Some(2023)));
        assert_eq!(of(t, "40亿元"), (Scope::Own, Some(2023)));
        // carried within the section
        assert_eq!(of(t, "60亿元"), (Scope::Own, Some(2023)));
        // from the enclosing headings
        assert_eq!(of(t, "52亿元"), (Scope::Whole, Some(2024)));
        assert_eq!(of(t, "42亿元"), (Scope::Own, Some(2024)));
    }

    #[test]
    fn no_scope_words() {
        let t = "一、部门基本情况\n2021年我局年初预算为23,260万元。\n";
        assert_eq!(of(t, "23,260万元"), (Scope::Unstated, Some(2021)));
    }
}
