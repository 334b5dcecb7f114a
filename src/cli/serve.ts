import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { basename, extname } from "node:path";
import { type Command, Option } from "commander";
import { ThreatloopError, toError } from "../errors.js";
import { buildBundle } from "../export/bundle.js";
import { BundleStore } from "../export/bundle-store.js";
import { ModelPublisher, type ServedModel } from "../export/publish.js";
import { createBundleServer } from "../export/serve.js";
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from "../export/sign.js";
import { type Io, note, reportError } from "./context.js";
import { generateModel } from "./model.js";
import { opaFor } from "./paths.js";

interface ServeOptions {
  model: string[];
  host: string;
  port: string;
  tokenFile?: string;
  signingKey?: string;
  signingAlg?: SigningAlgorithm;
  keyId?: string;
  watchInterval: string;
  maxWait: string;
  quiet?: boolean;
}

/** `threatloop serve`: a bundle server OPA polls, one bundle per model, rebuilt on change. */
export function registerServe(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  program
    .command("serve")
    .description("serve one OPA bundle per model over HTTP, rebuilt when a model file changes")
    .option("-m, --model <[name=]file...>", "models to serve (name defaults to the file's stem)", [
      "threatloop.yaml",
    ])
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", "8282")
    .option("--token-file <file>", "bearer token clients must send (or THREATLOOP_SERVE_TOKEN)")
    .option("--signing-key <file>", "PEM private key to sign the bundles with")
    .addOption(
      new Option("--signing-alg <alg>", "signature algorithm (default: from the key)").choices(
        SIGNING_ALGORITHMS,
      ),
    )
    .option("--key-id <id>", "key id written into the signatures (default: default)")
    .option("--watch-interval <ms>", "how often model files are checked for changes", "1000")
    .option("--max-wait <seconds>", "longest a long-poll request is held", "60")
    .option("-q, --quiet", "print errors only")
    .action((options: ServeOptions) => run(() => serve(io, options)));
}

async function serve(io: Io, options: ServeOptions): Promise<number> {
  const models = servedModels(options.model);
  const port = positiveNumber(options.port, "--port");
  if (port > 65535) throw new ThreatloopError("usage", `--port takes 0 to 65535, not ${port}`);
  const interval = positiveNumber(options.watchInterval, "--watch-interval");
  if (interval < 50) throw new ThreatloopError("usage", "--watch-interval takes 50 ms or more");
  const maxWaitSeconds = positiveNumber(options.maxWait, "--max-wait");
  const opa = opaFor(io);
  const signing = options.signingKey
    ? { keyFile: options.signingKey, algorithm: options.signingAlg, keyId: options.keyId }
    : undefined;
  const store = new BundleStore();
  const publisher = new ModelPublisher(store, models, async (file) => {
    const bundle = await buildBundle(generateModel(io, { model: file, quiet: true }), {
      opa,
      signing,
    });
    return { archive: bundle.archive, revision: bundle.manifest.revision };
  });
  for (const outcome of await publisher.refresh()) {
    if (outcome.error) throw outcome.error;
  }

  const server = createBundleServer({
    store,
    token: readToken(io, options.tokenFile),
    maxWaitSeconds,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(new ThreatloopError("io", `cannot listen: ${error.message}`)),
    );
    server.listen(port, options.host, resolve);
  });
  const base = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  note(io, options, `listening on ${base}`);
  for (const [name, revision] of Object.entries(store.revisions())) {
    note(io, options, `serving ${base}/bundles/${name}.tar.gz (revision ${revision})`);
  }

  publisher.watch(interval, (outcomes) => {
    for (const outcome of outcomes) {
      if (outcome.error) reportError(io, toError(outcome.error), false);
      else note(io, options, `serving ${outcome.name} revision ${outcome.revision}`);
    }
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await publisher.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return 0;
}

function servedModels(specs: string[]): ServedModel[] {
  const models = specs.map((spec) => {
    const at = spec.indexOf("=");
    const file = at > 0 ? spec.slice(at + 1) : spec;
    const name = at > 0 ? spec.slice(0, at) : basename(file, extname(file));
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new ThreatloopError(
        "usage",
        `bundle name "${name}" has characters a URL path cannot keep`,
        {
          hint: "name it with letters, digits, dot, underscore or dash: --model name=file.yaml",
        },
      );
    }
    return { name, file };
  });
  const names = new Set<string>();
  for (const { name } of models) {
    if (names.has(name)) {
      throw new ThreatloopError("usage", `two models are served as "${name}"`, {
        hint: "give each a name: --model prod=prod/threatloop.yaml",
      });
    }
    names.add(name);
  }
  return models;
}

function readToken(io: Io, file?: string): string | undefined {
  if (file === undefined) return io.env.THREATLOOP_SERVE_TOKEN || undefined;
  try {
    const token = readFileSync(file, "utf8").trim();
    if (token) return token;
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the token file", {
      location: { file },
      cause: error,
    });
  }
  throw new ThreatloopError("input", "the token file is empty", { location: { file } });
}

function positiveNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new ThreatloopError("usage", `${option} takes a whole number, not "${text}"`);
  }
  return value;
}
