// Chart.yaml (and requirements.yaml for apiVersion v1 charts) into ChartMetadata, with Helm's
// validation: required fields, a SemVer version, a known type, unique dependency names/aliases,
// and non-printable characters dropped. Scalars in string fields are kept as strings even when
// YAML typed them (sigs.k8s.io/yaml converts to the target type: `appVersion: 1.10` is "1.1").

import { checkChartName } from './names.js';
import { ChartError } from '../../util/errors.js';
import { formatFloat } from '../../template/value.js';
import type { ChartMetadata, Dependency, Maintainer } from './types.js';
import { isGoMap, parseYamlDocuments } from '../values/yaml.js';

const LOOSE_SEMVER = /^v?[0-9]+(\.[0-9]+)?(\.[0-9]+)?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatFloat(v);
  if (typeof v === 'object') return undefined;
  return sanitize(String(v));
}

function strList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => str(x) ?? '') : undefined;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Helm's metadata sanitising: whitespace becomes a space, non-printable runes are dropped. */
function sanitize(s: string): string {
  // printable ASCII is kept as it is: its only white space is the space (the Unicode property
  // expression below also costs a compile of its own)
  if (PRINTABLE_ASCII.test(s)) return s;
  return s.replace(/\s/g, ' ').replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, '');
}

function toDependency(v: unknown, file: string): Dependency {
  if (!isGoMap(v)) throw new ChartError(`${file}: dependencies must not contain empty or null nodes`);
  const d: Dependency = { name: str(v.name) ?? '' };
  const set = <K extends keyof Dependency>(k: K, x: Dependency[K] | undefined): void => {
    if (x !== undefined) d[k] = x;
  };
  set('version', str(v.version));
  set('repository', str(v.repository));
  set('condition', str(v.condition));
  set('tags', strList(v.tags));
  set('alias', str(v.alias));
  if (Array.isArray(v['import-values'])) d['import-values'] = v['import-values'];
  return d;
}

function toMaintainers(v: unknown): Maintainer[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isGoMap).map((m) => ({ name: str(m.name), email: str(m.email), url: str(m.url) }));
}

function toAnnotations(v: unknown): Record<string, string> | undefined {
  if (!isGoMap(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : (str(x) ?? '');
  return out;
}

function loadYamlMap(text: string, file: string): Record<string, unknown> {
  const doc = parseYamlDocuments(text, file)[0] ?? {};
  if (doc === null) return {};
  if (!isGoMap(doc)) throw new ChartError(`${file}: expected a YAML map at the top level`);
  return doc;
}

/** Chart.yaml text into metadata (not yet validated). */
export function parseChartYaml(text: string, file: string): ChartMetadata {
  const m = loadYamlMap(text, file);
  const md: ChartMetadata = {
    apiVersion: str(m.apiVersion) || 'v1',
    name: str(m.name) ?? '',
    version: str(m.version) ?? '',
  };
  const optional: [keyof ChartMetadata, unknown][] = [
    ['home', str(m.home)],
    ['sources', strList(m.sources)],
    ['description', str(m.description)],
    ['keywords', strList(m.keywords)],
    ['maintainers', toMaintainers(m.maintainers)],
    ['icon', str(m.icon)],
    ['condition', str(m.condition)],
    ['tags', str(m.tags)],
    ['appVersion', str(m.appVersion)],
    ['deprecated', typeof m.deprecated === 'boolean' ? m.deprecated : undefined],
    ['annotations', toAnnotations(m.annotations)],
    ['kubeVersion', str(m.kubeVersion)],
    ['type', str(m.type)],
  ];
  for (const [k, v] of optional) if (v !== undefined) (md as unknown as Record<string, unknown>)[k] = v;
  if (Array.isArray(m.dependencies)) md.dependencies = m.dependencies.map((d) => toDependency(d, file));
  return md;
}

/** requirements.yaml of an apiVersion v1 chart: its `dependencies` list. */
export function parseRequirementsYaml(text: string, file: string): Dependency[] | undefined {
  const m = loadYamlMap(text, file);
  return Array.isArray(m.dependencies) ? m.dependencies.map((d) => toDependency(d, file)) : undefined;
}

export function isLooseSemver(v: string): boolean {
  return LOOSE_SEMVER.test(v);
}

/** Helm's Metadata.Validate; `where` names the chart in errors. */
export function validateMetadata(md: ChartMetadata, where: string): void {
  const fail = (msg: string): never => {
    throw new ChartError(`${where}: ${msg}`, { hint: 'fix Chart.yaml' });
  };
  if (!md.name) fail('chart.metadata.name is required');
  checkChartName(md.name, where);
  if (!md.version) fail('chart.metadata.version is required');
  if (!isLooseSemver(md.version)) fail(`chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  if (md.type && md.type !== 'application' && md.type !== 'library') fail('chart.metadata.type must be application or library');
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    const key = d.alias || d.name;
    if (seen.has(key)) fail(`more than one dependency with name or alias ${JSON.stringify(key)}`);
    seen.add(key);
  }
}
