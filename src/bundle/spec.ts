// airgap.yaml: the declarative input of `helm airgap bundle` (docs/airgap-yaml.md). Parsed with
// the yaml package's positions so every error names the file and line.
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node } from 'yaml';
import { UsageError } from '../util/errors.js';
import { parseSignaturePolicy, type SignaturePolicy } from './signature-policy.js';
import { isRecord } from '../util/is-record.js';

export interface ChartSpec {
  /** A chart name (with `repo`), an oci:// reference, or a local directory/archive path. */
  chart: string;
  repo?: string;
  version?: string;
  devel?: boolean;
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  /** Values files, in order; relative paths are relative to the spec file (or the working dir on the CLI). */
  valuesFiles: string[];
  set: string[];
  setString: string[];
  /** Inline values, applied after the files and before set. */
  values?: Record<string, unknown>;
  /**
   * Values files inside the chart (paths from its root, read from the loaded chart), merged in
   * order before `valuesFiles`, as Argo CD gives a Helm repository chart's own valueFiles to -f;
   * with `replaceChartValues` they take the place of the chart's values.yaml (kept only when
   * listed), as Flux's source-controller builds the chart for chart.spec.valuesFiles.
   */
  chartValuesFiles?: string[];
  replaceChartValues?: boolean;
  /** A chart values file the chart lacks is skipped (Argo CD ignoreMissingValueFiles, Flux ignoreMissingValuesFiles). */
  ignoreMissingChartValuesFiles?: boolean;
  /** Where the chart was declared, for errors: "airgap.yaml:12" or "command line". */
  origin: string;
}

export interface BundleSpec {
  charts: ChartSpec[];
  /** Extra images to carry whatever the charts say. */
  images: string[];
  /** Globs over normalised references (`*` within a path segment, `**` across). */
  exclude: string[];
  platforms: string[];
  /** source registry (or registry/path prefix) → where to fetch it from. */
  mirrors: Record<string, string>;
  includeOptional: boolean;
  insecureRegistries: string[];
  /** Chart repository names → URLs, for `name/chart` and `@name` dependencies. */
  repositories: Record<string, string>;
  /** Who must have signed each image (`signatures:`); key and trusted root files relative to the spec. */
  signatures?: SignaturePolicy;
  /** Folders of operator catalog files (`catalog:`) matched beside the built-in catalog; as written, relative to the spec. */
  catalog: string[];
}

type Kind = 'string' | 'bool' | 'strings' | 'map' | 'stringMap' | 'charts' | 'signatures';
const TOP: Record<string, Kind> = {
  apiVersion: 'string',
  charts: 'charts',
  images: 'strings',
  exclude: 'strings',
  platforms: 'strings',
  mirrors: 'stringMap',
  includeOptional: 'bool',
  insecureRegistries: 'strings',
  repositories: 'stringMap',
  signatures: 'signatures',
  catalog: 'strings',
};
const CHART: Record<string, Kind> = {
  chart: 'string',
  name: 'string',
  oci: 'string',
  path: 'string',
  repo: 'string',
  version: 'string',
  devel: 'bool',
  releaseName: 'string',
  namespace: 'string',
  kubeVersion: 'string',
  valuesFiles: 'strings',
  chartValuesFiles: 'strings',
  replaceChartValues: 'bool',
  ignoreMissingChartValuesFiles: 'bool',
  values: 'map',
  set: 'strings',
  setString: 'strings',
};
export const SPEC_API_VERSION = 'helm-airgap/v1';

export function emptySpec(): BundleSpec {
  return { charts: [], images: [], exclude: [], platforms: [], mirrors: {}, includeOptional: false, insecureRegistries: [], repositories: {}, catalog: [] };
}

/**
 * Whether a file's text is an airgap spec rather than a Helm values file: `bundle -f` meant the
 * spec until `-f` became a values file as in every other command, and for one release it keeps
 * meaning the spec when the file is one. A spec says so (apiVersion helm-airgap/v1) or has only
 * spec keys and a non-empty `charts:` list of chart entries; a values file matching that too is
 * too unlikely to guess at.
 */
export function isBundleSpecText(text: string): boolean {
  let doc: unknown;
  try {
    doc = parse(text, { logLevel: 'error' });
  } catch {
    return false;
  }
  if (!isRecord(doc)) return false;
  if (doc.apiVersion === SPEC_API_VERSION) return true;
  if (!Object.keys(doc).every((k) => k in TOP)) return false;
  const charts = doc.charts;
  return (
    Array.isArray(charts) &&
    charts.length > 0 &&
    charts.every((c) => isRecord(c) && Object.keys(c).every((k) => k in CHART) && ['chart', 'name', 'oci', 'path'].some((k) => k in c))
  );
}

