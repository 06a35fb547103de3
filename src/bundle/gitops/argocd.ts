// Argo CD Applications (and the Applications an ApplicationSet's list or git-files generator
// makes from literal elements) as releases. A chart source names `chart:` in a Helm repository or
// registry, or (Argo CD 3.1) is an OCI artifact: repoURL oci://.../NAME, path its root. Per chart
// source, the order Argo CD's repo-server
// gives helm template: helm.valueFiles (a `$ref/path` file from the multi-source `ref:` source,
// found in the same tree; any other path is inside the chart), then helm.valuesObject (else helm.values, a string), then
// helm.parameters (--set, and --set-string for forceString: all --set first, as Argo CD passes
// them); release name helm.releaseName, else the Application's name.
import { Document, LineCounter, parseDocument, type Node } from 'yaml';
import { existsSync } from 'node:fs';
import { posix, relative } from 'node:path';
import { globRegExp, KUSTOMIZATION_FILES, type GitopsFile, type GitopsTree } from './source-tree.js';
import { gitopsError, ObjectNode, type Path } from './object-node.js';
import { chartAt, type GitopsRelease, type ValuesLayer } from './release.js';

const APP = ['apiVersion', 'kind', 'metadata', 'spec', 'status', 'operation'];
const APP_SPEC = ['project', 'source', 'sources', 'destination', 'syncPolicy', 'ignoreDifferences', 'info', 'revisionHistoryLimit', 'sourceHydrator'];
const SOURCE = ['repoURL', 'path', 'targetRevision', 'chart', 'helm', 'kustomize', 'directory', 'plugin', 'ref', 'name'];
const HELM = [
  'valueFiles',
  'parameters',
  'releaseName',
  'values',
  'fileParameters',
  'version',
  'passCredentials',
  'ignoreMissingValueFiles',
  'skipCrds',
  'valuesObject',
  'namespace',
  'kubeVersion',
  'apiVersions',
  'skipTests',
  'skipSchemaValidation',
];
const APPSET_SPEC = [
  'generators',
  'template',
  'syncPolicy',
  'goTemplate',
  'goTemplateOptions',
  'strategy',
  'preservedFields',
  'ignoreApplicationDifferences',
  'templatePatch',
  'applyNestedSelectors',
];

export function isArgoApplication(o: ObjectNode): boolean {
  return (o.str(['apiVersion']) ?? '').startsWith('argoproj.io/') && o.str(['kind']) === 'Application';
}
export function isArgoApplicationSet(o: ObjectNode): boolean {
  return (o.str(['apiVersion']) ?? '').startsWith('argoproj.io/') && o.str(['kind']) === 'ApplicationSet';
}

