import type { EvaluationResult } from "../evaluate/findings.js";
import type { GatedFinding, GateResult } from "../gate/gate.js";
import type { Manifest } from "../generate/manifest.js";

/** Everything a reporter needs: the input, the model's threats, the verdicts and the gate. */
export interface EvalReport {
  input: { file: string; kind: EvaluationResult["kind"]; resources: number };
  manifest: Manifest;
  /** Every verdict with its fingerprint and what the gate made of it. */
  findings: GatedFinding[];
  prints: string[];
  gate: GateResult;
}

export interface RenderOptions {
  color: boolean;
}

/** One output format. Every reporter renders the same EvalReport. */
export interface Reporter {
  format: string;
  render(report: EvalReport, options: RenderOptions): string;
  /**
   * The same text as render in pieces, for a reporter whose output grows with the findings:
   * written piece by piece, a large report is never held whole.
   */
  chunks?(report: EvalReport, options: RenderOptions): Iterable<string>;
}
