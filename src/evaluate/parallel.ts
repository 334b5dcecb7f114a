import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { InputDocument } from "../inputs/read.js";
import {
  checkReport,
  type Evaluator,
  evaluationError,
  prepareInput,
  type RawReport,
} from "./evaluate.js";
import type { EvaluationResult } from "./findings.js";
import { type PlanPart, planParts } from "./partition.js";

/** Below this size a document is evaluated on one thread: a worker's start costs more. */
export const PARALLEL_FROM_BYTES = 4 * 1024 * 1024;

/** How many evaluators share the threats: a count, or `auto` (one per core for large inputs). */
export type Jobs = number | "auto";

/** A threat as the partition sees it: its Rego package name and how many controls it has. */
export interface ThreatShare {
  packageName: string;
  controls: number;
}

/**
 * How many bytes of resource changes one part of a large plan holds. OPA's evaluator frees
 * nothing until an evaluation ends, so a part's memory (about 60 MB of WASM heap per MB of
 * changes with the bench model's 13 controls) is what an evaluation peaks at.
 */
export const PART_BYTES = 256 * 1024;

/**
 * Evaluates a document and merges the verdicts. A plan larger than `partBytes` is split into
 * parts that each hold every resource its controls consult (see planParts), evaluated one after
 * another in one WASM instance per thread, with `jobs` threads sharing the parts; the threats
 * that weigh every bound resource at once still see the whole plan. Other large documents have
 * their threats shared between threads instead, each thread parsing the whole document.
 */
export async function evaluateShared(
  evaluator: Evaluator,
  document: InputDocument,
  threats: ThreatShare[],
  jobs: Jobs,
  partBytes = PART_BYTES,
): Promise<EvaluationResult> {
  // Workers load their instances while this thread splits the plan; those left idle stop. A
  // plan large enough to split may use one per core, other documents one per threat at most.
  const splittable = document.bytes.byteLength > partBytes;
  const most = splittable ? Number.MAX_SAFE_INTEGER : threats.length;
  const pool = new WorkerPool(
    evaluator.module,
    jobCount(jobs, document.bytes.byteLength, most) - 1,
  );
  try {
    const split = splittable ? splitPlan(evaluator, document.bytes, threats, partBytes) : undefined;
    const raw = split
      ? await evaluateParts(evaluator, () => prepareInput(document.bytes), split, jobs, pool)
      : await evaluateThreats(evaluator, prepareInput(document.bytes), threats, jobs, pool);
    return checkReport(document, raw);
  } catch (thrown) {
    throw evaluationError(document, thrown);
  } finally {
    pool.release();
  }
}

interface Split {
  parts: PlanPart[];
  /** Threats evaluated on each part; undefined for all of them. */
  partThreats: string[] | undefined;
  /** Threats evaluated on the whole plan. */
  wholeThreats: string[];
}

function splitPlan(
  evaluator: Evaluator,
  bytes: Uint8Array,
  threats: ThreatShare[],
  partBytes: number,
): Split | undefined {
  const rules = evaluator.partitioning();
  if (!rules) return undefined;
  const whole = new Set(rules.whole);
  const wholeThreats = threats.map((t) => t.packageName).filter((name) => whole.has(name));
  const partThreats = threats.map((t) => t.packageName).filter((name) => !whole.has(name));
  if (partThreats.length === 0) return undefined;
  const parts = planParts(bytes, rules, partBytes);
  if (!parts) return undefined;
  return { parts, partThreats: wholeThreats.length > 0 ? partThreats : undefined, wholeThreats };
}

async function evaluateParts(
  evaluator: Evaluator,
  whole: () => Uint8Array,
  split: Split,
  jobs: Jobs,
  pool: WorkerPool,
): Promise<RawReport> {
  const size = split.parts.reduce((sum, part) => sum + part.bytes.byteLength, 0);
  const count = jobCount(jobs, size, split.parts.length);
  const shares = balance(split.parts, (part) => part.bytes.byteLength, count);
  const [own = [], ...others] = shares;
  const pending = others.map((parts) =>
    pool
      .run(
        parts.map((part) => part.bytes),
        split.partThreats,
      )
      .then((reports) => pairUp(parts, reports)),
  );
  try {
    const mine = pairUp(
      own,
      evaluator.runParts(
        own.map((part) => part.bytes),
        split.partThreats,
      ),
    );
    const done = [...mine, ...(await Promise.all(pending)).flat()];
    // A part that is not a valid plan means the document is not: the whole one says why.
    if (done.some(([, report]) => report.kind === "invalid" || report.errors.length > 0)) {
      return evaluator.runPrepared(whole());
    }
    const wholeReports =
      split.wholeThreats.length > 0 ? [evaluator.runPrepared(whole(), split.wholeThreats)] : [];
    return mergeParts(done, wholeReports);
  } catch (thrown) {
    await Promise.allSettled(pending);
    throw thrown;
  }
}

function pairUp(parts: PlanPart[], reports: RawReport[]): [PlanPart, RawReport][] {
  return parts.map((part, i) => [part, reports[i] as RawReport]);
}

/**
 * One report from the parts' reports: each resource counted and judged once, by the part that
 * owns it (a borrowed account-wide resource is judged by the first part), and the verdicts of
 * the threats evaluated on the whole plan.
 */
