//! serde's error messages → what the user should write, in Chinese and English.

/// The kind of problem and the two messages.
pub(crate) struct Explained {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
    /// Point at the key rather than the value (unknown fields).
    pub at_key: bool,
    /// For a missing field: the full path of the field that is missing.
    pub missing_path: Option<String>,
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Explain a serde error `msg` at field `path`.
pub(crate) fn explain(path: &str, msg: &str) -> Explained {
    let shown = if path.is_empty() { "（根）" } else { path };
    let shown_en = if path.is_empty() { "(root)" } else { path };
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = backticked(tail);
        let (zh, en) = match closest(name, &expected) {
            Some(s) => (
                format!("未知字段 `{shown}`，是否应为 `{s}`？"),
                format!("unknown field `{shown_en}`; did you mean `{s}`?"),
            ),
            None if expected.is_empty() => (
                format!("未知字段 `{shown}`：此处不允许任何字段"),
                format!("unknown field `{shown_en}`: no fields are allowed here"),
            ),
            None => (
                format!(
                    "未知字段 `{shown}`（此处可用的字段：{}）",
                    expected.join("、")
                ),
                format!(
                    "unknown field `{shown_en}` (fields allowed here: {})",
                    expected.join(", ")
                ),
            ),
        };
        return Explained {
            code: "unknown-field",
            zh,
            en,
            at_key: true,
            missing_path: None,
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let full = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        return Explained {
            code: "missing-field",
            zh: format!("缺少必填字段 `{full}`"),
            en: format!("missing required field `{full}`"),
            at_key: false,
            missing_path: Some(full),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = backticked(tail);
        return Explained {
            code: "unknown-variant",
            zh: format!(
                "`{shown}` 的取值「{value}」无效，应为以下之一：{}",
                expected.join("、")
            ),
            en: format!(
                "`{shown_en}`: invalid value '{value}', expected one of: {}",
                expected.join(", ")
            ),
            at_key: false,
            missing_path: None,
        };
    }
    for (prefix, code) in [
        ("invalid type: ", "invalid-type"),
        ("invalid value: ", "invalid-value"),
    ] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (found, expected) = match rest.rfind(", expected ") {
                Some(i) => (&rest[..i], &rest[i + ", expected ".len()..]),
                None => (rest, ""),
            };
            let (found_zh, found_en) = (found_zh(found), found.replace('`', ""));
            let (exp_zh, exp_en) = expected_text(expected);
            let (zh, en) = if code == "invalid-type" {
                (
                    format!("`{shown}` 的类型不对：应为{exp_zh}，实际是{found_zh}"),
                    format!("`{shown_en}`: expected {exp_en}, found {found_en}"),
                )
            } else {
                (
                    format!("`{shown}` 的值无效：{found_zh}，应为{exp_zh}"),
                    format!("`{shown_en}`: invalid value {found_en}, expected {exp_en}"),
                )
            };
            return Explained {
                code,
                zh,
                en,
                at_key: false,
                missing_path: None,
            };
        }
    }
    // Custom messages: the number parsers of jixiao-model (Chinese already).
    let kind = NumberKind::of_field(path);
    let quoted = msg
        .split_once('「')
        .and_then(|(_, r)| r.rsplit_once('」'))
        .map(|(t, _)| t);
    if let (Some(""), true) = (quoted, msg.starts_with("不是数字")) {
        return Explained {
            code: "invalid-number",
            zh: format!(
                "`{shown}` 的值为空：没有这个数就删去这一行（或保持注释），否则应为{}",
                kind.zh()
            ),
            en: format!(
                "`{shown_en}` is empty: remove the line (or leave it commented out) if there is no figure; otherwise expected {}",
                kind.en()
            ),
            at_key: false,
            missing_path: None,
        };
    }
    if let (Some(text), true) = (quoted, msg.starts_with("不是数字")) {
        return Explained {
            code: "invalid-number",
            zh: format!("`{shown}` 的值「{text}」不是数字，应为{}", kind.zh()),
            en: format!(
                "`{shown_en}`: '{text}' is not a number; expected {}",
                kind.en()
            ),
            at_key: false,
            missing_path: None,
        };
    }
    if let (Some(text), true) = (quoted, msg.starts_with("数值超出范围")) {
        return Explained {
            code: "invalid-number",
            zh: format!("`{shown}` 的值「{text}」超出可表示的范围"),
            en: format!("`{shown_en}`: '{text}' is out of range"),
            at_key: false,
            missing_path: None,
        };
    }
    if msg.starts_with("单位") {
        return Explained {
            code: "invalid-number",
            zh: format!("`{shown}`：{msg}；应为{}", kind.zh()),
            en: format!("`{shown_en}`: wrong unit ({msg}); expected {}", kind.en()),
            at_key: false,
            missing_path: None,
        };
    }
    Explained {
        code: "invalid-value",
        zh: format!("`{shown}`：{msg}"),
        en: format!("`{shown_en}`: {msg}"),
        at_key: false,
        missing_path: None,
    }
}

