import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { ThreatloopError, toError } from "../errors.js";
import { REPORT_ENTRYPOINT } from "../generate/manifest.js";
import { type InputDocument, locateJsonError } from "../inputs/read.js";
import { trimUnreadSections } from "../inputs/trim.js";
import type { EvaluationResult, Finding } from "./findings.js";

type LoadedPolicy = Awaited<ReturnType<typeof loadPolicy>>;

interface RawReport {
  kind: "plan" | "state" | "invalid";
  errors: string[];
  resources: number;
  findings: Finding[];
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

  private constructor() {}

  /** Instantiates a module built by compileWasm. */
  static async load(wasm: Uint8Array): Promise<Evaluator> {
    const evaluator = new Evaluator();
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
    const prints: string[] = [];
    const raw = this.run(document, prints);
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
    return { kind: raw.kind, resources: raw.resources, findings: raw.findings, prints };
  }

  private run(document: InputDocument, prints: string[]): RawReport {
    const bytes = trimUnreadSections(document.bytes);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    let result: unknown;
    this.prints = prints;
    try {
      result = this.policy?.evaluate(buffer, REPORT_ENTRYPOINT);
    } catch (thrown) {
      const error = toError(thrown);
      const syntax = /pars/i.test(error.message) ? locateJsonError(document) : undefined;
      if (syntax) throw syntax;
      throw new ThreatloopError("evaluate", `evaluating the policy failed: ${error.message}`, {
        location: { file: document.file },
        cause: thrown,
      });
    } finally {
      this.prints = [];
    }
    const report = (result as { result?: RawReport }[] | undefined)?.[0]?.result;
    if (!report) {
      throw (
        locateJsonError(document) ??
        new ThreatloopError("evaluate", "the policy returned no report", {
          location: { file: document.file },
        })
      );
    }
    return report;
  }
}

/** Formats one print() operand as OPA does: the value, or <undefined> when it has none. */
function formatOperand(values: unknown[]): string {
  const value = values[0];
  if (values.length === 0) return "<undefined>";
  return typeof value === "string" ? value : JSON.stringify(value);
}
