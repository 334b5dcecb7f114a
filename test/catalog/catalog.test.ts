import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";

const catalog = loadCatalog();

test("loads every control with the fields generators rely on", (t) => {
  t.deepEqual([...catalog.controls.keys()].sort(), [
    "aws.ec2.no-internet-admin-ports",
    "aws.iam.no-wildcard-admin",
    "aws.s3.public-access-blocked",
  ]);
  for (const control of catalog.controls.values()) {
    t.true(control.resource_types.length > 0, control.id);
    t.regex(control.rego.package, /^threatloop\.controls\.aws\.[a-z0-9]+$/);
    t.true(control.examples.good.length > 0 && control.examples.bad.length > 0, control.id);
    t.true(Object.keys(control.equivalents).length > 0, control.id);
  }
});
