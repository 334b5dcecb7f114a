import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { CLI, opaPath, TEST_CACHE } from "../helpers.js";

/** A port free on loopback at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Polls check every 200 ms until it gives a value, failing at the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Processes started by a test file, stopped together in test.after.always. */
export class Processes {
  private readonly children: ChildProcess[] = [];

  /** Starts the pinned OPA as a server on loopback with the given YAML configuration. */
  async startOpa(dir: string, name: string, config: string, extra: string[] = []): Promise<string> {
    const port = await freePort();
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, config);
    const child = spawn(
      opaPath(),
      [
        "run",
        "--server",
        "--addr",
        `127.0.0.1:${port}`,
        "--config-file",
        file,
        "--log-level",
        "error",
        ...extra,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    this.children.push(child);
    const url = `http://127.0.0.1:${port}`;
    // Any answer will do: an OPA with an authorization policy refuses /health without a token.
    await waitFor(`${name} to listen`, async () => (await fetch(`${url}/health`)).status);
    return url;
  }

  /** Starts `threatloop serve` on a free loopback port and returns its base URL. */
  async startServe(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ url: string; log: () => string }> {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, THREATLOOP_CACHE_DIR: TEST_CACHE, NO_COLOR: "1", ...env },
    });
    this.children.push(child);
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    const url = await waitFor("threatloop serve to listen", async () => {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${log}`);
      return /listening on (http:\/\/\S+)/.exec(log)?.[1];
    });
    return { url, log: () => log };
  }

  /** Stops every process, politely first. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill("SIGKILL"), 5000);
            child.once("exit", () => {
              clearTimeout(force);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
  }
}