function mergeParts(done: [PlanPart, RawReport][], whole: RawReport[]): RawReport {
  const [first] = done;
  if (!first) throw new Error("the policy returned no report");
  return {
    kind: first[1].kind,
    errors: [],
    resources: done.reduce(
      (sum, [part, report]) => sum + report.resources - part.borrowedChanges,
      0,
    ),
    findings: [
      ...done.flatMap(([part, report]) =>
        report.findings.filter((finding) => !part.borrowed.has(finding.address)),
      ),
      ...whole.flatMap((report) => report.findings),
    ],
    prints: [...done.map(([, report]) => report), ...whole].flatMap(
      (report) => report.prints ?? [],
    ),
  };
}

/**
 * Evaluates the whole document with the threats split between the calling thread and worker
 * threads, one WASM instance each. Each instance parses the document and builds the resource
 * view itself, so the gain is in the controls. With one job, or one threat, it is a plain
 * evaluation.
 */
async function evaluateThreats(
  evaluator: Evaluator,
  bytes: Uint8Array,
  threats: ThreatShare[],
  jobs: Jobs,
  pool: WorkerPool,
): Promise<RawReport> {
  const count = jobCount(jobs, bytes.byteLength, threats.length);
  if (count <= 1) return evaluator.runPrepared(bytes);
  const [own, ...others] = partitionThreats(threats, count);
  const pending = others.map((group) =>
    pool.run([bytes], group).then((reports) => reports[0] as RawReport),
  );
  try {
    const mine = evaluator.runPrepared(bytes, own);
    return mergeReports([mine, ...(await Promise.all(pending))]);
  } catch (thrown) {
    await Promise.allSettled(pending);
    throw thrown;
  }
}

/** The number of evaluators for a document of the given size with the given number of threats. */
export function jobCount(jobs: Jobs, bytes: number, threats: number): number {
  if (jobs === "auto") {
    if (bytes < PARALLEL_FROM_BYTES) return 1;
    return Math.max(1, Math.min(availableParallelism(), threats));
  }
  return Math.max(1, Math.min(jobs, threats));
}

/**
 * Splits threats into `count` groups of about the same number of controls: the largest threat
 * first, each to the group with the fewest controls so far. Every group is non-empty when there
 * are at least as many threats as groups.
 */
export function partitionThreats(threats: ThreatShare[], count: number): string[][] {
  const ordered = [...threats].sort((a, b) => (a.packageName < b.packageName ? -1 : 1));
  return balance(ordered, (threat) => Math.max(1, threat.controls), count).map((group) =>
    group.map((threat) => threat.packageName).sort(),
  );
}

/**
 * Splits items into at most `count` non-empty groups of about the same weight: the heaviest
 * first, each to the group lightest so far (the earlier item first among equal weights).
 */
export function balance<T>(items: T[], weight: (item: T) => number, count: number): T[][] {
  const groups = Array.from({ length: Math.max(1, count) }, () => ({ load: 0, items: [] as T[] }));
  const ordered = items.map((item, i) => ({ item, i, w: weight(item) }));
  ordered.sort((a, b) => b.w - a.w || a.i - b.i);
  for (const { item, w } of ordered) {
    const lightest = groups.reduce((min, group) => (group.load < min.load ? group : min));
    lightest.load += w;
    lightest.items.push(item);
  }
  return groups.filter((group) => group.items.length > 0).map((group) => group.items);
}

function mergeReports(raws: RawReport[]): RawReport {
  const [first] = raws;
  if (!first) throw new Error("the policy returned no report");
  return {
    ...first,
    findings: raws.flatMap((raw) => raw.findings),
    prints: raws.flatMap((raw) => raw.prints ?? []),
  };
}

interface WorkerAnswer {
  reports?: RawReport[];
  error?: string;
}

/**
 * Worker threads started ahead of their work, each instantiating the shared module at once and
 * then evaluating the one batch of documents it is sent. `run` takes the next idle worker (or
 * starts one); `release` stops those never sent anything.
 */
class WorkerPool {
  private readonly idle: Worker[];

  constructor(
    private readonly module: WebAssembly.Module,
    size: number,
  ) {
    this.idle = Array.from({ length: Math.max(0, size) }, () => this.start());
  }

  run(parts: Uint8Array[], threats: string[] | undefined): Promise<RawReport[]> {
    const worker = this.idle.shift() ?? this.start();
    const answer = new Promise<RawReport[]>((resolve, reject) => {
      let answered = false;
      worker.once("message", (message: WorkerAnswer) => {
        answered = true;
        if (message.reports) resolve(message.reports);
        else reject(new Error(message.error ?? "the worker gave no report"));
      });
      worker.once("error", (error) => {
        answered = true;
        reject(error);
      });
      worker.once("exit", (code) => {
        if (!answered) reject(new Error(`the evaluation worker stopped with code ${code}`));
      });
    });
    worker.postMessage({ parts, threats });
    return answer;
  }

  release(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }

  private start(): Worker {
    // A compiled module is shared with the worker, not compiled again there.
    const worker = new Worker(new URL("./worker.js", import.meta.url), {
      workerData: { module: this.module },
    });
    // An idle worker that fails is reported by the run that is sent to it, or never.
    worker.on("error", () => {});
    return worker;
  }
}
