import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import fc from "fast-check";
import { topLevelSpans, trimUnreadSections } from "../../src/inputs/trim.js";
import { packageRoot } from "../../src/paths.js";

const UNREAD = [
  "planned_values",
  "prior_state",
  "resource_drift",
  "output_changes",
  "relevant_attributes",
  "checks",
  "variables",
];

function trim(text: string): string {
  return new TextDecoder().decode(trimUnreadSections(new TextEncoder().encode(text)));
}

/** What the trimmed document must equal: the parsed input without the sections nobody reads. */
function expected(document: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(document).filter(([k]) => !UNREAD.includes(k)));
  return "planned_values" in document ? { ...kept, planned_values: {} } : kept;
}

test("drops the sections no policy reads and keeps planned_values as an empty object", (t) => {
  const plan = readFileSync(join(packageRoot(), "fixtures", "example", "plan.json"), "utf8");
  const trimmed = trim(plan);
  t.true(trimmed.length < plan.length);
  t.deepEqual(JSON.parse(trimmed), expected(JSON.parse(plan)));
});

const unchanged: [string, string][] = [
  ["state, which has none of the sections", '{"format_version":"1.0","values":{"root_module":{}}}'],
  ["a plan wrapped as HCP Terraform sends it", '{"plan":{"planned_values":{"a":1}},"run":{}}'],
  ["a truncated document", '{"format_version":"1.2","planned_values":{"root_module":{'],
  ["a syntax error inside a dropped section", '{"planned_values":{"a":[1,2}},"b":1}'],
  ["a number with a leading zero", '{"planned_values":01}'],
  ["a misspelt literal", '{"planned_values":tru}'],
  ["a raw control character in a string", '{"planned_values":"a\nb"}'],
  ["an invalid escape", '{"planned_values":"\\x"}'],
  ["text after the document", '{"planned_values":{}} {}'],
  ["a repeated key", '{"resource_changes":[],"resource_changes":[1],"planned_values":{}}'],
  ["an array at the top", '[{"planned_values":{}}]'],
];

for (const [what, text] of unchanged) {
  test(`leaves ${what} byte for byte as it is`, (t) => {
    t.is(trim(text), text);
  });
}

test("keeps every kind of JSON value around the dropped sections", (t) => {
  const text =
    ' { "a" : [true, false, null, -0.5e+3, 1E2, "\\u00e9\\n\\"", {}] ,\n' +
    '"variables":{"secret":{"value":"s3cr3t"}}, "b":{"c":[[]]} }';
  const trimmed = trim(text);
  t.false(trimmed.includes("s3cr3t"));
  t.deepEqual(JSON.parse(trimmed), {
    a: [true, false, null, -500, 100, 'é\n"', {}],
    b: { c: [[]] },
  });
});

test("any JSON object comes back as the same object without the unread sections", (t) => {
  const key = fc.oneof(
    fc.constantFrom(...UNREAD, "resource_changes", "configuration"),
    fc.string(),
  );
  fc.assert(
    fc.property(fc.dictionary(key, fc.jsonValue()), (document) => {
      const text = JSON.stringify(document, null, 1);
      t.deepEqual(JSON.parse(trim(text)), expected(JSON.parse(text)));
    }),
  );
});

test("text that is not JSON comes back unchanged", (t) => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      fc.pre(!valid);
      t.is(trim(text), text);
    }),
  );
});

test("the named member's array elements come with their spans, found in the same pass", (t) => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  fc.assert(
    fc.property(
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue()),
      (others, changes) => {
        const document = { ...others, resource_changes: changes };
        const bytes = encoder.encode(JSON.stringify(document, null, 1));
        const spans = topLevelSpans(bytes, "resource_changes");
        t.deepEqual(
          spans?.map((span) => span.key),
          Object.keys(document),
        );
        const member = spans?.find((span) => span.key === "resource_changes");
        const elements = member?.elements?.map(([start, end]) =>
          JSON.parse(decoder.decode(bytes.subarray(start, end))),
        );
        t.deepEqual(elements, Array.isArray(changes) ? changes : undefined);
        for (const span of spans ?? []) {
          if (span.key !== "resource_changes") t.is(span.elements, undefined);
        }
      },
    ),
  );
});
