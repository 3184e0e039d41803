//! Finding quantities (数值) in normalised text: Arabic numbers with thousands separators
//! (including a full-width "，" inside a number), decimals, units (元/万元/亿元/%) and
//! measure words (个/项/家…), Chinese numerals for counts (七项, 六大), years (2021 年).

use std::str::FromStr;

use jixiao_model::MoneyUnit;
use rust_decimal::Decimal;

/// The unit a quantity was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Money(MoneyUnit),
    Percent,
    /// A count with a measure word (个, 项, 家 …).
    Count,
    /// No unit.
    Plain,
}

impl Unit {
    /// Quantities of the same dimension can be added and divided.
    pub fn dimension(self) -> u8 {
        match self {
            Unit::Money(_) => 0,
            Unit::Percent => 1,
            Unit::Count => 2,
            Unit::Plain => 3,
        }
    }
}

/// A raw number token found by [`scan`].
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range of the digits (offsets in the scanned text).
    pub num: std::ops::Range<usize>,
    /// Byte range of digits plus unit.
    pub full: std::ops::Range<usize>,
    pub value: Decimal,
    /// Decimal places as written.
    pub scale: u32,
    pub unit: Unit,
    /// Measure word of a count (个, 项 …), or the unit text.
    pub measure: &'static str,
    /// Written with 约/近/超/余/多/以上/不少于 …: not an exact figure.
    pub approx: bool,
    /// Written with Chinese numerals (七项).
    pub chinese: bool,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Quantity,
    /// "2021 年", "2021 年度": a year, not an amount.
    Year(u16),
    /// Part of a date, a version, a code, an ordinal (第 3), a range (1-2): not checked.
    Other,
}

const MEASURES: &[&str] = &[
    "平方公里",
    "平方米",
    "个百分点",
    "百分点",
    "人次",
    "户次",
    "件次",
    "公里",
    "小时",
    "方面",
    "季度",
    "个",
    "项",
    "家",
    "人",
    "台",
    "辆",
    "条",
    "次",
    "件",
    "所",
    "户",
    "篇",
    "份",
    "名",
    "批",
    "套",
    "处",
    "场",
    "类",
    "座",
    "张",
    "本",
    "宗",
    "笔",
    "部",
    "位",
    "路",
    "亩",
    "米",
    "吨",
    "天",
    "倍",
    "届",
    "岁",
    "层",
    "期",
    "间",
    "栋",
    "块",
    "只",
    "组",
    "支",
    "大",
];

