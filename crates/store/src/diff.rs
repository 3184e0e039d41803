//! Field-by-field differences between two revisions. A document (canonical TOML) is
//! flattened to `path → value` pairs (`budget.initial.total`, `projects[2].name`) and the
//! two lists are compared (fields in key order: tables sorted by key, arrays by index).

use serde::Serialize;

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub path: String,
    /// Value in the older document (`None`: not present).
    pub before: Option<String>,
    /// Value in the newer document (`None`: removed).
    pub after: Option<String>,
}

fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                walk(&p, v, out);
            }
        }
        toml::Value::Array(a) if a.iter().any(|x| x.is_table() || x.is_array()) => {
            for (i, v) in a.iter().enumerate() {
                walk(&format!("{prefix}[{i}]"), v, out);
            }
        }
        toml::Value::Array(a) => {
            let items: Vec<String> = a.iter().map(scalar).collect();
            out.push((prefix.to_string(), format!("[{}]", items.join(", "))));
        }
        other => out.push((prefix.to_string(), scalar(other))),
    }
}

fn scalar(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A document's fields in order. A document that does not parse is one field, `(文档)`.
pub fn flatten_document(text: &str) -> Vec<(String, String)> {
    match text.parse::<toml::Table>() {
        Ok(t) => {
            let mut out = Vec::new();
            walk("", &toml::Value::Table(t), &mut out);
            out
        }
        Err(_) => vec![("(文档)".to_string(), text.to_string())],
    }
}

/// Every field whose value differs between `before` and `after`.
pub fn diff_documents(before: &str, after: &str) -> Vec<FieldChange> {
    let a = flatten_document(before);
    let b = flatten_document(after);
    let b_map: std::collections::HashMap<&str, &str> =
        b.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let a_map: std::collections::HashMap<&str, &str> =
        a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut out = Vec::new();
    for (k, v) in &a {
        match b_map.get(k.as_str()) {
            Some(w) if *w == v.as_str() => {}
            other => out.push(FieldChange {
                path: k.clone(),
                before: Some(v.clone()),
                after: other.map(|w| w.to_string()),
            }),
        }
    }
    for (k, v) in &b {
        if !a_map.contains_key(k.as_str()) {
            out.push(FieldChange {
                path: k.clone(),
                before: None,
                after: Some(v.clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_changed_added_and_removed_fields() {
        let a = "[department]\nname = \"甲\"\nyear = 2021\n\n[budget.initial]\ntotal = \"23260\"\n\n[[projects.items]]\nname = \"一\"\n";
        let b = "[department]\nname = \"甲\"\nyear = 2022\n\n[budget.initial]\nbasic = \"2900\"\n\n[[projects.items]]\nname = \"一\"\n\n[[projects.items]]\nname = \"二\"\n";
        let d = diff_documents(a, b);
        let show: Vec<String> = d
            .iter()
            .map(|c| format!("{}: {:?} → {:?}", c.path, c.before, c.after))
            .collect();
        assert_eq!(
            show,
            [
                "budget.initial.total: Some(\"23260\") → None",
                "department.year: Some(\"2021\") → Some(\"2022\")",
                "budget.initial.basic: None → Some(\"2900\")",
                "projects.items[1].name: None → Some(\"二\")",
            ]
        );
    }
}
