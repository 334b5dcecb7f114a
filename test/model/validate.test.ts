import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { formatLocation, ThreatloopError } from "../../src/errors.js";
import { validateModelFile } from "../../src/model/load.js";
import { temporaryDir } from "../helpers.js";

const catalog = loadCatalog();

const VALID = `version: 1
system:
  name: Shop
components:
  - id: bucket
    name: Bucket
    layer: paas
    kind: object-storage
    terraform:
      types: [aws_s3_bucket]
threats:
  - id: T1
    title: Public bucket
    stride: [information-disclosure]
    layer: paas
    components: [bucket]
    severity: high
    controls:
      - control: aws.s3.public-access-blocked
`;

function check(text: string) {
  const file = join(temporaryDir(), "model.yaml");
  writeFileSync(file, text);
  const result = validateModelFile(file, catalog);
  return result.problems.map(
    (p) =>
      `${formatLocation(p.location).replace(/^.*model\.yaml/, "m")} ${p.severity}: ${p.message}`,
  );
}

test("accepts a valid model without problems", (t) => {
  t.deepEqual(check(VALID), []);
});

const cases: [string, string, string[]][] = [
  [
    "unknown component id",
    VALID.replace("components: [bucket]", "components: [bukket]"),
    ['m:16:18 error: threat "T1" names unknown component "bukket"'],
  ],
  [
    "unknown control id",
    VALID.replace("aws.s3.public-access-blocked", "aws.s3.public-access-block"),
    ['m:19:18 error: unknown control "aws.s3.public-access-block"'],
  ],
  [
    "threat without controls",
    VALID.replace(/controls:\n.*\n$/, "controls: []\n"),
    ['m:18:15 error: threat "T1" has no controls'],
  ],
  [
    "duplicate component id",
    VALID.replace(
      "threats:",
      "  - id: bucket\n    name: B2\n    layer: paas\n    kind: queue\nthreats:",
    ),
    [
      'm:11:9 error: duplicate component id "bucket"',
      'm:11:9 warning: component "bucket" has no terraform binding, so its controls check nothing',
    ],
  ],
  [
    "unknown field",
    VALID.replace("  name: Shop", "  name: Shop\n  colour: blue"),
    ['m:4:3 error: system has an unknown field "colour"'],
  ],
  [
    "bad severity",
    VALID.replace("severity: high", "severity: severe"),
    ["m:17:15 error: threats.0.severity must be equal to one of the allowed values"],
  ],
  [
    "unknown parameter",
    VALID.replace(
      "public-access-blocked\n",
      "public-access-blocked\n        params: {colour: 1}\n",
    ),
    ['m:20:18 error: control "aws.s3.public-access-blocked" has no parameter "colour"'],
  ],
  [
    "expired risk acceptance",
    VALID.replace(
      "public-access-blocked\n",
      "public-access-blocked\n        status: risk-accepted\n" +
        "        justification: legacy\n        expires: 2020-01-01\n",
    ),
    ["m:22:18 error: the risk acceptance expired on 2020-01-01"],
  ],
];

for (const [name, text, expected] of cases) {
  test(`reports ${name} with its position`, (t) => {
    t.deepEqual(check(text), expected);
  });
}

test("reports every problem at once", (t) => {
  const text = VALID.replace("components: [bucket]", "components: [a, b]").replace(
    "aws.s3.public-access-blocked",
    "nope",
  );
  t.is(check(text).length, 3);
});

const fatal: [string, string, RegExp][] = [
  ["a syntax error", "version: 1\nsystem: [\n", /model\.yaml:3:1: invalid YAML/],
  [
    "a duplicate key",
    "version: 1\nversion: 1\n",
    /model\.yaml:2:1: invalid YAML: Map keys must be unique/,
  ],
  [
    "a non-string key",
    "version: 1\n1: x\n",
    /model\.yaml:2:1: invalid YAML: mapping keys must be strings/,
  ],
  [
    "an alias bomb",
    [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "",
    ].join("\n"),
    /invalid YAML: .*alias/i,
  ],
];

for (const [name, text, pattern] of fatal) {
  test(`stops on ${name} with one positioned line`, (t) => {
    const error = t.throws(() => check(text), { instanceOf: ThreatloopError });
    t.regex(error?.render() ?? "", pattern);
  });
}
