#!/usr/bin/env bash
# The server's outside-in tests: the browser journeys (Playwright driving Debian's chromium)
# and the API fuzzing (schemathesis). Installs what they need: chromium from Debian,
# playwright-core from tests/e2e/package-lock.json (npm ci), schemathesis from PyPI.
# In CI (CI=true) a missing tool or a failed install fails the run; elsewhere it says what
# is missing and skips that part.
set -uo pipefail
cd "$(dirname "$0")/.."
ci=${CI:-false}
bin=${JIXIAO_BIN:-target/debug/jixiao}
status=0

need() {  # need WHAT: fail in CI, skip elsewhere
  if [ "$ci" = "true" ]; then echo "error: $1" >&2; exit 1; fi
  echo "skipping: $1" >&2
}

[ -x "$bin" ] || cargo build --quiet -p jixiao-cli || exit 1

# Browser tests: the 年度自评 cycle (cycle.mjs) and the bureau's 复核 → 整改 path (bureau.mjs).
# fonts-noto-cjk only so that the screenshots in tests/e2e/out are readable.
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null \
  && { ! [ -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "CJK"; }; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || true
fi
if [ -x /usr/bin/chromium ] && command -v npm >/dev/null; then
  (cd tests/e2e && npm ci --no-audit --no-fund --silent) || exit 1
  JIXIAO_BIN="$bin" node tests/e2e/cycle.mjs || status=1
  JIXIAO_BIN="$bin" node tests/e2e/bureau.mjs || status=1
else
  need "the browser test needs /usr/bin/chromium (apt-get install chromium) and npm"
fi

# API fuzzing.
if ! command -v schemathesis >/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check schemathesis >/dev/null 2>&1 || true
fi
if command -v schemathesis >/dev/null; then
  tests/fuzz/run.sh "$bin" || status=1
else
  need "the API fuzzing needs schemathesis (pip install schemathesis)"
fi
exit $status
