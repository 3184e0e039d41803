//! Document structure: section headings and list markers (一、 （一） 1. （1） ①) at the
//! start of a paragraph, and inline enumerations (一是…二是…).

use super::number::chinese_numeral;

/// The style of a list or heading marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// 第一部分
    CnPart,
    /// 一、
    CnComma,
    /// （一）
    CnParen,
    /// 1. or 1、
    ArDot,
    /// （1）
    ArParen,
    /// ①
    Circled,
    /// 一是 (inline)
    CnShi,
}

impl Style {
    /// Nesting level: 第一部分 above 一、 above （一） above 1. above （1） above ① above 一是.
    pub fn level(self) -> u8 {
        match self {
            Style::CnPart => 0,
            Style::CnComma => 1,
            Style::CnParen => 2,
            Style::ArDot => 3,
            Style::ArParen => 4,
            Style::Circled => 5,
            Style::CnShi => 6,
        }
    }

    /// How the marker with value `n` is written (for messages).
    pub fn render(self, n: u32) -> String {
        let cn = cn_numeral(n);
        match self {
            Style::CnPart => format!("第{cn}部分"),
            Style::CnComma => format!("{cn}、"),
            Style::CnParen => format!("（{cn}）"),
            Style::ArDot => format!("{n}."),
            Style::ArParen => format!("（{n}）"),
            Style::Circled => char::from_u32(0x2460 + n.saturating_sub(1))
                .map_or(format!("({n})"), |c| c.to_string()),
            Style::CnShi => format!("{cn}是"),
        }
    }
}

/// 1 → 一, 12 → 十二.
pub fn cn_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            match n % 10 {
                0 => "",
                r => D[r as usize],
            }
        ),
        _ => n.to_string(),
    }
}

/// A marker at the start of `line`: its style, value and byte length.
pub fn parse_marker(line: &str) -> Option<(Style, u32, usize)> {
    let mut it = line.char_indices();
    let (_, c0) = it.next()?;
    if ('①'..='⑳').contains(&c0) {
        return Some((Style::Circled, c0 as u32 - '①' as u32 + 1, c0.len_utf8()));
    }
    if c0 == '（' || c0 == '(' {
        let inner_start = c0.len_utf8();
        let close = line[inner_start..]
            .char_indices()
            .take(4)
            .find(|(_, c)| *c == '）' || *c == ')')?;
        let inner = &line[inner_start..inner_start + close.0];
        let len = inner_start + close.0 + close.1.len_utf8();
        if !inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()) {
            let v = inner.parse().ok()?;
            return Some((Style::ArParen, v, len));
        }
        if let Some(v) = chinese_numeral(inner) {
            return Some((Style::CnParen, v, len));
        }
        return None;
    }
    if c0.is_ascii_digit() {
        let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() > 2 {
            return None;
        }
        let rest = &line[digits.len()..];
        let mut rc = rest.chars();
        let sep = rc.next()?;
        let after = rc.next().unwrap_or(' ');
        if (sep == '.' || sep == '、') && !after.is_ascii_digit() && after != '\n' {
            let v = digits.parse().ok()?;
            return Some((Style::ArDot, v, digits.len() + sep.len_utf8()));
        }
        return None;
    }
    // 第一部分 (the parts of a 部门决算/预算 publication)
    if let Some(rest) = line.strip_prefix('第') {
        let cn: String = rest
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .take(3)
            .collect();
        if !cn.is_empty() && rest[cn.len()..].starts_with("部分") {
            let v = chinese_numeral(&cn)?;
            return Some((Style::CnPart, v, '第'.len_utf8() + cn.len() + "部分".len()));
        }
        return None;
    }
    // 一、 十二、
    let cn: String = line
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .take(3)
        .collect();
    if !cn.is_empty() {
        let rest = &line[cn.len()..];
        if rest.starts_with('、') {
            let v = chinese_numeral(&cn)?;
            return Some((Style::CnComma, v, cn.len() + '、'.len_utf8()));
        }
    }
    None
}

/// Inline "一是 … 二是 …" markers in a paragraph: (byte offset, byte length, value).
pub fn inline_markers(text: &str) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('是') {
        // look back up to 3 numeral chars
        let before = &text[..i];
        let cn: String = before
            .chars()
            .rev()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if cn.is_empty() {
            continue;
        }
        let start = i - cn.len();
        let prev = text[..start].chars().next_back().unwrap_or('\n');
        if !matches!(
            prev,
            '\n' | '。' | '；' | '，' | '：' | '）' | '！' | '”' | ';' | ' '
        ) && start != 0
        {
            continue;
        }
        if let Some(v) = chinese_numeral(&cn) {
            out.push((start, cn.len() + '是'.len_utf8(), v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(
            parse_marker("一、部门基本情况"),
            Some((Style::CnComma, 1, 6))
        );
        assert_eq!(parse_marker("（三）2021 年"), Some((Style::CnParen, 3, 9)));
        assert_eq!(parse_marker("1.预算编制"), Some((Style::ArDot, 1, 2)));
        assert_eq!(parse_marker("1、业务工作经费"), Some((Style::ArDot, 1, 4)));
        assert_eq!(parse_marker("（2）项目"), Some((Style::ArParen, 2, 7)));
        assert_eq!(parse_marker("③公务用车"), Some((Style::Circled, 3, 3)));
        assert_eq!(parse_marker("1.5 万元"), None);
        assert_eq!(parse_marker("2021 年"), None);
        assert_eq!(parse_marker("（境）费"), None);
        assert_eq!(parse_marker("一是推出"), None);
        let t = "要求：一是建成平台；二是实行清单；统一是关键";
        let v: Vec<u32> = inline_markers(t).into_iter().map(|m| m.2).collect();
        assert_eq!(v, vec![1, 2]);
    }
}
