import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { decideGate } from "../../src/gate/gate.js";
import { attachSources, scanResourceBlocks } from "../../src/report/source-locations.js";
import { temporaryDir } from "../helpers.js";
import { sampleFinding } from "./sample.js";

test("finds resource blocks by type and name, and leaves ambiguous names unlocated", (t) => {
  const dir = temporaryDir();
  mkdirSync(join(dir, "modules", "a"), { recursive: true });
  mkdirSync(join(dir, ".terraform", "modules"), { recursive: true });
  writeFileSync(join(dir, "main.tf"), 'locals {}\n\nresource "aws_s3_bucket" "logs" {\n}\n');
  writeFileSync(join(dir, "modules", "a", "main.tf"), 'resource  "aws_s3_bucket" "b" {}\n');
  writeFileSync(join(dir, "modules", "a", "other.tf"), 'resource "aws_iam_role" "r" {}\n');
  writeFileSync(join(dir, "modules", "a", "dup.tf"), 'resource "aws_iam_role" "r" {}\n');
  writeFileSync(join(dir, ".terraform", "modules", "x.tf"), 'resource "aws_s3_bucket" "logs" {}\n');

  const gated = decideGate(
    [
      sampleFinding({ address: "aws_s3_bucket.logs" }),
      sampleFinding({ address: 'module.m["k"].aws_s3_bucket.b[0]' }),
      sampleFinding({ address: "module.m.aws_iam_role.r" }),
      sampleFinding({ address: "aws_s3_bucket.given", source: { file: "given.tf", line: 7 } }),
    ],
    { failOn: "low", unknown: "warn" },
  ).findings;
  const located = attachSources(gated, scanResourceBlocks(dir, dir)).map((f) => f.source ?? null);
  t.deepEqual(located, [
    { file: "main.tf", line: 3 },
    { file: "modules/a/main.tf", line: 1 },
    null,
    { file: "given.tf", line: 7 },
  ]);
});
