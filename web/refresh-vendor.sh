#!/usr/bin/env bash
# Refresh the vendored browser assets in web/vendor/ from the npm registry, with their
# licences. The binary embeds web/vendor/ and web/static/; a fresh clone builds with no npm.
# Run this only to upgrade (edit the versions in package.json first), then commit the result.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json "$work/"
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --silent)
cp package-lock.json "$work/package-lock.json" 2>/dev/null || true
cp "$work/package-lock.json" package-lock.json
mkdir -p vendor
cp "$work/node_modules/htmx.org/dist/htmx.min.js" vendor/htmx.min.js
cp "$work/node_modules/htmx.org/LICENSE" vendor/htmx.LICENSE
version=$(node -p "require('$work/node_modules/htmx.org/package.json').version")
cat > vendor/README.md <<EOT
# Vendored browser assets

Copied from the npm registry by \`web/refresh-vendor.sh\` (do not edit by hand):

| file | package | version | licence |
|---|---|---|---|
| htmx.min.js | htmx.org | $version | 0BSD (htmx.LICENSE) |
EOT
echo "vendored htmx.org $version"
