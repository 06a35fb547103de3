// The override file as written: a comment header (bundle, target, each image's source and where
// it goes) over the values tree, so a reviewer sees why each key is there.
import { stringify } from 'yaml';
import { isGoMap } from '../helm/values/yaml.js';
import type { ValuesOverride } from './values-writer.js';
import { isCrdsFile } from '../discover/sites/index.js';

/**
 * What reaches an image values cannot set: postrender, but for a chart's crds/ folder, which Helm
 * passes to no post-renderer (a CRD's schema default there: each resource applied later sets the
 * field itself, or the nodes pull through a registry mirror).
 */
const hardcodedRoute = (template: string): string =>
  isCrdsFile(template)
    ? "not settable by values, nor by `helm airgap postrender`: Helm passes the chart's crds/ folder to no post-renderer; set the field in each resource, or pull through a registry mirror"
    : 'not settable by values; use `helm airgap postrender`';

export interface OverrideHeader {
  /** The bundle file, or the chart arguments it came from. */
  from: string;
  chart: string;
  release: string;
  /** TARGET[/PREFIX] as given. */
  target: string;
  /** Absent for a mirror map (names are the map's). */
  naming?: string;
}

export function formatOverrideFile(
  o: Omit<ValuesOverride, 'unpinned'> & { testOnly?: ValuesOverride['hardcoded']; unpinned?: ValuesOverride['unpinned'] },
  h: OverrideHeader,
): string {
  const lines = [
    `# helm-airgap values override for release ${h.release} (chart ${h.chart})`,
    `# from: ${h.from}`,
    `# target: ${h.target}${h.naming ? ` (naming: ${h.naming})` : ''}`,
    '# images:',
    ...withAllPaths(o.images).map((i) => `#   ${i.source} -> ${i.target} (${i.paths.join(', ')})`),
    ...o.hardcoded.map((i) => `#   ${i.source}: hard-coded in ${i.where.template} (${hardcodedRoute(i.where.template)})`),
    ...(o.testOnly ?? []).map((i) => `#   ${i.source}: used only by helm test (${i.where.template}); not settable by values`),
    ...uniqueBy(o.unpinned ?? [], (i) => i.source).map((i) => `#   ${i.source}: NOT pinned to a digest (${i.why})`),
    ...(o.asks ?? []).map((a) => `# also set: ${a.path}=${JSON.stringify(a.value)}: ${a.why}`),
  ];
  return `${lines.join('\n')}\n${overrideYaml(o.values)}`;
}

/**
 * The values as the yaml library writes them (`lineWidth: 0`). Overrides are mostly nested maps
 * and lists of plain strings and booleans, written here directly: the library's stringify was a
 * twentieth of a small chart's `values` run. Any other shape (numbers, nulls, empty maps or lists,
 * lists of lists, a string YAML would read as something else or that needs quotes) is left to the
 * library; the test holds the two to the same bytes.
 */
export function overrideYaml(values: Record<string, unknown>): string {
  return directOverrideYaml(values) ?? stringify(values, { lineWidth: 0 });
}

/** The direct writer alone: undefined for a shape it leaves to the library. */
export function directOverrideYaml(values: Record<string, unknown>): string | undefined {
  return plainBlock(values, '');
}

/** A map's entries at `indent`; none for an empty map (the library writes `{}`). */
function plainBlock(m: Record<string, unknown>, indent: string): string | undefined {
  const keys = Object.keys(m);
  if (keys.length === 0) return undefined;
  let out = '';
  for (const k of keys) {
    if (!isPlain(k)) return undefined;
    const v = m[k];
    if (isScalar(v)) out += `${indent}${k}: ${v}\n`;
    else {
      const inner = Array.isArray(v) ? plainSequence(v, `${indent}  `) : isGoMap(v) ? plainBlock(v, `${indent}  `) : undefined;
      if (inner === undefined) return undefined;
      out += `${indent}${k}:\n${inner}`;
    }
  }
  return out;
}

/** A list under a key: `- item` lines, a map item's first entry on its dash line. */
function plainSequence(a: readonly unknown[], indent: string): string | undefined {
  if (a.length === 0) return undefined;
  let out = '';
  for (const x of a) {
    if (isScalar(x)) out += `${indent}- ${x}\n`;
    else if (isGoMap(x)) {
      const inner = plainBlock(x, `${indent}  `);
      if (inner === undefined) return undefined;
      out += `${indent}- ${inner.slice(indent.length + 2)}`;
    } else return undefined;
  }
  return out;
}

const isScalar = (v: unknown): v is string | boolean => typeof v === 'boolean' || (typeof v === 'string' && isPlain(v));

/** Written bare by the library and read back as the same string: no indicator, space or quote, not a number, bool or null. */
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./@:+-]*$/;
const OTHER_TYPE = /^(?:0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

function isPlain(s: string): boolean {
  return PLAIN.test(s) && !s.endsWith(':') && !OTHER_TYPE.test(s);
}

/**
 * One line per image, naming every values path written for it: an image the chart names in two
 * places (a policy rule or config copy of its reference beside the pod's own image block) has an
 * entry for each, and the line of the first alone named only the rule's path (Connaisseur's redis).
 */
function withAllPaths<T extends { source: string; paths: readonly string[] }>(xs: readonly T[]): T[] {
  const by = new Map<string, T>();
  for (const x of xs) {
    const had = by.get(x.source);
    by.set(x.source, had ? { ...had, paths: [...new Set([...had.paths, ...x.paths])] } : x);
  }
  return [...by.values()];
}

function uniqueBy<T>(xs: readonly T[], k: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(k(x)) && seen.add(k(x)) !== undefined);
}
