/** A step of an attribute path: a name or map key, or an index into a block or list. */
export type PathStep = string | number;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const INDEX = /^\[(\d+)\]/;
const KEY = /^\["((?:[^"\\]|\\.)*)"\]/;

/**
 * Reads a path as Terraform writes one after a resource address:
 * `encryption_info[0].encryption_in_transit[0].client_broker` or `metadata["serial-port-enable"]`.
 * Blocks are lists, so each block on the way takes an index. Undefined when the text is not such
 * a path.
 */
export function parseAttributePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    const dotted = first ? rest : rest.startsWith(".") ? rest.slice(1) : undefined;
    const name = dotted === undefined ? null : NAME.exec(dotted);
    const index = INDEX.exec(rest);
    const key = first ? null : KEY.exec(rest);
    if (name && dotted !== undefined) {
      steps.push(name[0]);
      rest = dotted.slice(name[0].length);
    } else if (index && !first) {
      steps.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (key) {
      const text = jsonString(`"${key[1]}"`);
      if (text === undefined) return undefined;
      steps.push(text);
      rest = rest.slice(key[0].length);
    } else {
      return undefined;
    }
    first = false;
  }
  return steps.length > 0 ? steps : undefined;
}

function jsonString(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}
