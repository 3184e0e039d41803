//! ## AU006 wrong-year — 年份疑似错误
//!
//! **What it finds.** A year one off the report's year (2020 or 2022 in a 2021 report)
//! written where the report's year is meant: as the time of a statement about the year's
//! work or figures ("2020 年我局牵头重点工作 7 项，均已按期完成全年任务" in a 2021
//! report), at the start of a sentence, with no word that makes another year plausible
//! (上年, 同比, 较, 比, 以来, 截至, 结转, 将, 计划…). Years in the title block are not
//! checked, nor any year the title block names (a report on 2023 execution and the 2024
//! draft speaks of both). The report year comes from `--year` or is read from the title
//! ("2021 年度部门整体绩效评价报告").
//!
//! Also left-over years in the places templates keep them:
//!
//! - a year-end a year off the document: "截至 2021 年 12 月 31 日" or "2021 年末实有在职
//!   人员" in the 2022 决算 (its stocks stand at its own year's end; two years back too),
//!   "截至 2024 年 12 月 31 日" in the 2024 预算 (compiled before that year began);
//! - a heading whose 目录 entry is the same words with the report's year ("第二部分：…2022
//!   年预算情况说明" under "第二部分：…2023 年预算情况说明" in the 目录);
//! - a sheet's year caption "（2021 年度）" under the 2023 自评表 title;
//! - a 时效 deadline before the year evaluated ("2021 年 11 月 30 日前完成资金支付" in the
//!   2022 self-evaluation);
//! - in a budget, a sentence stating the budget of the year before last.
//!
//! What the document is (预算, 决算, evaluation) is read from its first title-like line, not
//! from a breadcrumb ("财政预决算") or a fund's name ("一般公共预算…决算表"). A table's
//! column headers ("2016 年预算数 |" beside "2017 年预算数 |") are not checked.
//!
//! **Why it matters.** Reports are often written from the previous year's template; a
//! left-over year makes a statement about this year read as one about another year.
//!
//! **Example.**
//!
//! ```text
//! ①因公出国（境）费用。2020 年度因公出国（境）费 0.00 万元。
//! ```
//!
//! in the 2021 三公经费 section.
//!
//! **How to fix.** Correct the year, or say explicitly that the figure is the previous
//! year's (上年 / 2020 年同期).

use jixiao_model::Severity;

use super::Ctx;
use crate::diagnostic::Diagnostic;

const CUES: &[&str] = &[
    "上年",
    "上一年",
    "去年",
    "同比",
    "较",
    "比",
    "对比",
    "相比",
    "以来",
    "至",
    "到",
    "起",
    "截至",
    "截止",
    "之前",
    "以前",
    "前",
    "之后",
    "结转",
    "延续",
    "开始",
    "自",
    "从",
    "转列",
    "含",
    "下一",
    "明年",
    "下年",
    "将",
    "预计",
    "目标",
    "规划",
    "计划",
    "期间",
    "连续",
    "累计",
    "历年",
    "往年",
    "分别",
    "基础",
    "上期",
    "同期",
    "届",
    "原",
    "曾",
    "遗留",
    "整改",
    "年底前",
    "于",
    "发布",
    "印发",
    "出台",
    "—",
    "-",
    "～",
];

const WORK: &[&str] = &[
    "我局",
    "本局",
    "我单位",
    "本单位",
    "完成",
    "开展",
    "实现",
    "牵头",
    "推进",
];

/// Years the title block names: a report on two years ("2023 年预算执行情况和 2024 年预算
/// 草案的报告") speaks of both by design.
fn title_years(cx: &Ctx) -> Vec<u16> {
    cx.ex
        .years
        .iter()
        .filter(|y| {
            let p = cx.ex.sentences[y.sentence].paragraph;
            p < 3 && {
                let par = &cx.text[cx.ex.paragraphs[p].clone()];
                !par.contains('。') && par.chars().count() <= 80
            }
        })
        .map(|y| y.year)
        .collect()
}

