import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import type { DriftChangeRecord, RunRecord, SystemHistory } from "../../src/history/query.js";
import { driftTimes } from "../../src/metrics/drift-times.js";
import { countTests, GENERATED_MARKER } from "../../src/metrics/test-share.js";
import { temporaryDir } from "../helpers.js";

test("counts generated and hand-written Rego and Terraform tests, skipping dependencies", (t) => {
  const root = temporaryDir();
  const files: Record<string, string> = {
    "policies/a_test.rego": "package a_test\n",
    "policies/b_test.rego": `# METADATA\n# description: ${GENERATED_MARKER}\npackage b\n`,
    "tests/s3.tftest.hcl": `# ${GENERATED_MARKER}\nrun "x" {}\n`,
    "tests/manual.tftest.hcl": 'run "y" {}\n',
    "policies/a.rego": "package a\n",
    "node_modules/dep/c_test.rego": "package c_test\n",
    ".threatloop/generated/d_test.rego": `# ${GENERATED_MARKER}\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  t.deepEqual(countTests(root), { generated: 2, handWritten: 2, share: 0.5 });
  t.deepEqual(countTests(join(root, "node_modules")), {
    generated: 0,
    handWritten: 1,
    share: 0,
  });
});

test("a folder without tests has no share rather than a share of zero", (t) => {
  t.deepEqual(countTests(temporaryDir()), { generated: 0, handWritten: 0, share: null });
});

function driftHistory(listed: string[][]): SystemHistory {
  const runs: RunRecord[] = listed.map((_, i) => ({
    id: i + 1,
    kind: "drift",
    at: `2026-01-01T${String(i * 6).padStart(2, "0")}:00:00Z`,
    system: "s",
    modelHash: "h",
    commit: null,
    environment: null,
    input: "live.json",
    gatePassed: true,
    manifest: { threats: [] } as unknown as RunRecord["manifest"],
    summary: {
      regressions: 0,
      fixed: 0,
      drift: 0,
      unmanaged: 0,
      missing: 0,
      serial: null,
      lineage: null,
    },
  }));
  const firstAt = new Map<string, string>();
  const driftChanges: DriftChangeRecord[] = listed.flatMap((fingerprints, i) =>
    fingerprints.map((fingerprint) => {
      if (!firstAt.has(fingerprint)) firstAt.set(fingerprint, runs[i]?.at as string);
      return {
        runId: i + 1,
        change: "regression" as const,
        threat: "T",
        control: "c",
        severity: "high",
        address: fingerprint,
        fingerprint,
        firstSeen: firstAt.get(fingerprint) as string,
      };
    }),
  );
  return { system: "s", runs, findings: [], driftChanges, waiverDecisions: [] };
}

test("time to detect runs from the last clean drift run, to fix until one without it", (t) => {
  // Runs every 6 hours: a appears in run 2 and is gone in run 4; b appears in run 3 and stays.
  const times = driftTimes(driftHistory([[], ["a"], ["a", "b"], ["b"]]));
  t.is(times.open_regressions, 1);
  t.is(times.fixed_regressions, 1);
  t.is(times.mean_hours_to_detect, 6);
  t.is(times.mean_hours_to_fix, 12);
  t.deepEqual(
    times.regressions.map((r) => `${r.address} ${r.runs} ${r.fixed_at}`),
    ["b 2 null", "a 2 2026-01-01T18:00:00Z"],
  );
});

test("a regression seen by the first drift run has no time to detect", (t) => {
  const times = driftTimes(driftHistory([["a"], ["a"]]));
  t.is(times.mean_hours_to_detect, null);
  t.is(times.mean_hours_to_fix, null);
  t.is(times.open_regressions, 1);
});
