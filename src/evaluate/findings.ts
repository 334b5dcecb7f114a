import type { Severity } from "../model/types.js";

/** The verdict of one control on one resource. */
export const VERDICTS = ["fail", "unknown", "pass"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One verdict as the policy returns it. */
export interface Finding {
  threat: string;
  control: string;
  severity: Severity;
  status: Verdict;
  address: string;
  /** The attribute path, or the linked resource, that decided the verdict. */
  attribute: string;
  /** A linked resource that decided the verdict, such as the public access block of a bucket. */
  related?: string | null;
  message: string;
  /** Where the resource block is written, when a configuration folder or a source scan tells. */
  source?: { file: string; line: number } | null;
}

/** What one evaluation of a document gives. */
export interface EvaluationResult {
  kind: "plan" | "state";
  resources: number;
  findings: Finding[];
  /** Lines the policy printed with print(), kept out of stdout. */
  prints: string[];
}