/** `inSet`: the ApplicationSet whose template made `o` (edits go to its template). */
export function applicationReleases(o: ObjectNode, file: GitopsFile, tree: GitopsTree, inSet?: ObjectNode): GitopsRelease[] {
  o.knownKeys([], APP, 'the Application');
  o.knownKeys(['spec'], APP_SPEC, 'Application spec');
  const appName = o.str(['metadata', 'name']) ?? o.fail(['metadata'], 'the Application has no metadata.name');
  const multi = o.has(['spec', 'sources']);
  const paths: Path[] = multi ? Array.from({ length: o.count(['spec', 'sources']) }, (_, i) => ['spec', 'sources', i]) : [['spec', 'source']];
  if (!multi && !o.has(['spec', 'source'])) o.fail(['spec'], `Application ${appName} has neither spec.source nor spec.sources`);
  const refs = new Map<string, Path>();
  for (const p of paths) {
    o.knownKeys(p, SOURCE, 'a source');
    const ref = o.str([...p, 'ref']);
    if (ref !== undefined) refs.set(ref, p);
  }
  const out: GitopsRelease[] = [];
  for (const p of paths) {
    const chart = o.str([...p, 'chart']);
    if (chart === undefined && o.has([...p, 'ref'])) continue;
    const repoURL = o.str([...p, 'repoURL']) ?? o.fail(p, `Application ${appName}: source has no repoURL`);
    // Argo CD 3.1's OCI source: repoURL oci://REGISTRY/PATH/NAME is the chart itself, path its root
    const ociForm = chart === undefined && repoURL.startsWith('oci://');
    if (chart === undefined && !ociForm) {
      const kind = gitPathKind(o, p, tree);
      if (kind === 'chart')
        o.fail(
          p,
          `Application ${appName}: a Helm chart from a git path is not read`,
          'give that chart to airgap.yaml as path:, or use a chart from a Helm repository or OCI registry',
        );
      // kustomize output or plain manifests hold no chart: the rest of the folder is still read
      tree.options.warn?.(
        `${o.at(p)}: Application ${appName} deploys ${kind} from ${o.str([...p, 'path']) ?? '/'} of ${repoURL}: no chart, skipped (give that folder to --gitops when it holds releases)`,
      );
      continue;
    }
    const path = o.str([...p, 'path']);
    if (ociForm && path !== undefined && !/^\.?\/?$/.test(path))
      o.fail(
        [...p, 'path'],
        `path ${path}: a chart below the root of the OCI artifact is not read`,
        'push the chart as its own artifact (helm push) and name it in repoURL',
      );
    const h = [...p, 'helm'];
    o.knownKeys(h, HELM, 'source.helm');
    if (o.has([...h, 'fileParameters'])) o.fail([...h, 'fileParameters'], 'helm.fileParameters is not read', 'put those values in a values file');
    const http = /^https?:\/\//.test(repoURL);
    out.push({
      source: 'Application',
      ...(ociForm ? { chart: repoURL.replace(/\/+$/, '') } : chartAt(repoURL, chart!, !http)),
      ...(o.str([...p, 'targetRevision']) !== undefined ? { version: o.str([...p, 'targetRevision']) } : {}),
      releaseName: o.str([...h, 'releaseName']) ?? appName,
      ...namespaceOf(o, h),
      ...(o.str([...h, 'kubeVersion']) !== undefined ? { kubeVersion: o.str([...h, 'kubeVersion']) } : {}),
      layers: helmLayers(o, h, refs, tree),
      origin: o.at(p),
      edit: inSet
        ? { tool: 'argocd', file, doc: inSet.index, source: ['spec', 'template', ...p], element: o }
        : { tool: 'argocd', file, doc: o.index, source: p },
    });
  }
  return out;
}

/** What an Application's git path source deploys, as Argo CD's repo-server decides it: a chart, a kustomization, or plain manifests. */
function gitPathKind(o: ObjectNode, p: Path, tree: GitopsTree): 'chart' | 'a kustomization' | 'plain manifests' {
  if (o.has([...p, 'helm'])) return 'chart';
  if (o.has([...p, 'kustomize'])) return 'a kustomization';
  const path = o.str([...p, 'path']);
  if (path !== undefined && !path.includes('..')) {
    const dir = posix.join(tree.repoRoot, path);
    if (existsSync(posix.join(dir, 'Chart.yaml'))) return 'chart';
    if (KUSTOMIZATION_FILES.some((n) => existsSync(posix.join(dir, n)))) return 'a kustomization';
  }
  return 'plain manifests';
}

function namespaceOf(o: ObjectNode, h: Path): { namespace?: string } {
  const ns = o.str([...h, 'namespace']) ?? o.str(['spec', 'destination', 'namespace']);
  return ns === undefined ? {} : { namespace: ns };
}

