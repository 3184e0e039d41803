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
//! - **Glued 预算执行率 rows** ("年度资金总额:48.546.761096.41%9.46", cells run together by a
//!   document-sharing site's extraction): split by the header's columns into the one reading
//!   where 执行率 = 执行数 ÷ 预算数 at its written precision ([`GluedRow`]).
//!
//! Every figure is an index into [`super::Extracted::quantities`], except a glued row's,
//! which are its own spans.

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
    /// The 上年结转资金 and 其他资金 rows' cells, one per column of `total_cells` (a dash is
    /// zero), when the row could be read so.
    pub sources: (Vec<SourceCell>, Vec<SourceCell>),
    /// The rate was not in the row's cells but the first rate after them in the sheet (the
    /// flattening moved it): the reading is likely, not certain.
    pub rate_displaced: bool,
}

/// A 年度资金总额 row whose cells ran together, split by its header: the one reading where
/// the written rate is 执行数 ÷ 预算数. Only the score is left to check.
#[derive(Debug, Clone)]
pub struct GluedRow {
    pub budget: Decimal,
    pub executed: Decimal,
    pub weight: Decimal,
    /// The rate as a percentage, and where it is written.
    pub rate: Decimal,
    pub rate_span: std::ops::Range<usize>,
    pub score: Decimal,
    pub score_scale: u32,
    pub score_span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Initial,
    Budget,
    Executed,
    Weight,
    Rate,
    Score,
}

/// Glued 年度资金总额 rows (see the module docs).
pub fn glued_rows(text: &str) -> Vec<GluedRow> {
    let mut out = Vec::new();
    for (at, w) in text.match_indices("年度资金总额") {
        let head_from = text[..at]
            .char_indices()
            .rev()
            .nth(120)
            .map_or(0, |(i, _)| i);
        let head = &text[head_from..at];
        // the header's columns, in order
        let find = |ws: &[&str]| ws.iter().filter_map(|w| head.rfind(w)).max();
        let mut cols: Vec<(usize, Col)> = [
            (find(&["年初预算数", "年初预算"]), Col::Initial),
            (find(&["全年预算数", "全年预算"]), Col::Budget),
            (find(&["全年执行数", "执行数"]), Col::Executed),
            (find(&["分值"]), Col::Weight),
            (find(&["执行率"]), Col::Rate),
            (
                head.rfind("得分")
                    .filter(|&i| !head[i..].starts_with("得分系数")),
                Col::Score,
            ),
        ]
        .into_iter()
        .filter_map(|(p, c)| p.map(|p| (p, c)))
        .collect();
        cols.sort_by_key(|&(p, _)| p);
        let cols: Vec<Col> = cols.into_iter().map(|(_, c)| c).collect();
        if !cols.contains(&Col::Budget)
            || !cols.contains(&Col::Executed)
            || !cols.contains(&Col::Rate)
            || !cols.ends_with(&[Col::Score])
        {
            continue;
        }
        // the glued run: digits, points and % with no separator
        let start = at + w.len();
        let start =
            start + text[start..].len() - text[start..].trim_start_matches([':', '：']).len();
        let len = text[start..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '%'))
            .unwrap_or(text.len() - start);
        let run = &text[start..start + len];
        if run.len() < 10 || run.len() > 48 || !run.contains('%') {
            continue;
        }
        let mut found: Vec<GluedRow> = Vec::new();
        split_glued(run, start, &cols, &mut Vec::new(), &mut found);
        // one reading of the score, or none
        if let Some(first) = found.first() {
            if found
                .iter()
                .all(|g| g.score == first.score && g.weight == first.weight)
            {
                out.push(first.clone());
            }
        }
    }
    out
}

