// Reads an overlay as `kubectl kustomize DIR` would build it, far enough to know every image its
// build deploys: resources (files, and folders built recursively: bases, ../ allowed), components,
// strategic-merge and JSON 6902 patches (their images are taken as present: an entry for an image
// a patch replaced is harmless), configMapGenerator data, and each level's own `images:` applied
// in kustomize's order. What cannot be read offline (remote bases, Helm charts, plugins,
// replacements) stops the run with the route through `kubectl kustomize DIR | ... --manifests -`.
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { parseKustomization, yamlError, type KustomizationFile } from '../../overrides/kustomization-file.js';
import { transformContainerImages } from '../../overrides/kustomize-images.js';
import { UsageError } from '../../util/errors.js';
import { unreadableInput } from '../../util/input-file.js';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_DEPTH = 64;
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
const MAX_FILES = 20_000;
// fields that change or make resources in ways this reader does not evaluate
const NOT_EVALUATED: Record<string, string> = {
  helmCharts: 'Helm charts (kustomize --enable-helm)',
  helmChartInflationGenerator: 'Helm charts (kustomize --enable-helm)',
  generators: 'generator plugins',
  transformers: 'transformer plugins',
  replacements: 'replacements (they can copy a value into an image field)',
};

export function stdinRoute(dir: string): string {
  return `kubectl kustomize ${dir} | helm airgap kustomize ${dir} --manifests - --registry TARGET[/PREFIX] (or --map FILE)`;
}

