import { type Command, Option } from "commander";
import { AWS_SERVICES } from "../drift/collect/services.js";
import { ThreatloopError } from "../errors.js";
import { emit, type Io, isDebug, note, reportError } from "./context.js";
import { createProgress } from "./progress.js";

interface CollectOptions {
  services?: string;
  region?: string;
  endpoint?: string;
  output?: string;
  quiet?: boolean;
  debug?: boolean;
}

/** `threatloop collect aws`: a live export in the shape of Terraform state. */
export function registerCollect(
  program: Command,
  io: Io,
  run: (fn: () => Promise<number>) => void,
) {
  const collect = program
    .command("collect")
    .description("export live cloud configuration as Terraform state JSON");
  collect
    .command("aws")
    .description(`collect ${AWS_SERVICES.join(", ")} from the account of the AWS environment`)
    .option(
      "--services <list>",
      `comma-separated services (default: all of ${AWS_SERVICES.join(",")})`,
    )
    .option("--region <region>", "AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)")
    .option(
      "--endpoint <url>",
      "AWS API endpoint (default: AWS_ENDPOINT_URL), e.g. a local test API",
    )
    .addOption(new Option("-o, --output <file>", "write the export to a file instead of stdout"))
    .option("-q, --quiet", "print failures only")
    .option("--debug", "print stack traces (also THREATLOOP_DEBUG=1)")
    .action((options: CollectOptions) => run(() => collectCommand(io, options)));
}

async function collectCommand(io: Io, options: CollectOptions): Promise<number> {
  const region = options.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new ThreatloopError("usage", "no AWS region", {
      hint: "set AWS_REGION or pass --region",
    });
  }
  const services = options.services
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = services?.filter((s) => !(AWS_SERVICES as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) {
    throw new ThreatloopError("usage", `unknown service "${unknown[0]}"`, {
      hint: `choose from ${AWS_SERVICES.join(", ")}`,
    });
  }
  // The SDK warns on every run that future releases need Node 22; that is not the user's concern.
  io.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const endpoint = options.endpoint ?? io.env.AWS_ENDPOINT_URL;
  const progress = createProgress(io, options);
  // The AWS SDK takes half a second to load; only this command needs it.
  const { collectAws } = await import("../drift/collect/collect.js");
  const exported = await collectAws({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(services ? { services } : {}),
    now: new Date().toISOString(),
    onService: (service, count, error) => {
      progress.line(`collect: ${service}: ${error ? "failed" : `${count} resources`}`);
    },
  });
  emit(io, { output: options.output }, `${JSON.stringify(exported, null, 2)}\n`);
  const { errors, services: ran } = exported.threatloop_live;
  for (const error of errors)
    note(io, { quiet: false }, `threatloop: collect ${error.service}: ${error.message}`);
  if (errors.length > 0 && errors.length === ran.length) {
    return reportError(
      io,
      new ThreatloopError("tool", "no service could be collected"),
      isDebug(io, options),
    );
  }
  return 0;
}
