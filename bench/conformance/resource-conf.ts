/**
 * checkov keeps many test inputs as python-hcl2 dicts in its test code. This turns one such dict
 * into the plan JSON of a single created resource, so the control can judge it like any plan.
 *
 * python-hcl2 wraps every attribute value in a one-element list and writes a nested block as a
 * list of dicts. Without the provider's schema the two cannot always be told apart, so the rule
 * is: a one-element list holding a scalar or a list is an attribute, unwrapped once; a list of
 * dicts is a nested block, each dict read by the same rule; a string holding `${...}` is an
 * expression, unknown at plan time, whose references go to the configuration. A map attribute
 * (tags) is therefore read as a block, which no control here reads. Older python-hcl2 wrote
 * every literal as a string; as Terraform converts "true", "false" and "80" for boolean and
 * number attributes, such strings become booleans and numbers. A string attribute holding one of
 * them (a name "123") would be misread; no control here reads such an attribute.
 */

/** The plan of one resource, its address, or why the dict cannot be read as one. */
export type ConfPlan = { document: object; address: string } | { error: string };

const NAME = "case";

/**
 * Converts a resource dict when the rule names one resource type, or types that are aliases of
 * one another (aws_alb_listener is aws_lb_listener); otherwise the dict does not say which.
 */
export function resourceConfPlan(conf: unknown, types: string[]): ConfPlan {
  const distinct = [...new Set(types.map((t) => t.replace(/^aws_alb(_|$)/, "aws_lb$1")))];
  const type = distinct.length === 1 ? types[0] : undefined;
  if (type === undefined) {
    return { error: `the rule judges ${types.length} resource types and the dict names none` };
  }
  if (!isObject(conf)) return { error: "the resource dict is not a mapping" };
  const body = readBody(conf);
  if ("error" in body) return body;
  const address = `${type}.${NAME}`;
  const document = {
    format_version: "1.2",
    resource_changes: [
      {
        address,
        mode: "managed",
        type,
        name: NAME,
        change: {
          actions: ["create"],
          before: null,
          after: body.after,
          after_unknown: body.unknown,
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [{ address, mode: "managed", type, name: NAME, expressions: body.expressions }],
      },
    },
  };
  return { document, address };
}

interface Body {
  after: Record<string, unknown>;
  unknown: Record<string, unknown>;
  expressions: Record<string, unknown>;
}

function readBody(conf: Record<string, unknown>): Body | { error: string } {
  const body: Body = { after: {}, unknown: {}, expressions: {} };
  for (const [key, raw] of Object.entries(conf)) {
    if (Array.isArray(raw) && raw.length > 0 && raw.every(isObject)) {
      const blocks = raw.map(readBody);
      const failed = blocks.find((b): b is { error: string } => "error" in b);
      if (failed) return failed;
      const read = blocks as Body[];
      body.after[key] = read.map((b) => b.after);
      body.unknown[key] = read.map((b) => b.unknown);
      body.expressions[key] = read.map((b) => b.expressions);
      continue;
    }
    const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
    if (Array.isArray(value) && value.some(isObject)) {
      return { error: `attribute ${key} mixes values and blocks` };
    }
    const references = referencesIn(value);
    if (references !== undefined) {
      body.unknown[key] = true;
      body.expressions[key] = { references };
    } else {
      const literal = Array.isArray(value) ? value.map(coerce) : coerce(value);
      body.after[key] = literal;
      body.expressions[key] = { constant_value: literal };
    }
  }
  return body;
}

/**
 * The references of every `${...}` in a value, as Terraform lists them: `a.b.c` gives `a.b.c`
 * and `a.b`. A value without an interpolation gives undefined; one with an interpolation but no
 * reference (a function of literals) gives an empty list, since we do not evaluate it.
 */
function referencesIn(value: unknown): string[] | undefined {
  const strings = Array.isArray(value) ? value : [value];
  const found = new Set<string>();
  let interpolated = false;
  for (const text of strings) {
    if (typeof text !== "string" || !text.includes("${")) continue;
    interpolated = true;
    for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
      for (const ref of (match[1] ?? "").matchAll(/\b[a-z_][\w-]*(?:\.[\w-]+)+/gi)) {
        const parts = ref[0].split(".");
        found.add(parts.join("."));
        if (parts.length > 2) found.add(parts.slice(0, 2).join("."));
      }
    }
  }
  return interpolated ? [...found] : undefined;
}

function coerce(value: unknown): unknown {
  if (value === "true" || value === "false") return value === "true";
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
