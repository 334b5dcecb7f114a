import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { type ArchiveEntry, packArchive, readArchive } from "../../src/export/archive.js";
import { buildBundle } from "../../src/export/bundle.js";
import { verifyBundle } from "../../src/export/verify.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { loadModel } from "../../src/model/load.js";
import { EXAMPLE_MODEL, opaPath, runCli, temporaryDir } from "../helpers.js";
import { writeKeyPair } from "./keys.js";

const dir = temporaryDir("threatloop-bundle-");
const rsa = writeKeyPair(dir, "rsa");
const ec = writeKeyPair(dir, "ec");
const other = writeKeyPair(temporaryDir(), "rsa");

function generated() {
  const catalog = loadCatalog();
  return generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog);
}

let signed: Promise<Buffer> | undefined;

/** One RS256-signed bundle, built once and shared by the tests that only read or tamper it. */
function signedArchive(): Promise<Buffer> {
  signed ??= buildBundle(generated(), { opa: opaPath(), signing: { keyFile: rsa.key } }).then(
    (bundle) => bundle.archive,
  );
  return signed;
}

/** opa build reading the bundle with a verification key: OPA's own acceptance check. */
function opaAccepts(archive: Buffer, pub: string, alg: string): { ok: boolean; stderr: string } {
  const work = temporaryDir();
  writeFileSync(join(work, "in.tar.gz"), archive);
  const result = spawnSync(
    opaPath(),
    [
      "build",
      "-b",
      "in.tar.gz",
      "--verification-key",
      pub,
      "--signing-alg",
      alg,
      "-o",
      "out.tar.gz",
    ],
    { cwd: work, encoding: "utf8" },
  );
  return { ok: result.status === 0, stderr: result.stderr };
}

async function rewrite(archive: Buffer, change: (entries: ArchiveEntry[]) => ArchiveEntry[]) {
  return packArchive(change(await readArchive(archive, "bundle")));
}

test("the same model gives byte-identical bundles", async (t) => {
  const first = await buildBundle(generated(), { opa: opaPath() });
  const second = await buildBundle(generated(), { opa: opaPath() });
  t.true(first.archive.equals(second.archive));
  t.is(first.archive.readUInt32LE(4), 0, "the gzip header carries no timestamp");
});

test("the manifest names the root, revision, rego version and threats", async (t) => {
  const bundle = await buildBundle(generated(), { opa: opaPath() });
  const entries = await readArchive(bundle.archive, "bundle");
  const manifest = JSON.parse(
    entries.find((e) => e.path === ".manifest")?.content.toString() ?? "",
  );
  const hash = loadModel(EXAMPLE_MODEL, loadCatalog()).loaded.hash;
  t.deepEqual(manifest.roots, ["threatloop"]);
  t.is(manifest.rego_version, 1);
  t.is(manifest.revision, `${hash.slice(0, 16)}-threatloop-0.1.0`);
  t.deepEqual(manifest.metadata.threatloop.threats, [
    "TL-001",
    "TL-002",
    "TL-003",
    "TL-004",
    "TL-005",
  ]);
  t.deepEqual(
    entries.map((e) => e.path),
    [...entries.map((e) => e.path)].sort(),
  );
  t.true(entries.some((e) => e.path === "threatloop/main.rego"));
  t.false(entries.some((e) => e.path.startsWith("/")));
});

for (const [name, keys, alg] of [
  ["RS256", rsa, "RS256"],
  ["ES256", ec, "ES256"],
] as const) {
  test(`OPA and verify-bundle accept a bundle signed with ${name}`, async (t) => {
    const bundle = await buildBundle(generated(), {
      opa: opaPath(),
      signing: { keyFile: keys.key },
    });
    const accepted = opaAccepts(bundle.archive, keys.pub, alg);
    t.true(accepted.ok, accepted.stderr);
    const result = await verifyBundle(bundle.archive, "bundle", { keyFile: keys.pub });
    t.deepEqual(result.problems, []);
    t.true(result.valid);
  });
}

const TAMPERINGS: [string, (entries: ArchiveEntry[]) => ArchiveEntry[], string][] = [
  [
    "a changed policy",
    (entries) =>
      entries.map((e) =>
        e.path === "threatloop/threats/t_tl_003.rego"
          ? { ...e, content: Buffer.from(e.content.toString().replace("critical", "low")) }
          : e,
      ),
    "threatloop/threats/t_tl_003.rego: digest mismatch",
  ],
  [
    "an added policy",
    (entries) => [
      ...entries,
      { path: "threatloop/extra.rego", content: Buffer.from("package threatloop.extra\n") },
    ],
    "threatloop/extra.rego is not included in the signature",
  ],
  [
    "a removed policy",
    (entries) => entries.filter((e) => e.path !== "threatloop/threats/t_tl_001.rego"),
    "threatloop/threats/t_tl_001.rego is signed but not in the bundle",
  ],
  [
    "a changed manifest",
    (entries) =>
      entries.map((e) =>
        e.path === ".manifest"
          ? { ...e, content: Buffer.from(e.content.toString().replace("threatloop-", "forged-")) }
          : e,
      ),
    ".manifest: digest mismatch",
  ],
];

