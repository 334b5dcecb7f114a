import { createHash } from "node:crypto";

/** One served bundle: its bytes, the ETag they give, and the revision in its manifest. */
export interface StoredBundle {
  archive: Buffer;
  etag: string;
  revision: string;
}

/**
 * The bundles a server hands out, one per model, and the long-poll requests waiting for a
 * bundle to change.
 */
export class BundleStore {
  private readonly bundles = new Map<string, StoredBundle>();
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Replaces a bundle and wakes every request waiting on it, when its bytes changed. */
  put(name: string, archive: Buffer, revision: string): StoredBundle {
    const etag = `"${createHash("sha256").update(archive).digest("hex")}"`;
    const previous = this.bundles.get(name);
    if (previous?.etag === etag) return previous;
    const stored = { archive, etag, revision };
    this.bundles.set(name, stored);
    for (const wake of this.waiters.get(name) ?? []) wake();
    this.waiters.delete(name);
    return stored;
  }

  get(name: string): StoredBundle | undefined {
    return this.bundles.get(name);
  }

  /** Revisions by bundle name, for the health endpoint. */
  revisions(): Record<string, string> {
    return Object.fromEntries([...this.bundles].map(([name, b]) => [name, b.revision]));
  }

  /**
   * Resolves when the named bundle no longer has the given ETag, or after waitMs, or when the
   * signal aborts (the client went away).
   */
  waitForChange(name: string, etag: string, waitMs: number, signal: AbortSignal): Promise<void> {
    if (this.bundles.get(name)?.etag !== etag) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiters.get(name) ?? new Set();
      this.waiters.set(name, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      signal.addEventListener("abort", done, { once: true });
      set.add(done);
    });
  }
}