const APPROX_BEFORE: &[&str] = &[
    "约",
    "近",
    "超",
    "逾",
    "超过",
    "不少于",
    "不低于",
    "至少",
    "达到",
    "突破",
    "大于",
    "小于",
    "不超过",
    "高于",
    "低于",
    "≥",
    "≤",
    ">",
    "<",
    "＞",
    "＜",
    "将近",
    "接近",
    "上千",
];
const APPROX_AFTER: &[&str] = &[
    "余", "多", "以上", "以下", "左右", "上下", "以内", "万余", "千余",
];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Value of a Chinese numeral string (一…九十九, 两), if it is one.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn is_cn_numeral_char(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Find every number token in `text` (one normalised paragraph).
pub fn scan(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map_or('\0', |x| x.1);
    let off = |i: usize| chars.get(i).map_or(text.len(), |x| x.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = at(i);
        if is_digit(c) {
            let prev = if i > 0 { at(i - 1) } else { '\0' };
            if prev.is_ascii_alphabetic() || prev == '.' || prev == '_' {
                // part of an identifier (A1, v2.0)
                while i < n && (is_digit(at(i)) || at(i) == '.') {
                    i += 1;
                }
                continue;
            }
            // a row's index glued to a year in a flattened sheet ("指标12021年11月30日前"):
            // the year is the last four digits
            if crate::normalize::is_cjk(prev)
                && (0..5).all(|k| is_digit(at(i + k)))
                && !is_digit(at(i + 5))
                && at(i + 5) == '年'
                && matches!((at(i + 1), at(i + 2)), ('2', '0') | ('1', '9'))
            {
                i += 1;
            }
            let start = i;
            let mut digits = String::new();
            let mut int_len = 0;
            while i < n && is_digit(at(i)) {
                digits.push(at(i));
                i += 1;
                int_len += 1;
            }
            // thousands groups: ",ddd" "，ddd" " ddd"
            let mut grouped = false;
            let table_row = prev == ' ' && start >= 2 && is_digit(at(start - 2));
            loop {
                let sep = at(i);
                if !matches!(sep, ',' | '，' | ' ') || (int_len > 3 && !grouped) {
                    break;
                }
                if !(1..=3).all(|k| is_digit(at(i + k))) || is_digit(at(i + 4)) {
                    break;
                }
                // (a space groups digits only before the words of a figure, "12 345 万元",
                // "共 1 300 项"; "总分 100 100" at a line's end are two cells)
                // ("2 465.80万元": decimals then a unit are one amount; "300 345.00" in a
                // table row are two cells)
                let unit_after_decimals = at(i + 4) == '.' && {
                    let mut j = i + 5;
                    while is_digit(at(j)) {
                        j += 1;
                    }
                    j > i + 5 && matches!(at(j), '万' | '元' | '亿')
                };
                if sep == ' '
                    && (table_row
                        || (at(i + 4) == '.' && !unit_after_decimals)
                        || (at(i + 4) == ' ' && is_digit(at(i + 5)))
                        || !(crate::normalize::is_cjk(at(i + 4))
                            || unit_after_decimals
                            || (at(i + 4) == ' ' && crate::normalize::is_cjk(at(i + 5)))))
                {
                    break;
                }
                for k in 1..=3 {
                    digits.push(at(i + k));
                }
                grouped = true;
                i += 4;
            }
            let mut scale = 0u32;
            if at(i) == '.' && is_digit(at(i + 1)) {
                digits.push('.');
                i += 1;
                while i < n && is_digit(at(i)) {
                    digits.push(at(i));
                    i += 1;
                    scale += 1;
                }
            }
            let num = off(start)..off(i);
            let mut kind = TokenKind::Quantity;
            // dates, versions, ranges, codes
            let next = at(i);
            if (next == '.'
                || next == '-'
                || next == '/'
                || next == ':'
                || next == '~'
                || next == '～'
                || next == '—')
                && is_digit(at(i + 1))
            {
                kind = TokenKind::Other;
            }
            // "上解上级支出-1.83亿元": a minus sign after a word, not a range "1-5月"
            let before_sign = if start >= 2 { at(start - 2) } else { '\0' };
            let negative = prev == '-'
                && !before_sign.is_ascii_alphanumeric()
                && !is_digit(before_sign)
                && !matches!(before_sign, '-' | '.' | '/' | ':' | '~' | '～');
            if (prev == '-' && !negative)
                || prev == '/'
                || prev == ':'
                || prev == '~'
                || prev == '～'
                || prev == '+'
                || prev == '×'
                || prev == '*'
            {
                kind = TokenKind::Other;
            }
            if prev == '第' || (i < n && (next == '+' || next == '×')) {
                kind = TokenKind::Other;
            }
            let value = match Decimal::from_str(&digits) {
                Ok(v) => v,
                Err(_) => {
                    continue;
                }
            };
            // unit
            let mut j = i;
            while at(j) == ' ' {
                j += 1;
            }
            let rest = &text[off(j).min(text.len())..];
            let mut unit = Unit::Plain;
            let mut measure: &'static str = "";
            let mut approx = false;
            let mut end = i;
            let mut value = value;
            if scale == 0 && int_len == 4 && !grouped && (rest.starts_with('年')) {
                let y = value.to_string().parse::<u16>().unwrap_or(0);
                if (1949..=2100).contains(&y) {
                    kind = TokenKind::Year(y);
                    end = j + 1;
                }
            }
            if matches!(kind, TokenKind::Quantity | TokenKind::Other) {
                let mut r = rest;
                let mut adv = 0usize; // chars advanced
                                      // 万/亿 multipliers of counts, 余 between
                if let Some(x) = r.strip_prefix("万元") {
                    unit = Unit::Money(MoneyUnit::WanYuan);
                    measure = "万元";
                    r = x;
                    adv += 2;
                } else if let Some(x) = r.strip_prefix("亿元") {
                    unit = Unit::Money(MoneyUnit::YiYuan);
                    measure = "亿元";
                    r = x;
                    adv += 2;
                } else if let Some(x) = r.strip_prefix('元') {
                    unit = Unit::Money(MoneyUnit::Yuan);
                    measure = "元";
                    r = x;
                    adv += 1;
                } else if let Some(x) = r.strip_prefix('%') {
                    unit = Unit::Percent;
                    measure = "%";
                    r = x;
                    adv += 1;
                } else {
                    let mut mult = Decimal::ONE;
                    let mut rr = r;
                    let mut a = 0;
                    if let Some(x) = rr.strip_prefix('万') {
                        mult = Decimal::from(10_000);
                        rr = x;
                        a += 1;
                    } else if let Some(x) = rr.strip_prefix('亿') {
                        mult = Decimal::from(100_000_000);
                        rr = x;
                        a += 1;
                    }
                    for s in APPROX_AFTER {
                        if let Some(x) = rr.strip_prefix(s) {
                            approx = true;
                            rr = x;
                            a += s.chars().count();
                            break;
                        }
                    }
                    if let Some(m) = MEASURES.iter().find(|m| rr.starts_with(**m)) {
                        unit = Unit::Count;
                        measure = m;
                        value *= mult;
                        r = &rr[m.len()..];
                        adv += a + m.chars().count();
                    } else if a > 0 && mult != Decimal::ONE {
                        unit = Unit::Count;
                        measure = "";
                        value *= mult;
                        r = rr;
                        adv += a;
                    }
                }
                for s in APPROX_AFTER {
                    if r.starts_with(s) {
                        approx = true;
                    }
                }
                end = if adv > 0 { j + adv } else { i };
                // months, days, hours: not amounts
                if unit == Unit::Plain
                    && (rest.starts_with('月') || rest.starts_with('日') || rest.starts_with("号"))
                {
                    kind = TokenKind::Other;
                }
            }
            // only an amount takes a sign
            let (num, start, value) = if negative && matches!(unit, Unit::Money(_)) {
                (off(start - 1)..num.end, start - 1, -value)
            } else {
                if negative {
                    kind = TokenKind::Other;
                }
                (num, start, value)
            };
            // approx markers before
            let before = &text[..off(start)];
            let before = before.trim_end_matches(' ');
            if APPROX_BEFORE.iter().any(|s| before.ends_with(s)) {
                approx = true;
            }
            out.push(Token {
                num,
                full: off(start)..off(end),
                value,
                scale,
                unit,
                measure,
                approx,
                chinese: false,
                kind,
            });
            i = end.max(i);
            continue;
        }
        if is_cn_numeral_char(c) {
            // Chinese numeral followed by a measure word: 七项, 六大, 三个
            let start = i;
            let mut j = i;
            while j < n && j - start < 3 && is_cn_numeral_char(at(j)) {
                j += 1;
            }
            let s = &text[off(start)..off(j)];
            let prev = if start > 0 { at(start - 1) } else { '\0' };
            let rest = &text[off(j)..];
            let m = ["项", "个", "方面", "大", "条", "类", "家", "件", "次"]
                .iter()
                .find(|m| rest.starts_with(**m));
            if let (Some(v), Some(m)) = (chinese_numeral(s), m) {
                let bad_prev = matches!(
                    prev,
                    '第' | '统'
                        | '唯'
                        | '同'
                        | '万'
                        | '之'
                        | '逐'
                        | '每'
                        | '某'
                        | '其'
                        | '这'
                        | '那'
                        | '哪'
                        | '单'
                        | '任'
                ) || is_cn_numeral_char(prev);
                // "一个" as an article is not a count
                if !(bad_prev || (v == 1 && *m == "个")) {
                    let mlen = m.chars().count();
                    out.push(Token {
                        num: off(start)..off(j),
                        full: off(start)..off(j + mlen),
                        value: Decimal::from(v),
                        scale: 0,
                        unit: Unit::Count,
                        measure: m,
                        approx: false,
                        chinese: true,
                        kind: TokenKind::Quantity,
                    });
                    i = j + mlen;
                    continue;
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(String, Unit, u32, bool)> {
        scan(text)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Quantity)
            .map(|t| (t.value.to_string(), t.unit, t.scale, t.approx))
            .collect()
    }

    #[test]
    fn negative_amounts_but_not_ranges() {
        let y = Unit::Money(MoneyUnit::YiYuan);
        assert_eq!(
            q("加上上解上级支出-1.83亿元，债务还本支出6.69亿元"),
            vec![("-1.83".into(), y, 2, false), ("6.69".into(), y, 2, false)]
        );
        // a range and a signed figure that is not an amount
        assert_eq!(
            q("1-5月支出3万元"),
            vec![("3".into(), Unit::Money(MoneyUnit::WanYuan), 0, false)]
        );
        assert_eq!(q("下降-3%"), vec![]);
    }

    #[test]
    fn money_percent_counts() {
        let w = Unit::Money(MoneyUnit::WanYuan);
        assert_eq!(
            q("基本支出预算2,900万元（人员经费支出1,148万元），执行率98.25%"),
            vec![
                ("2900".into(), w, 0, false),
                ("1148".into(), w, 0, false),
                ("98.25".into(), Unit::Percent, 2, false)
            ]
        );
        assert_eq!(
            q("账面价值51，019.77万元"),
            vec![("51019.77".into(), w, 2, false)]
        );
        assert_eq!(
            q("共 1 300 项"),
            vec![("1300".into(), Unit::Count, 0, false)]
        );
        assert_eq!(
            q("实现全区160余个业务系统"),
            vec![("160".into(), Unit::Count, 0, true)]
        );
        assert_eq!(
            q("超26万个感知设备"),
            vec![("260000".into(), Unit::Count, 0, true)]
        );
        assert_eq!(
            q("合计 1304.23 2951.55"),
            vec![
                ("1304.23".into(), Unit::Plain, 2, false),
                ("2951.55".into(), Unit::Plain, 2, false)
            ]
        );
        assert_eq!(
            q("等六大业务领域，重点工作七项"),
            vec![
                ("6".into(), Unit::Count, 0, false),
                ("7".into(), Unit::Count, 0, false)
            ]
        );
        assert_eq!(
            q("274.8亿元"),
            vec![("274.8".into(), Unit::Money(MoneyUnit::YiYuan), 1, false)]
        );
    }

    #[test]
    fn years_dates_and_codes() {
        let t = scan("2021年度，2022-04-15，OTN2，第3名，1-2小时，5月");
        assert!(matches!(t[0].kind, TokenKind::Year(2021)));
        assert!(
            t.iter().skip(1).all(|t| t.kind != TokenKind::Quantity
                || t.unit == Unit::Count && t.value.to_string() == "2"),
            "{t:?}"
        );
        let t = scan("时效指标指标12021年11月30日前完成");
        assert!(matches!(t[0].kind, TokenKind::Year(2021)), "{t:?}");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "1，",
            "，1",
            "1.",
            "9999999999999999999999999999999999",
            "1 2 3 4",
            "一",
            "十十十项",
            "1,2,3,4,5",
        ] {
            let _ = scan(s);
        }
    }
}