/// Every way to cut `run` into the columns `cols` that holds together.
fn split_glued(
    run: &str,
    offset: usize,
    cols: &[Col],
    cells: &mut Vec<(Col, Decimal, u32, std::ops::Range<usize>)>,
    found: &mut Vec<GluedRow>,
) {
    use std::str::FromStr;
    if found.len() > 8 {
        return;
    }
    let Some((&col, rest_cols)) = cols.split_first() else {
        let get = |c: Col| cells.iter().find(|x| x.0 == c);
        let (Some(b), Some(e), Some(r), Some(s)) = (
            get(Col::Budget),
            get(Col::Executed),
            get(Col::Rate),
            get(Col::Score),
        ) else {
            return;
        };
        let weight = get(Col::Weight).map_or(Decimal::TEN, |w| w.1);
        if b.1.is_zero() || s.1 > weight {
            return;
        }
        let Some(exact) =
            e.1.checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(b.1))
        else {
            return;
        };
        let mut written = r.1;
        written.rescale(r.2);
        if !jixiao_model::written_matches(written, exact) {
            return;
        }
        found.push(GluedRow {
            budget: b.1,
            executed: e.1,
            weight,
            rate: r.1,
            rate_span: r.3.clone(),
            score: s.1,
            score_scale: s.2,
            score_span: s.3.clone(),
        });
        return;
    };
    // a cell: digits with at most one point and two to four decimals; a rate ends in %
    let last = rest_cols.is_empty();
    // (no cell is longer than twelve characters)
    for end in 1..=run.len().min(12) {
        let cell = &run[..end];
        let (num, pct) = match cell.strip_suffix('%') {
            Some(n) => (n, true),
            None => (cell, false),
        };
        if pct != (col == Col::Rate) || num.is_empty() || num.contains('%') {
            if pct && col != Col::Rate {
                break;
            }
            continue;
        }
        let scale = num.find('.').map_or(0, |i| num.len() - i - 1);
        let leading_zero = num.len() > 1 && num.starts_with('0') && !num.starts_with("0.");
        let malformed = num.matches('.').count() > 1 || num.ends_with('.') || num.starts_with('.');
        let ok = !malformed
            && !leading_zero
            && match col {
                Col::Weight => scale == 0 && num.len() <= 3,
                Col::Score => scale <= 2,
                Col::Rate => scale <= 2,
                _ => scale <= 4,
            };
        if !ok || (last && end != run.len()) {
            continue;
        }
        let Ok(v) = Decimal::from_str(num) else {
            continue;
        };
        if col == Col::Weight && (v < Decimal::ONE || v > Decimal::ONE_HUNDRED) {
            continue;
        }
        cells.push((col, v, scale as u32, offset..offset + end));
        split_glued(&run[end..], offset + end, rest_cols, cells, found);
        cells.pop();
    }
}

/// A row of a 得分系数 sheet whose 权重 and 得分 ran together before its 是否核心指标 cell
/// ("…2790篇93.00%109.03是": 得分系数 93.00%, 权重 10, 得分 9.03).
#[derive(Debug, Clone)]
pub struct CoefficientRow {
    pub coefficient: Decimal,
    pub coefficient_span: std::ops::Range<usize>,
    pub weight: Decimal,
    pub score: Decimal,
    pub score_scale: u32,
    pub score_span: std::ops::Range<usize>,
}

