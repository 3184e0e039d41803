//! ## AU007 count-mismatch — 所述数量与列举项数不符
//!
//! **What it finds.** A count that differs from the number of items listed for it:
//! "预算、收支、资产、采购、建设项目、合同等六大业务领域" (the items before 等 are counted;
//! more items than the count is an error, exactly one fewer a warning — "空气、水、消防等
//! 十大类" is the ordinary "and so on" and is not reported),
//! "包括以下三个方面：一是…二是…" (the 一是/二是 items after it are counted), and a count
//! elsewhere that names the same thing as a listed enumeration ("重点工作 7 项" against
//! "重点工作任务包括：一是…七是…"; matched by a shared phrase of four or more characters —
//! this cross-paragraph match is a warning).
//!
//! A count followed by all its items — "下属单位 3 个，即 A、B、C", "分别是 A、B 和 C" — must
//! equal their number exactly (an error either way); a list with 等 is never closed.
//!
//! **Why it matters.** A count that does not match its list means an item was dropped or
//! added when the text was edited, or the count was not updated.
//!
//! **Example.**
//!
//! ```text
//! 各项管理制度已涵盖到预算、收支、资产、采购、建设项目、合同等五大业务领域
//! ```
//!
//! six items, declared five.
//!
//! **How to fix.** Add the missing item or correct the count.

use jixiao_model::Severity;
use rust_decimal::prelude::ToPrimitive;

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::extract::{label, Unit};

const MEASURES: &[&str] = &["项", "个", "方面", "条", "件", "大", "类"];
const WINDOW: usize = 64 * 1024;

/// Longest common run of characters of `a` and `b`, as a slice of `a`; `row` is scratch
/// space (one row of the dynamic-programming table, reused between calls).
fn common_run<'a>(a: &'a [char], b: &[char], row: &mut Vec<usize>) -> &'a [char] {
    let mut best = (0, 0);
    row.clear();
    row.resize(b.len() + 1, 0);
    for i in 1..=a.len() {
        // walk j downwards so row[j - 1] still holds the previous row's value
        for j in (1..=b.len()).rev() {
            if a[i - 1] == b[j - 1] {
                row[j] = row[j - 1] + 1;
                if row[j] > best.0 {
                    best = (row[j], i);
                }
            } else {
                row[j] = 0;
            }
        }
    }
    &a[best.1 - best.0..best.1]
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    // "A、B、C等三项"
    for dl in &cx.ex.declared_lists {
        let q = &qs[dl.count];
        let n = q.value.to_usize().unwrap_or(0);
        let k = dl.items.len();
        // "空气、水、消防等十大类": fewer items than the count is the usual "等" (and so on);
        // one short of it is suspicious, more items than the count is wrong.
        let severity = if k > n || (dl.closed && k != n) {
            Severity::Error
        } else if k + 1 == n && k >= 3 {
            Severity::Warning
        } else {
            continue;
        };
        {
            let mut d = Diagnostic::new(
                "AU007",
                severity,
                q.span.clone(),
                format!(
                    "此处称“{}”，但{}列举了 {} 项",
                    &cx.text[q.span.clone()],
                    if dl.closed { "随后" } else { "前面" },
                    dl.items.len()
                ),
            )
            .expected_found(dl.items.len(), n);
            for (k, it) in dl.items.iter().enumerate() {
                d = d.related(
                    it.clone(),
                    format!("第 {} 项：{}", k + 1, &cx.text[it.clone()]),
                );
            }
            out.push(d.help("补全遗漏的项目，或更正数量"));
        }
    }
    // counts and inline enumerations
    let enums: Vec<(usize, Vec<char>)> = cx
        .ex
        .enumerations
        .iter()
        .enumerate()
        .filter(|(_, e)| e.markers.len() >= 2)
        .map(|(k, e)| (k, label::clean(&e.intro).chars().collect::<Vec<char>>()))
        .collect();
    let mut row = Vec::new();
    if enums.is_empty() {
        return;
    }
    for q in qs.iter() {
        if q.unit != Unit::Count || q.approx || !MEASURES.contains(&q.measure) {
            continue;
        }
        let n = q.value.to_usize().unwrap_or(0);
        if !(2..=30).contains(&n) {
            continue;
        }
        // the words around the count: its label and what follows the measure word
        let s = &cx.ex.sentences[q.sentence].range;
        let tail_end = cx.text[q.span.end..s.end]
            .find(['，', '。', '；', '：'])
            .map_or(s.end, |i| q.span.end + i);
        let ctx: Vec<char> = label::clean(&q.raw_label)
            .chars()
            .chain(cx.text[q.span.end..tail_end].chars())
            .collect();
        // lists near the count (±64 KB)
        let lo = enums.partition_point(|(k, _)| {
            cx.ex.enumerations[*k].intro_span.start + WINDOW < q.span.start
        });
        let mut matched: Vec<(usize, Severity)> = Vec::new();
        for (k, intro) in enums[lo..].iter() {
            let e = &cx.ex.enumerations[*k];
            if e.intro_span.start > q.span.start + WINDOW {
                break;
            }
            let first_marker = &cx.ex.inline[e.markers[0]].span;
            let in_intro = e.intro_span.contains(&q.span.start) && q.span.end <= first_marker.start;
            let inside = q.span.start >= e.intro_span.start && q.span.start < e.end;
            if in_intro {
                // "包括以下三个方面：一是…" — the count introduces this very list
                if cx.text[q.span.end..first_marker.start].chars().count() <= 12 {
                    matched = vec![(*k, Severity::Error)];
                    break;
                }
                continue;
            }
            if inside {
                matched.clear();
                break;
            }
            let run = common_run(&ctx, intro, &mut row);
            if run.len() >= 4 && !run.iter().any(|c| c.is_ascii()) {
                matched.push((*k, Severity::Warning));
            }
        }
        // a count matched to several lists is ambiguous
        if matched.len() != 1 {
            continue;
        }
        let (k, severity) = matched[0];
        let e = &cx.ex.enumerations[k];
        let items = e.markers.len();
        let max = e
            .markers
            .iter()
            .map(|&m| cx.ex.inline[m].value)
            .max()
            .unwrap_or(0) as usize;
        if n != items || n != max {
            out.push(
                Diagnostic::new(
                    "AU007",
                    severity,
                    q.span.clone(),
                    format!(
                        "此处称 {}，但对应的列举（一是…）有 {} 项",
                        q.display(),
                        items
                    ),
                )
                .expected_found(items, n)
                .related(e.intro_span.clone(), "列举开始于此")
                .help("补全遗漏的项目，或更正数量"),
            );
        }
    }
}

