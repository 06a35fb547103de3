// Where `values --format gitops` writes a release that a kustomize build made (an overlay, a Flux
// Kustomization's path): a patch file of our own in the folder that build starts at,
// helm-airgap.patch.yaml, listed in that folder's kustomization `patches:` (added on the first
// run; the file replaced on the next), so the environment's own overlay changes and a base other
// environments share does not. Each document is a strategic-merge patch naming its object as the
// folder's patches see it (before the folder's own namespace and prefixes): the HelmRelease's
// chart version and values, its HelmRepository turned OCI at the target (an OCIRepository's url
// and tag), an Argo CD Application's chart source and helm.valuesObject. `values` reads the
// overlay without this file, so a second run writes the same bytes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { Values } from '../helm/engine/render-types.js';
import { isGoMap } from '../helm/values/yaml.js';
import type { GitopsRelease } from '../bundle/gitops/release.js';
import { KUSTOMIZATION_FILES, type BuiltFolder } from '../bundle/gitops/source-tree.js';
import type { ObjectNode } from '../bundle/gitops/object-node.js';
import { UsageError } from '../util/errors.js';
import { replaceFile } from '../util/replace-file.js';
import { sweepDeadTemps, writeFileAtomic } from '../util/atomic-write.js';
import { indentsSequences, keepUntouchedLines } from './text-splice.js';

export const OVERLAY_PATCH = 'helm-airgap.patch.yaml';

/** A file's new text, and the text it had when read (undefined: it did not exist). */
export interface FileChange {
  path: string;
  was: string | undefined;
  text: string;
}

interface Override {
  chart: string;
  version: string;
  values: Values;
}

export class OverlayPatches {
  private readonly byDir = new Map<string, { built: BuiltFolder; docs: Map<string, Record<string, unknown>> }>();

  add(r: GitopsRelease, o: Override, home: string): void {
    const e = r.edit;
    const file = e.file;
    const built = file.built!;
    const obj = file.docs[e.doc]!;
    if (e.tool === 'helmfile')
      throw new UsageError(`${r.origin}: a helmfile inside a kustomize build is not rewritten`, { hint: 'give the helmfile itself to --gitops' });
    if (e.tool === 'argocd') {
      this.put(built, obj, { spec: this.argoSource(r, obj, o, home) });
      return;
    }
    const chartRef = obj.has(['spec', 'chartRef']);
    this.put(built, obj, {
      spec: { ...(chartRef ? {} : { chart: { spec: { version: o.version } } }), ...(Object.keys(o.values).length > 0 ? { values: o.values } : {}) },
    });
    const src = e.chartSource.file.docs[e.chartSource.doc]!;
    if (e.chartSource.file.built?.dir !== built.dir)
      throw new UsageError(`${src.at([])}: the ${e.chartSource.kind} of ${r.origin} is not in the same build`, {
        hint: 'keep the HelmRelease and its source in one overlay, or rewrite a flat folder of them',
      });
    this.put(
      built,
      src,
      e.chartSource.kind === 'HelmRepository'
        ? { spec: { type: 'oci', url: `oci://${home}` } }
        : { spec: { url: `oci://${home}/${o.chart}`, ref: { tag: o.version, semver: null } } },
    );
  }

  private argoSource(r: GitopsRelease, obj: ObjectNode, o: Override, home: string): Record<string, unknown> {
    const e = r.edit as Extract<GitopsRelease['edit'], { tool: 'argocd' }>;
    if (e.element || e.source[1] !== 'source')
      throw new UsageError(`${r.origin}: an ApplicationSet's or a multi-source Application's chart inside a kustomize build is not patched`, {
        hint: 'give the folder holding the objects themselves (without its kustomization) to --gitops',
      });
    if (obj.has([...e.source, 'helm', 'values']) && !obj.isMap([...e.source, 'helm', 'values']))
      throw new UsageError(`${r.origin}: helm.values is a text: a patch cannot merge into it`, { hint: 'write those values as helm.valuesObject' });
    const params = obj.count([...e.source, 'helm', 'parameters']);
    for (let i = 0; i < params; i++) {
      const name = obj.str([...e.source, 'helm', 'parameters', i, 'name']) ?? '';
      if (leafPaths(o.values).has(name))
        throw new UsageError(`${r.origin}: helm.parameters sets ${name}, which the override sets too: parameters win over valuesObject`, {
          hint: 'drop that parameter or set it to the target in the overlay',
        });
    }
    const oci = obj.str([...e.source, 'chart']) === undefined;
    return {
      source: {
        repoURL: oci ? `oci://${home}/${o.chart}` : home,
        ...(oci ? {} : { chart: o.chart }),
        targetRevision: o.version,
        ...(Object.keys(o.values).length > 0 ? { helm: { valuesObject: o.values } } : {}),
      },
    };
  }

