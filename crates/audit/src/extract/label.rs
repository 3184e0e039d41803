//! Labels (名称): the words a figure belongs to, cleaned into a comparable key.
//!
//! "我局 2021 年年初预算为 23,260 万元" → label `年初预算`, stage [`Stage::Initial`],
//! core `` (nothing but the stage: the subject is inherited from context).

use jixiao_model::Period;

/// Which column of the budget a figure belongs to (预算阶段).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// No stage word.
    None,
    /// 预算 / 计划 without saying which.
    Plan,
    /// 年初预算.
    Initial,
    /// 调整预算.
    Adjusted,
    /// 决算 / 实际.
    Final,
}

impl Stage {
    pub fn is_plan(self) -> bool {
        matches!(self, Stage::Plan | Stage::Initial | Stage::Adjusted)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::None => "",
            Stage::Plan => "预算",
            Stage::Initial => "年初预算",
            Stage::Adjusted => "调整预算",
            Stage::Final => "决算",
        }
    }
}

const LEAD: &[&str] = &[
    "其中",
    "主要包括",
    "包括",
    "包含",
    "含",
    "以及",
    "和",
    "及",
    "与",
    "另外",
    "另",
    "分别为",
    "分别",
    "共计",
    "共",
    "合计",
    "总计",
    "均为",
    "为",
    "是",
    "即",
    "我局",
    "本局",
    "我委",
    "我单位",
    "本单位",
    "本部门",
    "我部门",
    "我中心",
    "全年",
    "本年度",
    "本年",
    "当年",
    "年度",
    "全区",
    "截至",
    "截止",
    "其余",
    "剩余",
    "此外",
    "同时",
    "上述",
    "该",
    "在",
    "对",
    "从",
    "由",
    "已",
    "并",
    "，",
    "：",
    "、",
    "初",
    "末",
    "度",
    "的",
];
const TRAIL: &[&str] = &[
    "分别为",
    "分别是",
    "达到",
    "共计",
    "合计",
    "总计",
    "约为",
    "约",
    "为",
    "是",
    "达",
    "共",
    "计",
    "已",
    "有",
    "的",
    "占",
    "仅",
    "只",
    "超",
    "超过",
    "近",
    "逾",
    "至",
    "到",
    "了",
    "：",
    "，",
    "、",
    "累计",
    "总额为",
    "达到了",
    "不少于",
    "不低于",
    "高于",
    "低于",
    "突破",
    "上升至",
    "下降至",
];

/// Remove years ("2021 年", "2021 年度"), quotes, list numbers and filler around a label.
pub fn clean(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().filter(|c| *c != ' ').collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // drop years "dddd年(度)"
        if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j - i == 4 && chars.get(j) == Some(&'年') {
                i = j + 1;
                if chars.get(i) == Some(&'度') {
                    i += 1;
                }
                continue;
            }
        }
        if matches!(
            c,
            '“' | '”'
                | '‘'
                | '’'
                | '"'
                | '\''
                | '「'
                | '」'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | ' '
                | '①'
                | '②'
                | '③'
                | '④'
                | '⑤'
                | '⑥'
                | '⑦'
                | '⑧'
                | '⑨'
                | '⑩'
        ) {
            i += 1;
            continue;
        }
        s.push(c);
        i += 1;
    }
    // what is left of a list marker cut off by the number before it: "2." → ".项目支出"
    let mut t: &str = s.trim_start_matches(['.', '．', '、', ')', '）', ':', '：']);
    loop {
        let before = t.len();
        for l in LEAD {
            if let Some(x) = t.strip_prefix(l) {
                t = x;
            }
        }
        for l in TRAIL {
            if let Some(x) = t.strip_suffix(l) {
                t = x;
            }
        }
        if t.len() == before {
            break;
        }
    }
    t.to_string()
}

