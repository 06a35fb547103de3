// A kustomization built whole, as `kubectl kustomize DIR` prints it, for what reads the objects
// themselves (a GitOps folder's HelmReleases and the ConfigMaps their values come from), where
// overlay-files.ts reads an overlay only far enough to know its images. Per kustomization, in
// kustomize's order (api/internal/target/kusttarget.go): resources and bases (folders built
// recursively), components (applied over what is accumulated), configMapGenerator and
// secretGenerator, then patchesStrategicMerge and patches (strategic merge or JSON 6902, by
// target), namespace, namePrefix/nameSuffix, labels and annotations (metadata only),
// patchesJson6902; once the whole build is done, generated names get their hash suffix and
// `configurations:` nameReferences follow renamed objects. Documents stay YAML nodes, so every
// value keeps the type its text gives it. Files are read under the same load restrictions and
// bounds as overlay-files.ts; what kustomize runs beyond this (Helm charts, plugins,
// replacements, remote bases) stops the build with the route through `kubectl kustomize`.
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseAllDocuments, YAMLMap, type Node } from 'yaml';
import { CLUSTER_SCOPED_KINDS } from '../../bundle/gitops/cluster-scoped.js';
import { plainData, refuseDeepYaml } from '../../overrides/kustomization-file.js';
import { UsageError } from '../../util/errors.js';
import { generatedHash, runGenerators, type Generated } from './generators.js';
import { isRemote, readKustomization, readUnder } from './overlay-files.js';
import { groupOf, isBuiltin, isNullNode, jsonPatch, selects, strategicMerge, stringNode, text, type Target } from './patches.js';

const MAX_DEPTH = 64;
const MAX_FILES = 20_000;
const MAX_BYTES = 512 * 1024 * 1024;
const MAX_DOCUMENTS = 100_000;

const NOT_BUILT: Record<string, string> = {
  helmCharts: 'Helm charts (kustomize --enable-helm)',
  helmChartInflationGenerator: 'Helm charts (kustomize --enable-helm)',
  generators: 'generator plugins',
  transformers: 'transformer plugins',
  replacements: 'replacements',
  vars: 'vars',
};

const NOT_RENAMED = new Set(['Namespace', 'CustomResourceDefinition', 'APIService']);

interface Resource {
  doc: Document;
  /** kind, and name before prefixes, suffixes and hashes (what nameReferences point at). */
  kind: string;
  orgName: string;
  hash: boolean;
  /** "file" or "file (configMapGenerator)": where it came from, for errors. */
  from: string;
  /** Its name and namespace when the top kustomization's patches apply (what a patch added there must name). */
  atPatch?: { name: string; namespace?: string };
}

interface NameReference {
  kind: string;
  fieldSpecs: { path: string; kind?: string }[];
}

export interface KustomizeBuild {
  /** The build's documents as kubectl kustomize prints them (order aside). */
  text: string;
  /** Every file the build read (absolute, links not followed): kustomizations, resources, patches, generator inputs. */
  files: string[];
  /** KIND/NAMESPACE/NAME as built → the name and namespace a patch listed in DIR's own kustomization matches it by. */
  patchIds: Map<string, { name: string; namespace?: string }>;
}

export interface BuildOptions {
  /** A patch file (by its name) left out wherever a kustomization lists it: the build as it was before a tool added it. */
  without?: string;
}

export async function buildKustomization(dir: string, shown = dir, options: BuildOptions = {}): Promise<KustomizeBuild> {
  const b = new Builder(shown, options);
  const res = await b.accumulate(resolve(dir), [], [], shown);
  b.finish(res);
  const patchIds = new Map<string, { name: string; namespace?: string }>();
  for (const r of res)
    if (r.atPatch) patchIds.set(`${r.kind}/${text(r.doc, ['metadata', 'namespace']) ?? ''}/${text(r.doc, ['metadata', 'name']) ?? ''}`, r.atPatch);
  return { text: res.map((r) => r.doc.toString({ lineWidth: 0 })).join('---\n'), files: [...b.files], patchIds };
}

class Builder {
  files = new Set<string>();
  bytes = 0;
  docs = 0;
  nameRefs: NameReference[] = [];
  constructor(
    private readonly shown: string,
    private readonly options: BuildOptions,
  ) {}

  async read(root: string, file: string, from: string): Promise<string> {
    const t = await readUnder(root, file, from);
    this.files.add(file);
    this.bytes += t.length;
    if (this.files.size > MAX_FILES || this.bytes > MAX_BYTES)
      throw new UsageError(`${file}: the build reads more than ${MAX_FILES} files or ${MAX_BYTES / 1024 / 1024} MiB`, { hint: this.route() });
    return t;
  }

