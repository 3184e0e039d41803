//! The frameworks shipped in `frameworks/`, embedded at compile time.

use std::sync::OnceLock;

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
    (
        "yueyang-2018-dept",
        "frameworks/yueyang-2018-dept.toml",
        include_str!("../../../frameworks/yueyang-2018-dept.toml"),
    ),
];

/// Every entry of [`BUILTIN_SOURCES`], parsed once (in the same order; `None` for one that
/// does not load). Parsing a framework is far dearer than cloning one, and evaluation looks
/// up the project framework of every department framework on every call.
fn parsed() -> &'static [Option<Framework>] {
    static PARSED: OnceLock<Vec<Option<Framework>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUILTIN_SOURCES
            .iter()
            .map(|(_, origin, text)| parse_framework(text, origin).ok())
            .collect()
    })
}

/// Every shipped framework that loads (all of them do: a test checks it).
pub fn builtin_frameworks() -> Vec<Framework> {
    parsed().iter().flatten().cloned().collect()
}

/// The shipped framework with this id.
pub fn builtin(id: &str) -> Option<Framework> {
    builtin_ref(id).cloned()
}

/// The shipped framework with this id, parsed once and shared.
pub(crate) fn builtin_ref(id: &str) -> Option<&'static Framework> {
    let i = BUILTIN_SOURCES.iter().position(|(i, _, _)| *i == id)?;
    parsed().get(i)?.as_ref()
}
