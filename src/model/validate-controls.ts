import type { Catalog } from "../catalog/types.js";
import { compileAddressGlob, GlobSyntaxError } from "./address-glob.js";
import { suggest } from "./suggest.js";
import type { Assertion, ControlUse, Threat, ThreatModel } from "./types.js";
import type { ProblemSink } from "./validate.js";

type Path = (string | number)[];

/** Checks every control of a threat: catalog ids and parameters, inline assertions, status. */
export function checkControlUses(
  model: ThreatModel,
  threat: Threat,
  threatPath: Path,
  catalog: Catalog,
  today: string,
  sink: ProblemSink,
): void {
  const boundTypes = new Set(
    threat.components.flatMap(
      (id) => model.components.find((c) => c.id === id)?.terraform?.types ?? [],
    ),
  );
  const assertionIds = new Set<string>();
  threat.controls.forEach((use, c) => {
    const path = [...threatPath, "controls", c];
    checkDeclaredStatus(use, path, today, sink);
    if (use.control !== undefined && use.assert !== undefined) {
      sink.error(
        path,
        "a control entry has both control: and assert:",
        "split it into two entries, one per control",
      );
      return;
    }
    if (use.assert !== undefined) {
      if (use.id === undefined) {
        sink.error(
          [...path, "assert"],
          "an inline assertion needs an id",
          "add id: beside assert:, unique within the threat",
        );
      } else if (assertionIds.has(use.id)) {
        sink.error([...path, "id"], `duplicate assertion id "${use.id}" in threat "${threat.id}"`);
      } else {
        assertionIds.add(use.id);
      }
      if (use.params !== undefined) {
        sink.errorAtKey(
          [...path, "params"],
          "params apply to catalog controls only",
          "write the values into the assertion's conditions",
        );
      }
      checkAssertion(use.assert, threat, [...path, "assert"], boundTypes, sink);
      return;
    }
    if (use.control === undefined) {
      sink.error(
        path,
        "a control entry needs control: (a catalog id) or assert: (an inline assertion)",
      );
      return;
    }
    checkCatalogControl(use, use.control, threat, path, catalog, boundTypes, sink);
  });
}

function checkCatalogControl(
  use: ControlUse,
  id: string,
  threat: Threat,
  path: Path,
  catalog: Catalog,
  boundTypes: Set<string>,
  sink: ProblemSink,
): void {
  const control = catalog.controls.get(id);
  if (!control) {
    sink.error(
      [...path, "control"],
      `unknown control "${id}"`,
      suggest(id, new Set(catalog.controls.keys())),
    );
    return;
  }
  for (const name of Object.keys(use.params ?? {})) {
    if (!(name in control.params)) {
      const known = Object.keys(control.params);
      sink.errorAtKey(
        [...path, "params", name],
        `control "${id}" has no parameter "${name}"`,
        known.length > 0 ? `its parameters are ${known.join(", ")}` : "it takes no parameters",
      );
    }
  }
  if (boundTypes.size > 0 && !control.resource_types.some((type) => boundTypes.has(type))) {
    sink.warn(
      [...path, "control"],
      `control "${id}" checks ${control.resource_types.join(", ")}, ` +
        `which no component of threat "${threat.id}" binds`,
      "add one of those types to a component's terraform.types",
    );
  }
}

function checkDeclaredStatus(use: ControlUse, path: Path, today: string, sink: ProblemSink) {
  if (use.expires !== undefined && !isCalendarDate(use.expires)) {
    sink.error([...path, "expires"], `"${use.expires}" is not a calendar date`, "YYYY-MM-DD");
    return;
  }
  if (use.status === "risk-accepted") {
    if (!use.justification)
      sink.error([...path, "status"], "a risk acceptance needs a justification");
    if (!use.expires)
      sink.error(
        [...path, "status"],
        "a risk acceptance needs an expiry date (expires: YYYY-MM-DD)",
      );
    else if (use.expires < today)
      sink.error(
        [...path, "expires"],
        `the risk acceptance expired on ${use.expires}`,
        "renew it with a new justification, or implement the control",
      );
  } else if (use.justification !== undefined || use.expires !== undefined) {
    const field = use.justification !== undefined ? "justification" : "expires";
    sink.warn(
      [...path, field],
      `${field} applies only to status: risk-accepted`,
      "remove it, or set status: risk-accepted",
    );
  }
}

function checkAssertion(
  assertion: Assertion,
  threat: Threat,
  path: Path,
  boundTypes: Set<string>,
  sink: ProblemSink,
): void {
  const relation = assertion.relation ?? "self";
  if (relation !== "self" && assertion.via === undefined) {
    sink.error(
      [...path, "relation"],
      `relation "${relation}" needs via: the attribute that holds the reference`,
      "for example via: bucket",
    );
  }
  if (relation === "self" && assertion.via !== undefined) {
    sink.error([...path, "via"], "via applies only to relations references and referenced-by");
  }
  if (relation === "self" && boundTypes.size > 0 && !boundTypes.has(assertion.resource_type)) {
    sink.warn(
      [...path, "resource_type"],
      `no component of threat "${threat.id}" binds ${assertion.resource_type}`,
      "add it to a component's terraform.types, or relate the assertion through via:",
    );
  }
  if (assertion.require === "none" && (assertion.conditions?.length ?? 0) > 0) {
    sink.error(
      [...path, "conditions"],
      "require: none takes no conditions",
      "it asserts that no related resource exists",
    );
  }
  assertion.conditions?.forEach((condition, i) => {
    const at = [...path, "conditions", i];
    const { op, value } = condition;
    if (op === "exists" || op === "absent") {
      if (value !== undefined) sink.error([...at, "value"], `op ${op} takes no value`);
      return;
    }
    if (value === undefined) {
      sink.error(at, `op ${op} needs a value`);
    } else if ((op === "in" || op === "not-in") && !Array.isArray(value)) {
      sink.error([...at, "value"], `op ${op} needs a list value`, "for example value: [a, b]");
    } else if ((op === "gte" || op === "lte") && typeof value !== "number") {
      sink.error([...at, "value"], `op ${op} needs a number value`);
    } else if (op === "matches" && typeof value !== "string") {
      sink.error([...at, "value"], "op matches needs a glob string value");
    } else if (op === "matches") {
      try {
        compileAddressGlob(String(value));
      } catch (error) {
        if (!(error instanceof GlobSyntaxError)) throw error;
        sink.error([...at, "value"], `the glob "${value}" is invalid: ${error.message}`);
      }
    }
  });
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
