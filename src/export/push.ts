import { compareText } from "../compare.js";
import { ThreatloopError, truncate } from "../errors.js";
import type { GeneratedFile } from "../generate/generate.js";
import { REPORT_ENTRYPOINT } from "../generate/manifest.js";

export interface PushOptions {
  /** Base URL of the OPA server, such as http://127.0.0.1:8181. */
  url: string;
  token?: string;
  /** Further attempts after a 5xx answer or a connection error (default 4). */
  retries?: number;
  /** Delay before the first retry, doubled for each next one (default 250 ms). */
  retryDelayMs?: number;
}

export interface PushResult {
  /** Policy ids uploaded, in upload order. */
  policies: string[];
  /** Modules a previous push left under threatloop/ that this model no longer has, deleted. */
  removed: string[];
  /** Attempts that failed and were retried. */
  retried: number;
  /** The decision OPA gave for an empty plan once every module was in place. */
  decision: { kind: string; resources: number; findings: number };
}

/** The smallest plan OPA can judge: proves the report rule is live without touching resources. */
const EMPTY_PLAN = {
  format_version: "1.2",
  planned_values: { root_module: {} },
  resource_changes: [],
  configuration: { root_module: {} },
};

/**
 * Uploads every generated Rego module with `PUT /v1/policies/<id>` and then asks OPA for the
 * report of an empty plan. A module that calls a function another module defines is refused
 * until that module is in place, so uploads go in passes until none is left or a pass makes no
 * progress. Modules under `threatloop/` that the model no longer generates are deleted first, so
 * that a stale module cannot stop the new library from compiling.
 * https://www.openpolicyagent.org/docs/rest-api#create-or-update-a-policy
 */
export async function pushPolicies(
  files: GeneratedFile[],
  options: PushOptions,
): Promise<PushResult> {
  const client = new OpaClient(options);
  let pending = modulesByPackage(
    files.filter((f) => f.path.startsWith("policies/") && f.path.endsWith(".rego")),
  );
  const removed = await removeStale(client, new Set(pending.map((p) => p.id)));
  const uploaded: string[] = [];
  while (pending.length > 0) {
    const refused: typeof pending = [];
    let lastRefusal = "";
    for (const policy of pending) {
      const response = await client.request("PUT", `/v1/policies/${policyPath(policy.id)}`, {
        body: policy.content,
        contentType: "text/plain",
      });
      if (response.status === 200) uploaded.push(policy.id);
      else if (response.status === 400) {
        refused.push(policy);
        lastRefusal = response.text;
      } else throw client.failure(`PUT /v1/policies/${policy.id}`, response);
    }
    if (refused.length === pending.length) {
      throw new ThreatloopError("tool", `OPA refused the policy ${refused[0]?.id}`, {
        location: { file: options.url },
        details: truncate(lastRefusal, 4000),
      });
    }
    pending = refused;
  }

  const query = `/v1/data/${REPORT_ENTRYPOINT}`;
  const answer = await client.request("POST", query, {
    body: JSON.stringify({ input: EMPTY_PLAN }),
    contentType: "application/json",
  });
  if (answer.status !== 200) throw client.failure(`POST ${query}`, answer);
  const report = (JSON.parse(answer.text) as { result?: Record<string, unknown> }).result;
  if (!report || !Array.isArray(report.findings)) {
    throw new ThreatloopError("tool", `OPA has no ${REPORT_ENTRYPOINT} after the upload`, {
      location: { file: options.url },
      hint: "another bundle or policy may own the threatloop package on this server",
    });
  }
  return {
    policies: uploaded,
    removed,
    retried: client.retried,
    decision: {
      kind: String(report.kind),
      resources: Number(report.resources),
      findings: report.findings.length,
    },
  };
}