/// The glued 得分系数 rows of a sheet whose header names 得分系数 (see [`CoefficientRow`]):
/// the digits between the coefficient's % and 是/否 split into a whole 权重 of at most 100
/// and a 得分 no larger, when exactly one split does.
pub fn coefficient_rows(text: &str) -> Vec<CoefficientRow> {
    use std::str::FromStr;
    let mut out = Vec::new();
    let Some(header) = text.find("得分系数") else {
        return out;
    };
    for (pos, _) in text[header..].match_indices('%') {
        let pct = header + pos;
        // the coefficient: digits right before the %
        let lead = &text[..pct];
        let digits_from = lead
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
        // (the cell before may have run into it, "27.6100%": the longest tail that is a
        // rate of at most 100 with two decimals at most)
        let Some((cstart, coefficient)) = (digits_from..pct).find_map(|i| {
            let c = &text[i..pct];
            let scale = c.find('.').map_or(0, |d| c.len() - d - 1);
            let leading_zero = c.len() > 1 && c.starts_with('0') && !c.starts_with("0.");
            if c.is_empty() || c.starts_with('.') || leading_zero || scale > 2 {
                return None;
            }
            Decimal::from_str(c)
                .ok()
                .filter(|v| *v <= Decimal::ONE_HUNDRED)
                .map(|v| (i, v))
        }) else {
            continue;
        };
        // the glued 权重 得分, then 是 / 否
        let rest = &text[pct + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if !(rest[len..].starts_with('是') || rest[len..].starts_with('否')) || len < 2 {
            continue;
        }
        let run = &rest[..len];
        let mut reads = Vec::new();
        for cut in 1..run.len() {
            let (w, sc) = run.split_at(cut);
            if w.contains('.') || (sc.len() > 1 && sc.starts_with('0') && !sc.starts_with("0.")) {
                continue;
            }
            let scale = sc.find('.').map_or(0, |i| sc.len() - i - 1);
            let (Ok(wv), Ok(sv)) = (Decimal::from_str(w), Decimal::from_str(sc)) else {
                continue;
            };
            if scale <= 2 && wv >= Decimal::ONE && wv <= Decimal::ONE_HUNDRED && sv <= wv {
                reads.push((wv, sv, scale as u32, pct + 1 + cut));
            }
        }
        if let [(weight, score, score_scale, at)] = reads[..] {
            out.push(CoefficientRow {
                coefficient,
                coefficient_span: cstart..pct + 1,
                weight,
                score,
                score_scale,
                score_span: at..pct + 1 + len,
            });
        }
    }
    out
}

/// One cell of a source row under 年度资金总额: its value (a dash is zero) and where it is.
#[derive(Debug, Clone)]
pub struct SourceCell {
    pub value: Decimal,
    pub scale: u32,
    pub span: std::ops::Range<usize>,
}

/// The row named `words` within 80 bytes after `from`: its first `n` cells (numbers or
/// dashes, set apart by spaces or bars), and where the row's words end.
fn source_cells(
    text: &str,
    words: &str,
    from: usize,
    n: usize,
) -> Option<(Vec<SourceCell>, usize)> {
    use std::str::FromStr;
    let end = floor(text, (from + 80).min(text.len()));
    let at = from + text.get(from..end)?.find(words)? + words.len();
    // (the rest of the row's name: "上年结转资金")
    let rest = &text[at..];
    let name_len = rest.len()
        - rest
            .trim_start_matches(|c: char| crate::normalize::is_cjk(c) && !"—－".contains(c))
            .len();
    let mut pos = at + name_len;
    let mut cells = Vec::new();
    while cells.len() < n {
        let rest = &text[pos..];
        let skip = rest.len()
            - rest
                .trim_start_matches([' ', '|', ':', '：', '\u{3000}'])
                .len();
        if skip == 0 && !cells.is_empty() {
            return None;
        }
        pos += skip;
        let rest = &text[pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        if len > 0 {
            let v = Decimal::from_str(&rest[..len].replace(',', "")).ok()?;
            let scale = rest[..len].find('.').map_or(0, |d| (len - d - 1) as u32);
            cells.push(SourceCell {
                value: v,
                scale,
                span: pos..pos + len,
            });
            pos += len;
        } else if let Some(c) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '—' | '－' | '/'))
        {
            cells.push(SourceCell {
                value: Decimal::ZERO,
                scale: 0,
                span: pos..pos + c.len_utf8(),
            });
            pos += c.len_utf8();
            // "——" is one dash
            pos += text[pos..].len() - text[pos..].trim_start_matches(['—', '-']).len();
        } else {
            return None;
        }
    }
    Some((cells, pos))
}