function helmLayers(o: ObjectNode, h: Path, refs: Map<string, Path>, tree: GitopsTree): ValuesLayer[] {
  const out: ValuesLayer[] = [];
  for (let i = 0; i < o.count([...h, 'valueFiles']); i++) {
    const q = [...h, 'valueFiles', i];
    const v = o.str(q) ?? o.fail(q, 'an empty valueFiles entry');
    const at = o.at(q);
    const m = /^\$([^/]+)\/(.*)$/.exec(v);
    if (/^[a-z][a-z0-9+.-]*:/i.test(v))
      o.fail(
        q,
        `valueFiles ${v}: a values file fetched from a URL is not read`,
        'put the file in your repository and name it from a ref: source ($values/path)',
      );
    // a path without $ref is inside the chart, as Argo CD resolves it for a Helm repository chart
    if (!m) {
      out.push({ chartFile: v, at: `${at} (Application ${o.str(['metadata', 'name']) ?? ''})`, optional: o.bool([...h, 'ignoreMissingValueFiles']) });
      continue;
    }
    if (!refs.has(m[1]!)) o.fail(q, `valueFiles ${v}: no source has ref: ${m[1]}`, `add a source with ref: ${m[1]} (the repository holding the file)`);
    // a ref source's files are relative to its repository's root: the tree given
    out.push({ file: posix.normalize(m[2]!), fromDir: tree.root, at, optional: o.bool([...h, 'ignoreMissingValueFiles']) });
  }
  if (o.has([...h, 'valuesObject'])) out.push({ values: o.values([...h, 'valuesObject'], 'helm.valuesObject'), at: o.at([...h, 'valuesObject']) });
  else if (o.has([...h, 'values'])) {
    if (o.isMap([...h, 'values'])) out.push({ values: o.values([...h, 'values']), at: o.at([...h, 'values']) });
    else out.push({ text: o.str([...h, 'values'], 'helm.values')!, name: `${o.at([...h, 'values'])} helm.values`, at: o.at([...h, 'values']) });
  }
  const typed = new Map<string, string>();
  const strings = new Map<string, string>();
  for (let i = 0; i < o.count([...h, 'parameters']); i++) {
    const q = [...h, 'parameters', i];
    o.knownKeys(q, ['name', 'value', 'forceString'], 'a helm parameter');
    const name = o.str([...q, 'name']) ?? o.fail(q, 'a helm parameter has no name');
    const value = o.str([...q, 'value']) ?? '';
    (o.bool([...q, 'forceString']) ? strings : typed).set(name, value);
  }
  for (const [n, v] of typed) out.push({ set: `${n}=${cleanSetParameter(v)}`, mode: 'typed', at: o.at([...h, 'parameters']) });
  for (const [n, v] of strings) out.push({ set: `${n}=${cleanSetParameter(v)}`, mode: 'string', at: o.at([...h, 'parameters']) });
  return out;
}

/** Argo CD's cleanSetParameters: a `{a,b}` list passes as is; elsewhere an unescaped comma is escaped. */
function cleanSetParameter(v: string): string {
  if (v.startsWith('{') && v.endsWith('}')) return v;
  return v.replace(/(?<!\\),/g, '\\,');
}

/** The Applications an ApplicationSet generates from literal elements (list, git files in the tree). */
export function applicationSetReleases(o: ObjectNode, file: GitopsFile, tree: GitopsTree): GitopsRelease[] {
  o.knownKeys(['spec'], APPSET_SPEC, 'ApplicationSet spec');
  const name = o.str(['metadata', 'name']) ?? 'ApplicationSet';
  if (o.has(['spec', 'templatePatch'])) o.fail(['spec', 'templatePatch'], 'templatePatch is not read', 'write the patched fields into spec.template');
  const goTemplate = o.bool(['spec', 'goTemplate']);
  const template = o.node(['spec', 'template']) ?? o.fail(['spec'], `ApplicationSet ${name} has no spec.template`);
  const out: GitopsRelease[] = [];
  let n = 0;
  for (let g = 0; g < o.count(['spec', 'generators']); g++) {
    const gp: Path = ['spec', 'generators', g];
    for (const params of generatorParams(o, gp, tree)) {
      n++;
      const label = `${o.at(['spec', 'template'])} (${name} element ${n})`;
      const app = instantiate(template, params, goTemplate, label);
      out.push(...applicationReleases(app, file, tree, o));
    }
  }
  return out;
}

type Params = Record<string, string>;

