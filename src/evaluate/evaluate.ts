import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { ThreatloopError, toError } from "../errors.js";
import { REPORT_ENTRYPOINT } from "../generate/manifest.js";
import { type InputDocument, locateJsonError } from "../inputs/read.js";
import { trimUnreadSections } from "../inputs/trim.js";
import type { EvaluationResult, Finding } from "./findings.js";

type LoadedPolicy = Awaited<ReturnType<typeof loadPolicy>>;

/** What the report entrypoint returns. */
export interface RawReport {
  kind: "plan" | "state" | "invalid";
  errors: string[];
  resources: number;
  findings: Finding[];
  prints?: string[];
}

/**
 * A compiled policy loaded once and evaluated on any number of documents. One instance is
 * single-threaded; use one per worker thread.
 * https://www.openpolicyagent.org/docs/wasm#evaluation
 */
export class Evaluator {
  /** Where print() output of the evaluation under way goes. */
  private prints: string[] = [];
  private policy: LoadedPolicy | undefined;

  private constructor(
    /** The compiled module, kept so that worker threads can instantiate it too. */
    readonly wasm: Uint8Array,
  ) {}

  /** Instantiates a module built by compileWasm. */
  static async load(wasm: Uint8Array): Promise<Evaluator> {
    const evaluator = new Evaluator(wasm);
    // print() calls the host's internal.print; its lines are kept with the result, not logged.
    const builtins = {
      "internal.print": (operands: unknown[][]) => {
        evaluator.prints.push(operands.map(formatOperand).join(" "));
        return null;
      },
    };
    try {
      evaluator.policy = await loadPolicy(wasm, undefined, builtins);
      return evaluator;
    } catch (thrown) {
      throw new ThreatloopError(
        "evaluate",
        `cannot load the compiled policy: ${toError(thrown).message}`,
        {
          cause: thrown,
        },
      );
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
    const prints: string[] = [];
    this.prints = prints;
    try {
      this.policy?.setData(threats ? { threatloop_run: { threats } } : {});
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const result = this.policy?.evaluate(buffer, REPORT_ENTRYPOINT);
      const report = (result as { result?: RawReport }[] | undefined)?.[0]?.result;
      if (!report) throw new Error("the policy returned no report");
      return { ...report, prints };
    } finally {
      this.prints = [];
    }
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