/// `label` with the fund names' 预算 hidden ("一般公共预算收入完成" names no plan).
fn without_fund_names(label: &str) -> std::borrow::Cow<'_, str> {
    // the four budgets' names: the fund words of `context`, ending in 预算 (made once)
    static NAMES: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
        super::context::FUNDS
            .iter()
            .map(|&(f, _)| {
                let stem = f.strip_suffix("预算").unwrap_or(f);
                (format!("{stem}预算"), format!("{stem}\u{E000}"))
            })
            .collect()
    });
    if !label.contains("预算") {
        return std::borrow::Cow::Borrowed(label);
    }
    let mut s = label.to_string();
    for (name, hidden) in NAMES.iter() {
        if s.contains(name.as_str()) {
            s = s.replace(name.as_str(), hidden);
        }
    }
    if s == label {
        return std::borrow::Cow::Borrowed(label);
    }
    std::borrow::Cow::Owned(s)
}

/// The stage the running text before a label last named (年初预算, 调整预算, 决算 /
/// 实际), for a figure whose own label names none: "批准年初一般公共预算收入 81.75 亿元 ……
/// 实际完成收入 87.43 亿元，其中：……；支出 87.43 亿元，其中本级支出 68.68 亿元".
/// A bare 预算 or 计划 sets no stage here: running text names them too often.
pub fn context_stage(before: &str) -> Stage {
    // every stage word has one of these characters
    if !before.contains(['初', '调', '决', '实', '执']) {
        return Stage::None;
    }
    let t: &str = &without_fund_names(before);
    let last = |ws: &[&str]| ws.iter().filter_map(|w| t.rfind(w)).max();
    let found = [
        (
            last(&["年初预算", "年初批复", "年初安排", "年初\u{E000}"]),
            Stage::Initial,
        ),
        (last(&["调整预算", "预算调整", "调整后"]), Stage::Adjusted),
        (last(&["决算", "实际", "执行数"]), Stage::Final),
    ];
    found
        .iter()
        .filter_map(|&(at, s)| at.map(|a| (a, s)))
        .max_by_key(|&(a, _)| a)
        .map_or(Stage::None, |(_, s)| s)
}

/// The stage a cleaned label speaks of.
pub fn stage(label: &str) -> Stage {
    let label: &str = &without_fund_names(label);
    if label.contains("年初预算")
        || label.contains("年初批复")
        || label.contains("年初安排")
        || label.contains("年初\u{E000}")
    {
        Stage::Initial
    } else if label.contains("调整预算")
        || label.contains("预算调整")
        || label.contains("调整后")
        || label.contains("调整数")
    {
        Stage::Adjusted
    } else if label.contains("决算") || label.contains("实际") || label.contains("执行数") {
        Stage::Final
    } else if label.contains("预算") || label.contains("计划") {
        Stage::Plan
    } else {
        Stage::None
    }
}

const STAGE_WORDS: &[&str] = &[
    "年初预算数",
    "年初预算",
    "调整后预算数",
    "调整后预算",
    "调整预算数",
    "调整预算",
    "预算调整数",
    "预算调整",
    "调整后",
    "调整数",
    "年初批复",
    "年初安排",
    "预算数",
    "预算",
    "决算数",
    "决算",
    "实际",
    "计划",
    "金额",
    "年初",
    "数额",
    "总额",
    "资金",
];

/// The label without stage words: what the figure is *of* (三公经费, 项目支出).
pub fn core(label: &str) -> String {
    let mut s = without_fund_names(label).into_owned();
    for w in STAGE_WORDS {
        if s.contains(w) {
            s = s.replace(w, "");
        }
    }
    let s = s.replace('\u{E000}', "预算");
    let mut t: &str = &s;
    // (the last / first byte compared first: this runs for every figure, and most words
    // do not match)
    let ends = |t: &str, l: &str| t.as_bytes().last() == l.as_bytes().last();
    let starts = |t: &str, l: &str| {
        let (t, l) = (t.as_bytes(), l.as_bytes());
        let k = l.len().min(3);
        k > 0 && t.len() >= k && t[k - 1] == l[k - 1] && t[0] == l[0]
    };
    loop {
        let before = t.len();
        for l in TRAIL {
            if ends(t, l) {
                if let Some(x) = t.strip_suffix(l) {
                    t = x;
                }
            }
        }
        for l in LEAD {
            if starts(t, l) {
                if let Some(x) = t.strip_prefix(l) {
                    t = x;
                }
            }
        }
        if let Some(x) = t.strip_suffix('数') {
            t = x;
        }
        if t.len() == before {
            break;
        }
    }
    t.to_string()
}

