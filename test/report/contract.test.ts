import test from "ava";
import { REPORT_FORMATS, type ReportFormat, reporterFor } from "../../src/report/index.js";
import type { EvalReport } from "../../src/report/types.js";
import { HOSTILE, sampleReport } from "./sample.js";
import { junitErrors, sarifErrors } from "./validators.js";

/**
 * What the contract needs to know of each format: whether a document is well formed, whether
 * hostile text stayed inert, and the text a reader of the format sees (entities and escapes
 * decoded) so the suite can look for every failing finding in it.
 */
interface Probe {
  wellFormed(output: string): Promise<string[]>;
  inert(output: string): boolean;
  readable(output: string): string;
}

const jsonStrings = (output: string): string => collectStrings(JSON.parse(output)).join("\n");

const PROBES: Record<ReportFormat, Probe> = {
  text: {
    wellFormed: async (o) => (o.endsWith("\n") ? [] : ["no final newline"]),
    // Without colour, the only control character a text report may hold is the line break.
    inert: (o) => !/\p{Cc}/u.test(o.replaceAll("\n", "")),
    readable: (o) => o,
  },
  json: {
    wellFormed: async (o) => (JSON.parse(o) ? [] : ["empty"]),
    inert: (o) => jsonStrings(o).includes(HOSTILE),
    readable: jsonStrings,
  },
  sarif: {
    wellFormed: async (o) => sarifErrors(JSON.parse(o)),
    inert: (o) => jsonStrings(o).includes(HOSTILE),
    readable: jsonStrings,
  },
  junit: {
    wellFormed: junitErrors,
    inert: (o) => !o.includes("<script") && !o.includes("\u0007"),
    readable: (o) =>
      o
        .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&"),
  },
  github: {
    wellFormed: async (o) =>
      o
        .trimEnd()
        .split("\n")
        .filter((line) => !/^::(error|warning|notice) [^:]*::/.test(line)),
    inert: (o) =>
      o
        .trimEnd()
        .split("\n")
        .every((line) => !line.startsWith("::error::injected")),
    readable: (o) => decodeURIComponent(o.replace(/%(?![0-9A-F]{2})/g, "%25")),
  },
  markdown: {
    wellFormed: async (o) => (o.startsWith("## threatloop: gate") ? [] : ["no heading"]),
    // Every table row keeps its 8 cell borders: no `|` from the text opened a new cell.
    inert: (o) =>
      !o.includes("<script") &&
      o
        .split("\n")
        .filter((line) => line.startsWith("| "))
        .every((line) => (line.match(/(?<!\\)\|/g) ?? []).length === 8),
    readable: (o) => o.replace(/\\(.)/g, "$1").replace(/`+ ?/g, ""),
  },
};

const render = (format: ReportFormat, report: EvalReport) =>
  reporterFor(format).render(report, { color: false });

for (const format of REPORT_FORMATS) {
  const probe = PROBES[format];

  test(`${format}: renders the same report to the same bytes`, (t) => {
    t.is(render(format, sampleReport()), render(format, structuredClone(sampleReport())));
  });

  test(`${format}: renders a well-formed report of zero findings`, async (t) => {
    t.deepEqual(await probe.wellFormed(render(format, sampleReport([]))), []);
  });

  test(`${format}: renders a well-formed report of every status`, async (t) => {
    t.deepEqual(await probe.wellFormed(render(format, sampleReport())), []);
  });

  test(`${format}: keeps hostile text from the plan inert`, (t) => {
    t.true(probe.inert(render(format, sampleReport())));
  });

  test(`${format}: includes every failing, unknown and waived finding`, (t) => {
    const report = sampleReport();
    const readable = probe.readable(render(format, report));
    const shown = report.findings.filter((f) => f.status !== "pass");
    t.true(shown.length >= 3);
    for (const finding of shown) t.true(readable.includes(finding.address), finding.address);
  });

  test(`${format}: shows a waived finding as waived`, (t) => {
    const readable = probe.readable(render(format, sampleReport()));
    t.regex(readable, /waive/i);
  });
}

function collectStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value && typeof value === "object") return Object.values(value).flatMap(collectStrings);
  return [];
}
