//! Integration tests of jixiao-io, in one binary.

mod canonical;
mod errors;
mod longhua;
mod robustness;

use std::path::PathBuf;

/// The repository's `examples/` folder.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

pub fn longhua_dir() -> PathBuf {
    examples_dir().join("longhua-zwfw-2021")
}
