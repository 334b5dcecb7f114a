import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { parseAttributePath } from "../../src/catalog/attribute-path.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { ThreatloopError } from "../../src/errors.js";
import { temporaryDir } from "../helpers.js";

/** A one-control catalog folder, on two resource types, whose control carries this tftest. */
function catalogWith(tftest: string): string {
  const dir = temporaryDir("threatloop-catalog-");
  mkdirSync(join(dir, "aws"));
  const yaml = [
    "provider: aws",
    "service: rds",
    "rego_package: threatloop.controls.aws.rds",
    "controls:",
    "  - id: aws.rds.backup",
    "    title: Backups are kept",
    "    rule: backup_retention",
    "    severity: medium",
    "    layer: paas",
    "    resource_types: [aws_db_instance, aws_rds_cluster]",
    "    params:",
    "      minimum_days: { description: Days, default: 7 }",
    "    tftest:",
    ...tftest.split("\n").map((line) => `      ${line}`),
    "",
  ].join("\n");
  writeFileSync(join(dir, "aws", "rds.yaml"), yaml);
  return dir;
}

const paths: [string, (string | number)[] | undefined][] = [
  ["storage_encrypted", ["storage_encrypted"]],
  [
    "encryption_info[0].encryption_in_transit[0].client_broker",
    ["encryption_info", 0, "encryption_in_transit", 0, "client_broker"],
  ],
  ['metadata["serial-port-enable"]', ["metadata", "serial-port-enable"]],
  ['tags["a\\"b"].x', ["tags", 'a"b', "x"]],
  ["[0].x", undefined],
  ["a..b", undefined],
  ["a[x]", undefined],
  ["a.", undefined],
  ['a["\\q"]', undefined],
  ["", undefined],
];

for (const [text, expected] of paths) {
  test(`attribute path ${JSON.stringify(text)} reads as ${JSON.stringify(expected)}`, (t) => {
    t.deepEqual(parseAttributePath(text), expected);
  });
}

test("a spec covers all the control's types unless it names some, and reads its operator", (t) => {
  const control = loadCatalog(
    catalogWith(
      "{ attribute: backup_retention_period, minimum: 7, param: minimum_days, default: 1 }",
    ),
  ).controls.get("aws.rds.backup");
  t.deepEqual(control?.tftest, [
    {
      attribute: "backup_retention_period",
      path: ["backup_retention_period"],
      operator: "minimum",
      operand: 7,
      default: 1,
      types: ["aws_db_instance", "aws_rds_cluster"],
      param: "minimum_days",
    },
  ]);
});

test("a list of specs gives each its types, and when its own check", (t) => {
  const control = loadCatalog(
    catalogWith(
      [
        "- { types: [aws_db_instance], attribute: 'a[0].b', set: true }",
        "- types: [aws_rds_cluster]",
        "  attribute: c",
        "  allowed: [x]",
        "  when: { attribute: engine, forbidden: [aurora] }",
      ].join("\n"),
    ),
  ).controls.get("aws.rds.backup");
  t.deepEqual(control?.tftest, [
    {
      attribute: "a[0].b",
      path: ["a", 0, "b"],
      operator: "set",
      operand: true,
      default: null,
      types: ["aws_db_instance"],
    },
    {
      attribute: "c",
      path: ["c"],
      operator: "allowed",
      operand: ["x"],
      default: null,
      types: ["aws_rds_cluster"],
      when: {
        attribute: "engine",
        path: ["engine"],
        operator: "forbidden",
        operand: ["aurora"],
        default: null,
      },
    },
  ]);
});

const rejected: [string, string, RegExp][] = [
  [
    "an attribute that is not a path",
    "{ attribute: 'a[x]', allowed: [true] }",
    /rds\.yaml:14:\d+: tftest attribute must be a path such as metadata_options\[0\]\.http_tokens/,
  ],
  [
    "two operators",
    "{ attribute: a, allowed: [true], forbidden: [false] }",
    new RegExp(
      String.raw`rds\.yaml:14:\d+: tftest needs exactly one of ` +
        "allowed, forbidden, minimum, includes, excludes, set",
    ),
  ],
  ["no operator", "{ attribute: a, default: 1 }", /rds\.yaml:14:\d+: tftest needs exactly one of/],
  [
    "a minimum that is not a number",
    "{ attribute: a, minimum: '7' }",
    /rds\.yaml:14:\d+: tftest minimum must be a number/,
  ],
  [
    "an allowed value that is not a list",
    "{ attribute: a, allowed: true }",
    /allowed must be a list/,
  ],
  ["a set that is not true", "{ attribute: a, set: false }", /tftest set must be true/],
  [
    "a param whose default differs from the operand",
    "{ attribute: a, minimum: 14, param: minimum_days }",
    new RegExp(
      String.raw`rds\.yaml:14:\d+: tftest param must name a parameter of the control ` +
        "whose default is the minimum value",
    ),
  ],
  [
    "a param the control does not declare",
    "{ attribute: a, minimum: 7, param: days }",
    /tftest param must name a parameter of the control/,
  ],
  [
    "a type the control does not judge",
    "{ types: [aws_instance], attribute: a, set: true }",
    /rds\.yaml:14:\d+: tftest types must be resource types of the control/,
  ],
  [
    "a type two specs cover",
    "- { attribute: a, set: true }\n- { types: [aws_rds_cluster], attribute: b, set: true }",
    /rds\.yaml:15:\d+: tftest covers aws_rds_cluster twice; give each type one spec/,
  ],
  ["an unknown field", "{ attribute: a, set: true, minimal: 1 }", /unknown tftest field "minimal"/],
  [
    "a when with a param",
    "{ attribute: a, set: true, when: { attribute: b, minimum: 7, param: minimum_days } }",
    /rds\.yaml:14:\d+: when takes no param/,
  ],
];

for (const [title, tftest, pattern] of rejected) {
  test(`catalog tftest: rejects ${title} with its position`, (t) => {
    const error = t.throws(() => loadCatalog(catalogWith(tftest)), {
      instanceOf: ThreatloopError,
    });
    t.regex(error?.render() ?? "", pattern);
  });
}
