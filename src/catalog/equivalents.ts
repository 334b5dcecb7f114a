import { ThreatloopError } from "../errors.js";
import type { YamlSource } from "../model/yaml-source.js";
import type { ControlParameter, EquivalentRule } from "./types.js";

type Path = (string | number)[];

/**
 * Reads a control's `equivalents`: per tool, a list of rule ids or `{ id, params }` entries. The
 * params narrow the control to the peer rule's scope (one port of several), so they must be
 * parameters the control declares, of the same shape as its default.
 */
export function readEquivalents(
  raw: unknown,
  declared: Record<string, ControlParameter>,
  source: YamlSource,
  path: Path,
): Record<string, EquivalentRule[]> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw invalid(source, path, "equivalents must map each tool to a list of rule ids");
  }
  const out: Record<string, EquivalentRule[]> = {};
  for (const [tool, list] of Object.entries(raw)) {
    if (!Array.isArray(list)) {
      throw invalid(source, [...path, tool], `equivalents.${tool} must be a list`);
    }
    out[tool] = list.map((item: unknown, i) =>
      readRule(item, declared, source, [...path, tool, i]),
    );
  }
  return out;
}

function readRule(
  item: unknown,
  declared: Record<string, ControlParameter>,
  source: YamlSource,
  path: Path,
): EquivalentRule {
  if (typeof item === "string") return { id: item, params: {} };
  const entry = item as { id?: unknown; params?: unknown } | null;
  if (!entry || typeof entry !== "object" || typeof entry.id !== "string") {
    throw invalid(source, path, "an equivalent is a rule id or { id, params }");
  }
  const params = entry.params ?? {};
  if (typeof params !== "object" || Array.isArray(params) || params === null) {
    throw invalid(source, [...path, "params"], `params of ${entry.id} must be a mapping`);
  }
  for (const [name, value] of Object.entries(params)) {
    const param = declared[name];
    if (!param) {
      const known = Object.keys(declared);
      throw new ThreatloopError(
        "catalog",
        `equivalent ${entry.id} sets unknown parameter "${name}"`,
        {
          location: source.locateKey([...path, "params", name]),
          hint:
            known.length > 0 ? `its parameters are ${known.join(", ")}` : "it takes no parameters",
        },
      );
    }
    if (Array.isArray(value) !== Array.isArray(param.default)) {
      const shape = Array.isArray(param.default) ? "a list" : "a single value";
      throw invalid(source, [...path, "params", name], `parameter "${name}" must be ${shape}`);
    }
  }
  return { id: entry.id, params: params as Record<string, unknown> };
}

function invalid(source: YamlSource, path: Path, message: string): ThreatloopError {
  return new ThreatloopError("catalog", message, { location: source.locate(path) });
}