/// A heading of a 决算 that names an earlier year, or of a 预算 that names a year before
/// last ("十三、关于 2020 年度预算绩效情况的说明" among the 2022 决算's "2022 年度…" parts):
/// the document's own parts are about its own year, so a left-over year in one of them is
/// the template's.
fn stale_heading(cx: &Ctx, y: &crate::extract::YearMention, report: u16, budget: bool) -> bool {
    let oldest_fitting = if budget { report - 1 } else { report };
    if y.year >= oldest_fitting {
        return false;
    }
    let s = &cx.ex.sentences[y.sentence];
    let par = &cx.text[cx.ex.paragraphs[s.paragraph].clone()];
    let Some((_, _, n)) = crate::extract::structure::parse_marker(par) else {
        return false;
    };
    let head = &par[n..];
    let offset = cx.ex.paragraphs[s.paragraph].start + n;
    // a heading (short, no sentence), the year its subject ("关于 2020 年度…")
    if head.chars().count() > 40 || head.contains(['。', '，', ',']) {
        return false;
    }
    let lead = cx.text.get(offset..y.span.start).unwrap_or("x");
    if !matches!(lead.trim(), "" | "关于" | "关" | "部门" | "本部门" | "单位") {
        return false;
    }
    let rest = &cx.text[y.span.end..offset + head.len()];
    let rest = rest.trim_start_matches(['度', ' ']);
    const SUBJECTS: &[&str] = &[
        "部门",
        "预算",
        "决算",
        "收入",
        "支出",
        "“三公”",
        "三公",
        "绩效",
        "财政拨款",
    ];
    if !SUBJECTS.iter().any(|w| rest.starts_with(w)) || CUES.iter().any(|c| head.contains(c)) {
        return false;
    }
    // the document's other parts name its own year the same way ("第三部分 2022 年度部门决算
    // 情况说明"): its headings carry years, and this one is the odd one out
    let own = format!("{report}年");
    cx.ex.paragraphs.iter().skip(3).any(|p| {
        let t = &cx.text[p.clone()];
        t.chars().count() <= 40
            && !t.contains('。')
            && t.match_indices(&own).any(|(i, _)| {
                let r = t[i + own.len()..].trim_start_matches(['度', ' ']);
                SUBJECTS.iter().any(|w| r.starts_with(w))
            })
    })
}