  route(): string {
    return `build it with kubectl kustomize ${this.shown} and pipe the output to --gitops -`;
  }

  /** One kustomization's resources on top of `input` (a component's: what its includer accumulated). */
  async accumulate(dir: string, chain: readonly string[], input: Resource[], from: string): Promise<Resource[]> {
    const real = await realpath(dir).catch(() => {
      throw new UsageError(`${from}: ${dir}: no such folder`, { hint: 'fix the entry; kubectl kustomize fails on it too' });
    });
    if (chain.includes(real)) throw new UsageError(`${from}: ${dir} includes itself (a cycle)`, { hint: 'kustomize refuses cycles too: remove the entry' });
    if (chain.length >= MAX_DEPTH) throw new UsageError(`${from}: kustomizations nested more than ${MAX_DEPTH} deep`, { hint: this.route() });
    const k = await readKustomization(dir, from);
    this.files.add(k.file);
    const at = k.file;
    for (const [field, what] of Object.entries(NOT_BUILT))
      if (k.data[field] !== undefined) throw new UsageError(`${at}: ${field}: ${what} are not built offline`, { hint: this.route() });
    const next = [...chain, real];
    const res = [...input];
    for (const entry of [...list(k.data, 'resources', at), ...list(k.data, 'bases', at)]) {
      if (isRemote(entry)) throw new UsageError(`${at}: resources: ${entry}: a remote base is not fetched`, { hint: this.route() });
      const path = resolve(dir, entry);
      const s = await stat(path).catch(() => undefined);
      if (!s) throw new UsageError(`${at}: resources: ${entry}: no such file or folder`, { hint: 'fix the entry; kubectl kustomize fails on it too' });
      if (s.isDirectory()) {
        if (isAbsolute(entry)) throw new UsageError(`${at}: resources: ${entry}: a folder given as an absolute path`, { hint: 'give it relative (../base)' });
        res.push(...(await this.accumulate(path, next, [], `${at}: ${entry}`)));
      } else res.push(...this.parse(await this.read(dir, path, `${at}: resources:`), this.name(path)));
    }
    let all = res;
    for (const c of list(k.data, 'components', at)) {
      if (isRemote(c) || isAbsolute(c)) throw new UsageError(`${at}: components: ${c}: not a local relative folder`, { hint: this.route() });
      all = await this.accumulate(resolve(dir, c), next, all, `${at}: ${c}`);
    }
    this.generate(all, await runGenerators(dir, at, k.data, (f, field) => this.read(dir, f, `${at}: ${field}:`)), at);
    for (const c of list(k.data, 'configurations', at)) this.configurations(await this.read(dir, resolve(dir, c), `${at}: configurations:`), at);
    if (chain.length === 0 && input.length === 0)
      for (const r of all) {
        const ns = text(r.doc, ['metadata', 'namespace']);
        r.atPatch = { name: text(r.doc, ['metadata', 'name']) ?? '', ...(ns !== undefined ? { namespace: ns } : {}) };
      }
    await this.transform(dir, at, k.data, all);
    return all;
  }

  parse(t: string, name: string): Resource[] {
    refuseDeepYaml(t, name);
    const out: Resource[] = [];
    for (const d of parseAllDocuments(t, { schema: 'failsafe', prettyErrors: false, uniqueKeys: false }) as Document.Parsed[]) {
      if (d.errors[0]) throw new UsageError(`${name}: not valid YAML: ${d.errors[0].message.split('\n')[0]}`, { hint: 'fix the file' });
      if (isNullNode(d.contents)) continue;
      if (!isMap(d.contents)) throw new UsageError(`${name}: a document that is not a map`, { hint: 'kustomize reads Kubernetes objects only' });
      if (++this.docs > MAX_DOCUMENTS) throw new UsageError(`${name}: more than ${MAX_DOCUMENTS} documents`, { hint: this.route() });
      const kind = text(d, ['kind']) ?? '';
      if (kind === 'List' && isSeq(d.get('items'))) {
        for (const item of (d.get('items') as { items: Node[] }).items) out.push(...this.parse(new Document(item).toString(), name));
        continue;
      }
      out.push({ doc: d, kind, orgName: text(d, ['metadata', 'name']) ?? '', hash: false, from: name });
    }
    return out;
  }