/** Parses and validates airgap.yaml text; `file` names it in errors ("airgap.yaml:7: ..."). */
export function parseBundleSpec(text: string, file: string): BundleSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (node: Node | null | undefined): string => {
    const off = node?.range?.[0];
    return off === undefined ? file : `${file}:${lines.linePos(off).line}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw specError(`${file}:${lines.linePos(e.pos[0]).line}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw specError(`${at(root as Node)}: expected a mapping with charts, images, exclude, ...`);
  const top = readMap(root, TOP, 'top level', at);
  if (top.apiVersion !== undefined && top.apiVersion !== SPEC_API_VERSION) {
    throw specError(`${at(root.get('apiVersion', true) as Node)}: apiVersion ${String(top.apiVersion)} is not supported (use ${SPEC_API_VERSION})`);
  }
  const spec = emptySpec();
  spec.charts = (top.charts as ChartSpec[] | undefined) ?? [];
  spec.images = (top.images as string[] | undefined) ?? [];
  spec.exclude = (top.exclude as string[] | undefined) ?? [];
  spec.platforms = (top.platforms as string[] | undefined) ?? [];
  spec.mirrors = (top.mirrors as Record<string, string> | undefined) ?? {};
  spec.includeOptional = (top.includeOptional as boolean | undefined) ?? false;
  spec.insecureRegistries = (top.insecureRegistries as string[] | undefined) ?? [];
  spec.repositories = (top.repositories as Record<string, string> | undefined) ?? {};
  spec.catalog = (top.catalog as string[] | undefined) ?? [];
  if (top.signatures !== undefined) spec.signatures = top.signatures as SignaturePolicy;
  return spec;
}

type At = (n: Node | null | undefined) => string;

function readMap(node: Node, fields: Record<string, Kind>, what: string, at: At): Record<string, unknown> {
  if (!isMap(node)) throw specError(`${at(node)}: ${what} must be a mapping`);
  const out: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const kind = fields[key];
    if (!kind) {
      throw specError(`${at(pair.key as Node)}: unknown key "${key}" in ${what}`, `known keys: ${Object.keys(fields).join(', ')}`);
    }
    out[key] = readValue(pair.value as Node, kind, `${what}.${key}`, at);
  }
  return out;
}

const SCALARS: Partial<Record<Kind, (v: unknown) => boolean>> = {
  string: (v) => typeof v === 'string' || typeof v === 'number',
  bool: (v) => typeof v === 'boolean',
};

function readValue(node: Node, kind: Kind, what: string, at: At): unknown {
  const scalarOk = SCALARS[kind];
  if (scalarOk) {
    if (!isScalar(node) || !scalarOk(node.value)) throw specError(`${at(node)}: ${what} must be a ${kind === 'bool' ? 'boolean' : 'string'}`);
    return kind === 'string' ? String(node.value) : node.value;
  }
  if (kind === 'strings') {
    if (!isSeq(node)) throw specError(`${at(node)}: ${what} must be a list of strings`);
    return node.items.map((item, i) => readValue(item as Node, 'string', `${what}[${i}]`, at));
  }
  if (kind === 'stringMap') {
    if (!isMap(node)) throw specError(`${at(node)}: ${what} must be a mapping of strings`);
    return Object.fromEntries(node.items.map((p) => [String((p.key as { value?: unknown })?.value), readValue(p.value as Node, 'string', `${what}`, at)]));
  }
  if (kind === 'map') {
    if (!isMap(node)) throw specError(`${at(node)}: ${what} must be a mapping`);
    return node.toJSON() as Record<string, unknown>;
  }
  if (kind === 'signatures') {
    const list = isMap(node) ? node.get('policy', true) : undefined;
    const items = isSeq(list) ? list.items : [];
    return parseSignaturePolicy(isMap(node) ? node.toJSON() : undefined, at(node), (i) => at(items[i] as Node));
  }
  if (!isSeq(node)) throw specError(`${at(node)}: ${what} must be a list of charts`);
  return node.items.map((item, i) => readChart(item as Node, `charts[${i}]`, at));
}

function readChart(node: Node, what: string, at: At): ChartSpec {
  const f = readMap(node, CHART, what, at);
  const given = ['chart', 'name', 'oci', 'path'].filter((k) => f[k] !== undefined);
  if (given.length !== 1 || (f.repo !== undefined && (f.oci !== undefined || f.path !== undefined))) {
    throw specError(
      `${at(node)}: ${what} needs exactly one of: name + repo, oci, path, chart`,
      'e.g. { name: cert-manager, repo: https://charts.jetstack.io, version: v1.17.2 }',
    );
  }
  if (f.name !== undefined && f.repo === undefined) {
    throw specError(`${at(node)}: ${what} names chart "${String(f.name)}" but no repo`, 'add repo: https://..., or use oci: / path:');
  }
  const chart = String(f.chart ?? f.oci ?? f.path ?? f.name);
  const out: ChartSpec = {
    chart,
    valuesFiles: (f.valuesFiles as string[] | undefined) ?? [],
    set: (f.set as string[] | undefined) ?? [],
    setString: (f.setString as string[] | undefined) ?? [],
    origin: at(node),
  };
  for (const k of ['repo', 'version', 'releaseName', 'namespace', 'kubeVersion'] as const) {
    if (f[k] !== undefined) out[k] = String(f[k]);
  }
  if (f.devel !== undefined) out.devel = f.devel as boolean;
  if (f.chartValuesFiles !== undefined) out.chartValuesFiles = f.chartValuesFiles as string[];
  if (f.replaceChartValues !== undefined) out.replaceChartValues = f.replaceChartValues as boolean;
  if (f.ignoreMissingChartValuesFiles !== undefined) out.ignoreMissingChartValuesFiles = f.ignoreMissingChartValuesFiles as boolean;
  if (f.values !== undefined) out.values = f.values as Record<string, unknown>;
  if (f.oci !== undefined && !chart.startsWith('oci://')) out.chart = `oci://${chart}`;
  return out;
}

function specError(message: string, hint = 'see docs/airgap-yaml.md for the format'): UsageError {
  return new UsageError(message, { code: 'ERR_SPEC', hint });
}
