import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import test from "ava";
import Database from "better-sqlite3";
import { ThreatloopError } from "../../src/errors.js";
import { SCHEMA_VERSION } from "../../src/history/schema.js";
import { openHistory } from "../../src/history/store.js";
import { ROOT, temporaryDir } from "../helpers.js";

test("a new history gets threatloop's tables, the current schema version and WAL mode", (t) => {
  const file = join(temporaryDir(), "nested", "history.sqlite");
  const db = openHistory(file, { create: true });
  t.is(db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  t.is(db.pragma("journal_mode", { simple: true }), "wal");
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  t.deepEqual(tables, ["drift_changes", "findings", "runs", "sqlite_sequence", "waiver_decisions"]);
  db.close();
  const again = openHistory(file, { create: false });
  t.is(again.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  again.close();
});

const adopted: { title: string; write: (file: string) => void }[] = [
  { title: "an empty file", write: (file) => writeFileSync(file, "") },
  {
    title: "an empty SQLite database",
    write: (file) => {
      const db = new Database(file);
      db.pragma("user_version = 0");
      db.close();
    },
  },
];

for (const c of adopted) {
  test(`adopts ${c.title} as a new history and migrates it`, (t) => {
    const file = join(temporaryDir(), "history.sqlite");
    c.write(file);
    const db = openHistory(file, { create: false });
    t.is(db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
    db.close();
  });
}

const refused: { title: string; write: (file: string) => void; message: string }[] = [
  {
    title: "a text file",
    write: (file) => writeFileSync(file, "runs:\n  - not a database\n"),
    message: "not a SQLite database; refusing to use it as run history",
  },
  {
    title: "a SQLite database of another application",
    write: (file) => {
      const db = new Database(file);
      db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      db.close();
    },
    message: "a SQLite database that is not a threatloop run history",
  },
  {
    title: "a history from a newer threatloop",
    write: (file) => {
      const db = new Database(file);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
    },
    message:
      `run history has schema version ${SCHEMA_VERSION + 1}; ` +
      `this threatloop reads up to ${SCHEMA_VERSION}`,
  },
  {
    title: "a SQLite header followed by garbage",
    write: (file) =>
      writeFileSync(
        file,
        Buffer.concat([Buffer.from("SQLite format 3\u0000"), Buffer.alloc(4096, 7)]),
      ),
    message: "cannot open the run history: corrupt database",
  },
];

for (const c of refused) {
  test(`refuses ${c.title} with its path and leaves it untouched`, (t) => {
    const file = join(temporaryDir(), "history.sqlite");
    c.write(file);
    const before = readFileSync(file);
    const error = t.throws(() => openHistory(file, { create: true }), {
      instanceOf: ThreatloopError,
    });
    t.true(error?.render().startsWith(`${file}: ${c.message}`), error?.render());
    t.deepEqual(readFileSync(file), before);
  });
}

test("a reader refuses a history that does not exist instead of creating one", (t) => {
  const file = join(temporaryDir(), "missing.sqlite");
  const error = t.throws(() => openHistory(file, { create: false }));
  t.is(
    (error as ThreatloopError).render(),
    `${file}: no run history here (hint: run threatloop eval or drift first, or pass --history)`,
  );
});

test("several processes writing runs at once lose none of them", async (t) => {
  const file = join(temporaryDir(), "history.sqlite");
  const writers = 5;
  const runsEach = 20;
  const script = `
    const { openHistory } = await import(${JSON.stringify(moduleUrl("store.js"))});
    const { recordDrift } = await import(${JSON.stringify(moduleUrl("record.js"))});
    const manifest = { model: { system: "concurrency", file: "m.yaml", hash: "h" }, threats: [] };
    for (let i = 0; i < ${runsEach}; i++) {
      const db = openHistory(process.argv[1], { create: true });
      recordDrift(db, {
        desired: { file: "d.json", kind: "state", serial: i, lineage: null },
        deployed: { file: "l.json", kind: "state", collected_at: null },
        regressions: [{ threat: "T", control: "c", severity: "high", address: "a." + i,
          first_seen: new Date().toISOString() }],
        fixed: [], drift: [], unmanaged: [], missing: [],
      }, manifest, { at: new Date().toISOString(), commit: null, environment: null });
      db.close();
    }`;
  const exits = await Promise.all(
    Array.from({ length: writers }, () => runNode(["--input-type=module", "-e", script, file])),
  );
  t.deepEqual(exits, Array(writers).fill("0"));
  const db = new Database(file, { readonly: true });
  t.is(db.prepare("SELECT COUNT(*) FROM runs").pluck().get(), writers * runsEach);
  t.is(db.prepare("SELECT COUNT(*) FROM drift_changes").pluck().get(), writers * runsEach);
  t.is(db.pragma("integrity_check", { simple: true }), "ok");
  db.close();
});

function moduleUrl(name: string): string {
  return pathToFileURL(join(ROOT, "dist", "src", "history", name)).href;
}

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve(code === 0 ? "0" : `${code}: ${stderr}`));
  });
}
