import { parse } from "@cdktn/hcl2json";
import test from "ava";
import fc from "fast-check";
import { hclString } from "../../src/generate/escape.js";

const cases: [string, string][] = [
  ["plain", '"plain"'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation, on purpose
  ["${var.secret}", '"$${var.secret}"'],
  ["%{ if true }x%{ endif }", '"%%{ if true }x%%{ endif }"'],
  ['"\\', '"\\"\\\\"'],
  ["line\nbreak", '"line\\u000abreak"'],
  ["🔥", '"\\U0001f525"'],
];

for (const [input, expected] of cases) {
  test(`hclString writes ${JSON.stringify(input)} as one inert token`, (t) => {
    t.is(hclString(input), expected);
  });
}

/** Fragments that start interpolations, directives, heredocs or comments in HCL. */
const hostile = fc.constantFrom(
  "${",
  "%{",
  "$${",
  "%%{",
  "}",
  '"',
  "\\",
  "<<EOF\n",
  "#",
  "//",
  "\n",
);

test("any text written with hclString parses back to itself", async (t) => {
  const text = fc
    .array(fc.oneof(hostile, fc.string({ unit: "binary", maxLength: 10 })), { maxLength: 8 })
    .map((parts) => parts.join(""))
    .filter((s) => !/\p{Cs}/u.test(s));
  await fc.assert(
    fc.asyncProperty(text, async (value) => {
      const parsed = (await parse("t.tf", `locals {\n  value = ${hclString(value)}\n}\n`)) as {
        locals: { value: string }[];
      };
      // hcl2json writes HCL's JSON form, where a literal ${ or %{ is doubled again.
      const literal = parsed.locals[0]?.value
        .replaceAll("$${", () => "${")
        .replaceAll("%%{", () => "%{");
      // HCL reads every string in Unicode normal form C, which keeps canonical equivalence.
      t.is(literal, value.normalize("NFC"));
    }),
    { numRuns: 100 },
  );
});
