import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** A case named by file, control and the peer's verdict, with why it is listed. */
export interface ListedCase {
  file: string;
  control: string;
  peer_verdict: "pass" | "fail";
  reason: string;
}

/** A disagreement with a peer that we keep, with the reason we believe the peer is wrong. */
export interface ConformanceException extends ListedCase {
  ours: string;
}

/**
 * Reads the committed exceptions file: `exceptions` (disagreements we keep) and `unknowns` (why
 * our verdict on a case is unknown, such as a value the provider computes at apply). A missing
 * file lists nothing.
 */
export function readExceptions(path: string): ConformanceException[] {
  return readListed(path).exceptions ?? [];
}

/** The `unknowns` list of the exceptions file: why each listed case is unknown to us. */
export function readUnknownReasons(path: string): ListedCase[] {
  return readListed(path).unknowns ?? [];
}

function readListed(path: string): {
  exceptions?: ConformanceException[];
  unknowns?: ListedCase[];
} {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return {};
  }
  return (parse(text) as ReturnType<typeof readListed> | null) ?? {};
}

/** The entry that explains this case, if one is listed. */
export function findException<T extends ListedCase>(
  exceptions: T[],
  file: string,
  control: string,
  expect: string,
): T | undefined {
  return exceptions.find(
    (e) => e.file === file && e.control === control && e.peer_verdict === expect,
  );
}

/**
 * Exceptions that explain no case: the disagreement was fixed or the case changed, so the entry
 * should go.
 */
export function staleExceptions<T extends ListedCase>(
  exceptions: T[],
  explained: { file: string | null; control: string; expect: string }[],
): T[] {
  return exceptions.filter(
    (e) =>
      !explained.some(
        (x) => x.file === e.file && x.control === e.control && x.expect === e.peer_verdict,
      ),
  );
}
