import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { BundleStore } from "../../src/export/bundle-store.js";
import { ModelPublisher } from "../../src/export/publish.js";
import { temporaryDir } from "../helpers.js";

/** A publisher whose build turns the model text into the bundle, and fails on "broken". */
function setup() {
  const dir = temporaryDir("threatloop-publish-");
  const file = join(dir, "model.yaml");
  writeFileSync(file, "one");
  const store = new BundleStore();
  const builds: string[] = [];
  const publisher = new ModelPublisher(store, [{ name: "m", file }], async (path) => {
    const text = readFileSync(path, "utf8");
    builds.push(text);
    if (text === "broken") throw new Error("the model does not validate");
    return { archive: Buffer.from(text), revision: `rev-${text}` };
  });
  return { file, store, builds, publisher };
}

test("a model is built once and rebuilt only when its file changes", async (t) => {
  const { file, store, builds, publisher } = setup();
  t.deepEqual(await publisher.refresh(), [{ name: "m", revision: "rev-one" }]);
  t.deepEqual(await publisher.refresh(), []);
  writeFileSync(file, "two");
  t.deepEqual(await publisher.refresh(), [{ name: "m", revision: "rev-two" }]);
  t.deepEqual(builds, ["one", "two"]);
  t.deepEqual(store.revisions(), { m: "rev-two" });
});

test("a model that stops building keeps its last good bundle until it builds again", async (t) => {
  const { file, store, builds, publisher } = setup();
  await publisher.refresh();
  writeFileSync(file, "broken");
  const [outcome] = await publisher.refresh();
  t.is((outcome?.error as Error | undefined)?.message, "the model does not validate");
  t.is(store.get("m")?.archive.toString(), "one");
  t.deepEqual(await publisher.refresh(), [], "a failed model is not rebuilt until it changes");
  writeFileSync(file, "three");
  await publisher.refresh();
  t.is(store.get("m")?.archive.toString(), "three");
  t.deepEqual(builds, ["one", "broken", "three"]);
});

test("a model file that disappears is reported and its bundle kept", async (t) => {
  const { file, store, publisher } = setup();
  await publisher.refresh();
  rmSync(file);
  const [outcome] = await publisher.refresh();
  t.is((outcome?.error as Error | undefined)?.message, "cannot read the model file");
  t.is(store.get("m")?.revision, "rev-one");
});