/** The kustomization of `dir` (one of the names kustomize accepts; two of them is an error, as in kustomize). */
export async function readKustomization(dir: string, from?: string): Promise<KustomizationFile> {
  const found: string[] = [];
  for (const n of KUSTOMIZATION_NAMES)
    if (
      await stat(join(dir, n)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      found.push(join(dir, n));
  if (found.length > 1) throw new UsageError(`${dir}: found ${found.map((f) => basename(f)).join(' and ')}: kustomize reads one`, { hint: 'keep one of them' });
  if (found.length === 0)
    throw new UsageError(`${from ? `${from}: ` : ''}${dir} has no kustomization.yaml (nor kustomization.yml, Kustomization)`, {
      hint: 'give the folder that holds the overlay kustomization.yaml (what kubectl kustomize DIR takes)',
    });
  const file = found[0]!;
  const text = await readBounded(file, from ?? '');
  return parseKustomization(text, file);
}

export interface OverlayBuild {
  /** Every resource document of the build, the bases' and components' images applied, the overlay's own not yet. */
  docs: RenderedDoc[];
  /** Remote resources (URLs): not readable offline. */
  remote: string[];
  files: number;
}

class Reader {
  files = 0;
  bytes = 0;
  remote: string[] = [];

  constructor(
    private readonly root: string,
    /** DIR as the user wrote it, for the commands hints show. */
    private readonly shown: string,
  ) {}

  /** A kustomization folder built: its resources, components and patches, then its own images. */
  async build(dir: string, chain: readonly string[], from: string): Promise<RenderedDoc[]> {
    const k = await this.open(dir, chain, from);
    const docs = await this.level(dir, k, [...chain, await realpath(dir)]);
    for (const d of docs) transformContainerImages(d.object, k.images);
    return docs;
  }

  async open(dir: string, chain: readonly string[], from: string): Promise<KustomizationFile> {
    const real = await realpath(dir).catch((e: unknown) => {
      throw new UsageError(`${from}: ${dir}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}`, {
        hint: 'fix the entry; kubectl kustomize fails on it too',
      });
    });
    if (chain.includes(real))
      throw new UsageError(
        `${from}: ${relative(this.root, dir) || '.'} includes itself (a cycle: ${[...chain, real].map((c) => relative(this.root, c) || '.').join(' → ')})`,
        {
          hint: 'kustomize refuses cycles too: remove the entry that leads back',
        },
      );
    if (chain.length >= MAX_DEPTH)
      throw new UsageError(`${from}: kustomizations nested more than ${MAX_DEPTH} deep`, {
        hint: `build with kustomize and pipe it in: ${stdinRoute(this.shown)}`,
      });
    const k = await readKustomization(dir, from);
    this.count(k.file, 0);
    refuseUnevaluated(k, this.shown);
    return k;
  }

  /** Everything one kustomization contributes before its own images: entries apply. */
  async level(dir: string, k: KustomizationFile, chain: readonly string[]): Promise<RenderedDoc[]> {
    const docs: RenderedDoc[] = [];
    for (const r of [...strings(k, 'resources'), ...strings(k, 'bases')]) docs.push(...(await this.resource(dir, r, chain, k.file)));
    for (const c of strings(k, 'components')) {
      const cdir = resolve(dir, c);
      if (isRemote(c) && !(await exists(cdir))) {
        this.remote.push(`${k.file}: components: ${c}`);
        continue;
      }
      const ck = await this.open(cdir, chain, `${k.file}: components: ${c}`);
      // a component's entries apply to everything accumulated so far, the including level's resources too
      docs.push(...(await this.level(cdir, ck, [...chain, await realpath(cdir)])));
      for (const d of docs) transformContainerImages(d.object, ck.images);
    }
    docs.push(...(await this.patches(dir, k)));
    docs.push(...(await this.configMaps(dir, k)));
    return docs;
  }

  /** configMapGenerator literals and env files as ConfigMaps (an image there is named, not moved). */
  async configMaps(dir: string, k: KustomizationFile): Promise<RenderedDoc[]> {
    const gens = Array.isArray(k.data.configMapGenerator)
      ? (k.data.configMapGenerator as { name?: unknown; literals?: unknown; envs?: unknown; env?: unknown }[])
      : [];
    const out: RenderedDoc[] = [];
    for (const [i, g] of gens.entries()) {
      const lines = Array.isArray(g?.literals) ? g.literals.map(String) : [];
      const envs = [...(Array.isArray(g?.envs) ? g.envs : []), ...(typeof g?.env === 'string' ? [g.env] : [])];
      for (const f of envs.filter((e): e is string => typeof e === 'string')) {
        const text = await readBounded(resolve(dir, f), k.file);
        this.count(resolve(dir, f), text.length);
        lines.push(...text.split('\n').filter((l) => !l.trimStart().startsWith('#')));
      }
      const data: Record<string, string> = {};
      for (const l of lines) {
        const eq = l.indexOf('=');
        if (eq > 0) data[l.slice(0, eq).trim()] = l.slice(eq + 1).trim();
      }
      const name = typeof g?.name === 'string' ? g.name : `generated-${i}`;
      const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
      out.push({ chart: '', template: `${this.shownPath(k.file)} (configMapGenerator)`, text: '', object });
    }
    return out;
  }

  async resource(dir: string, entry: string, chain: readonly string[], from: string): Promise<RenderedDoc[]> {
    const path = resolve(dir, entry);
    const s = await stat(path).catch(() => undefined);
    if (!s) {
      if (isRemote(entry)) {
        this.remote.push(`${from}: ${entry}`);
        return [];
      }
      throw new UsageError(`${from}: resources: ${entry}: no such file or folder (${path})`, { hint: 'fix the entry; kubectl kustomize fails on it too' });
    }
    if (s.isDirectory()) return this.build(path, chain, `${from}: ${entry}`);
    return this.documents(path);
  }

  async documents(file: string): Promise<RenderedDoc[]> {
    const body = await readBounded(file, '');
    this.count(file, body.length);
    return parseManifests(body, this.shownPath(file));
  }

  async patches(dir: string, k: KustomizationFile): Promise<RenderedDoc[]> {
    const out: RenderedDoc[] = [];
    const list = (field: string) => (Array.isArray(k.data[field]) ? (k.data[field] as unknown[]) : []);
    for (const p of [...list('patchesStrategicMerge'), ...list('patches'), ...list('patchesJson6902')]) {
      const o = (typeof p === 'string' ? (looksInline(p) ? { patch: p } : { path: p }) : (p ?? {})) as {
        path?: unknown;
        patch?: unknown;
        target?: { kind?: unknown };
      };
      const where = `${this.shownPath(k.file)} (patch)`;
      const text = typeof o.patch === 'string' ? o.patch : typeof o.path === 'string' ? await readBounded(resolve(dir, o.path), k.file) : undefined;
      if (text === undefined) continue;
      if (typeof o.path === 'string') this.count(resolve(dir, o.path), text.length);
      for (const d of parseManifests(text, typeof o.path === 'string' ? this.shownPath(resolve(dir, o.path)) : where)) {
        // a JSON 6902 patch is a list of operations: each add/replace value is placed at its path,
        // so an image set at .../containers/0/image sits where discovery reads pod-spec images
        if (Array.isArray(d.object)) out.push({ ...d, object: jsonPatchObject(d.object, typeof o.target?.kind === 'string' ? o.target.kind : 'Patched') });
        else out.push(d);
      }
    }
    return out;
  }

  /** A file as the user can find it: below or beside DIR as they wrote it. */
  shownPath(file: string): string {
    return join(this.shown, relative(this.root, file));
  }

  count(file: string, bytes: number): void {
    this.files++;
    this.bytes += bytes;
    if (this.files > MAX_FILES)
      throw new UsageError(`${file}: the overlay reads more than ${MAX_FILES} files`, {
        hint: `build with kustomize and pipe it in: ${stdinRoute(this.shown)}`,
      });
    if (this.bytes > MAX_TOTAL_BYTES)
      throw new UsageError(`${file}: the overlay's files exceed ${MAX_TOTAL_BYTES / 1024 / 1024} MiB`, {
        hint: `build with kustomize and pipe it in: ${stdinRoute(this.shown)}`,
      });
  }
}

/** The documents of DIR's build before DIR's own `images:` apply. */
export async function readOverlay(dir: string, k: KustomizationFile): Promise<OverlayBuild> {
  const root = resolve(dir);
  const r = new Reader(root, dir);
  r.count(k.file, 0);
  refuseUnevaluated(k, dir);
  const docs = await r.level(root, k, [await realpath(root)]);
  return { docs, remote: r.remote, files: r.files };
}

function refuseUnevaluated(k: KustomizationFile, dir: string): void {
  for (const [field, what] of Object.entries(NOT_EVALUATED))
    if (k.data[field] !== undefined)
      throw new UsageError(`${k.file}: ${field}: ${what} are not evaluated offline by this command`, {
        hint: `build with kustomize and pipe it in: ${stdinRoute(dir)}`,
      });
}

/** A multi-document YAML stream as documents; a parse error names the file and line. */
export function parseManifests(text: string, name: string): RenderedDoc[] {
  const docs: RenderedDoc[] = [];
  for (const d of parseAllDocuments(text, { prettyErrors: false })) {
    const err = d.errors[0];
    if (err) throw yamlError(text, name, err);
    const object = d.toJS({ maxAliasCount: 100 }) as unknown;
    if (object === null || object === undefined) continue;
    docs.push({ chart: '', template: name, text: String(d), object });
  }
  return docs;
}

function strings(k: KustomizationFile, field: string): string[] {
  const v = k.data[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new UsageError(`${k.file}: ${field}: expected a list of paths`, { hint: 'fix the file; kubectl kustomize fails on it too' });
  return v as string[];
}

/** github.com/org/repo//path?ref=v1, https://..., git@..., ssh://...: kustomize fetches these. */
function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git@/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    /\?(ref|version|timeout|submodules)=/.test(entry)
  );
}

function looksInline(s: string): boolean {
  return s.includes('\n');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readBounded(file: string, from: string): Promise<string> {
  const s = await stat(file).catch((e: unknown) => {
    throw unreadableInput(from ? `${from}:` : '', file, e);
  });
  if (s.size > MAX_FILE_BYTES)
    throw new UsageError(`${file}: ${Math.round(s.size / 1024 / 1024)} MiB is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB this command reads`, {
      hint: 'build with kubectl kustomize and pipe it in with --manifests -',
    });
  return readFile(file, 'utf8').catch((e: unknown) => {
    throw unreadableInput(from ? `${from}:` : '', file, e);
  });
}

/** {op: add|replace, path: /a/b/0/c, value} operations as one object holding each value at its path. */
function jsonPatchObject(ops: unknown[], kind: string): Record<string, unknown> {
  const root: Record<string, unknown> = { kind };
  for (const op of ops) {
    const o = (op ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
    if ((o.op !== 'add' && o.op !== 'replace') || typeof o.path !== 'string' || o.value === undefined) continue;
    const parts = o.path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^(\d+|-)$/.test(parts[i + 1]!);
      const key = Array.isArray(at) ? (part === '-' ? at.length : Number(part) || 0) : part;
      const slot = at as Record<string | number, unknown>;
      if (last) slot[key] = o.value;
      else {
        if (slot[key] === undefined || typeof slot[key] !== 'object' || slot[key] === null) slot[key] = nextIsIndex ? [] : {};
        at = slot[key] as Record<string, unknown> | unknown[];
      }
    });
  }
  return root;
}
