import { githubReporter } from "./github.js";
import { jsonReporter } from "./json.js";
import { junitReporter } from "./junit.js";
import { markdownReporter } from "./markdown.js";
import { sarifReporter } from "./sarif.js";
import { textReporter } from "./text.js";
import type { EvalReport, RenderOptions, Reporter } from "./types.js";

/** Output formats of validate, generate and build, shared by the help text and the option check. */
export const FORMATS = ["text", "json"] as const;
export type Format = (typeof FORMATS)[number];

/** Report formats of eval: every reporter. */
export const REPORT_FORMATS = ["text", "json", "sarif", "junit", "github", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const REPORTERS: Record<ReportFormat, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  github: githubReporter,
  markdown: markdownReporter,
};

/** The reporter of a format. */
export function reporterFor(format: ReportFormat): Reporter {
  return REPORTERS[format];
}

/** A report's text in pieces when its reporter writes in pieces, else whole. */
export function renderChunks(
  format: ReportFormat,
  report: EvalReport,
  options: RenderOptions,
): Iterable<string> {
  const reporter = reporterFor(format);
  return reporter.chunks ? reporter.chunks(report, options) : [reporter.render(report, options)];
}
