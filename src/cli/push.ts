import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { ThreatloopError } from "../errors.js";
import { pushPolicies } from "../export/push.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { generateModel } from "./model.js";

interface PushCommandOptions extends CommonOptions {
  model: string;
  opaUrl: string;
  tokenFile?: string;
  retries: string;
}

/** `threatloop push`: the model's policies into a running OPA through its REST API. */
export function registerPush(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("push")
    .description("upload the model's policies to an OPA server and query the report to prove them")
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .requiredOption("--opa-url <url>", "OPA server, such as http://127.0.0.1:8181")
    .option("--token-file <file>", "bearer token for the server (or THREATLOOP_OPA_TOKEN)")
    .option("--retries <n>", "retries after a 5xx answer or a connection error", "4");
  for (const option of commonOptions()) command.addOption(option);
  command.action((options: PushCommandOptions) =>
    run(async () => {
      const retries = Number(options.retries);
      if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
        throw new ThreatloopError("usage", `--retries takes 0 to 10, not "${options.retries}"`);
      }
      const generated = generateModel(io, options);
      const result = await pushPolicies(generated.files, {
        url: options.opaUrl,
        token: tokenFor(io, options.tokenFile),
        retries,
      });
      if (options.format === "json") {
        emit(io, options, `${JSON.stringify({ url: options.opaUrl, ...result }, null, 2)}\n`);
      } else {
        note(
          io,
          options,
          `pushed ${result.policies.length} policies to ${options.opaUrl}` +
            (result.removed.length > 0 ? `, removed ${result.removed.length} stale ones` : "") +
            "; " +
            `the report answers (${result.decision.findings} findings on an empty plan)`,
        );
      }
      return 0;
    }),
  );
}

function tokenFor(io: Io, file?: string): string | undefined {
  if (file === undefined) return io.env.THREATLOOP_OPA_TOKEN || undefined;
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the token file", {
      location: { file },
      cause: error,
    });
  }
}
