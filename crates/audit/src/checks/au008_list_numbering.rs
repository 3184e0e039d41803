//! ## AU008 list-numbering — 序号跳号或重复
//!
//! **What it finds.** Numbered headings and lists that skip or repeat a number: 一、 二、
//! 四、; （1） （2） （2）; 1. 3.; ① ③; and inline enumerations 一是… 二是… 四是….
//! Levels follow the official document hierarchy (一、 → （一） → 1. → （1） → ①); a
//! higher-level heading restarts the levels below it, and any list may restart at 1.
//!
//! Row labels of a flattened table (a short "二、转移性收入" line over a cell that holds
//! only a number) are not headings and are not checked.
//!
//! **Why it matters.** A skipped number usually means a paragraph was deleted or moved;
//! a repeated one, that a paragraph was copied without renumbering. Either makes
//! cross-references ("见（三）") point at the wrong place.
//!
//! **Example.**
//!
//! ```text
//! （1）资金支出 …… （2）财政资金结余结转情况 …… （4）财务合规性情况
//! ```
//!
//! **How to fix.** Renumber the list, or restore the missing item.

use jixiao_model::Severity;

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::extract::Style;

fn report(
    out: &mut Vec<Diagnostic>,
    span: std::ops::Range<usize>,
    style: Style,
    prev: u32,
    v: u32,
    prev_span: Option<std::ops::Range<usize>>,
) {
    let msg = if v == prev {
        format!("序号“{}”重复", style.render(v))
    } else if v > prev + 1 {
        format!(
            "序号从“{}”跳到“{}”，缺少“{}”",
            style.render(prev),
            style.render(v),
            style.render(prev + 1)
        )
    } else {
        format!(
            "序号“{}”出现在“{}”之后，顺序颠倒",
            style.render(v),
            style.render(prev)
        )
    };
    let mut d = Diagnostic::new("AU008", Severity::Warning, span, msg)
        .expected_found(style.render(prev + 1), style.render(v))
        .help("按顺序重新编号，或补上遗漏的部分");
    if let Some(p) = prev_span {
        d = d.related(p, format!("上一个序号“{}”", style.render(prev)));
    }
    out.push(d);
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // headings: a stack of (style, last value, span)
    let mut stack: Vec<(Style, u32, std::ops::Range<usize>)> = Vec::new();
    // a row label of a flattened table ("二、转移性收入" over a cell holding a bare number)
    // is not a section heading: two-column tables repeat their numbering
    let is_cell = |p: usize| {
        let par = cx.ex.paragraphs.get(p).map_or("", |r| &cx.text[r.clone()]);
        let next = cx
            .ex
            .paragraphs
            .get(p + 1)
            .map_or("", |r| cx.text[r.clone()].trim());
        par.chars().count() <= 14
            && !par.contains(['，', '。', '；'])
            && !next.is_empty()
            && next
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | ' '))
    };
    for h in &cx.ex.headings {
        if is_cell(h.paragraph) {
            continue;
        }
        if let Some(i) = stack.iter().position(|(s, _, _)| *s == h.style) {
            stack.truncate(i + 1);
            let (_, last, ref span) = stack[i];
            if h.value != 1 && h.value != last + 1 {
                report(
                    out,
                    h.span.clone(),
                    h.style,
                    last,
                    h.value,
                    Some(span.clone()),
                );
            }
            stack[i] = (h.style, h.value, h.span.clone());
        } else {
            // a deeper or new style; drop styles of a deeper level than this one
            let lvl = h.level;
            stack.retain(|(s, _, _)| s.level() < lvl);
            // a sub-list under a heading that starts at （二）: its first item is missing
            if h.value == 2 && h.style != Style::CnComma {
                // the first item may be written inside a line ("其中：（1）…")
                let first_inline = |from: usize| {
                    cx.text
                        .get(from..h.span.start)
                        .is_some_and(|t| t.contains(&h.style.render(1)))
                };
                if let Some((ps, pv, pspan)) = stack
                    .last()
                    .cloned()
                    .filter(|(_, _, sp)| !first_inline(sp.end))
                {
                    let msg = format!(
                        "“{}”下的列表从“{}”开始，缺少“{}”",
                        ps.render(pv),
                        h.style.render(2),
                        h.style.render(1)
                    );
                    out.push(
                        Diagnostic::new("AU008", Severity::Warning, h.span.clone(), msg)
                            .expected_found(h.style.render(1), h.style.render(2))
                            .related(pspan, format!("上级序号“{}”", ps.render(pv)))
                            .help("按顺序重新编号，或补上遗漏的部分"),
                    );
                }
            }
            stack.push((h.style, h.value, h.span.clone()));
        }
    }
    // numbered items written inside one paragraph: "职责：1.…；2.…；3.…；5.…"
    for p in &cx.ex.paragraphs {
        inline_numbering(cx.text, p.clone(), out);
    }
    // inline 一是 … N是
    for e in &cx.ex.enumerations {
        for w in e.markers.windows(2) {
            let (a, b) = (&cx.ex.inline[w[0]], &cx.ex.inline[w[1]]);
            if b.value != a.value + 1 {
                report(
                    out,
                    b.span.clone(),
                    Style::CnShi,
                    a.value,
                    b.value,
                    Some(a.span.clone()),
                );
            }
        }
    }
}

/// A numbered item: its value and the marker's span.
type Item = (u32, std::ops::Range<usize>);

