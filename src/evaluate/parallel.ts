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
 * Evaluates a document with the threats split between the calling thread and worker threads,
 * one WASM instance each, and merges their verdicts. Each instance parses the document and
 * builds the resource view itself, so the gain is in the controls, which are most of the work
 * on large plans. With one job, or one threat, it is a plain evaluation.
 */
export async function evaluateShared(
  evaluator: Evaluator,
  document: InputDocument,
  threats: ThreatShare[],
  jobs: Jobs,
): Promise<EvaluationResult> {
  const count = jobCount(jobs, document.bytes.byteLength, threats.length);
  if (count <= 1) return evaluator.evaluate(document);
  const groups = partitionThreats(threats, count);
  const bytes = prepareInput(document.bytes);
  const [own, ...others] = groups;
  const pending = others.map((group) => runInWorker(evaluator.module, bytes, group));
  let raws: RawReport[];
  try {
    const mine = evaluator.runPrepared(bytes, own);
    raws = [mine, ...(await Promise.all(pending))];
  } catch (thrown) {
    await Promise.allSettled(pending);
    throw evaluationError(document, thrown);
  }
  return checkReport(document, mergeReports(raws));
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
  const groups = Array.from({ length: count }, () => ({ load: 0, names: [] as string[] }));
  const ordered = [...threats].sort(
    (a, b) => b.controls - a.controls || (a.packageName < b.packageName ? -1 : 1),
  );
  for (const threat of ordered) {
    const lightest = groups.reduce((min, group) => (group.load < min.load ? group : min));
    lightest.load += Math.max(1, threat.controls);
    lightest.names.push(threat.packageName);
  }
  return groups.filter((group) => group.names.length > 0).map((group) => group.names.sort());
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
  report?: RawReport;
  error?: string;
}

function runInWorker(
  module: WebAssembly.Module,
  bytes: Uint8Array,
  threats: string[],
): Promise<RawReport> {
  return new Promise((resolve, reject) => {
    // A compiled module is shared with the worker, not compiled again there.
    const worker = new Worker(new URL("./worker.js", import.meta.url), {
      workerData: { module, bytes, threats },
    });
    let answered = false;
    worker.once("message", (answer: WorkerAnswer) => {
      answered = true;
      if (answer.report) resolve(answer.report);
      else reject(new Error(answer.error ?? "the worker gave no report"));
    });
    worker.once("error", (error) => {
      answered = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`the evaluation worker stopped with code ${code}`));
    });
  });
}