function generatorParams(o: ObjectNode, gp: Path, tree: GitopsTree): Params[] {
  const kinds = o.keys(gp, 'a generator').filter((k) => k !== 'selector');
  if (kinds.length !== 1 || !['list', 'git'].includes(kinds[0]!))
    o.fail(
      gp,
      `generator ${kinds.join(', ')} is not read: only list and git files generators with literal elements are`,
      'list the Applications with a list generator, or give the Applications themselves',
    );
  if (kinds[0] === 'list') {
    o.knownKeys([...gp, 'list'], ['elements', 'elementsYaml', 'template'], 'list generator');
    if (o.has([...gp, 'list', 'elementsYaml']) || o.has([...gp, 'list', 'template']))
      o.fail([...gp, 'list'], 'list.elementsYaml and a generator template are not read', 'write literal elements');
    return Array.from({ length: o.count([...gp, 'list', 'elements']) }, (_, i) => flatten(o.goValue([...gp, 'list', 'elements', i])));
  }
  o.knownKeys([...gp, 'git'], ['repoURL', 'revision', 'files', 'directories', 'pathParamPrefix', 'requeueAfterSeconds', 'template', 'values'], 'git generator');
  if (!o.has([...gp, 'git', 'files']))
    o.fail([...gp, 'git'], 'a git directories generator is not read: only git files', 'use a git files generator, or list the Applications');
  const out: Params[] = [];
  for (let i = 0; i < o.count([...gp, 'git', 'files']); i++) {
    const glob = o.str([...gp, 'git', 'files', i, 'path']) ?? o.fail([...gp, 'git', 'files', i], 'a files entry has no path');
    const re = globRegExp(glob);
    let found = 0;
    for (const f of tree.files) {
      if (f.docs.length === 0) continue;
      const name = repositoryPath(f.path, f.name, tree.repoRoot, re);
      if (name === undefined) continue;
      found++;
      const dir = posix.dirname(name);
      out.push({
        ...flatten(f.docs[0]!.goValue([])),
        path: dir,
        'path.path': dir,
        'path.basename': posix.basename(dir),
        'path.filename': posix.basename(f.name),
        'path.basenameNormalized': normalize(posix.basename(dir)),
        'path.filenameNormalized': normalize(posix.basename(f.name)),
        ...Object.fromEntries(dir.split('/').map((s, k) => [`path[${k}]`, s])),
      });
    }
    if (found === 0)
      tree.options.warn?.(
        `${o.at([...gp, 'git', 'files', i])}: the git files generator's ${glob} matches no file read (its Applications are left out): give --gitops the repository's root`,
      );
  }
  return out;
}

/**
 * A file as the generator's path names it, from the repository's root: relative to the root
 * found (.git), else as the tree names it, else its path from whichever folder above it makes the
 * glob match (a tree given without its .git), nearest first.
 */
function repositoryPath(abs: string | undefined, name: string, repoRoot: string, re: RegExp): string | undefined {
  if (abs) {
    const fromRoot = relative(repoRoot, abs).split('\\').join('/');
    if (!fromRoot.startsWith('../') && re.test(fromRoot)) return fromRoot;
  }
  if (re.test(name)) return name;
  const parts = (abs ?? '').split(/[\\/]/).filter(Boolean);
  for (let k = parts.length - 1; k >= 0; k--) {
    const suffix = parts.slice(k).join('/');
    if (re.test(suffix)) return suffix;
  }
  return undefined;
}

const normalize = (s: string) => s.replace(/[^a-zA-Z0-9-.]/g, '-').toLowerCase();

function flatten(v: unknown, prefix = '', out: Params = {}): Params {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** The template with `{{name}}` (or, goTemplate, `{{.name}}`) replaced; anything else left is an error. */
function instantiate(template: Node, params: Params, goTemplate: boolean, label: string): ObjectNode {
  const d = new Document();
  d.contents = (template as Node & { clone(): Node }).clone() as typeof d.contents;
  const text = d.toString({ lineWidth: 0 });
  const replaced = text.replace(/\{\{\s*(\.?)([\w.\-[\]]+)\s*\}\}/g, (whole, dot: string, key: string) => {
    if (goTemplate !== (dot === '.')) return whole;
    return params[key] ?? whole;
  });
  const left = /\{\{.*?\}\}/.exec(replaced);
  if (left) {
    throw gitopsError(
      `${label}: ${left[0]} has no value from the generator`,
      `give every element that key, or write the value (goTemplate: ${goTemplate ? '{{.key}}' : '{{key}}'})`,
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(`apiVersion: argoproj.io/v1alpha1\nkind: Application\n${replaced}`, {
    schema: 'failsafe',
    lineCounter: lines,
    uniqueKeys: false,
    prettyErrors: false,
  });
  if (doc.errors.length > 0)
    throw gitopsError(
      `${label}: the generated Application is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
      'quote the element values the template puts in',
    );
  return new ObjectNode(label, doc, lines, 0, false);
}