/// Which kind of number a field holds, from its name (for the hint in number errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberKind {
    Money,
    Percent,
    Plain,
}

impl NumberKind {
    fn of_field(path: &str) -> NumberKind {
        let leaf = path.rsplit(['.', '[']).next().unwrap_or(path);
        match leaf {
            "spent_pct" | "time_pct" | "rate" => NumberKind::Percent,
            "value" | "value_high" | "actual" | "weight" | "score" => NumberKind::Plain,
            _ => NumberKind::Money,
        }
    }

    fn zh(self) -> &'static str {
        match self {
            NumberKind::Money => "金额（万元），如 1752、\"1,752.00\" 或 \"3500 元\"",
            NumberKind::Percent => "百分比，如 26 或 \"99.73%\"",
            NumberKind::Plain => "数值，如 30 或 \"1.5\"",
        }
    }

    fn en(self) -> &'static str {
        match self {
            NumberKind::Money => {
                "an amount in 万元 (ten thousand yuan), e.g. 1752, \"1,752.00\" or \"3500 元\""
            }
            NumberKind::Percent => "a percentage, e.g. 26 or \"99.73%\"",
            NumberKind::Plain => "a number, e.g. 30 or \"1.5\"",
        }
    }
}

fn found_zh(found: &str) -> String {
    let inner = || backticked(found).first().map(|s| s.to_string());
    if found.starts_with("boolean") {
        format!("布尔值 {}", inner().unwrap_or_default())
    } else if found.starts_with("integer") {
        format!("整数 {}", inner().unwrap_or_default())
    } else if found.starts_with("floating point") {
        format!("小数 {}", inner().unwrap_or_default())
    } else if let Some(s) = found.strip_prefix("string ") {
        format!("字符串 {s}")
    } else if found == "map" {
        "表（对象）".to_string()
    } else if found == "sequence" {
        "数组".to_string()
    } else if found == "unit value" || found == "null" {
        "空值 null".to_string()
    } else {
        found.to_string()
    }
}

fn expected_text(expected: &str) -> (String, String) {
    let e = expected.trim();
    let zh = match e {
        "u8" | "u16" | "u32" | "u64" | "usize" => "非负整数",
        "i8" | "i16" | "i32" | "i64" => "整数",
        "a string" => "字符串",
        "a boolean" => "布尔值（true 或 false）",
        "a sequence" => "数组",
        "a map" => "表（TOML 的 [表] 或 JSON 对象）",
        _ if e.starts_with("struct ") => "表（TOML 的 [表] 或 JSON 对象）",
        _ => "",
    };
    if !zh.is_empty() {
        let en = match zh {
            "非负整数" => "a non-negative integer".to_string(),
            "整数" => "an integer".to_string(),
            "表（TOML 的 [表] 或 JSON 对象）" => {
                "a table (TOML [table] or JSON object)".to_string()
            }
            _ => e.to_string(),
        };
        return (zh.to_string(), en);
    }
    let en = if e.starts_with("金额") {
        NumberKind::Money.en().to_string()
    } else if e.starts_with("百分比") {
        NumberKind::Percent.en().to_string()
    } else if e.starts_with("数值") {
        NumberKind::Plain.en().to_string()
    } else {
        e.to_string()
    };
    (e.to_string(), en)
}

/// The known name closest to `name`, when close enough to be a likely typo.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let n = name.chars().count();
    known
        .iter()
        .map(|k| (levenshtein(name, k), *k))
        .filter(|(d, k)| {
            let limit = (n.max(k.chars().count()) / 3).max(1);
            *d <= limit
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Edit distance counting an adjacent transposition ("basci" → "basic") as one edit
/// (optimal string alignment).
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j - 1] + cost)
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("inital", &["initial", "adjusted", "final"]),
            Some("initial")
        );
        assert_eq!(closest("xyz", &["initial", "adjusted", "final"]), None);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("预算", "预算"), 0);
        assert_eq!(levenshtein("basci", "basic"), 1);
        assert_eq!(closest("basci", &["total", "basic"]), Some("basic"));
    }
}
