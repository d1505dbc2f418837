#!/bin/sh
# Update the vendored YASGUI: the maintained build @zazuko/yasgui (MIT) from the npm registry.
#
#   api/static/vendor/update-yasgui.sh [VERSION]      # default: the latest release
#
# Needs node and npm (run by a maintainer, never at run time: graf serves these files itself).
# Writes yasgui/yasgui.min.js and yasgui/yasgui.min.css (the source map is not vendored, so its
# sourceMappingURL comment is dropped), yasgui/VERSION, and yasgui/THIRD-PARTY-LICENSES.txt (the
# licence of every package the bundle is built from, from their npm packages). yasgui/LICENSE is
# YASGUI's own MIT licence, from https://github.com/rdfjs/Yasgui/blob/main/LICENSE (the npm package
# does not ship it): check it still reads the same. Then run the browser tests:
#   .venv/bin/python -m pytest tests/test_query_page.py
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-latest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --ignore-scripts --no-audit --no-fund --silent "@zazuko/yasgui@$version"
pkg=node_modules/@zazuko/yasgui
out="$here/yasgui"
mkdir -p "$out"
sed '/^\/\/# sourceMappingURL=/d' "$pkg/build/yasgui.min.js" > "$out/yasgui.min.js"
sed '/sourceMappingURL=/d' "$pkg/build/yasgui.min.css" > "$out/yasgui.min.css"
node -p "require('./$pkg/package.json').version" > "$out/VERSION"
node - > "$out/THIRD-PARTY-LICENSES.txt" <<'JS'
// Every package npm installed for @zazuko/yasgui (the bundle is built from them), with its licence.
const fs = require("fs");
const path = require("path");
const root = "node_modules";
const names = [];
for (const entry of fs.readdirSync(root).sort()) {
  if (entry.startsWith(".")) continue;
  if (entry.startsWith("@")) {
    for (const sub of fs.readdirSync(path.join(root, entry)).sort()) names.push(entry + "/" + sub);
  } else names.push(entry);
}
const out = ["Packages bundled into yasgui.min.js / yasgui.min.css (@zazuko/yasgui and its dependencies),",
             "each with the licence its npm package declares and, where it ships one, its licence text.", ""];
for (const name of names) {
  if (name.startsWith("@types/")) continue;  // type declarations, not bundled
  const dir = path.join(root, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const licence = typeof meta.license === "string" ? meta.license : JSON.stringify(meta.license || meta.licenses || "see text");
  out.push("=".repeat(100), `${name} ${meta.version} (${licence})`, "=".repeat(100));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  out.push(file ? fs.readFileSync(path.join(dir, file), "utf8").trim() : "(no licence file in the package)", "");
}
process.stdout.write(out.join("\n") + "\n");
JS
echo "vendored @zazuko/yasgui $(cat "$out/VERSION") into $out"
