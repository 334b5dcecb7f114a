import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import test from "ava";
import { chromium } from "playwright-core";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, runCli, temporaryDir } from "../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const browserTest = hasChromium ? test : test.skip;
const why = hasChromium ? "" : " (skipped: /usr/bin/chromium is not installed; see tools/setup.sh)";

/** A history with two evaluations and two drift runs of the example, recorded by the CLI. */
function recordExampleHistory(dir: string): string {
  const history = join(dir, "h.sqlite");
  const deployed = join(dir, "deployed.json");
  const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, "utf8"));
  writeFileSync(deployed, JSON.stringify({ format_version: "1.0", values: plan.planned_values }));
  for (let i = 0; i < 2; i++) {
    runCli(["eval", EXAMPLE_PLAN, "-m", EXAMPLE_MODEL, "--history", history, "-q"]);
  }
  for (const desired of [EXAMPLE_PLAN, deployed]) {
    const args = ["--desired", desired, "--deployed", deployed, "-m", EXAMPLE_MODEL];
    runCli(["drift", ...args, "--history", history, "-q"]);
  }
  return history;
}

browserTest(
  `the dashboard renders in headless Chromium with no console error or request${why}`,
  async (t) => {
    const dir = temporaryDir();
    const history = recordExampleHistory(dir);
    const page = join(dir, "dashboard.html");
    const run = runCli(["report", "--html", page, "-m", EXAMPLE_MODEL, "--history", history]);
    t.is(run.code, 0, run.stderr);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      tab.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      tab.on("pageerror", (error) => errors.push(error.message));
      tab.on("request", (request) => requests.push(request.url()));
      tab.on("requestfailed", (request) => errors.push(`failed: ${request.url()}`));
      const url = pathToFileURL(page).href;
      await tab.goto(url, { waitUntil: "load" });

      t.is(await tab.locator("h1").textContent(), "threatloop: Customer exports API");
      t.is(await tab.locator("svg").count(), 4);
      t.is((await tab.locator(".heatmap td.heat.fail").count()) > 0, true);
      t.is((await tab.locator("text=aws_s3_bucket.access_logs").count()) > 0, true);

      // Sorting the failing controls by threat, descending, puts TL-004 first.
      const header = tab.locator("section:has(h2:text('Failing controls')) th").first();
      await header.click();
      await header.click();
      const first = tab.locator("section:has(h2:text('Failing controls')) tbody tr td").first();
      t.is(await first.textContent(), "TL-004");

      const screenshot = join(dir, "dashboard.png");
      await tab.screenshot({ path: screenshot, fullPage: true });
      t.true(readFileSync(screenshot).length > 10_000);
      t.log(`screenshot: ${screenshot}`);
      t.deepEqual(errors, []);
      t.deepEqual(requests, [url]);
    } finally {
      await browser.close();
    }
  },
);
