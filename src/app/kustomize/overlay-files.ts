// Reads an overlay as `kubectl kustomize DIR` would build it, far enough to know every image its
// build deploys: resources (files, and folders built recursively: bases, ../ allowed), components,
// strategic-merge and JSON 6902 patches (their images are taken as present: an entry for an image
// a patch replaced is harmless), configMapGenerator data, and each level's own `images:` applied
// in kustomize's order. What cannot be read offline (remote bases, Helm charts, plugins,
// replacements) stops the run with the route through `kubectl kustomize DIR | ... --manifests -`.
//
// Files are read under kustomize's own load restrictions (LoadRestrictionsRootOnly, kubectl's
// default): a file a kustomization names (resource, patch, env file) must resolve, links followed,
// in or below that kustomization's folder; a folder (a base, a component) may sit anywhere but is
// not given as an absolute path. Only regular files are read, each and all of them bounded, and
// the documents counted: a link to /etc/shadow, /dev/zero or a FIFO is refused, not read.
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Composer, Parser } from 'yaml';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { parseKustomization, plainData, refuseDeepYaml, yamlError, type KustomizationFile } from '../../overrides/kustomization-file.js';
import { transformContainerImages } from '../../overrides/kustomize-images.js';
import { UsageError } from '../../util/errors.js';
import { unreadableInput } from '../../util/input-file.js';
import { readRegularFile } from '../../util/regular-file.js';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_DEPTH = 64;
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
const MAX_FILES = 20_000;
/** Documents of one build (every file, or the output piped in): a real overlay holds hundreds. */
export const MAX_DOCUMENTS = 100_000;
const LOAD_RESTRICTIONS = "kustomize's load restrictions (kubectl kustomize refuses it too)";
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
  // lstat: a FIFO or a link at the name is found, and refused by name below, not skipped
  for (const n of KUSTOMIZATION_NAMES)
    if (
      await lstat(join(dir, n)).then(
        (s) => !s.isDirectory(),
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
  const text = await readUnder(dir, file, from ? `${from}:` : '');
  return parseKustomization(text, file);
}

/**
 * A file a kustomization in `root` names: its real path (links followed) in or below the real
 * `root`, as kustomize's LoadRestrictionsRootOnly requires, and then a bounded regular file.
 */
export async function readUnder(root: string, file: string, from: string): Promise<string> {
  const [realRoot, real] = await Promise.all([realpath(root), realpath(file)]).catch((e: unknown) => {
    throw unreadableInput(from, file, e);
  });
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep))
    throw new UsageError(`${from ? `${from} ` : ''}${file}: ${real === file ? '' : `is ${real}, `}not in or below ${root}: refused by ${LOAD_RESTRICTIONS}`, {
      code: 'ERR_LOAD_RESTRICTIONS',
      hint: `a kustomization reads files only under its own folder: move the file into ${root}, or list the folder that holds it (with its own kustomization.yaml) as a resource`,
    });
  return readRegularFile(real === file ? file : real, {
    maxBytes: MAX_FILE_BYTES,
    ...(from ? { from } : {}),
    tooLargeHint: 'build with kubectl kustomize and pipe it in with --manifests -',
  });
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
  docCount = 0;
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
    for (const r of [...strings(k, 'resources'), ...strings(k, 'bases')]) append(docs, await this.resource(dir, r, chain, k.file));
    for (const c of strings(k, 'components')) {
      const cdir = resolve(dir, c);
      if (isRemote(c) && !(await exists(cdir))) {
        this.remote.push(`${k.file}: components: ${c}`);
        continue;
      }
      if (isAbsolute(c)) throw absoluteRoot(k.file, 'components', c);
      const ck = await this.open(cdir, chain, `${k.file}: components: ${c}`);
      // a component's entries apply to everything accumulated so far, the including level's resources too
      append(docs, await this.level(cdir, ck, [...chain, await realpath(cdir)]));
      for (const d of docs) transformContainerImages(d.object, ck.images);
    }
    append(docs, await this.patches(dir, k));
    append(docs, await this.configMaps(dir, k));
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
        const text = await readUnder(dir, resolve(dir, f), `${k.file}: configMapGenerator:`);
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
    if (s.isDirectory()) {
      if (isAbsolute(entry)) throw absoluteRoot(from, 'resources', entry);
      return this.build(path, chain, `${from}: ${entry}`);
    }
    return this.documents(dir, path, `${from}: resources:`);
  }

  async documents(root: string, file: string, from: string): Promise<RenderedDoc[]> {
    const body = await readUnder(root, file, from);
    this.count(file, body.length);
    return this.parse(body, this.shownPath(file));
  }

  /** parseManifests, within what is left of the build's document count. */
  parse(text: string, name: string): RenderedDoc[] {
    const docs = parseManifests(text, name, MAX_DOCUMENTS - this.docCount, this.shown);
    this.docCount += docs.length;
    return docs;
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
      const text =
        typeof o.patch === 'string' ? o.patch : typeof o.path === 'string' ? await readUnder(dir, resolve(dir, o.path), `${k.file}: patches:`) : undefined;
      if (text === undefined) continue;
      if (typeof o.path === 'string') this.count(resolve(dir, o.path), text.length);
      for (const d of this.parse(text, typeof o.path === 'string' ? this.shownPath(resolve(dir, o.path)) : where)) {
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

/**
 * A multi-document YAML stream as documents, at most `maxDocuments` of them (read one at a time,
 * and refused before parsing when the stream's `---` lines already say there are more); a parse
 * error names the file and line.
 */
export function parseManifests(text: string, name: string, maxDocuments = MAX_DOCUMENTS, dir = 'DIR'): RenderedDoc[] {
  const tooMany = (n: string) =>
    new UsageError(`${name}: ${n} documents; this command reads at most ${MAX_DOCUMENTS} in one build`, {
      code: 'ERR_INPUT_TOO_LARGE',
      hint: `split the overlay, or give kustomize's output for a part of it (kubectl kustomize ${dir} | ... --manifests -)`,
    });
  const markers = documentMarkers(text);
  if (markers > maxDocuments) throw tooMany(`${markers.toLocaleString('en-US')} or more`);
  refuseDeepYaml(text, name);
  const docs: RenderedDoc[] = [];
  for (const d of new Composer({ prettyErrors: false, merge: true }).compose(new Parser().parse(text), true, text.length)) {
    const err = d.errors[0];
    if (err) throw yamlError(text, name, err);
    const object = plainData(d, name);
    if (object === null || object === undefined) continue;
    if (docs.length >= maxDocuments) throw tooMany(`more than ${maxDocuments.toLocaleString('en-US')}`);
    const range = d.range;
    docs.push({ chart: '', template: name, text: text.slice(range[0], range[2]), object });
  }
  return docs;
}

/** A bound on a stream's documents from above: its `---` lines, plus one. */
function documentMarkers(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 4)) {
    const c = text.charCodeAt(i + 4);
    if (Number.isNaN(c) || c === 10 || c === 13 || c === 32 || c === 9) n++;
  }
  return n;
}

/** `to.push(...from)` without spreading: a spread of 100,000 documents overflows the stack. */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

function absoluteRoot(from: string, field: string, entry: string): UsageError {
  return new UsageError(`${from}: ${field}: ${entry}: a folder given as an absolute path: refused by ${LOAD_RESTRICTIONS}`, {
    code: 'ERR_LOAD_RESTRICTIONS',
    hint: 'give the folder relative to the kustomization that lists it (../base, not /src/base)',
  });
}

function strings(k: KustomizationFile, field: string): string[] {
  const v = k.data[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new UsageError(`${k.file}: ${field}: expected a list of paths`, { hint: 'fix the file; kubectl kustomize fails on it too' });
  return v as string[];
}

/** github.com/org/repo//path?ref=v1, https://..., git@..., ssh://...: kustomize fetches these. */
export function isRemote(entry: string): boolean {
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
