#!/usr/bin/env bash
# The whole test suite, as the README gives it. Installs what the tests need first
# (fonts and PDF tools for the report tests; skipped quietly when already present).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/setup.sh ]; then
  scripts/setup.sh
fi
cargo test --workspace --all-targets "$@"
cargo test --workspace --doc
