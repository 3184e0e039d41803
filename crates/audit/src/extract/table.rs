//! Flattened score sheets (项目支出/部门整体绩效自评表 read as text): the rows that can be
//! recovered from a run of cells.
//!
//! A PDF or Word table flattened to text loses its grid; what is left is a stream of cells
//! in reading order ("… 95% 95% 30 27 95% 95% 10 9 100 94 …", or "| ≧ | 100 | % | 100% |
//! 10 | 7 |"). Two kinds of row are recovered where the stream is unambiguous:
//!
//! - **Indicator rows** `[operator] 指标值 完成值 分值 得分`: four figures in adjacent cells,
//!   the first two comparable (both rates, or the same unit), 分值 a whole number of at
//!   most 100, 得分 a number; rows are taken left to right without overlap.
//! - **The 预算执行率 row** under the header `全年预算数 全年执行数 分值 执行率 得分`
//!   (with or without 年初预算数 before it): `[年初] 全年预算 全年执行 分值 [执行率] 得分`,
//!   its 其中 当年财政拨款 row, and a separate "预算执行率 分值 执行率 得分" row.
//!
//! Every figure is an index into [`super::Extracted::quantities`].

use rust_decimal::Decimal;

use super::{Extracted, Unit};

/// A comparison written before a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    AtLeast,
    AtMost,
    Equal,
    None,
}

/// `[op] target actual weight score`.
#[derive(Debug, Clone)]
pub struct ScoreRow {
    pub op: Op,
    pub target: usize,
    pub actual: usize,
    pub weight: usize,
    pub score: usize,
    /// Target and actual are rates (the target written "100 | %" counts).
    pub percent: bool,
}

/// The 预算执行率 row of a 自评表.
#[derive(Debug, Clone)]
pub struct BudgetRow {
    pub initial: Option<usize>,
    pub budget: Option<usize>,
    pub executed: Option<usize>,
    pub weight: usize,
    pub rate: Option<usize>,
    pub score: usize,
    /// The 其中 当年财政拨款 row: its [年初] 全年预算 全年执行 figures.
    pub own_funds: Vec<usize>,
    /// The figures of the total row in the same order as `own_funds`.
    pub total_cells: Vec<usize>,
}

/// Is the text between two cells only separators, an operator or a short unit cell?
fn gap_ok(g: &str) -> bool {
    let rest: String = g
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '|' && *c != '\u{3000}')
        .collect();
    rest.chars().count() <= 2 && !rest.chars().any(|c| c.is_ascii_digit())
}

fn op_before(g: &str) -> Op {
    let t = g.trim_end_matches(|c: char| c.is_whitespace() || c == '|');
    let last: String = t
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if last.ends_with(['≥', '≧', '＞', '>']) || last == ">=" || last.ends_with("不低于") {
        Op::AtLeast
    } else if last.ends_with(['≤', '≦', '＜', '<']) || last == "<=" {
        Op::AtMost
    } else if last.ends_with(['=', '═', '＝']) {
        Op::Equal
    } else {
        Op::None
    }
}

fn whole(v: Decimal) -> bool {
    v.fract().is_zero()
}

/// Read the score rows and budget rows of every paragraph that speaks of 分值 / 得分.
pub fn read(text: &str, ex: &Extracted) -> (Vec<ScoreRow>, Vec<BudgetRow>) {
    let mut rows = Vec::new();
    let mut budgets = Vec::new();
    let mut last_sheet: Option<usize> = None;
    for (p, pr) in ex.paragraphs.iter().enumerate() {
        let par = &text[pr.clone()];
        if par.contains("得分") || par.contains("分值") {
            last_sheet = Some(p);
        }
        // a sheet's rows may be lines of their own below the header
        if last_sheet.is_none_or(|l| p - l > 8) {
            continue;
        }
        let idx: Vec<usize> = ex.quantities_in(p..p + 1).collect();
        if idx.len() < 3 {
            continue;
        }
        score_rows(text, ex, &idx, &mut rows);
        budget_rows(text, ex, pr.clone(), &idx, &mut budgets);
    }
    (rows, budgets)
}

fn score_rows(text: &str, ex: &Extracted, idx: &[usize], out: &mut Vec<ScoreRow>) {
    let qs = &ex.quantities;
    let gap = |a: usize, b: usize| text.get(qs[a].span.end..qs[b].span.start).unwrap_or("x");
    let mut k = 0;
    while k + 3 < idx.len() {
        let (t, a, w, s) = (idx[k], idx[k + 1], idx[k + 2], idx[k + 3]);
        let linked = gap_ok(gap(t, a)) && gap_ok(gap(a, w)) && gap_ok(gap(w, s));
        let g_ta = gap(t, a);
        let t_pct = qs[t].unit == Unit::Percent || g_ta.contains('%');
        let a_pct = qs[a].unit == Unit::Percent;
        let comparable = (t_pct && a_pct)
            || (qs[t].unit == qs[a].unit
                && qs[t].unit != Unit::Plain
                && qs[t].measure == qs[a].measure);
        let before = if k == 0 {
            text.get(qs[t].span.start.saturating_sub(12)..qs[t].span.start)
                .unwrap_or("")
        } else {
            gap(idx[k - 1], t)
        };
        let before = {
            // the last few characters only
            let n = before.chars().count();
            let skip = n.saturating_sub(4);
            let off = before.char_indices().nth(skip).map_or(0, |(i, _)| i);
            &before[off..]
        };
        let op = op_before(before);
        let ws_ok = matches!(qs[w].unit, Unit::Plain | Unit::Count)
            && qs[s].unit == Unit::Plain
            && whole(qs[w].value)
            && qs[w].value >= Decimal::ONE
            && qs[w].value <= Decimal::ONE_HUNDRED
            && qs[s].value <= Decimal::ONE_HUNDRED
            && qs[s].scale <= 2;
        if linked && comparable && ws_ok {
            out.push(ScoreRow {
                op,
                target: t,
                actual: a,
                weight: w,
                score: s,
                percent: t_pct && a_pct,
            });
            k += 4;
        } else {
            k += 1;
        }
    }
}

