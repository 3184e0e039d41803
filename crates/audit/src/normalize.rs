//! Normalisation that keeps positions (保留位置的文本规整).
//!
//! Report text arrives with PDF line breaks in the middle of sentences and numbers, blank
//! lines between every line, page-break artefacts, full-width digits and punctuation and
//! spaces around numbers. [`normalize`] turns it into one paragraph per line, with
//! sentence-internal line breaks removed, full-width ASCII folded, Chinese punctuation
//! unified and spaces next to Chinese characters dropped, and keeps an [`OffsetMap`] from
//! every byte of the normalised text back to the original text, so a diagnostic found in
//! the normalised text underlines the original characters.
//!
//! Architecture invariant: the map is exact at character boundaries; nothing is ever
//! inserted into the normalised text that has no original position (a joining space or a
//! paragraph break maps to the whitespace it replaced).

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// Normalised text plus its map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// One paragraph per line, separated by `\n`.
    pub text: String,
    map: OffsetMap,
}

/// Map from normalised byte offsets to original byte offsets.
///
/// Stored as segments `(norm_start, orig_start)` inside which the two advance together,
/// so memory grows with the number of edits, not with the text.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segs: Vec<(usize, usize)>,
}

impl OffsetMap {
    fn push(&mut self, norm: usize, orig: usize) {
        if let Some(&(n, o)) = self.segs.last() {
            if norm >= n && orig >= o && norm - n == orig - o {
                return;
            }
            if n == norm {
                self.segs.pop();
            }
        }
        self.segs.push((norm, orig));
    }

    /// Original offset of the normalised offset `norm`.
    pub fn to_orig(&self, norm: usize) -> usize {
        let i = self.segs.partition_point(|&(n, _)| n <= norm);
        if i == 0 {
            return norm;
        }
        let (n, o) = self.segs[i - 1];
        o + (norm - n)
    }

    /// Number of segments (for memory accounting in tests and benchmarks).
    pub fn len(&self) -> usize {
        self.segs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }
}

impl Normalized {
    /// Original byte range of the normalised range `r`, given the original text.
    ///
    /// The end is mapped through the last character of the range, so a folded character
    /// (a full-width digit) is covered whole.
    pub fn to_orig(&self, original: &str, r: Range<usize>) -> Range<usize> {
        let start = self.map.to_orig(r.start).min(original.len());
        if r.end <= r.start {
            return start..start;
        }
        let last = prev_char_start(&self.text, r.end);
        let o = self.map.to_orig(last).min(original.len());
        let o = floor_char_boundary(original, o);
        let len = original[o..].chars().next().map_or(0, char::len_utf8);
        let end = (o + len).max(start);
        start..end
    }

    pub fn map(&self) -> &OffsetMap {
        &self.map
    }
}

fn prev_char_start(s: &str, end: usize) -> usize {
    let mut i = end.min(s.len()).saturating_sub(1);
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Is `c` a CJK ideograph or CJK/full-width punctuation (something spaces are not
/// written around)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x2018..=0x201F | 0x2460..=0x24FF | 0x2014 | 0x2026
        | 0x20000..=0x2FFFF)
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\u{a0}' | '\u{3000}' | '\u{feff}' | '\u{200b}' | '\u{0c}' | '\u{0b}'
    )
}