  generate(res: Resource[], generated: Generated[], at: string): void {
    for (const g of generated) {
      const same = res.find((r) => r.kind === g.kind && r.orgName === g.name && (text(r.doc, ['metadata', 'namespace']) ?? '') === (g.namespace ?? ''));
      if (g.behavior !== 'create' && !same)
        throw new UsageError(`${at}: ${g.kind} ${g.name} has behavior ${g.behavior} but no base generates it`, { hint: 'use behavior: create' });
      if (g.behavior === 'create' && same)
        throw new UsageError(`${at}: ${g.kind} ${g.name} is generated twice`, { hint: 'merge them, or use behavior: merge' });
      const doc = same && g.behavior === 'merge' ? same.doc : new Document({});
      const map = doc.contents as YAMLMap;
      map.set('apiVersion', 'v1');
      map.set('kind', g.kind);
      const data = isMap(map.get('data')) && g.behavior === 'merge' ? (map.get('data') as YAMLMap) : new YAMLMap();
      for (const [k, v] of Object.entries(g.data)) data.set(doc.createNode(k), stringNode(v));
      map.set('data', data);
      doc.setIn(['metadata', 'name'], g.name);
      if (g.namespace !== undefined) doc.setIn(['metadata', 'namespace'], g.namespace);
      for (const [k, v] of Object.entries(g.labels)) doc.setIn(['metadata', 'labels', k], stringNode(v));
      for (const [k, v] of Object.entries(g.annotations)) doc.setIn(['metadata', 'annotations', k], stringNode(v));
      if (g.type !== undefined) map.set('type', g.type);
      if (same) {
        same.doc = doc;
        same.hash = g.hash;
      } else res.push({ doc, kind: g.kind, orgName: g.name, hash: g.hash, from: `${at} (${g.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator'})` });
    }
  }

  configurations(t: string, at: string): void {
    const d = parseAllDocuments(t)[0] as Document.Parsed | undefined;
    const refs = (d?.toJS() as { nameReference?: unknown } | null)?.nameReference;
    if (!Array.isArray(refs)) return;
    for (const r of refs as { kind?: unknown; fieldSpecs?: unknown }[]) {
      if (typeof r?.kind !== 'string' || !Array.isArray(r.fieldSpecs)) throw new UsageError(`${at}: configurations: a nameReference needs kind and fieldSpecs`);
      this.nameRefs.push({
        kind: r.kind,
        fieldSpecs: (r.fieldSpecs as { path?: unknown; kind?: unknown }[]).map((f) => ({
          path: String(f.path),
          ...(typeof f.kind === 'string' ? { kind: f.kind } : {}),
        })),
      });
    }
  }

  async transform(dir: string, at: string, data: Record<string, unknown>, res: Resource[]): Promise<void> {
    const patches = async (entries: unknown[], json: boolean) => {
      for (const p of entries) {
        if (this.options.without !== undefined && (p === this.options.without || (isRecord(p) && p.path === this.options.without))) continue;
        const o = (typeof p === 'string' ? (p.includes('\n') ? { patch: p } : { path: p }) : (p ?? {})) as { path?: unknown; patch?: unknown; target?: Target };
        const where = typeof o.path === 'string' ? this.name(resolve(dir, o.path)) : `${at} (inline patch)`;
        const body =
          typeof o.patch === 'string' ? o.patch : typeof o.path === 'string' ? await this.read(dir, resolve(dir, o.path), `${at}: patches:`) : undefined;
        if (body === undefined) throw new UsageError(`${at}: a patch with neither path nor patch`, { hint: 'fix the entry' });
        this.patch(res, body, o.target, where, json);
      }
    };
    await patches(list(data, 'patchesStrategicMerge', at), false);
    await patches(list(data, 'patches', at), false);
    const ns = typeof data.namespace === 'string' ? data.namespace : undefined;
    if (ns !== undefined) for (const r of res) if (!CLUSTER_SCOPED_KINDS.has(r.kind)) r.doc.setIn(['metadata', 'namespace'], ns);
    const prefix = typeof data.namePrefix === 'string' ? data.namePrefix : '';
    const suffix = typeof data.nameSuffix === 'string' ? data.nameSuffix : '';
    if (prefix || suffix)
      for (const r of res) if (!NOT_RENAMED.has(r.kind)) r.doc.setIn(['metadata', 'name'], `${prefix}${text(r.doc, ['metadata', 'name']) ?? ''}${suffix}`);
    const labels: Record<string, unknown> = { ...(isRecord(data.commonLabels) ? data.commonLabels : {}) };
    for (const l of list(data, 'labels', at) as unknown[]) if (isRecord(l) && isRecord(l.pairs)) Object.assign(labels, l.pairs);
    for (const [field, values] of [
      ['labels', labels],
      ['annotations', isRecord(data.commonAnnotations) ? data.commonAnnotations : {}],
    ] as const)
      for (const [k, v] of Object.entries(values)) for (const r of res) r.doc.setIn(['metadata', field, k], stringNode(String(v)));
    await patches(list(data, 'patchesJson6902', at), true);
  }

