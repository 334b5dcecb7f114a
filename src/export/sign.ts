import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { CompactSign } from "jose";
import { ThreatloopError } from "../errors.js";
import type { ArchiveEntry } from "./archive.js";
import { bundleFileHash, SIGNATURE_HASH } from "./file-hash.js";

/** Signature algorithms threatloop signs and verifies bundles with. */
export const SIGNING_ALGORITHMS = ["RS256", "ES256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The name OPA gives the signatures file at a bundle's root. */
export const SIGNATURES_FILE = ".signatures.json";

/** The key id OPA's own tools use when none is given. */
export const DEFAULT_KEY_ID = "default";

export interface SigningOptions {
  /** PEM file of an RSA or EC P-256 private key. */
  keyFile: string;
  algorithm?: SigningAlgorithm;
  keyId?: string;
}

/**
 * Signs a bundle the way OPA verifies it: one compact JWS in `.signatures.json` whose payload
 * lists every file with its SHA-256 digest, and whose header names the key by `kid`.
 * https://www.openpolicyagent.org/docs/management-bundles#signing
 */
export async function signBundle(
  entries: ArchiveEntry[],
  options: SigningOptions,
): Promise<ArchiveEntry> {
  const key = readPrivateKey(options.keyFile);
  const algorithm = options.algorithm ?? algorithmFor(key, options.keyFile);
  const files = entries
    .filter((e) => e.path !== SIGNATURES_FILE)
    .map((e) => ({
      name: e.path,
      hash: bundleFileHash(e.path, e.content),
      algorithm: SIGNATURE_HASH,
    }));
  const payload = new TextEncoder().encode(JSON.stringify({ files }));
  let token: string;
  try {
    token = await new CompactSign(payload)
      .setProtectedHeader({ alg: algorithm, kid: options.keyId ?? DEFAULT_KEY_ID })
      .sign(key);
  } catch (error) {
    throw new ThreatloopError("input", `cannot sign with this key: ${(error as Error).message}`, {
      location: { file: options.keyFile },
      hint: "RS256 needs an RSA key, ES256 an EC key on the P-256 curve",
      cause: error,
    });
  }
  const content = Buffer.from(`${JSON.stringify({ signatures: [token] }, null, 2)}\n`);
  return { path: SIGNATURES_FILE, content };
}

/** The algorithm a key implies: RS256 for RSA, ES256 for EC P-256. */
export function algorithmFor(key: KeyObject, file: string): SigningAlgorithm {
  if (key.asymmetricKeyType === "rsa") return "RS256";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") {
    return "ES256";
  }
  throw new ThreatloopError("input", `unsupported key type ${key.asymmetricKeyType ?? "unknown"}`, {
    location: { file },
    hint: "use an RSA key (RS256) or an EC key on the P-256 curve (ES256)",
  });
}

function readPrivateKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the signing key", {
      location: { file },
      cause: error,
    });
  }
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new ThreatloopError("input", "not a PEM private key", {
      location: { file },
      hint: "give an RSA or EC private key in PEM form (PKCS#8, PKCS#1 or SEC1)",
      cause: error,
    });
  }
}