/// Sentence-final punctuation: a line ending with one ends a paragraph.
fn ends_paragraph(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// A page-number line such as "— 1 —", "- 12 -" or "第 3 页".
fn is_page_artefact(line: &str) -> bool {
    // page numbers are short; running text is not looked at character by character
    if line.len() > 48 {
        return false;
    }
    let t: String = line.chars().filter(|c| !is_space(*c)).collect();
    if t.is_empty() {
        return true;
    }
    let dashes = |c: char| matches!(c, '—' | '-' | '－' | '–' | '―');
    let core = t.trim_matches(dashes);
    if core.len() < t.len() && !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // "第 3 页", "第 3 页 共 9 页", "共 9 页 第 3 页", "第 3 页/共 9 页"
    let page = |s: &str, lead: char| {
        s.strip_prefix(lead)
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut cut = t
        .split_inclusive('页')
        .map(|p| p.trim_matches(['/', '，', ',']));
    match (cut.next(), cut.next(), cut.next()) {
        (Some(a), None, _) => page(a, '第'),
        (Some(a), Some(b), None) => {
            (page(a, '第') && page(b, '共')) || (page(a, '共') && page(b, '第'))
        }
        _ => false,
    }
}

/// Running headers: a short line repeated word for word elsewhere in the text (the title a
/// PDF prints at the top of each page), standing between two lines of a broken sentence.
/// Headings are not running headers, nor is a line where a sentence ends before it.
fn drop_running_headers(original: &str, lines: &mut Vec<Line>) {
    let text = |l: &Line| &original[l.range.clone()];
    // (a title: long enough, naming a year and a kind of document — not a cell such as 分值
    // or 预算数 that a sheet repeats)
    let title_like = |t: &str| {
        let n = t.chars().count();
        (8..=40).contains(&n)
            && t.contains('年')
            && ["决算", "预算", "报告", "说明", "自评表", "情况"]
                .iter()
                .any(|w| t.contains(w))
            && !t.contains(['。', '，', '；', '：', ',', ';', ':', '|'])
            && !starts_with_marker(t)
    };
    let titles: Vec<bool> = lines.iter().map(|l| title_like(text(l))).collect();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (l, _) in lines.iter().zip(&titles).filter(|(_, &t)| t) {
        *seen.entry(text(l)).or_default() += 1;
    }
    if !seen.values().any(|&n| n >= 2) {
        return;
    }
    let mut keep = vec![true; lines.len()];
    for k in 1..lines.len().saturating_sub(1) {
        let t = text(&lines[k]);
        if !titles[k] || seen.get(t).is_none_or(|&n| n < 2) {
            continue;
        }
        let prev = text(&lines[k - 1]);
        let next = text(&lines[k + 1]);
        let sentence_ended = prev.chars().next_back().is_some_and(ends_paragraph);
        let heading_before = starts_with_marker(prev) && prev.chars().count() <= 30;
        let broken = keep[k - 1] && !sentence_ended && !starts_with_marker(next) && !heading_before;
        if broken {
            keep[k] = false;
            lines[k - 1].after_break = true;
        }
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// Does this (trimmed) line start with a heading or list marker (一、 （一） 1. （1） ①)?
pub fn starts_with_marker(line: &str) -> bool {
    crate::extract::structure::parse_marker(line).is_some() || starts_with_enum_word(line)
}

/// Does the line open with an enumerator word "一是", "二是" … "十是" (each item on a line of
/// its own in the PDF)?
pub(crate) fn starts_with_enum_word(line: &str) -> bool {
    let mut cs = line.chars();
    matches!(
        cs.next(),
        Some('一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
    ) && cs.next() == Some('是')
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                usize::from(!c.is_ascii_control())
            } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                c.width().unwrap_or(0)
            }
        })
        .sum()
}

struct Line {
    range: Range<usize>,
    /// Display width (CJK characters count 2).
    width: usize,
    /// A page number or running header was dropped just before this line.
    after_break: bool,
}

/// Normalise `original` (see the module docs).
pub fn normalize(original: &str) -> Normalized {
    // 1. Lines, trimmed, without blank lines and page artefacts.
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    let push_line = |start: usize, end: usize, lines: &mut Vec<Line>| {
        let raw = &original[start..end];
        let l = raw.trim_start_matches(is_space);
        let ls = start + (raw.len() - l.len());
        let l = l.trim_end_matches(is_space);
        if is_page_artefact(l) && !l.is_empty() {
            if let Some(last) = lines.last_mut() {
                last.after_break = true;
            }
        } else if !l.is_empty() {
            lines.push(Line {
                range: ls..ls + l.len(),
                width: display_width(l),
                after_break: false,
            });
        }
    };
    for (i, c) in original.char_indices() {
        if matches!(c, '\n' | '\u{2028}' | '\u{2029}') {
            push_line(start, i, &mut lines);
            start = i + c.len_utf8();
        }
    }
    push_line(start, original.len(), &mut lines);
    drop_running_headers(original, &mut lines);

    // 2. Typical width of a full line of running text.
    let mut widths: Vec<usize> = lines.iter().map(|l| l.width).filter(|w| *w >= 16).collect();
    widths.sort_unstable();
    let typical = if widths.len() >= 5 {
        widths[widths.len() * 3 / 4]
    } else {
        widths.last().copied().unwrap_or(usize::MAX)
    };

    let mut out = Normalized {
        text: String::with_capacity(original.len()),
        map: OffsetMap::default(),
    };
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            let prev = &lines[k - 1];
            let ptext = &original[prev.range.clone()];
            let ntext = &original[line.range.clone()];
            let last = ptext.chars().next_back().unwrap_or(' ');
            let first = ntext.chars().next().unwrap_or(' ');
            let full = typical != usize::MAX && prev.width * 10 >= typical * 7;
            let split_number = last.is_ascii_digit() && first.is_ascii_digit() && !has_cjk(ptext);
            // a line that stops at a comma goes on, however short ("…科目 850088.3 元，⏎占…")
            let mid_clause = matches!(last, '，' | ',' | '、');
            // a page break inside a sentence ("…增长⏎第 3 页⏎〈running title〉⏎10.68%。")
            let across_page =
                prev.after_break && (last == '，' || ('\u{4e00}'..='\u{9fff}').contains(&last));
            // a numbered heading ("一、收入支出决算总体情况说明": a marker, no punctuation,
            // short) is a line of its own however wide the text's lines are
            let heading = starts_with_marker(ptext)
                && ptext.chars().count() <= 30
                && !ptext.contains(['，', '。', '；', '：', ',', ';', ':']);
            // a cell of a table flattened one cell per line ("生活垃圾收运覆盖行政村数 |")
            // ends where its line does
            let cell = last == '|' && ptext.matches('|').count() == 1;
            // a row of a table printed with aligned columns (cells set apart by runs of
            // spaces or tabs) is a line of its own
            let aligned =
                |l: &str| l.contains("   ") || l.contains('\t') || l.contains("\u{3000}\u{3000}");
            let cell = cell || aligned(ptext) || aligned(ntext);
            let join = (full || mid_clause || across_page)
                && !heading
                && !cell
                && !ends_paragraph(last)
                && !starts_with_marker(ntext)
                && !split_number;
            let gap = prev.range.end;
            if !join {
                out.map.push(out.text.len(), gap);
                out.text.push('\n');
            } else if last.is_ascii_alphanumeric()
                && first.is_ascii_alphanumeric()
                && !(last.is_ascii_digit() && first.is_ascii_digit())
            {
                out.map.push(out.text.len(), gap);
                out.text.push(' ');
            }
        }
        normalize_line(original, line.range.clone(), &mut out);
    }
    out
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// Traditional characters of budget vocabulary folded to simplified ones (some published
/// disclosures are served in 繁体 or converted with pinyin notes): 預算 → 预算, 萬元 → 万元.
fn simplified(c: char) -> char {
    match c {
        '預' => '预',
        '決' => '决',
        '數' => '数',
        '萬' => '万',
        '億' => '亿',
        '總' => '总',
        '計' => '计',
        '實' => '实',
        '際' => '际',
        '財' => '财',
        '撥' => '拨',
        '費' => '费',
        '經' => '经',
        '與' => '与',
        '較' => '较',
        '減' => '减',
        '長' => '长',
        '資' => '资',
        '產' => '产',
        '務' => '务',
        '門' => '门',
        '單' => '单',
        '項' => '项',
        '採' => '采',
        '購' => '购',
        '調' => '调',
        '結' => '结',
        '轉' => '转',
        '餘' => '余',
        '額' => '额',
        '標' => '标',
        '準' => '准',
        '應' => '应',
        '達' => '达',
        '屬' => '属',
        '員' => '员',
        '辦' => '办',
        '運' => '运',
        '維' => '维',
        '護' => '护',
        '車' => '车',
        '僅' => '仅',
        '報' => '报',
        '說' => '说',
        '況' => '况',
        '佔' => '占',
        '為' => '为',
        '當' => '当',
        '這' => '这',
        '個' => '个',
        '內' => '内',
        '對' => '对',
        '發' => '发',
        '錢' => '钱',
        '業' => '业',
        '專' => '专',
        '們' => '们',
        '會' => '会',
        '議' => '议',
        '機' => '机',
        '關' => '关',
        '據' => '据',
        '開' => '开',
        '過' => '过',
        '進' => '进',
        '續' => '续',
        '於' => '于',
        '從' => '从',
        '後' => '后',
        '來' => '来',
        '將' => '将',
        '無' => '无',
        '場' => '场',
        '點' => '点',
        '線' => '线',
        '兩' => '两',
        '週' => '周',
        '圍' => '围',
        '類' => '类',
        '別' => '别',
        '醫' => '医',
        '療' => '疗',
        '險' => '险',
        '衛' => '卫',
        '體' => '体',
        '學' => '学',
        '農' => '农',
        '園' => '园',
        '環' => '环',
        '節' => '节',
        '約' => '约',
        '規' => '规',
        '劃' => '划',
        '區' => '区',
        '縣' => '县',
        '鎮' => '镇',
        '鄉' => '乡',
        '國' => '国',
        '廳' => '厅',
        '處' => '处',
        '職' => '职',
        '課' => '课',
        '組' => '组',
        '織' => '织',
        '層' => '层',
        '級' => '级',
        '獲' => '获',
        '補' => '补',
        '貼' => '贴',
        '償' => '偿',
        '債' => '债',
        '價' => '价',
        '値' => '值',
        '條' => '条',
        '權' => '权',
        '稅' => '税',
        '儲' => '储',
        '備' => '备',
        '貨' => '货',
        '幣' => '币',
        '礎' => '础',
        '設' => '设',
        '視' => '视',
        '導' => '导',
        '壓' => '压',
        '縮' => '缩',
        '嚴' => '严',
        '厲' => '厉',
        '堅' => '坚',
        '觀' => '观',
        '覽' => '览',
        '參' => '参',
        '優' => '优',
        '範' => '范',
        '歸' => '归',
        '戶' => '户',
        c => c,
    }
}

