#!/usr/bin/env bash
# Refreshes the third-party front-end files committed under static/vendor/ from the npm
# registry, so that running the app never needs Node or a CDN. Run it by hand, then commit.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund \
    @fontsource/noto-nastaliq-urdu@5 @fontsource/noto-sans@5 chart.js@4 axe-core@4 >/dev/null )
m="$work/node_modules"
mkdir -p fonts
cp "$m"/@fontsource/noto-nastaliq-urdu/files/noto-nastaliq-urdu-arabic-{400,700}-normal.woff2 fonts/
cp "$m"/@fontsource/noto-nastaliq-urdu/LICENSE fonts/LICENSE-noto-nastaliq-urdu.txt 2>/dev/null || true
# Latin letters, digits and punctuation for the Urdu PDFs (the Nastaliq font has none of them).
cp "$m"/@fontsource/noto-sans/files/noto-sans-latin-{400,700}-normal.woff2 fonts/
cp "$m"/@fontsource/noto-sans/LICENSE fonts/LICENSE-noto-sans.txt 2>/dev/null || true
cp "$m"/chart.js/dist/chart.umd.min.js chart.umd.min.js 2>/dev/null \
  || cp "$m"/chart.js/dist/chart.umd.js chart.umd.min.js
cp "$m"/axe-core/axe.min.js axe.min.js
# No source maps are vendored: a reference to a missing .map fails `collectstatic` with the
# manifest storage production uses.
sed -i '/^\/\/# sourceMappingURL=/d' ./*.js
{
  echo "Vendored by refresh.sh on $(date -u +%Y-%m-%d):"
  for p in @fontsource/noto-nastaliq-urdu @fontsource/noto-sans chart.js axe-core; do
    echo "  $p $(node -p "require('$m/$p/package.json').version")"
  done
} > VERSIONS.txt
# The subset the Urdu pages load (fonts/subset.sh, with fonttools).
fonts/subset.sh
