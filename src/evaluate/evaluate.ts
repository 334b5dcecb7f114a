import { createRequire } from "node:module";
import type * as OpaWasm from "@open-policy-agent/opa-wasm";
import { ThreatloopError, toError } from "../errors.js";
import { PARTITIONING_ENTRYPOINT, REPORT_ENTRYPOINT } from "../generate/manifest.js";
import { type InputDocument, locateJsonError } from "../inputs/read.js";
import { trimUnreadSections } from "../inputs/trim.js";
import type { EvaluationResult, Finding } from "./findings.js";
import type { PartitionRules } from "./partition.js";

// The SDK is CommonJS and assigns its exports as one object, so Node's ESM loader sees only
// some of them by name; loadPolicySync is not among them.
const { loadPolicySync } = createRequire(import.meta.url)(
  "@open-policy-agent/opa-wasm",
) as typeof OpaWasm;

type LoadedPolicy = ReturnType<typeof loadPolicySync>;

const PAGE = 65536;
/** wasm32 memories hold at most 65,536 pages; leave room below the limit. */
const MOST_PAGES = 49152;

/**
 * The initial memory of an instance for an input of the given size. OPA's evaluator allocates
 * on the order of a hundred bytes per input byte and frees nothing until the evaluation ends;
 * growing a WebAssembly memory step by step makes V8 report external memory pressure at each
 * step and run its garbage collector again and again, which cost four fifths of the time of a
 * 15,000-resource plan. Reserving the memory up front costs nothing until pages are touched.
 */
export function initialPages(inputBytes: number): number {
  const wanted = Math.ceil((inputBytes * 128 + 64 * 1024 * 1024) / PAGE);
  return Math.min(MOST_PAGES, wanted);
}

/** What the report entrypoint returns. */
export interface RawReport {
  kind: "plan" | "state" | "invalid";
  errors: string[];
  resources: number;
  findings: Finding[];
  prints?: string[];
}

/**
 * A compiled policy loaded once and evaluated on any number of documents, each in an instance of
 * its own sized for it. One evaluator is single-threaded; use one per worker thread.
 * https://www.openpolicyagent.org/docs/wasm#evaluation
 */
export class Evaluator {
  /** Where print() output of the evaluation under way goes. */
  private prints: string[] = [];
  /** The partitioning rules, once asked for (null until then). */
  private rules: PartitionRules | undefined | null = null;
  private readonly builtins = {
    // print() calls the host's internal.print; its lines are kept with the result, not logged.
    "internal.print": (operands: unknown[][]) => {
      this.prints.push(operands.map(formatOperand).join(" "));
      return null;
    },
  };

  private constructor(
    /** The compiled module, which worker threads instantiate too. */
    readonly module: WebAssembly.Module,
  ) {}

