import { basename } from "node:path";
import { type AddressGlob, compileAddressGlob, GlobSyntaxError } from "./address-glob.js";
import type { TerraformResource } from "./derive/plan.js";
import type { Component, TerraformBinding, ThreatModel } from "./types.js";
import type { ProblemSink } from "./validate.js";

/** Errors for address globs that OPA would refuse, at the position of each. */
export function checkAddressGlobs(model: ThreatModel, sink: ProblemSink): void {
  model.components.forEach((component, i) => {
    component.terraform?.addresses?.forEach((pattern, a) => {
      try {
        compileAddressGlob(pattern);
      } catch (error) {
        if (!(error instanceof GlobSyntaxError)) throw error;
        sink.error(
          ["components", i, "terraform", "addresses", a],
          `address glob "${pattern}" is invalid: ${error.message} at character ${error.index + 1}`,
          "escape [ ] { } * ? with \\ to match them literally",
        );
      }
    });
  });
}

/**
 * Warnings for bindings that select nothing in a plan or state, matched as the policies match:
 * every given criterion (types, address globs, tags) must hold.
 */
export function checkBindingsAgainst(
  model: ThreatModel,
  resources: TerraformResource[],
  file: string,
  sink: ProblemSink,
): void {
  const where = basename(file);
  model.components.forEach((component, i) => {
    const binding = component.terraform;
    if (!binding || Object.keys(binding).length === 0) return;
    const globs = compileAll(binding);
    if (globs === undefined) return;
    const path = ["components", i, "terraform"];
    if (!resources.some((resource) => bindingMatches(binding, globs, resource))) {
      sink.warn(
        path,
        `the binding of component "${component.id}" matches no resource in ${where}`,
        closest(component, resources),
      );
      return;
    }
    globs.forEach((glob, a) => {
      const hit = resources.some((r) =>
        bindingMatches({ ...binding, addresses: [glob.pattern] }, [glob], r),
      );
      if (!hit) {
        sink.warn(
          [...path, "addresses", a],
          `address glob "${glob.pattern}" of component "${component.id}" matches no resource ` +
            `in ${where}`,
        );
      }
    });
  });
}

/** Whether a resource implements a binding: its type, one address glob and every tag match. */
export function bindingMatches(
  binding: TerraformBinding,
  globs: AddressGlob[],
  resource: TerraformResource,
): boolean {
  if (binding.types && !binding.types.includes(resource.type)) return false;
  if (binding.addresses && !globs.some((g) => g.test(resource.address) || g.test(resource.config)))
    return false;
  const tags = (resource.values.tags ?? {}) as Record<string, unknown>;
  return Object.entries(binding.tags ?? {}).every(([key, value]) => tags[key] === value);
}

function compileAll(binding: TerraformBinding): AddressGlob[] | undefined {
  try {
    return (binding.addresses ?? []).map(compileAddressGlob);
  } catch {
    return undefined;
  }
}

function closest(component: Component, resources: TerraformResource[]): string | undefined {
  const types = component.terraform?.types;
  const sameType = types ? resources.filter((r) => types.includes(r.type)) : [];
  if (sameType.length === 0) return undefined;
  const shown = sameType.slice(0, 3).map((r) => r.address);
  return `resources of its types: ${shown.join(", ")}${sameType.length > 3 ? ", …" : ""}`;
}
