import { join, resolve } from "node:path";
import { loadCatalog } from "../../src/catalog/load.js";
import { resolveOpa } from "../../src/compile/opa.js";
import { writeFileAtomic } from "../../src/io/write.js";
import { packageRoot } from "../../src/paths.js";
import { relatedRules } from "./corpus.js";
import { readExceptions, readUnknownReasons, staleExceptions } from "./exceptions.js";
import { caseKey, runConformance } from "./run.js";
import { renderDetails, renderRelated, renderTable, tally } from "./table.js";

/**
 * `make conformance`: runs every catalog control that names a peer equivalent on the peer's own
 * test cases in the shared corpus, prints the agreement table and writes docs/conformance.md.
 */
const ROOT = packageRoot();

main().catch((error: unknown) => {
  process.stderr.write(`conformance: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
});

async function main(): Promise<void> {
  const corpus = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");
  const exceptions = readExceptions(exceptionsFile());
  const unknownReasons = readUnknownReasons(exceptionsFile());
  const catalog = loadCatalog();
  const results = await runConformance({
    catalog,
    corpus,
    opa: resolveOpa(process.env.OPA_PATH, process.env.PATH ?? ""),
    cacheDir: join(ROOT, ".threatloop", "cache"),
    exceptions,
    unknownReasons,
  });
  const explained = results
    .filter((r) => r.outcome === "explained")
    .map((r) => ({ file: caseKey(r.item), control: r.item.control.id, expect: r.item.expect }));
  const unknown = results
    .filter((r) => r.outcome === "unknown")
    .map((r) => ({ file: caseKey(r.item), control: r.item.control.id, expect: r.item.expect }));
  const stale = [
    ...staleExceptions(exceptions, explained),
    ...staleExceptions(unknownReasons, unknown),
  ];
  for (const e of stale) {
    process.stderr.write(`conformance: stale exception ${e.control} ${e.peer_verdict} ${e.file}\n`);
  }
  const table = renderTable(tally(results));
  process.stdout.write(table);
  const doc = [
    "# Conformance with peer tools",
    "",
    "Written by `make conformance` (bench/conformance/); do not edit by hand.",
    "Each catalog control that names checkov, KICS or regula rules as equivalents runs on those",
    'rules\' own test cases from the shared corpus; see README, "Conformance with peer tools".',
    "Rules a control names as related judge a nearby property and are listed at the end, not run.",
    "",
    table,
    renderDetails(results),
    renderRelated(relatedRules(corpus, catalog)),
    `### Exceptions that explain no case (${stale.length})\n`,
    ...stale.map((e) => `- \`${e.control}\` ${e.peer_verdict} on \`${e.file}\``),
    "",
  ].join("\n");
  writeFileAtomic(join(ROOT, "docs", "conformance.md"), doc);
}

function exceptionsFile(): string {
  return join(ROOT, "generators", "catalog", "conformance-exceptions.yaml");
}