  /** Compiles a module built by compileWasm (or takes one compiled already) and checks it loads. */
  static async load(wasm: Uint8Array | WebAssembly.Module): Promise<Evaluator> {
    try {
      const module =
        wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm as BufferSource);
      const evaluator = new Evaluator(module);
      evaluator.instantiate(0);
      return evaluator;
    } catch (thrown) {
      throw new ThreatloopError(
        "evaluate",
        `cannot load the compiled policy: ${toError(thrown).message}`,
        { cause: thrown },
      );
    }
  }

  /** A fresh instance with room for an input of the given size, or less when that is refused. */
  private instantiate(inputBytes: number): LoadedPolicy {
    for (let pages = initialPages(inputBytes); ; pages = Math.floor(pages / 2)) {
      try {
        return loadPolicySync(this.module, { initial: pages }, this.builtins);
      } catch (thrown) {
        // A machine that will not reserve that much memory gets a smaller start.
        if (!(thrown instanceof RangeError) || pages <= 16) throw thrown;
      }
    }
  }

  /**
   * Evaluates one document with the single aggregate entrypoint. The document's bytes, less the
   * sections no policy reads, are copied into WASM memory and parsed there; JavaScript never
   * parses or re-serialises it.
   */
  evaluate(document: InputDocument): EvaluationResult {
    return checkReport(document, this.run(document));
  }

  /**
   * Runs the report entrypoint on prepared bytes (see prepareInput), on the threats of the given
   * packages only, or on every threat when none are given. Errors are thrown as they come.
   */
  runPrepared(bytes: Uint8Array, threats?: string[]): RawReport & { prints: string[] } {
    const [report] = this.runParts([bytes], threats);
    if (!report) throw new Error("the policy returned no report");
    return report;
  }

  /**
   * Runs the report entrypoint on each of several prepared documents in turn, in one instance
   * sized for the largest: each evaluation starts again from the same memory, so the instance
   * holds no more than the largest document needs.
   */
  runParts(parts: Uint8Array[], threats?: string[]): (RawReport & { prints: string[] })[] {
    const policy = this.instantiate(Math.max(0, ...parts.map((part) => part.byteLength)));
    if (threats) policy.setData({ threatloop_run: { threats } });
    return parts.map((bytes) => {
      const prints: string[] = [];
      this.prints = prints;
      try {
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        const result = policy.evaluate(buffer, REPORT_ENTRYPOINT);
        const report = (result as { result?: RawReport }[] | undefined)?.[0]?.result;
        if (!report) throw new Error("the policy returned no report");
        return { ...report, prints };
      } finally {
        this.prints = [];
      }
    });
  }

  /**
   * What the policy says about evaluating a plan in parts, or undefined when the module has no
   * partitioning entrypoint (built by an older threatloop) or says nothing usable.
   */
  partitioning(): PartitionRules | undefined {
    if (this.rules === null) {
      try {
        const result = this.instantiate(0).evaluate({}, PARTITIONING_ENTRYPOINT);
        const rules = (result as { result?: PartitionRules }[] | undefined)?.[0]?.result;
        this.rules = isRules(rules) ? rules : undefined;
      } catch {
        this.rules = undefined;
      }
    }
    return this.rules;
  }

  private run(document: InputDocument): RawReport {
    try {
      return this.runPrepared(prepareInput(document.bytes));
    } catch (thrown) {
      throw evaluationError(document, thrown);
    }
  }
}

/** The bytes handed to WASM: the document less the sections no policy reads. */
export function prepareInput(bytes: Uint8Array): Uint8Array {
  return trimUnreadSections(bytes);
}

/**
 * Turns what an evaluation threw into the error to report: a JSON syntax error located in the
 * file when the document is not JSON, else the evaluator's message.
 */
export function evaluationError(document: InputDocument, thrown: unknown): ThreatloopError {
  if (thrown instanceof ThreatloopError) return thrown;
  const error = toError(thrown);
  const syntax = /pars|no report/i.test(error.message) ? locateJsonError(document) : undefined;
  if (syntax) return syntax;
  if (/no report/.test(error.message)) {
    return new ThreatloopError("evaluate", "the policy returned no report", {
      location: { file: document.file },
    });
  }
  return new ThreatloopError("evaluate", `evaluating the policy failed: ${error.message}`, {
    location: { file: document.file },
    cause: thrown,
  });
}

/** Checks what the policy said about the document itself and shapes the result. */
export function checkReport(document: InputDocument, raw: RawReport): EvaluationResult {
  if (raw.kind === "invalid") {
    // The WASM parser leaves input undefined on a syntax error; only now is JSON parsed here.
    const syntax = locateJsonError(document);
    if (syntax) throw syntax;
  }
  if (raw.kind === "invalid" || raw.errors.length > 0) {
    throw new ThreatloopError("input", raw.errors[0] ?? "not a Terraform plan or state", {
      location: { file: document.file },
      hint: "pass the output of terraform show -json",
    });
  }
  return {
    kind: raw.kind,
    resources: raw.resources,
    findings: raw.findings,
    prints: raw.prints ?? [],
  };
}

/** Formats one print() operand as OPA does: the value, or <undefined> when it has none. */
function formatOperand(values: unknown[]): string {
  const value = values[0];
  if (values.length === 0) return "<undefined>";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isRules(value: unknown): value is PartitionRules {
  const rules = value as PartitionRules | undefined;
  return (
    typeof rules === "object" &&
    rules !== null &&
    typeof rules.relations === "object" &&
    Array.isArray(rules.account_wide) &&
    Array.isArray(rules.whole)
  );
}
