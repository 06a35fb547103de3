// `skopeo sync --src yaml` files (what `images -o skopeo-sync` and plan 002's generator write),
// read so that `sync` runs them without skopeo. Per registry: `images` (repository → tags or
// digests, [] = every tag), `images-by-tag-regex`, `images-by-semver`, `credentials`,
// `tls-verify`, `cert-dir` (a containers-certs.d folder for that registry). The `# helm-airgap
// origin|mirror:` lines `images -o skopeo-sync` writes say which registry a mirror's images really
// are (the map's source) and which registries a registries.conf sends elsewhere.
import { parseDocument } from 'yaml';
import { UsageError } from '../../util/errors.js';
import { parseReference } from '../../oci/reference.js';
import { Secret } from '../../util/secret.js';
import { compileGoRegex, type GoRegexp } from '../../sprig/regex.js';
import type { SyncRepoSpec } from './sync-types.js';
import { ORIGIN_LINE } from '../images/skopeo-list.js';

export interface SkopeoSyncFile {
  repos: SyncRepoSpec[];
  /** Registry → login given in the file. */
  credentials: Map<string, { username: string; password: Secret }>;
  /** Registries the file marks `tls-verify: false`. */
  insecure: string[];
  /** Registry → its `cert-dir`. */
  certDirs: Map<string, string>;
  /** LOCATION (host[/path]) → the registry whose images it serves (`# helm-airgap origin:`). */
  origins: Map<string, string>;
  /** Registry → where it is fetched from, names kept (`# helm-airgap mirror:`, registries.conf's). */
  mirrors: Record<string, string>;
}

const REGISTRY_KEYS = new Set(['images', 'images-by-tag-regex', 'images-by-semver', 'credentials', 'tls-verify', 'cert-dir']);

/** True when the text looks like a skopeo sync document (a map of registries to maps). */
export function looksLikeSkopeoSync(text: string): boolean {
  const doc = parseDocument(text);
  if (doc.errors.length) return false;
  const v = doc.toJS() as unknown;
  return isMap(v) && Object.values(v).some((r) => isMap(r) && Object.keys(r).some((k) => REGISTRY_KEYS.has(k)));
}

export function parseSkopeoSync(text: string, file: string): SkopeoSyncFile {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new UsageError(`${file}: not YAML: ${doc.errors[0]!.message}`, { hint: 'a skopeo sync file maps registries to images' });
  const root = doc.toJS() as unknown;
  if (!isMap(root)) throw new UsageError(`${file}: expected a map of registries (registry.example.com: {images: ...})`);
  const out: SkopeoSyncFile = { repos: [], credentials: new Map(), insecure: [], certDirs: new Map(), origins: new Map(), mirrors: {} };
  for (const line of text.split('\n')) {
    const m = ORIGIN_LINE.exec(line);
    if (m?.[1] === 'origin') out.origins.set(m[2]!, m[3]!);
    else if (m) out.mirrors[m[2]!] = m[3]!;
  }
  for (const [registry, body] of Object.entries(root)) {
    const where = `${file}: ${registry}`;
    if (!isMap(body)) throw new UsageError(`${where}: expected a map with images, images-by-tag-regex or images-by-semver`);
    for (const key of Object.keys(body)) {
      if (!REGISTRY_KEYS.has(key))
        throw new UsageError(`${where}: unknown key ${JSON.stringify(key)}`, { hint: `known keys: ${[...REGISTRY_KEYS].join(', ')}` });
    }
    if (body['tls-verify'] === false) out.insecure.push(registry.split('/')[0]!);
    if (body['cert-dir'] !== undefined) {
      if (typeof body['cert-dir'] !== 'string') throw new UsageError(`${where}: cert-dir: expected a folder path`);
      out.certDirs.set(registry.split('/')[0]!, body['cert-dir']);
    }
    const creds = body.credentials;
    if (creds !== undefined) {
      if (!isMap(creds) || typeof creds.username !== 'string' || typeof creds.password !== 'string')
        throw new UsageError(`${where}: credentials needs username and password strings`);
      out.credentials.set(registry, { username: creds.username, password: new Secret(creds.password) });
    }
    for (const [repo, refs] of entries(body.images, `${where}: images`)) {
      if (!Array.isArray(refs) || refs.some((r) => typeof r !== 'string' && typeof r !== 'number'))
        throw new UsageError(`${where}: images.${repo}: expected a list of tags or digests ([] for every tag)`);
      const list = refs.map(String);
      out.repos.push({ ...repoOf(registry, repo, where), where: `${where}/${repo}`, ...(list.length ? { refs: list } : {}) });
    }
    for (const [repo, pattern] of entries(body['images-by-tag-regex'], `${where}: images-by-tag-regex`)) {
      if (typeof pattern !== 'string') throw new UsageError(`${where}: images-by-tag-regex.${repo}: expected a regular expression string`);
      out.repos.push({ ...repoOf(registry, repo, where), where: `${where}/${repo}`, tagRegex: compile(pattern, `${where}: images-by-tag-regex.${repo}`) });
    }
    for (const [repo, range] of entries(body['images-by-semver'], `${where}: images-by-semver`)) {
      if (typeof range !== 'string') throw new UsageError(`${where}: images-by-semver.${repo}: expected a semver range string`);
      out.repos.push({ ...repoOf(registry, repo, where), where: `${where}/${repo}`, semver: range });
    }
  }
  return out;
}

function entries(v: unknown, where: string): [string, unknown][] {
  if (v === undefined || v === null) return [];
  if (!isMap(v)) throw new UsageError(`${where}: expected a map of repository → value`);
  return Object.entries(v);
}

/** skopeo names repositories as docker does: "busybox" on docker.io is library/busybox. */
function repoOf(registry: string, repo: string, where: string): { registry: string; repository: string } {
  try {
    const r = parseReference(`${registry}/${repo}`);
    return { registry: r.registry, repository: r.repository };
  } catch (e) {
    throw new UsageError(`${where}: ${repo} is not a repository name: ${(e as Error).message}`);
  }
}

/** Go's regexp (RE2), as skopeo reads the file: linear time, unanchored. */
function compile(pattern: string, where: string): GoRegexp {
  try {
    return compileGoRegex(pattern);
  } catch (e) {
    throw new UsageError(`${where}: ${(e as Error).message}`);
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