/// A core that names nothing by itself ("支出", "", "费用") takes the sentence's subject.
pub fn is_generic(core: &str) -> bool {
    core.chars().count() <= 1
        || matches!(
            core,
            "支出"
                | "费用"
                | "收入"
                | "执行率"
                | "控制率"
                | "完成率"
                | "比例"
                | "占比"
                | "采购"
                | "经费"
                | "支出进度"
                | "进度"
                | "执行进度"
                | "余额"
        )
}

/// Normalise a key for comparison: 与/和 → 及, 费用 → 费, drop 支出 at the end.
pub fn key(core: &str) -> String {
    // each replacement only where its pattern occurs (this runs for every figure)
    fn swap(s: &mut String, from: &str, to: &str) {
        if s.contains(from) {
            *s = s.replace(from, to);
        }
    }
    let mut s = core.to_string();
    if s.contains(['与', '和']) {
        s = s.replace(['与', '和'], "及");
    }
    swap(&mut s, "费用", "费");
    swap(&mut s, "（境）", "");
    // the 三公 items' usual other names: 公车 / 车辆运行费 for 公务用车(运行)费, 运行维护费 for
    // 运行费, 经费 for 费 (因公出国（境）经费)
    if s.contains('车') {
        swap(&mut s, "公车", "公务用车");
        swap(&mut s, "车辆运行", "公务用车运行");
        swap(&mut s, "公务用车公务用车", "公务用车");
        swap(&mut s, "运行维护费", "运行费");
    }
    swap(&mut s, "经费", "费");
    if let Some(x) = s.strip_suffix("支出") {
        if x.chars().count() >= 3 {
            s = x.to_string();
        }
    }
    s
}

/// A period (第一季度, 上半年, 3 月) named in `text`, if exactly one kind is named.
pub fn period(text: &str) -> Option<Period> {
    let q = [
        ("第一季度", 1),
        ("第二季度", 2),
        ("第三季度", 3),
        ("第四季度", 4),
        ("一季度", 1),
        ("二季度", 2),
        ("三季度", 3),
        ("四季度", 4),
        ("上半年", 2),
        ("前三季度", 3),
    ];
    for (w, n) in q {
        if text.contains(w) {
            return Some(Period::Quarter(n));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        assert_eq!(clean("我局 2021 年年初预算为"), "年初预算");
        assert_eq!(
            clean("2021 年“三公”经费预算调整预算数"),
            "三公经费预算调整预算数"
        );
        assert_eq!(clean("其中：人员经费支出"), "人员经费支出");
        assert_eq!(
            clean("2021年初我局财政拨款结转和结余收入决算数为"),
            "财政拨款结转和结余收入决算数"
        );
        assert_eq!(core("三公经费预算调整预算数"), "三公经费");
        assert_eq!(core("年初预算"), "");
        assert_eq!(core("项目支出调整预算数"), "项目支出");
        assert_eq!(stage("项目支出调整预算数"), Stage::Adjusted);
        assert_eq!(stage("公务用车购置费"), Stage::None);
        assert_eq!(stage("地方一般公共预算收入完成"), Stage::None);
        assert_eq!(stage("一般公共预算财政拨款支出决算数"), Stage::Final);
        assert_eq!(core("一般公共预算支出年初预算数"), "一般公共预算支出");
        assert_eq!(key("公务用车购置与运行维护费用"), "公务用车购置及运行费");
        assert_eq!(key("公车购置及运行费"), "公务用车购置及运行费");
        assert_eq!(key("车辆运行费"), "公务用车运行费");
        assert_eq!(key("因公出国（境）经费"), "因公出国费");
    }
}
