import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { ThreatloopError } from "../../src/errors.js";
import { temporaryDir } from "../helpers.js";

/** A one-control catalog folder whose control declares `ports` and names these equivalents. */
function catalogWith(equivalents: string): string {
  const dir = temporaryDir("threatloop-catalog-");
  mkdirSync(join(dir, "aws"));
  const yaml = [
    "provider: aws",
    "service: ec2",
    "rego_package: threatloop.controls.aws.ec2",
    "controls:",
    "  - id: aws.ec2.admin",
    "    title: No admin ports",
    "    rule: admin_ports_closed",
    "    severity: high",
    "    layer: iaas",
    "    params:",
    "      ports: { description: Ports, default: [22, 3389] }",
    "    equivalents:",
    ...equivalents.split("\n").map((line) => `      ${line}`),
    "",
  ].join("\n");
  writeFileSync(join(dir, "aws", "ec2.yaml"), yaml);
  return dir;
}

const read: [string, string, unknown][] = [
  [
    "plain ids carry no params",
    "checkov: [CKV_AWS_24]",
    { checkov: [{ id: "CKV_AWS_24", params: {} }] },
  ],
  [
    "an entry with params keeps them",
    "kics:\n  - { id: k1, params: { ports: [22] } }\n  - k2",
    {
      kics: [
        { id: "k1", params: { ports: [22] } },
        { id: "k2", params: {} },
      ],
    },
  ],
];

for (const [title, equivalents, expected] of read) {
  test(`catalog equivalents: ${title}`, (t) => {
    const control = loadCatalog(catalogWith(equivalents)).controls.get("aws.ec2.admin");
    t.deepEqual(control?.equivalents, expected);
  });
}

const rejected: [string, string, RegExp][] = [
  [
    "a parameter the control does not declare",
    "checkov:\n  - { id: CKV_AWS_24, params: { port: [22] } }",
    new RegExp(
      String.raw`ec2\.yaml:14:\d+: equivalent CKV_AWS_24 sets unknown parameter "port"` +
        ".*its parameters are ports",
    ),
  ],
  [
    "a single value for a list parameter",
    "checkov:\n  - { id: CKV_AWS_24, params: { ports: 22 } }",
    /ec2\.yaml:14:\d+: parameter "ports" must be a list/,
  ],
  [
    "an entry without an id",
    "checkov:\n  - { params: { ports: [22] } }",
    /ec2\.yaml:14:\d+: an equivalent is a rule id or \{ id, params \}/,
  ],
  [
    "a tool without a list",
    "checkov: CKV_AWS_24",
    /ec2\.yaml:13:\d+: equivalents\.checkov must be a list/,
  ],
];

for (const [title, equivalents, pattern] of rejected) {
  test(`catalog equivalents: rejects ${title} with its position`, (t) => {
    const error = t.throws(() => loadCatalog(catalogWith(equivalents)), {
      instanceOf: ThreatloopError,
    });
    t.regex(error?.render() ?? "", pattern);
  });
}