/// A pinyin note "(yù)" after a character, as text converters insert: its length in bytes.
fn pinyin_note(rest: &str) -> Option<usize> {
    let open = rest.chars().next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let body = &rest[open.len_utf8()..];
    let close = body.find([')', '）'])?;
    let inner = &body[..close];
    let n = inner.chars().count();
    let pinyin = (1..=7).contains(&n)
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || ('\u{e0}'..='\u{1dc}').contains(&c));
    let close_len = body[close..].chars().next().map_or(1, char::len_utf8);
    pinyin.then_some(open.len_utf8() + close + close_len)
}

/// Fold one character: full-width ASCII to ASCII, ASCII punctuation to the Chinese forms
/// the extractor expects; a comma or colon between two digits (1,148 and 10:30) stays.
/// Returns `None` for characters to drop.
fn fold(c: char, between_digits: bool) -> Option<char> {
    Some(match c {
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(c as u32 - 0xff00 + 0x20).unwrap_or(c)
        }
        '％' => '%',
        '．' => '.',
        '－' | '−' => '-',
        '＋' => '+',
        '＝' => '=',
        '＜' => '<',
        '＞' => '>',
        ',' | ':' if between_digits => c,
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        '\u{feff}' | '\u{200b}' | '\u{ad}' => return None,
        c if (c as u32) < 0x20 => return None,
        c => simplified(c),
    })
}

