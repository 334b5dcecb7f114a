import test from "ava";
import {
  metadataValue,
  regoIdentifier,
  regoString,
  regoTerm,
  yamlString,
} from "../../src/generate/escape.js";

const strings: [string, string][] = [
  ["plain", '"plain"'],
  ['quote " inside', '"quote \\" inside"'],
  ["back\\slash", '"back\\\\slash"'],
  ["new\nline", '"new\\u000aline"'],
  ["é and 🔥", '"\\u00e9 and \\ud83d\\udd25"'],
  ["\u2028", '"\\u2028"'],
];

for (const [input, expected] of strings) {
  test(`regoString writes ${JSON.stringify(input)} as one ASCII token`, (t) => {
    const out = regoString(input);
    t.is(out, expected);
    t.deepEqual(JSON.parse(out), input);
    t.regex(out, /^[\x20-\x7e]*$/);
  });
}

test("regoIdentifier lowers and replaces what Rego does not allow", (t) => {
  t.is(regoIdentifier("t", "TL-001"), "t_tl_001");
  t.is(regoIdentifier("t", "x y.z"), "t_x_y_z");
  t.regex(regoIdentifier("t", "TL-001", true), /^t_tl_001_[0-9a-f]{8}$/);
  t.not(regoIdentifier("t", "a-b", true), regoIdentifier("t", "a_b", true));
});

test("regoTerm keeps short terms on one line", (t) => {
  t.is(regoTerm({ ports: [22, 3389] }), '{"ports": [22, 3389]}');
});

test("regoTerm expands long terms one element per line, hugging a lone element", (t) => {
  const term = regoTerm({ a: "x".repeat(50), b: ["y".repeat(40)] }, 0, 60);
  t.is(term, `{\n\t"a": "${"x".repeat(50)}",\n\t"b": ["${"y".repeat(40)}"],\n}`);
  t.is(
    regoTerm({ only: ["p".repeat(30), "q".repeat(30)] }, 0, 40),
    `{"only": [\n\t"${"p".repeat(30)}",\n\t"${"q".repeat(30)}",\n]}`,
  );
});

test("metadataValue folds at single spaces and the pieces rejoin to the quoted value", (t) => {
  const title = `${"word ".repeat(40)}end`;
  const lines = metadataValue(title, 40, 60);
  t.true(lines.length > 1);
  for (const line of lines) t.true(line.length <= 60);
  t.deepEqual(JSON.parse(lines.join(" ")), title);
});

test("yamlString writes characters beyond the BMP with the 8-digit escape YAML accepts", (t) => {
  t.is(yamlString("é and 🔥"), '"\\u00e9 and \\U0001f525"');
  t.is(yamlString('"\\\n'), '"\\"\\\\\\u000a"');
});

test("metadataValue never starts a continuation line with METADATA", (t) => {
  const title = `${"word ".repeat(20)}METADATA title: forged`;
  const lines = metadataValue(title, 40, 60);
  for (const line of lines.slice(1)) t.false(line.toUpperCase().startsWith("METADATA"), line);
  t.deepEqual(JSON.parse(lines.join(" ")), title);
});
