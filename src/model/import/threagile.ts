import type {
  Component,
  DataFlow,
  Layer,
  Likelihood,
  Severity,
  Threat,
  ThreatModel,
  TrustBoundary,
  TrustZone,
} from "../types.js";
import { entries, IdMap, ImportLog, isRecord, list, severityOf, strideOf, text } from "./common.js";
import type { ImportResult } from "./types.js";

/** Threagile sections with no native counterpart, and why. */
const DROPPED_SECTIONS: Record<string, string> = {
  data_assets: "data assets are not kept; set components' classification by hand",
  abuse_cases: "abuse cases are prose",
  security_requirements: "security requirements are prose",
  questions: "questions are prose",
  shared_runtimes: "shared runtimes are not kept",
  risk_tracking: "tracking of Threagile's built-in risks, which threatloop does not compute",
  tags_available: "tag lists are not kept",
};

const ENCRYPTED = new Set(["https", "wss", "ssh", "sftp", "ftps", "ldaps"]);
const LIKELIHOOD: Record<string, Likelihood> = {
  unlikely: "low",
  likely: "medium",
  "very-likely": "high",
  frequent: "high",
};
const SEVERITY_ORDER: Severity[] = ["info", "low", "medium", "high", "critical"];

/**
 * Maps a Threagile model (https://threagile.io, YAML with includes already merged, or its parsed
 * JSON) to the native model: technical assets become components, communication links flows,
 * trust boundaries both zones and boundaries, and individual risk categories threats. Threagile
 * computes its other risks from rules, so a model without individual risks imports no threats.
 */
export function importThreagile(doc: Record<string, unknown>): ImportResult {
  const log = new ImportLog();
  const assetIds = new IdMap("asset");
  const assets = entries(doc.technical_assets);
  for (const [key, asset] of assets) assetIds.add(text(asset.id) ?? key);

  const { zones, boundaries, zoneOf } = mapBoundaries(doc, assetIds, log);
  const components: Component[] = assets.map(([key, asset], i) => {
    const id = assetIds.get(text(asset.id) ?? key) ?? key;
    const layer = layerOf(asset);
    if (layer === undefined) log.assume(`components.${i}.layer`, "paas", "no machine type");
    const classification = text(asset.confidentiality);
    const zone = zoneOf.get(id);
    return {
      id,
      name: text(asset.title) ?? key,
      layer: layer ?? "paas",
      kind: kindOf(asset),
      ...(text(asset.description) === undefined ? {} : { description: String(asset.description) }),
      ...(classification === undefined ? {} : { classification }),
      ...(zone === undefined ? {} : { trust_zone: zone }),
    };
  });

  const flows = assets.flatMap(([key, asset]) =>
    mapLinks(
      asset,
      assetIds.get(text(asset.id) ?? key) ?? key,
      `technical_assets.${key}`,
      assetIds,
      log,
    ),
  );

  const threats: Threat[] = [];
  const threatIds = new IdMap("threat");
  const categories = [
    ...entries(doc.individual_risk_categories).map(([key, c]) => ({
      key,
      c,
      section: "individual_risk_categories",
    })),
    ...entries(doc.custom_risk_categories).map(([key, c]) => ({
      key,
      c,
      section: "custom_risk_categories",
    })),
  ];
  for (const { key, c, section } of categories) {
    const threat = mapRiskCategory(
      key,
      c,
      `${section}.${key}`,
      { assetIds, threatIds },
      components,
      threats.length,
      log,
    );
    if (threat) threats.push(threat);
  }

  for (const [section, reason] of Object.entries(DROPPED_SECTIONS)) {
    const value = doc[section];
    const count = Array.isArray(value)
      ? value.length
      : isRecord(value)
        ? Object.keys(value).length
        : 0;
    if (count > 0) log.drop(section, `${count} ${reason}`);
  }

  const overview = isRecord(doc.business_overview)
    ? text(doc.business_overview.description)
    : undefined;
  const model: ThreatModel = {
    version: 1,
    system: {
      name: text(doc.title) ?? "Imported threat model",
      ...(overview === undefined ? {} : { description: overview }),
    },
    components,
    ...(zones.length > 0 ? { trust_zones: zones } : {}),
    ...(flows.length > 0 ? { flows } : {}),
    ...(boundaries.length > 0 ? { trust_boundaries: boundaries } : {}),
    threats,
  };
  return { format: "threagile", model, dropped: log.dropped, assumed: log.assumed };
}