/// Is `c` a digit before folding (ASCII or full-width)?
fn is_digit_raw(c: char) -> bool {
    c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c)
}

fn normalize_line(original: &str, range: Range<usize>, out: &mut Normalized) {
    let line = &original[range.clone()];
    let mut it = line.char_indices().peekable();
    // the previous character of the line, raw (for the comma/colon rule and pinyin notes)
    let mut prev_raw = ' ';
    while let Some((off, c)) = it.next() {
        let orig = range.start + off;
        if is_space(c) {
            // A run of spaces: drop next to CJK, else keep one.
            while it.next_if(|&(_, x)| is_space(x)).is_some() {}
            let prev = out.text.chars().next_back().unwrap_or('\n');
            let next = it.peek().map_or('\n', |x| x.1);
            let next_f = fold(next, false).unwrap_or(next);
            if !(prev == '\n' || is_cjk(prev) || is_cjk(next_f) || next == '\n') {
                out.map.push(out.text.len(), orig);
                out.text.push(' ');
            }
            prev_raw = ' ';
            continue;
        }
        if matches!(c, '(' | '（') && is_cjk(prev_raw) {
            if let Some(len) = pinyin_note(&line[off..]) {
                // drop the note: skip the characters it spans
                let end = off + len;
                prev_raw = c;
                while let Some((_, x)) = it.next_if(|&(o, _)| o < end) {
                    prev_raw = x;
                }
                continue;
            }
        }
        let between_digits = matches!(c, ',' | ':')
            && is_digit_raw(prev_raw)
            && it.peek().is_some_and(|&(_, n)| is_digit_raw(n));
        let f = fold(c, between_digits);
        if let Some(f) = f {
            out.map.push(out.text.len(), orig);
            out.text.push(f);
        }
        prev_raw = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn folds_full_width_and_keeps_map() {
        let src = "实际支出　３３．４５万元，控制率９２．７１％";
        let n = normalize(src);
        assert_eq!(n.text, "实际支出33.45万元，控制率92.71%");
        let at = n.text.find("33.45").unwrap();
        let r = n.to_orig(src, at..at + 5);
        assert_eq!(&src[r], "３３．４５");
        let at = n.text.find("92.71%").unwrap();
        let r = n.to_orig(src, at..at + "92.71%".len());
        assert_eq!(&src[r], "９２．７１％");
    }

    #[test]
    fn joins_pdf_lines_but_not_paragraphs() {
        let src = "我局 2021 年年初预算为 23,260 万元，均为财政拨款支出，包括\n\n基本支出预算 2,900 万元（人员经费支出 1,148\n\n万元，日常公用经费支出1,752万元），项目支出预算20,360\n\n万元。其中三公经费年初预算为 4 万元，包括公务接待费等。\n\n（1）资金支出\n\n2021 年财政拨款支出决算数为 40,161.25 万元。其中：人员\n\n经费支出 1,136 万元。\n";
        let t = norm(src);
        assert!(
            t.contains("人员经费支出1,148万元，日常公用经费支出1,752万元）"),
            "{t}"
        );
        assert!(t.contains("项目支出预算20,360万元。"), "{t}");
        assert!(t.contains("\n（1）资金支出\n"), "{t}");
        assert!(t.contains("其中：人员经费支出1,136万元"), "{t}");
    }

    #[test]
    fn a_numbered_heading_keeps_its_line() {
        let t = "2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n2022年度收入总计1,000.00万元。\n";
        assert_eq!(
            norm(t),
            "2023年度部门决算情况说明\n一、收入支出决算总体情况说明\n2022年度收入总计1,000.00万元。"
        );
    }

    #[test]
    fn a_short_line_ending_in_a_comma_goes_on() {
        let t = norm("其中:\n(一)文化旅游体育与传媒支出类科目 850088.3 元,\n占支出总预算 78.33%,同比减少 54357.12 元,下降 6.00 %。\n(二)社会保障\n");
        assert!(t.contains("850088.3元，占支出总预算78.33%"), "{t}");
        assert!(t.contains("。\n（二）"), "{t}");
    }

    #[test]
    fn an_enumerator_word_opens_a_line() {
        let t = norm("主要做了以下工作：一是完成了全镇2020年部门预算的编制工作，及时上报县财政\n二是美丽乡村建设，完成道路硬化工作\n");
        assert!(t.contains("县财政\n二是美丽乡村建设"), "{t}");
    }

    #[test]
    fn table_cells_stay_apart() {
        let t = norm("编制数\n\n46\n\n50\n\n108.70%\n");
        assert_eq!(t, "编制数\n46\n50\n108.70%");
    }

    #[test]
    fn cells_ending_in_a_bar_stay_apart() {
        let wide = "这是一行很长的正文用来确定典型的行宽度，这是一行很长的正文用来确定典型的行宽。";
        let t = norm(&format!(
            "{wide}\n{wide}\n{wide}\n{wide}\n{wide}\n生活垃圾收运覆盖行政村数很多 |\n≥86个 |\n"
        ));
        assert!(t.ends_with("生活垃圾收运覆盖行政村数很多|\n≥86个|"), "{t}");
    }

    #[test]
    fn rows_of_an_aligned_table_stay_apart() {
        let wide = "这是一行很长的正文用来确定典型的行宽度，这是一行很长的正文用来确定典型的行宽";
        let t = norm(&format!("{wide}\n{wide}\n{wide}\n{wide}\n一、一般公共预算拨款收入  1,286.40      一、一般公共服务支出\n二、政府性基金预算拨款收入  150.00      二、文化旅游体育与传媒支出    1,176.96\n"));
        assert_eq!(t.lines().count(), 3, "{t}");
    }

    #[test]
    fn page_numbers_are_dropped() {
        let t = norm("第一段。\n— 3 —\n第二段。");
        assert_eq!(t, "第一段。\n第二段。");
        let t = norm("第一段。\n第 3 页 共 9 页\n共9页第4页\n第二段。\n第3页共9页还有字");
        assert_eq!(t, "第一段。\n第二段。\n第3页共9页还有字");
    }

    #[test]
    fn a_running_header_inside_a_broken_sentence_is_dropped() {
        let wide = "与2022年相比，收、支总计各增加412.35万元，增长";
        let t = norm(&format!(
            "某局2023年度部门决算说明\n一、收入支出决算总体情况说明\n2023年度收、支总计3,862.47万元。{wide}\n某局2023年度部门决算说明\n10.68%。主要原因是新增项目资金。\n"
        ));
        assert_eq!(
            t,
            format!("某局2023年度部门决算说明\n一、收入支出决算总体情况说明\n2023年度收、支总计3，862.47万元。{wide}10.68%。主要原因是新增项目资金。")
                .replace("3，862", "3,862")
        );
        // a page footer in a short line's sentence
        let t = norm("2023年度收、支总计3,862.47万元。\n与上年相比各增加412.35万元，增长\n第 3 页 共 9 页\n10.68%。主要原因是新增项目资金。\n");
        assert_eq!(t, "2023年度收、支总计3,862.47万元。\n与上年相比各增加412.35万元，增长10.68%。主要原因是新增项目资金。");
        // cells a sheet flattened one per line repeats are not running titles
        let t = norm("预算数\n全年\n预算数\n全年\n执行数\n分值\n");
        assert_eq!(t.matches("预算数").count(), 2, "{t}");
        assert!(t.contains("全年\n"), "{t}");
        // a title repeated after a finished sentence, or a heading, stays
        let t = norm("某局2023年度部门决算说明\n正文一句。\n某局2023年度部门决算说明\n正文二句。");
        assert_eq!(t.matches("某局2023年度部门决算说明").count(), 2, "{t}");
    }

    #[test]
    fn traditional_and_pinyin_notes() {
        let src = "完成年初預(yù)算100%,決算數(shù)大于預(yù)算數(shù)55.93萬元";
        let n = normalize(src);
        assert_eq!(n.text, "完成年初预算100%，决算数大于预算数55.93万元");
        let at = n.text.find("55.93").unwrap();
        assert_eq!(&src[n.to_orig(src, at..at + 5)], "55.93");
    }

    #[test]
    fn spaces_between_latin_kept() {
        assert_eq!(
            norm("OTN 环网 Smart  City 1304.23 2951.55"),
            "OTN环网Smart City 1304.23 2951.55"
        );
    }
}
