/**
 * @cdktn/hcl2json, loaded on first use. Importing it starts its WebAssembly runtime, which costs
 * about a quarter of a second: more than a whole evaluation of a small plan, and wasted by every
 * command that never reads HCL.
 */
type Hcl2Json = typeof import("@cdktn/hcl2json");

let loading: Promise<Hcl2Json> | undefined;

function hcl2json(): Promise<Hcl2Json> {
  loading ??= import("@cdktn/hcl2json");
  return loading;
}

/** Parses HCL text into hcl2json's JSON form; `file` names it in error messages. */
export async function parse(file: string, text: string): ReturnType<Hcl2Json["parse"]> {
  return (await hcl2json()).parse(file, text);
}

/** The references (var.x, aws_s3_bucket.b.id) of one HCL expression. */
export async function getReferencesInExpression(
  file: string,
  expression: string,
): ReturnType<Hcl2Json["getReferencesInExpression"]> {
  return (await hcl2json()).getReferencesInExpression(file, expression);
}
