import type { AddressInfo } from "node:net";
import test from "ava";
import { BundleStore } from "../../src/export/bundle-store.js";
import { createBundleServer, LONG_POLL_TYPE } from "../../src/export/serve.js";
import { EXAMPLE_MODEL, runCli } from "../helpers.js";

const TOKEN = "s3cret";

async function serverWith(store: BundleStore, token: string | undefined = TOKEN) {
  const server = createBundleServer({ store, token, maxWaitSeconds: 5 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

function storeWith(content = "first"): BundleStore {
  const store = new BundleStore();
  store.put("example", Buffer.from(content), "rev-1");
  return store;
}

const auth = { Authorization: `Bearer ${TOKEN}` };

const REQUESTS: [string, string, RequestInit, number][] = [
  ["the health endpoint needs no token", "/health", {}, 200],
  ["a bundle without a token is refused", "/bundles/example.tar.gz", {}, 401],
  [
    "a bundle with the wrong token is refused",
    "/bundles/example.tar.gz",
    { headers: { Authorization: "Bearer nope" } },
    401,
  ],
  ["a bundle with the token is served", "/bundles/example.tar.gz", { headers: auth }, 200],
  ["a bundle is also served without the extension", "/bundles/example", { headers: auth }, 200],
  ["an unknown bundle is not found", "/bundles/other.tar.gz", { headers: auth }, 404],
  ["a POST is not allowed", "/bundles/example.tar.gz", { method: "POST", headers: auth }, 405],
];

for (const [title, path, init, status] of REQUESTS) {
  test(title, async (t) => {
    const server = await serverWith(storeWith());
    try {
      t.is((await fetch(`${server.url}${path}`, init)).status, status);
    } finally {
      await server.close();
    }
  });
}

test("the health endpoint lists each bundle's revision", async (t) => {
  const server = await serverWith(storeWith());
  try {
    const body = await (await fetch(`${server.url}/health`)).json();
    t.deepEqual(body, { status: "ok", bundles: { example: "rev-1" } });
  } finally {
    await server.close();
  }
});

test("a known ETag gets 304 and a stale one the bundle", async (t) => {
  const server = await serverWith(storeWith());
  try {
    const first = await fetch(`${server.url}/bundles/example.tar.gz`, { headers: auth });
    t.is(first.headers.get("content-type"), "application/gzip");
    t.is(Buffer.from(await first.arrayBuffer()).toString(), "first");
    const etag = first.headers.get("etag") ?? "";
    t.regex(etag, /^"[0-9a-f]{64}"$/);
    const same = await fetch(`${server.url}/bundles/example.tar.gz`, {
      headers: { ...auth, "If-None-Match": etag },
    });
    t.is(same.status, 304);
    const stale = await fetch(`${server.url}/bundles/example.tar.gz`, {
      headers: { ...auth, "If-None-Match": '"old"' },
    });
    t.is(stale.status, 200);
  } finally {
    await server.close();
  }
});

test("a long poll is answered with the new bundle as soon as it changes", async (t) => {
  const store = storeWith();
  const server = await serverWith(store);
  try {
    const etag = store.get("example")?.etag ?? "";
    const polled = fetch(`${server.url}/bundles/example.tar.gz`, {
      headers: { ...auth, "If-None-Match": etag, Prefer: "modes=snapshot;wait=5" },
    });
    setTimeout(() => store.put("example", Buffer.from("second"), "rev-2"), 100);
    const response = await polled;
    t.is(response.status, 200);
    t.is(response.headers.get("content-type"), LONG_POLL_TYPE);
    t.is(Buffer.from(await response.arrayBuffer()).toString(), "second");
    t.not(response.headers.get("etag"), etag);
  } finally {
    await server.close();
  }
});

test("a long poll with nothing new ends in 304", async (t) => {
  const store = storeWith();
  const server = await serverWith(store);
  try {
    const etag = store.get("example")?.etag ?? "";
    const response = await fetch(`${server.url}/bundles/example.tar.gz`, {
      headers: { ...auth, "If-None-Match": etag, Prefer: "modes=snapshot;wait=1" },
    });
    t.is(response.status, 304);
  } finally {
    await server.close();
  }
});

test("putting the same bytes again keeps the ETag and wakes no one", (t) => {
  const store = storeWith();
  const before = store.get("example") ?? t.fail();
  t.is(store.put("example", Buffer.from("first"), "rev-1"), before);
});

test("serve refuses two models under one name", (t) => {
  const run = runCli([
    "serve",
    "--port",
    "0",
    "-m",
    EXAMPLE_MODEL,
    "-m",
    `threatloop=${EXAMPLE_MODEL}`,
  ]);
  t.is(run.code, 2);
  t.is(
    run.stderr,
    'threatloop: two models are served as "threatloop"' +
      " (hint: give each a name: --model prod=prod/threatloop.yaml)\n",
  );
});

test("serve refuses a port out of range before building anything", (t) => {
  const run = runCli(["serve", "--port", "70000", "-m", EXAMPLE_MODEL]);
  t.is(run.code, 2);
  t.is(run.stderr, "threatloop: --port takes 0 to 65535, not 70000\n");
});

test("serve refuses an invalid model before listening", (t) => {
  const run = runCli(["serve", "--port", "0", "-m", "missing.yaml"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /^threatloop: missing\.yaml/);
  t.notRegex(run.stderr, /listening/);
});
