// Helm HTTP chart repository index (index.yaml): parsing and URL resolution as Helm does it
// (protocols.md §7.1). Pure: the caller fetches the bytes.
import { parse as parseYaml } from 'yaml';
import { ChartError } from '../util/errors.js';
import { isRecord } from '../util/is-record.js';

export interface IndexChartVersion {
  name: string;
  version: string;
  urls: string[];
  /** sha256 hex of the .tgz (a "sha256:" prefix is stripped), when the index has one. */
  digest?: string;
  appVersion?: string;
  created?: string;
  deprecated?: boolean;
}

export interface RepoIndex {
  apiVersion: string;
  /** Chart name → its versions, in the order the index lists them. */
  entries: Record<string, IndexChartVersion[]>;
}

/** Parses index.yaml text; `where` names the source (URL) in errors. */
export function parseRepoIndex(text: string, where: string): RepoIndex {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new ChartError(`${where}: index.yaml is not valid YAML: ${(e as Error).message}`, { cause: e });
  }
  if (!isRecord(doc)) throw new ChartError(`${where}: index.yaml is not a mapping`);
  if (!doc.apiVersion) {
    throw new ChartError(`${where}: index.yaml has no apiVersion`, {
      hint: 'is this URL a Helm chart repository? it should serve index.yaml with apiVersion: v1',
    });
  }
  const entries: Record<string, IndexChartVersion[]> = {};
  const raw = isRecord(doc.entries) ? doc.entries : {};
  for (const [name, list] of Object.entries(raw)) {
    if (!Array.isArray(list)) continue;
    entries[name] = list.filter(isRecord).map((v) => toChartVersion(name, v));
  }
  return { apiVersion: String(doc.apiVersion), entries };
}

function toChartVersion(name: string, v: Record<string, unknown>): IndexChartVersion {
  const urls = Array.isArray(v.urls) ? v.urls.map(String) : [];
  const out: IndexChartVersion = { name: typeof v.name === 'string' ? v.name : name, version: String(v.version ?? ''), urls };
  if (typeof v.digest === 'string' && v.digest) out.digest = stripDigestAlgorithm(v.digest);
  if (v.appVersion !== undefined && v.appVersion !== null) out.appVersion = String(v.appVersion);
  if (v.created !== undefined) out.created = String(v.created);
  if (v.deprecated === true) out.deprecated = true;
  return out;
}

/** "sha256:abc" → "abc" (Helm accepts both forms in index.yaml). */
export function stripDigestAlgorithm(digest: string): string {
  const i = digest.indexOf(':');
  return (i >= 0 ? digest.slice(i + 1) : digest).toLowerCase();
}

/** URL of index.yaml for a repository URL (a trailing slash is forced, the query kept). */
export function indexUrl(repoUrl: string): string {
  return resolveChartUrl(repoUrl, 'index.yaml');
}

/**
 * Where a chart archive listed as `ref` lives: absolute URLs as they are; relative ones against
 * the repo URL with a trailing slash forced and the repo's query string copied (Helm's
 * ResolveReferenceURL).
 */
export function resolveChartUrl(repoUrl: string, ref: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return ref;
  const base = new URL(repoUrl);
  const query = base.search;
  base.search = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const resolved = new URL(ref, base);
  if (query && !resolved.search) resolved.search = query;
  return resolved.toString();
}

/** Every version the index lists for `name`, or an error naming the charts it does have. */
export function indexVersions(index: RepoIndex, name: string, where: string): IndexChartVersion[] {
  const list = index.entries[name];
  if (list && list.length > 0) return list;
  const names = Object.keys(index.entries).sort();
  throw new ChartError(`chart "${name}" not found in ${where}`, {
    code: 'ERR_CHART_NOT_FOUND',
    hint: names.length ? `the repository has: ${formatList(names)}` : 'the repository index lists no charts',
  });
}

/** "a, b, c" with a "(and N more)" tail past `max`. */
export function formatList(items: string[], max = 20): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} (and ${items.length - max} more)` : shown;
}
