import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";

/**
 * Renders a template from generators/templates. Templates only place values that the caller
 * already escaped for the target language (see escape.ts); Handlebars' own HTML escaping is off
 * because it would corrupt Rego and HCL, and it would be the wrong escaping anyway.
 */
export function renderTemplate(templatesDir: string, name: string, view: object): string {
  return compiled(templatesDir, name)(view);
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

function compiled(templatesDir: string, name: string): Handlebars.TemplateDelegate {
  const path = join(templatesDir, name);
  let template = cache.get(path);
  if (!template) {
    const engine = Handlebars.create();
    template = engine.compile(readFileSync(path, "utf8"), { noEscape: true, strict: true });
    cache.set(path, template);
  }
  return template;
}