async function removeStale(client: OpaClient, keep: Set<string>): Promise<string[]> {
  const listed = await client.request("GET", "/v1/policies");
  if (listed.status !== 200) throw client.failure("GET /v1/policies", listed);
  const ids = ((JSON.parse(listed.text) as { result?: { id: string }[] }).result ?? [])
    .map((p) => p.id)
    .filter((id) => id.startsWith("threatloop/") && !keep.has(id))
    .sort(compareText);
  for (const id of ids) {
    const deleted = await client.request("DELETE", `/v1/policies/${policyPath(id)}`);
    if (deleted.status !== 200) throw client.failure(`DELETE /v1/policies/${id}`, deleted);
  }
  return ids;
}

function policyPath(id: string): string {
  return id.split("/").map(encodeURIComponent).join("/");
}

interface Answer {
  status: number;
  text: string;
}

/** HTTP to one OPA server with bearer auth and bounded retries on 5xx and connection errors. */
class OpaClient {
  retried = 0;

  constructor(private readonly options: PushOptions) {}

  async request(
    method: string,
    path: string,
    body?: { body: string; contentType: string },
  ): Promise<Answer> {
    const retries = this.options.retries ?? 4;
    const headers: Record<string, string> = body ? { "Content-Type": body.contentType } : {};
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    const url = new URL(
      path,
      this.options.url.endsWith("/") ? this.options.url : `${this.options.url}/`,
    );
    for (let attempt = 0; ; attempt++) {
      let answer: Answer | undefined;
      let failure: unknown;
      try {
        const response = await fetch(url, { method, headers, body: body?.body });
        answer = { status: response.status, text: await response.text() };
      } catch (error) {
        failure = error;
      }
      const retriable = answer === undefined || answer.status >= 500;
      if (!retriable && answer) return answer;
      if (attempt >= retries) {
        if (answer) return answer;
        const cause = (failure as { cause?: { code?: string } })?.cause?.code ?? String(failure);
        throw new ThreatloopError(
          "tool",
          `cannot reach OPA (${cause}) after ${attempt + 1} attempts`,
          {
            location: { file: this.options.url },
            hint: "check --opa-url and that the server is running",
            cause: failure,
          },
        );
      }
      this.retried++;
      const delay = (this.options.retryDelayMs ?? 250) * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  failure(what: string, answer: Answer): ThreatloopError {
    const hint =
      answer.status === 401 || answer.status === 403
        ? "give the server's token with --token-file or THREATLOOP_OPA_TOKEN"
        : undefined;
    return new ThreatloopError("tool", `${what} answered ${answer.status}`, {
      location: { file: this.options.url },
      hint,
      details: truncate(answer.text.trim(), 4000),
    });
  }
}

/**
 * One module per package. OPA compiles each uploaded module against those already loaded, and the
 * files of one package may call each other's functions in a cycle, so a package's files are
 * joined: the first keeps its header, the others add their rules, and the imports are merged.
 */
export function modulesByPackage(files: GeneratedFile[]): { id: string; content: string }[] {
  const packages = new Map<
    string,
    { path: string; header: string[]; imports: Set<string>; body: string[] }
  >();
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    const lines = file.content.split("\n");
    const at = lines.findIndex((line) => line.startsWith("package "));
    const name = lines[at]?.slice("package ".length).trim() ?? file.path;
    const entry = packages.get(name) ?? {
      path: file.path.slice("policies/".length),
      header: lines.slice(0, at + 1),
      imports: new Set<string>(),
      body: [],
    };
    const rest = lines.slice(at + 1);
    for (const line of rest) if (line.startsWith("import ")) entry.imports.add(line);
    entry.body.push(rest.filter((line) => !line.startsWith("import ")).join("\n"));
    packages.set(name, entry);
  }
  return [...packages.values()]
    .map((p) => ({
      id: p.path,
      content: [...p.header, "", ...[...p.imports].sort(), ...p.body].join("\n"),
    }))
    .sort((a, b) => compareText(a.id, b.id));
}
