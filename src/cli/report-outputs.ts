import { ThreatloopError } from "../errors.js";
import { writeFileAtomic } from "../io/write.js";
import { REPORT_FORMATS, type ReportFormat, reporterFor } from "../report/index.js";
import type { EvalReport } from "../report/types.js";

/** One report to write: a format and a file, from `--report format=file`. */
export interface ReportOutput {
  format: ReportFormat;
  file: string;
}

/** Parses one `--report format=file` and adds it to the ones before (commander's collector). */
export function collectReport(value: string, previous: ReportOutput[] = []): ReportOutput[] {
  const at = value.indexOf("=");
  const format = at < 0 ? value : value.slice(0, at);
  const file = at < 0 ? "" : value.slice(at + 1);
  if (!(REPORT_FORMATS as readonly string[]).includes(format) || file === "") {
    throw new ThreatloopError("usage", `--report "${value}" is not format=file`, {
      hint: `formats: ${REPORT_FORMATS.join(", ")}; for example --report sarif=threatloop.sarif`,
    });
  }
  return [...previous, { format: format as ReportFormat, file }];
}

/**
 * Renders every requested report before writing any, so a failing reporter leaves no file
 * behind, then writes each one whole.
 */
export function writeReports(report: EvalReport, outputs: ReportOutput[]): void {
  const rendered = outputs.map((output) => ({
    file: output.file,
    text: reporterFor(output.format).render(report, { color: false }),
  }));
  for (const { file, text } of rendered) writeReportFile(file, text);
}

const WRITE_ERRORS: Record<string, string> = {
  EEXIST: "a folder on its path is a file",
  ENOTDIR: "a folder on its path is a file",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
};

/** Writes one report or baseline file whole, or fails with one line naming it. */
export function writeReportFile(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = WRITE_ERRORS[code] ?? (error as Error).message;
    throw new ThreatloopError("io", `cannot write the report: ${reason}`, {
      location: { file },
      cause: error,
    });
  }
}
