import { parseDocument } from "yaml";
import { ThreatloopError } from "../errors.js";
import type { ObservedControl } from "../history/observed.js";
import { controlPairs, observedControls } from "../history/observed.js";
import type { SystemHistory } from "../history/query.js";
import { controlIdOf } from "../model/control-id.js";
import type { ThreatModel } from "../model/types.js";
import { type RaisedLikelihood, raisedLikelihood, threatFailingRuns } from "./likelihood.js";
import { YamlSplicer } from "./yaml-edit.js";

/** Kinds of contradiction between what the model declares and what was observed. */
export const CONTRADICTIONS = ["implemented-but-failing", "mitigated-but-never-evaluated"] as const;

/** A declaration the observations contradict. */
export interface Contradiction {
  kind: (typeof CONTRADICTIONS)[number];
  threat: string;
  control: string | null;
  message: string;
}

/** What feedback found and the model text with it written in. */
export interface FeedbackResult {
  observed: ObservedControl[];
  contradictions: Contradiction[];
  raised: RaisedLikelihood[];
  /** The model's YAML with `observed:` blocks and raised likelihoods; comments are kept. */
  text: string;
}

/**
 * Writes the observed status of every control use beside its declared status, and applies the
 * likelihood rule, splicing the YAML text at the parsed positions so comments, order and layout
 * survive byte for byte outside the edited keys. A
 * control without a declared status counts as implemented.
 */
export function applyFeedback(
  modelFile: string,
  modelText: string,
  model: ThreatModel,
  history: SystemHistory,
): FeedbackResult {
  const doc = parseDocument(modelText, { uniqueKeys: true, keepSourceTokens: true });
  const splicer = new YamlSplicer(modelText, doc);
  const edit = (done: boolean, where: string) => {
    if (!done) {
      throw new ThreatloopError("model", `cannot write observed status into ${where}`, {
        location: { file: modelFile },
        hint: "write the threats and their controls as block mappings (key: value lines)",
      });
    }
  };
  const pairs = controlPairs(model);
  const observed = observedControls(history, pairs);
  const byKey = new Map(observed.map((o) => [`${o.threat}\u0000${o.control}`, o]));
  const contradictions: Contradiction[] = [];
  const raised: RaisedLikelihood[] = [];

  model.threats.forEach((threat, t) => {
    const ids = threat.controls.map((use, c) => controlIdOf(use, c));
    const seen = ids.map((id) => byKey.get(`${threat.id}\u0000${id}`));
    threat.controls.forEach((use, c) => {
      const o = seen[c];
      if (!o) return;
      edit(
        splicer.setBlock(["threats", t, "controls", c], "observed", observedBlock(o)),
        `threats[${t}].controls[${c}]`,
      );
      if ((use.status ?? "implemented") === "implemented" && o.status === "fail") {
        contradictions.push({
          kind: "implemented-but-failing",
          threat: threat.id,
          control: ids[c] ?? null,
          message: `${threat.id} ${ids[c]} is declared implemented but fails: ${o.evidence}`,
        });
      }
    });
    const mitigated = threat.controls.every((u) => (u.status ?? "implemented") === "implemented");
    if (mitigated && seen.every((o) => o?.status === "never-evaluated")) {
      contradictions.push({
        kind: "mitigated-but-never-evaluated",
        threat: threat.id,
        control: null,
        message:
          `${threat.id} is declared mitigated (every control implemented) ` +
          "but none of its controls was ever evaluated",
      });
    }
    const raise = raisedLikelihood(threat, threatFailingRuns(history, threat.id));
    if (raise) {
      raised.push(raise);
      edit(splicer.setScalar(["threats", t], "likelihood", raise.to), `threats[${t}]`);
    }
  });
  return { observed, contradictions, raised, text: splicer.toString() };
}

function observedBlock(o: ObservedControl): Record<string, string> {
  const block: Record<string, string> = { status: o.status };
  if (o.last_seen) block.last_seen = o.last_seen;
  if (o.evidence) block.evidence = o.evidence;
  return block;
}
