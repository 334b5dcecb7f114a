import type {
  Component,
  DataFlow,
  StrideCategory,
  Threat,
  ThreatModel,
  TrustBoundary,
} from "../types.js";
import { IdMap, ImportLog, isRecord, list, severityOf, strideOf, text } from "./common.js";
import type { ImportResult } from "./types.js";

const KINDS: Record<string, string> = {
  "tm.Actor": "external-entity",
  "tm.Process": "process",
  "tm.Store": "data-store",
};

interface Cell {
  raw: Record<string, unknown>;
  /** Version 2 keeps properties under `data`; version 1 keeps them on the cell. */
  data: Record<string, unknown>;
  type: string;
  path: string;
}

/**
 * Maps an OWASP Threat Dragon model (version 2, and version 1's diagramJson cells) to the native
 * model: actors, processes and stores become components, flows become data flows, boundaries
 * become trust boundaries (boxes enclose the components drawn inside them) and each element's
 * threats become threats on it. Mitigation text and threat status are listed as dropped.
 */
export function importThreatDragon(doc: Record<string, unknown>): ImportResult {
  const log = new ImportLog();
  const summary = isRecord(doc.summary) ? doc.summary : {};
  const detail = isRecord(doc.detail) ? doc.detail : {};
  const cells = list(detail.diagrams).flatMap((diagram, d) => diagramCells(diagram, d));
  const componentIds = new IdMap("component");
  const components: Component[] = [];
  const flows: DataFlow[] = [];
  const boundaries: TrustBoundary[] = [];
  const threats: Threat[] = [];
  const threatIds = new IdMap("threat");

  for (const cell of cells) {
    const kind = KINDS[cell.type];
    if (kind === undefined) continue;
    const name = cellName(cell) ?? kind;
    const id = componentIds.add(String(cell.raw.id), name);
    components.push({ id, name, layer: "paas", kind, ...describe(cell.data) });
    log.assume(`components.${components.length - 1}.layer`, "paas", "Threat Dragon has no layers");
    if (cell.data.outOfScope === true)
      log.drop(`${cell.path}.outOfScope`, "out-of-scope marks are not kept");
  }
  for (const cell of cells) {
    if (KINDS[cell.type] !== undefined) {
      addThreats(cell, [componentIds.get(String(cell.raw.id)) ?? ""], threats, threatIds, log);
    } else if (cell.type === "tm.Flow") {
      const from = componentIds.get(endpoint(cell.raw.source));
      const to = componentIds.get(endpoint(cell.raw.target));
      if (from === undefined || to === undefined) {
        log.drop(cell.path, "an end of the flow is not attached to an element");
        continue;
      }
      flows.push(mapFlow(cell, from, to));
      addThreats(cell, [...new Set([from, to])], threats, threatIds, log);
    } else if (cell.type === "tm.Boundary" || cell.type === "tm.BoundaryBox") {
      boundaries.push(mapBoundary(cell, cells, componentIds, boundaries.length));
    } else {
      log.drop(cell.path, `a ${cell.type} cell is a diagram annotation`);
    }
  }

  const model: ThreatModel = {
    version: 1,
    system: {
      name: text(summary.title) ?? "Imported threat model",
      ...describe(summary),
    },
    components,
    ...(flows.length > 0 ? { flows } : {}),
    ...(boundaries.length > 0 ? { trust_boundaries: boundaries } : {}),
    threats,
  };
  if (text(summary.owner) !== undefined)
    log.drop("summary.owner", "owners are per layer; set system.owners by hand");
  return { format: "threat-dragon", model, dropped: log.dropped, assumed: log.assumed };
}

function diagramCells(diagram: unknown, d: number): Cell[] {
  if (!isRecord(diagram)) return [];
  const v2 = Array.isArray(diagram.cells);
  const raw = v2 ? diagram.cells : isRecord(diagram.diagramJson) ? diagram.diagramJson.cells : [];
  const prefix = v2 ? `detail.diagrams.${d}.cells` : `detail.diagrams.${d}.diagramJson.cells`;
  return list(raw).flatMap((cell, i) => {
    if (!isRecord(cell)) return [];
    const data = isRecord(cell.data) ? cell.data : cell;
    const type = text(data.type) ?? text(cell.type) ?? text(cell.shape) ?? "unknown";
    return [{ raw: cell, data, type, path: `${prefix}.${i}` }];
  });
}