#[cfg(test)]
mod closed_tests {
    use crate::testing::check;

    #[test]
    fn a_closed_list_ended_by_a_comma() {
        let t = "（一）项目概况。项目覆盖全县6个乡镇，即：河口镇、柳林镇、石门乡、双桥乡、云台乡，新建高标准农田1.2万亩。";
        check("AU007", t, &["error 6个 expected=5 found=6"]);
        check("AU007", &t.replace("6个", "5个"), &[]);
        // names go on after a comma
        check(
            "AU007",
            "项目覆盖5个村：甲村、乙村、丙村，丁村、戊村。",
            &[],
        );
        // reasons enumerated, not names listed
        let t = "2016年“三公”经费预算较上年减少4.03亿元，主要是三个原因：一是省以下工商、质监行政管理体制由省下划市县后，省级减少较多；二是不含交通补贴；三是厉行节约。";
        check("AU007", t, &[]);
    }

    #[test]
    fn a_last_name_with_he_in_it() {
        check(
            "AU007",
            "本部门内设机构3个，分别为：办公室、财务股、政策法规和审批股。",
            &[],
        );
        check(
            "AU007",
            "本部门下属单位2个，即：县城乡规划和建设服务中心、县住房保障和房产管理中心。",
            &[],
        );
        // two names that open alike are two items
        check(
            "AU007",
            "本部门下属单位2个，分别是县教研室、县电教站和县招生办。",
            &["error 2个 expected=3 found=2"],
        );
    }

    #[test]
    fn one_off_is_no_count() {
        check(
            "AU007",
            "下降的原因主要是上年度罚没、森林植被恢复费等一次性缴库因素较多。",
            &[],
        );
    }

    #[test]
    fn the_counted_noun_between_the_count_and_its_items() {
        check(
            "AU007",
            "本部门下设3个内设机构，分别是：办公室、财务股、项目股、监督股。",
            &["error 3个 expected=4 found=3"],
        );
        check("AU007", "本单位共有下属单位2个，包括：县城市管理综合执法大队、县环境卫生服务中心、县园林绿化中心。", &["error 2个 expected=3 found=2"]);
        check(
            "AU007",
            "本部门下设4个内设机构，分别是：办公室、财务股、项目股、监督股。",
            &[],
        );
        // a list cut off with the text is not closed
        check(
            "AU007",
            "其中:临床科室38个,包括急诊科、妇科、儿科、内分泌科、普外",
            &[],
        );
    }

    #[test]
    fn count_then_items() {
        check(
            "AU007",
            "本部门下属单位3个，即县文化馆、县图书馆。",
            &["error 3个 expected=2 found=3"],
        );
        check(
            "AU007",
            "本部门下属单位3个，即县文化馆、县图书馆和县博物馆。",
            &[],
        );
        check("AU007", "本部门下属单位3个，即县文化馆、县图书馆等。", &[]);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn list_before_deng() {
        check("AU007", "各项管理制度已涵盖到预算、收支、资产、采购、建设项目、合同等六大业务领域，具体包括制度若干。", &[]);
        check(
            "AU007",
            "各项管理制度已涵盖到预算、收支、资产、采购、合同等六大业务领域。",
            &["warning 六大 expected=5 found=6"],
        );
        check(
            "AU007",
            "各项管理制度已涵盖到预算、收支、资产、采购、建设项目、合同等五大业务领域。",
            &["error 五大 expected=6 found=5"],
        );
        check("AU007", "接入了全区空气、水、消防等十大类感知设备。", &[]);
    }

    #[test]
    fn count_against_enumeration() {
        let t = "2021年，我局重点工作任务包括：一是建成平台；二是实行清单；三是探索区块链。\n（2）重点工作完成率\n2021年我局牵头重点工作3项，均已按期完成。\n";
        check("AU007", t, &[]);
        let t = "2021年，我局重点工作任务包括：一是建成平台；二是实行清单；三是探索区块链。\n（2）重点工作完成率\n2021年我局牵头重点工作4项，均已按期完成。\n";
        check("AU007", t, &["warning 4项 expected=3 found=4"]);
        check(
            "AU007",
            "主要包括以下三个方面：一是加强；二是完善。",
            &["error 三个 expected=2 found=3"],
        );
    }
}
