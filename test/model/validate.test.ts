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
  ...moreCases(),
];

/** Replaces the threat's single control entry with the given lines (indented 6 spaces). */
function withControl(lines: string): string {
  return VALID.replace(
    "      - control: aws.s3.public-access-blocked\n",
    lines.replace(/^/gm, "      "),
  ).replace(/ +\n/g, "\n");
}

function moreCases(): [string, string, string[]][] {
  const ZONES = "trust_zones:\n  - { id: private, name: Private }\nthreats:";
  return [
    [
      "unknown flow endpoint",
      VALID.replace("threats:", "flows:\n  - { from: bucket, to: api }\nthreats:"),
      ['m:12:25 error: flow to unknown component "api"'],
    ],
    [
      "a flow to itself",
      VALID.replace("threats:", "flows:\n  - { from: bucket, to: bucket }\nthreats:"),
      ['m:12:25 warning: flow from "bucket" to itself crosses no boundary'],
    ],
    [
      "duplicate flow id",
      VALID.replace(
        "threats:",
        "flows:\n  - { id: f1, from: bucket, to: bucket }\n" +
          "  - { id: f1, from: bucket, to: bucket }\nthreats:",
      ),
      [
        'm:13:11 error: duplicate flow id "f1"',
        'm:12:33 warning: flow from "bucket" to itself crosses no boundary',
        'm:13:33 warning: flow from "bucket" to itself crosses no boundary',
      ],
    ],
    [
      "duplicate threat id",
      VALID + VALID.slice(VALID.indexOf("  - id: T1")),
      ['m:20:9 error: duplicate threat id "T1"'],
    ],
    [
      "unknown trust zone of a component",
      VALID.replace(
        "    kind: object-storage",
        "    kind: object-storage\n    trust_zone: privat",
      ).replace("threats:", ZONES),
      ['m:9:17 error: component "bucket" is in unknown trust zone "privat"'],
    ],
    [
      "duplicate trust zone id",
      VALID.replace(
        "threats:",
        `${ZONES.replace("threats:", "")}  - { id: private, name: P2 }\nthreats:`,
      ),
      ['m:13:11 error: duplicate trust zone id "private"'],
    ],
    [
      "unknown trust zone of a boundary",
      VALID.replace(
        "threats:",
        `${ZONES.replace("threats:", "")}trust_boundaries:\n` +
          "  - { id: edge, name: Edge, zones: [private, internet] }\nthreats:",
      ),
      ['m:14:46 error: trust boundary "edge" names unknown trust zone "internet"'],
    ],
    [
      "unknown component of a boundary",
      VALID.replace(
        "threats:",
        "trust_boundaries:\n  - { id: edge, name: Edge, components: [bucket, web] }\nthreats:",
      ),
      ['m:12:50 error: trust boundary "edge" names unknown component "web"'],
    ],
    [
      "bad id characters",
      VALID.replace("  - id: bucket", "  - id: -bucket").replace("[bucket]", "[-bucket]"),
      ['m:5:9 error: components.0.id must match pattern "^[A-Za-z0-9][A-Za-z0-9._:-]*$"'],
    ],
    [
      "a missing required field",
      VALID.replace("    severity: high\n", ""),
      ["m:12:5 error: threats.0 must have required property 'severity'"],
    ],
    [
      "an unknown STRIDE category",
      VALID.replace("[information-disclosure]", "[info-leak]"),
      ["m:14:14 error: threats.0.stride.0 must be equal to one of the allowed values"],
    ],
    [
      "a wrong version",
      VALID.replace("version: 1", "version: 2"),
      ["m:1:10 error: version must be equal to constant"],
    ],
    [
      "a risk acceptance without justification",
      withControl(
        "- control: aws.s3.public-access-blocked\n  status: risk-accepted\n" +
          "  expires: 2999-01-01\n",
      ),
      ["m:20:17 error: a risk acceptance needs a justification"],
    ],
    [
      "a risk acceptance without expiry",
      withControl(
        "- control: aws.s3.public-access-blocked\n  status: risk-accepted\n" +
          "  justification: legacy\n",
      ),
      ["m:20:17 error: a risk acceptance needs an expiry date (expires: YYYY-MM-DD)"],
    ],
    [
      "an expiry that is not a calendar date",
      withControl(
        "- control: aws.s3.public-access-blocked\n  status: risk-accepted\n" +
          "  justification: legacy\n  expires: 2030-02-30\n",
      ),
      ['m:22:18 error: "2030-02-30" is not a calendar date'],
    ],
    [
      "a justification without risk acceptance",
      withControl(
        "- control: aws.s3.public-access-blocked\n  status: implemented\n" +
          "  justification: legacy\n",
      ),
      ["m:21:24 warning: justification applies only to status: risk-accepted"],
    ],
    [
      "an entry with neither control nor assert",
      withControl("- status: planned\n"),
      [
        "m:19:9 error: a control entry needs control: (a catalog id) or assert: " +
          "(an inline assertion)",
      ],
    ],
    [
      "an entry with both control and assert",
      withControl(
        "- control: aws.s3.public-access-blocked\n  id: a1\n" +
          "  assert: { resource_type: aws_s3_bucket }\n",
      ),
      ["m:19:9 error: a control entry has both control: and assert:"],
    ],
    [
      "an inline assertion without id",
      withControl("- assert: { resource_type: aws_s3_bucket }\n"),
      ["m:19:17 error: an inline assertion needs an id"],
    ],
    [
      "duplicate inline assertion ids",
      withControl(
        "- { id: a1, assert: { resource_type: aws_s3_bucket } }\n" +
          "- { id: a1, assert: { resource_type: aws_s3_bucket } }\n",
      ),
      ['m:20:15 error: duplicate assertion id "a1" in threat "T1"'],
    ],
    [
      "a reference relation without via",
      withControl(
        "- id: versioned\n  assert:\n    resource_type: aws_s3_bucket_versioning\n" +
          "    relation: references\n",
      ),
      ['m:22:21 error: relation "references" needs via: the attribute that holds the reference'],
    ],
    [
      "via on a self relation",
      withControl("- id: tagged\n  assert:\n    resource_type: aws_s3_bucket\n    via: bucket\n"),
      ["m:22:16 error: via applies only to relations references and referenced-by"],
    ],
    [
      "an assertion on a type no component binds",
      withControl("- id: q\n  assert:\n    resource_type: aws_sqs_queue\n"),
      ['m:21:26 warning: no component of threat "T1" binds aws_sqs_queue'],
    ],
    [
      "params on an inline assertion",
      withControl("- id: q\n  params: { a: 1 }\n  assert:\n    resource_type: aws_s3_bucket\n"),
      ["m:20:9 error: params apply to catalog controls only"],
    ],
    [
      "a condition without value",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    conditions:\n" +
          "      - { path: acl, op: equals }\n",
      ),
      ["m:23:15 error: op equals needs a value"],
    ],
    [
      "a value on exists",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    conditions:\n" +
          "      - { path: acl, op: exists, value: x }\n",
      ),
      ["m:23:47 error: op exists takes no value"],
    ],
    [
      "a scalar value for in",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    conditions:\n" +
          "      - { path: acl, op: in, value: private }\n",
      ),
      ["m:23:43 error: op in needs a list value"],
    ],
    [
      "a text value for gte",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    conditions:\n" +
          "      - { path: retention.0.days, op: gte, value: ninety }\n",
      ),
      ["m:23:57 error: op gte needs a number value"],
    ],
    [
      "conditions with require none",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    require: none\n" +
          "    conditions:\n      - { path: acl, op: exists }\n",
      ),
      ["m:24:13 error: require: none takes no conditions"],
    ],
    [
      "a glob that does not compile in matches",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    conditions:\n" +
          '      - { path: bucket, op: matches, value: "logs-[" }\n',
      ),
      ['m:23:51 error: the glob "logs-[" is invalid: "[" is not closed'],
    ],
    [
      "a threat without components",
      VALID.replace("components: [bucket]", "components: []"),
      ['m:16:17 warning: threat "T1" names no components, so its controls check nothing'],
    ],
    [
      "a malformed condition path",
      withControl(
        "- id: v\n  assert:\n    resource_type: aws_s3_bucket\n    conditions:\n" +
          '      - { path: "a..b", op: exists }\n',
      ),
      [
        "m:23:23 error: threats.0.controls.0.assert.conditions.0.path must match pattern " +
          '"^[A-Za-z_][A-Za-z0-9_]*(\\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$"',
      ],
    ],
    [
      "an observed status written with an unknown value",
      withControl("- control: aws.s3.public-access-blocked\n  observed: { status: green }\n"),
      [
        "m:20:29 error: threats.0.controls.0.observed.status " +
          "must be equal to one of the allowed values",
      ],
    ],
  ];
}

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
  [
    "a document over 16 MiB",
    `version: 1\nx: "${"a".repeat(16 * 1024 * 1024)}"\n`,
    /model\.yaml: file is larger than 16 MiB$/,
  ],
];

for (const [name, text, pattern] of fatal) {
  test(`stops on ${name} with one positioned line`, (t) => {
    const error = t.throws(() => check(text), { instanceOf: ThreatloopError });
    t.regex(error?.render() ?? "", pattern);
  });
}