function cellName(cell: Cell): string | undefined {
  const attrs = isRecord(cell.raw.attrs) ? cell.raw.attrs : {};
  const label = isRecord(attrs.text) ? text(attrs.text.text) : undefined;
  const name = text(cell.data.name) ?? label;
  return name?.replace(/\s+/g, " ");
}

function endpoint(end: unknown): string {
  if (!isRecord(end)) return "";
  return String(end.cell ?? end.id ?? "");
}

function mapFlow(cell: Cell, from: string, to: string): DataFlow {
  const name = cellName(cell);
  const protocol = text(cell.data.protocol);
  return {
    ...(name === undefined ? {} : { name }),
    from,
    to,
    ...(protocol === undefined ? {} : { protocol }),
    ...(typeof cell.data.isEncrypted === "boolean" ? { encrypted: cell.data.isEncrypted } : {}),
  };
}

function mapBoundary(cell: Cell, cells: Cell[], ids: IdMap, index: number): TrustBoundary {
  const id = `boundary-${index + 1}`;
  const box = rectangle(cell.raw);
  const inside = box
    ? cells.flatMap((other) => {
        const centre = rectangle(other.raw);
        const componentId = ids.get(String(other.raw.id));
        if (!centre || componentId === undefined || KINDS[other.type] === undefined) return [];
        const x = centre.x + centre.width / 2;
        const y = centre.y + centre.height / 2;
        const within =
          x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
        return within ? [componentId] : [];
      })
    : [];
  return {
    id,
    name: cellName(cell) ?? `Trust boundary ${index + 1}`,
    ...(inside.length > 0 ? { components: inside } : {}),
  };
}

/** The drawn rectangle of a shape cell (boundary curves have none). */
function rectangle(raw: Record<string, unknown>) {
  const position = isRecord(raw.position) ? raw.position : undefined;
  const size = isRecord(raw.size) ? raw.size : undefined;
  if (!position || !size || raw.source !== undefined) return undefined;
  const [x, y, width, height] = [position.x, position.y, size.width, size.height].map(Number);
  if ([x, y, width, height].some((n) => n === undefined || Number.isNaN(n))) return undefined;
  return { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 };
}

function addThreats(
  cell: Cell,
  componentIds: string[],
  threats: Threat[],
  threatIds: IdMap,
  log: ImportLog,
): void {
  list(cell.data.threats).forEach((threat, i) => {
    const path = `${cell.path}.threats.${i}`;
    if (!isRecord(threat)) return;
    const at = `threats.${threats.length}`;
    const title = text(threat.title) ?? `Threat on ${componentIds.join(", ")}`;
    const sourceId = text(threat.id) ?? `${cell.raw.id}-${i}`;
    const category = text(threat.type);
    const stride: StrideCategory[] = [];
    const mapped = category === undefined ? undefined : strideOf(category);
    if (mapped) stride.push(mapped);
    else {
      stride.push("information-disclosure");
      log.assume(`${at}.stride`, "information-disclosure", `"${category ?? ""}" is not STRIDE`);
    }
    let severity = severityOf(threat.severity);
    if (severity === undefined) {
      severity = "medium";
      log.assume(`${at}.severity`, "medium", "the threat has no severity");
    }
    if (text(threat.mitigation) !== undefined)
      log.drop(`${path}.mitigation`, "mitigation text is prose, not a catalog control");
    if (text(threat.status) !== undefined)
      log.drop(`${path}.status`, `status "${threat.status}" needs a control to be declared on`);
    threats.push({
      id: threatIds.add(sourceId, `TD-${threats.length + 1}`),
      title,
      ...describe(threat),
      stride,
      layer: "paas",
      components: componentIds,
      severity,
      controls: [],
    });
  });
}

function describe(item: Record<string, unknown>): { description?: string } {
  const description = text(item.description);
  return description === undefined ? {} : { description };
}
