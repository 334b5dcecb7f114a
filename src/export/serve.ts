import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { BundleStore } from "./bundle-store.js";

/** The media type that tells OPA the server supports long polling. */
export const LONG_POLL_TYPE = "application/vnd.openpolicyagent.bundles";

export interface BundleServerOptions {
  store: BundleStore;
  /** Bearer token every bundle request must carry; no authentication when absent. */
  token?: string;
  /** The longest a long-poll request is held, whatever the client asks for. */
  maxWaitSeconds?: number;
}

/**
 * An HTTP bundle service for OPA: `GET /bundles/<name>.tar.gz` with an ETag, `304` for a
 * matching `If-None-Match`, long polling when OPA sends `Prefer: ...wait=<seconds>`, and an
 * unauthenticated `GET /health`.
 * https://www.openpolicyagent.org/docs/management-bundles#bundle-service-api
 */
export function createBundleServer(options: BundleServerOptions): Server {
  return createServer((request, response) => {
    handle(request, response, options).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: BundleServerOptions,
) {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method !== "GET" && request.method !== "HEAD") {
    return reply(response, 405, { error: "only GET and HEAD are served" }, { Allow: "GET, HEAD" });
  }
  if (url.pathname === "/health") {
    return reply(response, 200, { status: "ok", bundles: options.store.revisions() });
  }
  const match = /^\/bundles\/([^/]+?)(\.tar\.gz)?$/.exec(url.pathname);
  if (!match) return reply(response, 404, { error: "not found" });
  if (options.token !== undefined && !authorized(request, options.token)) {
    return reply(
      response,
      401,
      { error: "a bearer token is required" },
      {
        "WWW-Authenticate": 'Bearer realm="threatloop"',
      },
    );
  }
  const name = decodeURIComponent(match[1] ?? "");
  let bundle = options.store.get(name);
  if (!bundle) return reply(response, 404, { error: `no bundle named ${name}` });

  const wait = longPollSeconds(request, options.maxWaitSeconds ?? 60);
  const known = request.headers["if-none-match"];
  if (known === bundle.etag && wait > 0) {
    const gone = new AbortController();
    request.once("close", () => gone.abort());
    await options.store.waitForChange(name, bundle.etag, wait * 1000, gone.signal);
    if (gone.signal.aborted && response.destroyed) return;
    bundle = options.store.get(name) ?? bundle;
  }
  if (known === bundle.etag) {
    response.writeHead(304, { ETag: bundle.etag });
    return response.end();
  }
  response.writeHead(200, {
    "Content-Type": wait > 0 ? LONG_POLL_TYPE : "application/gzip",
    "Content-Length": bundle.archive.length,
    ETag: bundle.etag,
  });
  response.end(request.method === "HEAD" ? undefined : bundle.archive);
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(`${JSON.stringify(body)}\n`);
}

function authorized(request: IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Seconds OPA asks to be held for (`Prefer: modes=...;wait=10`), capped; 0 for plain polls. */
function longPollSeconds(request: IncomingMessage, max: number): number {
  const wait = /(?:^|[;,\s])wait=(\d+)/.exec(String(request.headers.prefer ?? ""))?.[1];
  return wait === undefined ? 0 : Math.min(Number(wait), max);
}
