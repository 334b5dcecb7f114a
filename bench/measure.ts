import { spawnSync } from "node:child_process";

/** One tool's medians on one workload. */
export interface Measure {
  tool: string;
  workload: string;
  wall_s: number | null;
  rss_mb: number | null;
  /** How many runs the medians are of. */
  runs: number;
  note?: string;
}

const TIME = "/usr/bin/time";

/**
 * Runs a command `runs` times under /usr/bin/time and keeps the medians of wall time and peak
 * RSS. A missing tool or a run that dies gives a note instead of numbers.
 */
export function measure(
  tool: string,
  workload: string,
  command: string[] | undefined,
  runs: number,
  missing = "not installed (tools/setup.sh bench)",
): Measure {
  if (!command) return { tool, workload, wall_s: null, rss_mb: null, runs: 0, note: missing };
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(TIME, ["-f", "%e %M", ...command], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    const last = run.stderr.trim().split("\n").at(-1) ?? "";
    const [wall, kb] = last.split(" ").map(Number);
    if (wall === undefined || kb === undefined || Number.isNaN(wall) || run.status === null) {
      const note = `failed: ${last.slice(0, 120)}`;
      return { tool, workload, wall_s: null, rss_mb: null, runs: i, note };
    }
    walls.push(wall);
    rss.push(kb / 1024);
  }
  return { tool, workload, wall_s: median(walls), rss_mb: Math.round(median(rss)), runs };
}

/** Times a function in this process, in seconds: the median of `runs` calls. */
export async function timeInProcess(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

/** The middle value (the upper one of the two middles for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
