//! Line breaking for Chinese text with 避头尾 (kinsoku): no line starts with closing
//! punctuation (，。、；：？！）」』…) and no line ends with opening punctuation (（「『《“…).
//! Latin words and numbers ("40,161.25", "99.73%") are never split unless longer than a line.

// Geometry (points on a page, chart coordinates) is f64; money never is: values arrive as
// Decimal and become f64 only as a bar length or a position.
#![allow(clippy::float_arithmetic)]

/// Characters that may not begin a line (行首禁则).
pub const NO_START: &str = "，。、；：？！）」』】》〉”’…—～·%％,.;:?!)]}>/";
/// Characters that may not end a line (行尾禁则).
pub const NO_END: &str = "（「『【《〈“‘([{<";

/// Whether a character is set as CJK (full width) rather than Latin.
pub fn is_cjk(c: char) -> bool {
    let u = c as u32;
    (0x2E80..=0x9FFF).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || (0x20000..=0x3FFFF).contains(&u)
        || (0x2460..=0x24FF).contains(&u)
        || c == '—'
        || c == '…'
        || c == '“'
        || c == '”'
        || c == '‘'
        || c == '’'
}

/// Whether a gap (autospace, as Word and WPS add) belongs between two adjacent characters.
pub fn autospace(a: char, b: char) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric();
    let ideograph = |c: char| {
        let u = c as u32;
        (0x3400..=0x9FFF).contains(&u) || (0x20000..=0x3FFFF).contains(&u)
    };
    (ideograph(a) && latin(b)) || (latin(a) && ideograph(b))
}

/// Split text into atoms: unbreakable pieces, in order. Spaces are their own atoms.
pub fn atoms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let glue_to_prev = match (prev, out.last()) {
            (Some(p), Some(_)) => {
                let both_latin =
                    !is_cjk(p) && !is_cjk(c) && !p.is_whitespace() && !c.is_whitespace();
                both_latin || NO_START.contains(c) || NO_END.contains(p)
            }
            _ => false,
        };
        if glue_to_prev && !c.is_whitespace() {
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else {
            out.push(c.to_string());
        }
        prev = Some(c);
    }
    out
}

/// Break `text` into lines no wider than `width`; `measure` gives the width of a string
/// (including internal autospace), `gap(a, b)` the extra space between two adjacent atoms.
/// `first_indent` is taken off the first line. Returns the lines' text.
pub fn break_lines(
    text: &str,
    width: f64,
    first_indent: f64,
    measure: &dyn Fn(&str) -> f64,
    gap: &dyn Fn(char, char) -> f64,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut avail = width - first_indent;
    for atom in atoms(text) {
        let is_space = atom.chars().all(char::is_whitespace);
        if line.is_empty() && is_space {
            continue;
        }
        let w = measure(&atom);
        let g = match (line.chars().last(), atom.chars().next()) {
            (Some(a), Some(b)) => gap(a, b),
            _ => 0.0,
        };
        if line_w + g + w <= avail + 1e-6 || line.is_empty() && w <= avail {
            line.push_str(&atom);
            line_w += g + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_string());
            line = String::new();
            line_w = 0.0;
            avail = width;
            if is_space {
                continue;
            }
        }
        if w <= avail {
            line.push_str(&atom);
            line_w = w;
            continue;
        }
        // an atom wider than a line: split it by characters
        for c in atom.chars() {
            let cw = measure(&c.to_string());
            if line_w + cw > avail && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
                avail = width;
            }
            line.push(c);
            line_w += cw;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(s: &str) -> f64 {
        s.chars().map(|c| if is_cjk(c) { 1.0 } else { 0.5 }).sum()
    }
    fn no_gap(_: char, _: char) -> f64 {
        0.0
    }

    #[test]
    fn numbers_and_closing_punctuation_stay_attached() {
        let a = atoms("支出40,161.25万元，其中：（一）");
        assert!(a.contains(&"40,161.25".to_string()));
        assert!(a.contains(&"元，".to_string()));
        assert!(a.contains(&"中：".to_string()));
        assert!(a.contains(&"（一）".to_string()));
    }

    #[test]
    fn no_line_starts_with_forbidden_punctuation() {
        let text = "我局2021年年初预算为23,260万元，均为财政拨款支出，包括：基本支出预算2,900万元（人员经费支出1,148万元，日常公用经费支出1,752万元），项目支出预算20,360万元。";
        for width in 5..40 {
            let lines = break_lines(text, f64::from(width), 2.0, &measure, &no_gap);
            assert_eq!(lines.concat(), text, "width {width}: nothing lost");
            for (i, l) in lines.iter().enumerate() {
                let first = l.chars().next().unwrap_or(' ');
                let last = l.chars().last().unwrap_or(' ');
                assert!(
                    !NO_START.contains(first),
                    "width {width} line {i} starts with {first}: {l}"
                );
                assert!(
                    !NO_END.contains(last),
                    "width {width} line {i} ends with {last}: {l}"
                );
                let limit = if i == 0 {
                    f64::from(width) - 2.0
                } else {
                    f64::from(width)
                };
                assert!(
                    measure(l) <= limit + 1e-9,
                    "width {width} line {i} too wide: {l}"
                );
            }
        }
    }

    #[test]
    fn overlong_atom_is_split() {
        let hex = "0123456789abcdef".repeat(4);
        let lines = break_lines(&hex, 10.0, 0.0, &measure, &no_gap);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hex);
    }
}
