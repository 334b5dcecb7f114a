import { parentPort, workerData } from "node:worker_threads";
import { toError } from "../errors.js";
import { Evaluator } from "./evaluate.js";

/**
 * One evaluator of a shared evaluation (see parallel.ts): instantiates the module, runs the
 * report entrypoint on its threats and sends the report, or the error's message, back.
 */
const { wasm, bytes, threats } = workerData as {
  wasm: Uint8Array;
  bytes: Uint8Array;
  threats: string[];
};

try {
  const evaluator = await Evaluator.load(wasm);
  parentPort?.postMessage({ report: evaluator.runPrepared(bytes, threats) });
} catch (thrown) {
  parentPort?.postMessage({ error: toError(thrown).message });
}
