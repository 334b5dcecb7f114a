import { parentPort, workerData } from "node:worker_threads";
import { toError } from "../errors.js";
import { Evaluator } from "./evaluate.js";

/**
 * One evaluator of a shared evaluation (see parallel.ts): instantiates the module as soon as it
 * starts, then runs the report entrypoint on the documents it is sent (parts of a plan, or the
 * whole one) for the threats named with them, and sends the reports, or the error's message,
 * back.
 */
interface Batch {
  parts: Uint8Array[];
  threats: string[] | undefined;
}

const { module } = workerData as { module: WebAssembly.Module };
const loading = Evaluator.load(module);
// A failed load is reported with the batch; until then its rejection is expected.
loading.catch(() => {});

parentPort?.once("message", async (batch: Batch) => {
  try {
    const evaluator = await loading;
    parentPort?.postMessage({ reports: evaluator.runParts(batch.parts, batch.threats) });
  } catch (thrown) {
    parentPort?.postMessage({ error: toError(thrown).message });
  }
});