  private put(built: BuiltFolder, obj: ObjectNode, patch: Record<string, unknown>): void {
    const kind = obj.str(['kind']) ?? '';
    const key = `${kind}/${obj.str(['metadata', 'namespace']) ?? ''}/${obj.str(['metadata', 'name']) ?? ''}`;
    const id = built.patchIds.get(key);
    if (!id) throw new UsageError(`${obj.at([])}: ${key} is not an object the folder's own patches can name`, { hint: 'rewrite the folder that holds it' });
    let entry = this.byDir.get(built.dir);
    if (!entry) this.byDir.set(built.dir, (entry = { built, docs: new Map() }));
    const head = { apiVersion: obj.str(['apiVersion']), kind, metadata: { name: id.name, ...(id.namespace !== undefined ? { namespace: id.namespace } : {}) } };
    entry.docs.set(key, merge(entry.docs.get(key) ?? head, patch));
  }

  /** Each overlay's patch file and kustomization as they must read; unchanged files left out. */
  async changes(): Promise<FileChange[]> {
    const out: FileChange[] = [];
    for (const [dir, { docs }] of [...this.byDir].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const text = [
        `# helm-airgap values --format gitops: charts and images from the target for this overlay; replaced on every run`,
        ...[...docs.keys()].sort().map((k) => `---\n${stringify(docs.get(k), { lineWidth: 0 })}`),
      ].join('\n');
      const path = join(dir, OVERLAY_PATCH);
      const was = await readFile(path, 'utf8').catch(() => undefined);
      if (was !== text) out.push({ path, was, text });
      const k = await kustomizationOf(dir);
      const listed = listPatch(k.text, k.path);
      if (listed !== k.text) out.push({ path: k.path, was: k.text, text: listed });
    }
    return out;
  }
}

async function kustomizationOf(dir: string): Promise<{ path: string; text: string }> {
  for (const n of KUSTOMIZATION_FILES) {
    const text = await readFile(join(dir, n), 'utf8').catch(() => undefined);
    if (text !== undefined) return { path: join(dir, n), text };
  }
  throw new UsageError(`${dir}: no kustomization to list ${OVERLAY_PATCH} in`, { hint: 'give --gitops the overlay folder kustomize builds' });
}

/** The kustomization with `- path: helm-airgap.patch.yaml` in its patches (as it was when already there). */
function listPatch(text: string, path: string): string {
  const doc = parseDocument(text);
  if (doc.errors[0]) throw new UsageError(`${path}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, { hint: 'fix the file' });
  const patches = doc.get('patches', true);
  if (isSeq(patches) && patches.items.some((i) => (isMap(i) ? i.get('path') : String((i as { value?: unknown }).value)) === OVERLAY_PATCH)) return text;
  const indentSeq = indentsSequences(text);
  const before = doc.toString({ lineWidth: 0, indentSeq });
  if (isSeq(patches)) patches.add(doc.createNode({ path: OVERLAY_PATCH }));
  else doc.set('patches', doc.createNode([{ path: OVERLAY_PATCH }]));
  return keepUntouchedLines(text, before, doc.toString({ lineWidth: 0, indentSeq }));
}

/**
 * Writes every change, or none: each file is checked to hold what it held when read before the
 * first write, and again just before its own (temp, fsync, rename); a file someone changed in
 * between is named and left as they wrote it.
 */
export async function writeChanges(changes: readonly FileChange[]): Promise<string[]> {
  const changed = async (c: FileChange) => (await readFile(c.path, 'utf8').catch(() => undefined)) !== c.was;
  const moved: string[] = [];
  for (const c of changes) if (await changed(c)) moved.push(c.path);
  if (moved.length > 0) throw concurrent(moved);
  const written: string[] = [];
  for (const c of changes) {
    if (await changed(c)) throw concurrent([c.path], written);
    if (c.was === undefined) {
      // a run killed while creating this file left its temp beside it: a finished run leaves none
      await sweepDeadTemps(c.path);
      await writeFileAtomic(c.path, c.text);
    } else await replaceFile(c.path, c.text);
    written.push(c.path);
  }
  return written;
}

function concurrent(paths: string[], written: string[] = []): UsageError {
  return new UsageError(
    `${paths.join(', ')} changed since this run read ${paths.length === 1 ? 'it' : 'them'}: not overwritten${written.length > 0 ? ` (already written: ${written.join(', ')})` : ''}`,
    {
      code: 'ERR_CHANGED_WHILE_RUNNING',
      hint: 'commit or undo that edit, then run values --format gitops again (a second run changes only what is still to change)',
    },
  );
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isGoMap(v) && isGoMap(out[k]) ? merge(out[k], v) : v;
  return out;
}

function leafPaths(v: Values, prefix = '', out = new Set<string>()): Set<string> {
  for (const [k, x] of Object.entries(v)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (isGoMap(x) && Object.keys(x).length > 0) leafPaths(x, p, out);
    else out.add(p);
  }
  return out;
}
