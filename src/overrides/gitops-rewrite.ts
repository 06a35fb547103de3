// `values --gitops PATH --format gitops`: the GitOps objects the releases were read from,
// rewritten in place so they install from the target — the chart from its OCI copy (helmfile
// `chart: oci://...`; Argo CD's OCI source form, repoURL without scheme; a Flux HelmRepository
// turned `type: oci`, an OCIRepository's url and tag) at the version bundled, and the image
// override merged into the object's own last values layer (helmfile: one more `values:` entry;
// Argo CD: helm.valuesObject, or the helm.values text; Flux: spec.values). A --set/parameter the
// tool applies after those layers and that sets an overridden path gets the override's value.
// A release read from a kustomize build (an overlay, a Flux Kustomization's path) is not edited
// in the files the build read, which other environments may share: its changes go into a patch
// file of our own in that overlay (gitops-overlay-patch.ts). Comments, key order and every other
// field are kept (the yaml Document API), and every line the edit did not change keeps its bytes
// (text-splice.ts). Nothing is written before every file's new text is known; a file whose bytes
// changed since it was read is not overwritten (the run names it and fails); each file is
// replaced by a temp, fsync, rename, and only files under the tree given are written.
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { Values } from '../helm/engine/render-types.js';
import { isGoMap, parseValuesYaml } from '../helm/values/yaml.js';
import { gitopsReleases } from '../bundle/gitops/gitops-charts.js';
import type { GitopsEdit, GitopsRelease } from '../bundle/gitops/release.js';
import type { Path } from '../bundle/gitops/object-node.js';
import type { GitopsFile } from '../bundle/gitops/source-tree.js';
import { readGitopsTree, type GitopsReadOptions } from '../bundle/gitops/source-tree.js';
import { followFluxKustomizations } from '../bundle/gitops/flux-kustomization.js';
import { UsageError } from '../util/errors.js';
import { OverlayPatches, type FileChange, writeChanges } from './gitops-overlay-patch.js';
import { indentsSequences, keepUntouchedLines } from './text-splice.js';

export interface GitopsOverride {
  /** The release's origin (ChartSpec.origin) when it was read from the objects; else (a bundle's release) matched by release and namespace. */
  origin?: string;
  release: string;
  namespace: string;
  /** The chart as bundled: its name and exact version. */
  chart: string;
  version: string;
  /** The image override (what `values` writes in NAME.values.yaml). */
  values: Values;
}

/** `oci://HOST/PREFIX/charts` holds chart NAME as push writes it (ecr/naming.ts toChartRepository). */
export type ChartHome = (chart: string) => string;

export interface GitopsRewrite {
  written: string[];
  /** What the rewritten objects need beside them to work (Argo CD's OCI repository Secret). */
  notes: string[];
}

