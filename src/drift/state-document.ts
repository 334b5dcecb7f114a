import type { SideResource } from "./documents.js";

/**
 * Writes resources as a `terraform show -json` state document, nesting child modules by their
 * addresses, so the compiled policies can evaluate any side.
 * https://developer.hashicorp.com/terraform/internals/json-format#values-representation
 */
export function toStateDocument(resources: SideResource[]): Uint8Array {
  const modules = new Map<
    string,
    { address?: string; resources: object[]; child_modules: object[] }
  >();
  const moduleOf = (address: string) => {
    let entry = modules.get(address);
    if (!entry) {
      entry = { ...(address ? { address } : {}), resources: [], child_modules: [] };
      modules.set(address, entry);
      if (address) moduleOf(parentModule(address)).child_modules.push(entry);
    }
    return entry;
  };
  moduleOf("");
  for (const r of resources) {
    moduleOf(r.module).resources.push({
      address: r.address,
      mode: "managed",
      type: r.type,
      name: r.name,
      ...(r.index === null ? {} : { index: r.index }),
      provider_name: "registry.terraform.io/hashicorp/aws",
      schema_version: 0,
      values: r.values,
      sensitive_values: r.sensitive,
    });
  }
  const document = { format_version: "1.0", values: { root_module: modules.get("") } };
  return new TextEncoder().encode(JSON.stringify(document));
}

/** module.a.module.b[0] → module.a; module.a → the root. */
function parentModule(address: string): string {
  const match = /^(.*)\.module\.[A-Za-z0-9_-]+(\[[^\]]*\])?$/.exec(address);
  return match?.[1] ?? "";
}