/// The 总分 row of a score sheet with the rows above it whose 分值 and 得分 could be read.
#[derive(Debug, Clone)]
pub struct SheetTotal {
    /// The stated total 分值, when the row gives one ("总分 | 100 | 96").
    pub weight: Option<usize>,
    /// The stated total 得分.
    pub score: usize,
    /// (分值, 得分) of every row read above it, the 预算执行率 row included.
    pub rows: Vec<(usize, usize)>,
    /// Scores stated without their 分值 ("其中预算执行率得分 9.2 分、产出指标得分 45 分、效益
    /// 指标得分 27 分、满意度指标得分 9 分"), complete because they name every 一级指标.
    pub named_scores: Vec<usize>,
}

/// Is the text between two cells only separators, an operator or a short unit cell?
fn gap_ok(g: &str) -> bool {
    let rest: String = g
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '|' && *c != '\u{3000}')
        .collect();
    // (a row label between them starts another row: "10.0 | 总分 | 99.44")
    rest.chars().count() <= 2
        && !rest.chars().any(|c| c.is_ascii_digit())
        && !["总分", "合计", "总计", "小计", "得分", "分值"].contains(&rest.as_str())
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

/// The 总分 rows of the text, each with the (分值, 得分) pairs of the sheet above it: the
/// indicator rows and 预算执行率 rows already read, and every other pair of cells that ends
/// a row (a whole 分值 of at most 100, then a 得分 no larger, then the end of the line or a
/// last cell) — the rows with worded targets ("显著提升 显著提升 30 30").
pub fn sheet_totals(
    text: &str,
    ex: &Extracted,
    rows: &[ScoreRow],
    budgets: &[BudgetRow],
) -> Vec<SheetTotal> {
    let qs = &ex.quantities;
    let gap = |a: usize, b: usize| text.get(qs[a].span.end..qs[b].span.start).unwrap_or("x");
    let plain = |i: usize| matches!(qs[i].unit, Unit::Plain | Unit::Count) && !qs[i].approx;
    let mut out = Vec::new();
    let mut sheet_start = 0usize; // first quantity after the previous total
    let mut prev_end = 0usize; // byte position after the previous total
    let mut from = 0;
    while let Some(h) = text[from..].find("总分") {
        let at = from + h + "总分".len();
        from = at;
        // the sheet: from its first 分值 header after the previous total, within 40 lines
        // (200 when the sheet is flattened one cell per line)
        let cells = text[..at]
            .lines()
            .rev()
            .take(40)
            .filter(|l| is_cell_line(l))
            .count();
        let reach = if cells >= 30 { 200 } else { 40 };
        let back = text[..at]
            .char_indices()
            .rev()
            .filter(|&(i, c)| c == '\n' && !text[i + 1..].starts_with('\n'))
            .nth(reach)
            .map_or(0, |(i, _)| i);
        let window_start = back.max(prev_end.min(at));
        let Some(hdr) = text[window_start..at]
            .find("分值")
            .map(|i| window_start + i)
        else {
            continue;
        };
        let first = qs.partition_point(|q| q.span.start < hdr).max(sheet_start);
        let Some(t0) = (first..qs.len()).find(|&i| qs[i].span.start >= at) else {
            continue;
        };
        // "总分 | 100 | 96" (分值 and 得分) or "总分 94" / "自评总分(分)97.6"
        let lead = text.get(at..qs[t0].span.start).unwrap_or("x");
        if lead
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '|' | '（' | '）' | '分' | ':' | '：'))
            .count()
            > 0
            || !plain(t0)
        {
            continue;
        }
        let second =
            (t0 + 1 < qs.len() && plain(t0 + 1) && gap_ok(gap(t0, t0 + 1))).then_some(t0 + 1);
        let (weight, score) = match second {
            Some(t1) if qs[t0].value >= qs[t1].value => (Some(t0), t1),
            _ => (None, t0),
        };
        // the rows between the header and the total
        let in_sheet = |i: usize| i >= first && i < t0;
        let mut pairs: Vec<(usize, usize)> = rows
            .iter()
            .filter(|r| in_sheet(r.weight))
            .map(|r| (r.weight, r.score))
            .chain(
                budgets
                    .iter()
                    .filter(|b| in_sheet(b.weight))
                    .map(|b| (b.weight, b.score)),
            )
            .collect();
        let taken: std::collections::HashSet<usize> =
            pairs.iter().flat_map(|&(w, s)| [w, s]).collect();
        for w in first..t0.saturating_sub(1) {
            let sc = w + 1;
            if taken.contains(&w) || taken.contains(&sc) || !plain(w) || !plain(sc) {
                continue;
            }
            if !gap_ok(gap(w, sc)) || !whole(qs[w].value) || qs[w].value > Decimal::ONE_HUNDRED {
                continue;
            }
            if qs[w].value < Decimal::ONE || qs[sc].value > qs[w].value || qs[sc].scale > 2 {
                continue;
            }
            // the pair ends its row and has the row's words before it: no figure cell right
            // after it (the next row's words, a last cell such as "是", or the end), and
            // none right before it (a target and a completion are read as indicator rows)
            let ends_row = sc + 1 >= qs.len()
                || sc + 1 >= t0
                || !gap_ok(gap(sc, sc + 1))
                || text
                    .get(qs[sc].span.end..qs[sc + 1].span.start)
                    .is_some_and(|g| g.contains('\n'));
            let before_ok = w == first || !gap_ok(gap(w - 1, w)) || !plain(w - 1);
            if ends_row && before_ok {
                pairs.push((w, sc));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        sheet_start = t0 + 1;
        prev_end = qs[score].span.end;
        out.push(SheetTotal {
            weight,
            score,
            rows: pairs,
            named_scores: Vec::new(),
        });
    }
    out
}

