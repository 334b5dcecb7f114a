import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { isExpired, loadWaivers, waiverMatches } from "../../src/gate/waivers.js";
import { temporaryDir } from "../helpers.js";

const finding = (address: string, overrides: Partial<Finding> = {}): Finding => ({
  threat: "TL-001",
  control: "aws.s3.public-access-blocked",
  severity: "high",
  status: "fail",
  address,
  attribute: "x",
  message: "m",
  ...overrides,
});

const matchCases: [string, Parameters<typeof waiverMatches>[0], Finding, boolean][] = [
  ["a control id", { control: "aws.s3.public-access-blocked" }, finding("aws_s3_bucket.a"), true],
  [
    "another control id",
    { control: "aws.iam.no-wildcard-admin" },
    finding("aws_s3_bucket.a"),
    false,
  ],
  ["a threat id", { threat: "TL-001" }, finding("aws_s3_bucket.a"), true],
  ["an exact address", { address: "aws_s3_bucket.a" }, finding("aws_s3_bucket.a"), true],
  ["an address glob", { address: "aws_s3_bucket.*" }, finding("aws_s3_bucket.logs"), true],
  [
    "an address without instance keys",
    { address: "module.m.aws_s3_bucket.b" },
    finding('module.m["x"].aws_s3_bucket.b[0]'),
    true,
  ],
  ["a module path", { module: "module.worker" }, finding("module.worker.aws_iam_role.r"), true],
  [
    "a module path with instances and nesting",
    { module: "module.worker" },
    finding('module.worker["a.b"].module.inner.aws_iam_role.r'),
    true,
  ],
  [
    "a module of a similar name",
    { module: "module.work" },
    finding("module.worker.aws_x.r"),
    false,
  ],
  ["a root resource for a module", { module: "module.worker" }, finding("aws_x.r"), false],
  [
    "every field together",
    { control: "aws.s3.public-access-blocked", threat: "TL-002", address: "aws_s3_bucket.a" },
    finding("aws_s3_bucket.a"),
    false,
  ],
];
for (const [name, match, subject, expected] of matchCases) {
  test(`a waiver ${expected ? "matches" : "does not match"} by ${name}`, (t) => {
    t.is(waiverMatches(match, subject), expected);
  });
}

test("a waiver holds through its expiry day and expires the day after", (t) => {
  t.false(isExpired({ expires: "2026-06-01" }, "2026-06-01"));
  t.true(isExpired({ expires: "2026-06-01" }, "2026-06-02"));
});

const VALID = `version: 1
waivers:
  - id: W-1
    match: { control: aws.s3.public-access-blocked, address: "aws_s3_bucket.*" }
    owner: data-team
    reason: bucket is migrated next sprint
    ticket: SEC-12
    expires: 2026-12-31
`;

const write = (text: string): string => {
  const file = join(temporaryDir(), "waivers.yaml");
  writeFileSync(file, text);
  return file;
};

test("loads waivers with the position of each", async (t) => {
  const file = write(VALID);
  const [waiver] = await loadWaivers(file);
  t.is(waiver?.id, "W-1");
  t.is(waiver?.expires, "2026-12-31");
  t.deepEqual(waiver?.location, { file, line: 3, column: 5 });
});

const errorCases: [string, string, string][] = [
  [
    "a missing owner",
    VALID.replace("    owner: data-team\n", ""),
    ":3:5: waivers.0 must have required property 'owner'",
  ],
  [
    "an unknown field",
    VALID.replace("owner:", "ownr:"),
    `:5:5: waivers.0 has an unknown field "ownr"`,
  ],
  [
    "an empty match",
    VALID.replace(/match: .*\n/, "match: {}\n"),
    ":4:12: waivers.0.match must NOT have fewer than 1 properties",
  ],
  [
    "a date that does not exist",
    VALID.replace("2026-12-31", "2026-02-30"),
    `:8:14: waiver W-1 expires on "2026-02-30" (hint: a date that exists, written YYYY-MM-DD)`,
  ],
  ["a duplicate id", VALID + VALID.split("waivers:\n")[1], `:9:9: duplicate waiver id "W-1"`],
  ["invalid YAML", "version: 1\nwaivers: [", ":2:11: invalid YAML: "],
];
for (const [name, text, message] of errorCases) {
  test(`refuses a waivers file with ${name}, naming the position`, async (t) => {
    const file = write(text);
    const error = await t.throwsAsync(() => loadWaivers(file), { instanceOf: ThreatloopError });
    t.true(error?.render().startsWith(`${file}${message}`), error?.render());
  });
}

test("refuses a waivers file that does not exist", async (t) => {
  const error = await t.throwsAsync(() => loadWaivers("/nonexistent/waivers.yaml"));
  t.is(
    (error as ThreatloopError).render(),
    "/nonexistent/waivers.yaml: cannot read the waivers file: file not found",
  );
});