  patch(res: Resource[], body: string, target: Target | undefined, where: string, json: boolean): void {
    refuseDeepYaml(body, where);
    const docs = parseAllDocuments(body, { schema: 'failsafe', prettyErrors: false }) as Document.Parsed[];
    for (const p of docs) {
      if (p.errors[0]) throw new UsageError(`${where}: not valid YAML: ${p.errors[0].message.split('\n')[0]}`, { hint: 'fix the patch' });
      if (isNullNode(p.contents)) continue;
      const ops = isSeq(p.contents);
      if (json && !ops) throw new UsageError(`${where}: a JSON 6902 patch is a list of operations`, { hint: 'fix the patch' });
      if (ops && !target) throw new UsageError(`${where}: a JSON 6902 patch needs a target`, { hint: 'add target: (kind, name) to the entry' });
      // matched by its own kind, name and namespace (none: only a resource with none, as kustomize matches it)
      const own: Target = {
        kind: escapeRe(text(p, ['kind']) ?? ''),
        name: escapeRe(text(p, ['metadata', 'name']) ?? ''),
        namespace: escapeRe(text(p, ['metadata', 'namespace']) ?? ''),
        group: escapeRe(groupOf(text(p, ['apiVersion']))),
      };
      const chosen = res.filter((r) => selects(target ?? own, r.doc, [text(r.doc, ['metadata', 'name']) ?? '', r.orgName]));
      if (chosen.length === 0 && !target)
        throw new UsageError(`${where}: no resource matches the patch (${own.kind} ${text(p, ['metadata', 'name']) ?? ''})`, {
          hint: 'fix the patch or its target; kubectl kustomize fails on it too',
        });
      for (const r of chosen) {
        if (ops) jsonPatch(r.doc, p.contents as never, where);
        else {
          const merged = strategicMerge(r.doc, r.doc.contents as Node, patchFor(p, target !== undefined), isBuiltin(r.doc));
          if (merged === undefined) res.splice(res.indexOf(r), 1);
          else r.doc.contents = merged as typeof r.doc.contents;
        }
      }
    }
  }

  /** After the whole build: generated names with their hash, then every nameReference that named an object renamed. */
  finish(res: Resource[]): void {
    for (const r of res) {
      if (!r.hash) continue;
      const o = plainData(r.doc, r.from) as Record<string, unknown>;
      r.doc.setIn(['metadata', 'name'], `${text(r.doc, ['metadata', 'name'])}-${generatedHash(o)}`);
    }
    for (const ref of this.nameRefs)
      for (const target of res.filter((r) => r.kind === ref.kind && text(r.doc, ['metadata', 'name']) !== r.orgName))
        for (const spec of ref.fieldSpecs)
          for (const r of res) {
            if (spec.kind !== undefined && r.kind !== spec.kind) continue;
            if ((text(r.doc, ['metadata', 'namespace']) ?? '') !== (text(target.doc, ['metadata', 'namespace']) ?? '')) continue;
            renameAt(r.doc, r.doc.contents as Node, spec.path.split('/'), target.orgName, text(target.doc, ['metadata', 'name'])!);
          }
  }

  name(file: string): string {
    return relative(process.cwd(), file) || basename(file) || dirname(file);
  }
}

/** With a target, the patch's own kind and name are not what it changes: they stay out of the merge. */
function patchFor(p: Document, targeted: boolean): Node {
  const n = (p.contents as Node & { clone(): Node }).clone() as Node;
  if (targeted && isMap(n)) {
    for (const k of ['apiVersion', 'kind']) n.delete(k);
    const meta = n.get('metadata', true);
    if (isMap(meta)) {
      meta.delete('name');
      meta.delete('namespace');
      if (meta.items.length === 0) n.delete('metadata');
    }
  }
  return n as Node;
}

function renameAt(doc: Document, n: Node | undefined, path: string[], from: string, to: string): void {
  if (n === undefined) return;
  if (isSeq(n)) {
    for (const i of n.items) renameAt(doc, i as Node, path, from, to);
    return;
  }
  if (!isMap(n) || path.length === 0) return;
  const [head, ...rest] = path;
  const v = n.get(head!, true) as Node | undefined;
  if (rest.length === 0) {
    if (isScalar(v) && String(v.value) === from) n.set(doc.createNode(head), doc.createNode(to));
    else if (isSeq(v)) for (const i of v.items) if (isScalar(i) && String(i.value) === from) i.value = to;
    return;
  }
  renameAt(doc, v, rest, from, to);
}

function list(data: Record<string, unknown>, field: string, at: string): string[] {
  const v = data[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UsageError(`${at}: ${field}: expected a list`, { hint: 'fix the file; kubectl kustomize fails on it too' });
  return v as string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
