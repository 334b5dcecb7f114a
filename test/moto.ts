import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TestFn } from "ava";
import { ROOT } from "./helpers.js";

/** The moto server tools/setup.sh installs: a real AWS API on loopback for collector tests. */
export const MOTO = join(ROOT, ".tools", "venv-moto", "bin", "moto_server");

export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts moto on 127.0.0.1 at a free port and waits, at most 60 s, until it answers. */
export async function startMoto(): Promise<Moto> {
  if (!existsSync(MOTO))
    throw new Error(`moto server not installed at ${MOTO}; run tools/setup.sh`);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("moto server did not start within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
    },
    stop: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** Client settings for the SDK against moto, with throwaway credentials. */
export function motoClient(endpoint: string) {
  return {
    region: "eu-west-1",
    endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
}

/**
 * Gives a test file one moto server: started before its tests, reset before each, stopped after,
 * with throwaway credentials in the environment the SDK reads.
 */
export function useMoto(test: TestFn<{ moto: Moto }>): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  test.before(async (t) => {
    t.context.moto = await startMoto();
  });
  test.after.always(async (t) => {
    await t.context.moto?.stop();
  });
  test.beforeEach(async (t) => {
    await t.context.moto.reset();
  });
}
