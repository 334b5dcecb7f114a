import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Catalog } from "../../src/catalog/types.js";
import { toError } from "../../src/errors.js";
import { loadInput } from "../../src/inputs/load.js";
import { buildModel, Evaluator } from "../../src/pipeline.js";
import { type ConformanceCase, selectCases } from "./corpus.js";
import { type ConformanceException, findException, type ListedCase } from "./exceptions.js";
import { judgeCase, type Outcome, oneRoot, type Root } from "./judge.js";
import { conformanceModel, scopeKey } from "./model.js";
import { resourceConfPlan } from "./resource-conf.js";
import { caseRoots } from "./roots.js";

export interface ConformanceOptions {
  corpus: string;
  opa: string;
  cacheDir: string;
  exceptions: ConformanceException[];
  /** Why listed cases are unknown to us; an unknown case without an entry says so. */
  unknownReasons?: ListedCase[];
  catalog?: Catalog;
  /** Keeps only some cases, for the smoke test. */
  filter?: (item: ConformanceCase) => boolean;
}

/** One case's outcome, with our verdicts or why the input could not be read. */
export interface CaseResult {
  item: ConformanceCase;
  outcome: Outcome;
  ours: string;
  reason?: string;
}

type Loaded = { roots: Root[] } | { error: string };

/**
 * Runs every selected case through the HCL reader (or the plan reader for plan JSON) and the
 * compiled policy of a model binding each control to all resources of its types.
 */
export async function runConformance(options: ConformanceOptions): Promise<CaseResult[]> {
  const catalog = options.catalog ?? loadCatalog();
  const cases = selectCases(options.corpus, catalog).filter(options.filter ?? (() => true));
  if (cases.length === 0) return [];
  const work = mkdtempSync(join(tmpdir(), "threatloop-conformance-"));
  try {
    const modelFile = join(work, "threatloop.json");
    const { model, threats } = conformanceModel(cases);
    writeFileSync(modelFile, JSON.stringify(model));
    const built = await buildModel(modelFile, { opa: options.opa, cacheDir: options.cacheDir });
    const evaluator = await Evaluator.load(built.compiled.wasm);
    const loaded = new Map<string, Loaded>();
    const results: CaseResult[] = [];
    for (const item of cases) {
      let judged = item;
      let input: Loaded;
      if (item.conf) {
        const read = evaluateConf(evaluator, options.corpus, item.conf);
        input = read;
        if (read.address) judged = { ...item, addresses: [read.address] };
      } else if (item.file === null) {
        input = { error: "the peer's input is in its own test code, not Terraform" };
      } else {
        const cached = loaded.get(item.file);
        input = cached ?? (await evaluateCase(evaluator, options.corpus, item.file, work));
        loaded.set(item.file, input);
      }
      if ("error" in input) {
        results.push({ item, outcome: "unreadable", ours: "", reason: input.error });
        continue;
      }
      // Each scope is a threat of its own; a narrowed rule is judged on its scope's findings only.
      const threat = threats.get(scopeKey(item));
      const own = input.roots.map((root) => ({
        ...root,
        findings: root.findings.filter((f) => f.threat === threat),
      }));
      const verdict = judgeCase(judged, own);
      results.push(explain(judged, verdict, options.exceptions, options.unknownReasons ?? []));
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function explain(
  item: ConformanceCase,
  judged: { outcome: Outcome; ours: string },
  exceptions: ConformanceException[],
  unknownReasons: ListedCase[],
): CaseResult {
  const key = caseKey(item);
  if (judged.outcome === "unknown") {
    const why = findException(unknownReasons, key, item.control.id, item.expect);
    return why ? { item, ...judged, reason: why.reason } : { item, ...judged };
  }
  if (judged.outcome !== "disagree") return { item, ...judged };
  const listed = findException(exceptions, key, item.control.id, item.expect);
  if (!listed) return { item, ...judged };
  return { item, outcome: "explained", ours: judged.ours, reason: listed.reason };
}

/**
 * What the exceptions file names a case by: its corpus file, or for a checkov dict case the label
 * (`checkov TestClass.test_name`).
 */
export function caseKey(item: ConformanceCase): string {
  return item.file ?? item.label;
}

/** Reads a checkov dict case from its expected JSON and evaluates it as a one-resource plan. */
function evaluateConf(
  evaluator: Evaluator,
  corpus: string,
  conf: NonNullable<ConformanceCase["conf"]>,
): Loaded & { address?: string } {
  const data = JSON.parse(readFileSync(join(corpus, conf.json), "utf8")) as {
    inline_cases?: { test_function?: string; resource_conf?: unknown }[];
  };
  const inline = (data.inline_cases ?? []).find((c) => c.test_function === conf.test);
  if (!inline) return { error: `${conf.json} holds no inline case ${conf.test}` };
  const plan = resourceConfPlan(inline.resource_conf, conf.types);
  if ("error" in plan) return plan;
  const bytes = new TextEncoder().encode(JSON.stringify(plan.document));
  const findings = evaluator.evaluate({ file: conf.json, bytes }).findings;
  return { roots: oneRoot(findings, [plan.address]), address: plan.address };
}

/**
 * A single `.tf` or `.tf.json` file is read as a folder of its own (a link to it in a scratch
 * folder), since its neighbours in the corpus are other cases. A folder is read as the root
 * configurations it holds (see caseRoots), each evaluated on its own; a plan as one.
 */
async function evaluateCase(
  evaluator: Evaluator,
  corpus: string,
  file: string,
  work: string,
): Promise<Loaded> {
  const path = join(corpus, file);
  try {
    // Each input to read, with its root's path in the case folder.
    let targets = [{ dir: path, root: "" }];
    if (/\.tf(\.json)?$/.test(file)) {
      const dir = mkdtempSync(join(work, "case-"));
      symlinkSync(path, join(dir, basename(file)));
      targets = [{ dir, root: "" }];
    } else if (isFolder(path)) {
      const roots = await caseRoots(path);
      // A folder without Terraform files is left to the reader, which says so.
      if (roots.length > 0) targets = roots.map((root) => ({ dir: join(path, root), root }));
    }
    const roots: Root[] = [];
    for (const { dir, root } of targets) {
      const document = await loadInput(dir);
      const { findings } = evaluator.evaluate(document);
      roots.push({ path: root, addresses: addressesIn(document.bytes), findings });
    }
    return { roots };
  } catch (thrown) {
    // Scratch folder names differ on every run; the report names the corpus file instead.
    const message = toError(thrown).message.split("\n")[0] ?? "unreadable";
    return { error: message.replace(/\S*threatloop-(?:build|conformance)-[^/\s]+\//g, "") };
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The resource addresses of a plan's changes, or of a state's resources, module ones included. */
function addressesIn(bytes: Uint8Array): string[] {
  const document = JSON.parse(new TextDecoder().decode(bytes)) as {
    resource_changes?: { address?: string }[];
    values?: StateModule;
  };
  const changes = (document.resource_changes ?? []).map((c) => c.address ?? "");
  return [...changes, ...stateAddresses(document.values?.root_module)].filter((a) => a !== "");
}

interface StateModule {
  root_module?: StateModule;
  resources?: { address?: string }[];
  child_modules?: StateModule[];
}

function stateAddresses(module: StateModule | undefined): string[] {
  if (!module) return [];
  const own = (module.resources ?? []).map((r) => r.address ?? "");
  return [...own, ...(module.child_modules ?? []).flatMap(stateAddresses)];
}