function mapBoundaries(doc: Record<string, unknown>, assetIds: IdMap, log: ImportLog) {
  const zoneIds = new IdMap("zone");
  const zones: TrustZone[] = [];
  const boundaries: TrustBoundary[] = [];
  const zoneOf = new Map<string, string>();
  for (const [key, boundary] of entries(doc.trust_boundaries)) {
    const id = zoneIds.add(text(boundary.id) ?? key);
    const name = text(boundary.title) ?? key;
    const inside = list(boundary.technical_assets_inside).flatMap((asset) => {
      const native = assetIds.get(String(asset));
      if (native === undefined) log.drop(`trust_boundaries.${key}`, `unknown asset "${asset}"`);
      return native === undefined ? [] : [native];
    });
    // An asset belongs to the innermost boundary that lists it; Threagile lists each asset once.
    for (const asset of inside) zoneOf.set(asset, id);
    const type = text(boundary.type);
    zones.push({ id, name, ...(type === undefined ? {} : { description: `Threagile ${type}` }) });
    boundaries.push({
      id,
      name,
      zones: [id],
      ...(inside.length > 0 ? { components: inside } : {}),
    });
    if (list(boundary.trust_boundaries_nested).length > 0)
      log.drop(`trust_boundaries.${key}.trust_boundaries_nested`, "boundaries do not nest");
  }
  return { zones, boundaries, zoneOf };
}

function layerOf(asset: Record<string, unknown>): Layer | undefined {
  const machine = text(asset.machine);
  if (machine === "physical" || machine === "virtual") return "iaas";
  if (machine === "container" || machine === "serverless") return "paas";
  return undefined;
}

function kindOf(asset: Record<string, unknown>): string {
  const technology = text(asset.technology);
  if (technology !== undefined) return technology;
  const first = list(asset.technologies)[0];
  if (isRecord(first) && text(first.Name) !== undefined) return String(first.Name);
  return text(asset.type) ?? "component";
}

function mapLinks(
  asset: Record<string, unknown>,
  from: string,
  path: string,
  assetIds: IdMap,
  log: ImportLog,
): DataFlow[] {
  return entries(asset.communication_links).flatMap(([key, link]) => {
    const to = assetIds.get(text(link.target) ?? text(link.target_id) ?? "");
    if (to === undefined) {
      log.drop(`${path}.communication_links.${key}`, "the link's target is not a technical asset");
      return [];
    }
    const protocol = text(link.protocol);
    const authentication = text(link.authentication);
    return [
      {
        name: text(link.title) ?? key,
        from,
        to,
        ...(protocol === undefined ? {} : { protocol }),
        ...(authentication === undefined ? {} : { authenticated: authentication !== "none" }),
        ...(protocol === undefined
          ? {}
          : { encrypted: ENCRYPTED.has(protocol) || protocol.includes("encrypted") }),
      },
    ];
  });
}

function mapRiskCategory(
  key: string,
  category: Record<string, unknown>,
  path: string,
  { assetIds, threatIds }: { assetIds: IdMap; threatIds: IdMap },
  components: Component[],
  index: number,
  log: ImportLog,
): Threat | undefined {
  const risks = entries(category.risks_identified);
  const affected = [
    ...new Set(
      risks.flatMap(([, risk]) => {
        const asset = text(risk.most_relevant_technical_asset);
        const native = asset === undefined ? undefined : assetIds.get(asset);
        return native === undefined ? [] : [native];
      }),
    ),
  ];
  const severities = risks.flatMap(([, risk]) => severityOf(risk.severity) ?? []);
  const severity = severities.sort(
    (a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a),
  )[0];
  const likelihoods = risks.flatMap(([, r]) => LIKELIHOOD[String(r.exploitation_likelihood)] ?? []);
  const stride = strideOf(text(category.stride) ?? "");
  const at = `threats.${index}`;
  if (stride === undefined) log.assume(`${at}.stride`, "information-disclosure", "no STRIDE");
  if (severity === undefined) log.assume(`${at}.severity`, "medium", "no identified risk");
  if (text(category.mitigation) !== undefined)
    log.drop(`${path}.mitigation`, "mitigation text is prose, not a catalog control");
  const layer = components.find((c) => c.id === affected[0])?.layer ?? "paas";
  const id = text(category.id) ?? key;
  return {
    id: threatIds.add(id),
    title: text(category.title) ?? key,
    ...(text(category.description) === undefined
      ? {}
      : { description: String(category.description) }),
    stride: [stride ?? "information-disclosure"],
    layer,
    components: affected,
    severity: severity ?? "medium",
    ...(likelihoods[0] === undefined ? {} : { likelihood: likelihoods[0] }),
    controls: [],
  };
}
