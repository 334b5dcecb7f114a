import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** A disagreement with a peer that we keep, with the reason we believe the peer is wrong. */
export interface ConformanceException {
  file: string;
  control: string;
  peer_verdict: "pass" | "fail";
  ours: string;
  reason: string;
}

/** Reads the committed exceptions file; a missing file means no exceptions. */
export function readExceptions(path: string): ConformanceException[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const parsed = parse(text) as { exceptions?: ConformanceException[] } | null;
  return parsed?.exceptions ?? [];
}

/** The exception that explains a disagreement on this case, if one is listed. */
export function findException(
  exceptions: ConformanceException[],
  file: string,
  control: string,
  expect: string,
): ConformanceException | undefined {
  return exceptions.find(
    (e) => e.file === file && e.control === control && e.peer_verdict === expect,
  );
}

/**
 * Exceptions that explain no case: the disagreement was fixed or the case changed, so the entry
 * should go.
 */
export function staleExceptions(
  exceptions: ConformanceException[],
  explained: { file: string | null; control: string; expect: string }[],
): ConformanceException[] {
  return exceptions.filter(
    (e) =>
      !explained.some(
        (x) => x.file === e.file && x.control === e.control && x.expect === e.peer_verdict,
      ),
  );
}