export async function rewriteGitops(
  inputs: string[],
  cwd: string,
  overrides: readonly GitopsOverride[],
  chartHome: ChartHome,
  readOptions: GitopsReadOptions = {},
): Promise<GitopsRewrite> {
  const byOrigin = new Map(overrides.filter((o) => o.origin).map((o) => [o.origin, o]));
  const byRelease = new Map(overrides.filter((o) => !o.origin).map((o) => [`${o.namespace}/${o.release}`, o]));
  const used = new Set<GitopsOverride>();
  const edits = new Map<GitopsFile, Document.Parsed[]>();
  const docsOf = (f: GitopsFile): Document.Parsed[] => {
    if (!f.path && f.name !== 'stdin')
      throw new UsageError(`${f.name}: read through a Flux Kustomization's postBuild substitution or targetNamespace, not as written: not rewritten in place`, {
        hint: 'add a kustomization.yaml to that folder (the rewrite then writes a patch file there), or give the folder itself to --gitops',
      });
    if (!f.path)
      throw new UsageError('--format gitops rewrites files: --gitops - (stdin) has none to rewrite', { hint: 'give the folder or file itself to --gitops' });
    let d = edits.get(f);
    if (!d) edits.set(f, (d = parseAllDocuments(f.text, { keepSourceTokens: false }) as Document.Parsed[]));
    return d;
  };
  const setElements = new Map<string, string>();
  const overlays = new OverlayPatches();
  const ociHosts = new Set<string>();
  for (const input of inputs) {
    if (input === '-') docsOf({ name: 'stdin', dir: cwd, text: '', docs: [] });
    const tree = await readGitopsTree(input, cwd, readOptions);
    await followFluxKustomizations(tree);
    for (const r of gitopsReleases(tree, input)) {
      const o = byOrigin.get(r.origin) ?? byRelease.get(`${r.namespace ?? 'default'}/${r.releaseName}`);
      if (!o)
        throw new UsageError(`${r.origin}: release ${r.releaseName} (namespace ${r.namespace ?? 'default'}) is not among the releases given`, {
          hint: 'bundle the same objects (bundle --gitops), then rewrite them from that bundle',
        });
      if (o.chart !== chartName(r.chart))
        throw new UsageError(`${r.origin}: release ${r.releaseName} is chart ${chartName(r.chart)} here but ${o.chart} in the bundle`, {
          hint: 'bundle the objects as they are now (bundle --gitops), then rewrite them',
        });
      used.add(o);
      if (r.edit.tool === 'argocd') ociHosts.add(chartHome(o.chart).split('/')[0]!);
      if (r.edit.file.built) overlays.add(r, o, chartHome(o.chart));
      else applyEdit(r, o, docsOf(r.edit.file)[r.edit.doc]!, chartHome(o.chart), setElements, (f) => docsOf(f));
    }
  }
  const unused = overrides.filter((o) => !used.has(o) && !o.origin);
  if (unused.length > 0 && used.size === 0)
    throw new UsageError(`no object under ${inputs.join(', ')} declares the releases given (${unused.map((o) => o.release).join(', ')})`, {
      hint: 'point --gitops at the objects the bundle was made from',
    });
  const changes: FileChange[] = [];
  for (const [f, docs] of edits) {
    const indentSeq = indentsSequences(f.text);
    const print = (list: Document[]) =>
      list.map((d, i) => (i === 0 && !f.text.startsWith('---') ? '' : '---\n') + d.toString({ lineWidth: 0, indentSeq }).replace(/^---\n/, '')).join('');
    const before = print(parseAllDocuments(f.text, { keepSourceTokens: false }) as Document.Parsed[]);
    const text = keepFlowSpacing(f.text, keepUntouchedLines(f.text, before, print(docs)));
    if (text !== f.text) changes.push({ path: f.path!, was: f.text, text });
  }
  changes.push(...(await overlays.changes()));
  return { written: await writeChanges(changes), notes: argoOciNotes(ociHosts) };
}

/**
 * Argo CD pulls a chart from an OCI registry only through a repository Secret marked
 * enableOCI (argo-cd docs, declarative setup: Helm OCI repositories): the object to add, per host.
 */