/// Does a heading above the mention name its year ("一、2022 年财政收入预算执行情况" over
/// "2022 年全市安排地方财政预算收入…" in a report on 2022 execution and the 2023 budget)?
/// The section is about that year.
fn named_by_heading(cx: &Ctx, y: &crate::extract::YearMention) -> bool {
    let own = format!("{}年", y.year);
    let mut h = cx.ex.section_at(y.span.start);
    let mut level = u8::MAX;
    while let Some(i) = h {
        let hd = &cx.ex.headings[i];
        if hd.level < level {
            level = hd.level;
            let line = &cx.text[cx.ex.paragraphs[hd.paragraph].clone()];
            if hd.paragraph != cx.ex.sentences[y.sentence].paragraph
                && line.chars().count() <= 60
                && line.contains(&own)
            {
                return true;
            }
        }
        h = i.checked_sub(1);
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    Budget,
    FinalAccounts,
    Evaluation,
    Other,
}

/// What the document is, read from its first title-like line (short, no sentence, not a
/// portal's navigation or index line): an evaluation of a 预算绩效 item is an evaluation,
/// "财政预决算" in a breadcrumb says nothing, and a fund's name ("一般公共预算…决算表") is
/// not the kind.
fn document_kind(cx: &Ctx) -> Document {
    let lines = cx
        .ex
        .paragraphs
        .iter()
        .take(8)
        .flat_map(|p| cx.text[p.clone()].lines());
    for line in lines.take(12) {
        let line = line.trim();
        // a corpus file's "SOURCE: … TITLE: …" head (normalised to full-width colons)
        let line = match line.find("TITLE") {
            Some(i) => line[i + "TITLE".len()..].trim_start_matches(['：', ':', ' ']),
            None => line,
        };
        if line.is_empty()
            || line.contains('。')
            || line.chars().count() > 80
            || [
                "SOURCE:",
                "http",
                ">",
                "＞",
                "当前位置",
                "索引号",
                "发布",
                "|",
                "浏览",
            ]
            .iter()
            .any(|w| line.contains(w))
        {
            continue;
        }
        // (a budget's 绩效目标 is part of the budget: "2023 年部门预算及绩效目标公开")
        let kind_word = line.contains("预算") || line.contains("决算");
        if ["评价", "自评"].iter().any(|w| line.contains(w))
            || (line.contains("绩效") && !kind_word)
        {
            return Document::Evaluation;
        }
        // a fund's name is not the kind of document ("一般公共预算财政拨款“三公”经费支出决算")
        let line = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
            .iter()
            .fold(line.to_string(), |l, w| l.replace(w, ""));
        if line.contains("决算") {
            return Document::FinalAccounts;
        }
        if line.contains("预算") {
            return Document::Budget;
        }
        if line.contains("三公") {
            return Document::FinalAccounts;
        }
    }
    Document::Other
}

/// A year-end date a year off the document: "截至 2021 年 12 月 31 日" or "2021 年末实有在职
/// 人员" in the 2022 决算 (its figures stand at its own year's end), "截至 2024 年 12 月
/// 31 日" in the 2024 预算 (compiled before that year began). A comparison ("比 2021 年末
/// 增加"), a carried balance ("2021 年末结转和结余") or a deadline ("2024 年底前") is not one.
fn stale_year_end(cx: &Ctx, y: &crate::extract::YearMention, report: u16, budget: bool) -> bool {
    // (a 决算's figures stand at its year's end; one or two years before is the template's)
    let wrong = if budget {
        y.year == report
    } else {
        y.year + 1 == report || y.year + 2 == report
    };
    if !wrong {
        return false;
    }
    let after: String = cx.text[y.span.end..]
        .chars()
        .take(14)
        .filter(|c| !c.is_whitespace())
        .collect();
    let after = after.trim_start_matches('度');
    let ends = ["12月31日", "12月底", "12月末", "末", "底"];
    let ends = if budget {
        &["12月31日", "12月底", "12月末", "末", "底", "12月"][..]
    } else {
        &ends[..]
    };
    let Some(rest) = ends.iter().find_map(|w| after.strip_prefix(w)) else {
        return false;
    };
    if ["前", "以前", "之前", "结转", "结余", "的结转", "止"]
        .iter()
        .any(|w| rest.starts_with(w))
    {
        return false;
    }
    let s = &cx.ex.sentences[y.sentence];
    let before = &cx.text[s.range.start..y.span.start];
    let clause = before
        .rfind(['，', ',', '；', ';', '：'])
        .map_or(before, |i| &before[i..]);
    if [
        "比", "较", "与", "同", "对比", "相比", "上年", "年初", "从", "自",
    ]
    .iter()
    .any(|w| clause.contains(w))
    {
        return false;
    }
    let dated = ["截至", "截止"].iter().any(|w| clause.contains(w));
    if budget {
        let sent = &cx.text[s.range.clone()];
        dated
            && !["预计", "将", "计划", "力争", "目标", "确保"]
                .iter()
                .any(|w| sent.contains(w))
    } else {
        // (a stock at that date, "2021 年末实有在职人员"; not an event, "于 2021 年底开工")
        let soon: String = rest.chars().take(12).collect();
        let stock = [
            "实有", "共有", "在职", "在编", "编制", "资产", "车辆", "保有",
        ]
        .iter()
        .any(|w| soon.contains(w));
        dated || stock
    }
}

/// The line a year mention sits on, when it is short enough to be a heading or a table of
/// contents entry (no sentence in it).
fn short_line<'a>(cx: &'a Ctx, at: usize) -> Option<(usize, &'a str)> {
    let start = cx.text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = cx.text[at..].find('\n').map_or(cx.text.len(), |i| at + i);
    let line = &cx.text[start..end];
    (line.chars().count() <= 60 && !line.contains('。')).then_some((start, line))
}

