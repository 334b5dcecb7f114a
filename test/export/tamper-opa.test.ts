import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { packArchive, readArchive } from "../../src/export/archive.js";
import { buildBundle } from "../../src/export/bundle.js";
import { BundleStore } from "../../src/export/bundle-store.js";
import { createBundleServer } from "../../src/export/serve.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { loadModel } from "../../src/model/load.js";
import { EXAMPLE_MODEL, opaPath, temporaryDir } from "../helpers.js";
import { writeKeyPair } from "./keys.js";
import { Processes, waitFor } from "./processes.js";

const processes = new Processes();
const store = new BundleStore();
const served = createBundleServer({ store });

test.after.always(async () => {
  served.closeAllConnections();
  served.close();
  await processes.stopAll();
});

test("an OPA server refuses a tampered signed bundle and takes the genuine one", async (t) => {
  const dir = temporaryDir("threatloop-tamper-");
  const keys = writeKeyPair(dir, "rsa");
  const catalog = loadCatalog();
  const generated = generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog);
  const genuine = await buildBundle(generated, { opa: opaPath(), signing: { keyFile: keys.key } });
  const entries = await readArchive(genuine.archive, "bundle");
  const tampered = await packArchive(
    entries.map((e) =>
      e.path === "threatloop/threats/t_tl_003.rego"
        ? { ...e, content: Buffer.from(e.content.toString().replace('"critical"', '"low"')) }
        : e,
    ),
  );

  let requests = 0;
  served.on("request", () => {
    requests++;
  });
  await new Promise<void>((resolve) => served.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(served.address() as AddressInfo).port}`;
  store.put("example", tampered, genuine.manifest.revision);

  const opa = await processes.startOpa(
    dir,
    "tamper",
    JSON.stringify({
      services: { threatloop: { url } },
      bundles: {
        example: {
          service: "threatloop",
          resource: "bundles/example.tar.gz",
          polling: { min_delay_seconds: 1, max_delay_seconds: 1 },
          signing: { keyid: "default" },
        },
      },
      keys: { default: { algorithm: "RS256", key: readFileSync(keys.pub, "utf8") } },
    }),
  );
  const revision = async () =>
    (
      (await (await fetch(`${opa}/v1/data/system/bundles/example/manifest/revision`)).json()) as {
        result?: string;
      }
    ).result;

  // A second download means OPA has finished with the first one.
  await waitFor("two downloads of the tampered bundle", async () =>
    requests >= 2 ? true : undefined,
  );
  t.is(await revision(), undefined);
  t.not((await fetch(`${opa}/health?bundles`)).status, 200);

  store.put("example", genuine.archive, genuine.manifest.revision);
  const activated = await waitFor("the genuine bundle", async () => await revision());
  t.is(activated, genuine.manifest.revision);
  t.is((await fetch(`${opa}/health?bundles`)).status, 200);
});
