// Writes policies/capabilities.json: the pinned OPA's capabilities restricted to the builtins
// listed in tools/wasm-builtins.txt, so that `opa build -t wasm` rejects at compile time any
// builtin the WASM evaluator would fail on at run time.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const opa = process.env.OPA_PATH ?? ".tools/bin/opa";
const allowed = new Set(
  readFileSync("tools/wasm-builtins.txt", "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .flatMap((line) => line.split(/\s+/))
    .filter(Boolean),
);
const current = JSON.parse(execFileSync(opa, ["capabilities", "--current"], { encoding: "utf8" }));
const builtins = current.builtins.filter((b) => allowed.has(b.name));
const missing = [...allowed].filter((name) => !builtins.some((b) => b.name === name));
if (missing.length > 0) {
  process.stderr.write(`gen-capabilities: not builtins of this OPA: ${missing.join(", ")}\n`);
  process.exit(2);
}
const out = { builtins, future_keywords: current.future_keywords, features: current.features };
writeFileSync("policies/capabilities.json", `${JSON.stringify(out, null, 2)}\n`);
