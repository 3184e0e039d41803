//! jixiao-io: the edges. A department-year (部门年度数据) read from TOML or JSON with every
//! problem reported at once and located by file, line and column; and written back as
//! canonical TOML.
//!
//! ```
//! let text = "[department]\nname = \"龙华区政数局\"\nyear = 2021\n\n[budget.initial]\ntotal = \"23,260\"\n";
//! let loaded = jixiao_io::parse_toml(text, "department.toml").expect("valid input");
//! assert_eq!(loaded.model.budget.initial.total.map(|m| m.to_string()), Some("23260".into()));
//! let at = loaded.spans.locate("budget.initial.total").expect("written in the file");
//! assert_eq!((at.line, at.column), (6, 9));
//! ```
//!
//! How it reads: the text becomes a tree that remembers the span of every key and value
//! (`toml_edit` for TOML, a small reader for JSON). TOML floats are handed on as the exact
//! text written (`40295.14` stays `"40295.14"`), so money never passes through binary
//! floating point. The tree is deserialized into the model with `serde_path_to_error`; at
//! each error the offending key or element is recorded and removed, and deserialization is
//! retried, so one run reports every unknown field and bad value (up to [`MAX_ERRORS`]).
//! Then `jixiao_model::validate` runs and its findings are located through the
//! [`SourceMap`].

mod canonical;
mod diagnostic;
mod json_in;
mod load;
mod messages;
mod source_map;
mod toml_in;
mod tree;

pub use canonical::to_canonical_toml;
pub use diagnostic::{render_all, InputDiagnostic, Lang, Related};
pub use load::{
    checksum, load_path, parse, parse_json, parse_lenient, parse_toml, Format, LoadError, Loaded,
    MAX_ERRORS,
};
pub use source_map::{Location, SourceMap};
