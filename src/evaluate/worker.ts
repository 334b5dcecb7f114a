import { parentPort, workerData } from "node:worker_threads";
import { toError } from "../errors.js";
import { Evaluator } from "./evaluate.js";

/**
 * One evaluator of a shared evaluation (see parallel.ts): instantiates the module, runs the
 * report entrypoint on its threats and sends the report, or the error's message, back.
 */
const { module, bytes, threats } = workerData as {
  module: WebAssembly.Module;
  bytes: Uint8Array;
  threats: string[];
};

try {
  const evaluator = await Evaluator.load(module);
  parentPort?.postMessage({ report: evaluator.runPrepared(bytes, threats) });
} catch (thrown) {
  parentPort?.postMessage({ error: toError(thrown).message });
}
