import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { ThreatloopError } from "../errors.js";
import { buildBundle } from "../export/bundle.js";
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from "../export/sign.js";
import { verifyBundle } from "../export/verify.js";
import { writeFileAtomic } from "../io/write.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { generateModel } from "./model.js";
import { opaFor } from "./paths.js";

interface BundleOptions extends CommonOptions {
  model: string;
  out: string;
  signingKey?: string;
  signingAlg?: SigningAlgorithm;
  keyId?: string;
}

interface VerifyOptions extends CommonOptions {
  verificationKey: string;
  scope?: string;
  signingAlg?: SigningAlgorithm;
}

type Runner = (fn: () => Promise<number>) => void;

/** `threatloop bundle`: an OPA bundle of the model's policies, signed on request. */
export function registerBundle(program: Command, io: Io, run: Runner) {
  const command = program
    .command("bundle")
    .description("build an OPA bundle (opa build -b) of the model's policies, optionally signed")
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option("--out <file>", "bundle archive to write", ".threatloop/bundle.tar.gz")
    .option("--signing-key <file>", "PEM private key (RSA or EC P-256) to sign the bundle with")
    .addOption(algorithmOption())
    .option("--key-id <id>", "key id written into the signature (default: default)");
  for (const option of commonOptions()) command.addOption(option);
  command.action((options: BundleOptions) =>
    run(async () => {
      const generated = generateModel(io, options);
      const signing = options.signingKey
        ? { keyFile: options.signingKey, algorithm: options.signingAlg, keyId: options.keyId }
        : undefined;
      const bundle = await buildBundle(generated, { opa: opaFor(io), signing });
      writeFileAtomic(options.out, bundle.archive);
      const summary = {
        out: options.out,
        revision: bundle.manifest.revision,
        signed: bundle.signed,
        files: bundle.files,
      };
      if (options.format === "json") emit(io, options, `${JSON.stringify(summary, null, 2)}\n`);
      else {
        const how = bundle.signed ? "signed" : "unsigned";
        note(io, options, `wrote ${options.out} (${how}, revision ${summary.revision})`);
      }
      return 0;
    }),
  );
}

/** `threatloop verify-bundle`: exit 0 when OPA would accept the bundle's signature, 1 if not. */
export function registerVerifyBundle(program: Command, io: Io, run: Runner) {
  const command = program
    .command("verify-bundle <bundle>")
    .description("check a signed bundle's signature and every file's digest as OPA does")
    .requiredOption("--verification-key <file>", "PEM public key (or certificate) of the signer")
    .option("--scope <scope>", "scope the signature must carry")
    .addOption(algorithmOption());
  for (const option of commonOptions()) command.addOption(option);
  command.action((file: string, options: VerifyOptions) =>
    run(async () => {
      const archive = readBundle(file);
      const result = await verifyBundle(archive, file, {
        keyFile: options.verificationKey,
        scope: options.scope,
        algorithm: options.signingAlg,
      });
      if (options.format === "json") {
        emit(io, options, `${JSON.stringify({ bundle: file, ...result }, null, 2)}\n`);
      } else if (result.valid) {
        note(
          io,
          options,
          `${file}: signature valid, ${result.files} files, revision ${result.revision}`,
        );
      } else {
        for (const problem of result.problems) io.stderr.write(`${file}: ${problem}\n`);
      }
      return result.valid ? 0 : 1;
    }),
  );
}

function algorithmOption(): Option {
  return new Option("--signing-alg <alg>", "signature algorithm (default: from the key)").choices(
    SIGNING_ALGORITHMS,
  );
}

function readBundle(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the bundle", {
      location: { file },
      cause: error,
    });
  }
}