/// Markers 1. / 1、 / （1） / （一） / ① that follow a clause boundary inside a paragraph
/// (not its start: that is a heading), checked in order per style when the run starts at 1
/// and has three or more items.
fn inline_numbering(text: &str, p: std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    let par = &text[p.clone()];
    let mut runs: Vec<(Style, Vec<Item>)> = Vec::new();
    for (i, c) in par.char_indices() {
        if !matches!(c, '：' | '；' | '。' | '，') {
            continue;
        }
        let at = i + c.len_utf8();
        let Some((style, v, len)) = crate::extract::structure::parse_marker(&par[at..]) else {
            continue;
        };
        if style == Style::CnComma {
            continue; // "一、" after a comma is a list of words, not a numbered item
        }
        let span = p.start + at..p.start + at + len;
        match runs.iter_mut().find(|(s, _)| *s == style) {
            Some((_, items)) => items.push((v, span)),
            None => runs.push((style, vec![(v, span)])),
        }
    }
    for (style, items) in runs {
        if items.len() < 3 || items[0].0 != 1 {
            continue;
        }
        for w in items.windows(2) {
            let ((a, ref sa), (b, ref sb)) = (w[0].clone(), w[1].clone());
            if b != a + 1 {
                report(out, sb.clone(), style, a, b, Some(sa.clone()));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn numbered_cells_of_a_flattened_table_are_not_headings() {
        let t = "某局2022年部门预算公开\n一、2022年部门收支总表\n单位：万元\n一、一般公共预算拨款收入 |\n1,652.80 |\n二、政府性基金预算拨款收入 |\n120.00 |\n一、社会保障和就业支出 |\n1,486.30 |\n二、卫生健康支出 |\n62.40 |\n三、住房保障支出 |\n104.10 |\n四、城乡社区支出 |\n120.00 |\n二、2022年部门预算情况说明\n";
        check("AU008", t, &[]);
    }

    #[test]
    fn rows_of_a_table_with_aligned_columns_are_not_headings() {
        let t = "一、部门收支总表\n单位:万元\n项目 预算数 项目 预算数\n一、一般公共预算拨款收入  1286.40      一、一般公共服务支出\n二、政府性基金预算拨款收入  150.00      二、文化旅游体育与传媒支出    1,176.96\n三、国有资本经营预算拨款收入            三、社会保障和就业支出        96.34\n                                        四、住房保障支出              52.80\n本年收入合计              1479.00      本年支出合计                  1514.20\n二、收支预算总体情况说明\n";
        check("AU008", t, &[]);
    }

    #[test]
    fn a_sheet_section_heading_that_runs_into_its_row() {
        let t = "一、基本情况 项目名称：19名百岁老人高龄津贴\n二、预算执行情况 预算安排情况（调整后） 资金到位情况 资金使用情况 12.5 12.5 12.5\n三、目标完成情况 年度预期目标 具体完成情况\n";
        check("AU008", t, &[]);
    }

    #[test]
    fn the_parts_of_a_publication() {
        let t =
            "2022年度部门决算\n第一部分 部门概况\n第二部分 2022年度部门决算表\n第四部分 名词解释\n";
        check(
            "AU008",
            t,
            &["warning 第四部分 expected=第三部分 found=第四部分"],
        );
        let t =
            "2022年度部门决算\n第一部分 部门概况\n第二部分 2022年度部门决算表\n第三部分 名词解释\n";
        check("AU008", t, &[]);
    }

    #[test]
    fn a_sub_list_that_starts_at_two() {
        check(
            "AU008",
            "三、支出预算情况\n基本支出：人员经费 100 万元。\n（二）项目支出：50 万元。\n",
            &["warning （二） expected=（一） found=（二）"],
        );
        check(
            "AU008",
            "三、支出预算情况\n（一）基本支出\n（二）项目支出\n",
            &[],
        );
    }

    #[test]
    fn numbered_items_inside_one_paragraph() {
        check(
            "AU008",
            "主要职责：1.贯彻落实党的路线方针；2.负责全县教育发展规划；3.负责教育经费管理；5.负责教师队伍建设。",
            &["warning 5. expected=4. found=5."],
        );
        check(
            "AU008",
            "工作措施：（1）加强预算管理；（2）强化绩效监控；（2）推进信息公开。",
            &["warning （2） expected=（3） found=（2）"],
        );
        check(
            "AU008",
            "主要职责：1.贯彻落实；2.负责规划；3.负责经费，增长3.5%，其中1.5万元用于培训。",
            &[],
        );
    }

    #[test]
    fn headings() {
        check("AU008", "一、基本情况\n（一）职能\n（二）工作\n1.甲\n2.乙\n（三）预算\n1.丙\n二、绩效\n（一）目标\n", &[]);
        check(
            "AU008",
            "（1）资金支出\n（2）结余\n（4）合规\n",
            &["warning （4） expected=（3） found=（4）"],
        );
        check(
            "AU008",
            "1.甲\n2.乙\n2.丙\n",
            &["warning 2. expected=3. found=2."],
        );
    }

    /// A table cell citing a section ("二、(一)1") is a reference, not a heading: regression
    /// for the generated report's 履职目标 table, whose source column starts lines with it.
    #[test]
    fn section_references_are_not_headings() {
        check(
            "AU008",
            "一、基本情况\n二、绩效\n（一）目标\n二、(一)1；二、(二)1(2)\n二、（一）1\n三、总体评价\n",
            &[],
        );
    }

    #[test]
    fn inline() {
        check(
            "AU008",
            "任务包括：一是建成平台；二是实行清单；三是探索。",
            &[],
        );
        check(
            "AU008",
            "任务包括：一是建成平台；二是实行清单；四是探索。",
            &["warning 四是 expected=三是 found=四是"],
        );
    }
}