function argoOciNotes(hosts: ReadonlySet<string>): string[] {
  return [...hosts].map((host) =>
    [
      `Argo CD needs a repository Secret for the OCI charts at ${host} (add it to the argocd namespace, with username/password if the registry asks):`,
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      `  name: helm-airgap-${host.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
      '  namespace: argocd',
      '  labels:',
      '    argocd.argoproj.io/secret-type: repository',
      'stringData:',
      '  type: helm',
      `  url: ${host}`,
      '  name: helm-airgap',
      '  enableOCI: "true"',
    ].join('\n'),
  );
}

function applyEdit(
  r: GitopsRelease,
  o: GitopsOverride,
  doc: Document.Parsed,
  home: string,
  setElements: Map<string, string>,
  docsOf: (f: GitopsFile) => Document.Parsed[],
): void {
  const e: GitopsEdit = r.edit;
  if (e.tool === 'helmfile') {
    // a chart of a named repository keeps its name, the repository pointed at the target's OCI charts
    const chart = String(doc.getIn([...e.release, 'chart']) ?? '');
    const repos = doc.get('repositories', true);
    const entry = /^[^/.:]+\/[^/]+$/.test(chart) && isSeq(repos) ? repos.items.findIndex((i) => isMap(i) && i.get('name') === chart.split('/')[0]) : -1;
    if (entry >= 0 && chart.split('/')[1] === o.chart) {
      doc.setIn(['repositories', entry, 'url'], home);
      doc.setIn(['repositories', entry, 'oci'], true);
    } else doc.setIn([...e.release, 'chart'], `oci://${home}/${o.chart}`);
    doc.setIn([...e.release, 'version'], o.version);
    const rest = withSets(doc, [...e.release, 'set'], o.values, 'name', 'value');
    if (Object.keys(rest).length === 0) return;
    const list = doc.getIn([...e.release, 'values'], true);
    // one layer of ours: a run with the same override finds it and adds none
    const same = JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (isSeq(list) && list.items.some((i) => isMap(i) && JSON.stringify((i as { toJSON(): unknown }).toJSON()) === same)) return;
    if (isSeq(list)) list.add(doc.createNode(rest));
    else doc.setIn([...e.release, 'values'], doc.createNode([rest]));
    return;
  }
  if (e.tool === 'argocd') {
    const h = [...e.source, 'helm'];
    let values = o.values;
    if (e.element) {
      // one template for every element: each element's override must agree where the template is literal
      values = withoutParameterEqual(e.element, r, values);
      const key = `${e.file.name}#${e.doc}#${e.source.join('.')}`;
      const text = JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      const seen = setElements.get(key);
      if (seen !== undefined && seen !== text)
        throw new UsageError(`${r.origin}: the ApplicationSet's elements need different image overrides; its one template cannot hold them`, {
          hint: 'give each element the differing value (a generator key the template uses), or rewrite the Applications it makes',
        });
      setElements.set(key, text);
    }
    // Argo CD 3.1's OCI source (no chart:, repoURL oci://.../NAME) stays in its form
    const ociForm = doc.getIn([...e.source, 'chart']) === undefined && String(doc.getIn([...e.source, 'repoURL'])).startsWith('oci://');
    if (ociForm) doc.setIn([...e.source, 'repoURL'], `oci://${home}/${o.chart}`);
    else {
      doc.setIn([...e.source, 'repoURL'], home);
      doc.setIn([...e.source, 'chart'], o.chart);
    }
    doc.setIn([...e.source, 'targetRevision'], o.version);
    const rest = withSets(doc, [...h, 'parameters'], values, 'name', 'value');
    if (Object.keys(rest).length === 0) return;
    const vo = doc.getIn([...h, 'valuesObject'], true);
    const vs = doc.getIn([...h, 'values'], true);
    if (isMap(vo)) mergeInto(doc, [...h, 'valuesObject'], rest);
    else if (isScalar(vs) && typeof vs.value === 'string' && vs.value.trim() !== '') {
      // the text edited as a document of its own: its comments, order and quoting stay
      parseValuesYaml(vs.value, r.origin);
      const text = parseDocument(vs.value);
      mergeInto(text, [], rest);
      doc.setIn([...h, 'values'], keepFlowSpacing(vs.value, text.toString({ lineWidth: 0 })));
    } else doc.setIn([...h, 'valuesObject'], doc.createNode(rest));
    return;
  }
  const src = docsOf(e.chartSource.file)[e.chartSource.doc]!;
  if (e.chartSource.kind === 'HelmRepository') {
    src.setIn(['spec', 'type'], 'oci');
    src.setIn(['spec', 'url'], `oci://${home}`);
    doc.setIn(['spec', 'chart', 'spec', 'version'], o.version);
  } else {
    src.setIn(['spec', 'url'], `oci://${home}/${o.chart}`);
    src.deleteIn(['spec', 'ref', 'semver']);
    src.setIn(['spec', 'ref', 'tag'], o.version);
  }
  if (Object.keys(o.values).length === 0) return;
  if (isMap(doc.getIn(['spec', 'values'], true))) mergeInto(doc, ['spec', 'values'], o.values);
  else doc.setIn(['spec', 'values'], doc.createNode(o.values));
}

/**
 * `written` with each line that differs from a line of `original` only in the spaces just inside
 * flow brackets (`[{ a: 1 }]` written back as `[ { a: 1 } ]`: the yaml library has one padding
 * for every flow collection) taken as the original wrote it, matched in order. The edits set
 * references, versions and URLs, never a bracket inside a string, so only untouched lines match.
 */
function keepFlowSpacing(original: string, written: string): string {
  const bare = (l: string) => l.replace(/([[{])\s+/g, '$1').replace(/\s+([\]}])/g, '$1');
  const byBare = new Map<string, string[]>();
  for (const l of original.split('\n')) if (/[[{]/.test(l)) (byBare.get(bare(l)) ?? byBare.set(bare(l), []).get(bare(l))!).push(l);
  return written
    .split('\n')
    .map((l) => {
      if (!/[[{]/.test(l)) return l;
      const was = byBare.get(bare(l));
      return was?.length ? was.shift()! : l;
    })
    .join('\n');
}

/** Deep-merges `v` into the map at `path`, creating what is missing; existing nodes (and their comments) stay. */
function mergeInto(doc: Document, path: Path, v: Values): void {
  for (const [k, x] of Object.entries(v)) {
    const p = [...path, k];
    if (isGoMap(x) && isMap(doc.getIn(p, true))) mergeInto(doc, p, x);
    else doc.setIn(p, doc.createNode(x));
  }
}

/** Dotted leaf paths of an override. */
function leaves(v: Values, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, x] of Object.entries(v)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (isGoMap(x) && Object.keys(x).length > 0) leaves(x, p, out);
    else out.set(p, x);
  }
  return out;
}

/**
 * A `--set`-like entry (helmfile set, Argo CD parameters) applies after the values layers: one
 * naming an overridden path gets the override's value; the rest of the override is returned.
 */
function withSets(doc: Document, listPath: Path, v: Values, nameKey: string, valueKey: string): Values {
  const list = doc.getIn(listPath, true);
  if (!isSeq(list)) return v;
  const flat = leaves(v);
  let rest = v;
  list.items.forEach((_item, i) => {
    const name = doc.getIn([...listPath, i, nameKey]);
    if (typeof name !== 'string' || !flat.has(name)) return;
    const value = flat.get(name);
    doc.setIn([...listPath, i, valueKey], typeof value === 'string' ? value : String(value));
    rest = without(rest, name.split('.'));
  });
  return rest;
}

/** An ApplicationSet element's override without the paths its parameters already give the same value. */
function withoutParameterEqual(element: { goValue(p: Path): unknown }, r: GitopsRelease, v: Values): Values {
  const params = element.goValue([...(r.edit.tool === 'argocd' ? r.edit.source.slice(2) : []), 'helm', 'parameters']);
  if (!Array.isArray(params)) return v;
  const flat = leaves(v);
  let rest = v;
  for (const p of params as { name?: unknown; value?: unknown }[]) {
    if (typeof p?.name === 'string' && flat.has(p.name) && String(flat.get(p.name)) === String(p.value)) rest = without(rest, p.name.split('.'));
  }
  return rest;
}

function without(v: Values, path: string[]): Values {
  const [head, ...tail] = path;
  if (head === undefined || !(head in v)) return v;
  const out = { ...v };
  if (tail.length === 0) delete out[head];
  else if (isGoMap(out[head])) {
    const inner = without(out[head], tail);
    if (Object.keys(inner).length === 0) delete out[head];
    else out[head] = inner;
  }
  return out;
}

/** A chart entry's chart name: the last path segment of oci://... or a local folder, else the name itself. */
function chartName(chart: string): string {
  return chart.replace(/\/+$/, '').split('/').pop()!;
}
