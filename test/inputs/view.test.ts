import { join } from "node:path";
import test from "ava";
import { loadInput } from "../../src/inputs/load.js";
import { ROOT } from "../helpers.js";
import { loadView } from "./view-module.js";

const view = loadView();
const fixture = (name: string) => join(ROOT, "fixtures", "terraform", name, "plan.json");
const B = "aws_s3_bucket";
const P = "aws_s3_bucket_public_access_block";

async function viewOf(name: string) {
  return (await view)(await loadInput(fixture(name)));
}

/** Each bucket's public access blocks, as the view links them. */
const LINKS: { title: string; fixture: string; links: Record<string, string[]> }[] = [
  {
    title: "links a block by an id unknown at plan, by a literal name, and inside a child module",
    fixture: "bucket-links",
    links: {
      [`${B}.logs`]: [`${P}.logs`],
      [`${B}.named`]: [`${P}.named`],
      [`${B}.alone`]: [],
      [`module.store.${B}.data`]: [`module.store.${P}.data`],
    },
  },
  {
    title: "links each count and for_each instance to its own key, and a pinned index to one",
    fixture: "instances",
    links: {
      [`${B}.c[0]`]: [`${P}.c[0]`],
      [`${B}.c[1]`]: [`${P}.c[1]`, `${P}.pinned[0]`, `${P}.pinned[1]`],
      [`${B}.f["a.b"]`]: [`${P}.f["a.b"]`],
      [`${B}.f["q\\"x"]`]: [`${P}.f["q\\"x"]`],
    },
  },
  {
    title: "keeps the same type and name apart in sibling, nested and for_each modules",
    fixture: "modules",
    links: Object.fromEntries(
      ["module.a", "module.b", "module.a.module.inner", 'module.m["x.y"]', 'module.m["q\\"z"]'].map(
        (module) => [`${module}.${B}.b`, [`${module}.${P}.b`]],
      ),
    ),
  },
  {
    title: "links a block in a module to the caller's bucket passed in as a module input",
    fixture: "module-inputs",
    links: {
      [`${B}.main`]: [`module.guard.${P}.this`],
      [`${B}.other`]: [],
      [`${B}.shard[0]`]: [`module.guards[0].${P}.this`],
      [`${B}.shard[1]`]: [`module.guards[1].${P}.this`],
    },
  },
  {
    title: "links no deleted block, and a replaced bucket keeps its block",
    fixture: "changes",
    links: {
      [`${B}.gone`]: [],
      [`${B}.swap`]: [`${P}.swap`],
      [`${B}.swap (deposed 00000001)`]: [],
      [`${B}.kept`]: [`${P}.kept`],
    },
  },
];

for (const { title, fixture: name, links } of LINKS) {
  test(title, async (t) => {
    const report = await viewOf(name);
    t.deepEqual(report.errors, []);
    t.deepEqual(report.links, links);
  });
}

test("gives every instance its address, module path, configuration address and key", async (t) => {
  const { resources } = await viewOf("modules");
  t.deepEqual(resources[`module.m["q\\"z"].${P}.b`], {
    config: `module.m.${P}.b`,
    module: 'module.m["q\\"z"]',
    index: null,
    actions: ["create"],
    deposed: null,
  });
  const instances = (await viewOf("instances")).resources;
  t.is(instances[`${B}.f["a.b"]`]?.index, "a.b");
  t.is(instances[`${B}.c[1]`]?.config, `${B}.c`);
});

test("keeps delete, replace, no-op and deposed changes and leaves data sources out", async (t) => {
  const { addresses, resources } = await viewOf("changes");
  t.deepEqual([...addresses].sort(), [
    `${B}.gone`,
    `${B}.kept`,
    `${B}.swap`,
    `${B}.swap (deposed 00000001)`,
    `${P}.gone`,
    `${P}.kept`,
    `${P}.swap`,
  ]);
  t.deepEqual(resources[`${B}.gone`]?.actions, ["delete"]);
  t.deepEqual(resources[`${B}.swap`]?.actions, ["delete", "create"]);
  t.deepEqual(resources[`${P}.swap`]?.actions, ["no-op"]);
  t.is(resources[`${B}.swap (deposed 00000001)`]?.deposed, "00000001");
});

/** Each block's buckets, the reverse of the links above. */
const TARGETS: { fixture: string; targets: Record<string, string[]> }[] = [
  {
    fixture: "instances",
    targets: {
      [`${P}.c[0]`]: [`${B}.c[0]`],
      [`${P}.c[1]`]: [`${B}.c[1]`],
      [`${P}.f["a.b"]`]: [`${B}.f["a.b"]`],
      [`${P}.f["q\\"x"]`]: [`${B}.f["q\\"x"]`],
      [`${P}.pinned[0]`]: [`${B}.c[1]`],
      [`${P}.pinned[1]`]: [`${B}.c[1]`],
    },
  },
  {
    fixture: "module-inputs",
    targets: {
      [`module.guard.${P}.this`]: [`${B}.main`],
      [`module.guards[0].${P}.this`]: [`${B}.shard[0]`],
      [`module.guards[1].${P}.this`]: [`${B}.shard[1]`],
    },
  },
];

for (const { fixture: name, targets } of TARGETS) {
  test(`finds the bucket each block refers to, as links do in reverse (${name})`, async (t) => {
    t.deepEqual((await viewOf(name)).targets, targets);
  });
}

/** The tri-state of block_public_acls on each public access block. */
const ACLS: { fixture: string; acls: Record<string, unknown> }[] = [
  {
    fixture: "bucket-links",
    acls: {
      [`${P}.logs`]: { state: "unknown" },
      [`${P}.named`]: { state: "known", value: true },
      [`module.store.${P}.data`]: { state: "known", value: false },
    },
  },
  {
    fixture: "changes",
    acls: {
      [`${P}.gone`]: { state: "known", value: true },
      [`${P}.swap`]: { state: "known", value: true },
      [`${P}.kept`]: { state: "unknown" },
    },
  },
];

for (const { fixture: name, acls } of ACLS) {
  test(`reads an attribute unknown at plan as unknown, never as a value (${name})`, async (t) => {
    t.deepEqual((await viewOf(name)).acls, acls);
  });
}
