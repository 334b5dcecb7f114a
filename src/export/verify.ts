import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { compactVerify, decodeProtectedHeader } from "jose";
import { ThreatloopError } from "../errors.js";
import { readArchive } from "./archive.js";
import { bundleFileHash, SIGNATURE_HASH } from "./file-hash.js";
import { algorithmFor, SIGNATURES_FILE, type SigningAlgorithm } from "./sign.js";

export interface VerifyOptions {
  /** PEM file of the public key (a certificate or the private key also do). */
  keyFile: string;
  /** The scope the signature must carry (OPA compares it exactly, empty by default). */
  scope?: string;
  algorithm?: SigningAlgorithm;
}

export interface VerifyResult {
  valid: boolean;
  /** Why the bundle would be refused, one line each; empty when valid. */
  problems: string[];
  revision: string | null;
  files: number;
}

interface SignedFile {
  name: string;
  hash: string;
  algorithm: string;
}

/**
 * Checks a bundle as OPA does before activating it: exactly one JWS, made by the given key (the
 * key configured for the bundle is used whatever `kid` the JWS names, as OPA does), with
 * the expected scope, listing every file of the archive (but the signatures file) with a digest
 * that matches, and no file the archive lacks.
 * https://www.openpolicyagent.org/docs/management-bundles#signature-verification
 */
export async function verifyBundle(
  archive: Buffer,
  label: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const key = readPublicKey(options.keyFile);
  const algorithm = options.algorithm ?? algorithmFor(key, options.keyFile);
  const entries = await readArchive(archive, label);
  const manifest = entries.find((e) => e.path === ".manifest");
  const revision = manifest ? readRevision(manifest.content) : null;
  const result = (problems: string[]): VerifyResult => ({
    valid: problems.length === 0,
    problems,
    revision,
    files: entries.length,
  });

  const signatures = entries.find((e) => e.path === SIGNATURES_FILE);
  if (!signatures) return result(["the bundle has no .signatures.json: it is not signed"]);
  const tokens = readTokens(signatures.content);
  if (tokens.length !== 1) {
    return result([`.signatures.json holds ${tokens.length} signatures; exactly one is expected`]);
  }

  const token = tokens[0] ?? "";
  let files: SignedFile[];
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== algorithm) {
      return result([
        `the signature uses ${header.alg ?? "no algorithm"}, the key is for ${algorithm}`,
      ]);
    }
    const verified = await compactVerify(token, key, { algorithms: [algorithm] });
    const payload = JSON.parse(new TextDecoder().decode(verified.payload));
    if ((payload.scope ?? "") !== (options.scope ?? "")) {
      return result([`the signature's scope "${payload.scope ?? ""}" is not the one expected`]);
    }
    files = Array.isArray(payload.files) ? payload.files : [];
  } catch (error) {
    return result([`the signature does not verify with this key: ${(error as Error).message}`]);
  }

  const problems: string[] = [];
  const signed = new Map(files.map((f) => [f.name.replace(/^\/+/, ""), f]));
  for (const entry of entries) {
    if (entry.path === SIGNATURES_FILE) continue;
    const file = signed.get(entry.path);
    signed.delete(entry.path);
    if (!file) problems.push(`${entry.path} is not included in the signature`);
    else if (digest(entry.path, entry.content, file.algorithm) !== file.hash.toLowerCase()) {
      problems.push(`${entry.path}: digest mismatch`);
    }
  }
  for (const name of signed.keys()) problems.push(`${name} is signed but not in the bundle`);
  return result(problems);
}

// OPA accepts other algorithms too; threatloop signs with SHA-256 only and checks only that.
function digest(path: string, content: Buffer, algorithm: string): string | null {
  return algorithm === SIGNATURE_HASH ? bundleFileHash(path, content) : null;
}

function readTokens(content: Buffer): string[] {
  try {
    const parsed = JSON.parse(content.toString("utf8"));
    const list: unknown = parsed?.signatures;
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

function readRevision(content: Buffer): string | null {
  try {
    const revision: unknown = JSON.parse(content.toString("utf8"))?.revision;
    return typeof revision === "string" ? revision : null;
  } catch {
    return null;
  }
}

function readPublicKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the verification key", {
      location: { file },
      cause: error,
    });
  }
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new ThreatloopError("input", "not a PEM public key", {
      location: { file },
      hint: "give the signer's public key, certificate or private key in PEM form",
      cause: error,
    });
  }
}
