// Sums the results of every suite in a `make test` log into one line: "N passed, N failed".
// It reads ava's summary, opa test's PASS/FAIL counts and the lint steps' "check:" lines.
import { readFileSync } from "node:fs";

const log = readFileSync(process.argv[2] ?? "/dev/stdin", "utf8").replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0;
let failed = 0;
let skipped = 0;
const count = (pattern) => [...log.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0);

// ava prints "N tests passed" only when nothing failed; otherwise its passing tests are counted
// by their ✔ lines.
const avaSummary = count(/^\s*(\d+) tests? passed/gm);
passed += avaSummary > 0 ? avaSummary : (log.match(/^\s*✔ /gm) ?? []).length;
failed += count(/^\s*(\d+) tests? failed/gm);
failed += count(/^\s*(\d+) uncaught exceptions?/gm);
skipped += count(/^\s*(\d+) tests? skipped/gm);
skipped += count(/^\s*(\d+) known failures?/gm);
for (const m of log.matchAll(/^PASS: (\d+)\/(\d+)/gm)) passed += Number(m[1]);
for (const m of log.matchAll(/^FAIL: (\d+)\/(\d+)/gm)) failed += Number(m[1]);
for (const m of log.matchAll(/^ERROR: (\d+)\/(\d+)/gm)) failed += Number(m[1]);
passed += (log.match(/^check: \S+ ok$/gm) ?? []).length;
failed += (log.match(/^check: \S+ failed$/gm) ?? []).length;
skipped += (log.match(/^skip: /gm) ?? []).length;

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(passed === 0 && failed === 0 ? 1 : 0);
