import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import { loadInput } from "../../src/inputs/load.js";
import { ROOT } from "../helpers.js";
import { loadView } from "./view-module.js";

const DRIFTCTL_STATES = "driftctl/pkg/iac/terraform/state/enumerator/testdata";

const CORPUS = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");

interface Fixture {
  file: string;
  format: string;
  role: string;
}

/** Plan and state files of the corpus: by format, or JSON whose role says plan or state. */
function isPlanOrState(fixture: Fixture): boolean {
  if (fixture.format === "tfplan-json" || fixture.format === "tfstate") return true;
  return (
    fixture.format === "json" &&
    (fixture.role === "terraform state fixture" ||
      fixture.role.startsWith("expected `terraform show -json` output"))
  );
}

/** Files Terraform itself would not read, with the error threatloop must give instead. */
const REJECTED: Record<string, { reason: string; error: RegExp }> = {
  "terraform/internal/command/testdata/show-json-state/empty/terraform.tfstate": {
    reason: "an empty file",
    error: /: the file is empty$/,
  },
  [`${DRIFTCTL_STATES}/edge_cases/terraform.tfstate/terraform.tfstate`]: {
    reason: "an empty file",
    error: /: the file is empty$/,
  },
  "driftctl/pkg/iac/terraform/state/enumerator/testdata/states/lambda/lambda.tfstate": {
    reason: "an empty file",
    error: /: the file is empty$/,
  },
  "driftctl/pkg/iac/terraform/state/enumerator/testdata/states/s3/terraform.tfstate": {
    reason: "an empty file",
    error: /: the file is empty$/,
  },
  "driftctl/pkg/iac/terraform/state/enumerator/testdata/states/terraform.tfstate": {
    reason: "an empty file",
    error: /: the file is empty$/,
  },
  "driftctl/pkg/iac/terraform/state/enumerator/testdata/no_state_here/dummy.json": {
    reason: "an empty object, neither plan nor state",
    error: /: the input is not a Terraform plan or state: it has no format_version/,
  },
  "startleft/slp_tfplan/resources/schemas/tfplan_schema.json": {
    reason: "a JSON Schema of plans, not a plan",
    error: /: the input is not a Terraform plan or state: it has no format_version/,
  },
};

const fixtures = existsSync(join(CORPUS, "FIXTURES.json"))
  ? (JSON.parse(readFileSync(join(CORPUS, "FIXTURES.json"), "utf8")) as Fixture[]).filter(
      isPlanOrState,
    )
  : [];
const view = loadView();

test("the corpus lists plan and state files to load", (t) => {
  t.true(fixtures.length > 200, `no corpus at ${CORPUS}`);
  for (const file of Object.keys(REJECTED))
    t.true(
      fixtures.some((f) => f.file === file),
      file,
    );
});

for (const fixture of fixtures) {
  const rejected = REJECTED[fixture.file];
  if (rejected) {
    test(`refuses ${fixture.file}: ${rejected.reason}`, async (t) => {
      const evaluate = await view;
      const error = await t.throwsAsync(
        async () => {
          const document = await loadInput(join(CORPUS, fixture.file));
          const report = evaluate(document);
          if (report.errors.length > 0) {
            throw new ThreatloopError("input", report.errors[0] ?? "", {
              location: { file: document.file },
            });
          }
        },
        { instanceOf: ThreatloopError },
      );
      t.regex(error?.render() ?? "", rejected.error);
    });
    continue;
  }
  test(`loads ${fixture.file} with the addresses it holds`, async (t) => {
    const evaluate = await view;
    const document = await loadInput(join(CORPUS, fixture.file));
    const report = evaluate(document);
    t.deepEqual(report.errors, []);
    t.deepEqual([...report.addresses].sort(), expectedAddresses(join(CORPUS, fixture.file)));
  });
}

interface Change {
  address: string;
  mode: string;
  deposed?: string;
}

interface StateResource {
  address: string;
  mode: string;
  deposed_key?: string;
}

interface StateModule {
  resources?: StateResource[];
  child_modules?: StateModule[];
}

interface RawResource {
  module?: string;
  mode: string;
  type: string;
  name: string;
  instances: { index_key?: string | number; deposed?: string }[];
}

interface ShowJson {
  plan?: ShowJson;
  resource_changes?: Change[];
  planned_values?: unknown;
  values?: { root_module?: StateModule };
}

/** The managed instances a file holds, worked out from its JSON apart from the library. */
function expectedAddresses(file: string): string[] {
  const raw = readFileSync(file);
  const text = raw[0] === 0xff && raw[1] === 0xfe ? raw.toString("utf16le") : raw.toString();
  const json = JSON.parse(text.replace(/^\uFEFF/, "")) as ShowJson & { resources?: RawResource[] };
  if (!Array.isArray(json.resources)) {
    const doc = typeof json.plan === "object" ? json.plan : json;
    if (Array.isArray(doc.resource_changes) || typeof doc.planned_values === "object") {
      return (doc.resource_changes ?? [])
        .filter((rc) => rc.mode === "managed")
        .map((rc) => (rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address))
        .sort();
    }
    return stateAddresses(doc.values?.root_module).sort();
  }
  const addresses: string[] = [];
  for (const resource of json.resources) {
    if (resource.mode !== "managed") continue;
    const prefix = resource.module ? `${resource.module}.` : "";
    for (const instance of resource.instances) {
      const key = instance.index_key;
      const index = key === undefined ? "" : `[${JSON.stringify(key)}]`;
      const deposed = instance.deposed ? ` (deposed ${instance.deposed})` : "";
      addresses.push(`${prefix}${resource.type}.${resource.name}${index}${deposed}`);
    }
  }
  return addresses.sort();
}

function stateAddresses(module: StateModule | undefined): string[] {
  if (!module) return [];
  const own = (module.resources ?? [])
    .filter((resource) => resource.mode === "managed")
    .map((resource) =>
      resource.deposed_key
        ? `${resource.address} (deposed ${resource.deposed_key})`
        : resource.address,
    );
  return [...own, ...(module.child_modules ?? []).flatMap(stateAddresses)];
}
