import test from "ava";
import { renderDashboard } from "../../src/dashboard/html.js";
import { computeMetrics } from "../../src/metrics/metrics.js";
import type { ThreatModel } from "../../src/model/types.js";

const model: ThreatModel = {
  version: 1,
  system: { name: `</title><script>alert("x")</script>` },
  components: [{ id: "bucket", name: "b", layer: "paas", kind: "object-storage" }],
  threats: [
    {
      id: "T-1",
      title: "<img src=x onerror=alert(1)>",
      stride: ["tampering"],
      layer: "paas",
      components: ["bucket"],
      severity: "high",
      controls: [{ control: "aws.s3.public-access-blocked" }],
    },
  ],
};

function page(): string {
  const history = {
    system: model.system.name,
    runs: [],
    findings: [],
    driftChanges: [],
    waiverDecisions: [],
  };
  const metrics = computeMetrics(history, {
    model,
    tests: { generated: 0, handWritten: 0, share: null },
    today: "2026-01-01",
    expiryDays: 30,
  });
  return renderDashboard({ metrics, model, observed: [], generatedAt: "2026-01-01T00:00:00Z" });
}

test("model text reaches the dashboard escaped, never as markup", (t) => {
  const html = page();
  t.false(html.includes("<script>alert"));
  t.true(html.includes("&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  t.is(html.match(/<script>/g)?.length, 1);
});

test("the dashboard has no src, href or url() and a CSP that forbids loading", (t) => {
  const html = page();
  t.false(/\s(src|href)=/i.test(html));
  t.false(/url\(/i.test(html));
  t.true(
    html.includes(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`,
    ),
  );
});

test("with no runs the charts say so and the heat map shows the threat as never evaluated", (t) => {
  const html = page();
  t.is(html.match(/no runs recorded yet/g)?.length, 2);
  t.true(html.includes(`<td class="heat never-evaluated" title="T-1: never-evaluated">1</td>`));
});