fn budget_rows(
    text: &str,
    ex: &Extracted,
    pr: std::ops::Range<usize>,
    idx: &[usize],
    out: &mut Vec<BudgetRow>,
) {
    let qs = &ex.quantities;
    let par = &text[pr.clone()];
    let gap = |a: usize, b: usize| text.get(qs[a].span.end..qs[b].span.start).unwrap_or("x");
    let chain_from = |first: usize| -> Vec<usize> {
        let mut v = vec![idx[first]];
        for j in first + 1..idx.len() {
            if v.len() >= 6 || !gap_ok(gap(idx[j - 1], idx[j])) {
                break;
            }
            v.push(idx[j]);
        }
        v
    };
    // header: 全年预算数 … 全年执行数 … 分值 … 得分 within a short stretch
    let mut from = 0;
    while let Some(h) = par[from..].find("全年预算数") {
        let hs = from + h;
        from = hs + "全年预算数".len();
        let win_end = floor(par, (hs + 120).min(par.len()));
        let win = &par[hs..win_end];
        let (Some(e), Some(f)) = (win.find("执行数"), win.find("得分")) else {
            continue;
        };
        if !(win.contains("分值") && e < f) {
            continue;
        }
        let header_end = pr.start + hs + f + "得分".len();
        // the first chain of figures after the header, within a few characters
        let Some(first) = idx.iter().position(|&i| qs[i].span.start >= header_end) else {
            continue;
        };
        let lead = text
            .get(header_end..qs[idx[first]].span.start)
            .unwrap_or("x");
        if lead.chars().count() > 12 {
            continue;
        }
        let chain = chain_from(first);
        let pct = chain.iter().position(|&i| qs[i].unit == Unit::Percent);
        let (initial, budget, executed, weight, rate, score) = match (pct, chain.len()) {
            (Some(r), n) if r >= 3 && r + 1 < n => (
                (r >= 4).then(|| chain[r - 4]),
                chain[r - 3],
                chain[r - 2],
                chain[r - 1],
                Some(chain[r]),
                chain[r + 1],
            ),
            (None, 6) => (
                Some(chain[0]),
                chain[1],
                chain[2],
                chain[3],
                Some(chain[4]),
                chain[5],
            ),
            (None, 5) => (Some(chain[0]), chain[1], chain[2], chain[3], None, chain[4]),
            (None, 4) => (None, chain[0], chain[1], chain[2], None, chain[3]),
            _ => continue,
        };
        let w = &qs[weight];
        if !(whole(w.value) && w.value >= Decimal::ONE && w.value <= Decimal::from(30)) {
            continue;
        }
        if qs[score].value > Decimal::ONE_HUNDRED {
            continue;
        }
        // the 其中 当年财政拨款 row right after
        let last = *chain.last().unwrap_or(&score);
        let after_last = qs[last].span.end;
        let tail_end = floor(text, (after_last + 60).min(pr.end));
        let tail = &text[after_last..tail_end];
        let mut own = Vec::new();
        if let Some(o) = tail.find("财政拨款") {
            let at = after_last + o + "财政拨款".len();
            if let Some(j) = idx.iter().position(|&i| qs[i].span.start >= at) {
                let lead = text.get(at..qs[idx[j]].span.start).unwrap_or("x");
                if lead.chars().count() <= 4 {
                    own = chain_from(j);
                    own.truncate(if initial.is_some() { 3 } else { 2 });
                }
            }
        }
        let total_cells: Vec<usize> = initial.into_iter().chain([budget, executed]).collect();
        out.push(BudgetRow {
            initial,
            budget: Some(budget),
            executed: Some(executed),
            weight,
            rate,
            score,
            own_funds: own,
            total_cells,
        });
    }
    // "预算执行率 10 一 100% 9": 分值, 执行率, 得分 in the row of that name
    let mut from = 0;
    while let Some(h) = par[from..].find("预算执行率") {
        let at = pr.start + from + h + "预算执行率".len();
        from += h + "预算执行率".len();
        let Some(j) = idx.iter().position(|&i| qs[i].span.start >= at) else {
            continue;
        };
        if text
            .get(at..qs[idx[j]].span.start)
            .unwrap_or("x")
            .chars()
            .count()
            > 2
        {
            continue;
        }
        let chain = chain_from(j);
        if chain.len() < 3 {
            continue;
        }
        let (w, r, s) = (chain[0], chain[1], chain[2]);
        if qs[r].unit != Unit::Percent
            || qs[s].unit != Unit::Plain
            || !whole(qs[w].value)
            || qs[w].value < Decimal::ONE
            || qs[w].value > Decimal::from(30)
        {
            continue;
        }
        out.push(BudgetRow {
            initial: None,
            budget: None,
            executed: None,
            weight: w,
            rate: Some(r),
            score: s,
            own_funds: Vec::new(),
            total_cells: Vec::new(),
        });
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
