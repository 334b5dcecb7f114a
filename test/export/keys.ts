import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A fresh signing key pair in PEM files under dir: RSA for RS256, EC P-256 for ES256. */
export function writeKeyPair(dir: string, kind: "rsa" | "ec"): { key: string; pub: string } {
  const pair =
    kind === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const key = join(dir, `${kind}.pem`);
  const pub = join(dir, `${kind}.pub.pem`);
  writeFileSync(key, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(pub, pair.publicKey.export({ type: "spki", format: "pem" }));
  return { key, pub };
}
