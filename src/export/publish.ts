import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ThreatloopError } from "../errors.js";
import type { BundleStore } from "./bundle-store.js";

/** What a refresh did for one model: a new revision, or why it kept the old bundle. */
export interface RefreshOutcome {
  name: string;
  revision?: string;
  error?: unknown;
}

/** A model served under a bundle name. */
export interface ServedModel {
  name: string;
  file: string;
}

/** Builds the bundle of one model file. */
export type BuildBundle = (file: string) => Promise<{ archive: Buffer; revision: string }>;

/**
 * Keeps a store's bundles in step with their model files: a model whose bytes changed is rebuilt
 * and its bundle replaced; a model that no longer builds keeps its last good bundle.
 */
export class ModelPublisher {
  private readonly hashes = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: BundleStore,
    private readonly models: ServedModel[],
    private readonly build: BuildBundle,
  ) {}

  /** Rebuilds every model whose file changed; failures are returned, not thrown. */
  async refresh(): Promise<RefreshOutcome[]> {
    const outcomes: RefreshOutcome[] = [];
    for (const model of this.models) {
      let hash: string;
      try {
        hash = createHash("sha256").update(readFileSync(model.file)).digest("hex");
      } catch (error) {
        const location = { file: model.file };
        outcomes.push({
          name: model.name,
          error: new ThreatloopError("input", "cannot read the model file", {
            location,
            cause: error,
          }),
        });
        continue;
      }
      if (this.hashes.get(model.name) === hash) continue;
      try {
        const built = await this.build(model.file);
        this.store.put(model.name, built.archive, built.revision);
        outcomes.push({ name: model.name, revision: built.revision });
      } catch (error) {
        outcomes.push({ name: model.name, error });
      }
      // A model that failed is not retried until its file changes again.
      this.hashes.set(model.name, hash);
    }
    return outcomes;
  }

  /** Checks the model files every intervalMs; a check still running makes the next one wait. */
  watch(intervalMs: number, report: (outcomes: RefreshOutcome[]) => void): void {
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.running = this.refresh()
        .then(report)
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
