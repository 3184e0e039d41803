//! TOML text → document tree, keeping spans and the exact text of every float.

use toml_edit::{ImDocument, Item, Table, Value};

use crate::tree::{Kind, Node, Span};

/// A TOML syntax error: message and where.
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Option<Span>,
}

/// Parse `text` (already stripped of a byte-order mark); `base` is added to every span so
/// spans index the original input.
pub(crate) fn read(text: &str, base: usize) -> Result<Node, SyntaxError> {
    let doc = ImDocument::parse(text).map_err(|e| SyntaxError {
        message: e.message().trim().lines().collect::<Vec<_>>().join("; "),
        span: e.span().map(|s| s.start + base..s.end + base),
    })?;
    let cx = Cx { text, base };
    let mut root = cx.table(doc.as_table());
    root.span = None;
    Ok(root)
}

struct Cx<'a> {
    text: &'a str,
    base: usize,
}

impl Cx<'_> {
    fn shift(&self, span: Option<std::ops::Range<usize>>) -> Option<Span> {
        span.map(|s| s.start + self.base..s.end + self.base)
    }

    fn table(&self, t: &Table) -> Node {
        let mut entries = Vec::with_capacity(t.len());
        for (k, item) in t.iter() {
            let Some(mut node) = self.item(item) else {
                continue;
            };
            node.key_span = t.key(k).and_then(|key| self.shift(key.span()));
            entries.push((k.to_string(), node));
        }
        let mut span = self.shift(t.span());
        if span.is_none() {
            // An implicit table (`budget` in `[budget.initial]`) or a dotted one: point at
            // its first child.
            span = entries
                .first()
                .and_then(|(_, n): &(String, Node)| n.name_span());
        }
        Node::new(Kind::Table(entries), span)
    }

    fn item(&self, item: &Item) -> Option<Node> {
        match item {
            Item::None => None,
            Item::Value(v) => Some(self.value(v)),
            Item::Table(t) => Some(self.table(t)),
            Item::ArrayOfTables(a) => {
                let items: Vec<Node> = a.iter().map(|t| self.table(t)).collect();
                let span = self
                    .shift(a.span())
                    .or_else(|| items.first().and_then(|n| n.span.clone()));
                Some(Node::new(Kind::Array(items), span))
            }
        }
    }

    fn value(&self, v: &Value) -> Node {
        let span = self.shift(v.span());
        let kind = match v {
            Value::String(s) => Kind::Str(s.value().clone()),
            Value::Integer(i) => Kind::Int(*i.value()),
            Value::Float(f) => {
                // The exact text the user wrote, e.g. "40295.14": never a binary float.
                let raw = f
                    .span()
                    .and_then(|s| self.text.get(s))
                    .map(str::to_string)
                    .unwrap_or_else(|| f.display_repr().into_owned());
                Kind::Decimal(raw)
            }
            Value::Boolean(b) => Kind::Bool(*b.value()),
            Value::Datetime(d) => Kind::Str(d.value().to_string()),
            Value::Array(a) => Kind::Array(a.iter().map(|v| self.value(v)).collect()),
            Value::InlineTable(t) => {
                let mut entries = Vec::with_capacity(t.len());
                for (k, v) in t.iter() {
                    let mut node = self.value(v);
                    node.key_span = t.key(k).and_then(|key| self.shift(key.span()));
                    entries.push((k.to_string(), node));
                }
                Kind::Table(entries)
            }
        };
        Node::new(kind, span)
    }
}

/// A table without source text (e.g. one built by `toml_edit::ser`) → tree.
pub(crate) fn tree_of(table: &Table) -> Node {
    Cx { text: "", base: 0 }.table(table)
}