/// A self-evaluation's total written in prose with its parts: "自评总分 98.3 分。其中预算
/// 执行率 10 分得 10 分，产出指标 50 分得 48.2 分，…" — each part a 分值 then its 得分, in
/// the total's paragraph or the one after.
pub fn prose_scores(text: &str, ex: &Extracted) -> Vec<SheetTotal> {
    let qs = &ex.quantities;
    let gap = |a: usize, b: usize| text.get(qs[a].span.end..qs[b].span.start).unwrap_or("x");
    let points = |i: usize| {
        qs[i].unit == Unit::Plain
            && !qs[i].approx
            && text
                .get(qs[i].span.end..)
                .is_some_and(|t| t.starts_with('分'))
    };
    let mut out = Vec::new();
    for (t, q) in qs.iter().enumerate() {
        let l = q.raw_label.trim_end_matches(['为', '是', '：', ' ']);
        if !points(t)
            || !["总分", "总得分", "自评得分", "综合得分", "评价得分"]
                .iter()
                .any(|w| l.ends_with(w))
        {
            continue;
        }
        let mut rows = Vec::new();
        let mut i = t + 1;
        while i + 1 < qs.len() && qs[i + 1].paragraph <= q.paragraph + 1 {
            let g = gap(i, i + 1);
            let g = g.strip_prefix('分').unwrap_or("x");
            let g = g.trim_start_matches(['，', ',', ' ']);
            let g = g.strip_prefix("实际").unwrap_or(g);
            let pair = matches!(g, "得" | "得分" | "得分为" | "，得" | "得分：")
                && points(i)
                && points(i + 1)
                && whole(qs[i].value)
                && qs[i].value <= Decimal::ONE_HUNDRED;
            if pair {
                rows.push((i, i + 1));
                i += 2;
            } else {
                i += 1;
            }
        }
        // or scores alone, one per 一级指标 ("产出指标得分 45 分"), all of them named
        let mut named = Vec::new();
        if rows.is_empty() {
            let mut i = t + 1;
            // (the 一级指标 only, up to the next total)
            let first_level = ["预算执行率", "产出", "效益", "满意度"];
            while i < qs.len() && qs[i].paragraph <= q.paragraph + 1 && named.len() < 8 {
                let l = qs[i].raw_label.trim_end_matches(['为', '：', ' ']);
                let totalish = ["总分", "总得分", "自评得分", "综合得分", "评价得分"]
                    .iter()
                    .any(|w| l.ends_with(w));
                if !points(i) {
                    i += 1;
                    continue;
                }
                if totalish || !l.ends_with("得分") {
                    break;
                }
                if first_level.iter().any(|w| l.contains(w)) {
                    named.push(i);
                }
                i += 1;
            }
            let covers = |w: &str| named.iter().any(|&k| qs[k].raw_label.contains(w));
            if !(covers("产出") && covers("效益") && covers("满意度")) {
                named.clear();
            }
        }
        if rows.len() >= 2 || named.len() >= 3 {
            out.push(SheetTotal {
                weight: None,
                score: t,
                rows,
                named_scores: named,
            });
        }
    }
    out
}