for (const [what, change, problem] of TAMPERINGS) {
  test(`OPA and verify-bundle reject a signed bundle with ${what}`, async (t) => {
    const tampered = await rewrite(await signedArchive(), change);
    t.false(opaAccepts(tampered, rsa.pub, "RS256").ok);
    const result = await verifyBundle(tampered, "bundle", { keyFile: rsa.pub });
    t.false(result.valid);
    t.deepEqual(result.problems, [problem]);
  });
}

test("a manifest reformatted without changing its JSON still verifies", async (t) => {
  const reformatted = await rewrite(await signedArchive(), (entries) =>
    entries.map((e) =>
      e.path === ".manifest"
        ? { ...e, content: Buffer.from(JSON.stringify(JSON.parse(e.content.toString()), null, 4)) }
        : e,
    ),
  );
  t.true(opaAccepts(reformatted, rsa.pub, "RS256").ok);
  t.true((await verifyBundle(reformatted, "bundle", { keyFile: rsa.pub })).valid);
});

test("OPA and verify-bundle reject a signature made by another key", async (t) => {
  const archive = await signedArchive();
  t.false(opaAccepts(archive, other.pub, "RS256").ok);
  const result = await verifyBundle(archive, "bundle", { keyFile: other.pub });
  t.regex(result.problems[0] ?? "", /^the signature does not verify with this key/);
});

test("verify-bundle exits 0 when valid, 1 when tampered, 2 for a bad key file", async (t) => {
  const work = temporaryDir();
  const out = join(work, "bundle.tar.gz");
  const built = runCli(["bundle", "-m", EXAMPLE_MODEL, "--out", out, "--signing-key", ec.key]);
  t.is(built.code, 0, built.stderr);
  t.regex(built.stderr, /^wrote .*bundle\.tar\.gz \(signed, revision [0-9a-f]{16}-threatloop-/);
  const valid = runCli(["verify-bundle", out, "--verification-key", ec.pub]);
  t.is(valid.code, 0, valid.stderr);

  const tampered = join(work, "tampered.tar.gz");
  writeFileSync(tampered, await rewrite(readFileSync(out), (entries) => entries.slice(1)));
  const refused = runCli(["verify-bundle", tampered, "--verification-key", ec.pub]);
  t.is(refused.code, 1);
  t.is(refused.stderr, `${tampered}: .manifest is signed but not in the bundle\n`);

  const badKey = runCli(["verify-bundle", out, "--verification-key", EXAMPLE_MODEL]);
  t.is(badKey.code, 2);
  t.is(
    badKey.stderr,
    `threatloop: ${EXAMPLE_MODEL}: not a PEM public key` +
      " (hint: give the signer's public key, certificate or private key in PEM form)\n",
  );
});

test("bundle refuses a signing key that is not a private key", (t) => {
  const run = runCli([
    "bundle",
    "-m",
    EXAMPLE_MODEL,
    "--out",
    join(temporaryDir(), "b.tar.gz"),
    "--signing-key",
    rsa.pub,
  ]);
  t.is(run.code, 2);
  t.regex(run.stderr, /^threatloop: .*rsa\.pub\.pem: not a PEM private key \(hint: /);
});

test("verify-bundle refuses a signature without the scope asked for, as OPA does", async (t) => {
  const result = await verifyBundle(await signedArchive(), "bundle", {
    keyFile: rsa.pub,
    scope: "write",
  });
  t.deepEqual(result.problems, ['the signature\'s scope "" is not the one expected']);
});

test("verify-bundle refuses an RS256 signature checked with an EC key", async (t) => {
  const result = await verifyBundle(await signedArchive(), "bundle", { keyFile: ec.pub });
  t.deepEqual(result.problems, ["the signature uses RS256, the key is for ES256"]);
});

const UNREADABLE: [string, string, string][] = [
  [
    "a file that is not an archive",
    EXAMPLE_MODEL,
    `threatloop: ${EXAMPLE_MODEL}: not a gzipped tar archive: TAR_ENTRY_INVALID: checksum failure` +
      " (hint: give a bundle written by threatloop bundle or opa build -b)\n",
  ],
  ["a missing file", "missing.tar.gz", "threatloop: missing.tar.gz: cannot read the bundle\n"],
];

for (const [what, file, message] of UNREADABLE) {
  test(`verify-bundle refuses ${what} with exit code 2`, (t) => {
    const run = runCli(["verify-bundle", file, "--verification-key", rsa.pub]);
    t.is(run.code, 2);
    t.is(run.stderr, message);
  });
}

test("verify-bundle says an unsigned bundle is not signed", async (t) => {
  const bundle = await buildBundle(generated(), { opa: opaPath() });
  const result = await verifyBundle(bundle.archive, "bundle", { keyFile: rsa.pub });
  t.deepEqual(result.problems, ["the bundle has no .signatures.json: it is not signed"]);
});
