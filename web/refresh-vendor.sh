#!/usr/bin/env bash
# Refresh the vendored browser assets in web/vendor/ from the npm registry, with their
# licences. The binary embeds web/vendor/ and web/static/; a fresh clone builds with no npm.
# Run this only to upgrade (edit the versions in package.json first), then commit the result.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json "$work/"
# The committed lock pins what is already vendored; npm adds what package.json gained.
cp package-lock.json "$work/package-lock.json" 2>/dev/null || true
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --silent)
cp "$work/package-lock.json" package-lock.json
mkdir -p vendor
cp "$work/node_modules/htmx.org/dist/htmx.min.js" vendor/htmx.min.js
cp "$work/node_modules/htmx.org/LICENSE" vendor/htmx.LICENSE
htmx=$(node -p "require('$work/node_modules/htmx.org/package.json').version")
# ECharts (the dashboard's charts): the minified full build, its licence and NOTICE.
cp "$work/node_modules/echarts/dist/echarts.min.js" vendor/echarts.min.js
cat "$work/node_modules/echarts/LICENSE" > vendor/echarts.LICENSE
if [ -f "$work/node_modules/echarts/NOTICE" ]; then
  printf '\n\n---- NOTICE ----\n\n' >> vendor/echarts.LICENSE
  cat "$work/node_modules/echarts/NOTICE" >> vendor/echarts.LICENSE
fi
# echarts.min.js bundles zrender (BSD-3-Clause) and parts of d3 (BSD-3-Clause).
for extra in echarts/licenses/LICENSE-d3 zrender/LICENSE; do
  if [ -f "$work/node_modules/$extra" ]; then
    printf '\n\n---- %s ----\n\n' "$extra" >> vendor/echarts.LICENSE
    cat "$work/node_modules/$extra" >> vendor/echarts.LICENSE
  fi
done
echarts=$(node -p "require('$work/node_modules/echarts/package.json').version")
cat > vendor/README.md <<EOT
# Vendored browser assets

Copied from the npm registry by \`web/refresh-vendor.sh\` (do not edit by hand):

| file | package | version | licence |
|---|---|---|---|
| htmx.min.js | htmx.org | $htmx | 0BSD (htmx.LICENSE) |
| echarts.min.js | echarts | $echarts | Apache-2.0 (echarts.LICENSE, with its NOTICE) |
EOT
echo "vendored htmx.org $htmx, echarts $echarts"
