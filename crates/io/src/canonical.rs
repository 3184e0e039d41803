//! The canonical TOML form of a department-year: deterministic, sections in model field
//! order, absent values omitted, every amount a string in 万元 with the scale it was written
//! with. `parse_toml(to_canonical_toml(d))` gives `d` back.

use jixiao_model::DepartmentYear;

use crate::toml_in::tree_of;
use crate::tree::{Kind, Node};

/// Chinese names of the top-level sections, written as a comment above each.
const SECTION_LABELS: &[(&str, &str)] = &[
    ("department", "部门基本信息"),
    ("evaluation", "评价设置"),
    ("budget", "预算（年初、调整、决算）"),
    ("sangong", "三公经费"),
    ("carryover", "财政拨款结转结余"),
    ("procurement", "政府采购"),
    ("progress", "支出进度"),
    ("staffing", "人员编制"),
    ("projects", "项目"),
    ("key_tasks", "重点工作"),
    ("duty_targets", "主要履职目标"),
    ("assets", "资产"),
    ("institutions", "管理制度"),
    ("disclosure", "预决算公开"),
    ("petitions", "信访"),
    ("satisfaction", "满意度调查"),
    ("narrative", "文字说明"),
    ("prior_year", "上年数"),
    ("assessments", "定性指标判断"),
    ("stated", "报告所列比率"),
    ("monitoring", "绩效运行监控"),
];

/// The department-year as canonical TOML (amounts in 万元).
pub fn to_canonical_toml(d: &DepartmentYear) -> String {
    let doc = toml_edit::ser::to_document(d)
        .expect("every type of the department-year model has a TOML form");
    let root = tree_of(doc.as_table());
    let mut out = String::from("# jixiao 部门年度数据（规范格式；金额单位：万元）\n");
    let Kind::Table(entries) = &root.kind else {
        return out;
    };
    write_scalars(&mut out, entries);
    for (key, node) in entries {
        if !is_section(node) || is_empty(node) {
            continue;
        }
        out.push('\n');
        if let Some((_, label)) = SECTION_LABELS.iter().find(|(k, _)| k == key) {
            out.push_str(&format!("# {label}\n"));
        }
        write_section(&mut out, &[key.as_str()], node);
    }
    out
}

fn is_table(n: &Node) -> bool {
    matches!(n.kind, Kind::Table(_))
}

fn is_array_of_tables(n: &Node) -> bool {
    matches!(&n.kind, Kind::Array(items) if !items.is_empty() && items.iter().all(is_table))
}

fn is_section(n: &Node) -> bool {
    is_table(n) || is_array_of_tables(n)
}

/// A table with nothing in it, recursively (an all-absent struct).
fn is_empty(n: &Node) -> bool {
    match &n.kind {
        Kind::Table(entries) => entries.iter().all(|(_, c)| is_table(c) && is_empty(c)),
        _ => false,
    }
}

fn write_scalars(out: &mut String, entries: &[(String, Node)]) {
    for (key, node) in entries {
        if is_section(node) {
            continue;
        }
        out.push_str(&format_key(key));
        out.push_str(" = ");
        write_value(out, node);
        out.push('\n');
    }
}

fn write_section(out: &mut String, path: &[&str], node: &Node) {
    let header: Vec<String> = path.iter().map(|k| format_key(k)).collect();
    let header = header.join(".");
    match &node.kind {
        Kind::Table(entries) => {
            if entries.iter().any(|(_, c)| !is_section(c)) {
                out.push_str(&format!("[{header}]\n"));
                write_scalars(out, entries);
            }
            write_subsections(out, path, entries);
        }
        Kind::Array(items) => {
            for item in items {
                out.push_str(&format!("[[{header}]]\n"));
                if let Kind::Table(entries) = &item.kind {
                    write_scalars(out, entries);
                    write_subsections(out, path, entries);
                }
            }
        }
        _ => {}
    }
}

fn write_subsections(out: &mut String, path: &[&str], entries: &[(String, Node)]) {
    for (key, child) in entries {
        if !is_section(child) || is_empty(child) {
            continue;
        }
        let mut p = path.to_vec();
        p.push(key);
        write_section(out, &p, child);
    }
}

fn write_value(out: &mut String, node: &Node) {
    match &node.kind {
        Kind::Null => out.push_str("\"\""),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Int(i) => out.push_str(&i.to_string()),
        Kind::UInt(u) => out.push_str(&u.to_string()),
        Kind::Decimal(t) | Kind::Str(t) => write_string(out, t),
        Kind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Kind::Table(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                out.push_str(&format_key(k));
                out.push_str(" = ");
                write_value(out, v);
            }
            out.push_str(if entries.is_empty() { "}" } else { " }" });
        }
    }
}

fn format_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        let mut s = String::new();
        write_basic(&mut s, key, false);
        s
    }
}

/// A TOML string: multi-line (`"""`) when the text has line breaks, so narrative stays
/// readable; every quote, backslash and control character escaped.
fn write_string(out: &mut String, text: &str) {
    write_basic(out, text, text.contains('\n'));
}

fn write_basic(out: &mut String, text: &str, multiline: bool) {
    out.push_str(if multiline { "\"\"\"\n" } else { "\"" });
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multiline => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str(if multiline { "\"\"\"" } else { "\"" });
}