/// Is a line one cell of a table flattened one cell per line ("43.2", "全年 |", "分值")?
fn is_cell_line(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '\u{3000}');
    t.chars().count() <= 16 && !t.contains(['。', '；', ';'])
}

/// The stretches a sheet is read from: each line, except that a run of three or more
/// one-cell lines is one stretch (a table flattened one cell per line reads as the same
/// stream of cells as one flattened into a single line).
fn stretches(text: &str, ex: &Extracted) -> Vec<std::ops::Range<usize>> {
    let ps = &ex.paragraphs;
    let mut out = Vec::new();
    let mut p = 0;
    while p < ps.len() {
        let mut q = p;
        while q < ps.len() && is_cell_line(&text[ps[q].clone()]) {
            q += 1;
        }
        if q - p >= 3 {
            out.push(p..q);
            p = q;
        } else {
            out.push(p..p + 1);
            p += 1;
        }
    }
    out
}

pub fn read(text: &str, ex: &Extracted) -> (Vec<ScoreRow>, Vec<BudgetRow>) {
    let mut rows = Vec::new();
    let mut budgets = Vec::new();
    let mut last_sheet: Option<usize> = None;
    for (k, ps) in stretches(text, ex).into_iter().enumerate() {
        let pr = ex.paragraphs[ps.start].start..ex.paragraphs[ps.end - 1].end;
        let par = &text[pr.clone()];
        if par.contains("得分") || par.contains("分值") {
            last_sheet = Some(k);
        }
        // a sheet's rows may be lines of their own below the header
        if last_sheet.is_none_or(|l| k - l > 8) {
            continue;
        }
        let idx: Vec<usize> = ex.quantities_in(ps.clone()).collect();
        if idx.len() < 3 {
            continue;
        }
        score_rows(text, ex, &idx, &mut rows);
        // the 其中 当年财政拨款 row may be the next line
        let with_next: Vec<usize> = ex.quantities_in(ps.start..ps.end + 1).collect();
        budget_rows(text, ex, pr, &idx, &with_next, &mut budgets);
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
        // (or two plain numbers each followed by the same unit word: "≥3年 3年 10 12")
        let unit_word = |x: usize, y: usize| {
            gap(x, y).trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '\u{3000}')
        };
        let comparable = (t_pct && a_pct)
            || (qs[t].unit == qs[a].unit
                && qs[t].unit != Unit::Plain
                && qs[t].measure == qs[a].measure)
            || (qs[t].unit == Unit::Plain
                && qs[a].unit == Unit::Plain
                && !unit_word(t, a).is_empty()
                && unit_word(t, a) == unit_word(a, w))
            // ("≧ | 1000 | 人 | 1032人": the target's unit in a cell of its own)
            || (qs[t].unit == Unit::Plain
                && qs[a].unit == Unit::Count
                && !qs[a].measure.is_empty()
                && unit_word(t, a) == qs[a].measure);
        let before = if k == 0 {
            let lead = &text[..qs[t].span.start];
            let from = lead.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
            &lead[from..]
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
    with_next: &[usize],
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
    // header: [全年]预算数 … [全年]执行数 … 分值 (权重) … 得分 within a short stretch, its
    // cells on one line or one per line
    let mut from = 0;
    while let Some(h) = par[from..].find("执行数") {
        let hs = from + h;
        from = hs + "执行数".len();
        let back = floor(par, hs.saturating_sub(60));
        if !par[back..hs].contains("预算") {
            continue;
        }
        let win_end = floor(par, (hs + 150).min(par.len()));
        let win = &par[hs..win_end];
        let Some(f) = win.find("得分") else {
            continue;
        };
        if !(win[..f].contains("分值") || win[..f].contains("权重")) {
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
        if lead
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '|')
            .count()
            > 12
        {
            continue;
        }
        let mut chain = chain_from(first);
        let pct = chain.iter().position(|&i| qs[i].unit == Unit::Percent);
        // six cells without a rate whose last is no score (the next row's first cell,
        // "… 215,457.6 10 8.62 250000.00 …"): the row is the five before it
        if pct.is_none() && chain.len() == 6 && qs[chain[5]].value > Decimal::ONE_HUNDRED {
            chain.truncate(5);
        }
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
        let tail_end = floor(text, (after_last + 60).min(text.len()));
        let tail = &text[after_last..tail_end];
        let mut own = Vec::new();
        if let Some(o) = tail.find("财政拨款") {
            let at = after_last + o + "财政拨款".len();
            if let Some(j) = with_next.iter().position(|&i| qs[i].span.start >= at) {
                let lead = text.get(at..qs[with_next[j]].span.start).unwrap_or("x");
                if lead.chars().count() <= 4 {
                    own = vec![with_next[j]];
                    for k in j + 1..with_next.len() {
                        if own.len() >= 3 || !gap_ok(gap(with_next[k - 1], with_next[k])) {
                            break;
                        }
                        own.push(with_next[k]);
                    }
                    own.truncate(if initial.is_some() { 3 } else { 2 });
                }
            }
        }
        let total_cells: Vec<usize> = initial.into_iter().chain([budget, executed]).collect();
        // the 上年结转资金 and 其他资金 rows after it: one cell per column of the total, a
        // dash or "—" standing for nothing
        let own_end = own.last().map_or(after_last, |&o| qs[o].span.end);
        let carried = source_cells(text, "上年结转", own_end, total_cells.len());
        let other = carried
            .as_ref()
            .and_then(|c| source_cells(text, "其他资金", c.1, total_cells.len()));
        let sources = (
            carried.map(|c| c.0).unwrap_or_default(),
            other.map(|c| c.0).unwrap_or_default(),
        );
        // no rate among the row's cells: the first rate after them, before the indicator
        // table starts, is the 执行率 the flattening moved away
        let (rate, rate_displaced) = match rate {
            Some(r) => (Some(r), false),
            None => {
                let stop = text[after_last..pr.end]
                    .find("指标值")
                    .map_or(pr.end, |i| after_last + i)
                    .min(floor(text, after_last + 600));
                let moved = idx.iter().copied().find(|&i| {
                    qs[i].span.start > after_last
                        && qs[i].span.start < stop
                        && qs[i].unit == Unit::Percent
                });
                (moved, moved.is_some())
            }
        };
        out.push(BudgetRow {
            initial,
            budget: Some(budget),
            executed: Some(executed),
            weight,
            rate,
            score,
            own_funds: own,
            sources,
            total_cells,
            rate_displaced,
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
            sources: (Vec::new(), Vec::new()),
            total_cells: Vec::new(),
            rate_displaced: false,
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
