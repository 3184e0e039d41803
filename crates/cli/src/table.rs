//! Plain-text tables that line up with Chinese (double-width) characters.

use unicode_width::UnicodeWidthStr;

/// Column alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Display width of a string in terminal columns (CJK characters count 2).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Pad `s` to `w` columns.
pub fn pad(s: &str, w: usize, align: Align) -> String {
    let fill = w.saturating_sub(width(s));
    match align {
        Align::Left => format!("{s}{}", " ".repeat(fill)),
        Align::Right => format!("{}{s}", " ".repeat(fill)),
    }
}

/// Render rows under a header; the last column is left unpadded (free text).
pub fn render(header: &[&str], aligns: &[Align], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let mut parts = Vec::with_capacity(n);
        for i in 0..n {
            let cell = cells.get(i).map(String::as_str).unwrap_or("");
            if i + 1 == n {
                parts.push(cell.to_string());
            } else {
                parts.push(pad(cell, widths[i], aligns[i]));
            }
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    line(&header, &mut out);
    let total: usize =
        widths.iter().take(n - 1).sum::<usize>() + 2 * (n - 1) + widths[n - 1].min(20);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for row in rows {
        line(row, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_columns_line_up() {
        let out = render(
            &["指标", "得分", "说明"],
            &[Align::Left, Align::Right, Align::Left],
            &[
                vec!["三公经费控制率".into(), "8".into(), "".into()],
                vec!["D06".into(), "10.5".into(), "扣分".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        // the score column ends at the same display column on every row
        let end = |l: &str, s: &str| width(&l[..l.find(s).expect("present") + s.len()]);
        assert_eq!(end(lines[2], "8"), end(lines[3], "10.5"));
        assert_eq!(end(lines[0], "得分"), end(lines[2], "8"));
    }
}
