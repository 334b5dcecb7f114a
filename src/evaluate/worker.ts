import { parentPort, workerData } from "node:worker_threads";
import { toError } from "../errors.js";
import { Evaluator } from "./evaluate.js";

/**
 * One evaluator of a shared evaluation (see parallel.ts): instantiates the module, runs the
 * report entrypoint on its documents (parts of a plan, or the whole one) for its threats and
 * sends the reports, or the error's message, back.
 */
const { module, parts, threats } = workerData as {
  module: WebAssembly.Module;
  parts: Uint8Array[];
  threats: string[] | undefined;
};

try {
  const evaluator = await Evaluator.load(module);
  parentPort?.postMessage({ reports: evaluator.runParts(parts, threats) });
} catch (thrown) {
  parentPort?.postMessage({ error: toError(thrown).message });
}
