//! The frameworks shipped in `frameworks/`, embedded at compile time.

use crate::framework::Framework;
use crate::loader::parse_framework;

/// (id, file name, text) of every shipped framework.
pub const BUILTIN_SOURCES: &[(&str, &str, &str)] = &[
    (
        "mof-2013-dept",
        "frameworks/mof-2013-dept.toml",
        include_str!("../../../frameworks/mof-2013-dept.toml"),
    ),
    (
        "project-self-2020",
        "frameworks/project-self-2020.toml",
        include_str!("../../../frameworks/project-self-2020.toml"),
    ),
    (
        "longhua-4e",
        "frameworks/longhua-4e.toml",
        include_str!("../../../frameworks/longhua-4e.toml"),
    ),
];

/// Every shipped framework that loads (all of them do: a test checks it).
pub fn builtin_frameworks() -> Vec<Framework> {
    BUILTIN_SOURCES
        .iter()
        .filter_map(|(_, origin, text)| parse_framework(text, origin).ok())
        .collect()
}

/// The shipped framework with this id.
pub fn builtin(id: &str) -> Option<Framework> {
    BUILTIN_SOURCES
        .iter()
        .find(|(i, _, _)| *i == id)
        .and_then(|(_, origin, text)| parse_framework(text, origin).ok())
}
