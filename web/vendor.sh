#!/usr/bin/env bash
# Refreshes the front-end files stip embeds (crates/stip-web/assets/vendor) from the npm registry,
# at exactly the versions in package-lock.json. Run after changing package.json; commit the result.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../crates/stip-web/assets/vendor
rm -rf "$out"
mkdir -p "$out/utrecht" "$out/tokens" "$out/maplibre"
cp node_modules/@utrecht/component-library-css/dist/index.css "$out/utrecht/component-library.css"
cp node_modules/@utrecht/component-library-css/LICENSE* "$out/utrecht/" 2>/dev/null || true
cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css "$out/tokens/theme.css"
cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/LICENSE* "$out/tokens/" 2>/dev/null || true
for f in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
  cp "node_modules/maplibre-gl/dist/$f" "$out/maplibre/$f"
done
cp node_modules/maplibre-gl/LICENSE* "$out/maplibre/" 2>/dev/null || true
# Record exactly what was vendored.
node -e '
const lock = require("./package-lock.json");
const pick = n => `${n}@${lock.packages["node_modules/" + n].version}`;
console.log(["@utrecht/component-library-css","@nl-design-system-unstable/voorbeeld-design-tokens","maplibre-gl"].map(pick).join("\n"));
' > "$out/VERSIONS"
echo "vendored into $out:"; cat "$out/VERSIONS"