/// A heading that differs from another short line (its entry in the 目录, or the other way
/// round) only by its year, where the other names the report's year ("第二部分：…2022 年
/// 预算情况说明" under "第二部分：…2023 年预算情况说明" in the 目录 of the 2023 预算).
fn toc_twin(cx: &Ctx, y: &crate::extract::YearMention, report: u16) -> bool {
    let Some((start, line)) = short_line(cx, y.span.start) else {
        return false;
    };
    // (a numbered heading, not a table's column headers "2022 年决算数" "2023 年决算数",
    // which differ by their year by design)
    if line.trim_end().ends_with('|')
        || crate::extract::structure::parse_marker(line.trim_start()).is_none()
    {
        return false;
    }
    let at = y.span.start - start;
    if line
        .get(at..at + 4)
        .is_none_or(|d| !d.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let twin = format!("{}{report}{}", &line[..at], &line[at + 4..]);
    let twin = twin.trim();
    twin.chars().count() >= 6 && cx.text.lines().any(|l| l.trim() == twin)
}

/// A sheet's year caption alone on its line near the top ("项目支出绩效自评表⏎（2021 年度）")
/// names the year the sheet is of: one that is not the report's is a left-over.
fn sheet_year_caption(cx: &Ctx, y: &crate::extract::YearMention) -> bool {
    let Some((start, line)) = short_line(cx, y.span.start) else {
        return false;
    };
    let line_no = cx.text[..start].matches('\n').count();
    let caption = line
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    line_no < 8
        && caption.len() == y.span.len() + "度".len()
        && caption.ends_with("年度")
        && cx.text[y.span.start..].starts_with(caption)
}

/// A deadline before the year evaluated ("2021 年 11 月 30 日前完成资金支付" as the 时效
/// target of the 2022 self-evaluation): the target was copied from last year's sheet.
fn stale_deadline(cx: &Ctx, y: &crate::extract::YearMention, report: u16) -> bool {
    if y.year + 1 != report {
        return false;
    }
    let after: String = cx.text[y.span.end..]
        .chars()
        .take(16)
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut rest = after.as_str();
    for unit in ['月', '日'] {
        if let Some(i) = rest
            .find(unit)
            .filter(|&i| rest[..i].bytes().all(|b| b.is_ascii_digit()))
        {
            rest = &rest[i + unit.len_utf8()..];
        }
    }
    let rest = rest.trim_start_matches(['底', '末']);
    let rest = ["之前", "以前", "前"]
        .iter()
        .find_map(|w| rest.strip_prefix(w));
    if rest.is_none_or(|r| !r.starts_with("完成")) {
        return false;
    }
    let s = &cx.ex.sentences[y.sentence];
    let lead = &cx.text[s.range.start..y.span.start];
    let before = &lead[lead.char_indices().rev().nth(3).map_or(0, |(i, _)| i)..];
    !["已", "于", "在", "原", "计划", "上年", "去年"]
        .iter()
        .any(|w| before.contains(w))
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(report) = cx.report_year else { return };
    let declared = title_years(cx);
    let document = document_kind(cx);
    let budget = document == Document::Budget;
    // a disclosure (决算, 预算, 三公 statement) speaks of its own year throughout; an
    // evaluation report also recounts the years before
    let disclosure = matches!(document, Document::Budget | Document::FinalAccounts);
    for y in &cx.ex.years {
        // before the title's years: a budget's title names the year its dates cannot reach
        if disclosure
            && cx.ex.sentences[y.sentence].paragraph >= 3
            && stale_year_end(cx, y, report, budget)
        {
            out.push(wrong_year_end(y, report, budget));
            continue;
        }
        if y.year != report && sheet_year_caption(cx, y) {
            out.push(wrong_year(y, report));
            continue;
        }
        if y.year != report && cx.ex.sentences[y.sentence].paragraph >= 2 && toc_twin(cx, y, report)
        {
            out.push(wrong_year(y, report));
            continue;
        }
        if document == Document::Evaluation && stale_deadline(cx, y, report) {
            out.push(wrong_year(y, report));
            continue;
        }
        if declared.contains(&y.year) {
            continue;
        }
        if cx.ex.sentences[y.sentence].paragraph >= 3 && stale_heading(cx, y, report, budget) {
            out.push(wrong_year(y, report));
            continue;
        }
        let off = y.year.abs_diff(report);
        // two years back only in a disclosure, of its own figures (a budget may quote the
        // 决算 or execution of any earlier year)
        let two_back = off == 2 && y.year < report && disclosure;
        if !(off == 1 || two_back) || named_by_heading(cx, y) {
            continue;
        }
        let s = &cx.ex.sentences[y.sentence];
        // not in the title block, nor a table's column header ("2016年预算数 |" beside
        // "2017年预算数 |" in the 2017 三公 budget table)
        if s.paragraph < 3
            || short_line(cx, y.span.start).is_some_and(|(_, l)| l.trim_end().ends_with('|'))
        {
            continue;
        }
        let sent = &cx.text[s.range.clone()];
        let lead = cx.text[s.range.start..y.span.start].trim_matches([' ', '，', '\n']);
        let lead = match crate::extract::structure::parse_marker(lead) {
            Some((_, _, n)) => lead[n..].trim(),
            None => lead,
        };
        if !lead.is_empty() {
            continue;
        }
        // in a 决算 a comparison later in the sentence ("2022 年度支出 5461.93 万元，比上年减少
        // …" in the 2023 决算) compares the year's figure with the one before: it does not
        // make the year plausible (a budget, or an article, speaks of last year by design)
        let comparison = ["较", "比", "同比", "对比", "相比", "上年", "上一年", "去年"];
        // (nor in a budget a year before last stating its budget: "2023 年收支预算总额 …，比
        // 上年增加…" in the 2025 预算 is the template's; last year's outturn is not)
        let final_accounts = disclosure && !budget
            || budget
                && off == 2
                && sent.contains("预算")
                && !["决算", "执行", "完成", "实际"]
                    .iter()
                    .any(|w| sent.contains(w));
        if CUES
            .iter()
            .any(|c| !(final_accounts && comparison.contains(c)) && sent.contains(c))
        {
            continue;
        }
        // a budget starts from last year's year-end ("2019 年度末，…学校共计 8 个" in a 2020
        // 预算); a 决算 reports its own year's end
        if budget && (sent.contains('末') || sent.contains('底')) {
            continue;
        }
        if off == 2 && budget && (sent.contains("决算") || sent.contains("执行")) {
            continue;
        }
        let after = &cx.text[y.span.end..s.range.end];
        let has_figure = cx.ex.quantities_in(s.paragraph..s.paragraph + 1).any(|i| {
            cx.ex.quantities[i].sentence == y.sentence
                && cx.ex.quantities[i].span.start >= y.span.end
        });
        if !has_figure && (off == 2 || !WORK.iter().any(|w| after.contains(w))) {
            continue;
        }
        out.push(wrong_year(y, report));
    }
}

fn wrong_year(y: &crate::extract::YearMention, report: u16) -> Diagnostic {
    Diagnostic::new(
        "AU006",
        Severity::Warning,
        y.span.clone(),
        format!(
            "报告年度为 {report} 年，此处写作 {} 年，疑为年份错误",
            y.year
        ),
    )
    .expected_found(report, y.year)
    .help(format!(
        "如指 {report} 年，请更正；如确指 {} 年，请写明“上年”或对比口径",
        y.year
    ))
}

fn wrong_year_end(y: &crate::extract::YearMention, report: u16, budget: bool) -> Diagnostic {
    let (message, help) = if budget {
        (
            format!(
                "{report} 年预算编制于 {report} 年开始之前，此处写作截至 {} 年末，疑为年份错误",
                y.year
            ),
            format!(
                "预算反映的是编制时（通常为 {} 年末或之前）的情况，请核对日期",
                report - 1
            ),
        )
    } else {
        (
            format!(
                "{report} 年决算反映 {report} 年末的情况，此处写作 {} 年末，疑为沿用上年的年份",
                y.year
            ),
            format!("如指 {report} 年末，请更正；如确指上年末，请写明“上年末”"),
        )
    };
    let expected = if budget { report - 1 } else { report };
    Diagnostic::new("AU006", Severity::Warning, y.span.clone(), message)
        .expected_found(expected, y.year)
        .help(help)
}

#[cfg(test)]
mod tests {
    use crate::testing::check_year;

    #[test]
    fn year_left_over_from_last_years_report() {
        let t = "2021年度部门整体绩效评价报告\n部门名称：某局\n一、基本情况\n（2）重点工作完成率\n2020年我局牵头重点工作7项，均已按期保质保量完成全年任务。\n2021年我局完成项目48个。\n";
        check_year(
            "AU006",
            t,
            Some(2021),
            &["warning 2020年 expected=2021 found=2020"],
        );
    }

    #[test]
    fn a_heading_left_over_from_an_older_template() {
        let t = "2022年度部门决算\n某局\n目录\n第三部分2022年度部门决算情况说明\n一、收入支出决算总体情况说明\n十二、关于国有资产占用情况说明\n十三、关2020年度预算绩效情况的说明\n";
        check_year(
            "AU006",
            t,
            Some(2022),
            &["warning 2020年 expected=2022 found=2020"],
        );
        // a budget speaks of last year's execution; a heading with a comparison is fine
        let t = "2022年度部门决算\n某局\n说明\n十三、关2020年度预算绩效情况的说明\n";
        check_year("AU006", t, Some(2022), &[]);
        let t =
            "2022年部门预算\n某局\n说明\n一、2021年预算执行情况\n二、2020年以来绩效目标完成情况\n";
        check_year("AU006", t, Some(2022), &[]);
    }

    #[test]
    fn a_section_about_another_year() {
        let t = "某市人民政府网\n发布时间：2023年1月10日\n浏览次数：1\n关于2022年某市财政预算执行情况及2023年财政预算(草案)的报告\n各位代表：\n一、2022年财政收入预算执行情况\n（一）一般公共预算\n2022年全市安排地方财政预算收入760459万元。\n";
        check_year("AU006", t, Some(2023), &[]);
        let t = t.replace("一、2022年财政收入预算执行情况", "一、财政收入预算执行情况");
        check_year(
            "AU006",
            &t,
            Some(2023),
            &["warning 2022年 expected=2023 found=2022"],
        );
    }

    #[test]
    fn a_disclosure_left_over_from_two_years_before() {
        let t = "2023年度部门决算情况说明\n某局\n一、收入支出决算总体情况说明\n2021年度收入、支出决算总计1,000.00万元。\n";
        check_year(
            "AU006",
            t,
            Some(2023),
            &["warning 2021年 expected=2023 found=2021"],
        );
        // an evaluation report recounts earlier years; a budget quotes earlier outturns
        let t = "2023年度部门整体绩效评价报告\n某局\n一、基本情况\n2021年我局完成项目48个，投入资金1,000.00万元。\n";
        check_year("AU006", t, Some(2023), &[]);
        let t = "2024年部门预算说明\n某局\n一、收支预算总体情况\n2022年决算支出1,000.00万元。\n";
        check_year("AU006", t, Some(2024), &[]);
    }

    #[test]
    fn a_comparison_with_the_year_before_does_not_make_last_year_plausible_in_a_juesuan() {
        let t = "2023年度部门决算说明\n某局\n五、一般公共预算财政拨款支出决算情况说明\n2022年度一般公共预算财政拨款支出5,461.93万元，占本年支出合计的92.53%，比上年减少398.60万元。\n";
        check_year(
            "AU006",
            t,
            Some(2023),
            &["warning 2022年 expected=2023 found=2022"],
        );
        // a budget speaks of last year's execution by design
        let t = "2024年部门预算说明\n某局\n一、收支预算总体情况\n2023年支出5,461.93万元，比上年减少398.60万元。\n";
        check_year("AU006", t, Some(2024), &[]);
    }

    #[test]
    fn a_year_end_a_year_off_the_document() {
        let t = "2022年度部门决算说明\n某局\n一、部门基本情况\n本部门编制62个，2021年末实有在职人员60人，退休25人。\n（二）国有资产占用情况：截至 2021 年 12 月 31 日，本部门共有车辆3辆。\n";
        check_year(
            "AU006",
            t,
            Some(2022),
            &[
                "warning 2021年 expected=2022 found=2021",
                "warning 2021 年 expected=2022 found=2021",
            ],
        );
        // an event at last year's end is no stock of this one
        let t = "2022年度部门决算说明\n某局\n一、部门基本情况\n该项目于2021年底开工建设。\n结余主要是2021年底下达的资金。\n";
        check_year("AU006", t, Some(2022), &[]);
        // a comparison, a carried balance, the report's own year-end
        let t = "2022年度部门决算说明\n某局\n一、部门基本情况\n2022年末实有在职人员60人，比2021年末增加2人。\n年初结转和结余即2021年末结转和结余12.00万元。\n截至2022年12月31日，本部门共有车辆3辆。\n";
        check_year("AU006", t, Some(2022), &[]);
        // a budget is compiled before its year: last year's end is right, its own is not
        let t = "2024年部门预算说明\n某局\n一、国有资产占用情况\n截至2023年12月31日，本部门共有车辆4辆。\n截至2024年12月31日，本部门共有车辆4辆。\n力争到2024年底完成改造。\n";
        check_year(
            "AU006",
            t,
            Some(2024),
            &["warning 2024年 expected=2023 found=2024"],
        );
    }

    #[test]
    fn a_heading_whose_contents_entry_names_the_report_year() {
        let t = "某幼儿园2023年单位预算公开说明\n目 录\n第一部分:概况\n第二部分:某幼儿园2023年预算情况说明\n第一部分:概况\n一、主要职责\n第二部分:某幼儿园2022年预算情况说明\n一、收支预算情况说明\n2023年收支总预算351.03万元。\n";
        check_year(
            "AU006",
            t,
            Some(2023),
            &["warning 2022年 expected=2023 found=2022"],
        );
        let t = t.replace("第二部分:某幼儿园2022年", "第二部分:某幼儿园2023年");
        check_year("AU006", &t, Some(2023), &[]);
        // column headers of a table differ by their year by design
        let t = "2023年某乡人民政府决算编制说明\n某乡\n一、收支情况\n项目\n2022 年决算数\n2023 年决算数\n100\n120\n";
        check_year("AU006", t, Some(2023), &[]);
    }

    #[test]
    fn a_sheet_caption_of_another_year() {
        let t = "某局2023年农村饮水工程维修养护项目支出绩效自评表\n项目支出绩效自评表\n（2021年度）\n项目名称农村饮水工程维修养护\n";
        check_year(
            "AU006",
            t,
            Some(2023),
            &["warning 2021年 expected=2023 found=2021"],
        );
        check_year("AU006", &t.replace("2021年度", "2023年度"), Some(2023), &[]);
    }

    #[test]
    fn a_budget_stating_a_budget_two_years_back() {
        let t = "2025年部门预算公开说明\n某局\n第三部分 2025年部门预算情况说明\n一、收支预算总体情况\n2023年收支预算总额2,465.80万元，比上年增加132.60万元，增长5.68%。\n";
        check_year(
            "AU006",
            t,
            Some(2025),
            &["warning 2023年 expected=2025 found=2023"],
        );
        let t = t.replace("收支预算总额", "决算支出");
        check_year("AU006", &t, Some(2025), &[]);
    }

    #[test]
    fn a_deadline_before_the_year_evaluated() {
        let t = "2022年度项目支出绩效自评表\n项目名称：某项目\n时效指标 资金支付 2021年11月30日前完成资金支付 11月底完成 8 8\n";
        check_year(
            "AU006",
            t,
            Some(2022),
            &["warning 2021年 expected=2022 found=2021"],
        );
        // planned before the year, said so
        let t = "2022年度项目支出绩效自评报告\n某局\n一、基本情况\n按计划2021年11月30日前完成资金支付，实际于2022年3月完成。\n";
        check_year("AU006", t, Some(2022), &[]);
        // done before the year, said so
        let t = "2022年度项目支出绩效自评报告\n某局\n一、基本情况\n项目前期工作已于2021年11月30日前完成。\n";
        check_year("AU006", t, Some(2022), &[]);
    }

    #[test]
    fn a_column_header_names_last_year() {
        let t = "某局2017年“三公”经费预算情况说明\n某局\n附表：2017年“三公”经费财政拨款预算表 |\n单位:万元 |\n项 目 |\n2016年预算数 |\n2017年预算数 |\n合计 |\n38.5 |\n37 |\n";
        check_year("AU006", t, Some(2017), &[]);
    }

    #[test]
    fn comparisons_are_fine() {
        let t = "标题\n单位\n一、基本情况\n2020年同期公务用车运行费1.81万元。\n2022年将继续推进项目建设。\n实施项目共15个（含2020年转列项目5个）。\n";
        check_year("AU006", t, Some(2021), &[]);
    }
}
