//! A format-neutral document tree that remembers where every key and value was written.
//!
//! Both the TOML and the JSON reader produce this tree; deserialization, the source map and
//! error recovery work on it, so the two formats behave the same.

use std::ops::Range;

use serde_json::{Map, Number, Value};

/// A byte range in the input text.
pub(crate) type Span = Range<usize>;

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub kind: Kind,
    /// Where the value is written (for a `[table]` or `[[array]]` element: its header).
    pub span: Option<Span>,
    /// Where the key naming this node is written.
    pub key_span: Option<Span>,
    /// Set by error recovery: the node is skipped when building the serde value.
    pub removed: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// A number with a fraction or exponent (or too large for 64 bits), kept as the exact
    /// text the user wrote so that money parses exactly.
    Decimal(String),
    Str(String),
    Array(Vec<Node>),
    Table(Vec<(String, Node)>),
}

impl Node {
    pub fn new(kind: Kind, span: Option<Span>) -> Node {
        Node {
            kind,
            span,
            key_span: None,
            removed: false,
        }
    }

    /// The best place to point at for this node's value.
    pub fn value_span(&self) -> Option<Span> {
        self.span.clone().or_else(|| self.key_span.clone())
    }

    /// The best place to point at for this node's key.
    pub fn name_span(&self) -> Option<Span> {
        self.key_span.clone().or_else(|| self.span.clone())
    }

    /// The serde value of this node, leaving out removed children. Decimals travel as
    /// strings holding their original text.
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::Number(Number::from(*i)),
            Kind::UInt(u) => Value::Number(Number::from(*u)),
            Kind::Decimal(text) | Kind::Str(text) => Value::String(text.clone()),
            Kind::Array(items) => Value::Array(
                items
                    .iter()
                    .filter(|n| !n.removed)
                    .map(Node::to_value)
                    .collect(),
            ),
            Kind::Table(entries) => {
                let mut map = Map::new();
                for (k, n) in entries.iter().filter(|(_, n)| !n.removed) {
                    map.insert(k.clone(), n.to_value());
                }
                Value::Object(map)
            }
        }
    }

    /// Follow a serde path (as reported by `serde_path_to_error`) through the live (not
    /// removed) nodes. Returns the indices of the nodes reached in the original tree and
    /// whether the whole path was followed.
    pub fn resolve(&self, segments: &[PathSegment]) -> (Vec<usize>, bool) {
        let mut node = self;
        let mut out = Vec::new();
        for seg in segments {
            let next = match (seg, &node.kind) {
                (PathSegment::Key(key), Kind::Table(entries)) => entries
                    .iter()
                    .enumerate()
                    .find(|(_, (k, n))| !n.removed && k == key)
                    .map(|(i, (_, n))| (i, n)),
                (PathSegment::Index(index), Kind::Array(items)) => items
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| !n.removed)
                    .nth(*index),
                _ => None,
            };
            match next {
                Some((i, n)) => {
                    out.push(i);
                    node = n;
                }
                None => return (out, false),
            }
        }
        (out, true)
    }

    /// The node at original indices `at`.
    pub fn get(&self, at: &[usize]) -> Option<&Node> {
        let mut node = self;
        for &i in at {
            node = match &node.kind {
                Kind::Table(entries) => &entries.get(i)?.1,
                Kind::Array(items) => items.get(i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    pub fn get_mut(&mut self, at: &[usize]) -> Option<&mut Node> {
        let mut node = self;
        for &i in at {
            node = match &mut node.kind {
                Kind::Table(entries) => &mut entries.get_mut(i)?.1,
                Kind::Array(items) => items.get_mut(i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The field path (`projects.project[0].target[1].value`) of the node at original
    /// indices `at`, with original array indices.
    pub fn path_of(&self, at: &[usize]) -> String {
        let mut node = self;
        let mut path = String::new();
        for &i in at {
            match &node.kind {
                Kind::Table(entries) => match entries.get(i) {
                    Some((k, n)) => {
                        push_key(&mut path, k);
                        node = n;
                    }
                    None => break,
                },
                Kind::Array(items) => match items.get(i) {
                    Some(n) => {
                        push_index(&mut path, i);
                        node = n;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        path
    }

    /// Visit every node with its path, parents before children.
    pub fn walk(&self, path: &mut String, f: &mut dyn FnMut(&str, &Node)) {
        f(path, self);
        let len = path.len();
        match &self.kind {
            Kind::Table(entries) => {
                for (k, n) in entries {
                    push_key(path, k);
                    n.walk(path, f);
                    path.truncate(len);
                }
            }
            Kind::Array(items) => {
                for (i, n) in items.iter().enumerate() {
                    push_index(path, i);
                    n.walk(path, f);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// Append `[i]`.
fn push_index(path: &mut String, i: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(path, "[{i}]");
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// One step of a serde error path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    Key(String),
    Index(usize),
    /// A step the deserializer could not name (enum variants, non-string keys).
    Other,
}

pub(crate) fn segments_of(path: &serde_path_to_error::Path) -> Vec<PathSegment> {
    path.iter()
        .map(|s| match s {
            serde_path_to_error::Segment::Map { key } => PathSegment::Key(key.clone()),
            serde_path_to_error::Segment::Seq { index } => PathSegment::Index(*index),
            _ => PathSegment::Other,
        })
        .collect()
}
